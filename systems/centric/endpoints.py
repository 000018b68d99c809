"""The Centric resources launchsync reads, as one table."""

from systems.centric import models
from systems.endpoints import Endpoint


def _centric(name: str, model: type[models.CentricRecord], **options: str) -> Endpoint:
    return Endpoint(
        system="centric",
        name=name,
        model=model,
        table=f"centric_{name}_history",
        cursor_field="_modified_at",
        **options,
    )


ENDPOINTS: dict[str, Endpoint] = {
    e.name: e
    for e in [
        _centric("seasons", models.Season),
        _centric("collections", models.Collection),
        _centric("size_ranges", models.SizeRange),
        _centric("product_sizes", models.ProductSize),
        _centric("materials", models.Material),
        _centric("styles", models.Style, style_field="id"),
        _centric("colorways", models.Colorway, style_field="style"),
        _centric("skus", models.Sku, style_field="style"),
        _centric("apparel_boms", models.ApparelBom, style_field="style"),
        _centric(
            "apparel_bom_revisions",
            models.ApparelBomRevision,
            parent_field="apparel_bom",
            parent_view="centric_apparel_boms",
        ),
        _centric("images", models.Image, style_field="style"),
        _centric("documents", models.Document, style_field="style"),
    ]
}
