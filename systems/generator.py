"""A deterministic generator of realistic fashion catalogs, with defects planted at set rates.

The same ``styles``, ``seed`` and rates always give the same catalog. Every planted defect that
should hold a style back is listed in ``Catalog.defects`` with the reason code validation is
expected to give, so tests can compare verdicts with what was planted.
"""

import random
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any

from launchsync.gtin import make_gtin13
from systems.catalog import Catalog
from systems.centric.endpoints import ENDPOINTS
from systems.timestamps import iso_ms

BASE_TIME = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

SIZE_RANGES = {
    "ALPHA": ("Alpha XS–XL", ["XS", "S", "M", "L", "XL"]),
    "ALPHA_EXT": ("Alpha S–XXL", ["S", "M", "L", "XL", "XXL"]),
    "NUMERIC": ("Numeric 36–46", ["36", "38", "40", "42", "44", "46"]),
    "WAIST": ("Waist 28–36", ["28", "29", "30", "31", "32", "33", "34", "36"]),
    "ONE_SIZE": ("One size", ["OS"]),
}

FIBERS = (
    "cotton",
    "elastane",
    "polyester",
    "polyamide",
    "wool",
    "cashmere",
    "viscose",
    "linen",
    "lyocell",
    "silk",
)

# (category_1, category_2, size range, HS code, noun, compositions)
CATEGORIES: tuple[tuple[str, str, str, str, str, tuple[tuple[tuple[str, int], ...], ...]], ...] = (
    ("Tops", "T-Shirts", "ALPHA", "6109100010", "Tee", ((("cotton", 100),), (("cotton", 95), ("elastane", 5)))),
    ("Tops", "Shirts", "ALPHA_EXT", "6205200000", "Shirt", ((("cotton", 100),), (("linen", 55), ("cotton", 45)))),
    ("Knitwear", "Sweaters", "ALPHA", "6110111000", "Sweater", ((("wool", 100),), (("wool", 70), ("cashmere", 30)), (("wool", 80), ("polyamide", 20)))),
    ("Bottoms", "Trousers", "NUMERIC", "6204624000", "Trousers", ((("cotton", 98), ("elastane", 2)), (("polyester", 64), ("viscose", 34), ("elastane", 2)))),
    ("Bottoms", "Jeans", "WAIST", "6203423100", "Jeans", ((("cotton", 99), ("elastane", 1)), (("cotton", 92), ("polyester", 6), ("elastane", 2)))),
    ("Outerwear", "Jackets", "ALPHA_EXT", "6201400000", "Jacket", ((("polyamide", 100),), (("polyester", 65), ("cotton", 35)))),
    ("Dresses", "Dresses", "NUMERIC", "6204430000", "Dress", ((("viscose", 100),), (("lyocell", 100),), (("silk", 100),))),
    ("Accessories", "Scarves", "ONE_SIZE", "6117100000", "Scarf", ((("wool", 100),), (("cashmere", 100),))),
)  # fmt: skip

ADJECTIVES = ("Relaxed", "Slim", "Classic", "Cropped", "Oversized", "Tailored", "Essential", "Utility", "Heritage", "Soft", "Boxy", "Fluid")  # fmt: skip
DETAILS = ("Crew", "Pocket", "Pleated", "Ribbed", "Wrap", "Zip", "Hooded", "Belted", "Striped", "Garment-Dyed", "Merino", "Poplin")  # fmt: skip
COLORS = (
    ("001", "Black", "black"), ("100", "Optic White", "white"), ("110", "Ecru", "white"),
    ("020", "Charcoal", "grey"), ("050", "Heather Grey", "grey"), ("410", "Navy", "blue"),
    ("440", "Sky Blue", "blue"), ("330", "Olive", "green"), ("350", "Forest", "green"),
    ("250", "Sand", "beige"), ("270", "Camel", "brown"), ("620", "Burgundy", "red"),
    ("650", "Dusty Pink", "pink"), ("830", "Rust", "orange"), ("720", "Ochre", "yellow"),
    ("510", "Lilac", "purple"),
)  # fmt: skip
THEMES = (
    "Essentials",
    "Outdoor",
    "Tailoring",
    "Denim",
    "Athleisure",
    "Resort",
    "Workwear",
    "Evening",
)
SUBTHEMES = ("Core", "Capsule", "Limited", "Icons")
COUNTRIES = ("PT", "TR", "IT", "BD", "CN", "VN", "IN", "RO", "MA", "TN")
CARE = {
    "wool": ["hand_wash", "no_bleach", "no_tumble_dry", "iron_low", "dry_clean_p"],
    "cashmere": ["hand_wash", "no_bleach", "no_tumble_dry", "iron_low", "dry_clean_p"],
    "silk": ["hand_wash", "no_bleach", "no_tumble_dry", "iron_low", "dry_clean_p"],
    "default": ["wash_30", "no_bleach", "tumble_dry_low", "iron_medium", "dry_clean_p"],
}
MILESTONES = (
    ("CONCEPT", 0.05),
    ("DESIGN", 0.07),
    ("DEVELOPMENT", 0.13),
    ("SAMPLE_APPROVED", 0.30),
    ("PRODUCTION_APPROVED", 0.22),
    ("COMMERCIAL_RELEASE", 0.18),
    ("DROPPED", 0.05),
)


