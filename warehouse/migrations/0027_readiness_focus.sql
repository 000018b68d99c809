-- readiness_styles can be narrowed, for one connection, to the styles a readiness computation
-- recomputes: with the session variable readiness_focus set to a list of style ids, it holds
-- only those, and so does every view built on it (the check_readiness_* facts, readiness_keys,
-- product_files, ...), which then read the changed styles instead of the whole catalog. Unset
-- (as for every query but that computation), it holds every style as before (0011).

CREATE OR REPLACE VIEW readiness_styles AS
SELECT s.id AS style_id, s.code AS style_number, s.node_name AS style_name,
       se.code AS season, co.code AS collection, co.node_name AS collection_name,
       s.bx_milestone AS milestone, m.rank AS milestone_rank, p.id AS product_id
FROM centric_styles s
LEFT JOIN milestone_rules m ON m.milestone = s.bx_milestone
LEFT JOIN centric_seasons se ON se.id = s.parent_season
LEFT JOIN centric_collections co ON co.id = s.collection
LEFT JOIN fourallportal_current p ON p.module = 'product' AND p.centric_id = s.id
WHERE s.active AND NOT coalesce(m.dropped, false)
  AND (getvariable('readiness_focus') IS NULL
       OR s.id IN (SELECT unnest(getvariable('readiness_focus'))));
COMMENT ON VIEW readiness_styles IS 'Styles readiness is computed for: active and not dropped, with season, collection, milestone and their 4ALLPORTAL product. Only the styles listed in the session variable readiness_focus, when it is set.';
COMMENT ON COLUMN readiness_styles.style_id IS 'Centric style id.';
COMMENT ON COLUMN readiness_styles.style_number IS 'Style number (code).';
COMMENT ON COLUMN readiness_styles.style_name IS 'Style display name.';
COMMENT ON COLUMN readiness_styles.season IS 'Season code.';
COMMENT ON COLUMN readiness_styles.collection IS 'Collection code.';
COMMENT ON COLUMN readiness_styles.collection_name IS 'Collection display name.';
COMMENT ON COLUMN readiness_styles.milestone IS 'Development milestone (Centric bx_milestone).';
COMMENT ON COLUMN readiness_styles.milestone_rank IS 'Position of the milestone in the configured order; null when it is not configured.';
COMMENT ON COLUMN readiness_styles.product_id IS '4ALLPORTAL product object id of the style; null when it has none.';
