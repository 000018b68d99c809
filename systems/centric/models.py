"""Centric 8 records as launchsync reads them.

Field names are the API's attribute names (customer attributes keep their ``bx_`` prefix) and
the warehouse's column names. ``_modified_at`` lands as ``modified_at``. The empty reference
``"centric%3A"`` becomes None.
"""

from datetime import datetime
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
)

from systems.ids import RecordId
from systems.rows import FieldRecord

EMPTY_REFERENCE = "centric%3A"


def _empty_to_none(value: object) -> object:
    return None if value == EMPTY_REFERENCE else value


def _refuse_empty(value: object) -> object:
    if value is None or value == EMPTY_REFERENCE:
        raise ValueError("reference is empty")
    return value


Ref = Annotated[StrictStr | None, BeforeValidator(_empty_to_none)]
RequiredRef = Annotated[StrictStr, BeforeValidator(_refuse_empty)]
Refs = list[Annotated[StrictStr, BeforeValidator(_empty_to_none)]]


class CentricRecord(FieldRecord):
    """Attributes every Centric record carries; its warehouse row is its fields."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    id: RecordId
    node_name: StrictStr | None = None
    code: StrictStr | None = None
    description: StrictStr | None = None
    active: StrictBool = True
    modified_at: datetime = Field(alias="_modified_at")


class Season(CentricRecord):
    """A season, e.g. SS27."""

    bx_year: StrictInt | None = None
    bx_season_type: StrictStr | None = None


class Collection(CentricRecord):
    """A node of a season's collection hierarchy."""

    parent_season: Ref = None
    parent_collection: Ref = None


class SizeRange(CentricRecord):
    """An ordered set of sizes, e.g. XS–XL or 36–46."""

    product_sizes: Refs = []


class ProductSize(CentricRecord):
    """One size of a size range."""

    size_range: Ref = None
    bx_sort_order: StrictInt | None = None


class Measurement(BaseModel):
    """One point of measure of a style in one size."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    point: StrictStr
    size: StrictStr
    cm: StrictFloat | StrictInt


class MarketReadiness(BaseModel):
    """Whether a style's localized content is complete for one market (written by launchsync)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    market: StrictStr
    status: StrictStr
    missing: list[StrictStr] = []


class Style(CentricRecord):
    """A style: the product concept with its milestone and compliance attributes."""

    parent_season: Ref = None
    collection: Ref = None
    category_1: StrictStr | None = None
    category_2: StrictStr | None = None
    active_colorways: Refs = []
    product_sizes: Refs = []
    size_range: Ref = None
    bx_milestone: StrictStr | None = None
    bx_gender: StrictStr | None = None
    bx_fit: StrictStr | None = None
    bx_country_of_origin: StrictStr | None = None
    bx_hs_code: StrictStr | None = None
    bx_care_symbols: list[StrictStr] = []
    bx_reach_svhc_declared: StrictBool | None = None
    bx_prop65_warning: StrictBool | None = None
    bx_age_group: StrictStr | None = None
    # Added after the first release: absent (None) rather than empty, like upgraded rows.
    bx_measurements: list[Measurement] | None = None
    bx_launch_status: StrictStr | None = None
    bx_launch_blockers: list[StrictStr] | None = None
    bx_market_readiness: list[MarketReadiness] | None = None


class Colorway(CentricRecord):
    """A colour of a style."""

    style: RequiredRef
    bx_color_family: StrictStr | None = None


class Sku(CentricRecord):
    """A sellable unit: style × colorway × size, with its GTIN."""

    style: RequiredRef
    colorway: RequiredRef
    product_size: RequiredRef
    bx_gtin: StrictStr | None = None
    bx_fit: StrictStr | None = None
    bx_color_marketing_name: StrictStr | None = None


class Material(CentricRecord):
    """A material; ``bx_fiber`` is its fiber's generic name."""

    bx_fiber: StrictStr | None = None


class ApparelBom(CentricRecord):
    """The bill of materials of a style."""

    style: RequiredRef


class BomItem(BaseModel):
    """One line of a BOM revision: a material and its share of the garment."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    material: RequiredRef
    bx_percent: StrictFloat | StrictInt | None = None
    placement: StrictStr | None = None


class ApparelBomRevision(CentricRecord):
    """A revision of a BOM; the latest APPROVED one gives the composition."""

    apparel_bom: RequiredRef
    revision: StrictInt = 1
    state: StrictStr | None = None
    items: list[BomItem] = []


class Image(CentricRecord):
    """An image linked on a style; launchsync creates these for approved 4ALLPORTAL assets (C2)."""

    style: RequiredRef
    bx_colorway: Ref = None
    bx_asset_type: StrictStr | None = None
    bx_fourallportal_id: StrictStr | None = None
    bx_file_name: StrictStr | None = None
    bx_width: StrictInt | None = None
    bx_height: StrictInt | None = None


class Document(CentricRecord):
    """A document linked on a style (technical document, datasheet, video) (C2)."""

    style: RequiredRef
    bx_asset_type: StrictStr | None = None
    bx_fourallportal_id: StrictStr | None = None
    bx_file_name: StrictStr | None = None
    bx_locale: StrictStr | None = None
