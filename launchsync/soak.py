"""The soak: the same rounds of catalog changes synced with and without faults, then compared.

Each round changes the Centric catalog as people would (renamed styles, styles reaching the
transfer milestone, now and then a dropped style) and runs an incremental sync; a run that
fails under faults is run again until it completes, as the next scheduled run would. After the
last round, what the three target systems hold must equal what a fault-free play of the same
rounds left behind: nothing lost, nothing created twice.

Records are compared without what differs between any two plays (ids the systems assign,
modification times), with references between records followed to what they point at.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from launchsync import settings
from launchsync.config import load_config
from launchsync.simulators import RunningSimulators, serve
from systems.catalog import Catalog
from systems.faults import parse_faults
from systems.generator import generate

# A mix of every fault a run can survive by retrying or by running again. Answers lost after
# the fact spare Smint.io's token exchange: its refresh tokens are single use, so a lost answer
# there ends the grant, on the real service too (see RELIABILITY.md).
DEFAULT_FAULTS = ",".join(
    [
        "latency:0.05=0.03", "429:0=0.03", "500=0.03", "503=0.02", "duplicate=0.03",
        "shuffle=0.03", "expire:5=0.005",
        *(f"{kind}@{route}=0.004" for kind in ("reset", "truncate")
          for route in ("/csi-requesthandler/*", "/api/*", "/c*/v1/*")),
    ]
)  # fmt: skip
VOLATILE = ("_modified_at", "mod_time", "updated_at", "last_updated_at", "created_at", "id")


@dataclass
class Play:
    """One play of the rounds: how many runs it took and what the targets held at the end."""

    runs: int = 0
    failed: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)
    state: dict[str, Counter[str]] = field(default_factory=dict)
    seconds: float = 0.0
    # Writes that took effect more than once under one idempotency key: creates (a duplicate)
    # and idempotent writes (a harmless repeat of the same effect).
    creates_repeated: int = 0
    writes_repeated: int = 0


@dataclass
class Outcome:
    """The faulted play against the fault-free one."""

    reference: Play
    faulted: Play
    lost: dict[str, int]
    duplicated: dict[str, int]

    @property
    def ok(self) -> bool:
        """Whether the targets ended exactly as without faults, no create applied twice."""
        return (
            not any(self.lost.values())
            and not any(self.duplicated.values())
            and self.faulted.creates_repeated == 0
        )


def soak(
    styles: int,
    rounds: int,
    faults: str = DEFAULT_FAULTS,
    seed: int = 7,
    work: Path = Path("warehouse/soak"),
    say: Callable[[str], None] = lambda _: None,
) -> Outcome:
    """Play the rounds without faults, then with ``faults``, and compare the targets."""
    plan = parse_faults(faults)
    catalog = generate(styles, seed)
    say(f"fault-free play: {styles} styles, {rounds} rounds")
    reference = play(catalog, rounds, seed, work / "reference", [], say)
    say(f"faulted play: {faults}")
    faulted = play(generate(styles, seed), rounds, seed, work / "faulted", plan, say)
    return Outcome(reference, faulted, *differences(reference.state, faulted.state))


# A write took effect when it was answered 2xx, or when the fault broke it after it applied.
APPLIED_FAULTS = frozenset({"timeout", "reset", "truncate"})


def repeated_effects(log: list[dict[str, Any]]) -> tuple[int, int]:
    """Keys whose write took effect more than once: (creates, other writes)."""
    applied: Counter[tuple[str, str]] = Counter()
    for entry in log:
        key, status = entry.get("idempotency_key"), entry.get("status")
        if not key or entry["method"] == "GET":
            continue
        if (isinstance(status, int) and 200 <= status < 300) or entry.get(
            "fault"
        ) in APPLIED_FAULTS:
            applied[(entry["method"], key)] += 1
    creates = sum(1 for (method, _), n in applied.items() if n > 1 and method == "POST")
    others = sum(1 for (method, _), n in applied.items() if n > 1 and method != "POST")
    return creates, others


def differences(
    want: dict[str, Counter[str]], got: dict[str, Counter[str]]
) -> tuple[dict[str, int], dict[str, int]]:
    """Per table, the records ``got`` lacks (lost) and holds beyond ``want`` (duplicated)."""
    lost, duplicated = {}, {}
    for table in sorted(set(want) | set(got)):
        lost[table] = sum((want.get(table, Counter()) - got.get(table, Counter())).values())
        duplicated[table] = sum((got.get(table, Counter()) - want.get(table, Counter())).values())
    return lost, duplicated


def play(
    catalog: Catalog,
    rounds: int,
    seed: int,
    work: Path,
    plan: list,
    say: Callable[[str], None],
    attempts: int = 12,
) -> Play:
    """Run the rounds against fresh simulators (with ``plan`` injected) into a fresh warehouse."""
    from flows.sync import sync

    fresh_folder(work)
    done, started = Play(), time.monotonic()
    with (
        serve(catalog, centric_port=0, fourallportal_port=0, smintio_port=0, faults=plan,
              fault_seed=seed) as sims,
        environment(sims, work),
    ):  # fmt: skip
        for number in range(rounds):
            change_catalog(sims, random.Random(seed * 1009 + number), number)
            for _ in range(attempts):
                done.runs += 1
                try:
                    sync(full=False, dry_run=False)
                    break
                except Exception as exc:  # the next run resumes, as the schedule would
                    done.failed += 1
                    done.errors[type(exc).__name__] += 1
            else:
                raise RuntimeError(f"round {number + 1} did not complete in {attempts} runs")
            say(f"  round {number + 1}/{rounds}: {done.runs} runs so far, {done.failed} failed")
        for injector in sims.injectors.values():
            done.faults.update(injector.injected)
            creates, writes = repeated_effects(injector.log.snapshot())
            done.creates_repeated += creates
            done.writes_repeated += writes
        done.state = target_state(sims)
    save_targets(work, done.state)
    done.seconds = time.monotonic() - started
    return done


def fresh_folder(work: Path) -> None:
    """Create the play's folder, or empty it of an earlier play's files."""
    work.mkdir(parents=True, exist_ok=True)
    for old in work.glob("*"):
        if old.is_file():
            old.unlink()


def save_targets(work: Path, state: dict[str, Counter[str]]) -> None:
    """Keep what the targets held at the end as ``targets.json``, to compare two plays by eye."""
    (work / "targets.json").write_bytes(
        orjson.dumps({t: sorted(c.elements()) for t, c in state.items()},
                     option=orjson.OPT_INDENT_2)
    )  # fmt: skip


def environment(sims: RunningSimulators, work: Path) -> AbstractContextManager[None]:
    """Point launchsync at the simulators and a warehouse of its own, for the play."""
    return settings.environment({
        **sims.environment(),
        "LAUNCHSYNC_WAREHOUSE": str(work / "warehouse.duckdb"),
        "LAUNCHSYNC_INBOX": str(work / "inbox"),
        "LAUNCHSYNC_SMINTIO_TOKEN_STORE": str(work / ".smintio-token.json"),
    })  # fmt: skip


def change_catalog(sims: RunningSimulators, rng: random.Random, number: int) -> None:
    """One round of Centric changes: renames, styles reaching transfer, every fifth a drop."""
    milestones = load_config().milestones
    transfer = milestones.transfer
    shipped = set(milestones.at_or_past(transfer))
    styles = sorted(sims.centric.tables["styles"].rows.values(), key=lambda s: s["id"])
    live = [s for s in styles if s.get("active", True)]
    for style in rng.sample(live, max(2, len(live) // 100)):
        sims.centric.edit("styles", style["id"], {"node_name": f"{style['node_name']} r{number}"})
    early = [s for s in live if s.get("bx_milestone") not in shipped]
    for style in rng.sample(early, min(len(early), max(1, len(live) // 200))):
        sims.centric.edit("styles", style["id"], {"bx_milestone": transfer})
    if number % 5 == 4:
        sims.centric.edit("styles", rng.choice(live)["id"], {"active": False})


def target_state(sims: RunningSimulators) -> dict[str, Counter[str]]:
    """Every record of the three systems as comparable text, per system and kind."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, table in sims.centric.tables.items():
        tables[f"centric.{name}"] = list(table.rows.values())
    for name in sims.fourallportal.tables:
        tables[f"fourallportal.{name}"] = sims.fourallportal.objects(name)
    for name, feed in sims.smintio.feeds.items():
        tables[f"smintio.{name}"] = list(feed.rows.values())
    names = {}
    for table, records in tables.items():
        for record in records:
            if isinstance(record.get("id"), str):
                names[record["id"]] = natural_name(table, record)
    return {
        table: Counter(orjson.dumps(comparable(r, names), option=orjson.OPT_SORT_KEYS).decode()
                       for r in records)
        for table, records in tables.items()
    }  # fmt: skip


def natural_name(table: str, record: dict[str, Any]) -> str:
    """What a record is, independent of the id a system gave it."""
    for field_name in ("centric_id", "code", "external_id", "uuid", "name"):
        value = record.get(field_name)
        if isinstance(value, list):  # 4ALLPORTAL fields: [{value, dimensions}]
            value = next((e.get("value") for e in value if isinstance(e, dict)), None)
        if isinstance(value, str) and value:
            return f"{table}:{field_name}={value}"
    return f"{table}:{record['id']}"


def comparable(value: Any, names: dict[str, str]) -> Any:
    """A record without volatile fields, its references replaced by what they name."""
    if isinstance(value, dict):
        return {k: comparable(v, names) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [comparable(v, names) for v in value]
    if isinstance(value, str):
        return names.get(value, value)
    return value
