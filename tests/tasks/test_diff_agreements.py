"""A diff compares only records whose desired values or target objects changed since it last
found them in agreement (a full diff compares all), against simulators served on loopback."""

import shutil
from pathlib import Path

import pytest
from prefect.logging import disable_run_logger
from pydantic import SecretStr

import tasks.diff
from launchsync.simulators import serve
from systems.fourallportal.client import FourAllPortalClient
from systems.generator import DefectRates, generate
from tasks.diff import diff_mapping
from tasks.pull import pull
from tasks.push import push
from warehouse.db import connect

MAPPING = "c5.classification"  # level 0: one 4ALLPORTAL classification object per season


@pytest.fixture
def env(tmp_path, monkeypatch):
    with serve(
        generate(8, seed=3, rates=DefectRates.none()), centric_port=0, fourallportal_port=0
    ) as sims:
        for name, value in sims.environment().items():
            monkeypatch.setenv(name, value)
        warehouse = str(tmp_path / "w.duckdb")
        with disable_run_logger():
            for entity in ("seasons", "collections"):
                pull.fn("centric", entity, "r0", warehouse)
            pull.fn("fourallportal", "classification", "r0", warehouse)
        yield sims, warehouse


def step(
    warehouse: str, run_id: str, full: bool = False, write: bool = True, level: int = 0
) -> dict:
    """Diff a level and, when there is something to write, push it and re-read the target."""
    with disable_run_logger():
        found = diff_mapping.fn(run_id, warehouse, MAPPING, level, full=full)
        if found["values"] and write:
            push.fn(run_id, warehouse, MAPPING, level)
            pull.fn("fourallportal", "classification", run_id, warehouse)
    return found


def agreed(warehouse: str) -> int:
    con = connect(Path(warehouse), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM diff_agreements").fetchall()[0][0]
    finally:
        con.close()


def test_only_what_changed_since_an_agreement_is_compared_again(env):
    sims, warehouse = env
    seasons = len(sims.centric.tables["seasons"].rows)
    created = step(warehouse, "r1")
    assert (created["compared"], created.get("create")) == (seasons, seasons)
    settled = step(warehouse, "r2")  # the new objects are read back: compared, in agreement
    assert (settled["compared"], settled["values"]) == (seasons, 0)
    assert agreed(warehouse) == seasons
    # Nothing it reads changed since: the level is skipped without reading its records.
    idle = step(warehouse, "r3")
    assert (idle.get("quiet"), idle.get("compared"), idle["values"]) == (True, None, 0)
    # A full diff reads them all and finds them in agreement, as the skip assumed.
    checked = step(warehouse, "r3b", full=True)
    assert (checked["desired"], checked["compared"], checked["values"]) == (seasons, seasons, 0)

    season = next(iter(sims.centric.tables["seasons"].rows))
    sims.centric.edit("seasons", season, {"node_name": "Pre-Fall"})  # the owner changes one
    with disable_run_logger():
        pull.fn("centric", "seasons", "r4", warehouse)
    renamed = step(warehouse, "r4")
    assert (renamed["compared"], renamed.get("update")) == (1, 1)
    assert step(warehouse, "r5")["compared"] == 1  # its new target version, now in agreement
    assert step(warehouse, "r6").get("quiet")

    # Someone edits the object in 4ALLPORTAL, which does not own the field.
    objects = [o for o in sims.fourallportal.objects("classification")
               if o["centric_id"][0]["value"] == season]  # fmt: skip
    login = (sims.fourallportal_url, SecretStr(sims.fourallportal.api_key))
    with FourAllPortalClient.connect(*login) as client:
        client.bulk_upsert(
            "classification", [{"id": objects[0]["id"], "name": [{"value": "Edited"}]}]
        )
    with disable_run_logger():
        pull.fn("fourallportal", "classification", "r7", warehouse)
    edited = step(warehouse, "r7", write=False)
    assert (edited["compared"], edited.get("update")) == (1, 1)
    # Not written: the record is not in agreement, so the next diff compares it again, though
    # nothing it reads changed since.
    assert step(warehouse, "r8", write=False)["compared"] == 1
    everything = step(warehouse, "r9", full=True)
    assert everything["compared"] == seasons


def stored(warehouse: str) -> dict[str, list[tuple]]:
    """What a diff stores, without the times it stored it at."""
    con = connect(Path(warehouse), read_only=True)
    try:
        found = {}
        for table in ("field_changes", "diff_agreements", "sync_baseline", "conflicts"):
            columns = [
                name
                for name, kind in con.execute(
                    "SELECT column_name, data_type FROM information_schema.columns"
                    " WHERE table_name = ?",
                    [table],
                ).fetchall()
                if not kind.startswith("TIMESTAMP")
            ]
            found[table] = con.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL"
            ).fetchall()
        return found
    finally:
        con.close()


def test_a_level_diffed_a_group_at_a_time_stores_what_one_diff_of_all_stores(
    env, tmp_path, monkeypatch
):
    sims, warehouse = env
    for run_id in ("r1", "r2"):  # the seasons, then their collections (level 1), created
        step(warehouse, run_id)
        step(warehouse, run_id, level=1)
        step(warehouse, run_id, level=1)
    collections = list(sims.centric.tables["collections"].rows)
    assert len(collections) >= 5
    sims.centric.edit("collections", collections[0], {"node_name": "Resort"})  # to write
    edited = next(o for o in sims.fourallportal.objects("classification")
                  if o["centric_id"][0]["value"] == collections[3])  # fmt: skip
    login = (sims.fourallportal_url, SecretStr(sims.fourallportal.api_key))
    with FourAllPortalClient.connect(*login) as client:  # and an edit by the non-owner
        client.bulk_upsert("classification", [{"id": edited["id"], "name": [{"value": "Edited"}]}])
    with disable_run_logger():
        pull.fn("centric", "collections", "r3", warehouse)
        pull.fn("fourallportal", "classification", "r3", warehouse)
    copy = tmp_path / "grouped.duckdb"
    shutil.copy(warehouse, copy)

    whole = step(warehouse, "r3", full=True, write=False, level=1)
    monkeypatch.setattr(tasks.diff, "GROUP", 1)
    grouped = step(str(copy), "r3", full=True, write=False, level=1)
    assert grouped == whole
    assert whole["compared"] == whole["desired"] >= 3
    assert (whole.get("update"), whole["conflicts"]) == (2, 1)
    after = stored(warehouse)
    assert after["field_changes"] and after["diff_agreements"]
    assert stored(str(copy)) == after
    # The push takes every group's changes (the two updates were diffed in two groups).
    with disable_run_logger():
        pushed = push.fn("r3", str(copy), MAPPING, 1)
    assert pushed["updated"] == 2
