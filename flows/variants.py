"""C6 variant sync: size, colour, fit, composition and regulatory attributes kept in step both ways."""

from typing import Any

from prefect import flow

from flows.steps import run_scenarios


@flow(name="c6-variant-sync")
def variant_sync(full: bool = False, dry_run: bool = False) -> dict[str, Any]:
    """C6: variant attributes from development to 4ALLPORTAL, and owned fields back, with conflicts.

    Which system owns each attribute pair is set in launchsync.toml (ownership.pairs); an edit
    made in the other system is recorded as a conflict and settled by ownership.conflict_rule.

    Args:
        full: Re-read every record (and detect deletions) instead of only changes.
        dry_run: Compute and record the changes without writing to any system.
    """
    return run_scenarios("c6-variant-sync", ["c6"], full, dry_run)
