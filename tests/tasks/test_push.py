"""The push task against a 4ALLPORTAL simulator served on loopback."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prefect.logging import disable_run_logger

from launchsync import clients
from launchsync.config import load_config
from launchsync.settings import load_settings
from launchsync.simulators import serve
from systems.faults import parse_faults
from systems.fourallportal.client import FourAllPortalClient
from systems.generator import DefectRates, generate
from systems.http import OutcomeUnknown, ServerFailed
from tasks.changeset import Write, plan_writes
from tasks.push import Attempts, Ledger, Pusher, push
from tasks.targets import mapping
from tests.helpers import max_overlap
from warehouse.db import connect, migrate


def served(tmp_path, monkeypatch, catalog, faults=None):
    """Simulators serving ``catalog`` on loopback, launchsync pointed at them, an empty warehouse."""
    with serve(
        catalog, centric_port=0, fourallportal_port=0, smintio_port=0, faults=faults
    ) as sims:
        for name, value in sims.environment().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("LAUNCHSYNC_SMINTIO_TOKEN_STORE", str(tmp_path / "smintio-token.json"))
        path = tmp_path / "w.duckdb"
        con = connect(path)
        migrate(con)
        con.close()
        yield sims, path


@pytest.fixture
def env(tmp_path, monkeypatch):
    yield from served(tmp_path, monkeypatch, generate(0, seed=1, rates=DefectRates.none()))


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


@pytest.fixture
def centric(tmp_path, monkeypatch):
    """A Centric simulator with three styles; each image create applies, then its answer is lost."""
    yield from served(
        tmp_path,
        monkeypatch,
        generate(3, seed=2, rates=DefectRates.none()),
        parse_faults("reset@POST/*/images=1"),
    )


def plan_centric(path: Path, run_id: str, mapping: str, entity: str, rows: list[tuple]) -> None:
    """Record Centric writes (operation, key, object id, field, JSON value) as a diff would."""
    computed = datetime.now(UTC)
    con = connect(path)
    con.executemany(
        "INSERT INTO field_changes (run_id, system, entity, mapping, level, record_key, object_id,"
        " operation, field, locale, channel, new_value, change, computed_at) VALUES"
        " (?, 'centric', ?, ?, 0, ?, ?, ?, ?, '', '', ?, 'update', ?)",
        [[run_id, entity, mapping, key, object_id, op, field, value, computed]
         for op, key, object_id, field, value in rows],
    )  # fmt: skip
    con.close()


def test_smintio_records_go_a_batch_per_call_and_a_refused_one_alone_is_quarantined(env):
    sims, path = env
    good = [("asset_type", "", "", "packshot"), ("name", "", "", "Packshot")]
    writes = [Write("create", f"file-{i}", None, None, list(good)) for i in range(5)]
    writes[2].values = [("asset_type", "", "", "packshot"), ("name", "", "", 5)]  # not a string
    settings = load_settings()
    con = connect(path)
    try:
        with clients.for_system("smintio", settings, load_config(settings.config)) as client:
            pusher = Pusher(client, Ledger(con, "r1", mapping("s1.assets")), con)
            pusher.send(writes, Attempts("s1.assets"), batch_size=2)
    finally:
        con.close()
    assert (pusher.counts["created"], pusher.counts["rejected"]) == (4, 1)
    puts = [e["path"] for e in sims.injectors["smintio"].log.snapshot() if e["method"] == "PUT"]
    assert puts == ["/creative/v1/assets"] * 3  # five records, two a call
    written = sorted(r["external_id"] for r in sims.smintio.records("assets"))
    assert written == ["file-0", "file-1", "file-3", "file-4"]
    states = dict(query(path, "SELECT state, count(*) FROM push_ledger GROUP BY state"))
    assert states == {"applied": 4, "rejected": 1}
    [(key, reason, detail)] = query(path, "SELECT record_key, reason, detail FROM quarantine")
    assert (key, reason) == ("file-2", "PUSH_REJECTED") and "validation_failed" in detail


def test_a_smintio_record_that_failed_in_its_batch_is_recorded_failed_and_ends_the_batch(env):
    _, path = env
    failure = ServerFailed(
        "PUT creative/v1/assets (file-1): HTTP 503", system="Smint.io", status=503
    )

    class Answering:  # a Smint.io that writes the first record and fails the second
        def put_many(self, kind, records, key=None):
            return [None, failure]

    writes = [Write("create", f"file-{i}", None, None, [("name", "", "", "A")]) for i in range(2)]
    con = connect(path)
    try:
        pusher = Pusher(Answering(), Ledger(con, "r1", mapping("s1.assets")), con)
        with pytest.raises(ServerFailed):
            pusher.send(writes, Attempts("s1.assets", give_up=1), batch_size=2)
    finally:
        con.close()
    rows = query(path, "SELECT record_key, state, error FROM push_ledger ORDER BY record_key")
    assert rows == [("file-0", "applied", None), ("file-1", "failed", str(failure))]
    assert query(path, "SELECT count(*) FROM quarantine") == [(0,)]  # failed, not refused


def test_centric_writes_succeed_or_fail_one_by_one_and_are_recorded_by_batch(centric):
    sims, path = centric
    styles = sorted(sims.centric.tables["styles"].rows)
    updates = [("update", s, s, "bx_launch_status", '"ready"') for s in styles]
    updates.insert(1, ("update", "C404", "C404", "bx_launch_status", '"ready"'))  # no such style
    plan_centric(path, "r1", "c4.launch_status", "styles", updates)
    with disable_run_logger():
        counts = push.fn("r1", str(path), "c4.launch_status", 0)
    assert (counts["updated"], counts["rejected"]) == (len(styles), 1)
    assert all(sims.centric.tables["styles"].rows[s]["bx_launch_status"] == "ready" for s in styles)
    states = dict(query(path, "SELECT state, count(*) FROM push_ledger GROUP BY state"))
    assert states == {"applied": len(styles), "rejected": 1}
    assert query(path, "SELECT record_key, reason FROM quarantine") == [("C404", "PUSH_REJECTED")]
    # The agreed values of the applied writes are remembered, none of the refused one.
    assert sorted(k for (k,) in query(path, "SELECT record_key FROM sync_baseline")) == styles


def with_sync_option(tmp_path, monkeypatch, line: str) -> None:
    """Point launchsync at a copy of the shipped configuration with one [sync] line changed."""
    source = Path(load_config().source).read_text()
    name = line.split("=")[0].strip()
    changed = re.sub(rf"(?m)^{name} = .*$", line, source, count=1)
    assert re.search(rf"(?m)^{re.escape(line)}$", changed)
    (tmp_path / "launchsync.toml").write_text(changed)
    monkeypatch.setenv("LAUNCHSYNC_CONFIG", str(tmp_path / "launchsync.toml"))


@pytest.mark.parametrize(("width", "group"), [(1, 10_000), (4, 10_000), (1, 4)])
def test_a_step_stopped_by_failures_in_a_row_records_what_it_did_not_send(
    centric, tmp_path, monkeypatch, width, group
):
    sims, path = centric
    with_sync_option(tmp_path, monkeypatch, f"push_concurrency = {width}")
    monkeypatch.setattr("tasks.push.GROUP", group)
    if group < 9:  # one call per batch: the group's later batches are never begun
        with_sync_option(tmp_path, monkeypatch, "push_batch_size = 1")
    creates = [("create", f"F{i}@S", None, "bx_fourallportal_id", f'"F{i}"') for i in range(9)]
    plan_centric(path, "r1", "c2.images", "images", creates)
    with disable_run_logger(), pytest.raises(OutcomeUnknown, match="may have been applied"):
        push.fn("r1", str(path), "c2.images", 0)
    # Three failures in a row stop the step. Until the third, each call that ends makes room
    # for the next; the calls in flight when it comes finish and are recorded.
    posts = [e for e in sims.injectors["centric"].log.snapshot() if e["method"] == "POST"]
    sent = len([e for e in posts if e["path"].endswith("/images")])
    assert max(3, width) <= sent <= 3 + width - 1
    assert len(sims.centric.tables["images"].rows) == sent  # applied before its answer broke
    intended = min(9, -(-sent // group) * group)  # the groups begun; later ones never were
    rows = query(path, "SELECT record_key, state, error FROM push_ledger ORDER BY record_key")
    assert [(k, s) for k, s, _ in rows] == [
        *[(f"F{i}@S", "pending") for i in range(sent)],  # sent, no answer: outcome unknown
        *[(f"F{i}@S", "failed") for i in range(sent, intended)],
    ]
    assert all("not sent" in e for _, s, e in rows if s == "failed")


def test_centric_writes_go_several_at_a_time(tmp_path, monkeypatch):
    # Every style update takes 0.3 s in the simulator: writes overlap, never more than four.
    for sims, path in served(
        tmp_path,
        monkeypatch,
        generate(8, seed=2, rates=DefectRates.none()),
        parse_faults("latency:0.3@PUT/*/styles/*=1"),
    ):
        with_sync_option(tmp_path, monkeypatch, "push_concurrency = 4")
        styles = sorted(sims.centric.tables["styles"].rows)
        updates = [("update", s, s, "bx_launch_status", '"ready"') for s in styles]
        plan_centric(path, "r1", "c4.launch_status", "styles", updates)
        with disable_run_logger():
            counts = push.fn("r1", str(path), "c4.launch_status", 0)
        assert counts["updated"] == len(styles) >= 8
        puts = [e for e in sims.injectors["centric"].log.snapshot() if e["method"] == "PUT"]
        assert len(puts) == len(styles)
        assert 1 < max_overlap(puts) <= 4
        states = dict(query(path, "SELECT state, count(*) FROM push_ledger GROUP BY state"))
        assert states == {"applied": len(styles)}


def test_confirmed_writes_are_recorded_in_groups_and_when_the_step_stops(env, monkeypatch):
    sims, path = env
    with_sync_option(path.parent, monkeypatch, "push_batch_size = 1")
    monkeypatch.setattr("tasks.push.GROUP", 2)
    # The target takes three batches, then fails every call.
    original = FourAllPortalClient.bulk_upsert
    calls = []

    def failing_after_three(self, *args, **kwargs):
        calls.append(args)
        if len(calls) > 3:
            raise ServerFailed("4ALLPORTAL answered 503", system="fourallportal", status=503)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(FourAllPortalClient, "bulk_upsert", failing_after_three)
    keys = [f"C{i}" for i in range(5)]
    plan(path, "r1", [(k, "centric_id", f'"{k}"') for k in keys])
    with pytest.raises(ServerFailed):
        run_push(path, "r1")
    assert len(calls) == 5 and len(sims.fourallportal.objects("classification")) == 3
    # Writes are intended and recorded two at a time; the third when its group ended.
    rows = query(path, "SELECT record_key, state FROM push_ledger ORDER BY record_key")
    assert rows == [*[(k, "applied") for k in keys[:3]], *[(k, "failed") for k in keys[3:]]]
    remembered = query(path, "SELECT DISTINCT record_key FROM sync_baseline ORDER BY 1")
    assert [k for (k,) in remembered] == keys[:3]


def test_a_level_is_read_and_sent_a_group_at_a_time_in_the_order_of_the_whole(env, monkeypatch):
    sims, path = env
    plan(path, "r1", [(k, "centric_id", f'"{k}"') for k in ("C1", "C3")])
    assert run_push(path, "r1")["created"] == 2
    ids = {
        o["centric_id"][0]["value"]: o["id"] for o in sims.fourallportal.objects("classification")
    }
    # The next diff: two records to update and three to create, each with two fields, planned
    # out of key order; the target takes them two records at a time.
    computed = datetime.now(UTC)
    rows = [("update", k, ids[k], f'"{k}"', '"AW27"') for k in ("C3", "C1")]
    rows += [("create", k, None, f'"{k}"', '"SS27"') for k in ("C5", "C2", "C4")]
    con = connect(path)
    con.executemany(
        "INSERT INTO field_changes (run_id, system, entity, mapping, level, record_key, object_id,"
        " object_type, operation, field, locale, channel, new_value, change, computed_at)"
        " VALUES ('r2', 'fourallportal', 'classification', 'c5.classification', 0, ?, ?, 'season',"
        " ?, ?, '', '', ?, 'update', ?)",
        [[key, object_id, op, field, value, computed]
         for op, key, object_id, centric_id, code in rows
         for field, value in (("code", code), ("centric_id", centric_id))],
    )  # fmt: skip
    con.close()
    monkeypatch.setattr("tasks.push.GROUP", 2)
    read = []
    monkeypatch.setattr(
        "tasks.push.plan_writes", lambda changes: read.append(changes) or plan_writes(changes)
    )
    calls = []
    original = FourAllPortalClient.bulk_upsert

    def recording(self, module, objects, **kwargs):
        calls.append(
            [(o.get("id"), o["centric_id"][0]["value"], o["code"][0]["value"]) for o in objects]
        )
        return original(self, module, objects, **kwargs)

    monkeypatch.setattr(FourAllPortalClient, "bulk_upsert", recording)
    counts = run_push(path, "r2")
    assert counts.items() >= {"planned": 5, "created": 3, "updated": 2}.items()
    # Creates before updates, each in key order, two records per group; every record whole.
    assert calls == [
        [(None, "C2", "SS27"), (None, "C4", "SS27")],
        [(None, "C5", "SS27"), (ids["C1"], "C1", "AW27")],
        [(ids["C3"], "C3", "AW27")],
    ]
    assert [frame.get_column("key").unique().len() for frame in read] == [2, 2, 1]


@pytest.mark.parametrize("width", [1, 4])
def test_4allportal_batches_go_several_at_a_time(tmp_path, monkeypatch, width):
    # Every bulk write takes 0.3 s in the simulator: batches overlap, never more than allowed.
    for sims, path in served(
        tmp_path,
        monkeypatch,
        generate(0, seed=1, rates=DefectRates.none()),
        parse_faults("latency:0.3@PATCH/api/modules/classification/objects=1"),
    ):
        with_sync_option(tmp_path, monkeypatch, f"push_concurrency = {width}")
        source = (tmp_path / "launchsync.toml").read_text()
        (tmp_path / "launchsync.toml").write_text(
            re.sub(r"(?m)^push_batch_size = .*$", "push_batch_size = 2", source)
        )
        keys = [f"C{i}" for i in range(8)]
        plan(path, "r1", [(k, "centric_id", f'"{k}"') for k in keys])
        counts = run_push(path, "r1")
        assert counts["created"] == len(keys)
        patches = [
            e for e in sims.injectors["fourallportal"].log.snapshot() if e["method"] == "PATCH"
        ]
        assert len(patches) == len(keys) // 2
        assert max_overlap(patches) == width
        created = sorted(
            o["centric_id"][0]["value"] for o in sims.fourallportal.objects("classification")
        )
        assert created == keys
        states = dict(query(path, "SELECT state, count(*) FROM push_ledger GROUP BY state"))
        assert states == {"applied": len(keys)}
