"""Mappings as data: what each target should hold, and how to read what it holds.

A mapping names a desired view (see migration 0008 for their shape), the target system and
entity it writes, and whether it may create or delete records there. Ownership pairs from
``launchsync.toml`` have no view: their desired state is built from the owning system.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from launchsync.config import ENTITY_OF_MODULE, Config
from tasks.changeset import LONG_SCHEMA, current_long, mapped_fields, to_long
from warehouse.db import frame

SMINTIO_OBJECTS = "SELECT key, object_id FROM smintio_managed WHERE set_kind = '{}'"
SMINTIO_FILES = "SELECT key, object_id FROM fourallportal_smintio_files WHERE source = '{}'"
# The keys of the product cards, market sets and collateral (migrations 0010, 0030).
CARD_KEYS = "SELECT key FROM smintio_product_card_index"
MARKET_SET_KEYS = (
    "SELECT 'market:' || market || ':' || channel AS key"
    " FROM (SELECT market, unnest(channels) AS channel FROM markets)"
)
COLLATERAL_KEYS = (
    "SELECT DISTINCT 'catalog:' || coalesce(season, '-') || ':' || collection AS key"
    " FROM smintio_product_card_index WHERE collection IS NOT NULL"
)


@dataclass(frozen=True)
class Mapping:
    """One direction of data: a desired view and the target records it writes."""

    name: str
    system: str
    entity: str
    view: str | None = None
    creates: bool = False
    deletes: bool = False
    # Other entities of the target that its own automation changes when this one is written.
    side_effects: tuple[str, ...] = ()
    # The system whose data the mapping carries (default: the other one of Centric/4ALLPORTAL).
    source: str | None = None
    # SQL listing the target objects the mapping may change, as (key, object_id).
    objects: str | None = None
    # SQL listing the keys of its desired view without building the records (for deletes):
    # a collection's members cost far more than its key. Tests hold it to the view's keys.
    keys: str | None = None
    # Its desired records narrow to the styles in the session variable diff_focus (0028), so
    # a change run compares the SKUs of changed styles only (keys are Centric SKU ids; the
    # pairs into Centric SKUs narrow through PAIR_SCOPE, which reads the variant view).
    narrows: bool = False
    # What its desired records and target objects are made of, besides the configuration (see
    # INPUTS): a change run skips the mapping while none of them changed. None: never skipped.
    # Tests hold the list to the tables its queries read.
    reads: tuple[str, ...] | None = None

    @property
    def owner(self) -> str:
        """The system whose data the mapping carries."""
        if self.source:
            return self.source
        return "fourallportal" if self.system == "centric" else "centric"

    @property
    def pairs(self) -> bool:
        """Whether the desired state comes from ownership pairs rather than a view."""
        return self.view is None

    @property
    def module(self) -> str | None:
        """The 4ALLPORTAL module the mapping writes, or pairs with for a Centric entity."""
        if self.system == "fourallportal":
            return self.entity
        return MODULE_OF_ENTITY.get(self.entity)


# Inputs many mappings read: a style and its product and files in 4ALLPORTAL; licenses, whose
# terms begin and end with the clock.
STYLE_FILES = ("centric_styles", "fourallportal:product", "fourallportal:file", "verdicts")
LICENSES = ("smintio_license_transactions", "rights_clock")
# The SKUs of transferred styles, with their colorways and sizes.
STYLE_SKUS = (
    "centric_skus",
    "centric_styles",
    "centric_colorways",
    "centric_product_sizes",
    "verdicts",
)
# What a product card shows of its variants.
CARD_VARIANTS = "fourallportal:variant[product,sku,gtin,size,color_code]"

MAPPINGS: dict[str, Mapping] = {
    m.name: m
    for m in [
        Mapping("c5.classification", "fourallportal", "classification", "fourallportal_desired_classification", True, True,
                reads=("centric_collections", "centric_seasons")),
        # 4ALLPORTAL links files to a new product by style number.
        Mapping("c1.product", "fourallportal", "product", "fourallportal_desired_product", True, True, ("file",),
                reads=("centric_styles", "centric_colorways", "centric_product_sizes", "centric_size_ranges",
                       "fourallportal:classification", "verdicts")),
        Mapping("c1.variant", "fourallportal", "variant", "fourallportal_desired_variant", True, True,
                narrows=True, reads=(*STYLE_SKUS, "fourallportal:product")),
        Mapping("c3.product", "fourallportal", "product", "fourallportal_desired_product_technical",
                reads=("centric_styles", "centric_apparel_boms", "centric_apparel_bom_revisions",
                       "centric_materials", "verdicts")),
        Mapping("c6.variant", "fourallportal", "variant", "fourallportal_desired_variant_attributes",
                narrows=True, reads=("centric_skus", "centric_styles", "centric_colorways", "centric_apparel_boms",
                                     "centric_apparel_bom_revisions", "centric_materials", "verdicts")),
        Mapping("c6.pairs.product", "fourallportal", "product", reads=("centric_styles", "verdicts")),
        Mapping("c6.pairs.variant", "fourallportal", "variant", narrows=True,
                reads=(*STYLE_SKUS, "fourallportal:product")),
        Mapping("c6.pairs.styles", "centric", "styles", reads=("fourallportal:product", "verdicts")),
        Mapping("c6.pairs.skus", "centric", "skus", narrows=True,
                reads=(*STYLE_SKUS, "fourallportal:product", "fourallportal:variant")),
        Mapping("c2.product_status", "fourallportal", "product", "fourallportal_desired_product_status",
                reads=("centric_styles", "verdicts")),
        Mapping("c2.file_status", "fourallportal", "file", "fourallportal_desired_file_status",
                reads=("centric_styles", "fourallportal:product")),
        Mapping("c2.images", "centric", "images", "centric_desired_images", True, True,
                reads=(*STYLE_FILES, "centric_colorways")),
        Mapping("c2.documents", "centric", "documents", "centric_desired_documents", True, True,
                reads=(*STYLE_FILES, "centric_colorways")),
        Mapping("c4.package", "fourallportal", "launch_package", "fourallportal_desired_launch_package", True,
                reads=(*STYLE_FILES, "readiness")),
        Mapping("c4.launch_status", "centric", "styles", "centric_desired_launch_status",
                reads=("centric_styles", "readiness")),
        Mapping("c7.market_readiness", "centric", "styles", "centric_desired_market_readiness",
                reads=("centric_styles", "fourallportal:product", "verdicts", "readiness")),
        # 4ALLPORTAL -> Smint.io: Smint.io takes whole records (PUT), so a change sends all fields.
        Mapping("s1.assets", "smintio", "assets", "smintio_desired_assets", True, True,
                source="fourallportal", objects=SMINTIO_OBJECTS.format("assets"),
                reads=("fourallportal:file",)),
        Mapping("s2.product_cards", "smintio", "product_cards", "smintio_desired_product_cards", True, True,
                source="fourallportal", objects=SMINTIO_OBJECTS.format("product_cards"), keys=CARD_KEYS,
                reads=(*STYLE_FILES, CARD_VARIANTS, "fourallportal:classification")),
        Mapping("s5.market_sets", "smintio", "collections", "smintio_desired_market_sets", True, True,
                source="fourallportal", objects=SMINTIO_OBJECTS.format("market_sets"), keys=MARKET_SET_KEYS,
                reads=(*STYLE_FILES, "fourallportal:classification", *LICENSES)),
        Mapping("s8.collateral", "smintio", "collections", "smintio_desired_collateral", True, True,
                source="fourallportal", objects=SMINTIO_OBJECTS.format("collateral"), keys=COLLATERAL_KEYS,
                reads=(*STYLE_FILES, "fourallportal:classification")),
        # Smint.io -> 4ALLPORTAL.
        Mapping("s3.licensed_files", "fourallportal", "file", "fourallportal_desired_licensed_files", True,
                source="smintio", objects=SMINTIO_FILES.format("smintio_license"),
                reads=("fourallportal:file", "smintio_binaries", *LICENSES)),
        Mapping("s4.campaign_files", "fourallportal", "file", "fourallportal_desired_campaign_files", True,
                source="smintio", objects=SMINTIO_FILES.format("smintio_campaign"),
                reads=("fourallportal:product", "fourallportal:file", "smintio_campaign_assets", *LICENSES)),
        Mapping("s6.creative_status", "fourallportal", "file", "fourallportal_desired_creative_status",
                source="smintio",
                reads=("fourallportal:file", "smintio:assets")),
    ]
}  # fmt: skip


def inputs(m: Mapping) -> tuple[str, ...]:
    """What a mapping reads (``Mapping.reads``) and the history of the records it writes.

    Each is a history table without its ``_history`` suffix (``centric_styles``), the objects
    of one 4ALLPORTAL module or Smint.io kind (``fourallportal:file``, ``smintio:assets``),
    some fields of the objects of a 4ALLPORTAL module (``fourallportal:variant[sku,gtin]``), or
    one of ``verdicts``, ``readiness``, ``smintio_binaries`` and ``rights_clock`` (see
    ``tasks.diff.CHANGED_INPUTS``). Tables filled from the configuration are not inputs: a
    change to it makes every mapping compare all.
    """
    target = f"centric_{m.entity}" if m.system == "centric" else f"{m.system}:{m.entity}"
    return tuple(dict.fromkeys([*(m.reads or ()), target]))


# Records whose pair fields are kept in step: those of transferred styles present on both sides.
PAIR_SCOPE = {
    "product": "SELECT style_id AS key FROM transferred_products",
    "variant": "SELECT centric_id AS key FROM focused_variants"
    " WHERE centric_id IN (SELECT key FROM fourallportal_desired_variant)",
}
MODULE_OF_ENTITY = {entity: module for module, entity in ENTITY_OF_MODULE.items()}
LINK_ENTITIES = ("images", "documents")


def mapping(name: str) -> Mapping:
    """Look up a mapping by name.

    Raises:
        KeyError: no such mapping.
    """
    try:
        return MAPPINGS[name]
    except KeyError:
        raise KeyError(f"no mapping {name!r}") from None


@dataclass
class Desired:
    """What a target should hold: the records (with type), their values, the fields mapped."""

    keys: pl.DataFrame
    values: pl.DataFrame
    fields: list[str]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def view_columns(con: duckdb.DuckDBPyConnection, view: str) -> list[str]:
    """The columns of a view, from the catalog (binding the view would take several times longer)."""
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index",
        [view],
    ).fetchall()
    return [name for (name,) in rows]


def written_fields(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], set[str]]:
    """The fields the desired views write, per target (system, entity); pairs are not counted.

    One query of the catalog for every view: one per view cost 20 ms each on a busy machine.
    """
    by_view: dict[str, list[Mapping]] = {}
    for m in MAPPINGS.values():
        if m.view:
            by_view.setdefault(m.view, []).append(m)
    rows = con.execute(
        "SELECT table_name, list(column_name ORDER BY column_index) FROM duckdb_columns()"
        " WHERE schema_name = 'main' AND list_contains(?, table_name) GROUP BY table_name",
        [list(by_view)],
    ).fetchall()
    found: dict[tuple[str, str], set[str]] = {}
    for view, names in rows:
        fields = mapped_fields(pl.DataFrame(schema=dict.fromkeys(names, pl.Utf8)))
        for m in by_view[view]:
            found.setdefault((m.system, m.entity), set()).update(fields)
    return found


def levels(con: duckdb.DuckDBPyConnection, m: Mapping) -> list[int]:
    """Write levels of a mapping, parents first ([0] when it has none)."""
    if m.pairs or "level" not in view_columns(con, m.view):
        return [0]
    return [
        level
        for (level,) in con.execute(
            f"SELECT DISTINCT level FROM {m.view} ORDER BY level"
        ).fetchall()
    ]


def read_desired(
    con: duckdb.DuckDBPyConnection,
    m: Mapping,
    config: Config,
    level: int = 0,
    only: str | None = None,
    rows: str | None = None,
) -> Desired:
    """The desired records and values of a mapping (one level of it).

    ``only`` names a table or view with a ``key`` column: just those records are read.
    ``rows`` names a table that holds the level's desired rows (``keep_desired_rows``): they
    are read from it instead of being built again.
    """
    source, params = _rows_source(con, m, config, level, rows)
    if source is None:
        return Desired(
            pl.DataFrame(schema={"key": pl.Utf8, "type": pl.Utf8}),
            pl.DataFrame(schema=LONG_SCHEMA),
            [],
        )
    within = f" WHERE key IN (SELECT key FROM {only})" if only else ""
    if m.pairs and m.system == "centric":  # long rows, a key without values has a null field
        long = frame(con, f"SELECT * FROM {source}{within}", params)
        keys = long.select("key").unique(maintain_order=True)
        return Desired(
            keys.with_columns(pl.lit(None, pl.Utf8).alias("type")),
            long.filter(pl.col("field").is_not_null()).cast(LONG_SCHEMA),
            [attr for attr, _ in _pair_fields(m, config)],
        )
    # A view's rows, or pairs into 4ALLPORTAL: a column per field, named as the field.
    wide = frame(con, f"SELECT * FROM {source}{within}", params)
    keys = wide.select(
        "key", pl.col("type") if "type" in wide.columns else pl.lit(None, pl.Utf8).alias("type")
    )
    return Desired(keys, to_long(wide), mapped_fields(wide))


def desired_rows(
    con: duckdb.DuckDBPyConnection,
    m: Mapping,
    config: Config,
    level: int = 0,
    keys: str | None = None,
) -> tuple[str, list] | None:
    """SQL (and parameters) of the desired rows of a mapping level.

    The rows of its view; for pairs into 4ALLPORTAL, a wide row per record; for pairs into
    Centric, a row per record and value (with a null field for a record without values).
    ``keys`` is SQL listing the records of pairs into Centric, when already listed. None: a
    pairs mapping that carries no pair.
    """
    if not m.pairs:
        sql, params = f"SELECT * FROM {m.view}", []
        if "level" in view_columns(con, m.view):
            sql, params = f"{sql} WHERE level = ?", [level]
        return sql, params
    if m.system == "fourallportal":
        sql = _pairs_to_fourallportal(m, config)
        return None if sql is None else (sql, [])
    keys_sql, values_sql, params = _pairs_to_centric(m, config, keys)
    if keys_sql is None:
        return None
    return (
        f"""SELECT k.key, v.type, v.field, v.locale, v.channel, v.value
            FROM ({keys_sql}) k LEFT JOIN ({values_sql}) v USING (key)""",
        params,
    )


def _rows_source(
    con: duckdb.DuckDBPyConnection, m: Mapping, config: Config, level: int, rows: str | None
) -> tuple[str | None, list]:
    """What to read a level's desired rows from: the table ``rows``, or their SQL."""
    if rows:
        return rows, []
    built = desired_rows(con, m, config, level)
    return (None, []) if built is None else (f"({built[0]})", built[1])


