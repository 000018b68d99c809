-- The narrowed variant views filtered by the focus (0032, 0033) after the work the focus
-- should spare: DuckDB places a filter by IN (subquery) above joins and windows, so
-- focused_live_skus joined every SKU to its style and colorway (0.3 s at 1M SKUs), and the
-- focused variant objects numbered every variant of 4ALLPORTAL (0.5 s), several times per
-- diff. Both now start from the focus list itself: the SKUs are joined from it, and
-- focused_variants picks the current variant of each listed SKU (used by the C6 attributes
-- and the variant pairs). fourallportal_managed keeps its own focused variants (0033): with
-- the view, a query of another module would no longer prune its variant branch. Unset, the
-- same rows as before.
-- Replacing a view drops its column comments, so they are given again.

CREATE OR REPLACE VIEW focused_live_skus AS
SELECT id, style, colorway, product_size, code, bx_gtin FROM centric_live_skus
WHERE getvariable('diff_focus') IS NULL
UNION ALL
SELECT k.id, k.style, k.colorway, k.product_size, k.code, k.bx_gtin
FROM (SELECT DISTINCT unnest(getvariable('diff_focus')) AS id) f
JOIN centric_skus k USING (id)
JOIN centric_styles s ON s.id = k.style AND s.active
JOIN centric_colorways c ON c.id = k.colorway AND c.active
WHERE k.active AND list_contains(s.active_colorways, c.id);
COMMENT ON VIEW focused_live_skus IS 'The sold SKUs (centric_live_skus) listed in the session variable diff_focus, with what the variant views read of them; every one when it is unset.';
COMMENT ON COLUMN focused_live_skus.id IS 'Centric SKU id.';
COMMENT ON COLUMN focused_live_skus.style IS 'Centric id of its style.';
COMMENT ON COLUMN focused_live_skus.colorway IS 'Centric id of its colorway.';
COMMENT ON COLUMN focused_live_skus.product_size IS 'Centric id of its size.';
COMMENT ON COLUMN focused_live_skus.code IS 'The SKU code.';
COMMENT ON COLUMN focused_live_skus.bx_gtin IS 'GTIN-13 (EAN) as in Centric.';

CREATE VIEW focused_variants AS
SELECT * FROM fourallportal_current
WHERE module = 'variant' AND getvariable('diff_focus') IS NULL
UNION ALL
SELECT * FROM fourallportal_objects
WHERE module = 'variant' AND centric_id IN (SELECT unnest(getvariable('diff_focus')))
QUALIFY row_number() OVER (PARTITION BY module, centric_id ORDER BY id) = 1;
COMMENT ON VIEW focused_variants IS 'The 4ALLPORTAL variants (fourallportal_current) of the Centric SKUs listed in the session variable diff_focus; every variant when it is unset.';
COMMENT ON COLUMN focused_variants.id IS '4ALLPORTAL object id (UUID).';
COMMENT ON COLUMN focused_variants.module IS 'Module: always variant.';
COMMENT ON COLUMN focused_variants.type IS 'Object type within the module (sku).';
COMMENT ON COLUMN focused_variants.mod_time IS '4ALLPORTAL mod_time: when the object last changed.';
COMMENT ON COLUMN focused_variants.centric_id IS 'Centric id of the SKU the variant was made from.';
COMMENT ON COLUMN focused_variants.fields IS 'Field values: name, locale and channel dimensions (empty string when none), value as canonical JSON.';
COMMENT ON COLUMN focused_variants._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN focused_variants._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN focused_variants._run_id IS 'Run that brought this version.';

CREATE OR REPLACE VIEW fourallportal_desired_variant_attributes AS
SELECT k.id AS key, c.composition
FROM focused_live_skus k
JOIN transferred_styles t ON t.style_id = k.style
JOIN focused_variants v ON v.centric_id = k.id
LEFT JOIN style_composition c ON c.style_id = k.style;
COMMENT ON VIEW fourallportal_desired_variant_attributes IS 'C6: composition on every variant of a transferred style (textile labels print per variant). Only the SKUs listed in the session variable diff_focus, when it is set.';
COMMENT ON COLUMN fourallportal_desired_variant_attributes.key IS 'Key: Centric id of a sold SKU of a transferred style that has its variant in 4ALLPORTAL.';
COMMENT ON COLUMN fourallportal_desired_variant_attributes.composition IS 'Field composition: the style''s approved composition, fiber and percent, largest share first; null without one.';
