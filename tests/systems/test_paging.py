import threading

import pytest

from systems.paging import (
    ContinuationPaginator,
    OffsetTotalPaginator,
    PagingError,
    SkipLimitPaginator,
    paginate,
)

RECORDS = [{"id": f"C{i}"} for i in range(23)]


def capped_server(cap: int, calls: list):
    def fetch(params):
        calls.append(dict(params))
        limit = min(params["limit"], cap)
        return RECORDS[params["skip"] : params["skip"] + limit]

    return fetch


def test_skip_limit_reads_everything_even_when_the_server_caps_pages_below_the_limit():
    calls: list = []
    pages = list(paginate(capped_server(5, calls), SkipLimitPaginator(limit=10)))
    assert [r for page in pages for r in page] == RECORDS
    assert [c["skip"] for c in calls] == [0, 5, 10, 15, 20, 23]


def test_skip_limit_on_an_empty_listing_asks_once():
    calls: list = []
    assert list(paginate(lambda p: calls.append(p) or [], SkipLimitPaginator(limit=10))) == []
    assert len(calls) == 1


def test_offset_total_stops_at_the_total():
    calls: list = []

    def fetch(params):
        calls.append(params)
        return {
            "total_count": len(RECORDS),
            "result": RECORDS[params["offset"] : params["offset"] + params["limit"]],
        }

    pages = list(paginate(fetch, OffsetTotalPaginator(limit=10)))
    assert sum(len(p) for p in pages) == 23
    assert len(calls) == 3
    assert calls[0]["totalCount"] == "true"


def test_continuation_follows_the_cursor_until_it_is_missing():
    chunks = {None: (RECORDS[:10], "u1"), "u1": (RECORDS[10:20], "u2"), "u2": (RECORDS[20:], None)}

    def fetch(params):
        records, cursor = chunks[params.get("continuation_uuid")]
        return {"count": len(records), "continuation_uuid": cursor, "items": records}

    pages = list(paginate(fetch, ContinuationPaginator(limit=10, records_key="items")))
    assert [len(p) for p in pages] == [10, 10, 3]


def test_a_server_that_ignores_paging_is_detected_instead_of_looping():
    calls = []

    def fetch(params):
        calls.append(params)
        return RECORDS[:5]

    with pytest.raises(PagingError, match="same page 3 times"):
        list(paginate(fetch, SkipLimitPaginator(limit=5)))
    assert len(calls) == 3


def test_a_page_repeated_by_records_added_before_it_is_read_on():
    # Two records added before offset 5 while the listing is read: that page comes again.
    pages = {0: RECORDS[:5], 5: RECORDS[:5], 10: RECORDS[8:13], 15: RECORDS[13:18]}
    got = list(paginate(lambda p: pages.get(p["skip"], []), SkipLimitPaginator(limit=5)))
    assert len(got) == 4 and got[0] == got[1]


def test_a_repeated_continuation_cursor_is_detected():
    def fetch(params):
        return {
            "continuation_uuid": "same",
            "items": [{"id": params.get("continuation_uuid") or "first"}],
        }

    with pytest.raises(PagingError, match="same continuation cursor"):
        list(paginate(fetch, ContinuationPaginator(limit=1, records_key="items")))


def test_page_cap_stops_a_listing_that_never_ends():
    endless = SkipLimitPaginator(limit=1, max_pages=4)
    with pytest.raises(PagingError, match="stopped after 4 pages"):
        list(paginate(lambda p: [{"id": p["skip"]}], endless))


def test_a_wrong_page_shape_is_an_error():
    with pytest.raises(PagingError, match="JSON array"):
        list(paginate(lambda p: {"result": []}, SkipLimitPaginator(limit=1)))


def test_the_next_page_is_asked_for_while_the_caller_handles_this_one_and_no_more():
    asked: list[int] = []
    in_flight, most = [0], [0]
    lock = threading.Lock()
    second_asked = threading.Event()

    def fetch(params):
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        asked.append(params["skip"])
        if params["skip"] == 5:
            second_asked.set()
        try:
            return RECORDS[params["skip"] : params["skip"] + 5]
        finally:
            with lock:
                in_flight[0] -= 1

    pages = paginate(fetch, SkipLimitPaginator(limit=5))
    first = next(pages)
    # The caller has the first page and has not asked for more: the second is on its way.
    assert second_asked.wait(5)
    assert first == RECORDS[:5]
    rest = [r for page in pages for r in page]
    assert first + rest == RECORDS
    assert asked == [0, 5, 10, 15, 20, 23]
    assert most[0] == 1  # one request at a time


