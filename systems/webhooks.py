"""Outbound webhooks of the simulators: registrations and signed deliveries."""

import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson

from systems.signing import Signing


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
        """Whether an event of this type in this module (or kind) is to be sent here."""
        return self.active and any(
            e.get("type") == event_type and e.get("module", "*") in (module, "*")
            for e in self.events
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

    def __init__(self, signing: Signing, attempts: int = 3) -> None:
        self.signing = signing
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
            headers = {
                **hook.header,
                "Content-Type": "application/json",
                **self.signing.headers(hook.secret, event["type"], event["id"], body),
            }
            try:
                status = client.post(hook.url, content=body, headers=headers).status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            if isinstance(status, int) and status < 500:
                break
            time.sleep(0.2 * (attempt + 1))
        return {"webhook": hook.id, "status": status}
