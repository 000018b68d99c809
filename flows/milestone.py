"""C1 milestone transfer: styles at or past the configured milestone go to 4ALLPORTAL."""

from typing import Any

from prefect import flow

from flows.steps import recorded_run, refresh, remove_stale, summarize, write_module
from systems.centric.endpoints import ENDPOINTS as CENTRIC
from tasks.validate import validate_styles

CENTRIC_ENTITIES = tuple(CENTRIC)
FOURALLPORTAL_MODULES = ("classification", "product", "variant")


@flow(name="c1-milestone-transfer")
def milestone_transfer(
    full: bool = False, dry_run: bool = False, parent_run_id: str | None = None
) -> dict[str, Any]:
    """C1: create/update approved core data of milestone styles as 4ALLPORTAL products and variants.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to 4ALLPORTAL.
        parent_run_id: Run that started this one, if any.
    """
    with recorded_run(
        "c1-milestone-transfer", {"full": full, "dry_run": dry_run}, parent_run_id
    ) as run:
        pulls = refresh(run, "centric", CENTRIC_ENTITIES, full)
        pulls += refresh(run, "fourallportal", FOURALLPORTAL_MODULES, full)
        validation = validate_styles(run.id, run.warehouse, full)
        pushes = write_module(run, "product", dry_run)
        pushes += write_module(run, "variant", dry_run)
        pushes += remove_stale(run, "variant", dry_run)
        pushes += remove_stale(run, "product", dry_run)
        run.counts = summarize(pulls, pushes, validation)
    return {"run_id": run.id, **run.counts}
