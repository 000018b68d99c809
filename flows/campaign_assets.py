"""S4 finalized campaign assets into the DAM, with product links, tags and renditions."""

from typing import Any

from prefect import flow

from flows.steps import run_scenarios


@flow(name="s4-campaign-assets")
def campaign_assets(
    full: bool = False, dry_run: bool = False, ids: list[str] | None = None
) -> dict[str, Any]:
    """S4: bring campaign assets creatives finalized in Smint.io into 4ALLPORTAL, linked to their products.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
        ids: Work on these records only: Smint.io campaign asset ids (from a campaign asset event); only their files change.
    """
    return run_scenarios("s4-campaign-assets", ["s4"], full, dry_run, ids)
