"""A diff compares only records whose desired values or target objects changed since it last
found them in agreement (a full diff compares all), against simulators served on loopback."""

from pathlib import Path

import pytest
from prefect.logging import disable_run_logger
from pydantic import SecretStr

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


def step(warehouse: str, run_id: str, full: bool = False, write: bool = True) -> dict:
    """Diff level 0 and, when there is something to write, push it and re-read the target."""
    with disable_run_logger():
        found = diff_mapping.fn(run_id, warehouse, MAPPING, 0, full=full)
        if found["values"] and write:
            push.fn(run_id, warehouse, MAPPING, 0)
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
