"""Steps the flows share: refresh entities, write a module level by level, record a run."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from launchsync.settings import load_settings
from tasks.diff import DELETES, desired_levels, diff_module
from tasks.pull import pull
from tasks.push import push
from tasks.runs import finish_run, start_run

COUNTERS = (
    "pulled",
    "rejected",
    "validated",
    "newly_quarantined",
    "created",
    "updated",
    "deleted",
    "push_rejected",
)


@dataclass
class Run:
    """A run in progress: its id, where it writes, and what it counted."""

    id: str
    warehouse: str
    counts: dict[str, Any] = field(default_factory=dict)


def warehouse_path() -> str:
    """The configured warehouse file, as an absolute path."""
    return str(load_settings().warehouse.resolve())


@contextmanager
def recorded_run(
    flow: str, parameters: dict[str, Any], parent_run_id: str | None = None
) -> Iterator[Run]:
    """Open a run in ``sync_runs`` and close it as completed, or as failed with the error."""
    warehouse = warehouse_path()
    run = Run(start_run(flow, warehouse, parameters, parent_run_id), warehouse)
    try:
        yield run
    except BaseException as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        finish_run(run.id, warehouse, run.counts, error=message)
        raise
    finish_run(run.id, warehouse, run.counts)


def refresh(
    run: Run, system: str, entities: Iterable[str], full: bool = False
) -> list[dict[str, Any]]:
    """Pull each entity from its system into the warehouse."""
    return [pull(system, entity, run.id, run.warehouse, full) for entity in entities]


def write_module(run: Run, module: str, dry_run: bool) -> list[dict[str, Any]]:
    """Diff and push a 4ALLPORTAL module level by level, re-reading it after each write."""
    results = []
    for level in desired_levels(run.warehouse, module):
        if diff_module(run.id, run.warehouse, module, level)["values"]:
            results.append(push(run.id, run.warehouse, module, level, dry_run))
            if not dry_run:
                refresh(run, "fourallportal", [module])
    return results


def remove_stale(run: Run, module: str, dry_run: bool) -> list[dict[str, Any]]:
    """Delete objects of a module whose Centric record is gone (the push closes their history)."""
    if not diff_module(run.id, run.warehouse, module, DELETES)["values"]:
        return []
    return [push(run.id, run.warehouse, module, DELETES, dry_run)]


def summarize(
    pulls: list[dict[str, Any]],
    pushes: list[dict[str, Any]],
    validation: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The counts a run reports: pulled, rejected, validated, quarantined, pushed, per entity."""
    counts: dict[str, Any] = dict.fromkeys(COUNTERS, 0)
    counts["pulled"] = sum(p["records"] for p in pulls)
    counts["rejected"] = sum(p["rejected"] for p in pulls)
    if validation:
        counts["validated"] = validation["validated"]
        counts["newly_quarantined"] = validation["failed"]
        counts["quarantined"] = validation["held_back"]
    for result in pushes:
        for key in ("created", "updated", "deleted"):
            counts[key] += result.get(key, 0)
        counts["push_rejected"] += result.get("rejected", 0) + result.get("still_rejected", 0)
        counts["planned"] = counts.get("planned", 0) + result.get("planned", 0)
    counts["pushed"] = counts["created"] + counts["updated"] + counts["deleted"]
    entities: dict[str, dict[str, int]] = {}
    for p in pulls:
        slot = entities.setdefault(
            f"{p['system']}/{p['entity']}", {"records": 0, "new_versions": 0}
        )
        slot["records"] += p["records"]
        slot["new_versions"] += p.get("new_versions", 0)
    counts["entities"] = entities
    return counts


def combine(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts of several flow runs added up (the held-back total is the latest one's)."""
    total: dict[str, Any] = dict.fromkeys((*COUNTERS, "pushed", "planned"), 0)
    for part in parts:
        for key in total:
            total[key] += part.get(key, 0)
        if "quarantined" in part:
            total["quarantined"] = part["quarantined"]
    total.setdefault("quarantined", 0)
    return total
