"""Smint.io records for a generated catalog: licensed stock and campaign assets.

Deterministic from the seed, with the realities rights teams meet: editorial-only licenses,
expired and not yet valid terms, territory and usage restrictions, canceled purchases, content
that may not be synced, drafts and rejected campaign work, campaigns that use licensed stock.
How often a license is limited is set by the ``stock_*`` defect rates.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from systems.timestamps import iso_ms

if TYPE_CHECKING:
    from systems.generator import DefectRates

NAMESPACE = uuid.UUID("6b1f7e0c-3a8d-4c55-9f62-2d1e0b7a9c44")
MARKETS = ("DE", "FR", "GB", "US", "IT")
USAGES = ("ecommerce", "web", "print", "marketplace", "social_media")
SUBJECTS = ("Beach at dawn", "City street", "Alpine trail", "Studio backdrop", "Autumn forest",
            "Rooftop terrace", "Coastal cliffs", "Market hall", "Desert road", "Lake pier")  # fmt: skip
PROVIDERS = ("getty", "adobe_stock", "shutterstock", "plainpicture")


def _text(en: str, de: str) -> list[dict[str, str]]:
    return [{"culture": "en", "value": en}, {"culture": "de", "value": de}]


class SmintIoCatalog:
    """Builds the ``smintio`` section of a catalog.

    ``defects`` lists, after ``build``, each style a campaign visual with limited licensed
    stock will be linked to, by style number (``style_number``).
    """

    def __init__(self, seed: int, start: datetime, rates: DefectRates) -> None:
        self.rng = random.Random(f"{seed}:smintio")
        self.seed, self.start, self.rates = seed, start, rates
        self.tick = 0
        self.defects: list[dict[str, Any]] = []

    def stamp(self) -> str:
        """The next change time."""
        self.tick += 1
        return iso_ms(self.start + timedelta(seconds=self.tick * 11))

    def uuid(self, name: str) -> str:
        """A stable id for a named record."""
        return str(uuid.uuid5(NAMESPACE, f"{self.seed}:{name}"))

    def build(self, style_numbers: list[str], season: str) -> dict[str, list[dict[str, Any]]]:
        """Licensed stock (about one per four styles) and campaign assets (one per five)."""
        transactions = [self.purchase(i) for i in range(max(3, len(style_numbers) // 4))]
        campaigns = [
            self.campaign(i, style_numbers, transactions, season)
            for i in range(max(2, len(style_numbers) // 5) if style_numbers else 0)
        ]
        by_uuid = {t["uuid"]: t for t in transactions}
        for campaign in campaigns:
            self.note_rights(campaign, by_uuid)
        return {"license_purchase_transactions": transactions, "campaign_assets": campaigns}

    def note_rights(self, campaign: dict[str, Any], transactions: dict[str, dict]) -> None:
        """Note the styles a campaign visual with limited licensed stock is linked to.

        Only approved, finalized visuals reach the DAM. A license with a term that is
        commercial, unrestricted, already valid and open-ended clears every market and channel;
        otherwise the code is the one readiness gives for the first limit it checks (canceled,
        editorial only, restricted, not yet valid, ending) and ``limits`` lists them all; a
        term that ends on a date blocks only launch windows that run past it.

        Args:
            campaign: The campaign asset record.
            transactions: License purchases by uuid.
        """
        if (campaign["state"], campaign["approval_status"]) != ("finalized", "approved"):
            return
        asset = campaign["name"][0]["value"]
        for transaction_uuid in campaign["license_purchase_transaction_uuids"]:
            limits = license_limits(transactions[transaction_uuid], self.start)
            if not limits:
                continue
            code = next(code for limit, code in RIGHTS_CODES if limit in limits)
            for association in campaign["product_associations"]:
                self.defects.append({
                    "code": f"{code}:{asset}", "style_number": association["style_number"],
                    "quarantine": False, "campaign": campaign["uuid"],
                    "license": transaction_uuid, "limits": limits,
                })  # fmt: skip

    def term(self, number: int) -> dict[str, Any]:
        """A license term: usages, territories, validity, editorial flag."""
        rng, rates = self.rng, self.rates
        roll = rng.random()
        start = self.start - timedelta(days=rng.randint(30, 400))
        expired = rates.stock_expired
        if roll < expired:
            until: datetime | None = self.start - timedelta(days=rng.randint(1, 60))
        elif roll < expired + rates.stock_not_yet_valid:
            start = self.start + timedelta(days=3650)
            until = start + timedelta(days=365)
        elif roll < 1 - rates.stock_fixed_term:
            until = None
        else:
            until = self.start + timedelta(days=rng.randint(400, 1500))
        restrict_usages = rng.random() >= 1 - rates.stock_usage_restricted
        usages = sorted(rng.sample(USAGES, rng.randint(1, 3))) if restrict_usages else []
        restrict_territories = rng.random() >= 1 - rates.stock_territory_restricted
        territories = sorted(rng.sample(MARKETS, rng.randint(1, 3))) if restrict_territories else []
        return {
            "sequence_number": number,
            "name": _text(f"Term {number}", f"Bedingung {number}"),
            "restricted_usages": usages,
            "restricted_geographies": territories,
            "valid_from": iso_ms(start),
            "valid_until": iso_ms(until) if until else None,
            "is_editorial_use": rng.random() < rates.stock_editorial_only,
        }

    def purchase(self, index: int) -> dict[str, Any]:
        """A license purchase transaction of one stock image."""
        rng = self.rng
        subject = SUBJECTS[index % len(SUBJECTS)]
        content = self.uuid(f"content:{index}")
        return {
            "uuid": self.uuid(f"purchase:{index}"),
            "state": "canceled" if rng.random() < self.rates.stock_canceled else "completed",
            "license_type": rng.choice(("royalty_free", "royalty_free", "rights_managed")),
            "can_be_synced": rng.random() >= 0.05,
            "purchased_at": iso_ms(self.start - timedelta(days=rng.randint(1, 200))),
            "project_name": _text("Seasonal campaign", "Saisonkampagne"),
            "content_element": {
                "uuid": content,
                "provider": rng.choice(PROVIDERS),
                "name": _text(f"{subject} #{index + 1}", f"{subject} Nr. {index + 1}"),
                "description": _text(f"Stock photograph: {subject.lower()}", f"Stockfoto: {subject}"),
                "keywords": [{"culture": "en", "value": subject.lower().split()}],
                "copyright_notices": [{"culture": "en", "value": f"(c) {rng.choice(PROVIDERS)} contributor"}],
                "binaries": [{"uuid": self.uuid(f"binary:{index}"), "content_type": "image/jpeg",
                              "width": 6000, "height": 4000, "recommended_file_name": f"stock_{index + 1}.jpg",
                              "version": 1}],
            },
            "license_terms": [self.term(n + 1) for n in range(1 if rng.random() < 0.7 else 2)],
            "last_updated_at": self.stamp(),
        }  # fmt: skip

    def campaign(
        self, index: int, styles: list[str], transactions: list[dict], season: str
    ) -> dict[str, Any]:
        """A campaign asset showing one or two styles, sometimes using licensed stock."""
        rng = self.rng
        shown = sorted(rng.sample(styles, min(len(styles), rng.randint(1, 2))))
        state = "finalized" if rng.random() < 0.8 else "draft"
        approval = rng.choice(("approved", "approved", "approved", "pending", "rejected"))
        stock = [rng.choice(transactions)["uuid"]] if rng.random() < 0.4 else []
        return {
            "uuid": self.uuid(f"campaign:{index}"),
            "name": _text(f"{season} campaign visual {index + 1}", f"{season} Kampagnenmotiv {index + 1}"),
            "state": state,
            "approval_status": approval if state == "finalized" else "pending",
            "tags": ["campaign", season.lower(), rng.choice(("hero", "banner", "social"))],
            "product_associations": [{"style_number": s} for s in shown],
            "channels": sorted(rng.sample(("ecom", "marketplace", "print"), rng.randint(1, 3))),
            "renditions": [
                {"uuid": self.uuid(f"campaign:{index}:web"), "name": "web", "content_type": "image/jpeg",
                 "width": 2400, "height": 1200},
                {"uuid": self.uuid(f"campaign:{index}:print"), "name": "print", "content_type": "image/tiff",
                 "width": 6000, "height": 4000},
            ],
            "license_purchase_transaction_uuids": stock,
            "last_updated_at": self.stamp(),
        }  # fmt: skip


# Limits of a license in the order readiness checks them, with the code they give.
RIGHTS_CODES = (
    ("canceled", "RIGHTS_REVOKED"),
    ("editorial_only", "RIGHTS_EDITORIAL_ONLY"),
    ("usage", "RIGHTS_NOT_COVERED"),
    ("territory", "RIGHTS_NOT_COVERED"),
    ("not_yet_valid", "RIGHTS_NOT_YET_VALID"),
    ("expired", "RIGHTS_EXPIRED"),
    ("ending", "RIGHTS_EXPIRED"),
)


def license_limits(transaction: dict[str, Any], start: datetime) -> list[str]:
    """How a license purchase falls short of clearing every market and usage for good.

    Empty when the purchase is completed and one commercial term is unrestricted, valid from
    ``start`` on and open-ended. Otherwise: ``canceled``, ``editorial_only`` (no commercial
    term), and the limits of the commercial terms: ``usage``, ``territory``,
    ``not_yet_valid`` (starts after ``start``), ``expired`` (ended before ``start``) or
    ``ending`` (ends on a date later).

    Args:
        transaction: A license purchase transaction record.
        start: When the catalog starts (terms are judged from then on).
    """
    if transaction["state"] != "completed":
        return ["canceled"]
    commercial = [t for t in transaction["license_terms"] if not t["is_editorial_use"]]
    if not commercial:
        return ["editorial_only"]
    found: list[str] = []
    for term in commercial:
        limits = []
        if term["restricted_usages"]:
            limits.append("usage")
        if term["restricted_geographies"]:
            limits.append("territory")
        if term["valid_from"] > iso_ms(start):
            limits.append("not_yet_valid")
        if term["valid_until"] is not None:
            limits.append("expired" if term["valid_until"] < iso_ms(start) else "ending")
        if not limits:
            return []
        found += [limit for limit in limits if limit not in found]
    return found
