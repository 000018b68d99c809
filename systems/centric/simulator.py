"""A Centric 8 REST simulator: the same paths, auth, paging and record shapes as the real API.

- ``POST /session`` with ``{username, password}`` returns
  ``{"token": "SecurityTokenURL=centric://_CS_SecurityToken/<uuid>"}``; every other call needs
  that token, unchanged, as its ``Cookie`` header, or it gets 401. Tokens expire.
- Lists are bare JSON arrays with no total, paged by ``skip``/``limit``; the server caps a page
  silently (200 by default). Any attribute is a filter, repeated parameters mean "any of",
  and ``modified_after`` filters on ``_modified_at``.
- ``POST /{type}`` creates, partial ``PUT /{type}/{id}`` updates, ``DELETE`` deletes; each
  write stamps ``_modified_at``.
"""

import contextlib
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route

from launchsync import defaults
from systems.centric.endpoints import ENDPOINTS
from systems.simulation import (
    BadRequest,
    Handler,
    JSONResponse,
    RecordTable,
    endpoint,
    error,
    int_param,
    read_json,
)
from systems.timestamps import Clock, parse_iso

# The types launchsync reads, plus others a Centric server holds.
RESOURCE_TYPES = (*ENDPOINTS, "size_charts", "suppliers")
RESERVED = ("id", "_modified_at")
PAGING_PARAMS = ("skip", "limit", "modified_after")


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _matches(value: Any, wanted: set[str]) -> bool:
    if isinstance(value, list):
        return any(_as_text(v) in wanted for v in value)
    return value is not None and _as_text(value) in wanted


def modified_at(record: dict[str, Any]) -> datetime | None:
    """When a record was last written (``_modified_at``), None when it cannot be read."""
    try:
        return parse_iso(str(record.get("_modified_at")))
    except ValueError:
        return None


