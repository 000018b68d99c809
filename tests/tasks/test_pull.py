"""The pull task against simulators served on loopback: snapshots, rejects, deletions."""

from pathlib import Path

import pytest
from prefect.logging import disable_run_logger

from launchsync.simulators import serve
from systems.centric.client import CentricClient
from systems.generator import DefectRates, generate
from tasks.pull import pull
from warehouse.db import connect


@pytest.fixture
def env(tmp_path, monkeypatch):
    catalog = generate(12, seed=4, rates=DefectRates.none())
    with serve(catalog, centric_port=0, fourallportal_port=0) as sims:
        for name, value in sims.environment().items():
            monkeypatch.setenv(name, value)
        warehouse = tmp_path / "w.duckdb"
        monkeypatch.setenv("LAUNCHSYNC_WAREHOUSE", str(warehouse))
        yield sims, str(warehouse)


def run_pull(warehouse, entity, run_id, full=False, system="centric"):
    with disable_run_logger():
        return pull.fn(system, entity, run_id, warehouse, full)


def current_ids(warehouse, table):
    con = connect(Path(warehouse), read_only=True)
    try:
        return {
            r[0] for r in con.execute(f"SELECT id FROM {table} WHERE _valid_to IS NULL").fetchall()
        }
    finally:
        con.close()


