"""S8 catalog and sales collateral: per season collection, product cards and print-ready media."""

from typing import Any

from prefect import flow

from flows.steps import run_scenarios


@flow(name="s8-collateral")
def collateral(full: bool = False, dry_run: bool = False) -> dict[str, Any]:
    """S8: keep a Smint.io collateral collection per season collection with its product cards and print-ready assets.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
    """
    return run_scenarios("s8-collateral", ["s8"], full, dry_run)