def keep_desired_rows(
    con: duckdb.DuckDBPyConnection,
    m: Mapping,
    config: Config,
    level: int,
    scope: list[str] | None,
) -> str | None:
    """Build a level's desired rows (with keys in ``scope``) once, into ``_desired_rows``.

    A diff reads them twice, for their digests and for the values of those it compares; at
    1M SKUs one narrowed variant view took 0.17-0.35 s to build. Returns the table's name,
    or None when the mapping carries no pair.
    """
    within = " WHERE list_contains(?, key)" if scope is not None else ""
    scoped = [scope] if scope is not None else []
    keys = None
    if m.pairs and m.system == "centric":  # the records first: the values are theirs
        keys_sql, _, _ = _pairs_to_centric(m, config)
        if keys_sql is None:
            return None
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _desired_keys AS SELECT key FROM ({keys_sql}){within}",
            scoped,
        )
        keys, within, scoped = "SELECT key FROM _desired_keys", "", []
    built = desired_rows(con, m, config, level, keys)
    if built is None:
        return None
    sql, params = built
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _desired_rows AS SELECT * FROM ({sql}){within}",
        [*params, *scoped],
    )
    return "_desired_rows"


def desired_digests(
    con: duckdb.DuckDBPyConnection,
    m: Mapping,
    config: Config,
    level: int = 0,
    rows: str | None = None,
) -> tuple[str, list]:
    """SQL (and parameters) listing each desired record of a mapping level with a digest of it.

    Two records with the same digest want the same values in the target. ``rows`` names a
    table that holds the level's desired rows (``keep_desired_rows``).
    """
    source, params = _rows_source(con, m, config, level, rows)
    if source is None:
        return "SELECT NULL::VARCHAR AS key, NULL::VARCHAR AS digest WHERE false", []
    if m.pairs and m.system == "centric":
        return (
            f"""SELECT key, md5(coalesce(string_agg(field || '=' || value, '|'
                                        ORDER BY field, value), '')) AS digest
                FROM {source} GROUP BY key""",
            params,
        )
    return f"SELECT key, md5(CAST(to_json(d) AS VARCHAR)) AS digest FROM {source} d", params


