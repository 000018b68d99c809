"""S1 approved assets to creatives: approved 4ALLPORTAL images, packshots, logos, datasheets and campaign visuals in Smint.io."""

from typing import Any

from prefect import flow

from flows.steps import run_scenarios


@flow(name="s1-assets-to-creatives")
def assets_to_creatives(
    full: bool = False, dry_run: bool = False, ids: list[str] | None = None
) -> dict[str, Any]:
    """S1: send approved, not withdrawn 4ALLPORTAL assets to Smint.io as assets creatives can use.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
        ids: Work on these records only: 4ALLPORTAL file ids (from a file event); only their Smint.io assets change.
    """
    return run_scenarios("s1-assets-to-creatives", ["s1"], full, dry_run, ids)
