-- The variants fourallportal_managed narrows to the SKUs in diff_focus (0033) came from
-- fourallportal_current, which numbers every variant of 4ALLPORTAL before the filter by the
-- focus applies (0.1 s per query at 1M SKUs, several queries per change run). They now come
-- from focused_variants (0036), which picks the variant of each listed SKU only. The variant
-- branch names its module as a constant, so a query of another module still prunes it
-- (0033 kept its own copy of the focused variants for that). Unset, the same rows as before.
-- Replacing a view drops its column comments, so they are given again.

CREATE OR REPLACE VIEW fourallportal_managed AS
WITH held_back_products AS (
    -- Products of styles that exist and are active but are not transferred now (held back
    -- by validation, below the milestone, or dropped): their variants are left alone.
    SELECT o.id FROM fourallportal_current o
    WHERE o.module = 'product'
      AND o.centric_id IN (SELECT id FROM centric_styles WHERE active)
      AND o.centric_id NOT IN (SELECT style_id FROM transferred_styles)
),
orphan_variants AS (
    SELECT v.object_id AS id FROM fourallportal_values v
    WHERE v.module = 'variant' AND v.field = 'product'
      AND v.object_id IN (SELECT id FROM focused_variants)
      AND trim(v.value, '"') NOT IN (SELECT id FROM held_back_products)
)
SELECT o.id AS object_id, o.module, o.centric_id AS key FROM fourallportal_current o
WHERE o.module = 'classification'
  AND (o.centric_id IN (SELECT key FROM fourallportal_desired_classification)
       OR o.centric_id NOT IN (SELECT id FROM centric_seasons WHERE active
                               UNION ALL SELECT id FROM centric_collections WHERE active))
UNION ALL
SELECT o.id, o.module, o.centric_id FROM fourallportal_current o
WHERE o.module = 'product'
  AND (o.centric_id IN (SELECT key FROM fourallportal_desired_product)
       OR o.centric_id NOT IN (SELECT id FROM centric_styles WHERE active))
UNION ALL
SELECT o.id, 'variant', o.centric_id FROM focused_variants o
WHERE o.centric_id IN (SELECT key FROM fourallportal_desired_variant)
   OR (o.centric_id NOT IN (SELECT id FROM focused_live_skus)
       AND o.id IN (SELECT id FROM orphan_variants))
UNION ALL
SELECT o.id, o.module, o.centric_id FROM fourallportal_current o
WHERE o.module = 'launch_package'
  AND (o.centric_id IN (SELECT key FROM fourallportal_desired_launch_package)
       OR o.centric_id NOT IN (SELECT style_id FROM launch_styles));
COMMENT ON VIEW fourallportal_managed IS 'Objects launchsync may change (one per Centric record): those it should hold, and those whose Centric record is gone or inactive (to delete). Objects of held-back styles are left alone. Only the variants of the SKUs listed in the session variable diff_focus, when it is set.';
COMMENT ON COLUMN fourallportal_managed.object_id IS '4ALLPORTAL object id.';
COMMENT ON COLUMN fourallportal_managed.module IS 'Module: classification, product, variant or launch_package.';
COMMENT ON COLUMN fourallportal_managed.key IS 'Centric id of the record behind the object (the key of the desired views).';
