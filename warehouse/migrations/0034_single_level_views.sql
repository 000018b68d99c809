-- The variant and launch package views write everything at level 0, and said so in a column
-- of their own: listing a mapping's levels then evaluated the whole view, every SKU of the
-- catalog for the variants (0.5 s at 1M SKUs, on every run). A view without a level column
-- is written at level 0 alone. Replacing a view drops its column comments, so they are
-- given again.

CREATE OR REPLACE VIEW fourallportal_desired_variant AS
WITH product AS (SELECT centric_id, id FROM fourallportal_current WHERE module = 'product')
SELECT k.id AS key, 'sku' AS type, k.id AS centric_id,
       prod.id AS product, k.code AS sku, k.bx_gtin AS gtin,
       ps.code AS size, ps.bx_sort_order AS size_sort,
       cw.code AS color_code, cw.node_name AS color_name
FROM focused_live_skus k
JOIN transferred_styles t ON t.style_id = k.style
JOIN product prod ON prod.centric_id = k.style
JOIN centric_colorways cw ON cw.id = k.colorway
LEFT JOIN centric_product_sizes ps ON ps.id = k.product_size;

CREATE OR REPLACE VIEW fourallportal_desired_launch_package AS
WITH packages AS (
    SELECT p.style_id, p.product_id FROM transferred_products p JOIN launch_styles l USING (style_id)
),
cells AS (
    SELECT r.style_id, m.locale, r.channel, bool_and(r.ready) AS ready,
           list_sort(list_distinct(flatten(list(r.blockers)))) AS codes
    FROM readiness r
    JOIN packages p USING (style_id)
    JOIN markets m ON m.market = r.market
    GROUP BY r.style_id, m.locale, r.channel
),
by_style AS (
    SELECT style_id,
           list({'locale': locale, 'channel': channel,
                 'value': CASE WHEN ready THEN 'ready' ELSE 'blocked' END}
                ORDER BY locale, channel) AS status__dims,
           list({'locale': locale, 'channel': channel, 'value': codes} ORDER BY locale, channel)
               FILTER (WHERE len(codes) > 0) AS blockers__dims
    FROM cells GROUP BY style_id
),
approved AS (
    SELECT DISTINCT f.style_id, ch.channel, f.id, f.smintio_id IS NOT NULL AS from_smintio,
           coalesce(f.smintio_id, f.id) AS source_key
    FROM linked_files f CROSS JOIN channels ch
    WHERE f.approval_status = 'approved'
      AND (f.asset_type = 'packshot'
           OR (f.asset_type IN ('lifestyle', 'video') AND ch.channel IN ('ecom', 'marketplace'))
           OR (f.asset_type IN ('technical_document', 'datasheet') AND ch.channel = 'print'))
),
assets AS (
    SELECT style_id, channel, list(id ORDER BY from_smintio, source_key, id) AS ids
    FROM approved GROUP BY style_id, channel
),
assets_by_style AS (
    SELECT style_id, list({'locale': '', 'channel': channel, 'value': ids} ORDER BY channel) AS assets__dims
    FROM assets GROUP BY style_id
)
SELECT p.style_id AS key, 'package' AS type, p.style_id AS centric_id,
       p.product_id AS product, s.status__dims, s.blockers__dims, a.assets__dims
FROM packages p
JOIN by_style s USING (style_id)
LEFT JOIN assets_by_style a USING (style_id);

COMMENT ON VIEW fourallportal_desired_variant IS 'C1: sold SKUs of transferred styles as variants, linked to their product once it exists (creates and deletes variants). Only the SKUs listed in the session variable diff_focus, when it is set.';
COMMENT ON COLUMN fourallportal_desired_variant.key IS 'Key: the Centric SKU id.';
COMMENT ON COLUMN fourallportal_desired_variant.type IS 'Object type to create: always sku.';
COMMENT ON COLUMN fourallportal_desired_variant.centric_id IS 'Field centric_id: the Centric SKU id.';
COMMENT ON COLUMN fourallportal_desired_variant.product IS 'Field product: 4ALLPORTAL product object id of the SKU''s style.';
COMMENT ON COLUMN fourallportal_desired_variant.sku IS 'Field sku: the SKU code.';
COMMENT ON COLUMN fourallportal_desired_variant.gtin IS 'Field gtin: GTIN-13 (EAN) as in Centric.';
COMMENT ON COLUMN fourallportal_desired_variant.size IS 'Field size: the size code.';
COMMENT ON COLUMN fourallportal_desired_variant.size_sort IS 'Field size_sort: position of the size within its range.';
COMMENT ON COLUMN fourallportal_desired_variant.color_code IS 'Field color_code: the colour code of the colorway.';
COMMENT ON COLUMN fourallportal_desired_variant.color_name IS 'Field color_name: the colorway''s display name.';
COMMENT ON VIEW fourallportal_desired_launch_package IS 'C4: the launch package of each released style that has its 4ALLPORTAL product: readiness and blocker codes per market locale and channel (from readiness), approved assets per channel.';
COMMENT ON COLUMN fourallportal_desired_launch_package.key IS 'Key: the Centric style id.';
COMMENT ON COLUMN fourallportal_desired_launch_package.type IS 'Object type to create: always package.';
COMMENT ON COLUMN fourallportal_desired_launch_package.centric_id IS 'Field centric_id: the Centric style id.';
COMMENT ON COLUMN fourallportal_desired_launch_package.product IS 'Field product: the style''s 4ALLPORTAL product object id.';
COMMENT ON COLUMN fourallportal_desired_launch_package.status__dims IS 'Field status. Columns ending in __dims hold a field with locale or channel dimensions as a list of {locale, channel, value}, one entry per locale and channel (empty: no such dimension); the field is the column name without the suffix. Here one entry per market locale and channel: ready when every colorway of the markets with that locale is ready in the channel, else blocked.';
COMMENT ON COLUMN fourallportal_desired_launch_package.blockers__dims IS 'Field blockers, as a list of {locale, channel, value} like status__dims: the blocker codes per market locale and channel, only where there are any; null when there are none.';
COMMENT ON COLUMN fourallportal_desired_launch_package.assets__dims IS 'Field assets, as a list of {locale, channel, value} like status__dims with an empty locale: ids of the approved linked files per channel (packshots in every channel, lifestyle images and videos in ecom and marketplace, technical documents and datasheets in print), files from the DAM first by id, then files brought from Smint.io by their Smint.io id; null when none.';
