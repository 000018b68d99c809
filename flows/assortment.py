"""C5 assortment structures: seasons and the collection hierarchy into 4ALLPORTAL classification."""

from typing import Any

from prefect import flow

from flows.steps import recorded_run, refresh, remove_stale, summarize, write_module


@flow(name="c5-assortment-structures")
def assortment_structures(
    full: bool = False, dry_run: bool = False, parent_run_id: str | None = None
) -> dict[str, Any]:
    """C5: mirror Centric seasons and collection trees as 4ALLPORTAL classification objects.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to 4ALLPORTAL.
        parent_run_id: Run that started this one, if any.
    """
    with recorded_run(
        "c5-assortment-structures", {"full": full, "dry_run": dry_run}, parent_run_id
    ) as run:
        pulls = refresh(run, "centric", ("seasons", "collections"), full)
        pulls += refresh(run, "fourallportal", ("classification",), full)
        pushes = write_module(run, "classification", dry_run)
        pushes += remove_stale(run, "classification", dry_run)
        run.counts = summarize(pulls, pushes)
    return {"run_id": run.id, **run.counts}