class CentricSimulator:
    """In-memory Centric data served over the Centric REST API shape."""

    def __init__(
        self,
        data: dict[str, list[dict[str, Any]]] | None = None,
        *,
        page_cap: int = 200,
        username: str = defaults.CENTRIC_SIMULATOR_USER,
        password: str = defaults.CENTRIC_SIMULATOR_PASSWORD,
        token_ttl: float = 1800.0,
    ) -> None:
        self.page_cap = page_cap
        self.username = username
        self.password = password
        self.token_ttl = token_ttl
        self.clock = Clock()
        self.sessions: dict[str, float] = {}
        self.requests = 0
        self.tables: dict[str, RecordTable] = {}
        self._next_id = 10_000_000
        for name in RESOURCE_TYPES:
            records = (data or {}).get(name, [])
            for record in records:
                self._adopt(record)
            self.tables[name] = RecordTable(records, stamp=modified_at)

    def _adopt(self, record: dict[str, Any]) -> None:
        """Give a loaded record an id and a timestamp if it lacks them."""
        record_id = record.get("id")
        if isinstance(record_id, str) and record_id[1:].isdigit():
            self._next_id = max(self._next_id, int(record_id[1:]) + 1)
        elif record_id is None:
            record["id"] = self._new_id()
        stamp = record.get("_modified_at")
        if isinstance(stamp, str):
            with contextlib.suppress(ValueError):
                self.clock.observe(parse_iso(stamp))
        else:
            record["_modified_at"] = self.clock.now()

    def _count(self) -> None:
        self.requests += 1

    def _new_id(self) -> str:
        self._next_id += 1
        return f"C{self._next_id}"

    # --- sessions -------------------------------------------------------------------------

    def _authorized(self, request: Request) -> bool:
        cookie = request.headers.get("cookie", "")
        now = time.monotonic()
        for part in (p.strip() for p in cookie.split(";")):
            expiry = self.sessions.get(part)
            if expiry is not None and expiry > now:
                return True
        return False

    def expire_sessions(self) -> None:
        """End every session, as when tokens time out."""
        self.sessions.clear()

    async def login(self, request: Request) -> JSONResponse:
        """``POST /session``."""
        body = await read_json(request)
        if not isinstance(body, dict):
            raise BadRequest("expected an object with username and password")
        if body.get("username") != self.username or body.get("password") != self.password:
            return error(401, "Invalid username or password")
        token = f"SecurityTokenURL=centric://_CS_SecurityToken/{uuid.uuid4()}"
        self.sessions[token] = time.monotonic() + self.token_ttl
        return JSONResponse({"token": token})

    async def logout(self, request: Request) -> JSONResponse:
        """``DELETE /session``."""
        for part in request.headers.get("cookie", "").split(";"):
            self.sessions.pop(part.strip(), None)
        return JSONResponse({})

    # --- records --------------------------------------------------------------------------

    def _table(self, request: Request) -> RecordTable:
        name = request.path_params["type"]
        table = self.tables.get(name)
        if table is None:
            raise LookupError(f"Unknown type '{name}'")
        return table

    async def list_records(self, request: Request) -> JSONResponse:
        """``GET /{type}``: a bare array page."""
        table = self._table(request)
        skip = int_param(request, "skip", 0)
        limit = min(int_param(request, "limit", self.page_cap, minimum=1), self.page_cap)
        filters: dict[str, set[str]] = {}
        for name, value in request.query_params.multi_items():
            if name not in PAGING_PARAMS:
                filters.setdefault(name, set()).add(value)
        after_raw = request.query_params.get("modified_after")
        after = None
        if after_raw is not None:
            try:
                after = parse_iso(after_raw)
            except ValueError:
                raise BadRequest(f"modified_after: {after_raw!r} is not a timestamp") from None
        key = (after_raw, tuple(sorted((k, tuple(sorted(v))) for k, v in filters.items())))
        predicate = self._predicate(filters, after)
        rows = table.select(key, predicate) if after is None else table.since(key, after, predicate)
        return JSONResponse(rows[skip : skip + limit])

    @staticmethod
    def _predicate(filters: dict[str, set[str]], after: Any) -> Callable[[dict], bool] | None:
        if not filters and after is None:
            return None

        def keep(record: dict[str, Any]) -> bool:
            if after is not None:
                try:
                    if parse_iso(str(record.get("_modified_at"))) <= after:
                        return False
                except ValueError:
                    return False
            return all(_matches(record.get(name), wanted) for name, wanted in filters.items())

        return keep

    async def get_record(self, request: Request) -> JSONResponse:
        """``GET /{type}/{id}``."""
        record = self._table(request).get(request.path_params["id"])
        if record is None:
            return error(
                404, f"No {request.path_params['type']} with id {request.path_params['id']}"
            )
        return JSONResponse(record)

    async def create_record(self, request: Request) -> JSONResponse:
        """``POST /{type}``: create with a new id."""
        table = self._table(request)
        body = await read_json(request)
        if not isinstance(body, dict):
            raise BadRequest("expected a JSON object")
        record = {k: v for k, v in body.items() if k not in RESERVED}
        record.setdefault("active", True)
        record["id"] = self._new_id()
        record["_modified_at"] = self.clock.now()
        table.put(record)
        return JSONResponse(record, status_code=201)

    async def update_record(self, request: Request) -> JSONResponse:
        """``PUT /{type}/{id}``: change only the attributes sent."""
        table = self._table(request)
        record = table.get(request.path_params["id"])
        if record is None:
            return error(
                404, f"No {request.path_params['type']} with id {request.path_params['id']}"
            )
        body = await read_json(request)
        if not isinstance(body, dict):
            raise BadRequest("expected a JSON object")
        self._change(table, record, body)
        return JSONResponse(record)

    def edit(self, resource: str, record_id: str, attributes: dict[str, Any]) -> None:
        """Change a record as someone working in Centric would (no request, no fault)."""
        table = self.tables[resource]
        record = table.get(record_id)
        if record is None:
            raise LookupError(f"no {resource} with id {record_id}")
        self._change(table, record, attributes)

    def _change(self, table: RecordTable, record: dict[str, Any], body: dict[str, Any]) -> None:
        changes = {k: v for k, v in body.items() if k not in RESERVED and record.get(k) != v}
        if changes:
            previous = record.get("_modified_at")
            record.update(changes)
            record["_modified_at"] = self.clock.now(after=previous)
            table.touch(record)

    async def delete_record(self, request: Request) -> JSONResponse:
        """``DELETE /{type}/{id}``."""
        if not self._table(request).delete(request.path_params["id"]):
            return error(
                404, f"No {request.path_params['type']} with id {request.path_params['id']}"
            )
        return JSONResponse({})

    # --- the app --------------------------------------------------------------------------

    def app(self) -> Starlette:
        """The ASGI application."""
        base = defaults.CENTRIC_API_PATH

        def session_needed(request: Request) -> str | None:
            return (
                None
                if self._authorized(request)
                else "Not authenticated: log in with POST /session"
            )

        def guard(handler: Handler, open_route: bool = False) -> Handler:
            return endpoint(
                handler, (lambda _: None) if open_route else session_needed, self._count
            )

        routes = [
            Route(f"{base}/session", guard(self.login, open_route=True), methods=["POST"]),
            Route(f"{base}/session", guard(self.logout, open_route=True), methods=["DELETE"]),
            Route(f"{base}/{{type}}", guard(self.list_records), methods=["GET"]),
            Route(f"{base}/{{type}}", guard(self.create_record), methods=["POST"]),
            Route(f"{base}/{{type}}/{{id}}", guard(self.get_record), methods=["GET"]),
            Route(f"{base}/{{type}}/{{id}}", guard(self.update_record), methods=["PUT"]),
            Route(f"{base}/{{type}}/{{id}}", guard(self.delete_record), methods=["DELETE"]),
        ]
        return Starlette(routes=routes)
