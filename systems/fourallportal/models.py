"""4ALLPORTAL objects as launchsync reads them.

Every field of an object is a list of ``{"value": …, "dimensions": {"locale": …, "channel": …}}``.
A normalized object keeps its header (id, module, type, mod_time), the Centric id it was made
from, and one entry per field value with the value as canonical JSON, so values written by
launchsync compare equal to values read back whatever the server's key order or spacing.
"""

from collections.abc import Iterable
from datetime import datetime
from operator import itemgetter
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr, StrictStr, TypeAdapter, model_validator

from launchsync.canonical import canonical_json
from systems.ids import RecordId
from systems.rows import as_typed_dict, check_batch, row_or_reason

HEADER = ("id", "module", "type", "mod_time")
EXTERNAL_KEY = "centric_id"
NO_DIMENSIONS: dict[str, str] = {}  # read, never written
_BY_DIMENSIONS = itemgetter(0, 1, 2)


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
        fields = (
            (name, [{"value": i.value, "dimensions": i.dimensions} for i in items])
            for name, items in self._values.items()
        )
        row = object_row(self.model_dump(include=set(HEADER)), fields)
        assert row is not None  # checked values are of the usual shape
        return row

    @classmethod
    def rows(cls, records: list[dict[str, Any]]) -> list[dict[str, Any] | str]:
        """Each object's row, or the reason it was refused, in order.

        Headers are checked a slice at a time and value lists of the usual shape read as
        they are; an object of any other shape is left to the model, for its reason.
        """
        out: list[dict[str, Any] | str] = []
        heads = check_batch(as_typed_dict(cls, extra="ignore"), records)
        for record, head in zip(records, heads, strict=True):
            row = None
            if not isinstance(head, str):
                row = object_row(head, [(k, v) for k, v in record.items() if k not in HEADER])
            out.append(row_or_reason(cls, record) if row is None else row)
        return out


def object_row(head: dict[str, Any], fields: Iterable[tuple[str, Any]]) -> dict[str, Any] | None:
    """The warehouse row of an object: its header, its Centric id and its values, sorted.

    None when the fields are not of the usual shape: each a list of value objects whose
    dimensions name strings (or null).
    """
    values = []
    external_key = None
    for name, items in fields:
        if type(items) is not list:
            return None
        for item in items:
            if type(item) is not dict:
                return None
            dimensions = item.get("dimensions", NO_DIMENSIONS)
            if type(dimensions) is not dict or not _strings(dimensions):
                return None
            locale = dimensions.get("locale") or ""
            channel = dimensions.get("channel") or ""
            value = item.get("value")
            if value is None:
                continue
            if name == EXTERNAL_KEY and not locale and not channel and isinstance(value, str):
                external_key = value
            values.append((name, locale, channel, value))
    values.sort(key=_BY_DIMENSIONS)
    return {
        "id": head["id"],
        "module": head["module"],
        "type": head["type"],
        "mod_time": head["mod_time"],
        "centric_id": external_key,
        "fields": [
            {"name": n, "locale": loc, "channel": ch, "value": canonical_json(v)}
            for n, loc, ch, v in values
        ],
    }


def _strings(dimensions: dict[Any, Any]) -> bool:
    return all(type(k) is str and (d is None or type(d) is str) for k, d in dimensions.items())
