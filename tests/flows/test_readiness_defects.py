"""Readiness after a real sync of a catalog file with one known defect per blocker code.

A clean catalog is cut down to the styles that already have their product in 4ALLPORTAL
(all released) and one style still in development. Each planted defect goes on its own style,
into the records the simulators serve, and says which keys it must block with which code. One
`launchsync sync` later, the blockers of the readiness table must be exactly those.
"""

import copy
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest

from launchsync.config import Config, load_config
from launchsync.settings import load_settings
from systems.catalog import Catalog
from systems.generator import DefectRates, generate
from systems.timestamps import iso_ms
from tests.flows.live import start_simulators, stop

pytestmark = pytest.mark.e2e

NAMESPACE = uuid.UUID("0b7c2f55-81a4-4d0e-9e43-6a2d8c1f5e90")
RELEASED = ("PRODUCTION_APPROVED", "COMMERCIAL_RELEASE")
BEFORE_TRANSFER = ("CONCEPT", "DESIGN", "DEVELOPMENT")

Key = tuple[str, str, str, str]
Blocker = tuple[str, str, str, str, str]
# Codes validation holds a style back for (docs/reason-codes.md).
HELD_BACK = {
    "CORE_FIELD_MISSING", "SIZE_RANGE_MISSING", "COLORWAY_MISSING", "COMPOSITION_MISSING",
    "SIZE_MISSING", "GTIN_MISSING", "GTIN_INVALID", "GTIN_DUPLICATE", "COMPOSITION_NOT_100",
    "FIBER_UNKNOWN", "RECORD_MALFORMED",
}  # fmt: skip


@dataclass(frozen=True)
class Expect:
    """A blocker a planted defect must give: on these colorways, markets and channels (None: all)."""

    style: str
    code: str
    colors: tuple[str, ...] | None = None
    markets: tuple[str, ...] | None = None
    channels: tuple[str, ...] | None = None