def query(warehouse, sql):
    con = connect(Path(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_first_pull_is_full_then_incremental_with_nothing_new(env):
    _, warehouse = env
    first = run_pull(warehouse, "styles", "r1")
    assert (first["mode"], first["records"], first["new_versions"]) == ("full", 12, 12)
    second = run_pull(warehouse, "styles", "r2")
    assert second["mode"] == "incremental" and second["new_versions"] == 0


def test_a_malformed_record_in_a_full_pull_is_not_treated_as_deleted(env):
    sims, warehouse = env
    run_pull(warehouse, "styles", "r1")
    victim = next(iter(sims.centric.tables["styles"].rows.values()))
    victim["active"] = "yes"  # a wrong type, straight into the server's data
    result = run_pull(warehouse, "styles", "r2", full=True)
    assert result["rejected"] == 1 and result["closed_versions"] == 0
    assert victim["id"] in current_ids(warehouse, "centric_styles_history")
    [(style, reason)] = query(
        warehouse, "SELECT style_id, reason FROM quarantine WHERE stage = 'land'"
    )
    assert (style, reason) == (victim["id"], "RECORD_MALFORMED")


def test_records_a_listing_skips_are_read_by_id_and_only_real_deletions_close(env, monkeypatch):
    sims, warehouse = env
    run_pull(warehouse, "styles", "r1")
    rows = sims.centric.tables["styles"].rows
    skipped, deleted = list(rows)[:2]
    original = CentricClient.iter_pages

    def skipping(self, endpoint, modified_after=None, filters=None):
        for page in original(self, endpoint, modified_after, filters):
            yield [r for r in page if r["id"] != skipped]

    monkeypatch.setattr(CentricClient, "iter_pages", skipping)
    sims.centric.tables["styles"].delete(deleted)
    result = run_pull(warehouse, "styles", "r2", full=True)
    assert result["closed_versions"] == 1
    ids = current_ids(warehouse, "centric_styles_history")
    assert skipped in ids and deleted not in ids


def test_a_value_the_warehouse_cannot_hold_is_quarantined_not_a_crash(env):
    sims, warehouse = env
    size = next(iter(sims.centric.tables["product_sizes"].rows.values()))
    size["bx_sort_order"] = 2**40
    result = run_pull(warehouse, "product_sizes", "r1")
    assert (
        result["rejected"] == 1
        and result["records"] == len(sims.centric.tables["product_sizes"]) - 1
    )
    [(key, detail)] = query(warehouse, "SELECT record_key, detail FROM quarantine")
    assert key == size["id"] and "does not fit" in detail


def test_a_malformed_bom_revision_holds_back_the_style_of_its_bom(env):
    sims, warehouse = env
    run_pull(warehouse, "apparel_boms", "r1")
    revision = next(iter(sims.centric.tables["apparel_bom_revisions"].rows.values()))
    revision["revision"] = "two"
    run_pull(warehouse, "apparel_bom_revisions", "r1")
    bom = sims.centric.tables["apparel_boms"].get(revision["apparel_bom"])
    assert query(warehouse, "SELECT style_id FROM quarantine") == [(bom["style"],)]


def test_a_malformed_record_deleted_at_the_source_stops_holding_back(env):
    sims, warehouse = env
    victim = next(iter(sims.centric.tables["colorways"].rows.values()))
    victim.pop("style")
    run_pull(warehouse, "colorways", "r1")
    assert query(warehouse, "SELECT count(*) FROM quarantine WHERE resolved_at IS NULL") == [(1,)]
    sims.centric.tables["colorways"].delete(victim["id"])
    run_pull(warehouse, "colorways", "r2", full=True)
    assert query(warehouse, "SELECT count(*) FROM quarantine WHERE resolved_at IS NULL") == [(0,)]


def test_a_malformed_record_without_id_stops_a_full_pull_from_closing_anything(env):
    sims, warehouse = env
    run_pull(warehouse, "materials", "r1")
    table = sims.centric.tables["materials"]
    first = next(iter(table.rows))
    table.rows[first] = {"name": "no id at all"}
    table.touch()
    result = run_pull(warehouse, "materials", "r2", full=True)
    assert result["closed_versions"] == 0
    assert first in current_ids(warehouse, "centric_materials_history")


def test_an_old_burst_of_changes_is_not_read_again_by_every_incremental_pull(env):
    sims, warehouse = env
    first = run_pull(warehouse, "styles", "r1")
    # The catalog's records were modified minutes apart, months ago; the full pull saw them all.
    [(cursor, read_at)] = query(
        warehouse, "SELECT cursor, read_at FROM sync_cursors WHERE entity = 'styles'"
    )
    assert first["records"] == 12 and read_at > cursor
    idle = run_pull(warehouse, "styles", "r2")
    assert (idle["mode"], idle["records"]) == ("incremental", 0)  # not the last few again
    style = next(iter(sims.centric.tables["styles"].rows))
    sims.centric.edit("styles", style, {"node_name": "Renamed"})
    changed = run_pull(warehouse, "styles", "r3")
    assert (changed["records"], changed["new_versions"]) == (1, 1)
    [(name,)] = query(warehouse, f"SELECT node_name FROM centric_styles WHERE id = '{style}'")
    assert name == "Renamed"


@pytest.mark.parametrize("flush_records", [1, 7])
def test_pages_gathered_into_larger_writes_land_what_one_write_lands(
    tmp_path, monkeypatch, flush_records
):
    import tasks.pull as pull_module

    catalog = generate(30, seed=9, rates=DefectRates(malformed_record=0.3))
    landed = {}
    with serve(catalog, centric_port=0, fourallportal_port=0) as sims:
        for name, value in sims.environment().items():
            monkeypatch.setenv(name, value)
        for label, size in (("one write", 10**9), ("batches", flush_records)):
            warehouse = str(tmp_path / f"{label}.duckdb")
            monkeypatch.setenv("LAUNCHSYNC_WAREHOUSE", warehouse)
            monkeypatch.setattr(pull_module, "FLUSH_RECORDS", size)
            writes = []
            real_flush = pull_module.SnapshotWriter.flush
            monkeypatch.setattr(
                pull_module.SnapshotWriter,
                "flush",
                lambda self, real=real_flush, seen=writes: (
                    seen.append(len(self.gathered.raw)),
                    real(self),
                ),
            )
            result = run_pull(warehouse, "skus", "r1")
            landed[label] = (
                result["records"],
                result["rejected"],
                query(
                    warehouse,
                    "SELECT * EXCLUDE (_snapshot_id, _valid_from) FROM centric_skus ORDER BY id",
                ),
                query(warehouse, "SELECT record_key, payload FROM raw_records ORDER BY ALL"),
                query(warehouse, "SELECT record_key, detail FROM quarantine ORDER BY ALL"),
            )
            landed[label + " writes"] = [n for n in writes if n]
    assert landed["one write"][1] > 0, "the catalog should hold malformed SKUs"
    assert landed["batches"] == landed["one write"]
    assert len(landed["one write writes"]) == 1
    assert len(landed["batches writes"]) > 1
    assert all(n >= flush_records for n in landed["batches writes"][:-1])


def test_an_overlap_read_again_sets_aside_the_versions_already_landed(env):
    sims, warehouse = env
    run_pull(warehouse, "styles", "r1")
    edited, quiet, *_ = sorted(sims.centric.tables["styles"].rows)
    sims.centric.edit("styles", edited, {"node_name": "Renamed"})
    # Changed without a new modification time: only a full pull can tell.
    sims.centric.tables["styles"].rows[quiet]["node_name"] = "Changed quietly"
    sims.centric.tables["styles"].touch()
    with connect(Path(warehouse)) as con:  # a window reaching back over every record
        con.execute("UPDATE sync_cursors SET cursor = TIMESTAMPTZ '2000-01-01', read_at = NULL")

    again = run_pull(warehouse, "styles", "r2")
    assert again["mode"] == "incremental"
    assert (again["records"], again["already_landed"], again["new_versions"]) == (1, 11, 1)
    snapshot = again["snapshot_id"]
    assert query(
        warehouse, f"SELECT record_key FROM raw_records WHERE snapshot_id = '{snapshot}'"
    ) == [(edited,)]
    names = dict(query(warehouse, "SELECT id, node_name FROM centric_styles"))
    assert names[edited] == "Renamed" and names[quiet] != "Changed quietly"

    full = run_pull(warehouse, "styles", "r3", full=True)
    assert (full["records"], full["already_landed"], full["new_versions"]) == (12, 0, 1)
    assert dict(query(warehouse, "SELECT id, node_name FROM centric_styles"))[quiet] == (
        "Changed quietly"
    )


def test_nothing_is_set_aside_while_malformed_records_of_the_entity_are_open(env):
    sims, warehouse = env
    victim = sorted(sims.centric.tables["styles"].rows)[0]
    sims.centric.tables["styles"].rows[victim]["active"] = "sometimes"
    sims.centric.tables["styles"].touch()
    first = run_pull(warehouse, "styles", "r1")
    assert first["rejected"] == 1
    with connect(Path(warehouse)) as con:
        con.execute("UPDATE sync_cursors SET cursor = TIMESTAMPTZ '2000-01-01', read_at = NULL")
    again = run_pull(warehouse, "styles", "r2")
    assert (again["already_landed"], again["records"], again["rejected"]) == (0, 11, 1)
