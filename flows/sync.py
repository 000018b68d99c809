"""Every scenario once, in dependency order, after one pull and one validation."""

from typing import Any

from prefect import flow

from flows.asset_lifecycle import asset_lifecycle
from flows.assets import assets_and_status
from flows.assortment import assortment_structures
from flows.campaign_assets import campaign_assets
from flows.collateral import collateral
from flows.creative_assets import assets_to_creatives
from flows.creative_status import creative_status
from flows.launch import launch_package
from flows.licensed_stock import licensed_stock
from flows.localization import localization_status
from flows.market_sets import market_sets
from flows.milestone import milestone_transfer
from flows.product_cards import product_cards
from flows.steps import ORDER, run_scenarios
from flows.technical import technical_data
from flows.variants import variant_sync
from launchsync.errors import ConfigError
from tasks.partition import check_partition_by

# The flow of each scenario, as deployed on its own.
SCENARIO_FLOWS = {
    "c5": assortment_structures,
    "c1": milestone_transfer,
    "c3": technical_data,
    "c6": variant_sync,
    "c2": assets_and_status,
    "c4": launch_package,
    "c7": localization_status,
    "s1": assets_to_creatives,
    "s2": product_cards,
    "s3": licensed_stock,
    "s4": campaign_assets,
    "s5": market_sets,
    "s6": creative_status,
    "s7": asset_lifecycle,
    "s8": collateral,
}


@flow(name="launchsync-sync")
def sync(
    full: bool = False,
    dry_run: bool = False,
    scenarios: list[str] | None = None,
    partition_by: str | None = None,
) -> dict[str, Any]:
    """Sync Centric, 4ALLPORTAL and Smint.io once: every scenario in ``ORDER`` (or those named).

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
        scenarios: Run only these scenarios (e.g. ["c4", "s1"]), in the usual order.
        partition_by: Read Centric's style records by "season" or "collection", each
            partition on its own task: on threads, or on the Dask cluster the flow's task
            runner names (flows/fanout.py).

    Raises:
        ConfigError: an unknown scenario name or partitioning.
    """
    chosen = [s.lower() for s in scenarios or ORDER]
    unknown = sorted(set(chosen) - set(ORDER))
    if unknown:
        raise ConfigError(f"unknown scenario {', '.join(unknown)}; choose from {', '.join(ORDER)}")
    check_partition_by(partition_by)
    chosen = [s for s in ORDER if s in chosen]
    return run_scenarios("launchsync-sync", chosen, full, dry_run, partition_by=partition_by)
