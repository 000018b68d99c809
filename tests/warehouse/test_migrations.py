import pytest

from systems.registry import ENDPOINTS
from warehouse.db import (
    WarehouseError,
    connect,
    migrate,
    migrations,
    open_warehouse,
    schema_version,
)
from warehouse.history import META_COLUMNS, data_columns


def test_migrations_apply_once_in_order(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    applied = migrate(con)
    assert applied == sorted(v for v, _, _ in migrations())
    assert migrate(con) == []
    assert schema_version(con) == applied[-1]


def test_an_existing_warehouse_keeps_its_data_when_reopened(tmp_path):
    path = tmp_path / "w.duckdb"
    con = connect(path)
    migrate(con)
    con.execute(
        "INSERT INTO sync_runs (run_id, flow, started_at, status) VALUES ('r1', 'x', now(), 'completed')"
    )
    con.close()
    con = connect(path)
    assert migrate(con) == []
    assert con.execute("SELECT run_id FROM sync_runs").fetchall() == [("r1",)]


@pytest.mark.parametrize(
    "endpoint",
    [e for system in ENDPOINTS.values() for e in system.values()],
    ids=lambda e: f"{e.system}/{e.name}",
)
def test_each_endpoint_model_matches_its_history_table(warehouse, endpoint):
    columns = data_columns(warehouse, endpoint.table)
    all_columns = [r[0] for r in warehouse.execute(f"DESCRIBE {endpoint.table}").fetchall()]
    assert set(META_COLUMNS) <= set(all_columns)
    if endpoint.system == "centric":
        assert set(columns) == set(endpoint.model.model_fields)
        return
    samples = {
        "fourallportal": {"id": "u", "module": endpoint.name, "mod_time": "2026-01-01T00:00:00Z"},
        "license_purchase_transactions": {"uuid": "u", "state": "completed",
            "last_updated_at": "2026-01-01T00:00:00Z", "content_element": {"uuid": "c"}},
        "campaign_assets": {"uuid": "u", "state": "finalized", "last_updated_at": "2026-01-01T00:00:00Z"},
    }  # fmt: skip
    record = samples.get(endpoint.system) or samples.get(
        endpoint.name, {"external_id": "u", "updated_at": "2026-01-01T00:00:00Z"}
    )
    row = endpoint.model.model_validate(record).to_row()
    assert set(columns) == set(row) | ({endpoint.shared_table} if endpoint.shared_table else set())


def test_read_only_open_of_a_missing_file_names_the_setting(tmp_path):
    with pytest.raises(WarehouseError, match="LAUNCHSYNC_WAREHOUSE"):
        connect(tmp_path / "nope.duckdb", read_only=True)


def test_upgrading_an_older_warehouse_keeps_history_without_spurious_versions(tmp_path):
    from datetime import UTC, datetime

    from systems.centric.endpoints import ENDPOINTS
    from tasks.pull import normalize_page
    from warehouse.history import merge_snapshot, stage_rows

    style = {
        "id": "C1",
        "code": "SS27-1",
        "node_name": "Tee",
        "_modified_at": "2026-06-01T00:00:00Z",
    }
    path = tmp_path / "old.duckdb"
    con = connect(path)
    migrate(con, target=5)
    [old_row] = normalize_page(ENDPOINTS["styles"], [style]).rows
    old_row = {k: v for k, v in old_row.items() if k in data_columns(con, "centric_styles_history")}
    stage_rows(con, "centric_styles_history", [old_row], "s1", "r1")
    merge_snapshot(
        con,
        "centric_styles_history",
        snapshot_id="s1",
        pulled_at=datetime.now(UTC),
        order_by="modified_at",
        full=False,
    )
    con.close()

    con = connect(path)
    assert migrate(con) == [v for v, _, _ in migrations() if v > 5]
    [new_row] = normalize_page(ENDPOINTS["styles"], [style]).rows
    stage_rows(con, "centric_styles_history", [new_row], "s2", "r2")
    stats = merge_snapshot(
        con,
        "centric_styles_history",
        snapshot_id="s2",
        pulled_at=datetime.now(UTC),
        order_by="modified_at",
        full=False,
    )
    assert stats.new_versions == 0
    assert con.execute("SELECT count(*) FROM centric_styles_history").fetchall() == [(1,)]


def fingerprints(con) -> dict[str, tuple[int, int]]:
    """Rows and a content digest of every table in main."""
    tables = [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary"
            " AND table_name <> 'schema_migrations'"
        ).fetchall()
    ]
    return {
        t: tuple(
            con.execute(
                f"SELECT count(*), coalesce(bit_xor(hash(to_json(x))), 0) FROM {t} x"
            ).fetchall()[0]
        )
        for t in tables
    }