@dataclass(frozen=True)
class DefectRates:
    """Share of styles that get each defect (at most one defect that holds a style back)."""

    gtin_invalid: float = 0.03
    gtin_duplicate: float = 0.01
    size_missing: float = 0.03
    composition_not_100: float = 0.03
    fiber_unknown: float = 0.01
    description_missing: float = 0.01
    malformed_record: float = 0.01
    # Independent of the above: leaves country of origin or HS code empty (a readiness gap,
    # not a reason to hold the style back).
    compliance_missing: float = 0.05

    @classmethod
    def none(cls) -> "DefectRates":
        """No defects at all."""
        return cls(**{f.name: 0.0 for f in fields(cls)})

    @classmethod
    def parse(cls, text: str) -> "DefectRates":
        """Read ``name=rate,name=rate`` (unnamed rates keep their defaults).

        Raises:
            ValueError: an unknown name or a rate outside 0..1.
        """
        known = {f.name for f in fields(cls)}
        values: dict[str, float] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            name, _, raw = part.partition("=")
            if name not in known:
                raise ValueError(f"unknown defect {name!r}; known: {', '.join(sorted(known))}")
            rate = float(raw)
            if not 0 <= rate <= 1:
                raise ValueError(f"defect rate {name}={raw} is not between 0 and 1")
            values[name] = rate
        return cls(**values)


class _Ids:
    def __init__(self) -> None:
        self.next = 10_000_000

    def __call__(self) -> str:
        self.next += 1
        return f"C{self.next}"


def generate(styles: int, seed: int = 7, rates: DefectRates | None = None) -> Catalog:
    """Generate a catalog of ``styles`` styles.

    Args:
        styles: Number of styles (each gets 3 to 8 colorways and a size range).
        seed: Random seed; equal inputs give equal catalogs.
        rates: Defect rates; the defaults plant a few of each kind.
    """
    if styles < 0:
        raise ValueError("styles must not be negative")
    return _Generator(styles, seed, rates or DefectRates()).run()


