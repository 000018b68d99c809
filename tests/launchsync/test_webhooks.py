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

from launchsync.simulators import serve
from launchsync.webhooks import receiver
from systems.fourallportal.client import FourAllPortalClient
from systems.generator import DefectRates, generate
from systems.signing import FOURALLPORTAL, SMINTIO, sign
from systems.smintio.client import SmintIoClient
from tasks.inbox import import_inbox
from tests.conftest import free_port, wait_until
from warehouse.db import connect, migrate

SECRET = "correct-horse-battery-staple"


@pytest.fixture
def receiving(tmp_path):
    """The receiver served by uvicorn on loopback; yields its URL and inbox folder."""
    inbox = tmp_path / "inbox"
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(receiver(SECRET, inbox), host="127.0.0.1", port=port, log_level="warning")
    )
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


def test_deliveries_about_launchsyncs_own_writes_raise_no_event(receiving, monkeypatch):
    from launchsync import events
    from launchsync.events import note_own_writes

    url, inbox = receiving
    emitted = []
    monkeypatch.setattr(events, "enabled", lambda: True)
    monkeypatch.setattr(events, "emit_event", lambda **kw: emitted.append(kw) or object())
    note_own_writes(inbox, "fourallportal", ["file-own"])

    def deliver(object_id: str, delivery: str) -> dict:
        body = orjson.dumps({"type": "moduleobject_modify", "module": "file",
                             "object_id": object_id, "mod_time": "2026-11-22T10:00:00.000Z"})  # fmt: skip
        response = httpx.post(url, content=body, headers=signed(body, delivery=delivery))
        assert response.status_code == 202
        return response.json()

    assert deliver("file-own", "d-own") == {"status": "accepted", "event": None, "echo": True}
    # The one write is accounted for: the next change to that file is someone else's.
    assert deliver("file-own", "d-own-2")["event"] == "launchsync.fourallportal.file.changed"
    assert deliver("file-other", "d-other") == {
        "status": "accepted",
        "event": "launchsync.fourallportal.file.changed",
    }
    event = emitted[-1]
    assert len(emitted) == 2
    assert event["event"] == "launchsync.fourallportal.file.changed"
    assert event["resource"]["prefect.resource.id"] == "fourallportal.file.file-other"
    assert event["resource"]["launchsync.id"] == "file-other"
    assert {p.name for p in inbox.glob("*.json")} == {"d-own.json", "d-own-2.json", "d-other.json"}


def test_smintio_deliveries_map_to_the_events_the_triggers_expect():
    from launchsync.events import delivery_event

    assert delivery_event({"system": "smintio", "type": "license_purchase_transaction.changed",
                           "object_id": "tx-1"}) == ("launchsync.smintio.license.changed", "license", "tx-1")  # fmt: skip
    assert delivery_event({"system": "smintio", "type": "asset.status_changed", "object_id": "f-1"}) == (
        "launchsync.smintio.asset.status-changed", "asset", "f-1")  # fmt: skip
    assert delivery_event({"system": "smintio", "type": "unknown", "object_id": "x"}) is None
    assert delivery_event({"system": "fourallportal", "module": "file", "object_id": None}) is None
