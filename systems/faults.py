"""Faults the simulators inject, per route and by rate, and the request log that counts effects.

A fault plan is a list of ``kind[:seconds][@[METHOD]/path-glob]=rate`` items separated by
commas, e.g. ``429:1=0.05,500@POST/api/*=0.02,latency:0.2=0.1``. Each request rolls once
(seeded, so a plan replays the same way) and gets at most one fault:

- ``latency:S``: answers S seconds late.
- ``429:S``: 429 with ``Retry-After: S`` and a JSON body; nothing applied.
- ``500``, ``503``: that status with a JSON body; nothing applied.
- ``timeout:S``: applies the request, then answers S seconds late (past the client's timeout).
- ``reset``: applies the request, then breaks the connection before any body byte.
- ``truncate``: applies the request, then breaks the connection halfway through the body.
- ``duplicate``: offset paging only: as if records were inserted before the offset while the
  listing is read, this and the later pages of the listing start a quarter page earlier, so
  records come twice.
- ``shuffle``: the records of the page come in reverse order.
- ``expire:S``: every session or access token ends before the request (Centric, Smint.io),
  at most once every S seconds: a new token lives a while.

Every request is logged with its ``Idempotency-Key`` header, the fault and the status, and the
log is served at ``GET /_simulator/requests``. ``PUT /_simulator/faults`` with a plan as the
body replaces the plan of a running simulator (an empty body: no faults).
"""

from __future__ import annotations

import asyncio
import fnmatch
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import orjson

KINDS = ("latency", "429", "500", "503", "timeout", "reset", "truncate", "duplicate", "shuffle",
         "expire")  # fmt: skip
LOG_PATH = "/_simulator/requests"
PLAN_PATH = "/_simulator/faults"
OFFSET_PARAMS = ("offset", "skip")


class FaultSpecError(ValueError):
    """A fault plan that cannot be read; the message names the item and the fix."""


@dataclass(frozen=True)
class Fault:
    """One kind of fault, on the requests it matches, at a rate between 0 and 1."""

    kind: str
    rate: float
    method: str = "*"
    path: str = "*"
    seconds: float = 1.0

    def matches(self, method: str, path: str) -> bool:
        """Whether this fault applies to a request."""
        return self.method in ("*", method) and fnmatch.fnmatchcase(path, self.path)


def parse_faults(spec: str) -> list[Fault]:
    """Read a fault plan (see the module doc); an empty spec is no faults."""
    faults = []
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        head, eq, rate_text = item.rpartition("=")
        if not eq:
            raise FaultSpecError(
                f"fault {item!r} has no rate; write it as kind=rate, e.g. 500=0.05"
            )
        try:
            rate = float(rate_text)
        except ValueError:
            raise FaultSpecError(f"fault {item!r}: rate {rate_text!r} is not a number") from None
        if not 0 <= rate <= 1:
            raise FaultSpecError(f"fault {item!r}: the rate must be between 0 and 1")
        head, _, route = head.partition("@")
        kind, _, seconds_text = head.partition(":")
        if kind not in KINDS:
            raise FaultSpecError(f"unknown fault {kind!r}; use one of {', '.join(KINDS)}")
        method, path = "*", "*"
        if route:
            slash = route.find("/")
            if slash < 0 or (not route[:slash].isalpha() and slash > 0):
                raise FaultSpecError(
                    f"fault {item!r}: the route must look like POST/api/* or /api/*"
                )
            method, path = (route[:slash].upper() or "*"), route[slash:]
        try:
            seconds = float(seconds_text) if seconds_text else 1.0
        except ValueError:
            raise FaultSpecError(f"fault {item!r}: {seconds_text!r} is not seconds") from None
        faults.append(Fault(kind, rate, method, path, seconds))
    return faults


@dataclass
class RequestLog:
    """Every request a simulator answered, for counting effects after a run."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, method: str, path: str, key: str | None, fault: str | None) -> dict[str, Any]:
        """Log a request; the entry gets its status and the time it was answered once it is."""
        entry = {"at": time.time(), "method": method, "path": path, "idempotency_key": key,
                 "fault": fault, "status": None}  # fmt: skip
        with self._lock:
            self.entries.append(entry)
        return entry

    def snapshot(self) -> list[dict[str, Any]]:
        """A copy of the log."""
        with self._lock:
            return [dict(e) for e in self.entries]


class _Hushed(logging.Filter):
    """Drops uvicorn's complaint about a response the fault cut short on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "without completing response" not in record.getMessage()


# Once per process: serving simulators again must not stack filters on uvicorn's logger.
logging.getLogger("uvicorn.error").addFilter(_Hushed())


