"""Every question in docs/questions.md, asked of a warehouse filled by real syncs.

The simulators serve a generated catalog with the default defects. A first sync fills the
warehouse. Then, through the systems' APIs, a style's description changes in Centric, a German
marketing text is translated in 4ALLPORTAL (which makes a released style ready in Germany), and
a PLM-owned product field and a Centric-owned variant field are edited in 4ALLPORTAL (two
conflicts). A second sync brings it all in.

Each query of the page runs through `launchsync sql` with its parameters filled in, and its
answer is compared with what the generated catalog, the changes made here, the systems' own
APIs (read before and after each sync) or the `sync --json` results say. Where that is
impractical the check says so and compares with another source in the warehouse.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from launchsync.config import INDICATORS, Config, load_config
from launchsync.settings import load_settings
from systems.catalog import Catalog
from systems.centric.endpoints import ENDPOINTS as CENTRIC
from systems.fourallportal.endpoints import ENDPOINTS as PIM
from systems.generator import IN_PIM_ALREADY, generate
from systems.smintio.endpoints import ENDPOINTS as SMINTIO
from tests.flows.live import Live, planted, records, start_simulators, stop, value
from tests.helpers import candidate_ids

pytestmark = pytest.mark.e2e

DOC = Path(__file__).resolve().parents[2] / "docs" / "questions.md"
SEED = 20  # 30 styles: released ones ready, partly ready and blocked; six held back
MARKET, CHANNEL, LOCALE = "DE", "ecom", "de_DE"
NEW_DESCRIPTION = "Reworked description: softer yarn, new care label."
RENAMED = "Renamed in 4ALLPORTAL"
NEW_FIT = "oversized"
GERMAN = "Deutscher Text für {style}, übersetzt."

# Warehouse entity names that differ from the API's.
ENTITY = {("smintio", "license_purchase_transactions"): "license_transactions"}
# Validation codes that hold back every colorway of a style (the others hold back one).
STYLE_LEVEL_HOLDS = {"CORE_FIELD_MISSING", "COMPOSITION_NOT_100", "FIBER_UNKNOWN"}
# The compliance rule each planted empty Centric attribute breaks.
RULES = {
    "bx_country_of_origin": "country_of_origin",
    "bx_hs_code": "hs_code",
    "bx_reach_svhc_declared": "reach_svhc",
}


# --- the page -----------------------------------------------------------------------------------


def parse_questions(text: str) -> dict[str, str]:
    """Every ```sql block of the page that starts with `-- question: <id>`, by id."""
    questions: dict[str, str] = {}
    for block in re.findall(r"```sql\n(.*?)```", text, flags=re.DOTALL):
        first, _, rest = block.partition("\n")
        found = re.fullmatch(r"-- question: ([a-z0-9-]+)", first.strip())
        if found:
            assert found[1] not in questions, f"question {found[1]} appears twice"
            questions[found[1]] = rest
    return questions


QUESTIONS = parse_questions(DOC.read_text(encoding="utf-8"))


def literal(value: object) -> str:
    """A value as an SQL literal."""
    if isinstance(value, bool | int | float):
        return str(value)
    if isinstance(value, datetime):
        value = value.isoformat()
    return "'" + str(value).replace("'", "''") + "'"


def bind(query: str, params: dict[str, object]) -> str:
    """The query with each `$name` replaced by the literal of its value (every one given)."""
    used = set(re.findall(r"\$([A-Za-z_]\w*)", query))
    assert used == set(params), f"parameters used {sorted(used)}, given {sorted(params)}"
    return re.sub(r"\$([A-Za-z_]\w*)", lambda m: literal(params[m[1]]), query)


def parsed(text: str | None) -> Any:
    return None if text is None else orjson.loads(text)


def moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


# --- what the systems hold, read through their APIs ---------------------------------------------

Snapshot = dict[tuple[str, str], dict[str, dict]]


def without_urls(record: Any) -> Any:
    """A Smint.io record without its signed download URLs (new on every read)."""
    if isinstance(record, dict):
        return {k: without_urls(v) for k, v in record.items() if k != "download_url"}
    if isinstance(record, list):
        return [without_urls(v) for v in record]
    return record


def snapshot(live: Live) -> Snapshot:
    """Every record of every system, by (system, warehouse entity) and id."""
    found: Snapshot = {}
    for name in CENTRIC:
        found["centric", name] = {r["id"]: r for r in records(live, name)}
    for module in PIM:
        found["fourallportal", module] = {o["id"]: o for o in live.pim_objects(module)}
    for kind in SMINTIO:
        entity = ENTITY.get(("smintio", kind), kind)
        found["smintio", entity] = {
            r.get("uuid") or r["external_id"]: without_urls(r) for r in live.smintio_records(kind)
        }
    return found


def changed(before: Snapshot, after: Snapshot) -> dict[tuple[str, str, str], set[str]]:
    """Ids created, updated and deleted between two snapshots, by system, entity and change."""
    changes: dict[tuple[str, str, str], set[str]] = {}
    for (system, entity), now in after.items():
        then = before[system, entity]
        for change, ids in (
            ("created", now.keys() - then.keys()),
            ("deleted", then.keys() - now.keys()),
            ("updated", {i for i in now.keys() & then.keys() if now[i] != then[i]}),
        ):
            if ids:
                changes[system, entity, change] = set(ids)
    return changes


def products(snap: Snapshot) -> dict[str, dict]:
    """4ALLPORTAL products by the Centric id of their style."""
    return {
        value(p, "centric_id"): p
        for p in snap["fourallportal", "product"].values()
        if value(p, "centric_id")
    }


def one(values: list[dict] | None, **dims: str) -> Any:
    return next((v["value"] for v in values or [] if v["dimensions"] == dims), None)


def text(product: dict, field: str, locale: str, channel: str) -> str | None:
    """A product text as readiness reads it: trimmed, empty as missing."""
    found = one(product.get(field), locale=locale, channel=channel)
    return (found or "").strip() or None


# --- what readiness must say, from the catalog --------------------------------------------------


class Unpredictable(Exception):
    """A planted defect whose blocker depends on more than the catalog says (licenses)."""


def blocker(defect: dict, market: str, channel: str, config: Config) -> tuple[str, str] | None:
    """The blocker a planted gap gives in a market and channel and the colorway it holds back
    ("": every colorway), or None where it does not apply (docs/readiness.md)."""
    code = defect["code"]
    kind, _, rest = code.partition(":")
    spec = config.markets[market]
    needs = config.content.required.get(channel, [])
    if kind == "COMPLIANCE_MISSING":
        rule = RULES[defect["attribute"]]
        return (f"{kind}:{market}:{rule}", "") if rule in spec.compliance else None
    if kind == "PACKSHOT_MISSING":
        return code, rest
    if kind == "PRINT_RENDITION_MISSING":
        return (code, rest) if channel in config.assets.print_channels else None
    if kind == "LIFESTYLE_MISSING":
        return (code, "") if channel in config.assets.lifestyle_channels else None
    if kind == "ASSET_RETIRED":
        return code, ""
    if kind in ("LOCALE_MISSING", "LOCALE_UNTRANSLATED", "CONTENT_TOO_LONG"):
        locale, field = rest.split(":")
        everywhere = kind == "CONTENT_TOO_LONG" and locale == config.content.source_locale
        applies = field in needs and (everywhere or spec.locale == locale)
        return (code, "") if applies else None
    raise Unpredictable(code)


@dataclass(frozen=True)
class Expected:
    """What readiness_by_style must say of a style in a market and channel."""

    variants: int
    ready_variants: int | None  # None: not predictable from the catalog
    blockers: frozenset[str]
    exact: bool  # False: at least these blockers


@dataclass
class Facts:
    """The generated catalog and the rules, as seen from outside the warehouse."""

    catalog: Catalog
    config: Config

    def __post_init__(self) -> None:
        # The expectations below take every failing indicator for a blocker.
        assert set(self.config.readiness.mandatory) == set(INDICATORS)
        milestones = self.config.milestones
        self.released = set(milestones.at_or_past(milestones.release))
        self.held = planted(self.catalog)
        self.candidates = candidate_ids(self.catalog)
        self.styles = {s["id"]: s for s in self.catalog.centric["styles"]}
        self.season = {s["id"]: s["code"] for s in self.catalog.centric["seasons"]}

    def covered(self) -> list[dict]:
        """Styles readiness judges: active and not dropped."""
        dropped = set(self.config.milestones.dropped)
        return [
            s
            for s in self.catalog.centric["styles"]
            if s.get("active", True) and s["bx_milestone"] not in dropped
        ]

    def has_product(self, style: dict) -> bool:
        """Made by content teams already, or transferred by launchsync."""
        return style["bx_milestone"] in IN_PIM_ALREADY or (
            style["id"] in self.candidates and style["id"] not in self.held
        )

    def defects(self, style: dict, fixed: frozenset[str] = frozenset()) -> list[dict]:
        return [
            d for d in self.catalog.defects if d["style"] == style["id"] and d["code"] not in fixed
        ]

    def expect(
        self, style: dict, market: str, channel: str, fixed: frozenset[str] = frozenset()
    ) -> Expected:
        n = len(style["active_colorways"]) or 1
        defects = self.defects(style, fixed)
        if style["bx_milestone"] not in self.released:
            codes = {"MILESTONE_NOT_REACHED"} | (
                set() if self.has_product(style) else {"NOT_IN_4ALLPORTAL"}
            )
            return Expected(n, 0, frozenset(codes), exact=False)
        if style["id"] in self.held:
            holds = {d["code"] for d in defects if d["quarantine"]}
            k = 0 if holds & STYLE_LEVEL_HOLDS else None
            return Expected(n, k, frozenset(holds), exact=False)
        found, exact = set(), True
        for defect in defects:
            try:
                hit = blocker(defect, market, channel, self.config)
            except Unpredictable:
                exact = False
                continue
            if hit:
                found.add(hit)
        codes = frozenset(code for code, _ in found)
        colours = {colour for _, colour in found}
        k = 0 if "" in colours else n - len(colours)
        return Expected(n, k if exact else None, codes, exact)


# --- the warehouse after two syncs --------------------------------------------------------------


@dataclass
class World:
    live: Live
    facts: Facts
    first: dict  # `sync --json` of each run
    second: dict
    before_first: datetime
    between: datetime  # after the first run, before the changes
    after_first: Snapshot
    edited: Snapshot  # the changes made, before the second run
    after_second: Snapshot
    described: dict  # Centric style whose description changed
    translated: dict  # released style whose German marketing copy was translated
    renamed: dict  # 4ALLPORTAL product whose style_name was edited
    refitted: dict  # 4ALLPORTAL variant whose fit was edited
    fixed: frozenset[str]  # the planted gap the translation fixed

    def ask(self, question: str, **params: object) -> list[dict]:
        return self.live.sql(bind(QUESTIONS[question], params))


@pytest.fixture(scope="module")
def world(tmp_path_factory, prefect_api) -> Iterator[World]:
    catalog = generate(30, seed=SEED)
    facts = Facts(catalog, load_config(load_settings().config))
    process, live = start_simulators(tmp_path_factory.mktemp("questions"), catalog, prefect_api)
    try:
        before_first = datetime.now(UTC)
        first = live.sync()
        after_first = snapshot(live)
        between = datetime.now(UTC)

        # A released style whose only German e-commerce blocker is an untranslated text.
        gap = f"LOCALE_UNTRANSLATED:{LOCALE}:marketing_copy"
        translated = next(
            s
            for s in sorted(facts.covered(), key=lambda s: s["code"])
            if facts.expect(s, MARKET, CHANNEL).blockers == {gap}
            and facts.expect(s, MARKET, CHANNEL).exact
        )
        transferred = sorted(
            (s for s in facts.covered() if s["id"] in facts.candidates - facts.held),
            key=lambda s: s["code"],
        )
        described, renamed_style = [s for s in transferred if s is not translated][:2]
        product = products(after_first)
        renamed = product[renamed_style["id"]]
        refitted = next(
            v
            for v in after_first["fourallportal", "variant"].values()
            if value(v, "product") == renamed["id"]
        )
        copy = [
            {**e, "value": GERMAN.format(style=translated["node_name"])}
            if e["dimensions"]["locale"] == LOCALE
            else e
            for e in product[translated["id"]]["marketing_copy"]
        ]
        with live.centric() as centric:
            centric.update("styles", described["id"], {"description": NEW_DESCRIPTION})
        with live.pim() as pim:
            pim.bulk_upsert("product", [
                {"id": product[translated["id"]]["id"], "marketing_copy": copy},
                {"id": renamed["id"], "style_name": [{"value": RENAMED, "dimensions": {}}]},
            ])  # fmt: skip
            pim.bulk_upsert(
                "variant", [{"id": refitted["id"], "fit": [{"value": NEW_FIT, "dimensions": {}}]}]
            )
        edited = snapshot(live)
        second = live.sync()
        yield World(
            live, facts, first, second, before_first, between, after_first, edited,
            snapshot(live), described, translated, renamed, refitted, frozenset({gap}),
        )  # fmt: skip
    finally:
        stop(process)


# --- one check per question ---------------------------------------------------------------------

CHECKS: dict[str, Callable[[World], None]] = {}


def check(question: str):
    def register(fn: Callable[[World], None]) -> Callable[[World], None]:
        CHECKS[question] = fn
        return fn

    return register


@check("style-as-of")
def _(w: World) -> None:
    style = w.described
    assert w.ask("style-as-of", at=w.before_first, style_number=style["code"]) == []
    [then] = w.ask("style-as-of", at=w.between, style_number=style["code"])
    assert {k: then[k] for k in ("style_number", "style_name", "description", "milestone")} == {
        "style_number": style["code"],
        "style_name": style["node_name"],
        "description": style["description"],  # as generated, before the change
        "milestone": style["bx_milestone"],
    }
    assert then["run_id"] == w.first["run_id"]
    assert w.before_first < moment(then["known_since"]) <= w.between
    [now] = w.ask("style-as-of", at=datetime.now(UTC), style_number=style["code"])
    assert (now["description"], now["run_id"]) == (NEW_DESCRIPTION, w.second["run_id"])


@check("centric-changes-last-sync")
def _(w: World) -> None:
    # Expected: every field that differs between what the Centric API served after the first
    # run and after the second (people's edits, then launchsync's own write-backs).
    expected = {}
    for (system, entity), now in w.after_second.items():
        if system != "centric":
            continue
        then = w.after_first[system, entity]
        for rid in now.keys() & then.keys():
            for field in (now[rid].keys() | then[rid].keys()) - {"id", "_modified_at"}:
                if now[rid].get(field) != then[rid].get(field):
                    expected[entity, rid, field] = (then[rid].get(field), now[rid].get(field))
    rows = w.ask("centric-changes-last-sync")
    found: dict[tuple[str, str, str], list[dict]] = {}
    for row in rows:
        found.setdefault((row["entity"], row["id"], row["field"]), []).append(row)
    assert found.keys() == expected.keys()
    for key, changes in found.items():  # first before and last after, in the order seen
        changes.sort(key=lambda r: moment(r["changed_at"]))
        assert (parsed(changes[0]["before"]), parsed(changes[-1]["after"])) == expected[key], key
    described = ("styles", w.described["id"], "description")
    assert expected[described] == (w.described["description"], NEW_DESCRIPTION)
    # launchsync wrote back that the translated style is now ready in the market (C7).
    readiness = expected["styles", w.translated["id"], "bx_market_readiness"][1]
    assert {r["market"]: r["status"] for r in readiness}[MARKET] == "ready"


@check("changes-between-runs")
def _(w: World) -> None:
    # Expected: the records whose API state differs between after the first and the second run.
    expected = {key: len(ids) for key, ids in changed(w.after_first, w.after_second).items()}
    rows = w.ask("changes-between-runs", run_a=w.first["run_id"], run_b=w.second["run_id"])
    assert {(r["system"], r["entity"], r["change"]): r["records"] for r in rows} == expected
    assert expected["centric", "styles", "updated"] >= 1  # the description, and write-backs
    assert expected["fourallportal", "variant", "updated"] == 1  # the fit edited and restored


@check("held-back-styles")
def _(w: World) -> None:
    facts = w.facts
    rows = w.ask("held-back-styles")
    expected = {
        facts.styles[s]["code"]: (
            facts.styles[s]["node_name"],
            facts.season[facts.styles[s]["parent_season"]],
            {d["code"] for d in facts.defects(facts.styles[s]) if d["quarantine"]},
        )
        for s in facts.held
    }
    assert len(expected) >= 3
    assert {r["style_number"]: (r["style_name"], r["season"], set(r["reasons"])) for r in rows} == (
        expected
    )
    for row in rows:  # a detail per reason, saying what is wrong
        assert row["details"] and {d.split(":")[0] for d in row["details"]} == set(row["reasons"])


@check("planned-writes")
def _(w: World) -> None:
    # Expected: the objects each mapping created, updated and deleted, as `sync --json` counted.
    def counted(run: dict) -> dict[str, dict[str, int]]:
        keys: dict[str, dict[str, set[str]]] = {}
        for r in w.ask("planned-writes", run_id=run["run_id"]):
            keys.setdefault(r["mapping"], {}).setdefault(r["operation"], set()).add(r["record_key"])
        return {
            mapping: {
                "created": len(ops.get("create", ())),
                "updated": len(ops.get("update", ())),
                "deleted": len(ops.get("delete", ())),
            }
            for mapping, ops in keys.items()
        }

    second = {
        (r["mapping"], r["record_key"], r["field"]): (
            parsed(r["old_value"]),
            parsed(r["new_value"]),
        )
        for r in w.ask("planned-writes", run_id=w.second["run_id"])
    }
    style = w.facts.styles[value(w.renamed, "centric_id")]
    assert second["c1.product", style["id"], "style_name"] == (RENAMED, style["node_name"])
    assert second["c1.product", w.described["id"], "plm_description"] == (
        w.described["description"],
        NEW_DESCRIPTION,
    )
    assert counted(w.second) == w.second["by_mapping"]
    assert w.first["by_mapping"]["s1.assets"]["created"] > 0
    assert counted(w.first) == w.first["by_mapping"]


@check("pushed-to-4allportal")
def _(w: World) -> None:
    rows = w.ask("pushed-to-4allportal")
    assert {(r["state"], r["error"]) for r in rows} == {("applied", None)}
    # Expected: exactly the 4ALLPORTAL objects whose API state the second run changed, each
    # holding now what the entry says was sent.
    moved = {
        (entity, oid)
        for (system, entity, _), ids in changed(w.edited, w.after_second).items()
        if system == "fourallportal"
        for oid in ids
    }
    assert {(r["entity"], r["object_id"]) for r in rows} == moved
    for row in rows:
        now = w.after_second["fourallportal", row["entity"]][row["object_id"]]
        payload = orjson.loads(row["payload"])
        assert set(row["fields"]) <= payload.keys()
        for field in row["fields"]:  # a null value removes the value
            for entry in payload[field]:
                held = one(now.get(field), **entry["dimensions"])
                assert held == entry["value"], (row["record_key"], field, entry)
    pushed = {(r["entity"], r["record_key"], f) for r in rows for f in r["fields"]}
    assert ("product", w.described["id"], "plm_description") in pushed
    assert ("product", value(w.renamed, "centric_id"), "style_name") in pushed
    assert ("variant", value(w.refitted, "centric_id"), "fit") in pushed
    assert ("launch_package", w.translated["id"], "status") in pushed


@check("conflicts")
def _(w: World) -> None:
    style = w.facts.styles[value(w.renamed, "centric_id")]
    sku = next(
        k for k in w.facts.catalog.centric["skus"] if k["id"] == value(w.refitted, "centric_id")
    )
    rows = w.ask("conflicts")
    assert sorted(
        (r["system"], r["entity"], r["record_key"], r["field"], r["owner"],
         parsed(r["owner_value"]), parsed(r["target_value"]), r["rule"])
        for r in rows
    ) == [
        ("fourallportal", "product", style["id"], "style_name", "centric", style["node_name"],
         RENAMED, "owner_wins"),
        ("fourallportal", "variant", sku["id"], "fit", "centric", sku["bx_fit"], NEW_FIT,
         "owner_wins"),
    ]  # fmt: skip
    assert all(w.between < moment(r["detected_at"]) <= moment(r["resolved_at"]) for r in rows)
    # owner_wins: 4ALLPORTAL holds the owner's values again.
    product = w.after_second["fourallportal", "product"][w.renamed["id"]]
    variant = w.after_second["fourallportal", "variant"][w.refitted["id"]]
    assert (value(product, "style_name"), value(variant, "fit")) == (
        style["node_name"],
        sku["bx_fit"],
    )


@check("ready-by-style")
def _(w: World) -> None:
    facts = w.facts
    rows = {r["style_number"]: r for r in w.ask("ready-by-style", market=MARKET, channel=CHANNEL)}
    covered = {s["code"]: s for s in facts.covered()}
    assert rows.keys() == covered.keys()
    for number, row in rows.items():
        e = facts.expect(covered[number], MARKET, CHANNEL, w.fixed)
        assert row["variants"] == e.variants, number
        assert row["colorways_ready"] == f"{row['ready_variants']} of {row['variants']}"
        assert row["ready"] == (row["ready_variants"] == row["variants"]), number
        assert row["ready"] == (not row["blockers"]), number
        if e.ready_variants is not None:
            assert row["ready_variants"] == e.ready_variants, number
        if e.exact:
            assert set(row["blockers"]) == e.blockers, number
        else:
            assert e.blockers <= set(row["blockers"]), number
    kinds = {
        "ready": [r for r in rows.values() if r["ready"]],
        "partly": [r for r in rows.values() if 0 < r["ready_variants"] < r["variants"]],
        "blocked": [r for r in rows.values() if r["ready_variants"] == 0],
    }
    assert all(kinds.values()), {k: len(v) for k, v in kinds.items()}
    assert rows[w.translated["code"]]["ready"]  # translated between the runs
    # Another source: the launch packages launchsync wrote to 4ALLPORTAL for released styles.
    locale = facts.config.markets[MARKET].locale
    packages = w.after_second["fourallportal", "launch_package"].values()
    assert packages
    for package in packages:
        row = rows[facts.styles[value(package, "centric_id")]["code"]]
        status = one(package["status"], locale=locale, channel=CHANNEL)
        assert status == ("ready" if row["ready"] else "blocked")
        assert sorted(one(package.get("blockers"), locale=locale, channel=CHANNEL) or []) == (
            sorted(row["blockers"])
        )


@check("readiness-trend")
def _(w: World) -> None:
    facts = w.facts
    rows = w.ask("readiness-trend", market=MARKET, channel=CHANNEL)
    assert [r["run_id"] for r in rows] == [w.first["run_id"], w.second["run_id"]]
    for row, fixed in zip(rows, (frozenset(), w.fixed), strict=True):
        expected = [facts.expect(s, MARKET, CHANNEL, fixed) for s in facts.covered()]
        assert all(e.ready_variants is not None for e in expected)
        ready = sum(e.ready_variants for e in expected)
        colorways = sum(e.variants for e in expected)
        assert {k: row[k] for k in ("colorways", "ready", "blocked", "styles", "ready_styles")} == {
            "colorways": colorways,
            "ready": ready,
            "blocked": colorways - ready,
            "styles": len(expected),
            "ready_styles": sum(e.ready_variants == e.variants for e in expected),
        }
    gained = len(w.translated["active_colorways"])
    assert rows[1]["ready"] - rows[0]["ready"] == gained > 0


@check("blockers-by-count")
def _(w: World) -> None:
    facts = w.facts
    rows = w.ask("blockers-by-count", market=MARKET)
    found = {(r["blocker"], r["channel"]): (r["colorways"], r["styles"]) for r in rows}
    channels = facts.config.markets[MARKET].channels or facts.config.content.channels
    # From the catalog: colorways of styles before the release milestone, and of styles
    # without a product in 4ALLPORTAL.
    early = [s for s in facts.covered() if s["bx_milestone"] not in facts.released]
    missing = [s for s in facts.covered() if not facts.has_product(s)]
    for channel in channels:
        for code, styles in (("MILESTONE_NOT_REACHED", early), ("NOT_IN_4ALLPORTAL", missing)):
            colorways = sum(len(s["active_colorways"]) or 1 for s in styles)
            assert found[code, channel] == (colorways, len(styles)), (code, channel)
    # The other blockers depend on more than the catalog says: compared with the base
    # readiness table instead, counting each colorway once per blocker and channel.
    base = w.live.sql(
        "SELECT split_part(code, ':', 1) AS blocker, channel,"
        " count(DISTINCT (style_id, color_code)) AS colorways, count(DISTINCT style_id) AS styles"
        f" FROM (SELECT *, unnest(blockers) AS code FROM readiness WHERE market = '{MARKET}')"
        " GROUP BY ALL"
    )
    counts = [r["colorways"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert found == {(r["blocker"], r["channel"]): (r["colorways"], r["styles"]) for r in base}


@check("missing-translations")
def _(w: World) -> None:
    facts, config = w.facts, w.facts.config
    source = config.content.source_locale
    channels = sorted(
        {
            c
            for m in config.markets.values()
            if m.locale == LOCALE
            for c in (m.channels or config.content.channels)
        }
    )

    def expected(snap: Snapshot) -> set[tuple[str, str, str, str]]:
        """From the 4ALLPORTAL API: required texts with a source text and no translation."""
        covered = {s["id"]: s["code"] for s in facts.covered()}
        gaps = set()
        for style_id, product in products(snap).items():
            if style_id not in covered:
                continue
            for channel in channels:
                for field in config.content.required.get(channel, []):
                    original = text(product, field, source, channel)
                    local = text(product, field, LOCALE, channel)
                    if original and (local is None or local == original):
                        problem = "missing" if local is None else "copy of the source text"
                        gaps.add((covered[style_id], field, channel, problem))
        return gaps

    rows = w.ask("missing-translations", locale=LOCALE)
    found = {(r["style_number"], r["field"], r["channel"], r["problem"]) for r in rows}
    assert len(found) == len(rows)
    assert found == expected(w.after_second)
    assert "missing" in {p for *_, p in found}
    untranslated = (w.translated["code"], "marketing_copy", CHANNEL, "copy of the source text")
    assert untranslated in expected(w.after_first) and untranslated not in found


@check("stock-not-cleared")
def _(w: World) -> None:
    rows = w.ask("stock-not-cleared")
    now = datetime.now(UTC)
    # Expected: each license purchase from the Smint.io API, judged against the clock.
    expected = {}
    for tid, t in w.after_second["smintio", "license_transactions"].items():
        terms = t["license_terms"] or [{}]
        start = [moment(x.get("valid_from")) for x in terms]
        end = [moment(x.get("valid_until")) for x in terms]
        editorial = [bool(x.get("is_editorial_use")) for x in terms]
        in_force = [
            (s is None or s <= now) and (e is None or e >= now)
            for s, e in zip(start, end, strict=True)
        ]
        if t["state"] != "completed":
            status = "revoked"
        elif any(f and not ed for f, ed in zip(in_force, editorial, strict=True)):
            continue  # cleared
        elif any(f and ed for f, ed in zip(in_force, editorial, strict=True)):
            status = "editorial_only"
        elif any(s is not None and s > now for s in start):
            status = "not_yet_valid"
        else:
            status = "expired"
        usages = sorted({u for x in terms for u in x.get("restricted_usages") or ["any"]})
        content = t["content_element"]
        expected[tid] = (
            status,
            content["name"][0]["value"],
            content["provider"],
            usages,
            None if None in end else max(end),
        )
    assert expected, "the catalog plants licenses that are not cleared"
    found = {
        r["transaction_id"]: (r["rights_status"], r["content"], r["provider"], sorted(r["usages"]),
                              moment(r["valid_until"]))
        for r in rows
    }  # fmt: skip
    assert found == expected


# --- the tests ----------------------------------------------------------------------------------


def test_the_page_asks_at_least_ten_questions_and_each_one_is_checked():
    assert len(QUESTIONS) >= 10, sorted(QUESTIONS)
    assert set(QUESTIONS) == set(CHECKS), "every question needs exactly one check"


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_question(world, question):
    assert question in CHECKS, f"no check for question {question}"
    CHECKS[question](world)
