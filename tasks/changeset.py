"""Field-level differences between the state a target should have and the state it has.

Pure functions over Polars frames: no Prefect, HTTP or DuckDB here.

Long format, one row per field value: ``centric_id, field, locale, channel, value`` where
``value`` is canonical JSON text and ``locale``/``channel`` are empty strings when a field has
no such dimension.
"""

import hashlib
from dataclasses import dataclass, field
from typing import Any

import orjson
import polars as pl

from launchsync.canonical import canonical_json

VALUE_KEY = ["centric_id", "field", "locale", "channel"]
HEADER_COLUMNS = ("type", "level")
CHANGE_SCHEMA = {
    "centric_id": pl.Utf8,
    "object_id": pl.Utf8,
    "object_type": pl.Utf8,
    "operation": pl.Utf8,
    "field": pl.Utf8,
    "locale": pl.Utf8,
    "channel": pl.Utf8,
    "old_value": pl.Utf8,
    "new_value": pl.Utf8,
    "change": pl.Utf8,
}
LONG_SCHEMA = {
    "centric_id": pl.Utf8,
    "type": pl.Utf8,
    "field": pl.Utf8,
    "locale": pl.Utf8,
    "channel": pl.Utf8,
    "value": pl.Utf8,
}


def mapped_fields(desired: pl.DataFrame) -> list[str]:
    """The target fields a wide desired frame writes (every column but type and level)."""
    return [c for c in desired.columns if c not in HEADER_COLUMNS]


def to_long(desired: pl.DataFrame) -> pl.DataFrame:
    """Turn wide desired rows (one column per field) into long rows with canonical JSON values.

    Null values are left out: the target should not hold a value for that field.
    """
    ids = desired.get_column("centric_id").to_list()
    types = desired.get_column("type").to_list()
    rows: list[tuple[str, str, str, str, str, str]] = []
    for name in mapped_fields(desired):
        for key, kind, value in zip(ids, types, desired.get_column(name).to_list(), strict=True):
            if value is not None:
                rows.append((key, kind, name, "", "", canonical_json(value)))
    return pl.DataFrame(rows, schema=LONG_SCHEMA, orient="row")


def _empty_changes() -> pl.DataFrame:
    return pl.DataFrame(schema=CHANGE_SCHEMA)


def diff(desired: pl.DataFrame, current: pl.DataFrame, objects: pl.DataFrame) -> pl.DataFrame:
    """Creates and field updates that make the target hold ``desired``.

    Args:
        desired: Long desired values with a ``type`` column (the object type to create).
        current: Long values the target holds, with ``object_id``, limited to mapped fields.
        objects: Target objects that may be changed: ``centric_id``, ``object_id``.

    Returns:
        One row per field value to write (see ``CHANGE_SCHEMA``): ``operation`` is create or
        update; ``change`` is insert, update or delete (a value to remove).
    """
    if desired.is_empty():
        return _empty_changes()
    existing = objects.sort("object_id").unique("centric_id", keep="first", maintain_order=True)
    keys = desired.select("centric_id", "type").unique("centric_id", keep="first")

    creates = (
        desired.join(existing, on="centric_id", how="anti")
        .with_columns(
            object_id=pl.lit(None, pl.Utf8),
            operation=pl.lit("create"),
            old_value=pl.lit(None, pl.Utf8),
            change=pl.lit("insert"),
        )
        .rename({"type": "object_type", "value": "new_value"})
    )

    kept = keys.join(existing, on="centric_id", how="inner")
    wanted = desired.join(kept.select("centric_id"), on="centric_id", how="semi").drop("type")
    held = current.join(
        kept.select("centric_id", "object_id"), on=["centric_id", "object_id"], how="semi"
    )
    both = wanted.join(
        held.drop("object_id"), on=VALUE_KEY, how="full", coalesce=True, suffix="_current"
    )
    updates = (
        both.filter(
            pl.col("value").is_null()
            | pl.col("value_current").is_null()
            | (pl.col("value") != pl.col("value_current"))
        )
        .join(kept, on="centric_id", how="left")
        .with_columns(
            operation=pl.lit("update"),
            change=pl.when(pl.col("value_current").is_null())
            .then(pl.lit("insert"))
            .when(pl.col("value").is_null())
            .then(pl.lit("delete"))
            .otherwise(pl.lit("update")),
        )
        .rename({"type": "object_type", "value": "new_value", "value_current": "old_value"})
    )
    columns = list(CHANGE_SCHEMA)
    return (
        pl.concat([creates.select(columns), updates.select(columns)], how="vertical_relaxed")
        .cast(CHANGE_SCHEMA)
        .sort(["centric_id", "field", "locale", "channel"])
    )


def stale(desired_keys: pl.DataFrame, objects: pl.DataFrame) -> pl.DataFrame:
    """Deletes: target objects that may be changed but should no longer exist."""
    gone = objects.join(desired_keys.select("centric_id"), on="centric_id", how="anti")
    return (
        gone.with_columns(
            object_type=pl.lit(None, pl.Utf8),
            operation=pl.lit("delete"),
            field=pl.lit(None, pl.Utf8),
            locale=pl.lit(None, pl.Utf8),
            channel=pl.lit(None, pl.Utf8),
            old_value=pl.lit(None, pl.Utf8),
            new_value=pl.lit(None, pl.Utf8),
            change=pl.lit(None, pl.Utf8),
        )
        .select(list(CHANGE_SCHEMA))
        .cast(CHANGE_SCHEMA)
        .sort(["centric_id", "object_id"])
    )


@dataclass
class Write:
    """One object-level write to a target, built from field changes."""

    operation: str
    centric_id: str
    object_id: str | None
    object_type: str | None
    fields: list[str] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)

    def idempotency_key(self, module: str) -> str:
        """Digest of what the write does; the same key means the same effect."""
        body = {k: v for k, v in self.payload.items() if k != "id"}
        text = f"{module}|{self.centric_id}|{self.operation}|{canonical_json(body)}"
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def plan_writes(changes: pl.DataFrame) -> list[Write]:
    """Group field changes into one write per object, in a stable order.

    A create carries the object type and every value; an update carries the object id and
    the changed values (``null`` removes a value); a delete carries only the id.
    """
    writes: dict[tuple[str, str | None], Write] = {}
    for row in changes.iter_rows(named=True):
        key = (row["centric_id"], row["object_id"])
        write = writes.get(key)
        if write is None:
            write = Write(row["operation"], row["centric_id"], row["object_id"], row["object_type"])
            if write.operation == "create":
                write.payload["type"] = row["object_type"]
            else:
                write.payload["id"] = row["object_id"]
            writes[key] = write
        if row["field"] is None:
            continue
        dimensions = {k: row[k] for k in ("locale", "channel") if row[k]}
        value = orjson.loads(row["new_value"]) if row["new_value"] is not None else None
        write.payload.setdefault(row["field"], []).append(
            {"value": value, "dimensions": dimensions}
        )
        if row["field"] not in write.fields:
            write.fields.append(row["field"])
    return sorted(writes.values(), key=lambda w: (w.operation != "create", w.centric_id))