class _Generator:
    def __init__(self, styles: int, seed: int, rates: DefectRates) -> None:
        self.n_styles = styles
        self.seed = seed
        self.rates = rates
        self.rng = random.Random(seed)
        self.new_id = _Ids()
        self.tick = 0
        self.gtin_counter = 0
        self.data: dict[str, list[dict[str, Any]]] = {name: [] for name in ENDPOINTS}
        self.defects: list[dict[str, Any]] = []

    def stamp(self) -> str:
        self.tick += 1
        return iso_ms(BASE_TIME + timedelta(seconds=self.tick * 7))

    def record(self, kind: str, **attrs: Any) -> dict[str, Any]:
        record = {"id": self.new_id(), "active": True, **attrs, "_modified_at": self.stamp()}
        self.data[kind].append(record)
        return record

    def run(self) -> Catalog:
        self.size_ranges = self.make_size_ranges()
        self.materials = {
            fiber: self.record("materials", node_name=f"{fiber.title()} yarn", code=f"MAT-{fiber.upper()}", bx_fiber=fiber)
            for fiber in FIBERS
        }  # fmt: skip
        leaves = self.make_assortment()
        for index in range(self.n_styles):
            self.make_style(index, leaves[index % len(leaves)])
        info = {
            "generator": "launchsync",
            "styles": self.n_styles,
            "seed": self.seed,
            "rates": asdict(self.rates),
        }
        info["skus"] = len(self.data["skus"])
        return Catalog(centric=self.data, defects=self.defects, info=info)

    def make_size_ranges(self) -> dict[str, tuple[dict, list[dict]]]:
        ranges = {}
        for code, (name, sizes) in SIZE_RANGES.items():
            size_range = self.record("size_ranges", node_name=name, code=code, product_sizes=[])
            size_records = [
                self.record("product_sizes", node_name=s, code=s, size_range=size_range["id"], bx_sort_order=i)
                for i, s in enumerate(sizes)
            ]  # fmt: skip
            size_range["product_sizes"] = [s["id"] for s in size_records]
            ranges[code] = (size_range, size_records)
        return ranges

    def make_assortment(self) -> list[tuple[dict, dict]]:
        """Seasons, a two-level collection tree each; returns (season, leaf collection) pairs."""
        n_seasons = max(1, min(4, 1 + self.n_styles // 400))
        leaves = []
        for s in range(n_seasons):
            year = 2027 + s // 2
            kind = ("SS", "AW")[s % 2]
            season = self.record(
                "seasons", node_name=f"{'Spring/Summer' if kind == 'SS' else 'Autumn/Winter'} {year}",
                code=f"{kind}{year % 100}", description=f"{kind} {year} main season", bx_year=year, bx_season_type=kind,
            )  # fmt: skip
            for theme in self.rng.sample(THEMES, 3):
                top = self.record(
                    "collections", node_name=theme, code=f"{season['code']}-{theme[:4].upper()}",
                    parent_season=season["id"], parent_collection="centric%3A",
                )  # fmt: skip
                for sub in self.rng.sample(SUBTHEMES, 2):
                    leaf = self.record(
                        "collections", node_name=f"{theme} {sub}", code=f"{top['code']}-{sub[:3].upper()}",
                        parent_season=season["id"], parent_collection=top["id"],
                    )  # fmt: skip
                    leaves.append((season, leaf))
        return leaves

    def pick_milestone(self) -> str:
        r, total = self.rng.random(), 0.0
        for name, share in MILESTONES:
            total += share
            if r < total:
                return name
        return MILESTONES[-1][0]

    def make_style(self, index: int, place: tuple[dict, dict]) -> None:
        season, collection = place
        rng = self.rng
        cat1, cat2, range_code, hs_code, noun, compositions = rng.choice(CATEGORIES)
        size_range, sizes = self.size_ranges[range_code]
        gender = (
            rng.choice(("women", "men", "unisex", "kids")) if cat1 != "Accessories" else "unisex"
        )
        composition = rng.choice(compositions)
        name = f"{rng.choice(ADJECTIVES)} {rng.choice(DETAILS)} {noun}"
        fiber_word = " and ".join(f for f, _ in composition)
        style = self.record(
            "styles",
            node_name=name,
            code=f"{season['code']}-{10001 + index:05d}",
            description=f"{name} in {fiber_word}; {cat2.lower()} for {gender}.",
            parent_season=season["id"],
            collection=collection["id"],
            category_1=cat1,
            category_2=cat2,
            active_colorways=[],
            product_sizes=size_range["product_sizes"],
            size_range=size_range["id"],
            bx_milestone=self.pick_milestone(),
            bx_gender=gender,
            bx_fit=rng.choice(("regular", "slim", "relaxed")),
            bx_country_of_origin=rng.choice(COUNTRIES),
            bx_hs_code=hs_code,
            bx_care_symbols=CARE.get(composition[0][0], CARE["default"]),
            bx_reach_svhc_declared=rng.random() > 0.05,
            bx_prop65_warning=rng.random() < 0.03,
            bx_age_group="children_3_14" if gender == "kids" else "adult",
        )
        colorways = []
        for code, color_name, family in rng.sample(COLORS, rng.randint(3, 8)):
            colorway = self.record(
                "colorways",
                node_name=color_name,
                code=code,
                style=style["id"],
                bx_color_family=family,
            )
            colorways.append(colorway)
        style["active_colorways"] = [c["id"] for c in colorways]
        skus = []
        for colorway in colorways:
            for size in sizes:
                self.gtin_counter += 1
                skus.append(
                    self.record(
                        "skus",
                        node_name=f"{style['code']}-{colorway['code']}-{size['code']}",
                        code=f"{style['code']}-{colorway['code']}-{size['code']}",
                        style=style["id"],
                        colorway=colorway["id"],
                        product_size=size["id"],
                        bx_gtin=make_gtin13(f"40{self.gtin_counter:010d}"),
                        bx_fit=style["bx_fit"],
                    )
                )
        bom = self.record(
            "apparel_boms",
            node_name=f"BOM {style['code']}",
            code=f"BOM-{style['code']}",
            style=style["id"],
        )
        items = [
            {"material": self.materials[f]["id"], "bx_percent": p, "placement": "shell"}
            for f, p in composition
        ]
        revision = self.record(
            "apparel_bom_revisions", node_name=f"BOM {style['code']} rev 1", apparel_bom=bom["id"],
            revision=1, state="APPROVED", items=items,
        )  # fmt: skip
        if rng.random() < 0.2:
            # A newer draft with another composition must not override the approved revision.
            draft_items = [
                {
                    "material": self.materials["polyester"]["id"],
                    "bx_percent": 100,
                    "placement": "shell",
                }
            ]
            self.record(
                "apparel_bom_revisions", node_name=f"BOM {style['code']} rev 2", apparel_bom=bom["id"],
                revision=2, state="DRAFT", items=draft_items,
            )  # fmt: skip
        self.plant_defects(style, skus, revision)

    def plant_defects(self, style: dict, skus: list[dict], revision: dict) -> None:
        rng, rates = self.rng, self.rates
        if rng.random() < rates.compliance_missing:
            attr = rng.choice(("bx_country_of_origin", "bx_hs_code"))
            style[attr] = None
            self.note("COMPLIANCE_MISSING", style, quarantine=False, attribute=attr)
        choices = [
            ("GTIN_INVALID", rates.gtin_invalid),
            ("GTIN_DUPLICATE", rates.gtin_duplicate),
            ("SIZE_MISSING", rates.size_missing),
            ("COMPOSITION_NOT_100", rates.composition_not_100),
            ("FIBER_UNKNOWN", rates.fiber_unknown),
            ("CORE_FIELD_MISSING", rates.description_missing),
            ("RECORD_MALFORMED", rates.malformed_record),
        ]
        r, total, code = rng.random(), 0.0, None
        for name, share in choices:
            total += share
            if r < total:
                code = name
                break
        if code is None:
            return
        sku = rng.choice(skus)
        if code == "GTIN_INVALID":
            last = int(sku["bx_gtin"][-1])
            sku["bx_gtin"] = sku["bx_gtin"][:-1] + str((last + 1) % 10)
            self.note(code, style, record=sku["id"])
        elif code == "GTIN_DUPLICATE":
            others = [
                k
                for k in self.data["skus"]
                if k["style"] != style["id"] and isinstance(k["bx_gtin"], str)
            ]
            if not others:
                return
            original = rng.choice(others)
            sku["bx_gtin"] = original["bx_gtin"]
            self.note(code, style, record=sku["id"])
            self.note(code, {"id": original["style"]}, record=original["id"])
        elif code == "SIZE_MISSING":
            self.data["skus"].remove(sku)
            self.note(code, style, colorway=sku["colorway"], product_size=sku["product_size"])
        elif code == "COMPOSITION_NOT_100":
            revision["items"][0]["bx_percent"] += 5
            self.note(code, style, record=revision["id"])
        elif code == "FIBER_UNKNOWN":
            odd = self.record(
                "materials",
                node_name="Bamboo silk blend",
                code=f"MAT-X{style['code']}",
                bx_fiber="bamboo silk",
            )
            revision["items"][0]["material"] = odd["id"]
            self.note(code, style, record=odd["id"])
        elif code == "CORE_FIELD_MISSING":
            style["description"] = rng.choice((None, "", "  "))
            self.note(code, style, attribute="description")
        elif code == "RECORD_MALFORMED":
            if rng.random() < 0.5:
                sku["bx_gtin"] = int(sku["bx_gtin"])
                self.note(code, style, record=sku["id"], problem="bx_gtin is a number")
            else:
                del sku["colorway"]
                self.note(code, style, record=sku["id"], problem="colorway is missing")

    def note(self, code: str, style: dict, quarantine: bool = True, **detail: Any) -> None:
        self.defects.append(
            {"code": code, "style": style["id"], "quarantine": quarantine, **detail}
        )
