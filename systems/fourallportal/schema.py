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

    def describe(self) -> dict[str, object]:
        """The field as ``GET /api/modules`` lists it."""
        return {
            "name": self.name,
            "type": self.type,
            "localizable": self.localizable,
            "channel_dependent": self.channel_dependent,
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
            *_plain("string", "category_2", "gender", "fit", "plm_status", "country_of_origin"),
            *_plain("string", "hs_code", "age_group"),
            FieldSpec("plm_description", "text"),
            *_plain("reference", "season", "collection"),
            *_plain("string_list", "sizes", "materials", "care_symbols"),
            *_plain("object_list", "colorways", "composition"),
            *_plain("boolean", "reach_svhc_declared", "prop65_warning"),
            *_content("string", "consumer_title", "seo_title", "marketplace_title", channel=True),
            *_content("text", "marketing_copy", "seo_description", channel=True),
        ),
        _module(
            "variant",
            ("sku",),
            *_plain("string", "centric_id", "sku", "gtin", "size", "color_code", "color_name"),
            FieldSpec("fit", "string"),
            FieldSpec("size_sort", "integer"),
            FieldSpec("product", "reference"),
        ),
    ]
}