class Planting:
    """The records of the catalog being planted and the rules it will be judged by."""

    def __init__(self, catalog: Catalog, config: Config) -> None:
        self.config = config
        self.centric, self.pim, self.smintio = (
            catalog.centric,
            catalog.fourallportal,
            catalog.smintio,
        )
        self.season = self.centric["seasons"][0]["code"]

    # --- what the rules say -------------------------------------------------------------------

    def markets(self, *, rule: str | None = None, channel: str | None = None) -> tuple[str, ...]:
        return tuple(
            name
            for name, market in self.config.markets.items()
            if (rule is None or rule in market.compliance)
            and (channel is None or channel in (market.channels or []))
        )

    def locale_markets(self, locale: str) -> tuple[str, ...]:
        return tuple(n for n, m in self.config.markets.items() if m.locale == locale)

    def needing(self, field: str) -> tuple[str, ...]:
        return tuple(c for c, fields in self.config.content.required.items() if field in fields)

    def launch_dates(self) -> list[date]:
        return [m.launch[self.season] for m in self.config.markets.values()]

    # --- records of a style -------------------------------------------------------------------

    def colorways(self, style: dict) -> list[dict]:
        by_id = {c["id"]: c for c in self.centric["colorways"]}
        return [by_id[c] for c in style["active_colorways"]]

    def skus(self, style: dict, colorway: dict | None = None) -> list[dict]:
        return [
            k
            for k in self.centric["skus"]
            if k["style"] == style["id"] and (colorway is None or k["colorway"] == colorway["id"])
        ]

    def revision(self, style: dict) -> dict:
        [bom] = [b for b in self.centric["apparel_boms"] if b["style"] == style["id"]]
        return next(
            r
            for r in self.centric["apparel_bom_revisions"]
            if r["apparel_bom"] == bom["id"] and r["state"] == "APPROVED"
        )

    def product(self, style: dict) -> dict:
        return next(p for p in self.pim["product"] if value(p, "centric_id") == style["id"])

    def files(self, style: dict, asset_type: str) -> list[dict]:
        return [
            f
            for f in self.pim["file"]
            if value(f, "style_number") == style["code"] and value(f, "asset_type") == asset_type
        ]

    def material(self, fiber: str) -> dict:
        record = {
            "id": f"C9{len(self.centric['materials']):07d}",
            "active": True,
            "node_name": f"{fiber.title()} yarn",
            "code": f"MAT-{fiber.upper()}",
            "bx_fiber": fiber,
            "_modified_at": "2026-03-02T08:00:00.000Z",
        }
        self.centric["materials"].append(record)
        return record

    def stock(self, name: str, state: str, terms: list[dict]) -> str:
        """A licensed stock purchase in Smint.io, named ``name``; returns its uuid."""
        purchase = copy.deepcopy(self.smintio["license_purchase_transactions"][0])
        ids = {
            part: str(uuid.uuid5(NAMESPACE, f"{name}:{part}"))
            for part in ("tx", "content", "binary")
        }
        purchase.update(uuid=ids["tx"], state=state, can_be_synced=True, license_terms=[
            {"sequence_number": n, "name": [{"culture": "en", "value": f"Term {n}"}],
             "restricted_usages": [], "restricted_geographies": [], "valid_until": None,
             "is_editorial_use": False, **term}
            for n, term in enumerate(terms, start=1)
        ])  # fmt: skip
        purchase["content_element"] = {
            **purchase["content_element"],
            "uuid": ids["content"],
            "name": [{"culture": "en", "value": name}],
            "binaries": [{**purchase["content_element"]["binaries"][0], "uuid": ids["binary"]}],
        }
        self.smintio["license_purchase_transactions"].append(purchase)
        return ids["tx"]

    def stock_visual(self, style: dict, name: str, state: str, terms: list[dict]) -> str:
        """An approved campaign visual of the style that uses licensed stock; returns its name."""
        visual = copy.deepcopy(self.smintio["campaign_assets"][0])
        visual.update(
            uuid=str(uuid.uuid5(NAMESPACE, f"{name}:visual")),
            name=[{"culture": "en", "value": name}],
            state="finalized",
            approval_status="approved",
            product_associations=[{"style_number": style["code"]}],
            license_purchase_transaction_uuids=[self.stock(f"Stock in {name}", state, terms)],
            renditions=[
                {**r, "uuid": str(uuid.uuid5(NAMESPACE, f"{name}:{r['name']}"))}
                for r in visual["renditions"]
            ],
        )
        self.smintio["campaign_assets"].append(visual)
        return name

    def linked_stock(self, style: dict, name: str, terms: list[dict]) -> str:
        """Licensed stock whose DAM file a content team gave the style number; returns its name."""
        self.pim["file"].append({
            "id": str(uuid.uuid5(NAMESPACE, f"{name}:file")), "module": "file", "type": "image",
            "name": [{"value": name, "dimensions": {}}],
            "asset_type": [{"value": "stock", "dimensions": {}}],
            "approval_status": [{"value": "approved", "dimensions": {}}],
            "style_number": [{"value": style["code"], "dimensions": {}}],
            "source": [{"value": "smintio_license", "dimensions": {}}],
            "smintio_id": [{"value": self.stock(name, "completed", terms), "dimensions": {}}],
        })  # fmt: skip
        return name

    def localized(self, style: dict, field: str) -> list[dict]:
        return self.product(style)[field]


def value(record: dict, field: str):
    entries = [e for e in record.get(field) or [] if not e["dimensions"]]
    return entries[0]["value"] if entries else None


def at(day: date) -> str:
    return iso_ms(datetime.combine(day, time()))


# --- the plants: each edits one style's records and says what readiness must report ----------

Plant = Callable[[Planting, dict], list[Expect]]


def milestone_not_reached(p: Planting, style: dict) -> list[Expect]:
    style["bx_milestone"] = "PRODUCTION_APPROVED"  # one step before release, product complete
    return [Expect(style["id"], "MILESTONE_NOT_REACHED")]


def core_field_missing(p: Planting, style: dict) -> list[Expect]:
    style["description"] = "  "
    return [Expect(style["id"], "CORE_FIELD_MISSING")]


def size_range_missing(p: Planting, style: dict) -> list[Expect]:
    style["size_range"] = "centric%3A"
    return [Expect(style["id"], "SIZE_RANGE_MISSING")]


def colorway_missing(p: Planting, style: dict) -> list[Expect]:
    style["active_colorways"] = []
    return [Expect(style["id"], "COLORWAY_MISSING", colors=("",))]


