"""A run whose artifact the Prefect server does not take still ends as the warehouse says."""

import logging

import httpx

import flows.steps
from flows.steps import Run, publish_run


def refuse(**_: object) -> None:
    raise httpx.ReadTimeout("timed out\nrequest body follows")


def test_a_run_artifact_the_server_does_not_take_is_skipped_with_a_warning(monkeypatch, caplog):
    monkeypatch.setattr(flows.steps, "create_markdown_artifact", refuse)
    run = Run("run-1", "unused.duckdb", counts={"pulled": 3})
    with caplog.at_level(logging.WARNING, logger="launchsync.artifacts"):
        assert publish_run("launchsync-sync", run, None) is False
    [record] = caplog.records
    assert record.getMessage() == (
        "the launchsync-run artifact was not published (ReadTimeout: timed out); "
        "the warehouse keeps the same record in sync_runs"
    )


def test_a_published_run_artifact_carries_the_outcome_and_counts(monkeypatch):
    published: list[dict] = []
    monkeypatch.setattr(flows.steps, "create_markdown_artifact", lambda **a: published.append(a))
    run = Run("run-2", "unused.duckdb", counts={"pulled": 3})
    assert publish_run("launchsync-sync", run, "pull centric/styles failed: refused") is True
    [artifact] = published
    assert artifact["key"] == "launchsync-run"
    assert artifact["description"] == "launchsync-sync run run-2: failed"
    assert "| records pulled | 3 |" in artifact["markdown"]
