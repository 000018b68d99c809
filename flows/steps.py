"""Steps the flows share: record a run, pull the sources, validate, write mappings, count."""

import contextvars
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.utilities.annotations import opaque

from expectations import worker
from launchsync.artifacts import publish
from launchsync.events import emit_milestones
from launchsync.runtime import fewer_collections
from launchsync.settings import load_settings
from launchsync.summary import run_markdown
from systems.registry import ENDPOINTS, endpoint
from tasks.binaries import fetch_binaries
from tasks.diff import DELETES, diff_mapping, mapping_levels
from tasks.inbox import import_inbox
from tasks.partition import extract, land_partitions, partitioned, plan_partitions
from tasks.pull import milestones_reached, pull
from tasks.push import push, settle_pending
from tasks.readiness import assess_readiness
from tasks.runs import finish_run, start_run
from tasks.targets import mapping
from tasks.validate import validate_styles
from warehouse.db import held, out_of_memory, writer_lock

COUNTERS = (
    "pulled",
    "rejected",
    "validated",
    "newly_quarantined",
    "created",
    "updated",
    "deleted",
    "conflicts",
    "push_rejected",
)

# What each scenario does, in order: ("write", mapping) creates and updates level by level,
# ("delete", mapping) removes what should no longer exist (children before parents),
# ("download", "binaries") fetches licensed files, ("assess", "readiness") recomputes launch
# readiness (once per run).
SCENARIOS: dict[str, list[tuple[str, str]]] = {
    "c5": [("write", "c5.classification"), ("delete", "c5.classification")],
    "c1": [
        ("write", "c1.product"),
        ("write", "c1.variant"),
        ("delete", "c1.variant"),
        ("delete", "c1.product"),
    ],
    "c3": [("write", "c3.product")],
    "c6": [
        ("write", "c6.variant"),
        ("write", "c6.pairs.product"),
        ("write", "c6.pairs.variant"),
        ("write", "c6.pairs.styles"),
        ("write", "c6.pairs.skus"),
    ],
    "c2": [
        ("write", "c2.product_status"),
        ("write", "c2.file_status"),
        ("write", "c2.images"),
        ("delete", "c2.images"),
        ("write", "c2.documents"),
        ("delete", "c2.documents"),
    ],
    "c4": [("assess", "readiness"), ("write", "c4.package"), ("write", "c4.launch_status")],
    "c7": [("assess", "readiness"), ("write", "c7.market_readiness")],
    "s1": [("write", "s1.assets")],
    "s2": [("write", "s2.product_cards"), ("delete", "s2.product_cards")],
    "s3": [("download", "binaries"), ("write", "s3.licensed_files")],
    "s4": [("write", "s4.campaign_files")],
    "s5": [("write", "s5.market_sets"), ("delete", "s5.market_sets")],
    "s6": [("write", "s6.creative_status")],
    "s7": [("write", "s1.assets"), ("delete", "s1.assets")],
    "s8": [("write", "s8.collateral"), ("delete", "s8.collateral")],
}
# Files from Smint.io (S3, S4) come before C2 links assets on styles; what goes to Smint.io
# (S1, S7, S2, S5, S8) after C2 decided which assets are withdrawn; S6 reads what S1 pushed.
ORDER = ("c5", "c1", "c3", "c6", "s3", "s4", "c2", "c4", "c7", "s1", "s7", "s2", "s5", "s8", "s6")


def systems_for(scenarios: list[str]) -> list[str]:
    """The systems a set of scenarios reads (Smint.io only when a Smint.io scenario runs)."""
    needed = ["centric", "fourallportal"]
    if any(s.startswith("s") for s in scenarios):
        needed.append("smintio")
    return needed


