"""The pulls of a run: one lane per system, side by side, each in its system's order."""

import threading

import pytest

import flows.steps
from flows.steps import Run, refresh_all
from systems.http import ServerFailed
from systems.registry import ENDPOINTS

BOUND_S = 10.0  # how long a lane waits for the other before the test counts it as serial


def fake_pull(calls, behave):
    """A pull that records its call and does what ``behave`` says for (system, entity)."""

    def pull(system, entity, run_id, warehouse, full):
        calls.append((system, entity, threading.current_thread().name))
        behave(system, entity)
        return {"system": system, "entity": entity, "full": full}

    return pull


def test_the_systems_are_pulled_at_once_each_in_its_order(monkeypatch):
    calls = []
    first_pim = threading.Event()

    def behave(system, entity):
        if system == "fourallportal":
            first_pim.set()
        if (system, entity) == ("centric", next(iter(ENDPOINTS["centric"]))):
            # Pulled one after the other, 4ALLPORTAL would start only after this returns.
            assert first_pim.wait(BOUND_S), "4ALLPORTAL waited for Centric's pulls"

    monkeypatch.setattr(flows.steps, "pull", fake_pull(calls, behave))
    run = Run("r1", "unused.duckdb")
    pulled = refresh_all(run, True, ["centric", "fourallportal", "smintio"])

    expected = [(s, e) for s in ("centric", "fourallportal", "smintio") for e in ENDPOINTS[s]]
    assert [(p["system"], p["entity"]) for p in pulled] == expected
    assert all(p["full"] for p in pulled)
    for system in ENDPOINTS:
        ours = [(e, thread) for s, e, thread in calls if s == system]
        assert [e for e, _ in ours] == list(ENDPOINTS[system])  # in its order
        assert len({thread for _, thread in ours}) == 1  # on one lane


def test_a_failed_lane_stops_the_others_and_names_its_step(monkeypatch):
    calls = []
    failing = list(ENDPOINTS["fourallportal"])[1]
    failed = threading.Event()

    def behave(system, entity):
        if (system, entity) == ("fourallportal", failing):
            failed.set()
            raise ServerFailed("4ALLPORTAL GET product: HTTP 500", system="4ALLPORTAL")
        if system == "centric":
            # Centric's first pull is still running when 4ALLPORTAL fails.
            assert failed.wait(BOUND_S)

    monkeypatch.setattr(flows.steps, "pull", fake_pull(calls, behave))
    run = Run("r2", "unused.duckdb")
    with pytest.raises(ServerFailed, match="HTTP 500"):
        refresh_all(run, False, ["centric", "fourallportal"])
    assert run.step == f"pull fourallportal/{failing}"
    centric = [e for s, e, _ in calls if s == "centric"]
    assert centric == [next(iter(ENDPOINTS["centric"]))]  # no pull started after the failure
    assert [e for s, e, _ in calls if s == "fourallportal"] == list(ENDPOINTS["fourallportal"])[:2]
