"""Diff: what a target should hold against what it holds, stored as field changes and conflicts."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from launchsync.config import Config, load_config
from launchsync.settings import load_settings
from tasks.changeset import BASELINE_SCHEMA, Diff, diff, stale
from tasks.readiness import style_records_changed
from tasks.runs import rule_tables
from tasks.targets import (
    Mapping,
    desired_digests,
    inputs,
    keep_desired_rows,
    levels,
    mapping,
    objects_within,
    read_desired,
    read_desired_keys,
    read_objects,
    read_target,
    target_digests,
)
from tasks.validate import (
    changed_records,
    changed_since,
    shared_records_changed,
    verdicts_changed,
)
from warehouse.db import frame, narrowed, open_warehouse, registered, row, scalar

DELETES = -1


def read_baseline(
    con: duckdb.DuckDBPyConnection, m: Mapping, fields: list[str], only: str | None = None
) -> pl.DataFrame:
    """The last agreed values of a mapping's fields in its target (of the records ``only`` lists)."""
    within = f" AND record_key IN (SELECT key FROM {only})" if only else ""
    return frame(
        con,
        "SELECT record_key AS key, field, locale, channel, value FROM sync_baseline"
        f" WHERE system = ? AND entity = ? AND list_contains(?, field){within}",
        [m.system, m.entity, fields],
    ).cast(BASELINE_SCHEMA)


