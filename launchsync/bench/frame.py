"""The benchmark frame: cases, the figures they measure, and the table that shows them.

A case is a name, the goal it checks, and a function that takes a size and a work folder and
returns the figures it measured. Register one with :func:`case`; ``launchsync bench`` runs the
chosen cases (all by default) and prints one table.
"""

from __future__ import annotations

import logging
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rich.table import Table

from launchsync.errors import LaunchsyncError

log = logging.getLogger("launchsync.bench")

Runner = Callable[[int, Path], list["Figure"]]


class BenchError(LaunchsyncError):
    """A benchmark cannot run as asked (e.g. an unknown case)."""


@dataclass(frozen=True)
class Figure:
    """One measured figure of a case.

    Attributes:
        key: Stable identifier, for code reading the figures.
        label: What the figure is, for people.
        value: The measured or counted value.
        unit: Unit of the value (``s``, ``keys/s``, ``MiB``); empty for a count.
        goal: What the value should be, when the case sets a goal for it.
    """

    key: str
    label: str
    value: float | int
    unit: str = ""
    goal: str = ""

    def text(self) -> str:
        """The value formatted for a table, with its unit."""
        value = self.value
        if isinstance(value, int):
            shown = f"{value:,}"
        elif abs(value) >= 100:
            shown = f"{value:,.0f}"
        elif abs(value) >= 1:
            shown = f"{value:.2f}"
        else:
            shown = f"{value:.3f}"
        return f"{shown} {self.unit}".strip()


@dataclass(frozen=True)
class Case:
    """A benchmark case.

    Attributes:
        name: Name on the command line.
        goal: What the case checks, in one line.
        run: Takes a size and a work folder, returns the figures.
        size: Size of a normal run (the case says what it counts, e.g. SKUs).
        quick_size: Size of a ``--quick`` run, small enough for CI.
    """

    name: str
    goal: str
    run: Runner
    size: int
    quick_size: int


CASES: dict[str, Case] = {}


def case(name: str, goal: str, size: int, quick_size: int) -> Callable[[Runner], Runner]:
    """Register the decorated function as the benchmark case ``name``."""

    def register(run: Runner) -> Runner:
        CASES[name] = Case(name, goal, run, size, quick_size)
        return run

    return register


def choose(names: list[str]) -> list[Case]:
    """The cases named (every case when none is), in the order given.

    Raises:
        BenchError: a name is not a known case.
    """
    unknown = [n for n in names if n not in CASES]
    if unknown:
        raise BenchError(
            f"unknown benchmark case {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(sorted(CASES))}"
        )
    return [CASES[n] for n in dict.fromkeys(names)] if names else list(CASES.values())


def run_case(chosen: Case, quick: bool, work_dir: Path, size: int | None = None) -> list[Figure]:
    """Run one case in its own folder under ``work_dir``, at ``size`` when given."""
    folder = work_dir / chosen.name
    folder.mkdir(parents=True, exist_ok=True)
    return chosen.run(size or (chosen.quick_size if quick else chosen.size), folder)


@dataclass(frozen=True)
class Outcome:
    """What one case gave: its figures, or why it could not finish."""

    case: Case
    figures: list[Figure]
    error: str | None = None


def attempt(chosen: Case, quick: bool, work_dir: Path, size: int | None) -> Outcome:
    """Run one case; a case that fails gives its reason instead of figures.

    The figures are logged as soon as the case ends, so a long run that is stopped keeps the
    figures of the cases it finished.
    """
    log.info("%s: running", chosen.name)
    try:
        figures = run_case(chosen, quick, work_dir, size)
    except Exception as exc:  # one broken case must not cost the figures of the others
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        log.error("%s: failed: %s", chosen.name, reason)
        return Outcome(chosen, [], reason)
    for figure in figures:
        log.info("%s: %s: %s%s", chosen.name, figure.label, figure.text(),
                 f" (goal {figure.goal})" if figure.goal else "")  # fmt: skip
    return Outcome(chosen, figures)


def run_cases(
    cases: list[Case], quick: bool, work_dir: Path | None, size: int | None = None
) -> list[Outcome]:
    """Run cases one after the other; their files stay in ``work_dir`` when one is given."""
    if work_dir is not None:
        return [attempt(c, quick, work_dir, size) for c in cases]
    with tempfile.TemporaryDirectory(prefix="launchsync-bench-") as folder:
        return [attempt(c, quick, Path(folder), size) for c in cases]


def figures_table(results: list[Outcome]) -> Table:
    """The figures of every case: case, figure, value, goal; a failed case shows its reason."""
    table = Table(title="Benchmarks", title_justify="left")
    table.add_column("case")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("goal")
    for outcome in results:
        table.add_row(outcome.case.name, "goal", "", outcome.case.goal)
        if outcome.error is not None:
            table.add_row("", "[bold red]failed[/]", "", outcome.error)
        for figure in outcome.figures:
            table.add_row("", figure.label, figure.text(), figure.goal)
        table.add_section()
    return table


@contextmanager
def stopwatch() -> Iterator[dict[str, float]]:
    """Measure the wall time of a block; ``["seconds"]`` holds it afterwards."""
    timing = {"seconds": 0.0}
    start = time.perf_counter()
    try:
        yield timing
    finally:
        timing["seconds"] = time.perf_counter() - start


def peak_rss_mib() -> float:
    """Peak resident memory so far of this process or of its largest finished child, in MiB.

    On Linux a child starts from the high-water mark of its parent, so the two are not told
    apart.
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024