class FaultInjector:
    """ASGI middleware that injects a fault plan into a simulator's app and logs requests."""

    def __init__(
        self,
        app: Callable[..., Any],
        faults: list[Fault],
        *,
        seed: int = 0,
        expire: Callable[[], None] | None = None,
    ) -> None:
        self.app, self.faults, self.expire = app, faults, expire
        self.random = random.Random(seed)
        self.log = RequestLog()
        self.injected: dict[str, int] = {}
        self._shifts: dict[tuple[str, str], int] = {}
        self._expired = -1e9

    def pick(self, method: str, path: str) -> Fault | None:
        """At most one fault for a request: one roll against the matching faults' rates."""
        roll = self.random.random()
        for fault in self.faults:
            if fault.matches(method, path):
                if roll < fault.rate:
                    return fault
                roll -= fault.rate
        return None

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        """Serve one request, with the fault its roll picked."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        if path == LOG_PATH and method == "GET":
            await _answer(send, 200, self.log.snapshot())
            return
        if path == PLAN_PATH and method == "PUT":
            await self._replace_plan(receive, send)
            return
        headers = dict(scope.get("headers") or [])
        key = headers.get(b"idempotency-key")
        fault = self.pick(method, path) if self.faults else None
        kind = fault.kind if fault else None
        if kind == "expire":
            if self.expire is None or time.monotonic() - self._expired < fault.seconds:  # type: ignore[union-attr]
                kind = None
            else:
                self._expired = time.monotonic()
        drifting = method == "GET" and (kind == "duplicate" or self._shifts)
        shift = self._shift(scope, path, start=kind == "duplicate") if drifting else 0
        if kind == "duplicate" and not shift:
            kind = None
        entry = self.log.add(method, path, key.decode() if key else None, kind)
        if kind:
            self.injected[kind] = self.injected.get(kind, 0) + 1
        entry["status"] = await self._serve(scope, receive, send, fault, kind, shift)
        entry["answered"] = time.time()

    async def _serve(
        self,
        scope: dict,
        receive: Callable,
        send: Callable,
        fault: Fault | None,
        kind: str | None,
        shift: int,
    ) -> int | str:
        if (fault is None or kind in (None, "duplicate")) and not shift:
            return await _through(self.app, scope, receive, send)
        if kind == "latency":
            await asyncio.sleep(fault.seconds)
            return await _through(self.app, scope, receive, send)
        if kind == "expire":
            self.expire()  # type: ignore[misc]
            return await _through(self.app, scope, receive, send)
        if kind in ("429", "500", "503"):
            extra = [(b"retry-after", str(int(fault.seconds)).encode())] if kind == "429" else []
            body = {"message": f"simulated {kind}", "status": int(kind)}
            await _answer(send, int(kind), body, extra)
            return int(kind)
        status, head, body = await _captured(self.app, scope, receive)
        if shift:
            body = _grown_total(body, shift)
        if kind == "timeout":
            await asyncio.sleep(fault.seconds)  # type: ignore[union-attr]
        elif kind == "shuffle":
            body = _reversed_records(body)
        elif kind in ("reset", "truncate"):
            cut = 0 if kind == "reset" else len(body) // 2
            await send({"type": "http.response.start", "status": status,
                        "headers": _with_length(head, len(body))})  # fmt: skip
            await send({"type": "http.response.body", "body": body[:cut], "more_body": True})
            return kind  # the connection closes with the body incomplete
        await send({"type": "http.response.start", "status": status,
                    "headers": _with_length(head, len(body))})  # fmt: skip
        await send({"type": "http.response.body", "body": body})
        return status

    async def _replace_plan(self, receive: Callable, send: Callable) -> None:
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        try:
            self.faults = parse_faults(body.decode())
        except (FaultSpecError, UnicodeDecodeError) as exc:
            await _answer(send, 400, {"message": str(exc)})
            return
        await _answer(send, 200, {"faults": len(self.faults)})

    def _shift(self, scope: dict, path: str, start: bool) -> int:
        """Move an offset-paged listing's offset back (``start``: by another quarter page).

        How far the request was moved: that many records count as inserted before it.
        """
        params = parse_qsl(scope.get("query_string", b"").decode(), keep_blank_values=True)
        names = [n for n, _ in params if n in OFFSET_PARAMS]
        if not names:
            return 0
        name = names[0]
        values = dict(params)
        listing = (path, urlencode(sorted((k, v) for k, v in params if k != name)))
        try:
            offset, limit = int(values[name]), int(values.get("limit", 100))
        except ValueError:
            return 0
        if offset == 0:
            self._shifts.pop(listing, None)
        if start:  # a quarter page, as many as there are records before it at most
            self._shifts[listing] = self._shifts.get(listing, 0) + max(1, min(limit, offset) // 4)
        shift = min(self._shifts.get(listing, 0), offset)
        if shift:
            moved = [(k, str(offset - shift) if k == name else v) for k, v in params]
            scope["query_string"] = urlencode(moved).encode()
        return shift


async def _through(app: Callable, scope: dict, receive: Callable, send: Callable) -> int:
    status = 0

    async def noting(message: dict) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        await send(message)

    await app(scope, receive, noting)
    return status


async def _captured(app: Callable, scope: dict, receive: Callable) -> tuple[int, list, bytes]:
    """Run the app to completion and keep its response."""
    status, head, chunks = 500, [], []

    async def keep(message: dict) -> None:
        nonlocal status, head
        if message["type"] == "http.response.start":
            status, head = message["status"], list(message.get("headers") or [])
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    return status, head, b"".join(chunks)


async def _answer(send: Callable, status: int, body: Any, extra: list | None = None) -> None:
    payload = orjson.dumps(body)
    headers = [(b"content-type", b"application/json"), *(extra or [])]
    await send({"type": "http.response.start", "status": status,
                "headers": _with_length(headers, len(payload))})  # fmt: skip
    await send({"type": "http.response.body", "body": payload})


def _with_length(headers: list, length: int) -> list:
    kept = [(k, v) for k, v in headers if k.lower() != b"content-length"]
    return [*kept, (b"content-length", str(length).encode())]


def _grown_total(body: bytes, inserted: int) -> bytes:
    """The body with its ``total_count`` (if any) grown by the records counted as inserted."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body
    if isinstance(data, dict) and isinstance(data.get("total_count"), int):
        return orjson.dumps({**data, "total_count": data["total_count"] + inserted})
    return body


def _reversed_records(body: bytes) -> bytes:
    """The body with its record list (the body itself, or its first list field) reversed."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body
    if isinstance(data, list):
        return orjson.dumps(data[::-1])
    if isinstance(data, dict):
        for name, value in data.items():
            if isinstance(value, list):
                return orjson.dumps({**data, name: value[::-1]})
    return body
