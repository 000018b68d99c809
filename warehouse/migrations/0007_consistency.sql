-- Consistency fixes: validation runs leave a watermark, checks look at exactly what is
-- transferred, one 4ALLPORTAL object per Centric record, dropped styles are not validated.

CREATE TABLE validations (
    run_id VARCHAR NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    suites_digest VARCHAR NOT NULL,
    all_styles BOOLEAN NOT NULL,
    styles INTEGER NOT NULL
);
COMMENT ON TABLE validations IS 'Completed validations. The next one revalidates styles whose records changed after the latest start (watermark), whichever run landed them.';
COMMENT ON COLUMN validations.run_id IS 'Run that validated.';
COMMENT ON COLUMN validations.started_at IS 'When it chose its styles; later history versions are changes for the next validation.';
COMMENT ON COLUMN validations.suites_digest IS 'Digest of the suite files used.';
COMMENT ON COLUMN validations.all_styles IS 'Whether every candidate was validated.';
COMMENT ON COLUMN validations.styles IS 'Styles validated.';

CREATE OR REPLACE VIEW transfer_candidates AS
SELECT s.id AS style_id
FROM centric_styles s
JOIN milestone_rules m ON m.milestone = s.bx_milestone
WHERE s.active AND m.transfer;
COMMENT ON VIEW transfer_candidates IS 'Active styles at or past the transfer milestone: the styles validated and transferred (C1).';

CREATE VIEW centric_live_skus AS
SELECT k.* FROM centric_skus k
JOIN centric_styles s ON s.id = k.style AND s.active
JOIN centric_colorways c ON c.id = k.colorway AND c.active
WHERE k.active AND list_contains(s.active_colorways, c.id);
COMMENT ON VIEW centric_live_skus IS 'SKUs that are sold: active, of an active style, in an active colorway listed on the style.';

CREATE OR REPLACE VIEW approved_composition AS
WITH latest AS (
    SELECT * FROM centric_apparel_bom_revisions
    WHERE state = 'APPROVED' AND active
    QUALIFY row_number() OVER (PARTITION BY apparel_bom ORDER BY revision DESC) = 1
)
SELECT b.style AS style_id, item.material AS material_id, m.bx_fiber AS fiber,
       m.node_name AS material_name, item.bx_percent AS percent, item.placement
FROM centric_apparel_boms b
JOIN latest r ON r.apparel_bom = b.id, unnest(r.items) AS u(item)
LEFT JOIN centric_materials m ON m.id = item.material
WHERE b.active;
COMMENT ON VIEW approved_composition IS 'Lines of the latest APPROVED revision of each active BOM: material, fiber, percent.';

CREATE OR REPLACE VIEW check_variant_skus AS
SELECT k.style AS style_id, k.id AS sku_id, k.code AS sku_code,
       nullif(trim(k.bx_gtin), '') AS gtin,
       CASE WHEN nullif(trim(k.bx_gtin), '') IS NULL THEN NULL
            ELSE count(*) OVER (PARTITION BY nullif(trim(k.bx_gtin), '')) END AS gtin_uses
FROM centric_live_skus k;
COMMENT ON VIEW check_variant_skus IS 'SKUs that are sold, with their GTIN and how many sold SKUs of any style share it.';

CREATE VIEW fourallportal_current AS
SELECT * FROM fourallportal_objects
WHERE centric_id IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY module, centric_id ORDER BY id) = 1;
COMMENT ON VIEW fourallportal_current IS 'The one 4ALLPORTAL object launchsync works with per module and Centric record (the lowest id when there are copies).';

CREATE VIEW fourallportal_duplicates AS
SELECT o.module, o.centric_id, o.id AS object_id, c.id AS kept_object_id
FROM fourallportal_objects o
JOIN fourallportal_current c USING (module, centric_id)
WHERE o.id <> c.id;
COMMENT ON VIEW fourallportal_duplicates IS 'Extra 4ALLPORTAL objects for a Centric record; launchsync leaves them alone, someone should merge them.';

CREATE OR REPLACE VIEW fourallportal_desired_classification AS
WITH RECURSIVE depth(id, level) AS (
    SELECT id, 1 FROM centric_collections WHERE parent_collection IS NULL AND active
    UNION ALL
    SELECT c.id, d.level + 1
    FROM centric_collections c JOIN depth d ON c.parent_collection = d.id
    WHERE c.active AND d.level < 20
),
pim AS (SELECT centric_id, id FROM fourallportal_current WHERE module = 'classification')
SELECT se.id AS centric_id, 'season' AS type, 0 AS level,
       'season' AS kind, se.code, se.node_name AS name, NULL::VARCHAR AS parent
FROM centric_seasons se
WHERE se.active
UNION ALL
SELECT c.id, 'collection', d.level,
       'collection', c.code, c.node_name, parent.id
FROM centric_collections c
JOIN depth d ON d.id = c.id
JOIN centric_seasons se ON se.id = c.parent_season AND se.active
LEFT JOIN pim parent ON parent.centric_id = coalesce(c.parent_collection, c.parent_season);
COMMENT ON VIEW fourallportal_desired_classification IS 'C5: seasons and the collection tree as 4ALLPORTAL classification objects; level orders the writes (parents first).';

