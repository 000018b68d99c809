"""Pieces the simulators share: JSON responses, request bodies, record tables."""

import copy
import os
import random
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response


class JSONResponse(Response):
    """A JSON response encoded with orjson."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        """Encode the content."""
        return orjson.dumps(content)


def copy_record(record: Any) -> Any:
    """A deep copy of a JSON record: through orjson, several times faster than ``deepcopy``.

    Records hold what clients sent as JSON; one that orjson cannot encode (an integer beyond
    64 bits) is copied the slow way.
    """
    try:
        return orjson.loads(orjson.dumps(record))
    except TypeError:
        return copy.deepcopy(record)


_ids = random.Random()  # seeded from the system's entropy source
os.register_at_fork(after_in_child=_ids.seed)  # a forked process draws other ids


def new_uuid() -> str:
    """A random (version 4) UUID as text, as the simulated servers give new objects.

    Drawn from a pseudo-random generator, not the system's entropy source: ids need to be
    unique, not unguessable, and a bulk write of thousands of objects should not make a
    system call for each.
    """
    text = f"{_ids.getrandbits(128):032x}"
    variant = "89ab"[int(text[16], 16) & 3]
    return f"{text[:8]}-{text[8:12]}-4{text[13:16]}-{variant}{text[17:20]}-{text[20:]}"


class BadRequest(Exception):
    """A request the simulated server rejects with 400 and a message."""


Handler = Callable[[Request], Awaitable[Response]]


def error(status: int, message: str, **extra: Any) -> JSONResponse:
    """An error body ``{"message": ...}`` as both simulated APIs return them."""
    return JSONResponse({"message": message, **extra}, status_code=status)


def endpoint(
    handler: Handler, denied: Callable[[Request], str | None], count: Callable[[], None]
) -> Handler:
    """Wrap a handler with what every simulated route does.

    Counts the request, refuses it with 401 when ``denied`` gives a reason, and turns
    ``BadRequest`` into 400 and ``LookupError`` into 404.
    """

    async def handle(request: Request) -> Response:
        count()
        reason = denied(request)
        if reason:
            return error(401, reason)
        try:
            return await handler(request)
        except BadRequest as exc:
            return error(400, str(exc))
        except LookupError as exc:
            return error(404, str(exc).strip("'\""))

    return handle


async def read_json(request: Request) -> Any:
    """Decode a request body.

    Raises:
        BadRequest: the body is empty or not JSON.
    """
    body = await request.body()
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        raise BadRequest("request body is not valid JSON") from None


class RecordTable:
    """Records of one kind in insertion order, with cached filtered listings.

    Listing a large table page by page repeats the same filter many times; the result of a
    filter is kept until the table changes, so a page costs a slice, not a scan.
    """

    def __init__(self, records: list[dict[str, Any]] | None = None, key: str = "id") -> None:
        self.key = key
        self.rows: dict[str, dict[str, Any]] = {}
        for record in records or []:
            self.rows[str(record[key])] = record
        self.version = 0
        self._cache: OrderedDict[tuple[int, Hashable], list[dict[str, Any]]] = OrderedDict()

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, record_id: str) -> dict[str, Any] | None:
        """The record with this id, or None."""
        return self.rows.get(record_id)

    def put(self, record: dict[str, Any]) -> None:
        """Insert or replace a record."""
        self.rows[str(record[self.key])] = record
        self._changed()

    def delete(self, record_id: str) -> bool:
        """Remove a record; tell whether it existed."""
        existed = self.rows.pop(record_id, None) is not None
        if existed:
            self._changed()
        return existed

    def touch(self) -> None:
        """Note that a record was changed in place."""
        self._changed()

    def select(
        self,
        cache_key: Hashable,
        predicate: Callable[[dict[str, Any]], bool] | None,
        order: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None,
    ) -> list[dict[str, Any]]:
        """Records matching ``predicate`` (all when None), ordered by ``order``.

        The result is cached under ``cache_key`` until the table changes.
        """
        slot = (self.version, cache_key)
        hit = self._cache.get(slot)
        if hit is not None:
            self._cache.move_to_end(slot)
            return hit
        rows = list(self.rows.values())
        result = rows if predicate is None else [r for r in rows if predicate(r)]
        if order is not None:
            result = order(result)
        self._cache[slot] = result
        while len(self._cache) > 32:
            self._cache.popitem(last=False)
        return result

    def _changed(self) -> None:
        self.version += 1
        self._cache.clear()


def int_param(request: Request, name: str, default: int, minimum: int = 0) -> int:
    """An integer query parameter.

    Raises:
        BadRequest: the value is not a whole number at or above ``minimum``.
    """
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise BadRequest(f"{name} must be at least {minimum}")
    return value
