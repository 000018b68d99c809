"""C3 technical data: Centric materials, composition, care, fit and measurements into 4ALLPORTAL."""

from typing import Any

from prefect import flow

from flows.steps import run_scenarios


@flow(name="c3-technical-data")
def technical_data(full: bool = False, dry_run: bool = False) -> dict[str, Any]:
    """C3: land PLM technical data as read-only attributes next to the content teams' fields.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
    """
    return run_scenarios("c3-technical-data", ["c3"], full, dry_run)