def read_desired_keys(con: duckdb.DuckDBPyConnection, m: Mapping, config: Config) -> pl.DataFrame:
    """Every record a mapping should have, at any level (for deletes)."""
    if m.pairs:
        return read_desired(con, m, config).keys
    return frame(con, m.keys or f"SELECT key FROM {m.view}")


def _pairs_to_fourallportal(m: Mapping, config: Config) -> str | None:
    """SQL for the wide desired rows of a pairs mapping into 4ALLPORTAL (None: no pairs)."""
    module, entity = m.entity, ENTITY_OF_MODULE[m.entity]
    pairs = _pair_fields(m, config)
    if not pairs:
        return None
    columns = ", ".join(f"e.{_quote(attr)} AS {_quote(field)}" for field, attr in pairs)
    return f"SELECT e.id AS key, {columns} FROM centric_{entity} e WHERE e.id IN ({PAIR_SCOPE[module]})"


def _pairs_to_centric(
    m: Mapping, config: Config, keys: str | None = None
) -> tuple[str | None, str, list]:
    """SQL for the keys and the long values of a pairs mapping into Centric (None: no pairs).

    ``keys`` is SQL listing the records, when already listed (else ``PAIR_SCOPE``).
    """
    module = m.module
    pairs = _pair_fields(m, config)
    if not pairs:
        return None, "", []
    keys = keys or PAIR_SCOPE[module]
    rename = " ".join(f"WHEN '{field}' THEN '{attr}'" for attr, field in pairs)
    values = f"""SELECT o.centric_id AS key, NULL::VARCHAR AS type, CASE v.field {rename} END AS field,
                   '' AS locale, '' AS channel, v.value
            FROM fourallportal_current o
            JOIN fourallportal_values v ON v.object_id = o.id AND v.locale = '' AND v.channel = ''
            WHERE o.module = ? AND list_contains(?, v.field) AND o.centric_id IN ({keys})"""
    return keys, values, [module, [field for _, field in pairs]]


