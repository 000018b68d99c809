"""What each mapping declares it reads (``Mapping.reads``) covers what its queries read.

A change run skips a mapping while none of its inputs changed (``tasks.diff.quiet``), so an
input left out would leave its changes unsynced. The plans DuckDB makes for the mapping's
queries name every table they scan; each must be an input, or a table of the rules.
"""

import re

import duckdb
import pytest

from launchsync.config import Pair, load_config
from launchsync.settings import load_settings
from tasks.diff import CHANGED_INPUTS, input_changed
from tasks.runs import rule_tables
from tasks.targets import MAPPINGS, desired_digests, inputs, objects_sql
from tests.helpers import plan_scans
from warehouse.db import connect, migrate

READING = [m for m in MAPPINGS.values() if m.reads is not None]
# Tables (besides history tables) each special input stands for.
SPECIAL_TABLES = {
    "verdicts": {"style_verdicts"},
    "readiness": {"readiness"},
    "smintio_binaries": {"smintio_binaries"},
    "rights_clock": set(),
}
CLOCK = re.compile(r"now\(\)|current_date|current_timestamp|today\(", re.IGNORECASE)
# Pairs of both owners for both entities, so that each pairs mapping carries some.
PAIRS = [
    Pair(fourallportal="variant.fit", centric="skus.bx_fit", owner="centric"),
    Pair(fourallportal="variant.color_marketing_name", centric="skus.bx_color_marketing_name",
         owner="fourallportal"),
    Pair(fourallportal="product.country_of_origin", centric="styles.bx_country_of_origin",
         owner="centric"),
    Pair(fourallportal="product.hs_code", centric="styles.bx_hs_code", owner="fourallportal"),
]  # fmt: skip


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = connect(tmp_path_factory.mktemp("inputs") / "w.duckdb")
    migrate(con)
    # Without statistics DuckDB cannot tell a table is empty, so its scans stay in the plan;
    # filters still prune the branches of a union a query cannot reach.
    con.execute("SET disabled_optimizers = 'statistics_propagation'")
    yield con
    con.close()


