"""Hostile records through the real clients and the pull task, for every entity launchsync reads.

Each example serves a page of hostile records from the simulator (on loopback) and runs a full
pull of the entity into a real warehouse file. The pull must finish; every record must be
either landed with its text stored as sent, or quarantined with a reason; records without a
usable id are quarantined without one; the payload of every record is kept; no table is lost.
"""

import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from prefect.logging import disable_run_logger
from pydantic import ValidationError

from launchsync.simulators import serve
from systems.generator import DefectRates, generate
from systems.registry import endpoint
from systems.smintio.feed import Feed
from tasks.pull import pull
from tests.hostile import bases, entities, hostile_page
from warehouse.db import held, open_warehouse

RECORDS_PER_ENTITY = 1000


@pytest.fixture(scope="module")
def sims(tmp_path_factory):
    # Smint.io refresh tokens are single use: every test of the module shares one token store.
    store = tmp_path_factory.mktemp("smintio") / "token.json"
    with serve(
        generate(2, seed=3, rates=DefectRates.none()),
        centric_port=0,
        fourallportal_port=0,
        smintio_port=0,
    ) as running:
        yield running, store


def offer(sims, system: str, entity: str, page: list[Any]) -> None:
    """Make the simulator list exactly ``page`` for the entity, malformed records as they are."""
    key = endpoint(system, entity).key
    stored: dict[str, Any] = {}
    for index, record in enumerate(page):
        own = record.get(key) if isinstance(record, dict) else None
        stored[own if isinstance(own, str) and own not in stored else f"~{index}"] = record
    if system == "smintio":
        feed = Feed(key)
        for storage_key, record in stored.items():
            feed.put(record, storage_key)
        sims.smintio.feeds[entity] = feed
        return
    table = (sims.centric if system == "centric" else sims.fourallportal).tables[entity]
    table.rows = stored
    table.touch()


def normalized(ep, record: Any) -> dict[str, Any] | None:
    if not isinstance(record, dict):
        return None
    try:
        row = ep.model.model_validate(record).to_row()
    except ValidationError:
        return None
    # A record of another module listed under this one is refused too.
    return row if row.get(ep.shared_table or "", ep.name) == ep.name else None


def check_landing(con, ep, page: list[Any], run_id: str, snapshot_id: str) -> None:
    where = f" AND {ep.shared_table} = '{ep.name}'" if ep.shared_table else ""
    current = {
        r[0]: r
        for r in con.execute(
            f"SELECT id, * FROM {ep.table} WHERE _valid_to IS NULL{where}"
        ).fetchall()
    }
    columns = [d[0] for d in con.description][1:]
    quarantined = {
        r[0]: r[1]
        for r in con.execute(
            "SELECT record_key, detail FROM quarantine WHERE run_id = ? AND record_key IS NOT NULL",
            [run_id],
        ).fetchall()
    }
    keyless = con.execute(
        "SELECT count(*) FROM quarantine WHERE run_id = ? AND record_key IS NULL", [run_id]
    ).fetchall()[0][0]
    raw = con.execute(
        "SELECT count(*) FROM raw_records WHERE snapshot_id = ?", [snapshot_id]
    ).fetchall()[0][0]
    assert raw >= len(page), "every record's payload is kept"
    valid: dict[str, list[dict[str, Any]]] = {}
    expected_keyless = 0
    for record in page:
        own = record.get(ep.key) if isinstance(record, dict) else None
        if not isinstance(own, str):
            expected_keyless += 1
            continue
        row = normalized(ep, record)
        if row is None:
            assert quarantined.get(own), f"{own!r} neither landed nor quarantined with a reason"
        else:
            valid.setdefault(own, []).append(row)
    assert keyless == expected_keyless
    for key, candidates in valid.items():
        assert key in current, f"valid record {key!r} did not land: {quarantined.get(key)}"
        stored = dict(zip(columns, current[key][1:], strict=True))
        differing = [
            {c: (stored[c], v) for c, v in row.items() if isinstance(v, str) and stored[c] != v}
            for row in candidates
        ]
        assert {} in differing, f"text of {key!r} was not stored as sent: {differing}"


@pytest.mark.parametrize(("system", "entity"), entities(), ids=[f"{s}/{e}" for s, e in entities()])
def test_hostile_records_land_or_are_quarantined(sims, system, entity, tmp_path, monkeypatch):
    sims, store = sims
    for name, value in sims.environment().items():
        monkeypatch.setenv(name, value)
    warehouse = tmp_path / "w.duckdb"
    monkeypatch.setenv("LAUNCHSYNC_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("LAUNCHSYNC_SMINTIO_TOKEN_STORE", str(store))
    ep = endpoint(system, entity)
    tried = []

    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],  # shrinking a slow example takes too long
    )
    @given(page=hostile_page(bases(system, entity)))
    def one_page(page: list[Any]) -> None:
        offer(sims, system, entity, page)
        run_id = str(uuid.uuid4())  # a replayed example is a new run
        with disable_run_logger():
            result = pull.fn(system, entity, run_id, str(warehouse), True)
        with open_warehouse(warehouse) as con:
            check_landing(con, ep, page, run_id, result["snapshot_id"])
        tried.append(len(page))

    with held(warehouse):  # as in a run: the file stays open between pulls
        one_page()
    print(f"{system}/{entity}: {sum(tried)} hostile records in {len(tried)} pages tried")
    assert sum(tried) >= RECORDS_PER_ENTITY
