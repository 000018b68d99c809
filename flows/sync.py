"""Run every scenario once, in dependency order: assortment first, then the milestone transfer."""

from typing import Any

from prefect import flow

from flows.assortment import assortment_structures
from flows.milestone import milestone_transfer
from flows.steps import combine, recorded_run


@flow(name="launchsync-sync")
def sync(full: bool = False, dry_run: bool = False) -> dict[str, Any]:
    """Sync Centric and 4ALLPORTAL once: C5 assortment structures, then C1 milestone transfer.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to 4ALLPORTAL.
    """
    with recorded_run("launchsync-sync", {"full": full, "dry_run": dry_run}) as run:
        assortment = assortment_structures(full=full, dry_run=dry_run, parent_run_id=run.id)
        milestone = milestone_transfer(full=full, dry_run=dry_run, parent_run_id=run.id)
        run.counts = combine([assortment, milestone])
        run.counts["flows"] = {
            "c5-assortment-structures": assortment,
            "c1-milestone-transfer": milestone,
        }
    return {"run_id": run.id, **run.counts}
