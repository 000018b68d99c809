"""C1 milestone transfer: styles at or past the configured milestone go to 4ALLPORTAL."""

from typing import Any

from prefect import flow

from flows.steps import run_scenarios


@flow(name="c1-milestone-transfer")
def milestone_transfer(full: bool = False, dry_run: bool = False) -> dict[str, Any]:
    """C1: create/update approved core data of milestone styles as 4ALLPORTAL products and variants.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
    """
    return run_scenarios("c1-milestone-transfer", ["c1"], full, dry_run)
