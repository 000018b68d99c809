"""Fault injection on the simulators, served on loopback and met by the real clients."""

import subprocess
import sys
from contextlib import contextmanager

import httpx
import pytest
from pydantic import SecretStr

from launchsync.simulators import serve
from systems.centric.client import CentricClient
from systems.faults import Fault, FaultSpecError, parse_faults
from systems.fourallportal.client import FourAllPortalClient
from systems.generator import DefectRates, generate
from systems.http import OutcomeUnknown, RetryPolicy
from systems.registry import endpoint

QUICK = RetryPolicy(attempts=8, backoff=0.01, max_backoff=0.05)


@contextmanager
def faulty(spec: str, seed: int = 0, styles: int = 6):
    catalog = generate(styles, seed=3, rates=DefectRates.none())
    with serve(catalog, centric_port=0, fourallportal_port=0, smintio_port=0,
               faults=parse_faults(spec), fault_seed=seed) as sims:  # fmt: skip
        yield sims


def pim(sims, **options) -> FourAllPortalClient:
    key = SecretStr(sims.fourallportal.api_key)
    return FourAllPortalClient.connect(sims.fourallportal_url, key, retry=QUICK, **options)


def requests(sims, system: str) -> list[dict]:
    base = {"centric": sims.centric_url, "fourallportal": sims.fourallportal_url}[system]
    root = base.split("/csi-requesthandler")[0]
    return httpx.get(f"{root}/_simulator/requests").json()


def test_a_plan_reads_kinds_seconds_routes_and_rates():
    assert parse_faults("429:2=0.05, 500@POST/api/modules/*=0.1,latency:0.2@/x=1") == [
        Fault("429", 0.05, seconds=2.0),
        Fault("500", 0.1, "POST", "/api/modules/*"),
        Fault("latency", 1.0, "*", "/x", 0.2),
    ]
    assert parse_faults("") == []
    for spec, says in [
        ("boom=0.1", "unknown fault 'boom'"),
        ("500", "no rate"),
        ("500=2", "between 0 and 1"),
        ("500=x", "not a number"),
        ("500@api=0.1", "route must look like"),
        ("latency:soon=0.1", "not seconds"),
    ]:
        with pytest.raises(FaultSpecError, match=says):
            parse_faults(spec)


def test_refusals_and_broken_reads_are_retried_to_the_same_records():
    with faulty("", styles=40) as clean, pim(clean) as client:
        expected = sorted(
            o["id"] for p in client.iter_pages(endpoint("fourallportal", "product")) for o in p
        )
    with faulty(
        "429:0=0.1,500=0.08,503=0.05,reset@GET/*=0.06,truncate@GET/*=0.06", seed=3, styles=40
    ) as sims:
        with pim(sims, page_size=1) as client:
            got = sorted(
                o["id"] for p in client.iter_pages(endpoint("fourallportal", "product")) for o in p
            )
        log = requests(sims, "fourallportal")
        injected = sims.injectors["fourallportal"].injected
    assert got == expected
    assert {"429", "500", "503", "reset", "truncate"} <= set(injected), injected
    assert {e["status"] for e in log if e["fault"] == "429"} == {429}
    assert sum(1 for e in log if e["fault"] is None and e["status"] == 200) >= len(expected) // 2


def test_duplicated_and_reordered_pages_lose_no_record():
    with faulty("", styles=40) as clean, pim(clean) as client:
        expected = sorted(
            o["id"] for p in client.iter_pages(endpoint("fourallportal", "product")) for o in p
        )
    with faulty("duplicate@GET/api/modules/*=0.3,shuffle=0.3", seed=5, styles=40) as sims:
        with pim(sims, page_size=2) as client:
            got = [
                o["id"] for p in client.iter_pages(endpoint("fourallportal", "product")) for o in p
            ]
        injected = sims.injectors["fourallportal"].injected
    assert injected.get("duplicate") and injected.get("shuffle"), injected
    assert sorted(set(got)) == expected
    assert len(got) > len(expected)  # some came twice


def test_an_expired_session_is_renewed_mid_run():
    with faulty("expire:0.05@GET/*=0.5", seed=1) as sims:
        with CentricClient.connect(
            sims.centric_url, sims.centric.username, SecretStr(sims.centric.password), retry=QUICK,
            page_size=3,
        ) as client:  # fmt: skip
            styles = [s for p in client.iter_pages(endpoint("centric", "styles")) for s in p]
        log = requests(sims, "centric")
    assert len(styles) == 6
    assert sims.injectors["centric"].injected["expire"] >= 1
    assert sum(1 for e in log if e["method"] == "POST" and e["path"].endswith("/session")) >= 2


def test_a_create_whose_answer_is_lost_is_reported_unknown_though_applied():
    with faulty("reset@PATCH/api/modules/*=1") as sims, pim(sims) as client:
        before = len(sims.fourallportal.objects("product"))
        with pytest.raises(OutcomeUnknown, match="may have been applied"):
            client.bulk_upsert("product", [{"style_number": [{"value": "X-1", "dimensions": {}}]}])
        assert len(sims.fourallportal.objects("product")) == before + 1
        [entry] = [e for e in requests(sims, "fourallportal") if e["method"] == "PATCH"]
    assert entry["fault"] == "reset"  # one attempt: a create is not blindly repeated


def test_an_update_answered_too_late_is_repeated_safely_and_keys_are_logged():
    with faulty("timeout:1@PATCH/*=0.5", seed=2) as sims:
        target = sims.fourallportal.objects("product")[0]["id"]
        with pim(sims, timeout=0.4) as client:
            for n in range(4):  # each update is idempotent: a late answer is simply repeated
                client.api.request_json(
                    "PATCH", "api/modules/product/objects", idempotent=True,
                    json=[{"id": target, "style_name": [{"value": f"v{n}", "dimensions": {}}]}],
                    headers={"Idempotency-Key": f"write-{n}"},
                )  # fmt: skip
        log = [e for e in requests(sims, "fourallportal") if e["method"] == "PATCH"]
        name = sims.fourallportal.tables["product"].get(target)["style_name"][0]["value"]
    assert name == "v3"
    assert any(e["fault"] == "timeout" for e in log)
    assert {e["idempotency_key"] for e in log} == {f"write-{n}" for n in range(4)}
    assert len(log) > 4  # the late ones were sent again, under the same key


def test_a_bad_fault_plan_is_a_one_line_error():
    done = subprocess.run(
        [sys.executable, "-m", "launchsync", "simulate", "--faults", "500=often"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--faults: fault '500=often': rate 'often' is not a number" in done.stderr
    assert "Traceback" not in done.stderr
