"""S3 licensed stock into the DAM: Smint.io license purchases as 4ALLPORTAL files with their rights."""

from typing import Any

from prefect import flow

from flows.steps import run_scenarios


@flow(name="s3-licensed-stock")
def licensed_stock(
    full: bool = False, dry_run: bool = False, ids: list[str] | None = None
) -> dict[str, Any]:
    """S3: bring licensed stock from Smint.io into 4ALLPORTAL's file module with its license terms; editorial-only, expired or canceled licenses are flagged and offered for no channel.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
        ids: Work on these records only: Smint.io license transaction ids (from a license event); only their files change.
    """
    return run_scenarios("s3-licensed-stock", ["s3"], full, dry_run, ids)
