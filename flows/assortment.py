"""C5 assortment structures: seasons and the collection hierarchy into 4ALLPORTAL classification."""

from typing import Any

from prefect import flow

from flows.steps import run_scenarios


@flow(name="c5-assortment-structures")
def assortment_structures(full: bool = False, dry_run: bool = False) -> dict[str, Any]:
    """C5: mirror Centric seasons and collection trees as 4ALLPORTAL classification objects.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
    """
    return run_scenarios("c5-assortment-structures", ["c5"], full, dry_run)
