"""The crash test: syncs killed with SIGKILL at random points, then one run to completion.

Each round changes the Centric catalog as in the soak, then kills several syncs in a row, each
one resuming what the last left, so the kills land before, during and after pushes and during
resumes. The same changes synced without kills give the reference. Afterwards the
targets must equal the reference, the warehouse must open, and no write may be applied twice
(no idempotency key applied more than once in the push ledger).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from launchsync.simulators import serve
from launchsync.soak import (
    change_catalog,
    differences,
    environment,
    fresh_folder,
    save_targets,
    target_state,
)
from systems.generator import generate


@dataclass
class Crashes:
    """One play: runs, kills, and what the targets and the warehouse held at the end."""

    runs: int = 0
    kills: int = 0
    seconds: list[float] = field(default_factory=list)
    state: dict[str, Counter[str]] = field(default_factory=dict)
    applied_twice: int = 0
    unfinished_runs: int = 0
    # Ledger entries still pending after the last, complete run (it settles them).
    unsettled: int = 0
    # Where the kills landed: before any push, while writes were pending, after pushes.
    landed: Counter[str] = field(default_factory=Counter)


@dataclass
class CrashOutcome:
    """The killed play against the reference."""

    reference: Crashes
    killed: Crashes
    lost: dict[str, int]
    duplicated: dict[str, int]

    @property
    def ok(self) -> bool:
        """Nothing lost, nothing duplicated, no write applied twice or left unsettled."""
        return (
            not any(self.lost.values())
            and not any(self.duplicated.values())
            and self.killed.applied_twice == 0
            and self.killed.unsettled == 0
        )


def crash(
    styles: int,
    kills: int,
    rounds: int = 10,
    seed: int = 7,
    work: Path = Path("warehouse/crash"),
    say: Callable[[str], None] = lambda _: None,
) -> CrashOutcome:
    """Play ``rounds`` rounds without kills, then with ``kills`` SIGKILLs spread over them."""
    say(f"reference: {styles} styles, {rounds} rounds synced to completion")
    reference = play(styles, [0] * rounds, seed, work / "reference", 0.0, say)
    typical = sorted(reference.seconds)[len(reference.seconds) // 2]
    say(
        f"killed: {kills} syncs killed within their first {typical:.0f} s, resumed and killed again"
    )
    quotas = [kills // rounds + (number < kills % rounds) for number in range(rounds)]
    killed = play(styles, quotas, seed, work / "killed", typical, say)
    return CrashOutcome(reference, killed, *differences(reference.state, killed.state))


def play(
    styles: int, quotas: list[int], seed: int, work: Path, kill_within: float,
    say: Callable[[str], None],
) -> Crashes:  # fmt: skip
    """Each round: change the catalog, kill its quota of syncs (each resuming the last), finish.

    A sync that ends before its kill does not count; the kills of the play then fall within
    that sync's time, as runs get shorter when there is less to do. A round tries up to ten
    times its quota.
    """
    fresh_folder(work)
    done, dice = Crashes(), random.Random(seed)
    window = kill_within
    with (
        serve(generate(styles, seed), centric_port=0, fourallportal_port=0, smintio_port=0) as sims,
        environment(sims, work),
    ):  # fmt: skip
        for number, quota in enumerate(quotas):
            change_catalog(sims, random.Random(seed * 1009 + number), number)
            killed = tries = 0
            while killed < quota and tries < 10 * quota:
                tries += 1
                if run_sync(done, dice.uniform(0.05, 1.0) * window):
                    killed += 1
                    done.landed[where_killed(work / "warehouse.duckdb")] += 1
                else:
                    window = min(window, done.seconds[-1])
            done.kills += killed
            run_sync(done, None)
            say(f"  round {number + 1}/{len(quotas)}: {done.runs} runs, {done.kills} killed")
        run_sync(done, None)  # a last, uninterrupted run settles what the last kill left
        done.state = target_state(sims)
    save_targets(work, done.state)
    with duckdb.connect(str(work / "warehouse.duckdb"), read_only=True) as con:
        done.applied_twice = con.execute(
            "SELECT count(*) FROM (SELECT idempotency_key FROM push_ledger WHERE state = 'applied'"
            " GROUP BY idempotency_key HAVING count(*) > 1)"
        ).fetchall()[0][0]
        done.unfinished_runs = con.execute(
            "SELECT count(*) FROM sync_runs WHERE finished_at IS NULL"
        ).fetchall()[0][0]
        done.unsettled = con.execute(
            "SELECT count(*) FROM push_ledger WHERE state = 'pending'"
        ).fetchall()[0][0]
    return done


def where_killed(warehouse: Path) -> str:
    """Where the run the kill stopped was: before its pushes, amid them, or past them."""
    if not warehouse.exists():
        return "before any push"
    deadline = time.monotonic() + 10
    while True:  # in case a process of the killed run holds the file a moment longer
        try:
            con = duckdb.connect(str(warehouse))  # replays what the killed run left in the WAL
            break
        except duckdb.IOException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    with con:
        states = dict(
            con.execute(
                "SELECT state, count(*) FROM push_ledger WHERE run_id = (SELECT run_id FROM"
                " sync_runs WHERE status = 'running' ORDER BY started_at DESC LIMIT 1) GROUP BY 1"
            ).fetchall()
        )
    if not states:
        return "before any push"
    return "during a push" if states.get("pending") else "after pushes"


def run_sync(done: Crashes, kill_after: float | None) -> int:
    """Run ``launchsync sync``; SIGKILL it after ``kill_after`` seconds. 1 if it was killed."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "launchsync", "sync"],
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    done.runs += 1
    try:
        _, errors = process.communicate(timeout=kill_after)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return 1
    if process.returncode != 0:
        raise RuntimeError(f"a sync failed: {errors.strip().splitlines()[-1:]}")
    done.seconds.append(time.monotonic() - started)
    return 0
