"""4ALLPORTAL objects as launchsync reads them.

Every field of an object is a list of ``{"value": …, "dimensions": {"locale": …, "channel": …}}``.
A normalized object keeps its header (id, module, type, mod_time), the Centric id it was made
from, and one entry per field value with the value as canonical JSON, so values written by
launchsync compare equal to values read back whatever the server's key order or spacing.
"""

from collections.abc import Iterable
from datetime import datetime
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr, StrictStr, TypeAdapter, model_validator

from launchsync.canonical import canonical_json
from systems.ids import RecordId
from systems.rows import check_batch, row_or_reason

HEADER = ("id", "module", "type", "mod_time")
EXTERNAL_KEY = "centric_id"
EMPTY: Any = MappingProxyType({})


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
        values = (
            (name, item.value, item.dimensions)
            for name, items in self._values.items()
            for item in items
        )
        return object_row(self.model_dump(include=set(HEADER)), values)

    @classmethod
    def rows(cls, records: list[dict[str, Any]]) -> list[dict[str, Any] | str]:
        """Each object's row, or the reason it was refused, in order.

        Headers are checked a slice at a time; value lists of the usual shape are read as
        they are. An object with anything else is left to the model, for its reason.
        """
        out: list[dict[str, Any] | str] = []
        for record, head in zip(records, check_batch(cls, records), strict=True):
            values = None if isinstance(head, str) else _plain_values(record)
            out.append(row_or_reason(cls, record) if values is None else object_row(head, values))
        return out


def _plain_values(record: dict[str, Any]) -> list[tuple[str, Any, dict[str, Any]]] | None:
    """(field, value, dimensions) of each value, or None if an object is of another shape.

    The usual shape: every field a list of value objects, their dimensions strings or null.
    """
    values = []
    for name, items in record.items():
        if name in HEADER:
            continue
        if type(items) is not list:
            return None
        for item in items:
            if type(item) is not dict:
                return None
            dimensions = item.get("dimensions", EMPTY)
            if type(dimensions) is not dict:
                return None
            for key, dimension in dimensions.items():
                if type(key) is not str or (dimension is not None and type(dimension) is not str):
                    return None
            values.append((name, item.get("value"), dimensions))
    return values


def object_row(head: dict[str, Any], values: Iterable[tuple[str, Any, Any]]) -> dict[str, Any]:
    """The warehouse row of an object: its header, its Centric id and its values, sorted."""
    fields = []
    external_key = None
    for name, value, dimensions in values:
        if value is None:
            continue
        locale = dimensions.get("locale") or ""
        channel = dimensions.get("channel") or ""
        if name == EXTERNAL_KEY and not locale and not channel and isinstance(value, str):
            external_key = value
        fields.append(
            {"name": name, "locale": locale, "channel": channel, "value": canonical_json(value)}
        )
    fields.sort(key=lambda f: (f["name"], f["locale"], f["channel"]))
    return {
        "id": head["id"],
        "module": head["module"],
        "type": head["type"],
        "mod_time": head["mod_time"],
        "centric_id": external_key,
        "fields": fields,
    }
