-- A change run diffs the variant mappings (c1.variant, c6.variant, c6.pairs.variant) over the
-- styles whose records changed, not over every SKU of the catalog. The two variant views
-- narrow themselves, for one connection, to the styles listed in the session variable
-- diff_focus; unset, they hold every SKU as before (0008). diff_marks keeps when each mapping
-- level was last diffed, the watermark the next diff looks for changes after.

CREATE OR REPLACE VIEW fourallportal_desired_variant AS
WITH product AS (SELECT centric_id, id FROM fourallportal_current WHERE module = 'product')
SELECT k.id AS key, 'sku' AS type, 0 AS level, k.id AS centric_id,
       prod.id AS product, k.code AS sku, k.bx_gtin AS gtin,
       ps.code AS size, ps.bx_sort_order AS size_sort,
       cw.code AS color_code, cw.node_name AS color_name
FROM centric_live_skus k
JOIN transferred_styles t ON t.style_id = k.style
JOIN product prod ON prod.centric_id = k.style
JOIN centric_colorways cw ON cw.id = k.colorway
LEFT JOIN centric_product_sizes ps ON ps.id = k.product_size
WHERE getvariable('diff_focus') IS NULL OR k.style IN (SELECT unnest(getvariable('diff_focus')));
COMMENT ON VIEW fourallportal_desired_variant IS 'C1: sold SKUs of transferred styles as variants, linked to their product once it exists (creates and deletes variants). Only SKUs of the styles in the session variable diff_focus, when it is set.';

CREATE OR REPLACE VIEW fourallportal_desired_variant_attributes AS
SELECT k.id AS key, c.composition
FROM centric_live_skus k
JOIN transferred_styles t ON t.style_id = k.style
JOIN fourallportal_current v ON v.module = 'variant' AND v.centric_id = k.id
LEFT JOIN style_composition c ON c.style_id = k.style
WHERE getvariable('diff_focus') IS NULL OR k.style IN (SELECT unnest(getvariable('diff_focus')));
COMMENT ON VIEW fourallportal_desired_variant_attributes IS 'C6: composition on every variant of a transferred style (textile labels print per variant). Only SKUs of the styles in the session variable diff_focus, when it is set.';

CREATE TABLE diff_marks (
    mapping VARCHAR NOT NULL,
    level INTEGER NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    run_id VARCHAR NOT NULL,
    rules VARCHAR NOT NULL
);
COMMENT ON TABLE diff_marks IS 'When each mapping level was last diffed, and under which rules; the next diff of a narrowed mapping compares the records of styles changed since then.';
COMMENT ON COLUMN diff_marks.mapping IS 'Mapping, e.g. c1.variant.';
COMMENT ON COLUMN diff_marks.level IS 'Write level of the mapping.';
COMMENT ON COLUMN diff_marks.started_at IS 'When that diff started.';
COMMENT ON COLUMN diff_marks.run_id IS 'Run of that diff.';
COMMENT ON COLUMN diff_marks.rules IS 'Digest of the configuration the diff ran under; another one makes the next diff compare everything.';
COMMENT ON COLUMN fourallportal_desired_variant.key IS 'Key: the Centric SKU id.';
COMMENT ON COLUMN fourallportal_desired_variant.type IS 'Object type to create: always sku.';
COMMENT ON COLUMN fourallportal_desired_variant.level IS 'Write order: always 0.';
COMMENT ON COLUMN fourallportal_desired_variant.centric_id IS 'Field centric_id: the Centric SKU id.';
COMMENT ON COLUMN fourallportal_desired_variant.product IS 'Field product: 4ALLPORTAL product object id of the SKU''s style.';
COMMENT ON COLUMN fourallportal_desired_variant.sku IS 'Field sku: the SKU code.';
COMMENT ON COLUMN fourallportal_desired_variant.gtin IS 'Field gtin: GTIN-13 (EAN) as in Centric.';
COMMENT ON COLUMN fourallportal_desired_variant.size IS 'Field size: the size code.';
COMMENT ON COLUMN fourallportal_desired_variant.size_sort IS 'Field size_sort: position of the size within its range.';
COMMENT ON COLUMN fourallportal_desired_variant.color_code IS 'Field color_code: the colour code of the colorway.';
COMMENT ON COLUMN fourallportal_desired_variant.color_name IS 'Field color_name: the colorway''s display name.';
COMMENT ON COLUMN fourallportal_desired_variant_attributes.key IS 'Key: Centric id of a sold SKU of a transferred style that has its variant in 4ALLPORTAL.';
COMMENT ON COLUMN fourallportal_desired_variant_attributes.composition IS 'Field composition: the style''s approved composition, fiber and percent, largest share first; null without one.';