def test_a_caller_that_stops_early_ends_the_listing_without_error():
    calls: list = []
    pages = paginate(capped_server(5, calls), SkipLimitPaginator(limit=5))
    assert next(pages) == RECORDS[:5]
    pages.close()
    assert [c["skip"] for c in calls] == [0, 5]


def offset_server(records: list, cap: int, calls: list, gate=None):
    """A 4ALLPORTAL-like listing of ``records`` (read at each call), pages capped at ``cap``."""

    def fetch(params):
        if gate is not None:
            gate(params)
        calls.append(params["offset"])
        offset, limit = params["offset"], min(params["limit"], cap)
        return {"total_count": len(records), "result": records[offset : offset + limit]}

    return fetch


def test_pages_the_total_promises_are_read_several_at_a_time_and_come_in_order():
    in_flight, most = [0], [0]
    lock = threading.Lock()
    four_at_once = threading.Barrier(4, timeout=10)

    def gate(params):
        if params["offset"] == 0:
            return
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        if params["offset"] <= 4 * 3:  # the first four planned pages wait for each other
            four_at_once.wait()
        with lock:
            in_flight[0] -= 1

    records = [{"id": f"O{i}"} for i in range(50)]
    calls: list = []
    fetch = offset_server(records, 3, calls, gate)
    pages = list(paginate(fetch, OffsetTotalPaginator(limit=10), width=4))
    # The server caps pages at 3: the plan strides by the first page's length, not the limit.
    assert [r for page in pages for r in page] == records
    assert sorted(calls) == list(range(0, 50, 3))
    assert most[0] == 4


def test_records_added_while_a_planned_listing_is_read_still_come():
    records = [{"id": f"O{i}"} for i in range(20)]
    calls: list = []

    def grow(params):
        if params["offset"] == 15:  # the last planned page: two more records arrive
            records.extend([{"id": "O20"}, {"id": "O21"}])

    fetch = offset_server(records, 5, calls, grow)
    pages = list(paginate(fetch, OffsetTotalPaginator(limit=5), width=3))
    assert [r["id"] for page in pages for r in page] == [f"O{i}" for i in range(22)]
    assert calls[-1] == 20  # read on past the first total, page by page


def test_a_short_page_ends_the_plan_and_nothing_is_skipped():
    records = [{"id": f"O{i}"} for i in range(30)]
    calls: list = []

    def fetch(params):
        offset = params["offset"]
        calls.append(offset)
        cap = 5 if offset < 10 else 2  # from offset 10 on the server sends pages of two
        return {"total_count": 30, "result": records[offset : offset + min(params["limit"], cap)]}

    pages = list(paginate(fetch, OffsetTotalPaginator(limit=5), width=2))
    # Duplicates may come (landing drops them); a gap may not.
    assert {r["id"] for page in pages for r in page} == {r["id"] for r in records}
    assert 12 in calls  # after the short page at 10, on from 12 page by page


def test_a_listing_without_a_total_reads_ahead_after_a_full_first_page():
    calls: list = []
    lock = threading.Lock()
    four_at_once = threading.Barrier(4, timeout=10)
    fetch = capped_server(5, calls)

    def gated(params):
        if params["skip"] in (5, 10, 15, 20):  # the first four read ahead wait for each other
            four_at_once.wait()
        with lock:
            return fetch(params)

    pages = list(paginate(gated, SkipLimitPaginator(limit=5), width=4))
    assert [r for page in pages for r in page] == RECORDS
    skips = [c["skip"] for c in calls]
    # The short page at 20 ends the plan; 23 comes page by page and is empty. Requests sent
    # ahead past the end are at most width - 1.
    assert {0, 5, 10, 15, 20, 23} <= set(skips)
    assert len([s for s in skips if s > 23]) <= 3


def test_a_listing_without_a_total_whose_first_page_is_short_is_read_page_by_page():
    calls: list = []
    pages = list(paginate(capped_server(5, calls), SkipLimitPaginator(limit=10), width=4))
    assert [r for page in pages for r in page] == RECORDS
    assert [c["skip"] for c in calls] == [0, 5, 10, 15, 20, 23]
