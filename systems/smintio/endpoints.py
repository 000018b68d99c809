"""The Smint.io listings launchsync reads, as one table."""

from pydantic import BaseModel

from systems.endpoints import Endpoint
from systems.smintio.models import CampaignAsset, CreativeRecord, LicensePurchaseTransaction


def _feed(name: str, model: type[BaseModel], table: str, path: str) -> Endpoint:
    """A change feed: incremental pulls resume from the last continuation cursor."""
    return Endpoint(system="smintio", name=name, model=model, table=table, key="uuid",
                    paging="continuation", cursor="last_updated_at", path=path,
                    records_key=name, changes="feed")  # fmt: skip


def _pushed(kind: str) -> Endpoint:
    """Records launchsync pushes, listed in change order like a feed (status changes too).

    Incremental pulls read what changed since the last cursor; a record retired in Smint.io
    by someone else leaves the listing and is noticed by a full pull. Records launchsync
    retires itself are closed when it retires them.
    """
    return Endpoint(system="smintio", name=kind, model=CreativeRecord, table="smintio_objects_history",
                    key="external_id", paging="continuation", cursor="updated_at", shared_table="kind",
                    path=f"creative/v1/{kind}", records_key=kind, changes="feed")  # fmt: skip


ENDPOINTS: dict[str, Endpoint] = {
    e.name: e
    for e in [
        _feed(
            "license_purchase_transactions",
            LicensePurchaseTransaction,
            "smintio_license_transactions_history",
            "consumer/v1/license_purchase_transactions",
        ),
        _feed(
            "campaign_assets",
            CampaignAsset,
            "smintio_campaign_assets_history",
            "creative/v1/campaign_assets",
        ),
        *[_pushed(kind) for kind in ("assets", "product_cards", "collections")],
    ]
}
