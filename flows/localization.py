"""C7 localization status: per-market content state from 4ALLPORTAL back to Centric."""

from typing import Any

from prefect import flow

from flows.steps import run_scenarios


@flow(name="c7-localization-status")
def localization_status(full: bool = False, dry_run: bool = False) -> dict[str, Any]:
    """C7: write, per market, whether the style's localized content is complete onto the Centric style.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
    """
    return run_scenarios("c7-localization-status", ["c7"], full, dry_run)
