"""Webhooks end to end on loopback: the simulator signs, the receiver verifies, a run imports."""

import os
import subprocess
import sys
import threading
import time

import httpx
import orjson
import pytest
import uvicorn
from prefect.logging import disable_run_logger
from pydantic import SecretStr

from launchsync.relay import Relay
from launchsync.simulators import serve
from launchsync.webhooks import receiver
from systems.fourallportal.client import FourAllPortalClient
from systems.generator import DefectRates, generate
from systems.signing import FOURALLPORTAL, SMINTIO, sign
from systems.smintio.client import SmintIoClient
from tasks.inbox import import_inbox
from tests.conftest import free_port, wait_until
from warehouse.db import connect, migrate, writer_lock
from warehouse.read_copy import publish_read_copy

SECRET = "correct-horse-battery-staple"


@pytest.fixture
def relay(tmp_path):
    return Relay(tmp_path / "runs.duckdb", poll=0.05)


@pytest.fixture
def receiving(tmp_path, relay):
    """The receiver served by uvicorn on loopback; yields its URL and inbox folder."""
    inbox = tmp_path / "inbox"
    port = free_port()
    app = receiver(SECRET, inbox, relay.warehouse, relay=relay)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_until(lambda: server.started, 10, "the receiver")
    yield f"http://127.0.0.1:{port}/webhooks/fourallportal", inbox
    server.should_exit = True
    thread.join(10)


def signed(
    body: bytes, secret: str = SECRET, timestamp: int | None = None, delivery: str = "d-1"
) -> dict:
    stamp = timestamp or int(time.time())
    return {
        FOURALLPORTAL.timestamp_header: str(stamp),
        FOURALLPORTAL.signature_header: sign(secret, stamp, body),
        FOURALLPORTAL.delivery_header: delivery,
    }


def new_warehouse(tmp_path, inbox, monkeypatch):
    """An empty warehouse, and the inbox a run imports from."""
    monkeypatch.setenv("LAUNCHSYNC_INBOX", str(inbox))
    warehouse = tmp_path / "w.duckdb"
    con = connect(warehouse)
    migrate(con)
    con.close()
    return warehouse


def test_simulator_deliveries_arrive_signed_and_land_in_the_inbox(receiving, tmp_path, monkeypatch):
    url, inbox = receiving
    with serve(generate(0, rates=DefectRates.none()), centric_port=0, fourallportal_port=0) as sims:
        with FourAllPortalClient.connect(
            sims.fourallportal_url, SecretStr(sims.fourallportal.api_key)
        ) as pim:
            pim.register_webhook(url, SecretStr(SECRET), ["product"])
            [product] = pim.bulk_upsert(
                "product", [{"style_number": [{"value": "SS27-1", "dimensions": {}}]}]
            )
            pim.delete("product", product)
        assert sims.fourallportal.deliveries.wait_idle(10)
    events = [orjson.loads(p.read_bytes()) for p in sorted(inbox.glob("*.json"))]
    assert sorted(e["type"] for e in events) == ["moduleobject_create", "moduleobject_delete"]
    assert {e["object_id"] for e in events} == {product}

    warehouse = new_warehouse(tmp_path, inbox, monkeypatch)
    with disable_run_logger():
        assert import_inbox.fn("run-1", str(warehouse)) == 2
        assert import_inbox.fn("run-2", str(warehouse)) == 0
    con = connect(warehouse, read_only=True)
    assert con.execute(
        "SELECT count(*), count(DISTINCT event_type) FROM webhook_events"
    ).fetchall() == [(2, 2)]
    con.close()
    assert list(inbox.glob("*.json")) == []


def test_smintio_notifications_arrive_signed_and_a_forged_one_is_refused(
    receiving, tmp_path, monkeypatch
):
    url, inbox = receiving
    smintio_url = url.replace("/webhooks/fourallportal", "/webhooks/smintio")
    catalog = generate(0, rates=DefectRates.none())
    with serve(catalog, centric_port=0, fourallportal_port=0, smintio_port=0) as sims:
        with SmintIoClient.connect(
            sims.smintio_url, sims.smintio.client_id, SecretStr(sims.smintio.client_secret),
            SecretStr("smintio-simulator-refresh-token"), token_store=tmp_path / "token.json",
        ) as smintio:  # fmt: skip
            smintio.register_webhook(smintio_url, SecretStr(SECRET), ["asset.status_changed"])
            smintio.put("assets", "file-1", {"name": "Packshot", "asset_type": "packshot"})
            smintio.set_status("file-1", approval_status="approved")
        assert sims.smintio.deliveries.wait_idle(10)
        assert [d["status"] for d in sims.smintio.deliveries.log] == [202]
    [event] = [orjson.loads(p.read_bytes()) for p in inbox.glob("*.json")]
    assert (event["system"], event["type"], event["module"], event["object_id"]) == (
        "smintio", "asset.status_changed", "assets", "file-1"
    )  # fmt: skip
    forged = orjson.dumps({"id": "f-1", "type": "asset.status_changed", "kind": "assets"})
    stamp = int(time.time())
    headers = {SMINTIO.timestamp_header: str(stamp), SMINTIO.delivery_header: "f-1",
               SMINTIO.signature_header: sign("not-the-shared-secret", stamp, forged)}  # fmt: skip
    assert httpx.post(smintio_url, content=forged, headers=headers).status_code == 401
    four_allportal_signed = signed(forged)  # right secret, wrong system's headers
    assert httpx.post(smintio_url, content=forged, headers=four_allportal_signed).status_code == 401
    assert len(list(inbox.glob("*.json"))) == 1

    warehouse = new_warehouse(tmp_path, inbox, monkeypatch)
    with disable_run_logger():
        assert import_inbox.fn("run-1", str(warehouse)) == 1
    con = connect(warehouse, read_only=True)
    assert con.execute("SELECT system, module, object_id FROM webhook_events").fetchall() == [
        ("smintio", "assets", "file-1")
    ]
    con.close()