@dataclass
class Run:
    """A run in progress: its id, where it writes, and what it counted."""

    id: str
    warehouse: str
    counts: dict[str, Any] = field(default_factory=dict)
    readiness: dict[str, Any] | None = None
    # Record keys a triggered run is limited to (None: every record).
    scope: list[str] | None = None
    # What the run is doing, named in the error when it fails.
    step: str = "start"
    # Read Centric's style records by partition ("season", "collection"), side by side.
    partition_by: str | None = None
    # Compare every record, also those found in agreement before (a full run).
    full: bool = False

    def note(self, step: str) -> None:
        """Say what the run is doing now."""
        self.step = step


def warehouse_path() -> str:
    """The configured warehouse file, as an absolute path."""
    return str(load_settings().warehouse.resolve())


@contextmanager
def recorded_run(flow: str, parameters: dict[str, Any]) -> Iterator[Run]:
    """Hold the warehouse, open a run in ``sync_runs``, close it as completed or failed.

    The validation service is started first, unless it runs already, so it is ready by the
    time the pull is done. The garbage collector runs less often meanwhile
    (``launchsync.runtime``).

    A failed run is recorded with the step it was in (e.g. ``pull centric/styles``) and the
    error, which names the system and what to do.
    """
    warehouse = warehouse_path()
    worker.warm_up()
    with (
        writer_lock(Path(warehouse)),
        held(Path(warehouse)),
        fewer_collections(),
    ):
        run = Run(start_run(flow, warehouse, parameters), warehouse)
        try:
            yield run
        except BaseException as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if isinstance(exc, duckdb.OutOfMemoryException):
                reason = out_of_memory(exc)
            message = f"{run.step} failed: {reason}"
            get_run_logger().error("%s run %s: %s", flow, run.id, message)
            finish_run(run.id, warehouse, run.counts, error=message, full=run.full)
            publish_run(flow, run, message)
            raise
        finish_run(run.id, warehouse, run.counts, full=run.full)
        publish_run(flow, run, None)


def publish_run(flow: str, run: Run, error: str | None) -> bool:
    """Publish the run's outcome and counts as a Prefect artifact (``launchsync-run``).

    Best effort: ``sync_runs`` already holds the same record (see ``launchsync.artifacts``).
    """
    return publish(
        create_markdown_artifact,
        key="launchsync-run",
        kept_in="sync_runs",
        markdown=run_markdown(flow, run.id, run.counts, error),
        description=f"{flow} run {run.id}: {'failed' if error else 'completed'}",
    )


def refresh(
    run: Run,
    system: str,
    entities: list[str],
    full: bool = False,
    note: Callable[[str], None] | None = None,
) -> list[dict[str, Any]]:
    """Pull each entity from its system into the warehouse, in order.

    ``note`` is told each step as it starts (default: it becomes the run's step).
    """
    note = note or run.note
    pulled = []
    for entity in entities:
        note(f"pull {system}/{entity}")
        pulled.append(pull(system, entity, run.id, run.warehouse, full))
    return pulled


def refresh_all(run: Run, full: bool, systems: list[str]) -> list[dict[str, Any]]:
    """Pull everything the scenarios read: each system on a lane of its own, side by side.

    A pull writes only its own entity's rows (and the bookkeeping rows of its snapshot), so
    the systems' pulls run at once: one waits on its API while another lands. Within a system
    they keep their order. If a lane fails, the others stop before their next pull, and the
    first failure (the others may follow from it) is raised with its step as the run's step.
    """
    steps: dict[str, str] = {}
    failures: list[tuple[str, BaseException]] = []
    lock = threading.Lock()

    def lane(system: str) -> list[dict[str, Any]]:
        def note(step: str) -> None:
            if failures:
                raise LaneStopped(system)
            steps[system] = step

        try:
            return refresh_system(run, full, system, note)
        except LaneStopped:
            raise
        except BaseException as exc:
            with lock:
                failures.append((system, exc))
            raise

    with ThreadPoolExecutor(max(1, len(systems)), thread_name_prefix="pull") as lanes:
        # Each lane runs in a copy of the flow's context, so its pulls are tasks of the run.
        started = {s: lanes.submit(contextvars.copy_context().run, lane, s) for s in systems}
    if failures:
        system, error = failures[0]
        run.step = steps.get(system, f"pull {system}")
        raise error
    return [pulled for done in started.values() for pulled in done.result()]


