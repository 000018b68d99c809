"""One paginator per paging style, and the one loop that drives them all.

Centric pages bare JSON arrays with ``skip``/``limit``; 4ALLPORTAL pages an envelope with
``offset``/``limit``/``total_count``; Smint.io pages with a ``continuation_uuid`` cursor.
"""

import itertools
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import orjson

from launchsync.errors import LaunchsyncError

Params = dict[str, Any]


class PagingError(LaunchsyncError):
    """The server's paging did not make progress (a loop) or never ended."""


class Paginator(ABC):
    """A paging style: the first request, where records are, and the next request."""

    def __init__(self, limit: int, max_pages: int = 100_000) -> None:
        self.limit = limit
        self.max_pages = max_pages

    @abstractmethod
    def first(self) -> Params:
        """Query parameters of the first page."""

    @abstractmethod
    def records(self, body: Any) -> list[dict[str, Any]]:
        """The records of one page body."""

    def planned(self, body: Any, records: list[dict[str, Any]], params: Params) -> Iterable[Params]:
        """Requests for the later pages, in order, known from the first page (none: page by page).

        The plan may be endless (a listing without a total): its pages are asked for a few at
        a time and it ends at the first page that is not as long as the first one.
        """
        return []

    @abstractmethod
    def next(self, body: Any, records: list[dict[str, Any]], params: Params) -> Params | None:
        """Query parameters of the following page, or None after the last one."""


class SkipLimitPaginator(Paginator):
    """Bare arrays paged by ``skip``/``limit``; no total, so an empty page ends the list.

    Servers cap the page size silently, so a short page does not mean the end: the next
    ``skip`` advances by what was received and only an empty page stops.
    """

    def first(self) -> Params:
        """Start at record zero."""
        return {"skip": 0, "limit": self.limit}

    def records(self, body: Any) -> list[dict[str, Any]]:
        """The body is the list itself."""
        if not isinstance(body, list):
            raise PagingError(f"expected a JSON array page, got {type(body).__name__}")
        return body

    def next(self, body: Any, records: list[dict[str, Any]], params: Params) -> Params | None:
        """Skip past the records received."""
        if not records:
            return None
        return {**params, "skip": params["skip"] + len(records)}

    def planned(self, body: Any, records: list[dict[str, Any]], params: Params) -> Iterable[Params]:
        """Without a total, the pages after a full first page: asked for ahead, in case.

        A first page shorter than the limit (a server capping pages lower, or a listing that
        small) is read on page by page, so a small listing asks for nothing it does not need;
        a large one asks for at most ``width - 1`` empty pages past its end.
        """
        if len(records) != self.limit:
            return []
        return ({**params, "skip": params["skip"] + self.limit * n} for n in itertools.count(1))


class OffsetTotalPaginator(Paginator):
    """``{"total_count": n, "result": [...]}`` envelopes paged by ``offset``/``limit``."""

    def first(self) -> Params:
        """Start at offset zero and ask for the total."""
        return {"offset": 0, "limit": self.limit, "totalCount": "true"}

    def records(self, body: Any) -> list[dict[str, Any]]:
        """Records sit under ``result``."""
        if not isinstance(body, dict) or not isinstance(body.get("result"), list):
            raise PagingError("expected an object with a 'result' array")
        return body["result"]

    def next(self, body: Any, records: list[dict[str, Any]], params: Params) -> Params | None:
        """Advance until the total is reached or a page comes back empty."""
        offset = params["offset"] + len(records)
        total = body.get("total_count")
        if not records or (isinstance(total, int) and offset >= total):
            return None
        return {**params, "offset": offset}

    def planned(self, body: Any, records: list[dict[str, Any]], params: Params) -> Iterable[Params]:
        """The later pages the first page's total promises, as long as the first page.

        The first page's length is the server's page size (servers cap it silently).
        """
        total = body.get("total_count")
        if not records or not isinstance(total, int):
            return []
        size = len(records)
        return [{**params, "offset": at} for at in range(params["offset"] + size, total, size)]


class ContinuationPaginator(Paginator):
    """Cursor paging: each page names the ``continuation_uuid`` of the next one.

    A change feed answers every page with the cursor of its end, also an empty one; that
    cursor (``position``) is where the next run resumes to see only later changes.
    """

    def __init__(
        self, limit: int, records_key: str, start: str | None = None, max_pages: int = 100_000
    ) -> None:
        super().__init__(limit, max_pages)
        self.records_key = records_key
        self.start = start
        self.position = start

    def first(self) -> Params:
        """Start at the given cursor, or at the beginning."""
        if self.start:
            return {"limit": self.limit, "continuation_uuid": self.start}
        return {"limit": self.limit}

    def records(self, body: Any) -> list[dict[str, Any]]:
        """Records sit under the configured key."""
        if not isinstance(body, dict) or not isinstance(body.get(self.records_key), list):
            raise PagingError(f"expected an object with a {self.records_key!r} array")
        return body[self.records_key]

    def next(self, body: Any, records: list[dict[str, Any]], params: Params) -> Params | None:
        """Follow the cursor until it is missing or the page is empty."""
        cursor = body.get("continuation_uuid")
        if cursor:
            self.position = cursor
        if not records or not cursor:
            return None
        if cursor == params.get("continuation_uuid"):
            raise PagingError(f"the server returned the same continuation cursor twice ({cursor})")
        return {**params, "continuation_uuid": cursor}


