"""Runs against simulators that fail on purpose: what was applied is never applied twice."""

from collections import Counter

import httpx
import pytest

from systems.generator import DefectRates, generate
from tests.flows.live import start_simulators, stop, transferred, value
from tests.helpers import candidate_ids

pytestmark = pytest.mark.e2e


@pytest.fixture
def live(tmp_path, prefect_api):
    process, handle = start_simulators(
        tmp_path, generate(12, seed=21, rates=DefectRates.none()), prefect_api
    )
    yield handle
    stop(process)


def faults(live, plan: str) -> None:
    url = f"{live.env['LAUNCHSYNC_FOURALLPORTAL_URL']}/_simulator/faults"
    assert httpx.put(url, content=plan).status_code == 200


def test_a_create_applied_but_not_recorded_is_not_applied_again_on_resume(live):
    # 4ALLPORTAL applies the first product batch, then the connection breaks before the answer.
    faults(live, "reset@PATCH/api/modules/product/objects=1")
    failed = live.cli("sync", "--scenario", "c1", check=False)
    assert failed.returncode != 0
    assert "may have been applied" in failed.stderr
    applied = [p for p in live.pim_objects("product") if value(p, "centric_id")]
    assert applied  # the target did apply it
    pending = live.sql("SELECT count(*) AS n FROM push_ledger WHERE state = 'pending'")[0]["n"]
    assert pending == len(applied)  # the ledger knows the outcome is unknown, not that it failed

    faults(live, "")
    resumed = live.sync("--scenario", "c1")
    products = [p for p in live.pim_objects("product") if value(p, "centric_id")]
    per_style = Counter(value(p, "centric_id") for p in products)
    assert transferred(products) == candidate_ids(live.catalog)
    assert set(per_style.values()) == {1}  # one product per style: nothing created twice
    created = resumed["by_mapping"].get("c1.product", {}).get("created", 0)
    assert created == len(products) - len(applied)
    log = httpx.get(f"{live.env['LAUNCHSYNC_FOURALLPORTAL_URL']}/_simulator/requests").json()
    assert next(e["fault"] for e in log if e["method"] == "PATCH") == "reset"

    # A run limited to one scenario leaves the unknown outcomes open; the next complete run
    # closes each: later writes of the same products applied, or nothing was left to write.
    still = live.sql("SELECT count(*) AS n FROM push_ledger WHERE state = 'pending'")[0]["n"]
    assert still == pending
    complete = live.sync()
    assert complete["ledger_settled"] == pending
    states = {
        r["state"]: r["n"]
        for r in live.sql(
            "SELECT state, count(*) AS n FROM push_ledger WHERE run_id IN (SELECT run_id FROM"
            " push_ledger WHERE error LIKE '%may have been applied%') GROUP BY state"
        )
    }
    assert set(states) <= {"settled", "superseded"} and sum(states.values()) == pending