def scanned(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> set[str]:
    """The tables a query scans, from DuckDB's plan of it."""
    return {table for table, _ in plan_scans(con, sql, params)}


def covered(names: tuple[str, ...]) -> set[str]:
    tables: set[str] = set()
    for name in names:
        if name in SPECIAL_TABLES:
            tables |= SPECIAL_TABLES[name]
            continue
        table, _, part = name.partition(":")
        tables |= (
            {f"{table}_objects_history", f"{table}_current_values"}
            if part
            else {f"{table}_history"}
        )
    return tables


def queries(m) -> list[tuple[str, list]]:
    if m.pairs:
        config = load_config(load_settings().config)
        config = config.model_copy(
            update={"ownership": config.ownership.model_copy(update={"pairs": PAIRS})}
        )
        desired = desired_digests(None, m, config)
        assert "WHERE false" not in desired[0], f"{m.name} carries no pair"
    else:
        desired = (f"SELECT * FROM {m.view}", [])
    found = [desired, objects_sql(m)]
    return found + ([(m.keys, [])] if m.keys else [])


def views_under(con: duckdb.DuckDBPyConnection, sql: str) -> set[str]:
    """The views a query reads, directly or through other views."""
    views = dict(
        con.execute("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal").fetchall()
    )
    seen: set[str] = set()
    todo = [sql]
    while todo:
        text = todo.pop()
        for name, body in views.items():
            if name not in seen and re.search(rf"\b{name}\b", text):
                seen.add(name)
                todo.append(body)
    return {views[name] for name in seen}


@pytest.mark.parametrize("m", READING, ids=lambda m: m.name)
def test_every_table_a_mapping_reads_is_one_of_its_inputs(con, m):
    rules = set(rule_tables(load_config(load_settings().config)))
    read = set().union(*(scanned(con, sql, params) for sql, params in queries(m)))
    assert read, "the plan names no table: the check would prove nothing"
    assert read - rules - covered(inputs(m)) == set()


@pytest.mark.parametrize("m", READING, ids=lambda m: m.name)
def test_a_mapping_whose_records_follow_the_clock_says_so(con, m):
    follows = any(CLOCK.search(body) for sql, _ in queries(m) for body in views_under(con, sql))
    assert follows == ("rights_clock" in inputs(m))


def test_every_input_has_a_change_condition_that_runs(con):
    names = {name for m in READING for name in inputs(m)}
    assert set(CHANGED_INPUTS) <= names  # each special input is used
    for name in sorted(names):
        assert con.execute(f"SELECT {input_changed(name)}", {"since": "2000-01-01"}).fetchone() == (
            False,
        ), name


def version(con, object_id: str, fields: dict[str, str], start: str, end: str | None) -> None:
    con.execute(
        "INSERT INTO fourallportal_objects_history VALUES"
        " (?, 'variant', 'sku', ?, 'SKU-1', ?, 'h', ?, ?, 's', 'r')",
        [object_id, start, [{"name": k, "locale": "", "channel": "", "value": v}
                            for k, v in fields.items()], start, end],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("edit", "seen"),
    [
        ({"gtin": "4000000000002", "fit": "slim"}, True),
        ({"gtin": "4000000000001", "fit": "regular"}, False),
        ({"gtin": "4000000000001"}, False),  # a field it does not read went away
        ({"gtin": "4000000000001", "size": "M"}, True),  # one it reads came
        (None, True),  # the variant was deleted
    ],
)
def test_an_input_of_some_fields_sees_changes_to_those_fields_only(con, edit, seen):
    name = "fourallportal:variant[gtin,size]"
    con.execute("BEGIN")
    try:
        first = {"gtin": "4000000000001", "fit": "slim"}
        version(con, "v1", first, "2026-01-01", "2026-02-01")
        if edit is not None:
            version(con, "v1", edit, "2026-02-01", None)
        changed = f"SELECT {input_changed(name)}"
        assert con.execute(changed, {"since": "2026-01-15"}).fetchone() == (seen,)
        # Before the first version, the variant itself is new.
        assert con.execute(changed, {"since": "2025-12-01"}).fetchone() == (True,)
        assert con.execute(changed, {"since": "2026-03-01"}).fetchone() == (False,)
    finally:
        con.execute("ROLLBACK")


def licensed(con, *terms: tuple[str, str | None]) -> None:
    """A current license transaction whose terms run from and until the given days."""
    con.execute(
        "INSERT INTO smintio_license_transactions_history BY NAME"
        " SELECT 'tx-1' AS id, 'completed' AS state, list_transform(?::STRUCT(f TIMESTAMPTZ,"
        " u TIMESTAMPTZ)[], lambda t, i: {sequence_number: i::INTEGER, name: 'web', usages: [],"
        " territories: [], valid_from: t.f, valid_until: t.u, is_editorial_use: false})"
        " AS license_terms, 'h' AS _hash, TIMESTAMPTZ '2025-01-01' AS _valid_from,"
        " 's' AS _snapshot_id, 'r' AS _run_id",
        [[{"f": start, "u": end} for start, end in terms]],
    )


@pytest.mark.parametrize(
    ("terms", "seen"),
    [
        ([("2026-01-20", None)], True),  # a term began since
        ([("2025-01-01", "2026-01-20")], True),  # one ended since
        ([("2025-01-01", "2030-01-01"), ("2026-02-01", "2030-01-01")], True),  # the second began
        ([("2025-01-01", "2030-01-01")], False),  # in force throughout
        ([("2025-01-01", "2025-06-01")], False),  # ended before
        ([("2030-01-01", None)], False),  # begins later than now
        ([], False),
    ],
)
def test_the_rights_clock_sees_a_term_that_began_or_ended_since(con, terms, seen):
    con.execute("BEGIN")
    try:
        licensed(con, *terms)
        changed = f"SELECT {input_changed('rights_clock')}"
        assert con.execute(changed, {"since": "2026-01-15"}).fetchone() == (seen,)
    finally:
        con.execute("ROLLBACK")


def test_a_level_asks_its_costly_inputs_last_and_stops_at_the_first_change(con, monkeypatch):
    import tasks.diff

    m = next(m for m in READING if "verdicts" in inputs(m) and len(inputs(m)) > 2)
    con.execute("INSERT INTO diff_marks VALUES (?, 0, now(), 'r0', 'rules')", [m.name])
    asked: list[str] = []
    changed: set[str] = set()

    def changed_after(_con, name, _since):
        asked.append(name)
        return name in changed

    monkeypatch.setattr(tasks.diff, "changed_after", changed_after)
    assert tasks.diff.quiet(con, m, 0, "rules")  # nothing changed: every input asked
    assert sorted(asked) == sorted(inputs(m)) and asked[-1] == "verdicts"
    asked.clear()
    changed.add(asked_first := tasks.diff.checked_last(inputs(m))[0])
    assert not tasks.diff.quiet(con, m, 0, "rules")
    assert asked == [asked_first]
