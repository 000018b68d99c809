"""S5 channel and market sets: per market and channel, the assets, copy and cleared stock regional teams may use."""

from typing import Any

from prefect import flow

from flows.steps import run_scenarios


@flow(name="s5-market-sets")
def market_sets(full: bool = False, dry_run: bool = False) -> dict[str, Any]:
    """S5: keep a Smint.io collection per market and channel with the fitting assets, product cards in the market's language and licensed stock cleared there.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
    """
    return run_scenarios("s5-market-sets", ["s5"], full, dry_run)