def test_wrong_stale_or_missing_signatures_get_401_and_change_nothing(receiving):
    url, inbox = receiving
    body = orjson.dumps(
        {"id": "d-1", "type": "moduleobject_modify", "module": "file", "object_id": "x"}
    )
    refused = [
        signed(body, secret="another-secret-of-16+"),
        signed(body, timestamp=int(time.time()) - 3600),
        {FOURALLPORTAL.timestamp_header: str(int(time.time()))},
        {**signed(body), FOURALLPORTAL.signature_header: "sha256=" + "0" * 64},
    ]
    for headers in refused:
        answer = httpx.post(url, content=body, headers=headers)
        assert answer.status_code == 401, headers
    tampered = body.replace(b"modify", b"delete")
    assert httpx.post(url, content=tampered, headers=signed(body)).status_code == 401
    assert list(inbox.glob("*")) == []

    assert httpx.post(url, content=body, headers=signed(body)).status_code == 202
    assert httpx.post(url, content=body, headers=signed(body)).json() == {"status": "duplicate"}
    assert [p.name for p in inbox.glob("*.json")] == ["d-1.json"]


def test_serving_without_a_secret_is_a_one_line_error():
    done = subprocess.run(
        [sys.executable, "-m", "launchsync", "webhooks", "serve"], capture_output=True, text=True, timeout=60,
        env={**os.environ, "LAUNCHSYNC_WEBHOOK_SECRET": ""},
    )  # fmt: skip
    assert (
        done.returncode == 2
        and "LAUNCHSYNC_WEBHOOK_SECRET" in done.stderr
        and "Traceback" not in done.stderr
    )


def test_deliveries_wait_for_a_writing_run_and_raise_events_only_for_news(
    receiving, relay, monkeypatch
):
    from launchsync import events

    url, inbox = receiving
    emitted = []
    monkeypatch.setattr(events, "enabled", lambda: True)
    monkeypatch.setattr(events, "emit_event", lambda **kw: emitted.append(kw) or object())
    # What the last run read: file-own as launchsync's push left it, file-gone since deleted.
    con = connect(relay.warehouse)
    migrate(con)
    con.execute(
        "INSERT INTO fourallportal_objects_history (id, module, mod_time, _hash, _valid_from,"
        " _valid_to, _snapshot_id, _run_id) VALUES"
        " ('file-own', 'file', '2026-11-22T10:00:00Z', 'h', now(), NULL, 's', 'r'),"
        " ('file-gone', 'file', '2026-11-22T09:00:00Z', 'h', now(), now(), 's', 'r')"
    )
    publish_read_copy(con, relay.warehouse)
    con.close()

    def deliver(object_id: str, at: str, kind: str = "modify") -> None:
        body = orjson.dumps({"type": f"moduleobject_{kind}", "module": "file",
                             "object_id": object_id, "mod_time": at})  # fmt: skip
        response = httpx.post(
            url, content=body, headers=signed(body, delivery=f"d-{object_id}-{kind}")
        )
        assert response.status_code == 202 and response.json() == {"status": "accepted"}

    with writer_lock(relay.warehouse):  # a run is writing: deliveries wait for it
        deliver("file-own", "2026-11-22T10:00:00.000Z")  # the run's own write, already read
        deliver("file-gone", "2026-11-22T09:30:00.000Z", "delete")  # its own delete
        deliver("file-own", "2026-11-22T10:05:00.000Z", "create")  # newer than what it read
        deliver("file-new", "2026-11-22T10:01:00.000Z")  # never read
        wait_until(lambda: relay.waiting == 4, 10, "the relay to hold four deliveries")
        assert emitted == []
    wait_until(lambda: relay.emitted + relay.echoes == 4, 10, "the relay to judge the deliveries")
    assert (relay.emitted, relay.echoes) == (2, 2)
    assert [e["resource"]["launchsync.id"] for e in emitted] == ["file-own", "file-new"]
    assert {e["event"] for e in emitted} == {"launchsync.fourallportal.file.changed"}
    assert emitted[1]["resource"]["prefect.resource.id"] == "fourallportal.file.file-new"
    assert len(list(inbox.glob("*.json"))) == 4  # every delivery kept for the next run

    deliver("file-later", "2026-11-22T11:00:00.000Z")  # no run writing: at once
    wait_until(lambda: relay.emitted == 3, 10, "the relay to emit without a run")


def test_smintio_deliveries_map_to_the_events_the_triggers_expect():
    from launchsync.events import delivery_event

    assert delivery_event({"system": "smintio", "type": "license_purchase_transaction.changed",
                           "object_id": "tx-1"}) == ("launchsync.smintio.license.changed", "license", "tx-1")  # fmt: skip
    assert delivery_event({"system": "smintio", "type": "asset.status_changed", "object_id": "f-1"}) == (
        "launchsync.smintio.asset.status-changed", "asset", "f-1")  # fmt: skip
    assert delivery_event({"system": "smintio", "type": "unknown", "object_id": "x"}) is None
    assert delivery_event({"system": "fourallportal", "module": "file", "object_id": None}) is None
