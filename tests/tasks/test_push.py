"""The push task against a 4ALLPORTAL simulator served on loopback."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from prefect.logging import disable_run_logger

from launchsync.simulators import serve
from systems.generator import DefectRates, generate
from tasks.push import push
from warehouse.db import connect, migrate


@pytest.fixture
def env(tmp_path, monkeypatch):
    with serve(
        generate(0, seed=1, rates=DefectRates.none()), centric_port=0, fourallportal_port=0
    ) as sims:
        for name, value in sims.environment().items():
            monkeypatch.setenv(name, value)
        path = tmp_path / "w.duckdb"
        con = connect(path)
        migrate(con)
        con.close()
        yield sims, path


def plan(path: Path, run_id: str, changes: list[tuple[str, str, str]]) -> None:
    """Record classification creates (centric id, field, JSON value) as a diff would."""
    computed = datetime.now(UTC)  # one diff: one computation time for all its rows
    con = connect(path)
    con.executemany(
        "INSERT INTO field_changes (run_id, system, entity, mapping, level, record_key, object_type,"
        " operation, field, locale, channel, new_value, change, computed_at) VALUES"
        " (?, 'fourallportal', 'classification', 'c5.classification', 0, ?, 'season', 'create', ?, '', '', ?, 'insert', ?)",
        [[run_id, key, field, value, computed] for key, field, value in changes],
    )
    con.close()


def run_push(path: Path, run_id: str) -> dict:
    with disable_run_logger():
        return push.fn(run_id, str(path), "c5.classification", 0)


def query(path: Path, sql: str) -> list:
    con = connect(path, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_refused_object_is_quarantined_the_rest_goes_and_it_is_not_resent(env):
    sims, path = env
    good = [("C1", "centric_id", '"C1"'), ("C1", "code", '"SS27"')]
    bad = [("C2", "centric_id", '"C2"'), ("C2", "code", "12")]  # a number in a text field
    plan(path, "r1", good + bad)
    first = run_push(path, "r1")
    assert (first["created"], first["rejected"]) == (1, 1)
    assert [o["code"][0]["value"] for o in sims.fourallportal.objects("classification")] == ["SS27"]
    [(key, reason, detail)] = query(path, "SELECT record_key, reason, detail FROM quarantine")
    assert (key, reason) == ("C2", "PUSH_REJECTED") and "expects a string" in detail

    requests = sims.fourallportal.requests
    plan(path, "r2", bad)
    second = run_push(path, "r2")
    assert second["still_rejected"] == 1 and second["created"] == 0
    assert sims.fourallportal.requests == requests

    plan(path, "r3", [("C2", "centric_id", '"C2"'), ("C2", "code", '"AW27"')])
    third = run_push(path, "r3")
    assert third["created"] == 1
    assert query(path, "SELECT count(*) FROM quarantine WHERE resolved_at IS NULL") == [(0,)]
    states = dict(query(path, "SELECT state, count(*) FROM push_ledger GROUP BY state"))
    # The first batch (both objects) was refused whole, then resent in halves.
    assert states == {"applied": 2, "rejected": 1, "failed": 2}