CREATE OR REPLACE VIEW fourallportal_desired_product AS
WITH passing AS (
    SELECT v.style_id FROM style_status v JOIN transfer_candidates c USING (style_id) WHERE v.passed
),
classification AS (SELECT centric_id, id FROM fourallportal_current WHERE module = 'classification'),
colorways AS (
    SELECT s.id AS style_id, list({'code': c.code, 'name': c.node_name} ORDER BY c.code) AS colorways
    FROM centric_styles s
    JOIN centric_colorways c ON c.style = s.id AND c.active AND list_contains(s.active_colorways, c.id)
    GROUP BY s.id
),
sizes AS (
    SELECT s.id AS style_id, list(ps.code ORDER BY ps.bx_sort_order, ps.code) AS sizes
    FROM centric_styles s
    JOIN centric_size_ranges sr ON sr.id = s.size_range
    JOIN centric_product_sizes ps ON list_contains(sr.product_sizes, ps.id)
    GROUP BY s.id
),
composition AS (
    SELECT style_id,
           list({'fiber': fiber, 'percent': percent} ORDER BY percent DESC, fiber) AS composition,
           list(DISTINCT material_name ORDER BY material_name) AS materials
    FROM approved_composition
    GROUP BY style_id
)
SELECT s.id AS centric_id, 'style' AS type, 0 AS level,
       s.code AS style_number, s.node_name AS style_name, s.description AS plm_description,
       season.id AS season, coll.id AS collection,
       s.category_1, s.category_2, s.bx_gender AS gender, s.bx_fit AS fit,
       s.bx_milestone AS plm_status,
       s.bx_country_of_origin AS country_of_origin, s.bx_hs_code AS hs_code,
       s.bx_age_group AS age_group, s.bx_care_symbols AS care_symbols,
       s.bx_reach_svhc_declared AS reach_svhc_declared, s.bx_prop65_warning AS prop65_warning,
       sz.sizes, comp.materials, cw.colorways, comp.composition
FROM centric_styles s
JOIN passing p ON p.style_id = s.id
LEFT JOIN classification season ON season.centric_id = s.parent_season
LEFT JOIN classification coll ON coll.centric_id = s.collection
LEFT JOIN colorways cw ON cw.style_id = s.id
LEFT JOIN sizes sz ON sz.style_id = s.id
LEFT JOIN composition comp ON comp.style_id = s.id;
COMMENT ON VIEW fourallportal_desired_product IS 'C1: approved core data of every style that passed validation and is at or past the transfer milestone.';

CREATE OR REPLACE VIEW fourallportal_desired_variant AS
WITH product AS (SELECT centric_id, id FROM fourallportal_current WHERE module = 'product')
SELECT k.id AS centric_id, 'sku' AS type, 0 AS level,
       prod.id AS product, k.code AS sku, k.bx_gtin AS gtin,
       ps.code AS size, ps.bx_sort_order AS size_sort,
       cw.code AS color_code, cw.node_name AS color_name, k.bx_fit AS fit
FROM centric_live_skus k
JOIN fourallportal_desired_product d ON d.centric_id = k.style
JOIN product prod ON prod.centric_id = k.style
JOIN centric_colorways cw ON cw.id = k.colorway
LEFT JOIN centric_product_sizes ps ON ps.id = k.product_size;
COMMENT ON VIEW fourallportal_desired_variant IS 'C1: SKUs of transferred styles as 4ALLPORTAL variants, linked to their product once it exists.';

CREATE OR REPLACE VIEW fourallportal_managed AS
WITH desired AS (
    SELECT 'classification' AS module, centric_id FROM fourallportal_desired_classification
    UNION ALL SELECT 'product', centric_id FROM fourallportal_desired_product
    UNION ALL SELECT 'variant', centric_id FROM fourallportal_desired_variant
),
alive AS (
    SELECT 'classification' AS module, id AS centric_id FROM centric_seasons WHERE active
    UNION ALL SELECT 'classification', id FROM centric_collections WHERE active
    UNION ALL SELECT 'product', id FROM centric_styles WHERE active
    UNION ALL SELECT 'variant', id FROM centric_live_skus
),
held_back_products AS (
    -- Products of styles that exist and are active but are not transferred now (held back
    -- by validation, below the milestone, or dropped): their variants are left alone.
    SELECT o.id FROM fourallportal_current o
    WHERE o.module = 'product'
      AND o.centric_id IN (SELECT id FROM centric_styles WHERE active)
      AND o.centric_id NOT IN (SELECT centric_id FROM fourallportal_desired_product)
),
orphan_variants AS (
    SELECT v.object_id AS id FROM fourallportal_values v
    WHERE v.module = 'variant' AND v.field = 'product'
      AND trim(v.value, '"') NOT IN (SELECT id FROM held_back_products)
)
SELECT o.id AS object_id, o.module, o.centric_id
FROM fourallportal_current o
WHERE (o.module, o.centric_id) IN (SELECT module, centric_id FROM desired)
   OR ((o.module, o.centric_id) NOT IN (SELECT module, centric_id FROM alive)
       AND (o.module <> 'variant' OR o.id IN (SELECT id FROM orphan_variants)));
COMMENT ON VIEW fourallportal_managed IS 'Objects launchsync may change (one per Centric record): those it should hold, and those whose Centric record is gone or inactive (to delete). Objects of held-back styles are left alone.';
