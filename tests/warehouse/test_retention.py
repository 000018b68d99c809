from datetime import UTC, datetime, timedelta

from systems.generator import generate
from tests.helpers import land_catalog
from warehouse.retention import prune_raw

NOW = datetime(2027, 3, 1, tzinfo=UTC)
OLD = NOW - timedelta(days=200)


def counts(con) -> dict[str, int]:
    tables = [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '%\\_history' ESCAPE '\\'"
        ).fetchall()
    ]
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in tables}


def add_raw(con, system, entity, key, pulled_at, payload="{}"):
    con.execute(
        "INSERT INTO raw_records VALUES ('s', ?, ?, ?, ?, ?)",
        [system, entity, key, payload, pulled_at],
    )


def test_old_payloads_go_history_stays(warehouse):
    land_catalog(warehouse, generate(10, seed=3))
    history = counts(warehouse)
    landed = warehouse.execute("SELECT count(*) FROM raw_records").fetchall()[0][0]
    assert landed > 100
    warehouse.execute("UPDATE raw_records SET pulled_at = ?", [OLD])
    add_raw(warehouse, "centric", "styles", "C-new", NOW - timedelta(days=89))

    unresolved = warehouse.execute(
        "SELECT count(*) FROM quarantine WHERE stage = 'land' AND resolved_at IS NULL"
    ).fetchall()[0][0]
    dropped = prune_raw(warehouse, NOW, 90)

    kept = warehouse.execute("SELECT record_key FROM raw_records ORDER BY 1").fetchall()
    assert dropped == landed - (len(kept) - 1)
    # The recent payload and the only copy of each record still held back stay.
    held = warehouse.execute(
        "SELECT DISTINCT record_key FROM quarantine WHERE stage = 'land' AND resolved_at IS NULL"
    ).fetchall()
    assert set(kept) == {("C-new",), *held}
    assert len(kept) == 1 + unresolved
    assert counts(warehouse) == history


def test_payloads_something_still_reads_are_kept(warehouse):
    # A malformed record still held back: its latest payload is the only copy.
    add_raw(warehouse, "centric", "skus", "K1", OLD - timedelta(days=1), '{"v": 1}')
    add_raw(warehouse, "centric", "skus", "K1", OLD, '{"v": 2}')
    warehouse.execute(
        "INSERT INTO quarantine (run_id, stage, system, entity, record_key, style_id, reason,"
        " detected_at) VALUES ('r', 'land', 'centric', 'skus', 'K1', 'S1', 'RECORD_MALFORMED', ?)",
        [OLD],
    )
    # A malformed record that was fixed since: nothing needs its payload.
    add_raw(warehouse, "centric", "skus", "K2", OLD)
    warehouse.execute(
        "INSERT INTO quarantine (run_id, stage, system, entity, record_key, style_id, reason,"
        " detected_at, resolved_at) VALUES ('r', 'land', 'centric', 'skus', 'K2', 'S1',"
        " 'RECORD_MALFORMED', ?, ?)",
        [OLD, OLD],
    )
    # Smint.io license transactions: download URLs are read from the latest payload.
    add_raw(warehouse, "smintio", "license_transactions", "T1", OLD - timedelta(days=5))
    add_raw(warehouse, "smintio", "license_transactions", "T1", OLD)

    assert prune_raw(warehouse, NOW, 90) == 3
    assert warehouse.execute(
        "SELECT system, record_key, payload FROM raw_records ORDER BY 1, 2"
    ).fetchall() == [("centric", "K1", '{"v": 2}'), ("smintio", "T1", "{}")]