def composition_missing(p: Planting, style: dict) -> list[Expect]:
    p.revision(style)["state"] = "DRAFT"
    return [Expect(style["id"], "COMPOSITION_MISSING")]


def size_missing(p: Planting, style: dict) -> list[Expect]:
    colorway = p.colorways(style)[-1]
    p.centric["skus"].remove(p.skus(style, colorway)[0])
    return [Expect(style["id"], "SIZE_MISSING", colors=(colorway["code"],))]


def gtin_missing(p: Planting, style: dict) -> list[Expect]:
    colorway = p.colorways(style)[0]
    p.skus(style, colorway)[0]["bx_gtin"] = None
    return [Expect(style["id"], "GTIN_MISSING", colors=(colorway["code"],))]


def gtin_invalid(p: Planting, style: dict) -> list[Expect]:
    colorway = p.colorways(style)[1]
    sku = p.skus(style, colorway)[-1]
    sku["bx_gtin"] = sku["bx_gtin"][:-1] + str((int(sku["bx_gtin"][-1]) + 1) % 10)
    return [Expect(style["id"], "GTIN_INVALID", colors=(colorway["code"],))]


def gtin_duplicate(p: Planting, style: dict) -> list[Expect]:
    first, second = p.colorways(style)[:2]
    p.skus(style, second)[0]["bx_gtin"] = p.skus(style, first)[0]["bx_gtin"]
    return [Expect(style["id"], "GTIN_DUPLICATE", colors=(first["code"], second["code"]))]


def composition_not_100(p: Planting, style: dict) -> list[Expect]:
    p.revision(style)["items"][0]["bx_percent"] += 5
    return [Expect(style["id"], "COMPOSITION_NOT_100")]


def fiber_unknown(p: Planting, style: dict) -> list[Expect]:
    # A fiber labels do not allow has no label name either, in any language.
    p.revision(style)["items"][0]["material"] = p.material("bamboo silk")["id"]
    return [Expect(style["id"], "FIBER_UNKNOWN")] + [
        Expect(
            style["id"],
            f"FIBER_NAME_MISSING:{p.config.markets[m].locale}:bamboo silk",
            markets=(m,),
        )
        for m in p.markets(rule="fiber_names")
    ]


def record_malformed(p: Planting, style: dict) -> list[Expect]:
    colorway = p.colorways(style)[0]
    sku = p.skus(style, colorway)[0]
    sku["bx_gtin"] = int(sku["bx_gtin"])
    # The SKU is refused at landing, so its size slot is empty as well.
    return [
        Expect(style["id"], "RECORD_MALFORMED", colors=(colorway["code"],)),
        Expect(style["id"], "SIZE_MISSING", colors=(colorway["code"],)),
    ]


def compliance_missing(p: Planting, style: dict) -> list[Expect]:
    style["bx_reach_svhc_declared"] = False
    return [
        Expect(style["id"], f"COMPLIANCE_MISSING:{m}:reach_svhc", markets=(m,))
        for m in p.markets(rule="reach_svhc")
    ]


def country_of_origin_invalid(p: Planting, style: dict) -> list[Expect]:
    style["bx_country_of_origin"] = "ZZ"
    return [
        Expect(
            style["id"], "COUNTRY_OF_ORIGIN_INVALID", markets=p.markets(rule="country_of_origin")
        )
    ]


def hs_code_invalid(p: Planting, style: dict) -> list[Expect]:
    style["bx_hs_code"] = style["bx_hs_code"][:5]
    return [Expect(style["id"], "HS_CODE_INVALID", markets=p.markets(rule="hs_code"))]


def fiber_name_missing(p: Planting, style: dict) -> list[Expect]:
    # Ramie is a fiber labels allow, with no label names in expectations/fiber_names.csv.
    p.revision(style)["items"][0]["material"] = p.material("ramie")["id"]
    return [
        Expect(style["id"], f"FIBER_NAME_MISSING:{p.config.markets[m].locale}:ramie", markets=(m,))
        for m in p.markets(rule="fiber_names")
    ]


