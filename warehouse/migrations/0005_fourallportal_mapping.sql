-- What 4ALLPORTAL should hold (C1, C5), what launchsync may change there, the field-level
-- changes of each run and the push ledger.

CREATE VIEW fourallportal_desired_classification AS
WITH RECURSIVE depth(id, level) AS (
    SELECT id, 1 FROM centric_collections WHERE parent_collection IS NULL AND active
    UNION ALL
    SELECT c.id, d.level + 1
    FROM centric_collections c JOIN depth d ON c.parent_collection = d.id
    WHERE c.active AND d.level < 20
),
pim AS (SELECT centric_id, id FROM fourallportal_objects WHERE module = 'classification')
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

CREATE VIEW fourallportal_desired_product AS
WITH passing AS (
    SELECT v.style_id FROM style_status v JOIN transfer_candidates c USING (style_id) WHERE v.passed
),
classification AS (SELECT centric_id, id FROM fourallportal_objects WHERE module = 'classification'),
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

CREATE VIEW fourallportal_desired_variant AS
WITH product AS (SELECT centric_id, id FROM fourallportal_objects WHERE module = 'product')
SELECT k.id AS centric_id, 'sku' AS type, 0 AS level,
       prod.id AS product, k.code AS sku, k.bx_gtin AS gtin,
       ps.code AS size, ps.bx_sort_order AS size_sort,
       cw.code AS color_code, cw.node_name AS color_name, k.bx_fit AS fit
FROM centric_skus k
JOIN fourallportal_desired_product d ON d.centric_id = k.style
JOIN product prod ON prod.centric_id = k.style
JOIN centric_styles s ON s.id = k.style
JOIN centric_colorways cw ON cw.id = k.colorway AND cw.active AND list_contains(s.active_colorways, cw.id)
LEFT JOIN centric_product_sizes ps ON ps.id = k.product_size
WHERE k.active;
COMMENT ON VIEW fourallportal_desired_variant IS 'C1: SKUs of transferred styles as 4ALLPORTAL variants, linked to their product once it exists.';

CREATE VIEW fourallportal_managed AS
WITH desired AS (
    SELECT 'classification' AS module, centric_id FROM fourallportal_desired_classification
    UNION ALL SELECT 'product', centric_id FROM fourallportal_desired_product
    UNION ALL SELECT 'variant', centric_id FROM fourallportal_desired_variant
),
alive AS (
    SELECT 'classification' AS module, id AS centric_id FROM centric_seasons WHERE active
    UNION ALL SELECT 'classification', id FROM centric_collections WHERE active
    UNION ALL SELECT 'product', id FROM centric_styles WHERE active
    -- A SKU lives while it, its colorway (listed on the style) and its style are active.
    UNION ALL SELECT 'variant', k.id FROM centric_skus k
              JOIN centric_styles s ON s.id = k.style AND s.active
              JOIN centric_colorways c ON c.id = k.colorway AND c.active
              WHERE k.active AND list_contains(s.active_colorways, c.id)
),
held_back_products AS (
    -- Products of styles that exist and are active but are not transferred now (held back
    -- by validation or below the milestone): their variants are left alone.
    SELECT o.id FROM fourallportal_objects o
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
FROM fourallportal_objects o
WHERE o.centric_id IS NOT NULL
  AND ((o.module, o.centric_id) IN (SELECT module, centric_id FROM desired)
       OR ((o.module, o.centric_id) NOT IN (SELECT module, centric_id FROM alive)
           AND (o.module <> 'variant' OR o.id IN (SELECT id FROM orphan_variants))));
COMMENT ON VIEW fourallportal_managed IS 'Objects launchsync may change: those it should hold, and those whose Centric record is gone or inactive (to delete). Objects of held-back styles are left alone.';

CREATE TABLE field_changes (
    run_id VARCHAR NOT NULL,
    module VARCHAR NOT NULL,
    level INTEGER NOT NULL,
    centric_id VARCHAR NOT NULL,
    object_id VARCHAR,
    object_type VARCHAR,
    operation VARCHAR NOT NULL,
    field VARCHAR,
    locale VARCHAR,
    channel VARCHAR,
    old_value VARCHAR,
    new_value VARCHAR,
    change VARCHAR,
    computed_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE field_changes IS 'Field-level differences between what 4ALLPORTAL should hold and what it holds, per run.';
COMMENT ON COLUMN field_changes.run_id IS 'Run that computed the change.';
COMMENT ON COLUMN field_changes.module IS '4ALLPORTAL module.';
COMMENT ON COLUMN field_changes.level IS 'Write order within the module (parents before children); -1 for deletes.';
COMMENT ON COLUMN field_changes.centric_id IS 'Centric id of the record behind the object.';
COMMENT ON COLUMN field_changes.object_id IS '4ALLPORTAL object id; null for objects to create.';
COMMENT ON COLUMN field_changes.object_type IS 'Object type to create (style, sku, season, collection).';
COMMENT ON COLUMN field_changes.operation IS 'create, update or delete (of the object).';
COMMENT ON COLUMN field_changes.field IS 'Field name; null for a delete.';
COMMENT ON COLUMN field_changes.locale IS 'Locale dimension, empty when none.';
COMMENT ON COLUMN field_changes.channel IS 'Channel dimension, empty when none.';
COMMENT ON COLUMN field_changes.old_value IS 'Value in 4ALLPORTAL before (JSON).';
COMMENT ON COLUMN field_changes.new_value IS 'Value to write (JSON); null to remove the value.';
COMMENT ON COLUMN field_changes.change IS 'insert, update or delete (of the field value).';
COMMENT ON COLUMN field_changes.computed_at IS 'When the diff ran.';

CREATE TABLE push_ledger (
    entry_id VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    system VARCHAR NOT NULL,
    module VARCHAR NOT NULL,
    operation VARCHAR NOT NULL,
    centric_id VARCHAR NOT NULL,
    object_id VARCHAR,
    fields VARCHAR[],
    payload JSON,
    idempotency_key VARCHAR NOT NULL,
    state VARCHAR NOT NULL,
    error VARCHAR,
    recorded_at TIMESTAMPTZ NOT NULL,
    applied_at TIMESTAMPTZ
);
COMMENT ON TABLE push_ledger IS 'Every write launchsync sent to a target: intent recorded before the call, result after.';
COMMENT ON COLUMN push_ledger.entry_id IS 'Ledger entry id.';
COMMENT ON COLUMN push_ledger.run_id IS 'Run that pushed.';
COMMENT ON COLUMN push_ledger.system IS 'Target system.';
COMMENT ON COLUMN push_ledger.module IS 'Target module.';
COMMENT ON COLUMN push_ledger.operation IS 'create, update or delete.';
COMMENT ON COLUMN push_ledger.centric_id IS 'Centric id of the record behind the object.';
COMMENT ON COLUMN push_ledger.object_id IS 'Target object id (known after a create succeeds).';
COMMENT ON COLUMN push_ledger.fields IS 'Fields written.';
COMMENT ON COLUMN push_ledger.payload IS 'The object as sent.';
COMMENT ON COLUMN push_ledger.idempotency_key IS 'Digest of target, record, operation and payload: equal keys mean the same effect.';
COMMENT ON COLUMN push_ledger.state IS 'pending (sent, result unknown), applied, failed, or rejected (target refused it).';
COMMENT ON COLUMN push_ledger.error IS 'Why it failed or was rejected.';
COMMENT ON COLUMN push_ledger.recorded_at IS 'When the intent was recorded.';
COMMENT ON COLUMN push_ledger.applied_at IS 'When the target confirmed it.';
