"""Pieces the simulators share: JSON responses, request bodies, record tables."""

import bisect
import copy
import itertools
import math
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
    filter is kept until the table changes, so a page costs a slice, not a scan. A table
    given a ``stamp`` (the modification time of a record, or None) also keeps its records in
    stamp order, so a listing of what changed after a time reads those records only, as a
    server's index on its modification time would (``since``).
    """

    def __init__(
        self,
        records: list[dict[str, Any]] | None = None,
        key: str = "id",
        stamp: Callable[[dict[str, Any]], Any] | None = None,
    ) -> None:
        self.key, self.stamp = key, stamp
        self.rows: dict[str, dict[str, Any]] = {}
        # Each key's place in insertion order (what ``rows`` iterates in).
        self._place: dict[str, int] = {}
        self._places = itertools.count()
        for record in records or []:
            self._insert(record)
        self.version = 0
        self._cache: OrderedDict[tuple[int, Hashable], list[dict[str, Any]]] = OrderedDict()
        # (stamp, place, key) in stamp order, built up front (and again after an unnamed
        # change); entries of records written again since stay behind, skipped when read.
        self._stamps: list[tuple[Any, int, str]] | None = None
        if stamp is not None:
            self._stamp_order()

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, record_id: str) -> dict[str, Any] | None:
        """The record with this id, or None."""
        return self.rows.get(record_id)

    def put(self, record: dict[str, Any]) -> None:
        """Insert or replace a record."""
        self._noted(self._insert(record))
        self._changed()

    def delete(self, record_id: str) -> bool:
        """Remove a record; tell whether it existed."""
        existed = self.rows.pop(record_id, None) is not None
        if existed:
            del self._place[record_id]
            self._changed()
        return existed

    def touch(self, record: dict[str, Any] | None = None) -> None:
        """Note that ``record`` (or, when not named, any record) was changed in place."""
        if record is None:
            self._stamps = None
        else:
            self._noted(str(record[self.key]))
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
        return self._cached(cache_key, lambda: list(self.rows.values()), predicate, order)

    def since(
        self,
        cache_key: Hashable,
        after: Any,
        predicate: Callable[[dict[str, Any]], bool] | None,
        order: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None,
        *,
        inclusive: bool = False,
    ) -> list[dict[str, Any]]:
        """Like ``select``, over the records stamped after ``after`` (or at it, ``inclusive``).

        Only those records are read; ``predicate`` must hold the stamp condition too (it is
        what decides), the stamp order only picks what it is asked about.
        """
        if self.stamp is None:
            raise TypeError("this table keeps no stamps")
        return self._cached(("since", cache_key), lambda: self._stamped(after, inclusive),
                            predicate, order)  # fmt: skip

    def _cached(
        self,
        cache_key: Hashable,
        candidates: Callable[[], list[dict[str, Any]]],
        predicate: Callable[[dict[str, Any]], bool] | None,
        order: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None,
    ) -> list[dict[str, Any]]:
        slot = (self.version, cache_key)
        hit = self._cache.get(slot)
        if hit is not None:
            self._cache.move_to_end(slot)
            return hit
        rows = candidates()
        result = rows if predicate is None else [r for r in rows if predicate(r)]
        if order is not None:
            result = order(result)
        self._cache[slot] = result
        while len(self._cache) > 32:
            self._cache.popitem(last=False)
        return result

    def _stamped(self, after: Any, inclusive: bool) -> list[dict[str, Any]]:
        """The records stamped after ``after`` (at it too, ``inclusive``), in insertion order."""
        stamps = self._stamp_order()
        start = (
            bisect.bisect_left(stamps, (after,))
            if inclusive
            else bisect.bisect_right(stamps, (after, math.inf))
        )
        keys = {key for _, _, key in stamps[start:]}
        return [self.rows[key] for key in sorted(keys & self.rows.keys(), key=self._place.get)]

    def _stamp_order(self) -> list[tuple[Any, int, str]]:
        assert self.stamp is not None
        if self._stamps is None or len(self._stamps) > 2 * len(self.rows) + 1_000:
            self._stamps = sorted(
                (stamp, self._place[key], key)
                for key, record in self.rows.items()
                if (stamp := self.stamp(record)) is not None
            )
        return self._stamps

    def _insert(self, record: dict[str, Any]) -> str:
        key = str(record[self.key])
        if key not in self.rows:
            self._place[key] = next(self._places)
        self.rows[key] = record
        return key

    def _noted(self, key: str) -> None:
        """Place the record's stamp in the stamp order (when one is kept)."""
        if self._stamps is None or self.stamp is None:
            return
        stamp = self.stamp(self.rows[key])
        if stamp is not None:
            bisect.insort(self._stamps, (stamp, self._place[key], key))

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
