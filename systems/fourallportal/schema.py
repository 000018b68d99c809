"""The 4ALLPORTAL instance launchsync expects: modules, their fields, locales and channels.

In a real installation an administrator configures these; ``GET /api/modules`` describes them
and launchsync checks, before it writes, that every field it maps exists.
"""

from dataclasses import dataclass, field

LOCALES = ("de_DE", "fr_FR", "en_GB", "en_US", "it_IT")
CHANNELS = ("ecom", "marketplace", "print")
FIELD_TYPES = (
    "string",
    "text",
    "integer",
    "decimal",
    "boolean",
    "reference",
    "string_list",
    "object_list",
)


@dataclass(frozen=True)
class FieldSpec:
    """One field of a module."""

    name: str
    type: str
    localizable: bool = False
    channel_dependent: bool = False
    read_only: bool = False  # editable by integrations only, not in the 4ALLPORTAL UI

    def describe(self) -> dict[str, object]:
        """The field as ``GET /api/modules`` lists it."""
        return {
            "name": self.name,
            "type": self.type,
            "localizable": self.localizable,
            "channel_dependent": self.channel_dependent,
            "read_only": self.read_only,
        }


@dataclass(frozen=True)
class ModuleSpec:
    """A module: the object types it holds and its fields."""

    name: str
    types: tuple[str, ...]
    fields: dict[str, FieldSpec] = field(default_factory=dict)

    def describe(self) -> dict[str, object]:
        """The module as ``GET /api/modules`` lists it."""
        return {
            "name": self.name,
            "types": list(self.types),
            "fields": [f.describe() for f in self.fields.values()],
        }


def _module(name: str, types: tuple[str, ...], *specs: FieldSpec) -> ModuleSpec:
    return ModuleSpec(name, types, {s.name: s for s in specs})


def _plain(kind: str, *names: str) -> list[FieldSpec]:
    return [FieldSpec(n, kind) for n in names]


def _content(kind: str, *names: str, channel: bool = False) -> list[FieldSpec]:
    return [FieldSpec(n, kind, localizable=True, channel_dependent=channel) for n in names]


def _technical(kind: str, *names: str) -> list[FieldSpec]:
    return [FieldSpec(n, kind, read_only=True) for n in names]


MODULES: dict[str, ModuleSpec] = {
    m.name: m
    for m in [
        _module(
            "classification",
            ("season", "collection"),
            *_plain("string", "centric_id", "kind", "code", "name"),
            FieldSpec("parent", "reference"),
        ),
        _module(
            "product",
            ("style",),
            *_plain("string", "centric_id", "style_number", "style_name", "category_1"),
            *_plain("string", "category_2", "gender", "plm_status", "country_of_origin"),
            *_plain("string", "hs_code", "age_group"),
            FieldSpec("plm_description", "text"),
            *_plain("reference", "season", "collection"),
            *_plain("string_list", "sizes"),
            *_plain("object_list", "colorways"),
            *_plain("boolean", "reach_svhc_declared", "prop65_warning"),
            *_technical("string", "fit"),
            *_technical("string_list", "materials", "care_symbols"),
            *_technical("object_list", "composition", "measurements"),
            *_content("string", "consumer_title", "seo_title", "marketplace_title", channel=True),
            *_content("text", "marketing_copy", "seo_description", channel=True),
        ),
        _module(
            "variant",
            ("sku",),
            *_plain("string", "centric_id", "sku", "gtin", "size", "color_code", "color_name"),
            *_plain("string", "fit", "country_of_origin", "color_marketing_name"),
            FieldSpec("size_sort", "integer"),
            FieldSpec("product", "reference"),
            FieldSpec("composition", "object_list"),
        ),
        _module(
            "file",
            ("image", "video", "document"),
            *_plain("string", "name", "asset_type", "approval_status", "style_number"),
            *_plain("string", "color_code", "locale", "mime_type", "distribution_status"),
            FieldSpec("products", "reference_list"),
            FieldSpec("renditions", "object_list"),
            FieldSpec("replaces", "reference"),
            FieldSpec("tags", "string_list"),
            # Licensed stock and campaign assets from Smint.io (S3, S4), and creative review (S6).
            *_plain("string", "source", "smintio_id", "license_type", "copyright", "checksum"),
            *_plain("string", "rights_status", "rights_valid_until"),
            *_plain("string", "creative_approval", "rights_clearance"),
            *_plain("string_list", "commerce_channels", "rights_territories", "rights_usages"),
            FieldSpec("keywords", "string_list"),
            FieldSpec("editorial_only", "boolean"),
            FieldSpec("license_terms", "object_list"),
        ),
        _module(
            "launch_package",
            ("package",),
            *_plain("string", "centric_id"),
            FieldSpec("product", "reference"),
            FieldSpec("status", "string", localizable=True, channel_dependent=True),
            FieldSpec("blockers", "string_list", localizable=True, channel_dependent=True),
            FieldSpec("assets", "reference_list", channel_dependent=True),
        ),
    ]
}
