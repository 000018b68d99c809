from datetime import UTC, datetime, timedelta

from warehouse.history import close_current, merge_snapshot, rebuild_values, stage_name, stage_rows

T0 = datetime(2026, 6, 1, tzinfo=UTC)


def season(id_, name, minutes=0):
    return {"id": id_, "node_name": name, "code": name[:4], "description": None, "active": True,
            "modified_at": T0 + timedelta(minutes=minutes), "bx_year": 2027, "bx_season_type": "SS"}  # fmt: skip


def land(con, rows, snapshot, at, full=False, table="centric_seasons_history"):
    stage_rows(con, table, rows, snapshot, "run-" + snapshot)
    return merge_snapshot(
        con, table, snapshot_id=snapshot, pulled_at=at, order_by="modified_at", full=full
    )


def versions(con, id_):
    return con.execute(
        "SELECT node_name, _valid_from, _valid_to FROM centric_seasons_history WHERE id = ? ORDER BY _valid_from",
        [id_],
    ).fetchall()


def test_unchanged_records_add_no_versions_and_changes_close_the_old_one(warehouse):
    first = land(warehouse, [season("C1", "Spring"), season("C2", "Autumn")], "s1", T0)
    assert (first.records, first.new_versions, first.closed_versions) == (2, 2, 0)
    again = land(warehouse, [season("C1", "Spring")], "s2", T0 + timedelta(hours=1))
    assert again.new_versions == 0
    changed = land(warehouse, [season("C1", "Spring/Summer", 5)], "s3", T0 + timedelta(hours=2))
    assert changed.new_versions == 1
    assert changed.max_cursor == T0 + timedelta(minutes=5)
    assert versions(warehouse, "C1") == [
        ("Spring", T0, T0 + timedelta(hours=2)),
        ("Spring/Summer", T0 + timedelta(hours=2), None),
    ]
    assert warehouse.execute("SELECT count(*) FROM centric_seasons").fetchall() == [(2,)]
    # The staged rows went into history; nothing staged is left, and nothing in the file.
    stage = stage_name("centric_seasons_history")
    assert warehouse.execute(f"SELECT count(*) FROM {stage}").fetchall() == [(0,)]
    assert warehouse.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE NOT temporary AND table_name LIKE 'stage%'"
    ).fetchall() == [(0,)]


def test_a_full_snapshot_closes_records_that_disappeared(warehouse):
    land(warehouse, [season("C1", "Spring"), season("C2", "Autumn")], "s1", T0)
    incremental = land(warehouse, [season("C1", "Spring")], "s2", T0 + timedelta(hours=1))
    assert incremental.closed_versions == 0
    full = land(warehouse, [season("C1", "Spring")], "s3", T0 + timedelta(hours=2), full=True)
    assert full.closed_versions == 1
    assert versions(warehouse, "C2") == [("Autumn", T0, T0 + timedelta(hours=2))]
    assert [r[0] for r in warehouse.execute("SELECT id FROM centric_seasons").fetchall()] == ["C1"]
    back = land(
        warehouse,
        [season("C1", "Spring"), season("C2", "Autumn")],
        "s4",
        T0 + timedelta(hours=3),
        full=True,
    )
    assert back.new_versions == 1


def test_duplicates_within_a_snapshot_keep_the_latest(warehouse):
    stats = land(
        warehouse,
        [season("C1", "Old", 1), season("C1", "New", 2), season("C1", "Older", 0)],
        "s1",
        T0,
    )
    assert stats.records == 1
    assert versions(warehouse, "C1") == [("New", T0, None)]


def test_state_as_of_a_time_is_one_query(warehouse):
    land(warehouse, [season("C1", "Spring")], "s1", T0)
    land(warehouse, [season("C1", "Spring/Summer", 5)], "s2", T0 + timedelta(days=1))
    as_of = T0 + timedelta(hours=12)
    name = warehouse.execute(
        "SELECT node_name FROM centric_seasons_history WHERE id = 'C1'"
        " AND _valid_from <= ? AND (_valid_to IS NULL OR _valid_to > ?)",
        [as_of, as_of],
    ).fetchall()
    assert name == [("Spring",)]


def pim(id_, title, minutes=0):
    return {"id": id_, "module": "product", "type": "style", "centric_id": "C" + id_,
            "mod_time": T0 + timedelta(minutes=minutes),
            "fields": [{"name": "title", "locale": "de_DE", "channel": "ecom", "value": f'"{title}"'},
                       {"name": "code", "locale": "", "channel": "", "value": f'"{id_}"'}]}  # fmt: skip


def values_unnested(con):
    """What fourallportal_values must hold: the fields of every current version, unnested."""
    return con.execute(
        """SELECT h.id, h.module, h.type, h.centric_id, f.name, f.locale, f.channel, f.value
           FROM fourallportal_objects_history h, unnest(h.fields) AS u(f)
           WHERE h._valid_to IS NULL ORDER BY ALL"""
    ).fetchall()


def test_the_values_table_follows_every_version_opened_or_closed(warehouse):
    def land_pim(rows, snapshot, hours, full=False):
        stage_rows(warehouse, "fourallportal_objects_history", rows, snapshot, "run-" + snapshot)
        merge_snapshot(warehouse, "fourallportal_objects_history", snapshot_id=snapshot,
                       pulled_at=T0 + timedelta(hours=hours), order_by="mod_time", full=full,
                       partition=("module", "product"))  # fmt: skip

    def shown():
        return warehouse.execute("SELECT * FROM fourallportal_values ORDER BY ALL").fetchall()

    land_pim([pim("A", "Jacke"), pim("B", "Hose"), pim("C", "Mantel")], "s1", 1)
    assert len(shown()) == 6 and shown() == values_unnested(warehouse)
    land_pim([pim("A", "Regenjacke", 5)], "s2", 2)  # a new version replaces A's values
    assert ("A", "product", "style", "CA", "title", "de_DE", "ecom", '"Regenjacke"') in shown()
    assert shown() == values_unnested(warehouse)
    land_pim([pim("A", "Regenjacke", 5), pim("B", "Hose")], "s3", 3, full=True)  # C is gone
    assert {r[0] for r in shown()} == {"A", "B"} and shown() == values_unnested(warehouse)
    close_current(warehouse, "fourallportal_objects_history", ["B"], T0 + timedelta(hours=4))
    assert {r[0] for r in shown()} == {"A"} and shown() == values_unnested(warehouse)
    warehouse.execute("DELETE FROM fourallportal_current_values")
    rebuild_values(warehouse)
    assert shown() == values_unnested(warehouse)
