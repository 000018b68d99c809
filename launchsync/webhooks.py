"""The webhook receiver: verified 4ALLPORTAL and Smint.io deliveries land in an inbox.

A delivery with a missing, stale or wrong signature gets 401 and changes nothing. A genuine
one is written atomically to ``<inbox>/<delivery id>.json`` (a repeat is acknowledged, not
stored twice); the next run imports the inbox into the ``webhook_events`` table. With a Prefect
server configured, a new delivery also goes to the relay (``launchsync.relay``), which raises
the Prefect event deployment triggers turn into a run for that record, unless it only reports
what launchsync itself wrote.
"""

import os
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route

from launchsync import events
from launchsync.relay import Relay
from systems.signing import FOURALLPORTAL, SMINTIO, Signing
from systems.simulation import JSONResponse, error


def normalized(system: str, event: dict[str, Any]) -> dict[str, Any]:
    """The fields of an event as the inbox keeps them, whichever system sent it."""
    if system == "smintio":
        return {"system": system, "type": event.get("type"), "module": event.get("kind"),
                "object_id": event.get("record_id"), "object_type": None,
                "mod_time": event.get("occurred_at")}  # fmt: skip
    return {"system": system, **event}


def receiver(
    secret: str, inbox: Path, warehouse: Path, tolerance: float = 300.0, relay: Relay | None = None
) -> Starlette:
    """The receiver as an ASGI app; ``warehouse`` is the file the runs write."""
    inbox.mkdir(parents=True, exist_ok=True)
    relay = relay or Relay(warehouse)

    def route(system: str, signing: Signing) -> Callable[[Request], Awaitable[JSONResponse]]:
        async def receive(request: Request) -> JSONResponse:
            body = await request.body()
            reason = signing.verify(secret, request.headers, body, tolerance)
            if reason:
                return error(401, f"delivery refused: {reason}")
            try:
                event = orjson.loads(body)
            except orjson.JSONDecodeError:
                return error(400, "delivery body is not JSON")
            if not isinstance(event, dict):
                return error(400, "delivery body is not a JSON object")
            delivery = request.headers.get(signing.delivery_header.lower()) or str(
                event.get("id", "")
            )
            if not delivery or not delivery.replace("-", "").isalnum():
                return error(400, "delivery id missing or malformed")
            target = inbox / f"{delivery}.json"
            if target.exists():
                return JSONResponse({"status": "duplicate"})
            kept = {"delivery": delivery, **normalized(system, event)}
            with tempfile.NamedTemporaryFile(
                "wb", dir=inbox, suffix=".tmp", delete=False
            ) as handle:
                handle.write(orjson.dumps(kept))
            os.replace(handle.name, target)
            if events.enabled():
                relay.put(kept)
            return JSONResponse({"status": "accepted"}, status_code=202)

        return receive

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route(
                "/webhooks/fourallportal", route("fourallportal", FOURALLPORTAL), methods=["POST"]
            ),
            Route("/webhooks/smintio", route("smintio", SMINTIO), methods=["POST"]),
            Route("/health", health, methods=["GET"]),
        ]
    )