def enrichment_missing(p: Planting, style: dict) -> list[Expect]:
    source = p.config.content.source_locale
    field, channel = "marketplace_title", "marketplace"
    p.product(style)[field] = [
        e for e in p.localized(style, field)
        if (e["dimensions"]["locale"], e["dimensions"]["channel"]) != (source, channel)
    ]  # fmt: skip
    return [Expect(style["id"], f"ENRICHMENT_MISSING:{channel}:{field}", channels=(channel,))]


def too_long(
    p: Planting, style: dict, locale: str, markets: tuple[str, ...] | None
) -> list[Expect]:
    limit = p.config.content.max_length["seo_title"]
    for entry in p.localized(style, "seo_title"):
        if entry["dimensions"]["locale"] == locale:
            entry["value"] = (entry["value"] + " – free delivery and returns " * 3)[: limit + 1]
    return [
        Expect(
            style["id"],
            f"CONTENT_TOO_LONG:{locale}:seo_title",
            markets=markets,
            channels=(channel,),
        )
        for channel in p.needing("seo_title")
    ]


def source_too_long(p: Planting, style: dict) -> list[Expect]:
    # Enrichment judges the source language once per channel, for every market selling there.
    return too_long(p, style, p.config.content.source_locale, None)


def locale_too_long(p: Planting, style: dict) -> list[Expect]:
    return too_long(p, style, "de_DE", p.locale_markets("de_DE"))


def locale_missing(p: Planting, style: dict) -> list[Expect]:
    field, locale = "consumer_title", "fr_FR"
    p.product(style)[field] = [
        e for e in p.localized(style, field) if e["dimensions"]["locale"] != locale
    ]
    return [
        Expect(style["id"], f"LOCALE_MISSING:{locale}:{field}", markets=p.locale_markets(locale),
               channels=p.needing(field))
    ]  # fmt: skip


def locale_untranslated(p: Planting, style: dict) -> list[Expect]:
    field, locale, source = "marketing_copy", "it_IT", p.config.content.source_locale
    entries = p.localized(style, field)
    english = {
        e["dimensions"]["channel"]: e["value"]
        for e in entries
        if e["dimensions"]["locale"] == source
    }
    for entry in entries:
        if entry["dimensions"]["locale"] == locale:
            entry["value"] = english[entry["dimensions"]["channel"]]
    return [
        Expect(style["id"], f"LOCALE_UNTRANSLATED:{locale}:{field}", markets=p.locale_markets(locale),
               channels=p.needing(field))
    ]  # fmt: skip


def packshot_missing(p: Planting, style: dict) -> list[Expect]:
    code = p.colorways(style)[-1]["code"]
    for file in p.files(style, "packshot"):
        if value(file, "color_code") == code:
            p.pim["file"].remove(file)
    return [Expect(style["id"], f"PACKSHOT_MISSING:{code}", colors=(code,))]


def print_rendition_missing(p: Planting, style: dict) -> list[Expect]:
    code = p.colorways(style)[0]["code"]
    for file in p.files(style, "packshot"):
        if value(file, "color_code") == code:
            renditions = file["renditions"][0]
            renditions["value"] = [r for r in renditions["value"] if r["name"] != "print"]
    channels = tuple(p.config.assets.print_channels)
    return [
        Expect(style["id"], f"PRINT_RENDITION_MISSING:{code}", colors=(code,), channels=channels)
    ]


def lifestyle_missing(p: Planting, style: dict) -> list[Expect]:
    for file in p.files(style, "lifestyle"):
        p.pim["file"].remove(file)
    return [
        Expect(style["id"], "LIFESTYLE_MISSING", channels=tuple(p.config.assets.lifestyle_channels))
    ]


def asset_retired(p: Planting, style: dict) -> list[Expect]:
    retired = copy.deepcopy(p.files(style, "packshot")[0])
    name = f"{style['code']}_{value(retired, 'color_code')}_packshot_old.jpg"
    retired["id"] = str(uuid.uuid5(NAMESPACE, name))
    retired["name"] = [{"value": name, "dimensions": {}}]
    retired["approval_status"] = [{"value": "retired", "dimensions": {}}]
    p.pim["file"].append(retired)
    return [Expect(style["id"], f"ASSET_RETIRED:{name}")]


