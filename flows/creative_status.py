"""S6 launch status: creative approval and rights clearance from Smint.io on 4ALLPORTAL files."""

from typing import Any

from prefect import flow

from flows.steps import run_scenarios


@flow(name="s6-creative-status")
def creative_status(
    full: bool = False, dry_run: bool = False, ids: list[str] | None = None
) -> dict[str, Any]:
    """S6: reflect creative approval and rights clearance set in Smint.io on the 4ALLPORTAL file of each asset.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
        ids: Work on these records only: 4ALLPORTAL file ids (from a Smint.io asset event); only those files change.
    """
    return run_scenarios("s6-creative-status", ["s6"], full, dry_run, ids)
