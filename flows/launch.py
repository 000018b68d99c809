"""C4 launch package: assembled in 4ALLPORTAL for released styles, blockers written back to Centric."""

from typing import Any

from prefect import flow

from flows.steps import run_scenarios


@flow(name="c4-launch-package")
def launch_package(
    full: bool = False, dry_run: bool = False, ids: list[str] | None = None
) -> dict[str, Any]:
    """C4: assemble launch packages in 4ALLPORTAL and write their blockers on Centric styles.

    Styles at or past the commercialization milestone get a package per market and channel; what
    is missing (assets, content, validation) is written on the style in Centric.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
        ids: Work on these records only: Centric style ids (from a milestone event); only their packages and status change.
    """
    return run_scenarios("c4-launch-package", ["c4"], full, dry_run, ids)
