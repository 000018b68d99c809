"""Launch readiness on its own: pull every system, validate, recompute readiness."""

from typing import Any

from prefect import flow

from flows.steps import recorded_run, refresh_all, systems_for
from tasks.readiness import assess_readiness
from tasks.validate import validate_styles


@flow(name="launch-readiness")
def launch_readiness(full: bool = False) -> dict[str, Any]:
    """Recompute launch readiness per style, colorway, market and channel.

    Only what changed since the last computation is recomputed, plus every style of a market
    whose rules changed in launchsync.toml.

    Args:
        full: Re-read every record and recompute every key.
    """
    with recorded_run("launch-readiness", {"full": full}) as run:
        pulls = refresh_all(run, full, systems_for(["s"]))
        validation = validate_styles(run.id, run.warehouse, full)
        run.readiness = assess_readiness(run.id, run.warehouse, full)
        run.counts = {
            "pulled": sum(p["records"] for p in pulls),
            "validated": validation["validated"],
            "readiness": run.readiness,
        }
    return {"run_id": run.id, **run.counts}
