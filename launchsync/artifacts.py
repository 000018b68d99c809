"""Prefect artifacts copy what the warehouse records, so publishing one is best effort.

A run's outcome is in ``sync_runs`` and readiness in ``readiness`` before any artifact is
published. A Prefect server that is busy or down when the run ends must not turn a finished run
into a failed one. The artifact is skipped with a warning that says where the same record is.
"""

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger("launchsync.artifacts")


def publish(create: Callable[..., object], key: str, kept_in: str, **artifact: Any) -> bool:
    """Publish the ``key`` artifact with ``create``; on failure warn and return False."""
    try:
        create(key=key, **artifact)
    except Exception as exc:  # the server's errors come as many types; none may fail the run
        reason = str(exc).splitlines()[0] if str(exc) else "no answer"
        log.warning(
            "the %s artifact was not published (%s: %s); the warehouse keeps the same record in %s",
            key,
            type(exc).__name__,
            reason,
            kept_in,
        )
        return False
    return True
