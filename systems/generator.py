"""A deterministic generator of realistic fashion catalogs, with defects planted at set rates.

The same ``styles``, ``seed`` and rates always give the same catalog. Every planted defect that
should hold a style back is listed in ``Catalog.defects`` with the reason code validation is
expected to give, so tests can compare verdicts with what was planted.
"""

import gc
import hashlib
import random
import uuid
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any

from launchsync.gtin import make_gtin13
from systems.catalog import Catalog
from systems.centric.endpoints import ENDPOINTS
from systems.smintio.generator import SmintIoCatalog
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
# Styles this far along already have their product in 4ALLPORTAL, enriched by content teams.
IN_PIM_ALREADY = ("PRODUCTION_APPROVED", "COMMERCIAL_RELEASE")
# Styles from this milestone on have photos and documents in the DAM.
IN_DAM_FROM = ("SAMPLE_APPROVED", "PRODUCTION_APPROVED", "COMMERCIAL_RELEASE", "DROPPED")
SOURCE_LOCALE = "en_GB"
LOCALE_WORDS = {
    "en_GB": ("in", "colour", "Sizes"),
    "en_US": ("in", "color", "Sizes"),
    "de_DE": ("in", "Farbe", "Größen"),
    "fr_FR": ("en", "coloris", "Tailles"),
    "it_IT": ("in", "colore", "Taglie"),
}
POINTS = {"Tops": ("chest", "length"), "Knitwear": ("chest", "length"), "Outerwear": ("chest", "length"),
          "Bottoms": ("waist", "inseam"), "Dresses": ("bust", "length"), "Accessories": ("length", "width")}  # fmt: skip
PIM_NAMESPACE = uuid.UUID("6f1c8c1e-2a53-4b1e-9d0c-3f4a5b6c7d8e")

MILESTONES = (
    ("CONCEPT", 0.05),
    ("DESIGN", 0.07),
    ("DEVELOPMENT", 0.13),
    ("SAMPLE_APPROVED", 0.30),
    ("PRODUCTION_APPROVED", 0.22),
    ("COMMERCIAL_RELEASE", 0.18),
    ("DROPPED", 0.05),
)


# The channels each 4ALLPORTAL product text is written for.
PRODUCT_TEXT_CHANNELS = {
    "consumer_title": ("ecom", "marketplace", "print"),
    "marketing_copy": ("ecom", "print"),
    "seo_title": ("ecom",),
    "seo_description": ("ecom",),
    "marketplace_title": ("marketplace",),
}


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
    # Independent of the above: leaves country of origin or HS code empty, or the REACH SVHC
    # declaration undone (readiness gaps, not reasons to hold the style back).
    compliance_missing: float = 0.05
    reach_undeclared: float = 0.05
    # Gaps on the 4ALLPORTAL side (they block a launch, they do not hold a style back).
    packshot_missing: float = 0.05
    print_rendition_missing: float = 0.08
    lifestyle_missing: float = 0.15
    retired_asset_linked: float = 0.05
    locale_missing: float = 0.2
    untranslated_copy: float = 0.1
    seo_title_too_long: float = 0.05
    # Licensed stock in Smint.io (campaign visuals that use it need rights for every market and
    # channel through the launch window): shares of purchases canceled, and of license terms
    # expired, not yet valid, ending on a date, limited to some usages or territories, or for
    # editorial use only.
    stock_canceled: float = 0.05
    stock_expired: float = 0.12
    stock_not_yet_valid: float = 0.06
    stock_fixed_term: float = 0.5
    stock_usage_restricted: float = 0.6
    stock_territory_restricted: float = 0.5
    stock_editorial_only: float = 0.1

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


