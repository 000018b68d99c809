"""Hypothesis strategies for hostile records: valid records of each entity, then broken.

A hostile record starts from a real record of the entity (from the generator, or built from
the schema where the generator makes none) and has one to three of its fields broken: dropped,
given another JSON type, or filled with adversarial text, timestamps or file names. Pages mix
such records with untouched ones, with things that are not records at all, and with ids that
repeat.
"""

import copy
import random
from functools import cache
from typing import Any

from hypothesis import strategies as st

from systems.generator import DefectRates, generate
from systems.registry import ENDPOINTS
from systems.smintio.schema import KINDS

SQL = [
    "'; DROP TABLE quarantine; --",
    "Robert'); DROP TABLE centric_styles_history;--",
    "1' OR '1'='1",
    '" OR ""="',
    "$1",
    "?",
    "%s",
    "{0}{1}",
    "\\'",
    "/* */ UNION SELECT * FROM sync_runs --",
    "centric%3A",
]
TRAVERSAL = [
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/etc/shadow",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%c0%af..%c0%afetc",
    "a/../../b.jpg",
    "file\x00.jpg",
    "C:\\boot.ini",
    "~/.ssh/id_rsa",
    "..",
    ".",
    "session",
    "../session",
    "x?active=false",
    "x#fragment",
    "//evil.example/x",
]
UNICODE = [
    "e\u0301",  # a combining accent
    "\u00e9",
    "\U0001f600",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467",  # a joined emoji sequence
    "\u202egpj.exe",  # right-to-left override
    "\ufeffBOM",
    "\u200b",
    "\uffff\ufffe",
    "\U0010ffff",
    "\ufb00",  # a ligature
    "\u0130\u0131\u00df",
    "\u00a0",
    "\u2028\u2029",
    "\u0000",
    "\x1b[31mred\x1b[0m",
    "\r\n\t",
    "\x7f\x85",
    "",
    " ",
]
TIMESTAMPS = [
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999Z",
    "10000-01-01T00:00:00Z",
    "-0001-01-01T00:00:00Z",
    "2026-02-30T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-01-01T25:00:00Z",
    "2026-01-01T00:00:00+99:00",
    "2026-01-01",
    "not a date",
    "",
    "1e20",
    1e20,
    -1,
    253402300800,
    True,
]
TIME_FIELDS = {"_modified_at", "mod_time", "updated_at", "last_updated_at", "purchased_at"}
FILE_FIELDS = {"bx_file_name", "recommended_file_name", "name", "file_name"}


@cache
def huge_text() -> st.SearchStrategy[str]:
    """Strings from 10 kB to 1 MB."""
    return st.builds(
        lambda unit, n: unit * n,
        st.sampled_from(["x", "é", "\U0001f600", "'", "\x00"]),
        st.sampled_from([10_000, 100_000, 1_000_000]),
    )


@cache
def hostile_text() -> st.SearchStrategy[str]:
    """Adversarial strings: SQL, traversal, Unicode edge cases, control characters, huge."""
    return st.one_of(
        st.sampled_from(SQL + TRAVERSAL + UNICODE),
        st.text(st.characters(codec="utf-8"), max_size=64),
        st.builds(lambda a, b: a + b, st.sampled_from(SQL + UNICODE), st.sampled_from(TRAVERSAL)),
        st.sampled_from(SQL + TRAVERSAL + UNICODE),
        st.text(st.characters(codec="utf-8"), max_size=64),
        huge_text(),
    )


@cache
def json_values(depth: int = 3) -> st.SearchStrategy[Any]:
    """Any JSON value, nested up to ``depth`` levels (and one deep chain now and then)."""
    leaves = st.one_of(*_scalars().values())
    nested = st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(hostile_text(), inner, max_size=4)
        ),
        max_leaves=8 * depth,
    )
    deep = st.integers(20, 200).map(lambda n: _chain(n))
    return st.one_of(nested, deep)


def _chain(depth: int) -> Any:
    value: Any = "bottom"
    for level in range(depth):
        value = [value] if level % 2 else {"x": value}
    return value


@cache
def _scalars() -> dict[type, st.SearchStrategy[Any]]:
    """A strategy for each JSON scalar type."""
    return {
        type(None): st.none(),
        bool: st.booleans(),
        int: st.integers(-(2**63), 2**63 - 1),
        float: st.floats(allow_nan=False, allow_infinity=False),
        str: hostile_text(),
    }


@cache
def _json_by_type() -> dict[type, st.SearchStrategy[Any]]:
    """A strategy for each JSON type, so a value of another type is drawn, never filtered."""
    inner = json_values()
    return {
        **_scalars(),
        list: st.one_of(
            st.lists(inner, max_size=4), st.integers(10, 100).map(lambda n: _chain(2 * n))
        ),
        dict: st.one_of(
            st.dictionaries(hostile_text(), inner, max_size=4),
            st.integers(10, 100).map(lambda n: _chain(2 * n + 1)),
        ),
    }


def _other_type(value: Any) -> st.SearchStrategy[Any]:
    """A JSON value of another type than ``value`` (or null)."""
    others = [s for kind, s in _json_by_type().items() if kind is not type(value)]
    return st.one_of(st.none(), *others)


