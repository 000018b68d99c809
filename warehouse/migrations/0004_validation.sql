-- Validation: which styles are transfer candidates, the facts the variant suites check,
-- per-run verdicts and quarantine.

CREATE TABLE milestone_rules (
    milestone VARCHAR NOT NULL,
    rank INTEGER,
    transfer BOOLEAN NOT NULL,
    dropped BOOLEAN NOT NULL
);
COMMENT ON TABLE milestone_rules IS 'Milestones from launchsync.toml as the latest run read them.';
COMMENT ON COLUMN milestone_rules.milestone IS 'Milestone name (Centric bx_milestone value).';
COMMENT ON COLUMN milestone_rules.rank IS 'Position in the configured order; null for dropped states.';
COMMENT ON COLUMN milestone_rules.transfer IS 'At or past the transfer milestone: the style goes to 4ALLPORTAL (C1).';
COMMENT ON COLUMN milestone_rules.dropped IS 'A state that ends the life of a style.';

CREATE VIEW transfer_candidates AS
SELECT s.id AS style_id
FROM centric_styles s
JOIN milestone_rules m ON m.milestone = s.bx_milestone
WHERE s.active
  AND (m.transfer
       OR (m.dropped AND s.id IN (SELECT centric_id FROM fourallportal_objects WHERE module = 'product')));
COMMENT ON VIEW transfer_candidates IS 'Active styles at or past the transfer milestone, plus dropped styles already in 4ALLPORTAL.';

CREATE VIEW approved_composition AS
WITH latest AS (
    SELECT * FROM centric_apparel_bom_revisions
    WHERE state = 'APPROVED'
    QUALIFY row_number() OVER (PARTITION BY apparel_bom ORDER BY revision DESC) = 1
)
SELECT b.style AS style_id, item.material AS material_id, m.bx_fiber AS fiber,
       m.node_name AS material_name, item.bx_percent AS percent, item.placement
FROM centric_apparel_boms b
JOIN latest r ON r.apparel_bom = b.id, unnest(r.items) AS u(item)
LEFT JOIN centric_materials m ON m.id = item.material;
COMMENT ON VIEW approved_composition IS 'Lines of the latest APPROVED BOM revision of each style: material, fiber, percent.';

CREATE VIEW check_variant_styles AS
WITH colorways AS (
    SELECT s.id AS style_id, count(c.id) AS n
    FROM centric_styles s
    LEFT JOIN centric_colorways c ON c.style = s.id AND c.active AND list_contains(s.active_colorways, c.id)
    GROUP BY s.id
), composition AS (
    SELECT style_id, round(sum(percent), 3) AS total FROM approved_composition GROUP BY style_id
)
SELECT s.id AS style_id,
       nullif(trim(s.code), '') AS style_number,
       nullif(trim(s.node_name), '') AS style_name,
       nullif(trim(s.description), '') AS description,
       se.code AS season_code,
       sr.id AS size_range_id,
       cw.n AS active_colorways,
       comp.total AS composition_total
FROM centric_styles s
LEFT JOIN centric_seasons se ON se.id = s.parent_season
LEFT JOIN centric_size_ranges sr ON sr.id = s.size_range
LEFT JOIN colorways cw ON cw.style_id = s.id
LEFT JOIN composition comp ON comp.style_id = s.id;
COMMENT ON VIEW check_variant_styles IS 'Facts the variant.styles suite checks, one row per style.';

CREATE VIEW check_variant_size_slots AS
SELECT s.id AS style_id, cw.id AS colorway_id, cw.code AS color_code,
       ps.id AS size_id, ps.code AS size_code, k.id AS sku_id
FROM centric_styles s
JOIN centric_colorways cw ON cw.style = s.id AND cw.active AND list_contains(s.active_colorways, cw.id)
JOIN centric_size_ranges sr ON sr.id = s.size_range
JOIN centric_product_sizes ps ON list_contains(sr.product_sizes, ps.id)
LEFT JOIN centric_skus k
       ON k.style = s.id AND k.colorway = cw.id AND k.product_size = ps.id AND k.active;
COMMENT ON VIEW check_variant_size_slots IS 'Every (colorway, size of range) slot of every style and the SKU filling it, if any.';

CREATE VIEW check_variant_skus AS
SELECT k.style AS style_id, k.id AS sku_id, k.code AS sku_code,
       nullif(trim(k.bx_gtin), '') AS gtin,
       CASE WHEN nullif(trim(k.bx_gtin), '') IS NULL THEN NULL
            ELSE count(*) OVER (PARTITION BY nullif(trim(k.bx_gtin), '')) END AS gtin_uses