def _pair_fields(m: Mapping, config: Config) -> list[tuple[str, str]]:
    """(written field, source attribute) of each ownership pair the mapping carries."""
    if m.system == "fourallportal":
        return [(p.fourallportal.split(".")[1], p.centric.split(".")[1]) for p in config.ownership.pairs
                if p.owner == "centric" and p.fourallportal.split(".")[0] == m.entity]  # fmt: skip
    return [(p.centric.split(".")[1], p.fourallportal.split(".")[1]) for p in config.ownership.pairs
            if p.owner == "fourallportal" and p.centric.split(".")[0] == m.entity]  # fmt: skip


def objects_sql(m: Mapping) -> tuple[str, list]:
    """SQL listing the target objects a mapping may change, as (key, object_id)."""
    if m.objects:
        return m.objects, []
    if m.system == "fourallportal":
        if m.creates or m.deletes:
            return "SELECT key, object_id FROM fourallportal_managed WHERE module = ?", [m.entity]
        if m.entity == "file":
            return "SELECT id AS key, id AS object_id FROM fourallportal_files", []
        return (
            "SELECT centric_id AS key, id AS object_id FROM fourallportal_current WHERE module = ?",
            [m.entity],
        )
    if m.entity in LINK_ENTITIES:
        return "SELECT key, object_id FROM centric_managed_links WHERE entity = ?", [m.entity]
    return f"SELECT id AS key, id AS object_id FROM centric_{m.entity}", []


