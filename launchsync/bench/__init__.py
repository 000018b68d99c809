"""Benchmarks: named cases that measure launchsync at a given size and report figures.

Each case lives in its own module and registers itself with :func:`case`; importing this
package registers them all, in the order ``launchsync bench`` runs them.
"""

from launchsync.bench.frame import (
    CASES,
    BenchError,
    Case,
    Figure,
    Outcome,
    case,
    choose,
    figures_table,
    log,
    run_case,
    run_cases,
)

# isort: off
# Imported in the order the cases run.
# The longest case (sync) last: a run stopped during it keeps the others' figures.
from launchsync.bench import push, pages, simulators, extract, validation, diff, readiness, sync
# isort: on

__all__ = [
    "CASES",
    "BenchError",
    "Case",
    "Figure",
    "Outcome",
    "case",
    "choose",
    "diff",
    "extract",
    "figures_table",
    "log",
    "pages",
    "push",
    "readiness",
    "run_case",
    "run_cases",
    "simulators",
    "sync",
    "validation",
]