FROM centric_skus k
WHERE k.active;
COMMENT ON VIEW check_variant_skus IS 'Active SKUs with their GTIN and how many active SKUs of any style share it.';

CREATE VIEW check_variant_composition AS
SELECT style_id, material_id, fiber, percent FROM approved_composition;
COMMENT ON VIEW check_variant_composition IS 'Fibers of approved compositions, for the variant.composition suite.';

CREATE TABLE validation_scope (
    run_id VARCHAR NOT NULL,
    style_id VARCHAR NOT NULL
);
COMMENT ON TABLE validation_scope IS 'Styles each run validated: changed ones on incremental runs, all candidates on full runs.';
COMMENT ON COLUMN validation_scope.run_id IS 'Run.';
COMMENT ON COLUMN validation_scope.style_id IS 'Centric style id.';

CREATE TABLE style_verdicts (
    run_id VARCHAR NOT NULL,
    style_id VARCHAR NOT NULL,
    passed BOOLEAN NOT NULL,
    reasons VARCHAR[] NOT NULL,
    suites_digest VARCHAR NOT NULL,
    validated_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE style_verdicts IS 'Validation verdict per style and run; a style is pushed only while its latest verdict passed.';
COMMENT ON COLUMN style_verdicts.run_id IS 'Run that validated the style.';
COMMENT ON COLUMN style_verdicts.style_id IS 'Centric style id.';
COMMENT ON COLUMN style_verdicts.passed IS 'True when no expectation failed for the style or its SKUs.';
COMMENT ON COLUMN style_verdicts.reasons IS 'Distinct reason codes of the failures (see docs/reason-codes.md).';
COMMENT ON COLUMN style_verdicts.suites_digest IS 'Digest of the suite files used; a change revalidates every style.';
COMMENT ON COLUMN style_verdicts.validated_at IS 'When the verdict was made.';

CREATE TABLE quarantine (
    run_id VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    system VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    record_key VARCHAR,
    style_id VARCHAR,
    reason VARCHAR NOT NULL,
    detail VARCHAR,
    suite VARCHAR,
    detected_at TIMESTAMPTZ NOT NULL,
    resolved_at TIMESTAMPTZ
);
COMMENT ON TABLE quarantine IS 'Every problem that held a record back, with its reason: malformed at landing, failed validation, or refused by the target at push.';
COMMENT ON COLUMN quarantine.run_id IS 'Run that found the problem.';
COMMENT ON COLUMN quarantine.stage IS 'land (malformed record), validate (failed expectation) or push (target refused it).';
COMMENT ON COLUMN quarantine.system IS 'System the record comes from or was going to.';
COMMENT ON COLUMN quarantine.entity IS 'Centric type or 4ALLPORTAL module.';
COMMENT ON COLUMN quarantine.record_key IS 'Id of the record concerned, when known.';
COMMENT ON COLUMN quarantine.style_id IS 'Style held back because of it, when known.';
COMMENT ON COLUMN quarantine.reason IS 'Stable reason code (see docs/reason-codes.md).';
COMMENT ON COLUMN quarantine.detail IS 'What exactly is wrong, for the person fixing it.';
COMMENT ON COLUMN quarantine.suite IS 'Expectation suite that failed (validate stage).';
COMMENT ON COLUMN quarantine.detected_at IS 'When it was found.';
COMMENT ON COLUMN quarantine.resolved_at IS 'Land stage: when a later pull brought the record well-formed. Unresolved malformed records keep their style held back.';


CREATE VIEW style_status AS
SELECT * FROM style_verdicts
QUALIFY row_number() OVER (PARTITION BY style_id ORDER BY validated_at DESC, run_id DESC) = 1;
COMMENT ON VIEW style_status IS 'Latest verdict per style.';

CREATE VIEW quarantined_styles AS
SELECT v.style_id, s.code AS style_number, s.node_name AS style_name, se.code AS season,
       v.reasons,
       (SELECT list(q.reason || ': ' || coalesce(q.detail, '') ORDER BY q.reason, q.detail)
          FROM quarantine q
         WHERE q.style_id = v.style_id
           AND ((q.stage = 'validate' AND q.run_id = v.run_id)
                OR (q.stage = 'land' AND q.resolved_at IS NULL))) AS details,
       v.run_id, v.validated_at
FROM style_status v
LEFT JOIN centric_styles s ON s.id = v.style_id
LEFT JOIN centric_seasons se ON se.id = s.parent_season
WHERE NOT v.passed;
COMMENT ON VIEW quarantined_styles IS 'Styles held back from 4ALLPORTAL now, with reason codes and details.';