def history_table(m: Mapping) -> str:
    """The history table of a mapping's target records."""
    if m.system == "centric":
        return f"centric_{m.entity}_history"
    return f"{m.system}_objects_history"


def objects_within(m: Mapping, only: str | None = None) -> tuple[str, list]:
    """SQL (and parameters) of ``objects_sql``, of the keys in ``only`` (a table with ``key``)."""
    sql, params = objects_sql(m)
    if only:
        sql = f"SELECT * FROM ({sql}) WHERE key IN (SELECT key FROM {only})"
    return sql, params


def target_digests(m: Mapping, objects: str) -> str:
    """SQL listing each key of ``objects`` (a table of key, object_id) with a digest of it.

    The digest names the current version of each object of the key; any change to one of
    them (a push, an edit in the target) changes it.
    """
    return f"""SELECT o.key, string_agg(o.object_id || ':' || h._hash, ',' ORDER BY o.object_id) AS digest
        FROM {objects} o JOIN {history_table(m)} h ON h.id = o.object_id AND h._valid_to IS NULL
        GROUP BY o.key"""


def read_objects(
    con: duckdb.DuckDBPyConnection, m: Mapping, only: str | None = None
) -> pl.DataFrame:
    """The target objects a mapping may change, one per key (``key, object_id``).

    ``only`` names a table or view with a ``key`` column: just those records are read.
    """
    sql, params = objects_within(m, only)
    return one_per_key(con, f"({sql}) o", params)


