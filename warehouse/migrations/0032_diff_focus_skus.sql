-- A change run diffs the variant mappings over the SKUs whose records changed, and every SKU
-- of a style whose own records changed, rather than over every SKU of each style touched: a
-- change to 1 % of the SKUs touches about a quarter of the styles of a catalog with 28 SKUs
-- a style. diff_focus now lists Centric SKU ids, not style ids. The focus is applied to the
-- SKUs before the joins of the variant views: a filter after them cost as much as no filter.
-- Replacing a view drops its column comments, so they are given again.

CREATE VIEW focused_live_skus AS
SELECT id, style, colorway, product_size, code, bx_gtin FROM centric_live_skus
WHERE getvariable('diff_focus') IS NULL
UNION ALL
SELECT id, style, colorway, product_size, code, bx_gtin FROM centric_live_skus
WHERE id IN (SELECT unnest(getvariable('diff_focus')));
COMMENT ON VIEW focused_live_skus IS 'The sold SKUs (centric_live_skus) listed in the session variable diff_focus, with what the variant views read of them; every one when it is unset.';
COMMENT ON COLUMN focused_live_skus.id IS 'Centric SKU id.';
COMMENT ON COLUMN focused_live_skus.style IS 'Centric id of its style.';
COMMENT ON COLUMN focused_live_skus.colorway IS 'Centric id of its colorway.';
COMMENT ON COLUMN focused_live_skus.product_size IS 'Centric id of its size.';
COMMENT ON COLUMN focused_live_skus.code IS 'The SKU code.';
COMMENT ON COLUMN focused_live_skus.bx_gtin IS 'GTIN-13 (EAN) as in Centric.';

COMMENT ON TABLE diff_marks IS 'When each mapping level was last diffed, and under which rules; the next diff of a narrowed mapping compares the records of SKUs changed since then.';

CREATE OR REPLACE VIEW fourallportal_desired_variant AS
WITH product AS (SELECT centric_id, id FROM fourallportal_current WHERE module = 'product')
SELECT k.id AS key, 'sku' AS type, 0 AS level, k.id AS centric_id,
       prod.id AS product, k.code AS sku, k.bx_gtin AS gtin,
       ps.code AS size, ps.bx_sort_order AS size_sort,
       cw.code AS color_code, cw.node_name AS color_name
FROM focused_live_skus k
JOIN transferred_styles t ON t.style_id = k.style
JOIN product prod ON prod.centric_id = k.style
JOIN centric_colorways cw ON cw.id = k.colorway
LEFT JOIN centric_product_sizes ps ON ps.id = k.product_size;
COMMENT ON VIEW fourallportal_desired_variant IS 'C1: sold SKUs of transferred styles as variants, linked to their product once it exists (creates and deletes variants). Only the SKUs listed in the session variable diff_focus, when it is set.';

CREATE OR REPLACE VIEW fourallportal_desired_variant_attributes AS
SELECT k.id AS key, c.composition
FROM focused_live_skus k
JOIN transferred_styles t ON t.style_id = k.style
JOIN fourallportal_current v ON v.module = 'variant' AND v.centric_id = k.id
LEFT JOIN style_composition c ON c.style_id = k.style;
COMMENT ON VIEW fourallportal_desired_variant_attributes IS 'C6: composition on every variant of a transferred style (textile labels print per variant). Only the SKUs listed in the session variable diff_focus, when it is set.';

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