def rights_revoked(p: Planting, style: dict) -> list[Expect]:
    asset = p.stock_visual(
        style, "Planted visual revoked", "canceled", [{"valid_from": "2026-01-01T00:00:00.000Z"}]
    )
    return [Expect(style["id"], f"RIGHTS_REVOKED:{asset}")]


def rights_editorial_only(p: Planting, style: dict) -> list[Expect]:
    asset = p.stock_visual(style, "Planted visual editorial", "completed",
                           [{"valid_from": "2026-01-01T00:00:00.000Z", "is_editorial_use": True}])  # fmt: skip
    return [Expect(style["id"], f"RIGHTS_EDITORIAL_ONLY:{asset}")]


def rights_not_covered(p: Planting, style: dict) -> list[Expect]:
    # Cleared for e-commerce in Germany only: every other market and channel is not covered.
    asset = p.stock_visual(style, "Planted visual DE ecom", "completed", [{
        "valid_from": "2026-01-01T00:00:00.000Z", "restricted_usages": ["ecommerce"],
        "restricted_geographies": ["DE"]}])  # fmt: skip
    return [
        Expect(style["id"], f"RIGHTS_NOT_COVERED:{asset}", markets=(m,), channels=(c,))
        for m in p.markets()
        for c in p.config.markets[m].channels or []
        if (m, c) != ("DE", "ecom")
    ]


def rights_not_yet_valid(p: Planting, style: dict) -> list[Expect]:
    starts = max(p.launch_dates()) + timedelta(days=1)
    asset = p.stock_visual(style, "Planted visual later", "completed", [{"valid_from": at(starts)}])
    return [Expect(style["id"], f"RIGHTS_NOT_YET_VALID:{asset}")]


def rights_expired(p: Planting, style: dict) -> list[Expect]:
    # Stock linked to the product itself (not through a campaign visual), licensed until the
    # day after the earliest launch: inside every market's launch window.
    ends = min(p.launch_dates()) + timedelta(days=1)
    terms = [{"valid_from": "2026-01-01T00:00:00.000Z", "valid_until": at(ends)}]
    return [
        Expect(
            style["id"], f"RIGHTS_EXPIRED:{p.linked_stock(style, 'Planted stock ending', terms)}"
        )
    ]


PLANTS: tuple[Plant, ...] = (
    milestone_not_reached, core_field_missing, size_range_missing, colorway_missing,
    composition_missing, size_missing, gtin_missing, gtin_invalid, gtin_duplicate,
    composition_not_100, fiber_unknown, record_malformed, compliance_missing,
    country_of_origin_invalid, hs_code_invalid, fiber_name_missing, enrichment_missing,
    source_too_long, locale_too_long, locale_missing, locale_untranslated, packshot_missing,
    print_rendition_missing, lifestyle_missing, asset_retired, rights_revoked,
    rights_editorial_only, rights_not_covered, rights_not_yet_valid, rights_expired,
)  # fmt: skip
CLEAN_STYLES = 4


def keep_only(catalog: Catalog, styles: list[dict]) -> None:
    """Remove every other style from the catalog, with its records in every system."""
    ids, numbers = {s["id"] for s in styles}, {s["code"] for s in styles}
    centric = catalog.centric
    centric["styles"] = styles
    for kind in ("colorways", "skus", "apparel_boms"):
        centric[kind] = [r for r in centric[kind] if r["style"] in ids]
    boms = {b["id"] for b in centric["apparel_boms"]}
    centric["apparel_bom_revisions"] = [
        r for r in centric["apparel_bom_revisions"] if r["apparel_bom"] in boms
    ]
    pim = catalog.fourallportal
    pim["product"] = [p for p in pim["product"] if value(p, "centric_id") in ids]
    pim["file"] = [f for f in pim["file"] if value(f, "style_number") in numbers]
    visuals = []
    for visual in catalog.smintio["campaign_assets"]:
        shown = [a for a in visual["product_associations"] if a["style_number"] in numbers]
        if shown:
            visuals.append({**visual, "product_associations": shown})
    catalog.smintio["campaign_assets"] = visuals
    catalog.defects = [d for d in catalog.defects if d["style"] in ids]


@dataclass
class Planted:
    """A planted catalog, every key readiness must judge and the blockers it must report."""

    catalog: Catalog
    keys: set[Key]
    expected: set[Blocker]
    plants: list[Expect]


