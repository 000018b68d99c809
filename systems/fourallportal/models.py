"""4ALLPORTAL objects as launchsync reads them.

Every field of an object is a list of ``{"value": …, "dimensions": {"locale": …, "channel": …}}``.
A normalized object keeps its header (id, module, type, mod_time), the Centric id it was made
from, and one entry per field value with the value as canonical JSON, so values written by
launchsync compare equal to values read back whatever the server's key order or spacing.
"""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr, StrictStr, TypeAdapter, model_validator

from launchsync.canonical import canonical_json
from systems.ids import RecordId

HEADER = ("id", "module", "type", "mod_time")
EXTERNAL_KEY = "centric_id"


class FieldValue(BaseModel):
    """One value of a field, for one combination of dimensions."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    value: Any = None
    dimensions: dict[StrictStr, StrictStr | None] = {}


# Checks every field of an object in one call.
VALUE_LISTS = TypeAdapter(dict[str, list[FieldValue]])


class PimObject(BaseModel):
    """An object of any module; fields other than the header are field-value lists."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: RecordId
    module: StrictStr
    type: StrictStr | None = None
    mod_time: datetime

    # Every field's values, checked once when the object is.
    _values: dict[str, list[FieldValue]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _fields_are_value_lists(self) -> "PimObject":
        extra = self.model_extra or {}
        for name, raw in extra.items():
            if not isinstance(raw, list):
                raise ValueError(f"field {name!r} is not a list of values")
        self._values = VALUE_LISTS.validate_python(extra)
        return self

    def to_row(self) -> dict[str, Any]:
        """The warehouse row: header, Centric id and canonical field values."""
        fields = []
        external_key = None
        for name, items in self._values.items():
            for item in items:
                value = item.value
                if value is None:
                    continue
                dimensions = item.dimensions
                locale = dimensions.get("locale") or ""
                channel = dimensions.get("channel") or ""
                if name == EXTERNAL_KEY and not locale and not channel and isinstance(value, str):
                    external_key = value
                fields.append(
                    {
                        "name": name,
                        "locale": locale,
                        "channel": channel,
                        "value": canonical_json(value),
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