def rules_digest(config: Config) -> str:
    """A digest of the whole configuration and the tables made of it (``rule_tables``).

    Another one makes a narrowed diff compare all, and a quiet one (``quiet``) run.
    """
    text = json.dumps(
        [config.model_dump(mode="json"), rule_tables(config)], sort_keys=True, default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def changed_skus(
    con: duckdb.DuckDBPyConnection, m: Mapping, level: int, rules: str
) -> list[str] | None:
    """The Centric SKUs a narrowed mapping level must compare; None: every record.

    Those are the SKUs whose own records changed in any system since the level was last
    diffed (the Centric SKU, the 4ALLPORTAL object of the mapping's module), every SKU of a
    style whose own records changed or that passes or fails anew, and the records that diff left
    open: changes it planned and conflicts still held. Everything on the first diff, under
    other rules, or when a shared Centric record changed.
    """
    mark = row(
        con,
        "SELECT started_at, rules, run_id FROM diff_marks WHERE mapping = ? AND level = ?",
        [m.name, level],
    )
    if mark is None or mark[1] != rules or shared_records_changed(con, mark[0]):
        return None
    found = con.execute(
        f"""
        WITH styles AS (
            {style_records_changed(con, {})}
            UNION ALL {verdicts_changed(findings=False)}
        )
        SELECT id FROM centric_skus WHERE style IN (SELECT style_id FROM styles)
        UNION SELECT id FROM ({changed_records(con, "skus", "id", set())})
        UNION SELECT h.centric_id FROM fourallportal_objects_history h
              WHERE h.module = $module AND {changed_since("h")} AND h.centric_id IS NOT NULL
        UNION SELECT record_key FROM field_changes
              WHERE mapping = $mapping AND level = $level AND run_id = $last_run
        UNION SELECT record_key FROM conflicts
              WHERE resolved_at IS NULL AND system = $system AND entity = $entity
        """,
        {"since": mark[0], "module": m.module, "mapping": m.name,
         "level": level, "last_run": mark[2], "system": m.system, "entity": m.entity},
    ).fetchall()  # fmt: skip
    return [sku for (sku,) in found]


# When a style last passed or failed anew (a verdict unlike the one before it).
LATEST_TURN = """(SELECT max(validated_at) FROM (
    SELECT validated_at, passed IS DISTINCT FROM lag(passed) OVER (
        PARTITION BY style_id ORDER BY validated_at, run_id) AS turned
    FROM style_verdicts)
  WHERE turned)"""

# Inputs (see Mapping.reads) that are not the history of one kind of record.
CHANGED_INPUTS = {
    # A style that passes or fails anew: the desired views read whether it passes, no more.
    "verdicts": f"coalesce({LATEST_TURN} > $since, false)",
    "readiness": "EXISTS (SELECT 1 FROM readiness_changes WHERE computed_at > $since)",
    "smintio_binaries": "EXISTS (SELECT 1 FROM smintio_binaries WHERE fetched_at > $since)",
    # The status of a license follows the clock: a term began or ended since. (Unnested in
    # the select list: as a lateral join it took 0.08 s at 1M SKUs, against 0.002 s.)
    "rights_clock": """EXISTS (
        SELECT 1 FROM (SELECT unnest(license_terms) AS term FROM smintio_license_transactions)
        WHERE term.valid_from BETWEEN $since AND now() OR term.valid_until BETWEEN $since AND now())""",
}


def input_changed(name: str) -> str:
    """SQL condition: the input ``name`` (see ``Mapping.reads``) changed after ``$since``."""
    if name in CHANGED_INPUTS:
        return CHANGED_INPUTS[name]
    table, _, part = name.partition(":")
    if not part:
        return f"EXISTS (SELECT 1 FROM {table}_history h WHERE {changed_since('h')})"
    if "[" in part:
        return _fields_changed(table, *object_fields(part))
    column = "module" if table == "fourallportal" else "kind"
    return (
        f"EXISTS (SELECT 1 FROM {table}_objects_history h"
        f" WHERE h.{column} = '{part}' AND {changed_since('h')})"
    )


def object_fields(part: str) -> tuple[str, list[str]]:
    """The module and fields of an input that reads some fields of a module: ``variant[a,b]``."""
    module, _, fields = part.partition("[")
    return module, [f.strip() for f in fields.rstrip("]").split(",")]


def _fields_changed(table: str, module: str, fields: list[str]) -> str:
    """SQL condition: an object of the module changed in what ``fields`` name after ``$since``.

    It came or went, or its type, Centric id or one of those fields changed; its other fields
    and its modification time play no part.
    """
    if table != "fourallportal":
        raise ValueError(f"only 4ALLPORTAL inputs name fields, not {table}")
    names = "[" + ", ".join(f"'{f}'" for f in fields) + "]"

    def seen(t: str) -> str:
        kept = f"list_sort(list_filter({t}.fields, lambda f: list_contains({names}, f.name)))"
        return f"struct_pack(type := {t}.type, centric_id := {t}.centric_id, fields := {kept})"

    history = "fourallportal_objects_history"
    return f"""(EXISTS (
        SELECT 1 FROM {history} h
        LEFT JOIN (SELECT * FROM {history} WHERE module = '{module}' AND _valid_to > $since) p
               ON p.id = h.id AND p._valid_to = h._valid_from
        WHERE h.module = '{module}' AND h._valid_from > $since
          AND (p.id IS NULL OR {seen("h")} IS DISTINCT FROM {seen("p")}))
      OR EXISTS (
        SELECT 1 FROM {history} h
        WHERE h.module = '{module}' AND h._valid_to > $since
          AND NOT EXISTS (SELECT 1 FROM {history} n
                          WHERE n.module = '{module}' AND n._valid_from > $since
                            AND n.id = h.id AND n._valid_from = h._valid_to)))"""


def quiet(con: duckdb.DuckDBPyConnection, m: Mapping, level: int, rules: str) -> bool:
    """Whether nothing a mapping level is made of changed since it was last diffed.

    Nothing of what it reads (``inputs``), its target records included, nor the rules; and
    that diff left nothing open, no change planned and no conflict held. Its records then
    stand as that diff found them, in agreement, and there is nothing to compare.

    Each input is asked on its own, the costly ones last (``checked_last``), and the first
    that changed ends the question.
    """
    if m.reads is None:
        return False
    mark = row(
        con,
        "SELECT started_at, rules, run_id FROM diff_marks WHERE mapping = ? AND level = ?",
        [m.name, level],
    )
    if mark is None or mark[1] != rules:
        return False
    left_open = scalar(
        con,
        """SELECT EXISTS (SELECT 1 FROM field_changes
                          WHERE mapping = $mapping AND level = $level AND run_id = $last_run)
               OR EXISTS (SELECT 1 FROM conflicts
                          WHERE resolved_at IS NULL AND system = $system AND entity = $entity)""",
        {"mapping": m.name, "level": level, "last_run": mark[2],
         "system": m.system, "entity": m.entity},
    )  # fmt: skip
    if left_open:
        return False
    return not any(changed_after(con, name, mark[0]) for name in checked_last(inputs(m)))


def changed_after(con: duckdb.DuckDBPyConnection, name: str, since: Any) -> bool:
    """Whether the input ``name`` changed after ``since``."""
    if name == "verdicts":
        return verdicts_turned(con, since)
    return bool(scalar(con, f"SELECT {input_changed(name)}", {"since": since}))


# ``LATEST_TURN`` per state of ``style_verdicts`` (written only by validation): every mapping
# level asks whether a turn came since its own mark, about 50 ms each at 1M SKUs when asked
# of the verdicts themselves.
_latest_turns: dict[tuple[object, ...], object] = {}


def verdicts_turned(con: duckdb.DuckDBPyConnection, since: Any) -> bool:
    """Whether a style passes or fails anew since ``since`` (``CHANGED_INPUTS["verdicts"]``)."""
    state = row(
        con,
        "SELECT (SELECT path FROM duckdb_databases() WHERE database_name = current_database()),"
        " count(*), max(validated_at) FROM style_verdicts",
    )
    if state not in _latest_turns:
        _latest_turns.clear()
        _latest_turns[state] = scalar(con, f"SELECT {LATEST_TURN}")
    latest = _latest_turns[state]
    return latest is not None and latest > since


def checked_last(names: tuple[str, ...]) -> list[str]:
    """Inputs in the order ``quiet`` asks them: plain tables first, the costly ones last.

    Those that compare versions (fields of a module, verdicts against the ones before them)
    cost 0.05-0.5 s each at 1M SKUs, where a plain one costs a millisecond.
    """
    return sorted(names, key=lambda name: name == "verdicts" or "[" in name)


def mark_diffed(
    con: duckdb.DuckDBPyConnection,
    m: Mapping,
    level: int,
    started: datetime,
    run_id: str,
    rules: str,
) -> None:
    """Note that the level was diffed over every record that changed up to ``started``."""
    con.execute("DELETE FROM diff_marks WHERE mapping = ? AND level = ?", [m.name, level])
    con.execute(
        "INSERT INTO diff_marks VALUES (?, ?, ?, ?, ?)", [m.name, level, started, run_id, rules]
    )


def choose_records(
    con: duckdb.DuckDBPyConnection,
    m: Mapping,
    config: Config,
    level: int,
    scope: list[str] | None,
    full: bool,
    focused: bool = False,
) -> tuple[int, int]:
    """Fill the temp table ``_compared`` with the desired records this diff must compare.

    Those are the records (within ``scope``) whose desired values or target objects changed
    since a diff last found them in agreement, or that it never did; on a ``full`` diff, all.
    A ``focused`` diff sees the records of changed SKUs only (see ``changed_skus``). The
    desired rows stay in ``_desired_rows`` and their target objects in ``_objects``, for
    reading those compared.

    Returns:
        How many desired records there are, and how many are to be compared.
    """
    rows = keep_desired_rows(con, m, config, level, scope)
    desired, desired_params = desired_digests(con, m, config, level, rows)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _desired AS
            SELECT key, string_agg(digest, ',' ORDER BY digest) AS digest
            FROM ({desired}) GROUP BY key""",
        desired_params,
    )
    # The target side of the desired records only: a change run reads few of its objects.
    # Kept for reading their values (``read_target``): listing them may cost a view's build.
    objects, objects_params = objects_within(m, only="_desired")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _objects AS {objects}", objects_params)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _digests AS
            SELECT d.key, d.digest AS desired_digest, t.digest AS target_digest
            FROM _desired d LEFT JOIN ({target_digests(m, "_objects")}) t USING (key)"""
    )
    agreed = """WHERE NOT EXISTS (
        SELECT 1 FROM diff_agreements a
        WHERE a.mapping = $mapping AND a.level = $level AND a.record_key = g.key
          AND a.desired_digest = g.desired_digest
          AND a.target_digest IS NOT DISTINCT FROM g.target_digest)"""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _compared AS SELECT g.* FROM _digests g {'' if full else agreed}",
        {} if full else {"mapping": m.name, "level": level},
    )
    if scope is None and not focused:  # records no longer desired have nothing left to agree on
        con.execute(
            "DELETE FROM diff_agreements WHERE mapping = ? AND level = ?"
            " AND record_key NOT IN (SELECT key FROM _digests)",
            [m.name, level],
        )
    return scalar(con, "SELECT count(*) FROM _digests"), scalar(
        con, "SELECT count(*) FROM _compared"
    )


