-- Centric records with full history (one row per version) and a current view per type.
-- Query a past state: WHERE _valid_from <= T AND (_valid_to IS NULL OR _valid_to > T).

CREATE TABLE centric_seasons_history (
    id VARCHAR NOT NULL,
    node_name VARCHAR,
    code VARCHAR,
    description VARCHAR,
    active BOOLEAN,
    modified_at TIMESTAMPTZ,
    bx_year INTEGER,
    bx_season_type VARCHAR,
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE centric_seasons_history IS 'Every version of Centric seasons: Seasons (e.g. SS27).';
COMMENT ON COLUMN centric_seasons_history.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_seasons_history.node_name IS 'Display name.';
COMMENT ON COLUMN centric_seasons_history.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_seasons_history.description IS 'Description text.';
COMMENT ON COLUMN centric_seasons_history.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_seasons_history.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_seasons_history.bx_year IS 'Season year.';
COMMENT ON COLUMN centric_seasons_history.bx_season_type IS 'SS or AW.';
COMMENT ON COLUMN centric_seasons_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN centric_seasons_history._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_seasons_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN centric_seasons_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_seasons_history._run_id IS 'Run that brought this version.';
CREATE VIEW centric_seasons AS SELECT * EXCLUDE (_hash, _valid_to) FROM centric_seasons_history WHERE _valid_to IS NULL;
COMMENT ON VIEW centric_seasons IS 'Current Centric seasons (latest version of each record not deleted).';

CREATE TABLE centric_collections_history (
    id VARCHAR NOT NULL,
    node_name VARCHAR,
    code VARCHAR,
    description VARCHAR,
    active BOOLEAN,
    modified_at TIMESTAMPTZ,
    parent_season VARCHAR,
    parent_collection VARCHAR,
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE centric_collections_history IS 'Every version of Centric collections: Collection hierarchy nodes of a season.';
COMMENT ON COLUMN centric_collections_history.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_collections_history.node_name IS 'Display name.';
COMMENT ON COLUMN centric_collections_history.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_collections_history.description IS 'Description text.';
COMMENT ON COLUMN centric_collections_history.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_collections_history.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_collections_history.parent_season IS 'Season id.';
COMMENT ON COLUMN centric_collections_history.parent_collection IS 'Parent collection id; null for a top-level collection.';
COMMENT ON COLUMN centric_collections_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN centric_collections_history._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_collections_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN centric_collections_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_collections_history._run_id IS 'Run that brought this version.';
CREATE VIEW centric_collections AS SELECT * EXCLUDE (_hash, _valid_to) FROM centric_collections_history WHERE _valid_to IS NULL;
COMMENT ON VIEW centric_collections IS 'Current Centric collections (latest version of each record not deleted).';

CREATE TABLE centric_size_ranges_history (
    id VARCHAR NOT NULL,
    node_name VARCHAR,
    code VARCHAR,
    description VARCHAR,
    active BOOLEAN,
    modified_at TIMESTAMPTZ,
    product_sizes VARCHAR[],
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE centric_size_ranges_history IS 'Every version of Centric size_ranges: Size ranges (XS–XL, 36–46, ...).';
COMMENT ON COLUMN centric_size_ranges_history.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_size_ranges_history.node_name IS 'Display name.';
COMMENT ON COLUMN centric_size_ranges_history.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_size_ranges_history.description IS 'Description text.';
COMMENT ON COLUMN centric_size_ranges_history.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_size_ranges_history.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_size_ranges_history.product_sizes IS 'Size ids of the range, in order.';
COMMENT ON COLUMN centric_size_ranges_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN centric_size_ranges_history._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_size_ranges_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN centric_size_ranges_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_size_ranges_history._run_id IS 'Run that brought this version.';
CREATE VIEW centric_size_ranges AS SELECT * EXCLUDE (_hash, _valid_to) FROM centric_size_ranges_history WHERE _valid_to IS NULL;
COMMENT ON VIEW centric_size_ranges IS 'Current Centric size_ranges (latest version of each record not deleted).';

CREATE TABLE centric_product_sizes_history (
    id VARCHAR NOT NULL,
    node_name VARCHAR,
    code VARCHAR,
    description VARCHAR,
    active BOOLEAN,
    modified_at TIMESTAMPTZ,
    size_range VARCHAR,
    bx_sort_order INTEGER,
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE centric_product_sizes_history IS 'Every version of Centric product_sizes: Sizes of size ranges.';
COMMENT ON COLUMN centric_product_sizes_history.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_product_sizes_history.node_name IS 'Display name.';
COMMENT ON COLUMN centric_product_sizes_history.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_product_sizes_history.description IS 'Description text.';
COMMENT ON COLUMN centric_product_sizes_history.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_product_sizes_history.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_product_sizes_history.size_range IS 'Size range id.';
COMMENT ON COLUMN centric_product_sizes_history.bx_sort_order IS 'Position within the range.';
COMMENT ON COLUMN centric_product_sizes_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN centric_product_sizes_history._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_product_sizes_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN centric_product_sizes_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_product_sizes_history._run_id IS 'Run that brought this version.';
CREATE VIEW centric_product_sizes AS SELECT * EXCLUDE (_hash, _valid_to) FROM centric_product_sizes_history WHERE _valid_to IS NULL;
COMMENT ON VIEW centric_product_sizes IS 'Current Centric product_sizes (latest version of each record not deleted).';

CREATE TABLE centric_materials_history (
    id VARCHAR NOT NULL,
    node_name VARCHAR,
    code VARCHAR,
    description VARCHAR,
    active BOOLEAN,
    modified_at TIMESTAMPTZ,
    bx_fiber VARCHAR,
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE centric_materials_history IS 'Every version of Centric materials: Materials; bx_fiber is the generic fiber name used for composition labels.';
COMMENT ON COLUMN centric_materials_history.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_materials_history.node_name IS 'Display name.';
COMMENT ON COLUMN centric_materials_history.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_materials_history.description IS 'Description text.';
COMMENT ON COLUMN centric_materials_history.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_materials_history.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_materials_history.bx_fiber IS 'Generic fiber name (cotton, elastane, ...).';
COMMENT ON COLUMN centric_materials_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN centric_materials_history._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_materials_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN centric_materials_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_materials_history._run_id IS 'Run that brought this version.';
CREATE VIEW centric_materials AS SELECT * EXCLUDE (_hash, _valid_to) FROM centric_materials_history WHERE _valid_to IS NULL;
COMMENT ON VIEW centric_materials IS 'Current Centric materials (latest version of each record not deleted).';

CREATE TABLE centric_styles_history (
    id VARCHAR NOT NULL,
    node_name VARCHAR,
    code VARCHAR,
    description VARCHAR,
    active BOOLEAN,
    modified_at TIMESTAMPTZ,
    parent_season VARCHAR,
    collection VARCHAR,
    category_1 VARCHAR,
    category_2 VARCHAR,
    active_colorways VARCHAR[],
    product_sizes VARCHAR[],
    size_range VARCHAR,
    bx_milestone VARCHAR,
    bx_gender VARCHAR,
    bx_fit VARCHAR,
    bx_country_of_origin VARCHAR,
    bx_hs_code VARCHAR,
    bx_care_symbols VARCHAR[],
    bx_reach_svhc_declared BOOLEAN,
    bx_prop65_warning BOOLEAN,
    bx_age_group VARCHAR,
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE centric_styles_history IS 'Every version of Centric styles: Styles: product concept, milestone, assortment place and compliance attributes.';
COMMENT ON COLUMN centric_styles_history.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_styles_history.node_name IS 'Display name.';
COMMENT ON COLUMN centric_styles_history.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_styles_history.description IS 'Description text.';
COMMENT ON COLUMN centric_styles_history.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_styles_history.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_styles_history.parent_season IS 'Season id.';
COMMENT ON COLUMN centric_styles_history.collection IS 'Collection id.';
COMMENT ON COLUMN centric_styles_history.category_1 IS 'Top category (Tops, Bottoms, ...).';
COMMENT ON COLUMN centric_styles_history.category_2 IS 'Sub-category (T-Shirts, Jeans, ...).';
COMMENT ON COLUMN centric_styles_history.active_colorways IS 'Ids of the active colorways.';
COMMENT ON COLUMN centric_styles_history.product_sizes IS 'Ids of the sizes offered.';
COMMENT ON COLUMN centric_styles_history.size_range IS 'Size range id.';
COMMENT ON COLUMN centric_styles_history.bx_milestone IS 'Development milestone (see launchsync.toml).';
COMMENT ON COLUMN centric_styles_history.bx_gender IS 'women, men, unisex or kids.';
COMMENT ON COLUMN centric_styles_history.bx_fit IS 'Fit (regular, slim, relaxed).';
COMMENT ON COLUMN centric_styles_history.bx_country_of_origin IS 'ISO 3166 alpha-2 country of origin.';
COMMENT ON COLUMN centric_styles_history.bx_hs_code IS 'Harmonized System customs code.';
COMMENT ON COLUMN centric_styles_history.bx_care_symbols IS 'Care instructions as symbol codes.';
COMMENT ON COLUMN centric_styles_history.bx_reach_svhc_declared IS 'REACH SVHC declaration made.';
COMMENT ON COLUMN centric_styles_history.bx_prop65_warning IS 'California Proposition 65 warning needed.';
COMMENT ON COLUMN centric_styles_history.bx_age_group IS 'adult or an age grade for children.';
COMMENT ON COLUMN centric_styles_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN centric_styles_history._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_styles_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN centric_styles_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_styles_history._run_id IS 'Run that brought this version.';
CREATE VIEW centric_styles AS SELECT * EXCLUDE (_hash, _valid_to) FROM centric_styles_history WHERE _valid_to IS NULL;
COMMENT ON VIEW centric_styles IS 'Current Centric styles (latest version of each record not deleted).';

CREATE TABLE centric_colorways_history (
    id VARCHAR NOT NULL,
    node_name VARCHAR,
    code VARCHAR,
    description VARCHAR,
    active BOOLEAN,
    modified_at TIMESTAMPTZ,
    style VARCHAR,
    bx_color_family VARCHAR,
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE centric_colorways_history IS 'Every version of Centric colorways: Colorways of styles.';
COMMENT ON COLUMN centric_colorways_history.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_colorways_history.node_name IS 'Display name.';
COMMENT ON COLUMN centric_colorways_history.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_colorways_history.description IS 'Description text.';
COMMENT ON COLUMN centric_colorways_history.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_colorways_history.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_colorways_history.style IS 'Style id.';
COMMENT ON COLUMN centric_colorways_history.bx_color_family IS 'Colour family for filtering.';
COMMENT ON COLUMN centric_colorways_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN centric_colorways_history._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_colorways_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN centric_colorways_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_colorways_history._run_id IS 'Run that brought this version.';
CREATE VIEW centric_colorways AS SELECT * EXCLUDE (_hash, _valid_to) FROM centric_colorways_history WHERE _valid_to IS NULL;
COMMENT ON VIEW centric_colorways IS 'Current Centric colorways (latest version of each record not deleted).';

CREATE TABLE centric_skus_history (
    id VARCHAR NOT NULL,
    node_name VARCHAR,
    code VARCHAR,
    description VARCHAR,
    active BOOLEAN,
    modified_at TIMESTAMPTZ,
    style VARCHAR,
    colorway VARCHAR,
    product_size VARCHAR,
    bx_gtin VARCHAR,
    bx_fit VARCHAR,
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE centric_skus_history IS 'Every version of Centric skus: SKUs: style × colorway × size, with GTIN.';
COMMENT ON COLUMN centric_skus_history.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_skus_history.node_name IS 'Display name.';
COMMENT ON COLUMN centric_skus_history.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_skus_history.description IS 'Description text.';
COMMENT ON COLUMN centric_skus_history.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_skus_history.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_skus_history.style IS 'Style id.';
COMMENT ON COLUMN centric_skus_history.colorway IS 'Colorway id.';
COMMENT ON COLUMN centric_skus_history.product_size IS 'Size id.';
COMMENT ON COLUMN centric_skus_history.bx_gtin IS 'GTIN-13 (EAN).';
COMMENT ON COLUMN centric_skus_history.bx_fit IS 'Fit of this SKU.';
COMMENT ON COLUMN centric_skus_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN centric_skus_history._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_skus_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN centric_skus_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_skus_history._run_id IS 'Run that brought this version.';
CREATE VIEW centric_skus AS SELECT * EXCLUDE (_hash, _valid_to) FROM centric_skus_history WHERE _valid_to IS NULL;
COMMENT ON VIEW centric_skus IS 'Current Centric skus (latest version of each record not deleted).';

CREATE TABLE centric_apparel_boms_history (
    id VARCHAR NOT NULL,
    node_name VARCHAR,
    code VARCHAR,
    description VARCHAR,
    active BOOLEAN,
    modified_at TIMESTAMPTZ,
    style VARCHAR,
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE centric_apparel_boms_history IS 'Every version of Centric apparel_boms: Bills of materials, one per style.';
COMMENT ON COLUMN centric_apparel_boms_history.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_apparel_boms_history.node_name IS 'Display name.';
COMMENT ON COLUMN centric_apparel_boms_history.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_apparel_boms_history.description IS 'Description text.';
COMMENT ON COLUMN centric_apparel_boms_history.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_apparel_boms_history.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_apparel_boms_history.style IS 'Style id.';
COMMENT ON COLUMN centric_apparel_boms_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN centric_apparel_boms_history._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_apparel_boms_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN centric_apparel_boms_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_apparel_boms_history._run_id IS 'Run that brought this version.';
CREATE VIEW centric_apparel_boms AS SELECT * EXCLUDE (_hash, _valid_to) FROM centric_apparel_boms_history WHERE _valid_to IS NULL;
COMMENT ON VIEW centric_apparel_boms IS 'Current Centric apparel_boms (latest version of each record not deleted).';

CREATE TABLE centric_apparel_bom_revisions_history (
    id VARCHAR NOT NULL,
    node_name VARCHAR,
    code VARCHAR,
    description VARCHAR,
    active BOOLEAN,
    modified_at TIMESTAMPTZ,
    apparel_bom VARCHAR,
    revision INTEGER,
    state VARCHAR,
    items STRUCT(material VARCHAR, bx_percent DOUBLE, placement VARCHAR)[],
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE centric_apparel_bom_revisions_history IS 'Every version of Centric apparel_bom_revisions: BOM revisions; the latest APPROVED one gives the composition of its style.';
COMMENT ON COLUMN centric_apparel_bom_revisions_history.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_apparel_bom_revisions_history.node_name IS 'Display name.';
COMMENT ON COLUMN centric_apparel_bom_revisions_history.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_apparel_bom_revisions_history.description IS 'Description text.';
COMMENT ON COLUMN centric_apparel_bom_revisions_history.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_apparel_bom_revisions_history.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_apparel_bom_revisions_history.apparel_bom IS 'BOM id.';
COMMENT ON COLUMN centric_apparel_bom_revisions_history.revision IS 'Revision number.';
COMMENT ON COLUMN centric_apparel_bom_revisions_history.state IS 'APPROVED, DRAFT, ...';
COMMENT ON COLUMN centric_apparel_bom_revisions_history.items IS 'Lines: material id, share in percent, placement.';
COMMENT ON COLUMN centric_apparel_bom_revisions_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN centric_apparel_bom_revisions_history._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_apparel_bom_revisions_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN centric_apparel_bom_revisions_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_apparel_bom_revisions_history._run_id IS 'Run that brought this version.';
CREATE VIEW centric_apparel_bom_revisions AS SELECT * EXCLUDE (_hash, _valid_to) FROM centric_apparel_bom_revisions_history WHERE _valid_to IS NULL;
COMMENT ON VIEW centric_apparel_bom_revisions IS 'Current Centric apparel_bom_revisions (latest version of each record not deleted).';
