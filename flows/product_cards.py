"""S2 product data to creatives: 4ALLPORTAL product cards in Smint.io."""

from typing import Any

from prefect import flow

from flows.steps import run_scenarios


@flow(name="s2-product-cards")
def product_cards(full: bool = False, dry_run: bool = False) -> dict[str, Any]:
    """S2: keep a Smint.io product card per transferred product (SKUs, name, category, technical attributes, market descriptions).

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
    """
    return run_scenarios("s2-product-cards", ["s2"], full, dry_run)
