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

import logging
import os
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
