"""The soak in short form: rounds of catalog changes synced under a fault mix end exactly as
without faults; and the comparison it rests on notices a lost or a doubled record."""

from collections import Counter

import pytest

from launchsync.soak import differences, repeated_effects
from tests.flows.live import figures_of

pytestmark = pytest.mark.e2e


def test_faulted_runs_end_in_the_fault_free_state(tmp_path, prefect_api):
    done, figures = figures_of(
        "soak", "--styles", "12", "--rounds", "2", "--seed", "3", "--work", str(tmp_path),
        prefect_api=prefect_api, timeout=1200,
    )  # fmt: skip
    assert int(figures["faults injected"]) > 20, done.stdout
    assert int(figures["runs"]) >= 2
    assert figures["lost"] == "0" and figures["duplicated"] == "0"
    assert "nothing lost, nothing duplicated" in done.stdout
    assert (tmp_path / "faulted" / "targets.json").stat().st_size > 1000


def test_the_comparison_counts_lost_changed_and_doubled_records():
    want = {"pim.product": Counter({"a": 1, "b": 1, "c": 1})}
    assert differences(want, want) == ({"pim.product": 0}, {"pim.product": 0})
    got = {"pim.product": Counter({"a": 2, "b": 1, "c-changed": 1})}
    assert differences(want, got) == ({"pim.product": 1}, {"pim.product": 2})
    assert differences(want, {}) == ({"pim.product": 3}, {"pim.product": 0})


def test_effects_are_counted_per_key_from_the_request_logs():
    log = [
        {"method": "POST", "idempotency_key": "a", "status": 201, "fault": None},
        {"method": "POST", "idempotency_key": "a", "status": "reset", "fault": "reset"},
        {"method": "POST", "idempotency_key": "b", "status": 500, "fault": "500"},
        {"method": "POST", "idempotency_key": "b", "status": 201, "fault": None},
        {"method": "PUT", "idempotency_key": "c", "status": "timeout", "fault": "timeout"},
        {"method": "PUT", "idempotency_key": "c", "status": 200, "fault": None},
        {"method": "GET", "idempotency_key": None, "status": 200, "fault": None},
    ]
    # "a" was created twice (the broken answer came after the effect); "b" failed first, then
    # took effect once; "c" was a repeated idempotent update.
    assert repeated_effects(log) == (1, 1)