class _Stamps:
    """``iso_ms`` of whole seconds after a start time (a whole second), each date formatted once."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        midnight = start.replace(hour=0, minute=0, second=0)
        self.midnight, self.offset = midnight, (start - midnight).seconds
        self.days: dict[int, str] = {}

    def text(self, seconds: int) -> str:
        day, rest = divmod(seconds + self.offset, 86_400)
        date = self.days.get(day)
        if date is None:
            date = self.days[day] = iso_ms(self.midnight + timedelta(days=day))[:10]
        hours, rest = divmod(rest, 3600)
        return f"{date}T{hours:02d}:{rest // 60:02d}:{rest % 60:02d}.000Z"


def _uuid5(namespace: uuid.UUID, name: str) -> str:
    """``str(uuid.uuid5(namespace, name))``, without building the UUID object."""
    raw = bytearray(hashlib.sha1(namespace.bytes + name.encode()).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50
    raw[8] = (raw[8] & 0x3F) | 0x80
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


class _WellFormedSkus:
    """The SKUs of earlier styles whose GTIN is text, without building the list.

    A style's SKUs are the tail of the SKU list while its defects are planted, so earlier
    styles' SKUs are the rest; ``numeric`` holds the positions of those whose GTIN is a number.
    """

    def __init__(self, skus: list[dict[str, Any]], tail: int, numeric: list[int]) -> None:
        self.skus, self.end, self.numeric = skus, len(skus) - tail, numeric

    def __len__(self) -> int:
        return self.end - len(self.numeric)

    def __getitem__(self, index: int) -> dict[str, Any]:
        if not 0 <= index < len(self):
            raise IndexError(index)
        for position in self.numeric:  # ascending; skip each one at or before the target
            if position > index:
                break
            index += 1
        return self.skus[index]


def _remove_from_tail(records: list[dict[str, Any]], record: dict[str, Any]) -> None:
    """Remove ``record``, which is near the end of ``records``, without scanning the rest."""
    for position in range(len(records) - 1, -1, -1):
        if records[position] is record:
            del records[position]
            return
    raise ValueError("record not in list")


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
    # Millions of small records and no cycles among them: the cyclic collector would walk the
    # growing catalog again and again while it is built.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _Generator(styles, seed, rates or DefectRates()).run()
    finally:
        if enabled:
            gc.enable()


class _Generator:
    def __init__(self, styles: int, seed: int, rates: DefectRates) -> None:
        self.n_styles = styles
        self.seed = seed
        self.rates = rates
        self.rng = random.Random(seed)
        self.new_id = _Ids()
        self.tick = 0
        self.stamps = _Stamps(BASE_TIME)
        self.gtin_counter = 0
        # Positions in the SKU list of SKUs whose GTIN was made a number, in ascending order.
        self.numeric_gtins: list[int] = []
        self.data: dict[str, list[dict[str, Any]]] = {name: [] for name in ENDPOINTS}
        self.defects: list[dict[str, Any]] = []
        self.pim: dict[str, list[dict[str, Any]]] = {"product": [], "file": []}

    def stamp(self) -> str:
        self.tick += 1
        return self.stamps.text(self.tick * 7)

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
        info["files"] = len(self.pim["file"])
        season = self.data["seasons"][0]["code"] if self.data["seasons"] else "SS27"
        stock = SmintIoCatalog(self.seed, BASE_TIME, self.rates)
        smintio = stock.build([s["code"] for s in self.data["styles"]], season)
        by_number = {s["code"]: s for s in self.data["styles"]}
        for defect in stock.defects:
            self.note(defect.pop("code"), by_number[defect.pop("style_number")], **defect)
        return Catalog(
            centric=self.data,
            fourallportal=self.pim,
            smintio=smintio,
            defects=self.defects,
            info=info,
        )

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
            bx_reach_svhc_declared=rng.random() >= self.rates.reach_undeclared,
            bx_prop65_warning=rng.random() < 0.03,
            bx_age_group="children_3_14" if gender == "kids" else "adult",
        )
        if not style["bx_reach_svhc_declared"]:
            self.note(
                "COMPLIANCE_MISSING", style, quarantine=False, attribute="bx_reach_svhc_declared"
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
        style["bx_measurements"] = self.measurements(cat1, [s["code"] for s in sizes])
        self.plant_defects(style, skus, revision)
        if style["bx_milestone"] in IN_DAM_FROM:
            self.make_assets(style, colorways)
        if style["bx_milestone"] in IN_PIM_ALREADY:
            self.make_product(style, colorways, composition)

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
            others = _WellFormedSkus(self.data["skus"], len(skus), self.numeric_gtins)
            if not others:
                return
            original = rng.choice(others)
            sku["bx_gtin"] = original["bx_gtin"]
            self.note(code, style, record=sku["id"])
            self.note(code, {"id": original["style"]}, record=original["id"])
        elif code == "SIZE_MISSING":
            _remove_from_tail(self.data["skus"], sku)
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
                self.numeric_gtins.append(len(self.data["skus"]) - len(skus) + skus.index(sku))
                self.note(code, style, record=sku["id"], problem="bx_gtin is a number")
            else:
                del sku["colorway"]
                self.note(code, style, record=sku["id"], problem="colorway is missing")

    def measurements(self, category: str, sizes: list[str]) -> list[dict[str, Any]]:
        middle = sizes[len(sizes) // 2]
        return [
            {"point": point, "size": middle, "cm": round(self.rng.uniform(20, 110), 1)}
            for point in POINTS.get(category, ("length",))
        ]

    def pim_stamp(self) -> str:
        self.tick += 1
        return self.stamps.text(self.tick * 7)

    def make_assets(self, style: dict, colorways: list[dict]) -> None:
        """DAM files named by the studio's convention, with the gaps real studios leave."""
        rng, rates, number = self.rng, self.rates, style["code"]

        def add(
            kind: str, asset_type: str, name: str, status: str = "approved", **fields: Any
        ) -> None:
            record = {
                "id": _uuid5(PIM_NAMESPACE, f"{self.seed}:file:{name}"),
                "module": "file",
                "type": kind,
                "mod_time": self.pim_stamp(),
                "name": [{"value": name, "dimensions": {}}],
                "asset_type": [{"value": asset_type, "dimensions": {}}],
                "approval_status": [{"value": status, "dimensions": {}}],
                "style_number": [{"value": number, "dimensions": {}}],
            }
            for field_name, value in fields.items():
                record[field_name] = [{"value": value, "dimensions": {}}]
            self.pim["file"].append(record)

        web = {"name": "web", "width": 1200, "height": 1600}
        for colorway in colorways:
            code = colorway["code"]
            if rng.random() < rates.packshot_missing:
                self.note(f"PACKSHOT_MISSING:{code}", style, quarantine=False)
                continue
            renditions = [web]
            if rng.random() < rates.print_rendition_missing:
                self.note(f"PRINT_RENDITION_MISSING:{code}", style, quarantine=False)
            else:
                renditions.append({"name": "print", "width": 3000, "height": 4000})
            add("image", "packshot", f"{number}_{code}_packshot.jpg", color_code=code,
                mime_type="image/jpeg", renditions=renditions)  # fmt: skip
        if rng.random() < rates.lifestyle_missing:
            self.note("LIFESTYLE_MISSING", style, quarantine=False)
        else:
            add("image", "lifestyle", f"{number}_lifestyle_01.jpg", mime_type="image/jpeg",
                renditions=[web, {"name": "print", "width": 4000, "height": 2667}])  # fmt: skip
        if rng.random() < 0.3:
            add("video", "video", f"{number}_runway.mp4", mime_type="video/mp4", renditions=[])
        if rng.random() < 0.8:
            add("document", "technical_document", f"{number}_techpack.pdf", mime_type="application/pdf",
                locale=SOURCE_LOCALE, renditions=[])  # fmt: skip
        if rng.random() < 0.5:
            add("document", "datasheet", f"{number}_datasheet.pdf", mime_type="application/pdf",
                locale=SOURCE_LOCALE, renditions=[])  # fmt: skip
        if rng.random() < 0.1:
            add("image", "packshot", f"{number}_{colorways[0]['code']}_packshot_v0.jpg", status="draft",
                color_code=colorways[0]["code"], mime_type="image/jpeg", renditions=[web])  # fmt: skip
        if rng.random() < rates.retired_asset_linked:
            name = f"{number}_{colorways[0]['code']}_packshot_old.jpg"
            add("image", "packshot", name, status="retired", color_code=colorways[0]["code"],
                mime_type="image/jpeg", renditions=[web])  # fmt: skip
            self.note(f"ASSET_RETIRED:{name}", style, quarantine=False)

    def make_product(self, style: dict, colorways: list[dict], composition: tuple) -> None:
        """The product content teams already enriched in 4ALLPORTAL, with realistic gaps."""
        rng, rates = self.rng, self.rates
        name, colour = style["node_name"], colorways[0]["node_name"]
        fabric = " and ".join(f for f, _ in composition)
        record: dict[str, Any] = {
            "id": _uuid5(PIM_NAMESPACE, f"{self.seed}:product:{style['id']}"),
            "module": "product",
            "type": "style",
            "mod_time": self.pim_stamp(),
            "centric_id": [{"value": style["id"], "dimensions": {}}],
            "style_number": [{"value": style["code"], "dimensions": {}}],
        }
        locales = list(LOCALE_WORDS)
        dropped = [
            loc
            for loc in locales
            if loc != SOURCE_LOCALE and rng.random() < rates.locale_missing / 2
        ]
        for locale in dropped:
            for field_name in PRODUCT_TEXT_CHANNELS:
                self.note(f"LOCALE_MISSING:{locale}:{field_name}", style, quarantine=False)
        texts: dict[str, dict[str, str]] = {}
        for locale in locales:
            if locale in dropped:
                continue
            word, colour_word, sizes_word = LOCALE_WORDS[locale]
            tag = "" if locale in (SOURCE_LOCALE, "en_US") else f" [{locale[:2]}]"
            texts[locale] = {
                "consumer_title": f"{name}, {colour_word} {colour}{tag}",
                "marketing_copy": f"{name}{tag}: {fabric}, {style['bx_fit']} fit, {colour_word} {colour}.",
                "seo_title": f"{name} | {colour_word} {colour}{tag}",
                "seo_description": f"{name} {word} {colour_word} {colour}{tag}. {sizes_word}: {', '.join(c['code'] for c in colorways[:3])}.",
                "marketplace_title": f"Brand {name} – {colour_word} {colour}{tag}",
            }
        for locale, values in texts.items():
            if locale != SOURCE_LOCALE and rng.random() < rates.untranslated_copy:
                values["marketing_copy"] = texts[SOURCE_LOCALE]["marketing_copy"]
                self.note(f"LOCALE_UNTRANSLATED:{locale}:marketing_copy", style, quarantine=False)
            if rng.random() < rates.seo_title_too_long:
                values["seo_title"] = (
                    values["seo_title"] + " – " + fabric + " – free delivery and returns"
                ) * 2
                self.note(f"CONTENT_TOO_LONG:{locale}:seo_title", style, quarantine=False)
            for field_name, text in values.items():
                for channel in PRODUCT_TEXT_CHANNELS[field_name]:
                    record.setdefault(field_name, []).append(
                        {"value": text, "dimensions": {"locale": locale, "channel": channel}}
                    )
        self.pim["product"].append(record)

    def note(self, code: str, style: dict, quarantine: bool = True, **detail: Any) -> None:
        self.defects.append(
            {"code": code, "style": style["id"], "quarantine": quarantine, **detail}
        )