class LaneStopped(Exception):
    """A lane of pulls stopped because another one failed."""


def refresh_system(
    run: Run, full: bool, system: str, note: Callable[[str], None]
) -> list[dict[str, Any]]:
    """Pull every entity of one system; partitioned entities read side by side."""
    entities = list(ENDPOINTS[system])
    split = [e for e in entities if run.partition_by and partitioned(endpoint(system, e))]
    if not split:
        return refresh(run, system, entities, full, note)
    # Styles (which make the partitions) first, then the partitions, then the rest.
    first = entities.index(split[0])
    return [
        *refresh(run, system, entities[:first], full, note),
        *refresh_partitioned(run, split, full, note),
        *refresh(run, system, [e for e in entities[first:] if e not in split], full, note),
    ]


def refresh_partitioned(
    run: Run, entities: list[str], full: bool, note: Callable[[str], None]
) -> list[dict[str, Any]]:
    """Read every partition of each entity side by side on the task runner, then land each."""
    by = run.partition_by or ""
    note(f"plan partitions by {by}")
    plan = plan_partitions(run.warehouse, entities, full, by)
    reads = {
        entity: [
            extract.submit(entity, plan.starts[entity][1], styles, f"{by} {name or '(none)'}")
            for name, styles in plan.partitions
        ]
        for entity in entities
    }
    landed = []
    for entity in entities:
        note(f"pull centric/{entity}")
        parts = [opaque(future) for future in reads[entity]]
        landed.append(
            land_partitions(entity, run.id, run.warehouse, plan.starts[entity], parts, plan.made_at)
        )
    return landed


def write_mapping(run: Run, name: str, dry_run: bool) -> list[dict[str, Any]]:
    """Diff and push a mapping level by level, re-reading its target after each write."""
    m, results = mapping(name), []
    for level in mapping_levels(run.warehouse, name):
        run.step = f"write {name} to {m.system}"
        found = diff_mapping(run.id, run.warehouse, name, level, run.scope, run.full)
        results.append(found)
        if found["values"]:
            results.append(push(run.id, run.warehouse, name, level, dry_run))
            if not dry_run:
                refresh(run, m.system, [m.entity, *m.side_effects])
    return results


def remove_stale(run: Run, name: str, dry_run: bool) -> list[dict[str, Any]]:
    """Delete what a mapping manages but should no longer exist (the push closes its history)."""
    run.step = f"delete {name} from {mapping(name).system}"
    found = diff_mapping(run.id, run.warehouse, name, DELETES, run.scope, run.full)
    if not found["values"]:
        return [found]
    return [found, push(run.id, run.warehouse, name, DELETES, dry_run)]


def run_scenario(run: Run, scenario: str, dry_run: bool) -> list[dict[str, Any]]:
    """All steps of one scenario, in order."""
    results: list[dict[str, Any]] = []
    for action, name in SCENARIOS[scenario]:
        run.step = f"{action} {name}"
        if action == "download":
            if not dry_run:
                results.append(fetch_binaries(run.id, run.warehouse))
            continue
        if action == "assess":
            if run.readiness is None:
                run.readiness = assess_readiness(run.id, run.warehouse)
            continue
        step = write_mapping if action == "write" else remove_stale
        results.extend(step(run, name, dry_run))
    return results