def planted_catalog(config: Config) -> Planted:
    catalog = generate(90, seed=2, rates=DefectRates.none())
    styles = catalog.centric["styles"]
    released = [s for s in styles if s["bx_milestone"] in RELEASED]
    early = next(s for s in styles if s["bx_milestone"] in BEFORE_TRANSFER)
    assert len(released) >= len(PLANTS) + CLEAN_STYLES, "the catalog needs more released styles"
    assert not catalog.defects
    for style in released:
        style["bx_milestone"] = "COMMERCIAL_RELEASE"
    keep_only(catalog, [*released, early])
    p = Planting(catalog, config)
    # Before the transfer milestone: not released, and launchsync has not made its product yet.
    plants = [
        Expect(early["id"], "MILESTONE_NOT_REACHED"),
        Expect(early["id"], "NOT_IN_4ALLPORTAL"),
    ]
    for plant, style in zip(PLANTS, released, strict=False):
        found = plant(p, style)
        assert found and {e.style for e in found} == {style["id"]}
        code = found[0].code
        catalog.defects.append(
            {
                "code": code,
                "style": style["id"],
                "quarantine": code in HELD_BACK,
                "plant": plant.__name__,
            }
        )
        plants += found
    keys = {
        (s["id"], color, market, channel)
        for s in catalog.centric["styles"]
        for color in [c["code"] for c in p.colorways(s)] or [""]
        for market, spec in config.markets.items()
        for channel in spec.channels or []
    }
    return Planted(catalog, keys, set(expand(plants, keys)), plants)


def expand(expected: Iterable[Expect], keys: set[Key]) -> Iterable[Blocker]:
    for e in expected:
        matching = [
            k
            for k in keys
            if k[0] == e.style
            and (e.colors is None or k[1] in e.colors)
            and (e.markets is None or k[2] in e.markets)
            and (e.channels is None or k[3] in e.channels)
        ]
        assert matching, e
        yield from ((*k, e.code) for k in matching)


def by_code(blockers: set[Blocker]) -> dict[tuple[str, str], list[Key]]:
    """Blockers grouped by style and code, for a readable failure."""
    grouped: dict[tuple[str, str], list[Key]] = {}
    for style, color, market, channel, code in sorted(blockers):
        grouped.setdefault((style, code), []).append((style, color, market, channel))
    return grouped


@pytest.fixture(scope="module")
def synced(tmp_path_factory, prefect_api):
    config = load_config(load_settings().config)
    planted = planted_catalog(config)
    tmp = tmp_path_factory.mktemp("readiness-defects")
    process, live = start_simulators(tmp, planted.catalog, prefect_api)
    try:
        live.sync()
        rows = live.sql(
            "SELECT style_id, color_code, market, channel, ready, blockers, warnings FROM readiness"
        )
    finally:
        stop(process)
    served = Catalog.load(tmp / "catalog.json")
    assert [d["plant"] for d in served.defects] == [plant.__name__ for plant in PLANTS]
    assert len({d["style"] for d in served.defects}) == len(PLANTS)
    return planted, rows


def reported(rows: list[dict]) -> set[Blocker]:
    return {
        (r["style_id"], r["color_code"], r["market"], r["channel"], code)
        for r in rows
        for code in r["blockers"]
    }


def test_readiness_reports_exactly_the_planted_blockers(synced):
    planted, rows = synced
    keys, expected = planted.keys, planted.expected
    assert {(r["style_id"], r["color_code"], r["market"], r["channel"]) for r in rows} == keys
    assert len(rows) == len(keys)
    found = reported(rows)
    assert not found - expected, f"blockers nobody planted: {by_code(found - expected)}"
    assert not expected - found, f"planted blockers readiness missed: {by_code(expected - found)}"
    assert all(r["ready"] == (not r["blockers"]) and not r["warnings"] for r in rows)
    blocked = {e[:4] for e in expected}
    ready = {
        (r["style_id"], r["color_code"], r["market"], r["channel"]) for r in rows if r["ready"]
    }
    assert ready == keys - blocked
    clean = {k[0] for k in keys} - {k[0] for k in blocked}
    assert len(clean) >= CLEAN_STYLES
