"""Field-level differences between the state a target should have and the state it has.

Pure functions over Polars frames: no Prefect, HTTP or DuckDB here.

Long format, one row per field value: ``key, field, locale, channel, value`` where ``value``
is canonical JSON text and ``locale``/``channel`` are empty strings when a field has no such
dimension. Wide desired frames have a ``key`` column, optional ``type``/``level`` columns and
one column per field; a column ``<field>__dims`` holds ``[{locale, channel, value}]`` and a
column ``<field>__json`` holds a value already encoded as JSON text (built by SQL).

The diff is three-way: besides what the owner wants (desired) and what the target holds
(current) it knows the last value both agreed on (baseline). A target value that moved away
from the baseline was edited in the target, which does not own the field: a conflict.
"""

import hashlib
from dataclasses import dataclass, field
from typing import Any

import orjson
import polars as pl

from launchsync.canonical import canonical_json

VALUE_KEY = ["key", "field", "locale", "channel"]
ROW = [*VALUE_KEY, "value"]
ROW_HASH_SEED = 20
HEADER_COLUMNS = ("key", "type", "level")
DIMS = "__dims"
JSON = "__json"
S = pl.Utf8
LONG_SCHEMA = {"key": S, "type": S, "field": S, "locale": S, "channel": S, "value": S}
CURRENT_SCHEMA = {"key": S, "object_id": S, "field": S, "locale": S, "channel": S, "value": S}
BASELINE_SCHEMA = {"key": S, "field": S, "locale": S, "channel": S, "value": S}
CHANGE_SCHEMA = {
    "key": S,
    "object_id": S,
    "object_type": S,
    "operation": S,
    "field": S,
    "locale": S,
    "channel": S,
    "old_value": S,
    "new_value": S,
    "change": S,
}
CONFLICT_SCHEMA = {
    "key": S,
    "object_id": S,
    "field": S,
    "locale": S,
    "channel": S,
    "owner_value": S,
    "target_value": S,
    "base_value": S,
}


def mapped_fields(desired: pl.DataFrame) -> list[str]:
    """The target fields a wide desired frame writes."""
    return [
        c.removesuffix(DIMS).removesuffix(JSON) for c in desired.columns if c not in HEADER_COLUMNS
    ]


def to_long(wide: pl.DataFrame) -> pl.DataFrame:
    """Turn wide rows (one column per field) into long rows with canonical JSON values.

    Null values are left out: the target should not hold a value there. Rows come field by
    field, in the order of the wide frame's rows.
    """
    heads = wide.select(
        "key", pl.col("type") if "type" in wide.columns else pl.lit(None, S).alias("type")
    )
    parts = []
    for column in wide.columns:
        if column in HEADER_COLUMNS:
            continue
        if column.endswith(DIMS):
            parts.append(_dims_long(heads, column.removesuffix(DIMS), wide.get_column(column)))
            continue
        json = column.endswith(JSON)
        present, values = _encoded(wide.get_column(column), _recoded if json else canonical_json)
        parts.append(_long_part(heads.filter(present), column.removesuffix(JSON), values))
    if not parts:
        return pl.DataFrame(schema=LONG_SCHEMA)
    return pl.concat(parts).select(list(LONG_SCHEMA))


def _encoded(column: pl.Series, encode: Any) -> tuple[pl.Series, pl.Series]:
    """Which values of a column are present, and those values as canonical JSON text."""
    present = column.is_not_null()
    return present, pl.Series([encode(v) for v in column.filter(present).to_list()], dtype=S)


def _recoded(text: str) -> str:
    return canonical_json(orjson.loads(text))


def _long_part(heads: pl.DataFrame, name: str, values: pl.Series) -> pl.DataFrame:
    return heads.with_columns(
        field=pl.lit(name, S), locale=pl.lit("", S), channel=pl.lit("", S), value=values
    ).cast(LONG_SCHEMA)