PAGINATORS: dict[str, type[Paginator]] = {
    "skip_limit": SkipLimitPaginator,
    "offset_total": OffsetTotalPaginator,
}


def paginator_for(
    style: str, limit: int, records_key: str | None = None, start: str | None = None
) -> Paginator:
    """A paginator of the named style (continuation cursors need their records key)."""
    if style == "continuation":
        if not records_key:
            raise ValueError("continuation paging needs the key of the records array")
        return ContinuationPaginator(limit, records_key, start)
    try:
        return PAGINATORS[style](limit)
    except KeyError:
        raise ValueError(f"unknown paging style {style!r}") from None


# Records added before the offset while a listing is read shift it back, so a page can come
# again; a server that ignores the paging parameters sends the same page forever.
REPEATS_ALLOWED = 2


def paginate(
    fetch: Callable[[Params], Any], paginator: Paginator, width: int = 1
) -> Iterator[list[dict[str, Any]]]:
    """Yield the non-empty pages of a listing, in order.

    The request for the next page is sent as soon as a page has come, so the caller handles
    one page while the next is on its way. With ``width`` above one, a listing whose first
    page tells which pages follow (``Paginator.planned``: the pages its total promises, or,
    without a total, the pages after a full first page) has up to ``width`` of them on their
    way at once. A page of the plan that comes back short (records removed meanwhile, a
    smaller page size, the end of a listing without a total) ends the plan: the listing goes
    on page by page from there, so nothing is skipped. After the plan it goes on page by page
    too, so records added while the listing was read still come.

    Args:
        fetch: Sends one request with the given query parameters and returns the decoded body.
        paginator: The paging style of the endpoint.
        width: Most requests of the listing in flight at once.

    Raises:
        PagingError: the same page came three times in a row (the server ignores the paging
            parameters) or the listing ran past the paginator's page cap.
    """
    params: Params | None = paginator.first()
    previous: bytes | None = None
    pages = repeats = 0
    # The planned requests next in line (at most ``width``) and the rest of the plan.
    plan: deque[tuple[Params, Future[Any] | None]] = deque()
    upcoming: Iterator[Params] | None = None
    size = 0  # the length of a full page of the plan
    with ThreadPoolExecutor(width, thread_name_prefix="page") as ahead:
        coming: Future[Any] | None = None
        while params is not None:
            body = coming.result() if coming is not None else fetch(params)
            coming = None
            records = paginator.records(body)
            pages += 1
            if records:
                signature = orjson.dumps([records[0], records[-1], len(records)])
                repeats = repeats + 1 if signature == previous else 0
                if repeats >= REPEATS_ALLOWED:
                    raise PagingError(
                        f"the server returned the same page {repeats + 1} times (request {params})"
                    )
                previous = signature
            following = paginator.next(body, records, params)
            if following is not None and pages >= paginator.max_pages:
                raise PagingError(
                    f"stopped after {pages} pages: raise the page cap or narrow the query"
                )
            if pages == 1 and width > 1 and following is not None:
                size = len(records)
                upcoming = itertools.islice(
                    paginator.planned(body, records, params), paginator.max_pages
                )
            elif upcoming is not None and len(records) != size:
                for _, sent in plan:
                    if sent is not None:
                        sent.cancel()
                plan.clear()
                upcoming = None
            if upcoming is not None:
                while len(plan) < width and (request := next(upcoming, None)) is not None:
                    plan.append((request, None))
            if plan:
                following, coming = plan.popleft()
                coming = coming or ahead.submit(fetch, following)
                _send_ahead(plan, width - 1, lambda request: ahead.submit(fetch, request))
            elif following is not None:
                coming = ahead.submit(fetch, following)
            if records:
                yield records
            params = following


def _send_ahead(
    plan: deque[tuple[Params, Future[Any] | None]],
    most: int,
    send: Callable[[Params], Future[Any]],
) -> None:
    """Send the first requests of the plan not sent yet, up to ``most`` in flight."""
    for index in range(min(most, len(plan))):
        request, sent = plan[index]
        if sent is None:
            plan[index] = (request, send(request))
