"""Smint.io records as launchsync reads them: license purchases, campaign assets, pushed records.

Localized strings are ``[{"culture": "de-DE", "value": "..."}]``. Records that break the rules
below (a license valid until before it starts, a territory that is not a country code) are
quarantined, not landed.
"""

import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, model_validator

from launchsync.canonical import canonical_json
from systems.ids import RecordId
from systems.smintio.schema import KINDS

_TERRITORY = re.compile(r"^(?:[A-Z]{2}|WORLD)$")
STATUS_FIELDS = ("approval_status", "rights_clearance")


class Localized(BaseModel):
    """One culture's text."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    culture: StrictStr
    value: StrictStr


class LocalizedList(BaseModel):
    """One culture's list of texts (keywords)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    culture: StrictStr
    value: list[StrictStr]


def _texts(items: list[Localized]) -> list[dict[str, str]]:
    return [{"culture": i.culture, "value": i.value} for i in items]


class Binary(BaseModel):
    """A downloadable file of a content element (the download URL is not kept: it expires)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    uuid: RecordId
    content_type: StrictStr | None = None
    width: StrictInt | None = None
    height: StrictInt | None = None
    recommended_file_name: StrictStr | None = None
    culture: StrictStr | None = None
    version: StrictInt = 1


class ContentElement(BaseModel):
    """The licensed content: names, keywords, copyright and binaries."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    uuid: StrictStr
    provider: StrictStr | None = None
    name: list[Localized] = []
    description: list[Localized] = []
    keywords: list[LocalizedList] = []
    copyright_notices: list[Localized] = []
    binaries: list[Binary] = []


class LicenseTerm(BaseModel):
    """One term of a license: where, for what and when the content may be used."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    sequence_number: StrictInt
    name: list[Localized] = []
    restricted_usages: list[StrictStr] = []
    restricted_geographies: list[StrictStr] = []
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    is_editorial_use: StrictBool = False

    @model_validator(mode="after")
    def _consistent(self) -> "LicenseTerm":
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        wrong = [g for g in self.restricted_geographies if not _TERRITORY.match(g)]
        if wrong:
            raise ValueError(f"restricted_geographies: not ISO 3166 country codes: {wrong[:3]}")
        return self


class LicensePurchaseTransaction(BaseModel):
    """A purchase of licensed stock content, with its license terms."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    uuid: RecordId
    state: StrictStr
    license_type: StrictStr | None = None
    can_be_synced: StrictBool = True
    last_updated_at: datetime
    purchased_at: datetime | None = None
    project_name: list[Localized] = []
    content_element: ContentElement
    license_terms: list[LicenseTerm] = []

    def to_row(self) -> dict[str, Any]:
        """The warehouse row."""
        element = self.content_element
        copyright_text = element.copyright_notices[0].value if element.copyright_notices else None
        return {
            "id": self.uuid,
            "state": self.state,
            "license_type": self.license_type,
            "can_be_synced": self.can_be_synced,
            "last_updated_at": self.last_updated_at,
            "purchased_at": self.purchased_at,
            "project_name": _texts(self.project_name),
            "content_uuid": element.uuid,
            "provider": element.provider,
            "name": _texts(element.name),
            "description": _texts(element.description),
            "keywords": [{"culture": k.culture, "value": list(k.value)} for k in element.keywords],
            "copyright": copyright_text,
            "binaries": [
                {
                    "uuid": b.uuid,
                    "content_type": b.content_type,
                    "width": b.width,
                    "height": b.height,
                    "file_name": b.recommended_file_name,
                    "culture": b.culture,
                    "version": b.version,
                }
                for b in element.binaries
            ],
            "license_terms": [
                {
                    "sequence_number": t.sequence_number,
                    "name": t.name[0].value if t.name else None,
                    "usages": list(t.restricted_usages),
                    "territories": list(t.restricted_geographies),
                    "valid_from": t.valid_from,
                    "valid_until": t.valid_until,
                    "is_editorial_use": t.is_editorial_use,
                }
                for t in self.license_terms
            ],
        }


class Rendition(BaseModel):
    """A finalized rendition of a campaign asset."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    uuid: StrictStr = Field(min_length=1)
    name: StrictStr
    content_type: StrictStr | None = None
    width: StrictInt | None = None
    height: StrictInt | None = None


class ProductAssociation(BaseModel):
    """A product a campaign asset shows, by style number."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    style_number: StrictStr = Field(min_length=1)


class CampaignAsset(BaseModel):
    """A campaign asset creatives made in Smint.io."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    uuid: RecordId
    name: list[Localized] = []
    state: StrictStr
    approval_status: StrictStr | None = None
    last_updated_at: datetime
    tags: list[StrictStr] = []
    product_associations: list[ProductAssociation] = []
    channels: list[StrictStr] = []
    renditions: list[Rendition] = []
    license_purchase_transaction_uuids: list[StrictStr] = []

    def to_row(self) -> dict[str, Any]:
        """The warehouse row."""
        return {
            "id": self.uuid,
            "name": _texts(self.name),
            "state": self.state,
            "approval_status": self.approval_status,
            "last_updated_at": self.last_updated_at,
            "tags": list(self.tags),
            "style_numbers": [p.style_number for p in self.product_associations],
            "channels": list(self.channels),
            "renditions": [r.model_dump() for r in self.renditions],
            "transactions": list(self.license_purchase_transaction_uuids),
        }


class CreativeStatus(BaseModel):
    """Creative approval and rights clearance of a pushed asset."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    approval_status: StrictStr | None = None
    rights_clearance: StrictStr | None = None
    updated_at: datetime | None = None


class CreativeRecord(BaseModel):
    """A record launchsync pushed (asset, product card, collection), as Smint.io holds it."""

    model_config = ConfigDict(extra="allow", frozen=True)

    external_id: RecordId
    version: StrictInt = 1
    updated_at: datetime
    status: CreativeStatus | None = None

    def to_row(self) -> dict[str, Any]:
        """Header, status and every pushed field as canonical JSON (localized per locale)."""
        pushed = {n for fields in KINDS.values() for n in fields}
        values = []
        for name, value in (self.model_extra or {}).items():
            if name not in pushed or value is None:
                continue
            if _is_localized(value):
                for item in value:
                    locale = item["culture"].replace("-", "_")
                    values.append(
                        {
                            "name": name,
                            "locale": locale,
                            "channel": "",
                            "value": canonical_json(item["value"]),
                        }
                    )
            else:
                values.append(
                    {"name": name, "locale": "", "channel": "", "value": canonical_json(value)}
                )
        values.sort(key=lambda f: (f["name"], f["locale"], f["channel"]))
        status = self.status or CreativeStatus()
        return {
            "id": self.external_id,
            "version": self.version,
            "updated_at": self.updated_at,
            "approval_status": status.approval_status,
            "rights_clearance": status.rights_clearance,
            "status_updated_at": status.updated_at,
            "fields": values,
        }


def _is_localized(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(i, dict) and set(i) == {"culture", "value"} for i in value)
    )
