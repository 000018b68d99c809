"""C2 assets and status: approved 4ALLPORTAL assets linked on Centric styles; lifecycle to 4ALLPORTAL."""

from typing import Any

from prefect import flow

from flows.steps import run_scenarios


@flow(name="c2-assets-and-status")
def assets_and_status(full: bool = False, dry_run: bool = False) -> dict[str, Any]:
    """C2: link approved assets on Centric styles; let Centric's lifecycle decide asset availability.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
    """
    return run_scenarios("c2-assets-and-status", ["c2"], full, dry_run)