def record_agreements(
    con: duckdb.DuckDBPyConnection, m: Mapping, level: int, found: Diff, run_id: str
) -> None:
    """Note the compared records the diff found in agreement (nothing to write, no conflict)."""
    open_keys = pl.concat(
        [found.changes.select("key"), found.conflicts.select("key")], how="vertical_relaxed"
    ).unique()
    con.execute(
        "DELETE FROM diff_agreements WHERE mapping = ? AND level = ?"
        " AND record_key IN (SELECT key FROM _compared)",
        [m.name, level],
    )
    with registered(con, "open_keys", open_keys):
        con.execute(
            """INSERT INTO diff_agreements
               SELECT $mapping, $level, key, desired_digest, target_digest, $run, $now
               FROM _compared WHERE key NOT IN (SELECT key FROM open_keys)""",
            {"mapping": m.name, "level": level, "run": run_id, "now": datetime.now(UTC)},
        )


def remember(con: duckdb.DuckDBPyConnection, m: Mapping, values: pl.DataFrame, run_id: str) -> None:
    """Store agreed values (``key, field, locale, channel, value``; null value: forget)."""
    if values.is_empty():
        return
    with registered(con, "agreed", values):
        con.execute(
            """DELETE FROM sync_baseline b USING agreed a
               WHERE b.system = $system AND b.entity = $entity AND b.record_key = a.key
                 AND b.field = a.field AND b.locale = a.locale AND b.channel = a.channel""",
            {"system": m.system, "entity": m.entity},
        )
        con.execute(
            """INSERT INTO sync_baseline
               SELECT $system, $entity, key, field, locale, channel, value, $run, $now
               FROM agreed WHERE value IS NOT NULL""",
            {"system": m.system, "entity": m.entity, "run": run_id, "now": datetime.now(UTC)},
        )


