-- Launch status (C4) and market readiness (C7) are written back from the readiness table, so
-- Centric, 4ALLPORTAL and the report say the same thing. The older gap views and the C7 field
-- list they used are gone; their codes were folded into the readiness blocker codes.

DROP VIEW launch_blockers;
DROP VIEW launch_content_gaps;
DROP VIEW launch_asset_gaps;
DROP TABLE readiness_fields;

CREATE OR REPLACE VIEW centric_desired_launch_status AS
SELECT l.style_id AS key,
       CASE WHEN bool_and(r.ready) THEN 'ready' ELSE 'blocked' END AS bx_launch_status,
       list_sort(list_distinct(flatten(list(r.blockers)))) AS bx_launch_blockers
FROM launch_styles l JOIN readiness r USING (style_id)
GROUP BY l.style_id;
COMMENT ON VIEW centric_desired_launch_status IS 'C4: on every released Centric style, ready when every colorway is ready in every market and channel, and every blocker code (docs/readiness.md).';

CREATE OR REPLACE VIEW centric_desired_market_readiness AS
WITH per_market AS (
    SELECT r.style_id, r.market, bool_and(r.ready) AS ready,
           list_sort(list_distinct(flatten(list(r.blockers)))) AS blockers
    FROM readiness r JOIN transferred_products p USING (style_id)
    GROUP BY r.style_id, r.market
)
SELECT style_id AS key,
       list({'market': market, 'status': CASE WHEN ready THEN 'ready' ELSE 'blocked' END,
             'missing': blockers} ORDER BY market) AS bx_market_readiness
FROM per_market GROUP BY style_id;
COMMENT ON VIEW centric_desired_market_readiness IS 'C7: per market, ready or blocked (every colorway and channel of the market) and the blocker codes there, written back on Centric styles that have a 4ALLPORTAL product.';

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
assets AS (
    SELECT f.style_id, ch.channel, list(DISTINCT f.id ORDER BY f.id) AS ids
    FROM linked_files f CROSS JOIN channels ch
    WHERE f.approval_status = 'approved'
      AND (f.asset_type = 'packshot'
           OR (f.asset_type IN ('lifestyle', 'video') AND ch.channel IN ('ecom', 'marketplace'))
           OR (f.asset_type IN ('technical_document', 'datasheet') AND ch.channel = 'print'))
    GROUP BY f.style_id, ch.channel
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

-- A SKU malformed on its first pull never landed in centric_skus; its colorway comes from the
-- raw payload instead, so its finding blocks only that colorway.
CREATE OR REPLACE VIEW readiness_validation_findings AS
WITH findings AS (
    SELECT q.style_id, q.reason AS code, q.detail, q.suite, q.record_key, q.stage, q.entity
    FROM style_status v
    JOIN quarantine q ON q.style_id = v.style_id
     AND ((q.stage = 'validate' AND q.run_id = v.run_id) OR (q.stage = 'land' AND q.resolved_at IS NULL))
    WHERE NOT v.passed
),
skus AS (
    SELECT k.id, k.code, c.code AS color_code
    FROM centric_skus k JOIN centric_colorways c ON c.id = k.colorway
),
raw_skus AS (
    SELECT r.record_key AS id, arg_max(c.code, r.pulled_at) AS color_code
    FROM raw_records r
    JOIN centric_colorways c ON c.id = json_extract_string(r.payload, '$.colorway')
    WHERE r.system = 'centric' AND r.entity = 'skus'
      AND r.record_key IN (SELECT record_key FROM findings WHERE stage = 'land' AND entity = 'skus')
    GROUP BY r.record_key
)
SELECT f.style_id,
       CASE WHEN f.suite = 'variant.size_slots' THEN f.record_key
            WHEN f.suite = 'variant.skus' THEN (SELECT any_value(color_code) FROM skus WHERE code = f.record_key)
            WHEN f.stage = 'land' AND f.entity = 'skus' THEN coalesce(
                (SELECT any_value(color_code) FROM skus WHERE id = f.record_key),
                (SELECT any_value(color_code) FROM raw_skus WHERE id = f.record_key))
       END AS color_code,
       CASE WHEN f.code IN ('CORE_FIELD_MISSING', 'SIZE_RANGE_MISSING', 'COLORWAY_MISSING', 'COMPOSITION_MISSING')
            THEN 'core' ELSE 'variant' END AS indicator,
       f.code, f.detail, coalesce(f.suite, 'land') AS suite
FROM findings f;
COMMENT ON VIEW readiness_validation_findings IS 'Core and variant findings of the latest validation of each held-back style; color_code is set when the failing record is a SKU (landed, or as its raw payload says) or size slot of one colorway.';