def run_scenarios(
    flow: str,
    scenarios: list[str],
    full: bool,
    dry_run: bool,
    ids: list[str] | None = None,
    partition_by: str | None = None,
) -> dict[str, Any]:
    """The body of every flow: pull both systems, validate, run the scenarios, count.

    ``ids`` (from an event) limits what the scenarios write to the records with those keys;
    ``partition_by`` reads Centric's style records by partition, side by side.
    """
    parameters = {"full": full, "dry_run": dry_run, "scenarios": scenarios}
    scope = sorted({i for i in ids or [] if i}) or None
    if scope:
        parameters["ids"] = scope
    if partition_by:
        parameters["partition_by"] = partition_by
    with recorded_run(flow, parameters) as run:
        run.scope, run.partition_by, run.full = scope, partition_by, full
        run.step = "import webhook deliveries"
        events = import_inbox(run.id, run.warehouse)
        pulls = refresh_all(run, full, systems_for(scenarios))
        reached = [] if full else milestones_reached(run.id, run.warehouse)
        run.step = "validate"
        validation = validate_styles(run.id, run.warehouse, full)
        results = [r for scenario in scenarios for r in run_scenario(run, scenario, dry_run)]
        run.counts = {**summarize(pulls, results, validation), "webhook_events": events,
                      "milestones_reached": len(reached),
                      "events_emitted": emit_milestones(reached, run.id)}  # fmt: skip
        if not dry_run and not scope and set(scenarios) == set(ORDER):
            run.counts["ledger_settled"] = settle_pending(run.id, run.warehouse)
        if run.readiness:
            run.counts["readiness"] = run.readiness
        if partition_by:
            run.counts["partitions"] = partitions_read(pulls)
    return {"run_id": run.id, **run.counts}


def partitions_read(pulls: list[dict[str, Any]]) -> dict[str, Any]:
    """How many partitions a partitioned pull read, and which processes read them."""
    split = [p for p in pulls if "partitions" in p]
    return {
        "partitions": max((p["partitions"] for p in split), default=0),
        "workers": sorted({w for p in split for w in p["workers"]}),
    }


def summarize(
    pulls: list[dict[str, Any]],
    results: list[dict[str, Any]],
    validation: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The counts a run reports: pulled, rejected, validated, quarantined, pushed, conflicts."""
    counts: dict[str, Any] = dict.fromkeys(COUNTERS, 0)
    counts["pulled"] = sum(p["records"] for p in pulls)
    counts["rejected"] = sum(p["rejected"] for p in pulls)
    if validation:
        counts["validated"] = validation["validated"]
        counts["newly_quarantined"] = validation["failed"]
        counts["quarantined"] = validation["held_back"]
    counts["planned"] = 0
    for result in results:
        for key in ("created", "updated", "deleted", "conflicts"):
            counts[key] += result.get(key, 0)
        counts["push_rejected"] += result.get("rejected", 0) + result.get("still_rejected", 0)
        counts["planned"] += result.get("planned", 0)
    counts["pushed"] = counts["created"] + counts["updated"] + counts["deleted"]
    by_mapping: dict[str, dict[str, int]] = {}
    for result in results:
        if "planned" not in result:
            continue
        slot = by_mapping.setdefault(
            result["mapping"], dict.fromkeys(("created", "updated", "deleted"), 0)
        )
        for key in slot:
            slot[key] += result.get(key, 0)
    counts["by_mapping"] = {name: c for name, c in by_mapping.items() if any(c.values())}
    # Mapping levels a change run diffed over the changed SKUs only: how many SKUs.
    counts["narrowed"] = {f"{r['mapping']} level {r['level']}": r["skus"]
                          for r in results if "skus" in r}  # fmt: skip
    # Mapping levels a change run skipped: nothing they read had changed.
    counts["quiet"] = sorted(
        f"{r['mapping']} level {r['level']}" for r in results if r.get("quiet")
    )
    entities: dict[str, dict[str, int]] = {}
    for p in pulls:
        slot = entities.setdefault(
            f"{p['system']}/{p['entity']}", {"records": 0, "new_versions": 0}
        )
        slot["records"] += p["records"]
        slot["new_versions"] += p.get("new_versions", 0)
    counts["entities"] = entities
    return counts