def record_conflicts(
    con: duckdb.DuckDBPyConnection, m: Mapping, found: Diff, run_id: str, rule: str
) -> None:
    """Record edits made in the non-owning system; close held conflicts whose values agree again."""
    now = datetime.now(UTC)
    if not found.conflicts.is_empty():
        with registered(con, "found_conflicts", found.conflicts):
            con.execute(
                """INSERT INTO conflicts BY NAME
                   SELECT $run AS run_id, $system AS system, $entity AS entity, key AS record_key,
                          object_id, field, locale, channel, $owner AS owner, owner_value,
                          target_value, base_value, $rule AS rule, $now AS detected_at,
                          CASE WHEN $rule = 'owner_wins' THEN $now END AS resolved_at
                   FROM found_conflicts f
                   WHERE NOT EXISTS (
                       SELECT 1 FROM conflicts c
                       WHERE c.resolved_at IS NULL AND c.system = $system AND c.entity = $entity
                         AND c.record_key = f.key AND c.field = f.field AND c.locale = f.locale
                         AND c.channel = f.channel AND c.owner_value IS NOT DISTINCT FROM f.owner_value
                         AND c.target_value IS NOT DISTINCT FROM f.target_value)""",
                {
                    "run": run_id,
                    "system": m.system,
                    "entity": m.entity,
                    "owner": m.owner,
                    "rule": rule,
                    "now": now,
                },
            )
    if not found.agreed.is_empty():
        with registered(con, "now_agreed", found.agreed):
            con.execute(
                """UPDATE conflicts c SET resolved_at = $now FROM now_agreed a
                   WHERE c.resolved_at IS NULL AND c.system = $system AND c.entity = $entity
                     AND c.record_key = a.key AND c.field = a.field AND c.locale = a.locale
                     AND c.channel = a.channel""",
                {"system": m.system, "entity": m.entity, "now": now},
            )


