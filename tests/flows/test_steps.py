"""When a run starts the validation process: once a pull brings a change, never otherwise."""

import pytest

from flows import steps


@pytest.fixture
def pulls(monkeypatch):
    """Pulls that answer from a table of changes; the order of pulls and warm-ups, recorded."""
    changes: dict[str, int] = {}
    events: list[str] = []

    def pull(system, entity, run_id, warehouse, full=False):
        events.append(f"pull {entity}")
        return {"records": 3, "new_versions": changes.get(entity, 0), "closed_versions": 0}

    monkeypatch.setattr(steps, "pull", pull)
    monkeypatch.setattr(steps.worker, "warm_up", lambda: events.append("warm up"))
    return changes, events


def test_pulls_that_bring_nothing_new_do_not_start_the_validation_process(pulls):
    _, events = pulls
    steps.refresh(steps.Run("r1", "w.duckdb"), "centric", ["styles", "skus"], warm=True)
    assert events == ["pull styles", "pull skus"]


def test_the_first_pull_with_a_change_starts_it_before_the_next_pull(pulls):
    changes, events = pulls
    changes["styles"] = 2
    steps.refresh(steps.Run("r1", "w.duckdb"), "centric", ["styles", "skus"], warm=True)
    assert events == ["pull styles", "warm up", "pull skus"]


def test_rereading_a_target_after_a_push_does_not_start_it(pulls):
    changes, events = pulls
    changes["product"] = 5
    steps.refresh(steps.Run("r1", "w.duckdb"), "fourallportal", ["product"])
    assert events == ["pull product"]