def one_per_key(
    con: duckdb.DuckDBPyConnection, objects: str, params: list | None = None
) -> pl.DataFrame:
    """One object per key (the least id) of ``objects``, a table of key, object_id."""
    return frame(
        con, f"SELECT key, min(object_id) AS object_id FROM {objects} GROUP BY key", params
    )


def read_target(
    con: duckdb.DuckDBPyConnection, m: Mapping, fields: list[str], objects: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The target objects of a diff and their current values of the mapped fields (long).

    ``objects`` is a table (or a subquery in parentheses) of key, object_id: the objects to
    read, which ``read_objects`` lists; one per key is returned.
    """
    found = one_per_key(con, objects)
    if m.system in ("fourallportal", "smintio"):
        values = frame(
            con,
            f"""SELECT o.key, o.object_id, v.field, v.locale, v.channel, v.value
                FROM {objects} o JOIN {m.system}_values v ON v.object_id = o.object_id
                WHERE list_contains(?, v.field)""",
            [fields],
        )
        return found, values
    if not fields:
        return found, pl.DataFrame(schema={"key": pl.Utf8, "object_id": pl.Utf8, "field": pl.Utf8,
                                           "locale": pl.Utf8, "channel": pl.Utf8, "value": pl.Utf8})  # fmt: skip
    key = "bx_fourallportal_id || '@' || style" if m.entity in LINK_ENTITIES else "id"
    columns = ", ".join(_quote(f) for f in fields)
    wide = frame(
        con,
        f"SELECT {key} AS key, id AS object_id, {columns} FROM centric_{m.entity}"
        f" WHERE id IN (SELECT object_id FROM {objects})",
    )
    return found, current_long(wide, fields)


def managed_count(con: duckdb.DuckDBPyConnection, m: Mapping) -> int:
    """How many target objects a mapping may change (the base of the delete guard)."""
    sql, params = objects_sql(m)
    return con.execute(f"SELECT count(*) FROM ({sql})", params).fetchall()[0][0]
