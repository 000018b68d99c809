"""Outbound webhooks of the 4ALLPORTAL simulator: registrations and signed deliveries."""

import queue
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson

from systems.fourallportal.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
)

EVENT_TYPES = ("moduleobject_create", "moduleobject_modify", "moduleobject_delete")


@dataclass
class Webhook:
    """A registration: where to send which events, signed with which secret."""

    id: str
    url: str
    secret: str
    events: list[dict[str, str]]
    header: dict[str, str] = field(default_factory=dict)
    active: bool = True

    def wants(self, event_type: str, module: str) -> bool:
        """Whether an event of this type in this module is to be sent here."""
        return self.active and any(
            e.get("type") == event_type and e.get("module") in (module, "*") for e in self.events
        )

    def describe(self) -> dict[str, Any]:
        """The registration as the API shows it (without the secret)."""
        return {
            "id": self.id,
            "url": self.url,
            "header": self.header,
            "active": self.active,
            "events": self.events,
        }


class Deliveries:
    """Posts events in the background, in order, retrying a few times; keeps a delivery log."""

    def __init__(self, attempts: int = 3) -> None:
        self.attempts = attempts
        self.log: list[dict[str, Any]] = []
        self._queue: queue.Queue[tuple[Webhook, dict[str, Any]]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()

    def send(self, hook: Webhook, event: dict[str, Any]) -> None:
        """Queue an event for a webhook."""
        self._idle.clear()
        self._queue.put((hook, event))
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="webhook-deliveries", daemon=True
            )
            self._thread.start()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every queued event was delivered or given up."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        with httpx.Client(timeout=5.0) as client:
            while True:
                hook, event = self._queue.get()
                self.log.append({**self._deliver(client, hook, event), "event": event})
                if self._queue.empty():
                    self._idle.set()

    def _deliver(
        self, client: httpx.Client, hook: Webhook, event: dict[str, Any]
    ) -> dict[str, Any]:
        body = orjson.dumps(event)
        status: int | str = "not sent"
        for attempt in range(self.attempts):
            timestamp = int(time.time())
            headers = {
                **hook.header,
                "Content-Type": "application/json",
                EVENT_HEADER: event["type"],
                DELIVERY_HEADER: event["id"],
                TIMESTAMP_HEADER: str(timestamp),
                SIGNATURE_HEADER: sign(hook.secret, timestamp, body),
            }
            try:
                status = client.post(hook.url, content=body, headers=headers).status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            if isinstance(status, int) and status < 500:
                break
            time.sleep(0.2 * (attempt + 1))
        return {"webhook": hook.id, "status": status}


def new_event(event_type: str, module: str, obj: dict[str, Any]) -> dict[str, Any]:
    """The body of one event."""
    return {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "module": module,
        "object_id": obj["id"],
        "object_type": obj.get("type"),
        "mod_time": obj.get("mod_time"),
    }
