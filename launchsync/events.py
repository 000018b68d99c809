"""Prefect events launchsync emits, which deployment triggers in prefect.yaml turn into runs.

Each event names one record: its resource id is ``<system>.<kind>.<id>`` and its label
``launchsync.id`` carries the id the triggered flow takes as ``ids``.

- ``launchsync.fourallportal.<module>.changed``: a 4ALLPORTAL object was created, changed or
  deleted (webhook); files run S1 and S7 for that file.
- ``launchsync.smintio.license.changed``, ``launchsync.smintio.campaign-asset.changed``,
  ``launchsync.smintio.asset.status-changed``: Smint.io webhooks; they run S3, S4 and S6.
- ``launchsync.centric.style.milestone-reached``: an incremental pull saw a style reach a
  released milestone; it runs C4 for that style.
"""

import hashlib
import logging
import os
import time
from pathlib import Path
from typing import Any

from prefect.events import emit_event

# Smint.io webhook types and the (kind, event name) launchsync emits for them.
SMINTIO_EVENTS = {
    "license_purchase_transaction.changed": ("license", "changed"),
    "campaign_asset.changed": ("campaign-asset", "changed"),
    "asset.status_changed": ("asset", "status-changed"),
}
MILESTONE_REACHED = "launchsync.centric.style.milestone-reached"

log = logging.getLogger("launchsync.events")


def enabled() -> bool:
    """Whether events go anywhere: only with a Prefect server configured."""
    return bool(os.environ.get("PREFECT_API_URL"))


def delivery_event(delivery: dict[str, Any]) -> tuple[str, str, str] | None:
    """The (event name, kind, record id) of a normalized webhook delivery, if it names a record."""
    record = delivery.get("object_id")
    if not isinstance(record, str | int) or not str(record):
        return None
    if delivery.get("system") == "smintio":
        known = SMINTIO_EVENTS.get(str(delivery.get("type")))
        if known is None:
            return None
        kind, what = known
        return f"launchsync.smintio.{kind}.{what}", kind, str(record)
    module = str(delivery.get("module") or "object")
    return f"launchsync.fourallportal.{module}.changed", module, str(record)


def emit(name: str, system: str, kind: str, record: str, payload: dict[str, Any]) -> bool:
    """Emit one event about one record; False when no Prefect server is configured."""
    if not enabled():
        return False
    emitted = emit_event(
        event=name,
        resource={
            "prefect.resource.id": f"{system}.{kind}.{record}",
            "prefect.resource.name": record,
            "launchsync.id": record,
            "launchsync.system": system,
        },
        payload=payload,
    )
    return emitted is not None


def emit_delivery(delivery: dict[str, Any]) -> str | None:
    """Emit the event for a verified webhook delivery; the event name, or None."""
    found = delivery_event(delivery)
    if found is None:
        return None
    name, kind, record = found
    payload = {k: delivery.get(k) for k in ("delivery", "type", "mod_time")}
    return name if emit(name, str(delivery.get("system")), kind, record, payload) else None


def emit_milestones(style_ids: list[str], run_id: str) -> int:
    """Emit ``milestone-reached`` for each style; how many were emitted."""
    sent = sum(
        emit(MILESTONE_REACHED, "centric", "style", s, {"run_id": run_id}) for s in style_ids
    )
    if sent:
        log.info("%d styles reached a released milestone; emitted %s", sent, MILESTONE_REACHED)
    return sent


# Own writes: webhooks also report the changes launchsync itself made. The push counts each
# write per object; a delivery about that object within ECHO_SECONDS uses up one count and
# raises no event (it stays in the inbox). Later deliveries, a person's changes, raise events.
ECHO_SECONDS = 120.0


def _marker(inbox: Path, system: str, object_id: str) -> Path:
    digest = hashlib.sha256(f"{system}\0{object_id}".encode()).hexdigest()[:32]
    return inbox / ".own-writes" / digest


def _count(marker: Path) -> int:
    try:
        fresh = time.time() - marker.stat().st_mtime < ECHO_SECONDS
        return int(marker.read_text() or 0) if fresh else 0
    except (FileNotFoundError, ValueError):
        return 0


def note_own_writes(inbox: Path, system: str, object_ids: list[str]) -> None:
    """Count one write on each object, and forget counts older than ``ECHO_SECONDS``."""
    folder = inbox / ".own-writes"
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - ECHO_SECONDS
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.stat().st_mtime < cutoff:
                Path(entry.path).unlink(missing_ok=True)
    for object_id in object_ids:
        marker = _marker(inbox, system, object_id)
        marker.write_text(str(_count(marker) + 1))


def is_echo(inbox: Path, system: str, object_id: str) -> bool:
    """Whether a delivery reports launchsync's own recent write (using up that write's count)."""
    marker = _marker(inbox, system, object_id)
    left = _count(marker)
    if left <= 0:
        return False
    if left == 1:
        marker.unlink(missing_ok=True)
    else:
        marker.write_text(str(left - 1))
    return True
