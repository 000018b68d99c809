"""The webhook receiver: verified 4ALLPORTAL deliveries land in an inbox that runs import.

A delivery with a missing, stale or wrong signature gets 401 and changes nothing. A genuine
one is written atomically to ``<inbox>/<delivery id>.json`` (a repeat is acknowledged, not
stored twice); the next run imports the inbox into the ``webhook_events`` table.
"""

import os
import tempfile
from pathlib import Path

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route

from systems.fourallportal.signing import DELIVERY_HEADER, verify
from systems.simulation import JSONResponse, error


def receiver(secret: str, inbox: Path, tolerance: float = 300.0) -> Starlette:
    """The receiver as an ASGI app."""
    inbox.mkdir(parents=True, exist_ok=True)

    async def fourallportal(request: Request) -> JSONResponse:
        body = await request.body()
        reason = verify(secret, request.headers, body, tolerance)
        if reason:
            return error(401, f"delivery refused: {reason}")
        try:
            event = orjson.loads(body)
        except orjson.JSONDecodeError:
            return error(400, "delivery body is not JSON")
        delivery = request.headers.get(DELIVERY_HEADER.lower()) or str(event.get("id", ""))
        if not delivery or not delivery.replace("-", "").isalnum():
            return error(400, "delivery id missing or malformed")
        target = inbox / f"{delivery}.json"
        if target.exists():
            return JSONResponse({"status": "duplicate"})
        with tempfile.NamedTemporaryFile("wb", dir=inbox, suffix=".tmp", delete=False) as handle:
            handle.write(orjson.dumps({"delivery": delivery, **event}))
        os.replace(handle.name, target)
        return JSONResponse({"status": "accepted"}, status_code=202)

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route("/webhooks/fourallportal", fourallportal, methods=["POST"]),
            Route("/health", health, methods=["GET"]),
        ]
    )