def mapping_levels(warehouse: str, name: str) -> list[int]:
    """The write levels of a mapping, parents first (a lookup, not a task of its own)."""
    with open_warehouse(Path(warehouse)) as con:
        return levels(con, mapping(name))


def within(records: pl.DataFrame, scope: list[str] | None) -> pl.DataFrame:
    """The rows of records whose key is in scope (all rows when there is no scope)."""
    if scope is None or "key" not in records.columns:
        return records
    return records.filter(pl.col("key").is_in(scope))


# Records a diff compares at once: a level of a full sync holds one group's values, not all.
GROUP = 50_000


class Stored:
    """What a diff of one level stored so far: field changes, objects by operation, conflicts.

    Every group's field changes carry the one time of the diff: a push reads the changes of
    a level's latest diff in the run by that time.
    """

    def __init__(self, m: Mapping, level: int, run_id: str) -> None:
        self.m, self.level, self.run_id = m, level, run_id
        self.computed_at = datetime.now(UTC)
        self.values = 0
        self.conflicts = 0
        self.operations: Counter[str] = Counter()

    def add(self, con: duckdb.DuckDBPyConnection, found: Diff) -> None:
        """Insert the field changes ``found`` and count them."""
        m, changes = self.m, found.changes
        with registered(con, "changes", changes):
            con.execute(
                """INSERT INTO field_changes BY NAME
                   SELECT * EXCLUDE (key), key AS record_key, $run AS run_id, $system AS system,
                          $entity AS entity, $mapping AS mapping, $level AS level, $now AS computed_at
                   FROM changes""",
                {"run": self.run_id, "system": m.system, "entity": m.entity, "mapping": m.name,
                 "level": self.level, "now": self.computed_at},
            )  # fmt: skip
        self.values += changes.height
        if self.level != DELETES:
            self.conflicts += found.conflicts.height
        self.operations.update(
            dict(changes.group_by("operation").agg(pl.col("key").n_unique()).rows())
        )


def deletes(
    con: duckdb.DuckDBPyConnection,
    m: Mapping,
    config: Config,
    skus: list[str] | None,
    scope: list[str] | None,
) -> Diff:
    """The objects to delete: those whose records are no longer desired.

    The objects alone: their values play no part. A narrowed level looks at the objects of
    the SKUs in focus only, as its view does.
    """
    focus = None if skus is None else "(SELECT unnest(getvariable('diff_focus')) AS key)"
    objects = read_objects(con, m, focus)
    return Diff(
        stale(read_desired_keys(con, m, config), within(objects, scope)),
        pl.DataFrame(),
        pl.DataFrame(),
    )


