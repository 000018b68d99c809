-- The assets of a launch package (C4) were ordered by 4ALLPORTAL file id. For files launchsync
-- creates from Smint.io (S3, S4) the target assigns that id, so the same package could be
-- written with its assets in another order after files were created in another order. Files
-- that came from the DAM keep their id order; files brought from Smint.io follow them, ordered
-- by their Smint.io id.
-- Replacing a view drops its column comments, so they are given again.

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
SELECT p.style_id AS key, 'package' AS type, 0 AS level, p.style_id AS centric_id,
       p.product_id AS product, s.status__dims, s.blockers__dims, a.assets__dims
FROM packages p
JOIN by_style s USING (style_id)
LEFT JOIN assets_by_style a USING (style_id);
COMMENT ON VIEW fourallportal_desired_launch_package IS 'C4: the launch package of each released style that has its 4ALLPORTAL product: readiness and blocker codes per market locale and channel (from readiness), approved assets per channel.';
COMMENT ON COLUMN fourallportal_desired_launch_package.key IS 'Key: the Centric style id.';
COMMENT ON COLUMN fourallportal_desired_launch_package.type IS 'Object type to create: always package.';
COMMENT ON COLUMN fourallportal_desired_launch_package.level IS 'Write order: always 0.';
COMMENT ON COLUMN fourallportal_desired_launch_package.centric_id IS 'Field centric_id: the Centric style id.';
COMMENT ON COLUMN fourallportal_desired_launch_package.product IS 'Field product: the style''s 4ALLPORTAL product object id.';
COMMENT ON COLUMN fourallportal_desired_launch_package.status__dims IS 'Field status. Columns ending in __dims hold a field with locale or channel dimensions as a list of {locale, channel, value}, one entry per locale and channel (empty: no such dimension); the field is the column name without the suffix. Here one entry per market locale and channel: ready when every colorway of the markets with that locale is ready in the channel, else blocked.';
COMMENT ON COLUMN fourallportal_desired_launch_package.blockers__dims IS 'Field blockers, as a list of {locale, channel, value} like status__dims: the blocker codes per market locale and channel, only where there are any; null when there are none.';
COMMENT ON COLUMN fourallportal_desired_launch_package.assets__dims IS 'Field assets, as a list of {locale, channel, value} like status__dims with an empty locale: ids of the approved linked files per channel (packshots in every channel, lifestyle images and videos in ecom and marketplace, technical documents and datasheets in print), files from the DAM first by id, then files brought from Smint.io by their Smint.io id; null when none.';
