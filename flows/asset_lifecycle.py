"""S7 lifecycle: updates, replacements and deprecations; a retired asset disappears from Smint.io."""

from typing import Any

from prefect import flow

from flows.steps import run_scenarios


@flow(name="s7-asset-lifecycle")
def asset_lifecycle(
    full: bool = False, dry_run: bool = False, ids: list[str] | None = None
) -> dict[str, Any]:
    """S7: bring asset updates and replacements to Smint.io and retire there what 4ALLPORTAL retired or withdrew.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
        ids: Work on these records only: 4ALLPORTAL file ids (from a file event); only their Smint.io assets change.
    """
    return run_scenarios("s7-asset-lifecycle", ["s7"], full, dry_run, ids)
