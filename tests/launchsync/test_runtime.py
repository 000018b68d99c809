"""A run's surroundings: the garbage collector paced, the read copy compared as the run asks."""

import gc

import pytest

import flows.steps
from launchsync.runtime import PACE, fewer_collections


def test_the_collector_runs_at_the_run_pace_in_the_block_and_as_before_after_it():
    before = gc.get_threshold()
    assert before != PACE
    with fewer_collections():
        assert gc.get_threshold() == PACE
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a failed step")
    assert gc.get_threshold() == before


class Worker:
    """Stands in for the validation service, which the pace has nothing to do with."""

    def warm_up(self) -> None: ...


def test_a_recorded_run_holds_the_run_pace_from_start_to_finish(tmp_path, monkeypatch):
    monkeypatch.setenv("LAUNCHSYNC_WAREHOUSE", str(tmp_path / "w.duckdb"))
    paces = []
    monkeypatch.setattr(flows.steps, "worker", Worker())
    monkeypatch.setattr(
        flows.steps, "start_run", lambda *_: paces.append(gc.get_threshold()) or "r1"
    )
    monkeypatch.setattr(
        flows.steps, "finish_run", lambda *_, **__: paces.append(gc.get_threshold())
    )
    monkeypatch.setattr(flows.steps, "publish_run", lambda *_: True)
    before = gc.get_threshold()
    with flows.steps.recorded_run("launchsync-sync", {}) as run:
        paces.append(gc.get_threshold())
    assert run.id == "r1"
    assert paces == [PACE, PACE, PACE]
    assert gc.get_threshold() == before


@pytest.mark.parametrize("full", [False, True])
def test_a_full_run_has_its_read_copy_compared_byte_for_byte(tmp_path, monkeypatch, full):
    monkeypatch.setenv("LAUNCHSYNC_WAREHOUSE", str(tmp_path / "w.duckdb"))
    finished = []
    monkeypatch.setattr(flows.steps, "worker", Worker())
    monkeypatch.setattr(flows.steps, "start_run", lambda *_: "r1")
    monkeypatch.setattr(flows.steps, "finish_run", lambda *_, **kw: finished.append(kw["full"]))
    monkeypatch.setattr(flows.steps, "publish_run", lambda *_: True)
    with flows.steps.recorded_run("launchsync-sync", {}) as run:
        run.full = full
    assert finished == [full]
