"""4ALLPORTAL objects as launchsync reads them.

Every field of an object is a list of ``{"value": …, "dimensions": {"locale": …, "channel": …}}``.
A normalized object keeps its header (id, module, type, mod_time), the Centric id it was made
from, and one entry per field value with the value as canonical JSON, so values written by
launchsync compare equal to values read back whatever the server's key order or spacing.
"""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictStr, model_validator

from launchsync.canonical import canonical_json
from systems.ids import RecordId

HEADER = ("id", "module", "type", "mod_time")
EXTERNAL_KEY = "centric_id"


class FieldValue(BaseModel):
    """One value of a field, for one combination of dimensions."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    value: Any = None
    dimensions: dict[StrictStr, StrictStr | None] = {}


class PimObject(BaseModel):
    """An object of any module; fields other than the header are field-value lists."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: RecordId
    module: StrictStr
    type: StrictStr | None = None
    mod_time: datetime

    @model_validator(mode="after")
    def _fields_are_value_lists(self) -> "PimObject":
        for name, raw in (self.model_extra or {}).items():
            if not isinstance(raw, list):
                raise ValueError(f"field {name!r} is not a list of values")
            for item in raw:
                FieldValue.model_validate(item)
        return self

    def values(self) -> list[tuple[str, FieldValue]]:
        """Every (field, value) pair of the object."""
        return [
            (name, FieldValue.model_validate(item))
            for name, raw in (self.model_extra or {}).items()
            for item in raw
        ]

    def to_row(self) -> dict[str, Any]:
        """The warehouse row: header, Centric id and canonical field values."""
        fields = []
        external_key = None
        for name, item in self.values():
            if item.value is None:
                continue
            locale = item.dimensions.get("locale") or ""
            channel = item.dimensions.get("channel") or ""
            if name == EXTERNAL_KEY and not locale and not channel and isinstance(item.value, str):
                external_key = item.value
            fields.append(
                {
                    "name": name,
                    "locale": locale,
                    "channel": channel,
                    "value": canonical_json(item.value),
                }
            )
        fields.sort(key=lambda f: (f["name"], f["locale"], f["channel"]))
        return {
            "id": self.id,
            "module": self.module,
            "type": self.type,
            "mod_time": self.mod_time,
            "centric_id": external_key,
            "fields": fields,
        }