def test_a_warehouse_of_the_previous_version_upgrades_keeping_every_row(tmp_path):
    from systems.generator import generate
    from tests.helpers import land_catalog

    versions = [v for v, _, _ in migrations()]
    previous = versions[-2]
    path = tmp_path / "previous.duckdb"
    con = connect(path)
    migrate(con, target=previous)
    land_catalog(con, generate(20, seed=8))
    before = fingerprints(con)
    con.close()
    assert sum(rows for rows, _ in before.values()) > 1000

    with open_warehouse(path) as con:  # first use by the new version upgrades it
        assert schema_version(con) == versions[-1]
        after = fingerprints(con)
    newer = "\n".join(sql for v, _, sql in migrations() if v > previous)
    dropped = {t for t in before if f"DROP TABLE {t};" in newer}
    assert {t: before[t] for t in before if t not in dropped} == {
        t: after[t] for t in before if t not in dropped
    }


KILLED_AFTER_MIGRATING = """
import os, sys
from pathlib import Path
from warehouse.db import connect, migrate
con = connect(Path(sys.argv[1]))
migrate(con)
os._exit(0)  # as a run killed with SIGKILL: no close, no checkpoint
"""


@pytest.mark.parametrize("start", [None, 21])
def test_a_process_killed_right_after_migrating_leaves_a_warehouse_that_opens(tmp_path, start):
    import subprocess
    import sys

    from tests.conftest import REPO

    path = tmp_path / "w.duckdb"
    if start is not None:  # an older warehouse, upgraded by the killed process
        con = connect(path)
        migrate(con, target=start)
        con.close()
    subprocess.run([sys.executable, "-c", KILLED_AFTER_MIGRATING, str(path)], cwd=REPO, check=True)
    con = connect(path)
    try:
        assert schema_version(con) == max(version for version, _, _ in migrations())
    finally:
        con.close()


def test_the_batch_tables_earlier_runs_left_in_the_warehouse_are_dropped(tmp_path):
    from expectations.runner import batch_table, load_suites

    con = connect(tmp_path / "w.duckdb")
    migrate(con, target=36)
    names = [batch_table(s) for group in ("variant", "readiness") for s in load_suites(group)]
    for name in names:
        con.execute(f"CREATE TABLE {name} AS SELECT 1 AS style_id")
    con.execute("CREATE TABLE batch_notes AS SELECT 1 AS n")  # not ours: kept
    migrate(con)
    left = con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'batch%'")
    assert len(names) == 12
    assert left.fetchall() == [("batch_notes",)]


def test_value_lists_hashed_the_earlier_way_are_rehashed_on_upgrade(tmp_path):
    # Before 0041 a record's hash took its field values whole; a record pulled again
    # unchanged after the upgrade must not look changed.
    from datetime import UTC, datetime

    from systems.registry import endpoint
    from tasks.pull import normalize_page
    from warehouse.history import merge_snapshot, stage_rows

    table = "fourallportal_objects_history"
    product = {"id": "u1", "module": "product", "type": "style",
               "mod_time": "2026-06-02T12:00:00.000Z",
               "centric_id": [{"value": "C1", "dimensions": {}}],
               "seo_title": [{"value": "Titel", "dimensions": {"locale": "de_DE"}}]}  # fmt: skip

    def land(con, snapshot):
        rows = normalize_page(endpoint("fourallportal", "product"), [product]).rows
        stage_rows(con, table, rows, snapshot, "r")
        return merge_snapshot(
            con, table, snapshot_id=snapshot, pulled_at=datetime.now(UTC),
            order_by="mod_time", full=False, partition=("module", "product"),
        )  # fmt: skip

    path = tmp_path / "w.duckdb"
    con = connect(path)
    migrate(con, target=40)
    assert land(con, "s1").new_versions == 1
    cols = ", ".join(data_columns(con, table))
    con.execute(f"UPDATE {table} SET _hash = md5(CAST(to_json(struct_pack({cols})) AS VARCHAR))")
    con.close()

    con = connect(path)
    assert 41 in migrate(con)
    assert land(con, "s2").new_versions == 0
    assert con.execute(f"SELECT count(*) FROM {table}").fetchall() == [(1,)]
    con.close()