@st.composite
def hostile_record(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """``base`` with one to three fields broken."""
    record = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        names = sorted(record)
        name = draw(st.sampled_from(names)) if names else "id"
        how = draw(st.sampled_from(["drop", "retype", "text", "time", "file", "nest"]))
        if how == "drop":
            record.pop(name, None)
        elif how == "retype":
            record[name] = draw(_other_type(record.get(name)))
        elif how == "text":
            record[name] = draw(hostile_text())
        elif how == "time":
            stamp = next((f for f in names if f in TIME_FIELDS), name)
            record[stamp] = draw(st.sampled_from(TIMESTAMPS))
        elif how == "file":
            target = next((f for f in names if f in FILE_FIELDS), name)
            record[target] = _as_shape(record.get(target), draw(st.sampled_from(TRAVERSAL)))
        else:
            record[name] = _as_shape(record.get(name), draw(json_values()))
    return record


def break_record(
    record: dict[str, Any], rng: random.Random, keep: tuple[str, ...]
) -> dict[str, Any]:
    """``record`` with one to three fields broken by seeded choices from the same value lists.

    For whole runs, where each example costs a sync: Hypothesis would spend its single
    example on the simplest input.
    """
    broken = copy.deepcopy(record)
    texts = SQL + TRAVERSAL + UNICODE + ["x" * 100_000, "\x00" * 10_000]
    others: list[Any] = [None, True, 0, -1, 2**63 - 1, 1.5, [], {}, ["x"], {"x": None}, _chain(60)]
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(sorted(set(broken) - set(keep)))
        how = rng.choice(["drop", "retype", "text", "time", "file"])
        if how == "drop":
            broken.pop(name)
        elif how == "retype":
            broken[name] = rng.choice([v for v in others if type(v) is not type(broken[name])])
        elif how == "text":
            broken[name] = _as_shape(broken[name], rng.choice(texts))
        elif how == "time":
            stamp = next((f for f in sorted(broken) if f in TIME_FIELDS), name)
            broken[stamp] = rng.choice(TIMESTAMPS)
        else:
            target = next((f for f in sorted(broken) if f in FILE_FIELDS), name)
            broken[target] = _as_shape(broken.get(target), rng.choice(TRAVERSAL))
    return broken


def _as_shape(old: Any, text: Any) -> Any:
    """Put a value where ``old`` was, keeping a 4ALLPORTAL/Smint.io value list's shape."""
    if isinstance(old, list) and old and isinstance(old[0], dict):
        if "dimensions" in old[0]:
            return [{**old[0], "value": text}]
        if "culture" in old[0]:
            return [{**old[0], "value": text}]
    return text


@st.composite
def hostile_page(draw: st.DrawFn, bases: list[dict[str, Any]]) -> list[Any]:
    """A page of records: hostile ones, untouched ones, non-records, and repeated ids."""
    base = st.sampled_from(bases)
    one = st.one_of(
        base.flatmap(hostile_record),
        base.flatmap(hostile_record),
        base.flatmap(hostile_record),
        base,
        _other_type({}),
    )
    page = draw(st.lists(one, min_size=25, max_size=40))
    if draw(st.booleans()):  # the same id twice, once broken
        twin = draw(base)
        page += [twin, draw(hostile_record({**twin}))]
    return page


@cache
def bases(system: str, entity: str) -> list[dict[str, Any]]:
    """Valid records of an entity, in the system's own shape."""
    catalog = generate(6, seed=11, rates=DefectRates.none())
    found = getattr(catalog, system).get(entity) or []
    if found:
        return found
    if system == "centric" and entity in ("images", "documents"):
        style = catalog.centric["styles"][0]["id"]
        return [{"id": "C20000001", "node_name": "packshot", "style": style,
                 "bx_asset_type": "packshot", "bx_fourallportal_id": "f-1",
                 "bx_file_name": "SS27-10001_720_packshot.jpg", "bx_width": 2000,
                 "bx_height": 3000, "bx_locale": "de_DE",
                 "_modified_at": "2026-03-02T08:00:00.000Z"}]  # fmt: skip
    if system == "fourallportal":
        template = catalog.fourallportal["product"][0]
        return [{**template, "module": entity, "id": f"{entity}-{template['id']}"}]
    if system == "smintio":
        record: dict[str, Any] = {
            "external_id": "SS27-10001",
            "version": 1,
            "updated_at": "2026-03-02T08:00:00.000Z",
        }
        samples = {
            "string": "text",
            "integer": 1,
            "string_list": ["a"],
            "object": {"a": 1},
            "object_list": [{"a": 1}],
            "localized": [{"culture": "de-DE", "value": "Text"}],
        }
        for name, kind in KINDS[entity].items():
            record[name] = samples[kind]
        return [record]
    raise LookupError(f"no records of {system}/{entity} to start from")


def entities() -> list[tuple[str, str]]:
    """One (system, entity) per record type launchsync reads (modules share one type)."""
    seen: dict[type, tuple[str, str]] = {}
    for system, eps in ENDPOINTS.items():
        for name, ep in eps.items():
            seen.setdefault(ep.model, (system, name))
    return list(seen.values())