def compare_groups(
    con: duckdb.DuckDBPyConnection,
    m: Mapping,
    config: Config,
    level: int,
    compared: int,
    rule: str,
) -> Iterator[Diff]:
    """Diff the records of ``_compared`` (``choose_records``), ``GROUP`` of them at a time.

    Records are diffed one by one, so a group's result does not depend on the others. While a
    group is diffed (and until the next one), ``_compared`` holds that group's records only.
    """
    if not compared:
        return
    groups = -(-compared // GROUP)
    if groups > 1:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _to_compare AS
                SELECT *, (row_number() OVER (ORDER BY key) - 1) // {GROUP} AS _group
                FROM _compared"""
        )
    for group in range(groups):
        if groups > 1:
            con.execute(
                """CREATE OR REPLACE TEMP TABLE _compared AS
                   SELECT * EXCLUDE (_group) FROM _to_compare WHERE _group = ?""",
                [group],
            )
        desired = read_desired(con, m, config, level, "_compared", "_desired_rows")
        targets = "(SELECT * FROM _objects WHERE key IN (SELECT key FROM _compared))"
        objects, current = read_target(con, m, desired.fields, targets)
        yield diff(
            desired.keys,
            desired.values,
            current,
            objects,
            read_baseline(con, m, desired.fields, only="_compared"),
            creates=m.creates,
            hold_conflicts=rule == "hold",
        )


@task(task_run_name="diff {name} level {level}", cache_policy=NO_CACHE)
def diff_mapping(
    run_id: str,
    warehouse: str,
    name: str,
    level: int,
    scope: list[str] | None = None,
    full: bool = False,
) -> dict[str, Any]:
    """Compute field changes of one mapping level (``DELETES``: objects to delete).

    With a ``scope``, only records with those keys (the ids an event named) are compared, so
    nothing else is created, changed or deleted. Records found in agreement before are
    compared again only once their desired values or target objects change, or when ``full``.
    A mapping that ``narrows`` looks only at the SKUs changed since it was last diffed
    (``changed_skus``), deletes included; one whose inputs are all unchanged since
    (``quiet``) looks at nothing.
    """
    m = mapping(name)
    config = load_config(load_settings().config)
    rule = config.ownership.conflict_rule
    rules = rules_digest(config)
    started = datetime.now(UTC)
    counted: dict[str, int] = {}
    stored = Stored(m, level, run_id)
    with open_warehouse(Path(warehouse)) as con:
        if not full and scope is None and quiet(con, m, level, rules):
            return {"mapping": name, "level": level, "values": 0, "conflicts": 0, "quiet": True}
        skus = None
        if m.narrows and not full and scope is None:
            skus = changed_skus(con, m, level, rules)
        if skus is not None:
            counted["skus"] = len(skus)
        with narrowed(con, "diff_focus", skus):
            compared = 0
            if level != DELETES:
                desired_count, compared = choose_records(
                    con, m, config, level, scope, full, skus is not None
                )
                counted |= {"desired": desired_count, "compared": compared}
            con.execute("BEGIN TRANSACTION")
            try:
                # A repeated diff replaces what an earlier one of the run planned but did not
                # push; what was pushed stays on record (a scenario may write the same mapping
                # twice in a run).
                con.execute(
                    """DELETE FROM field_changes f WHERE run_id = ? AND mapping = ? AND level = ?
                       AND NOT EXISTS (SELECT 1 FROM push_ledger l
                                       WHERE l.run_id = f.run_id AND l.system = f.system
                                         AND l.entity = f.entity AND l.record_key = f.record_key
                                         AND l.recorded_at >= f.computed_at)""",
                    [run_id, name, level],
                )
                if level == DELETES:
                    stored.add(con, deletes(con, m, config, skus, scope))
                for group in compare_groups(con, m, config, level, compared, rule):
                    stored.add(con, group)
                    record_conflicts(con, m, group, run_id, rule)
                    remember(con, m, group.agreed, run_id)
                    record_agreements(con, m, level, group, run_id)
                if scope is None:  # a diff of some keys leaves the others' changes to the next
                    mark_diffed(con, m, level, started, run_id, rules)
                con.execute("COMMIT")
            except BaseException:
                with suppress(duckdb.Error):  # the error that ended it says what went wrong
                    con.execute("ROLLBACK")
                raise
    if stored.operations or stored.conflicts:
        get_run_logger().info(
            "%s level %d: %s objects to change, %d conflicts",
            name,
            level,
            dict(stored.operations),
            stored.conflicts,
        )
    return {
        "mapping": name,
        "level": level,
        "values": stored.values,
        "conflicts": stored.conflicts,
        **counted,
        **stored.operations,
    }