def _dims_long(heads: pl.DataFrame, name: str, cells: pl.Series) -> pl.DataFrame:
    """Long rows of a ``<field>__dims`` column: one per cell that holds a value."""
    rows = [
        (key, kind, cell["locale"] or "", cell["channel"] or "", canonical_json(cell["value"]))
        for key, kind, listed in zip(
            heads.get_column("key").to_list(),
            heads.get_column("type").to_list(),
            cells.to_list(),
            strict=True,
        )
        for cell in listed or []
        if cell["value"] is not None
    ]
    frame = pl.DataFrame(
        rows,
        schema={"key": S, "type": S, "locale": S, "channel": S, "value": S},
        orient="row",
    )
    return frame.with_columns(field=pl.lit(name, S)).select(list(LONG_SCHEMA))


def current_long(wide: pl.DataFrame, fields: list[str]) -> pl.DataFrame:
    """Long current values from a wide frame with ``key``, ``object_id`` and field columns."""
    heads = wide.select("key", "object_id")
    parts = []
    for name in fields:
        present, values = _encoded(wide.get_column(name), canonical_json)
        parts.append(
            heads.filter(present).with_columns(
                field=pl.lit(name, S), locale=pl.lit("", S), channel=pl.lit("", S), value=values
            )
        )
    if not parts:
        return pl.DataFrame(schema=CURRENT_SCHEMA)
    return pl.concat(parts).select(list(CURRENT_SCHEMA)).cast(CURRENT_SCHEMA)


@dataclass
class Diff:
    """What a diff found: writes to make, conflicts to record, agreed values to remember."""

    changes: pl.DataFrame
    conflicts: pl.DataFrame
    agreed: pl.DataFrame


def _empty(schema: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def identical(
    wanted: pl.DataFrame, held: pl.DataFrame, baseline: pl.DataFrame
) -> tuple[pl.Series, pl.Series, pl.Series]:
    """Rows equal on ``key, field, locale, channel, value``: wanted and held, wanted and baseline.

    Returns three masks: the wanted rows the target holds, the held rows that are wanted, and
    the wanted rows the target holds that the baseline holds too. Each frame must hold one row
    per value key, as long values do.
    """
    rows = [frame.select(ROW) for frame in (wanted, held, baseline)]
    wanted_same, held_same = _pair(rows[0], rows[1])
    known, _ = _pair(rows[0], rows[2], only=wanted_same)
    return wanted_same, held_same, known & wanted_same


def _pair(
    left: pl.DataFrame, right: pl.DataFrame, only: pl.Series | None = None
) -> tuple[pl.Series, pl.Series]:
    """Masks of the rows of each frame that equal a row of the other.

    Frames read in the same order mostly line up, so rows are first compared position by
    position. The rest are paired by a 64-bit hash of the row and each pair is checked column
    by column: a hash collision costs a comparison, never a wrong answer. ``only`` limits the
    left rows the second step looks for.
    """
    lined_up = _equal(left.head(right.height), right.head(left.height))
    left_found = lined_up.extend_constant(False, left.height - lined_up.len())
    right_found = lined_up.extend_constant(False, right.height - lined_up.len())
    looking = ~left_found if only is None else only & ~left_found
    left_rest, right_rest = looking.arg_true(), (~right_found).arg_true()
    if left_rest.is_empty() or right_rest.is_empty():
        return left_found, right_found
    ours, theirs = left[left_rest], right[right_rest]
    pairs = (
        pl.DataFrame({"h": ours.hash_rows(seed=ROW_HASH_SEED)})
        .with_row_index("i")
        .join(
            pl.DataFrame({"h": theirs.hash_rows(seed=ROW_HASH_SEED)}).with_row_index("j"),
            on="h",
            how="inner",
        )
    )
    pairs = pairs.filter(_equal(ours[pairs.get_column("i")], theirs[pairs.get_column("j")]))
    return (
        left_found.scatter(left_rest[pairs.get_column("i")], True),
        right_found.scatter(right_rest[pairs.get_column("j")], True),
    )


def _equal(left: pl.DataFrame, right: pl.DataFrame) -> pl.Series:
    """Row by row, whether two frames of the same columns hold the same values (nulls differ)."""
    other = right.rename(lambda c: f"{c}_other")
    same = [(pl.col(c) == pl.col(f"{c}_other")).fill_null(False) for c in left.columns]
    return pl.concat([left, other], how="horizontal").select(pl.all_horizontal(same)).to_series()


def diff(
    keys: pl.DataFrame,
    desired: pl.DataFrame,
    current: pl.DataFrame,
    objects: pl.DataFrame,
    baseline: pl.DataFrame | None = None,
    *,
    creates: bool = True,
    hold_conflicts: bool = False,
) -> Diff:
    """Creates and field updates that make the target hold ``desired``.

    Args:
        keys: Records that should exist (``key``, ``type``); a record without desired values
            still has its current values compared (and removed).
        desired: Long desired values.
        current: Long values the target holds, with ``object_id``, for the mapped fields.
        objects: Target objects that may be changed: ``key``, ``object_id``.
        baseline: Last agreed values (long, no object id).
        creates: Create objects for keys the target lacks; otherwise such keys are skipped.
        hold_conflicts: Leave a value edited in the target in place (rule ``hold``) instead
            of writing the owner's value over it (``owner_wins``).
    """
    baseline = baseline if baseline is not None else _empty(BASELINE_SCHEMA)
    if keys.is_empty():
        return Diff(_empty(CHANGE_SCHEMA), _empty(CONFLICT_SCHEMA), _empty(BASELINE_SCHEMA))
    existing = objects.sort("object_id").unique("key", keep="first", maintain_order=True)
    keys = keys.unique("key", keep="first")
    parts = []

    if creates:
        new = keys.join(existing, on="key", how="anti")
        parts.append(
            desired.filter(pl.col("key").is_in(new.get_column("key").implode()))
            .with_columns(
                object_id=pl.lit(None, S),
                operation=pl.lit("create"),
                old_value=pl.lit(None, S),
                change=pl.lit("insert"),
            )
            .rename({"type": "object_type", "value": "new_value"})
        )

    kept = keys.join(existing, on="key", how="inner")
    wanted = desired.filter(pl.col("key").is_in(kept.get_column("key").implode())).drop("type")
    pair = pl.struct("key", "object_id")
    held = current.filter(pair.is_in(kept.select(pair).to_series().implode())).drop("object_id")
    # Most values agree. Rows the target holds exactly as wanted are set aside first; only the
    # rest are joined field by field, and the baseline only for their records.
    wanted_same, held_same, known = identical(wanted, held, baseline)
    newly_agreed = wanted.filter(wanted_same & ~known)
    wanted, held = wanted.filter(~wanted_same), held.filter(~held_same)
    rest = pl.concat([wanted.select("key"), held.select("key")])
    both = (
        wanted.join(held, on=VALUE_KEY, how="full", coalesce=True, suffix="_current")
        .join(
            baseline.join(rest, on="key", how="semi").rename({"value": "value_base"}),
            on=VALUE_KEY,
            how="left",
        )
        .join(kept, on="key", how="left")
    )
    same = pl.col("value").eq_missing(pl.col("value_current"))
    edited = pl.col("value_base").is_not_null() & ~pl.col("value_current").eq_missing(
        pl.col("value_base")
    )
    differing = both.filter(~same)
    conflicts = differing.filter(edited)
    to_write = differing.filter(~edited) if hold_conflicts else differing
    parts.append(
        to_write.with_columns(
            operation=pl.lit("update"),
            change=pl.when(pl.col("value_current").is_null())
            .then(pl.lit("insert"))
            .when(pl.col("value").is_null())
            .then(pl.lit("delete"))
            .otherwise(pl.lit("update")),
        ).rename({"type": "object_type", "value": "new_value", "value_current": "old_value"})
    )
    columns = list(CHANGE_SCHEMA)
    changes = (
        pl.concat([p.select(columns) for p in parts], how="vertical_relaxed")
        .cast(CHANGE_SCHEMA)
        .sort(["key", "field", "locale", "channel"])
    )
    agreed = pl.concat(
        [
            newly_agreed.select(ROW),
            both.filter(
                same
                & pl.col("value").is_not_null()
                & ~pl.col("value").eq_missing(pl.col("value_base"))
            ).select(ROW),
        ]
    )
    conflict_columns = [
        *["key", "object_id", "field", "locale", "channel"],
        pl.col("value").alias("owner_value"),
        pl.col("value_current").alias("target_value"),
        pl.col("value_base").alias("base_value"),
    ]
    return Diff(
        changes,
        conflicts.select(conflict_columns).cast(CONFLICT_SCHEMA),
        agreed.cast(BASELINE_SCHEMA),
    )


def stale(keys: pl.DataFrame, objects: pl.DataFrame) -> pl.DataFrame:
    """Deletes: target objects that may be changed but should no longer exist."""
    gone = objects.join(keys.select("key"), on="key", how="anti")
    nothing = pl.lit(None, S)
    return (
        gone.with_columns(
            object_type=nothing,
            operation=pl.lit("delete"),
            field=nothing,
            locale=nothing,
            channel=nothing,
            old_value=nothing,
            new_value=nothing,
            change=nothing,
        )
        .select(list(CHANGE_SCHEMA))
        .cast(CHANGE_SCHEMA)
        .sort(["key", "object_id"])
    )


@dataclass
class Write:
    """One object-level write to a target, built from field changes."""

    operation: str
    key: str
    object_id: str | None
    object_type: str | None
    values: list[tuple[str, str, str, Any]] = field(default_factory=list)
    # The last key computed, with the values and target it was computed for.
    _digest: tuple[Any, str, str] | None = field(default=None, repr=False, compare=False)

    @property
    def fields(self) -> list[str]:
        """Fields the write sets or clears, in order."""
        return list(dict.fromkeys(name for name, _, _, _ in self.values))

    def idempotency_key(self, target: str) -> str:
        """Digest of what the write does; the same key means the same effect."""
        if self._digest and self._digest[0] is self.values and self._digest[1] == target:
            return self._digest[2]
        body = sorted((n, loc, ch, canonical_json(v)) for n, loc, ch, v in self.values)
        text = f"{target}|{self.key}|{self.operation}|{self.object_type}|{canonical_json(body)}"
        digest = hashlib.sha256(text.encode()).hexdigest()[:32]
        self._digest = (self.values, target, digest)
        return digest


def plan_writes(changes: pl.DataFrame) -> list[Write]:
    """Group field changes into one write per object: creates first, then updates, in key order."""
    writes: dict[tuple[str, str | None], Write] = {}
    names = (
        "key",
        "object_id",
        "operation",
        "object_type",
        "field",
        "locale",
        "channel",
        "new_value",
    )
    rows = zip(*(changes.get_column(name).to_list() for name in names), strict=True)
    for key, object_id, operation, object_type, name, locale, channel, new in rows:
        write = writes.get((key, object_id))
        if write is None:
            write = writes[key, object_id] = Write(operation, key, object_id, object_type)
        if name is not None:
            value = orjson.loads(new) if new is not None else None
            write.values.append((name, locale or "", channel or "", value))
    order = {"create": 0, "update": 1, "delete": 2}
    return sorted(writes.values(), key=lambda w: (order[w.operation], w.key))


def fourallportal_payload(write: Write) -> dict[str, Any]:
    """The object as 4ALLPORTAL's bulk upsert takes it."""
    payload: dict[str, Any] = (
        {"type": write.object_type} if write.operation == "create" else {"id": write.object_id}
    )
    for name, locale, channel, value in write.values:
        dimensions = {k: v for k, v in (("locale", locale), ("channel", channel)) if v}
        payload.setdefault(name, []).append({"value": value, "dimensions": dimensions})
    return payload


def centric_payload(write: Write) -> dict[str, Any]:
    """The attributes as Centric's POST or partial PUT takes them.

    Raises:
        ValueError: a value has a locale or channel; Centric attributes have neither.
    """
    body = {}
    for name, locale, channel, value in write.values:
        if locale or channel:
            raise ValueError(f"Centric attribute {name} cannot take a {locale or channel} value")
        body[name] = value
    return body


def smintio_payload(write: Write) -> dict[str, Any]:
    """The record as Smint.io's PUT takes it: localized values as ``[{culture, value}]``.

    Raises:
        ValueError: a value has a channel; Smint.io records have none.
    """
    body: dict[str, Any] = {}
    for name, locale, channel, value in write.values:
        if channel:
            raise ValueError(f"Smint.io field {name} cannot take a {channel} value")
        if locale:
            body.setdefault(name, []).append({"culture": locale.replace("_", "-"), "value": value})
        else:
            body[name] = value
    for value in body.values():
        if (
            isinstance(value, list)
            and value
            and isinstance(value[0], dict)
            and "culture" in value[0]
        ):
            value.sort(key=lambda item: item["culture"])
    return body
