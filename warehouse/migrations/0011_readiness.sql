-- Launch readiness: market rules from launchsync.toml, the facts the readiness suites check
-- (views check_readiness_*), and the readiness of every (style, colorway, market, channel)
-- with indicators, score and blocker codes, its history per run and roll-ups.

-- Rules, rewritten by every run.
ALTER TABLE markets ADD COLUMN channels VARCHAR[];
ALTER TABLE markets ADD COLUMN compliance VARCHAR[];
COMMENT ON COLUMN markets.channels IS 'Channels the market sells through.';
COMMENT ON COLUMN markets.compliance IS 'Compliance rules products must meet there (docs/readiness.md).';
CREATE TABLE launch_dates (market VARCHAR NOT NULL, season VARCHAR NOT NULL, launch_date DATE NOT NULL);
COMMENT ON TABLE launch_dates IS 'Launch date of each season in each market (launchsync.toml markets.<market>.launch).';
COMMENT ON COLUMN launch_dates.market IS 'Market code.';
COMMENT ON COLUMN launch_dates.season IS 'Centric season code, e.g. SS27.';
COMMENT ON COLUMN launch_dates.launch_date IS 'First selling day.';
CREATE TABLE readiness_indicators (indicator VARCHAR NOT NULL, mandatory BOOLEAN NOT NULL, position INTEGER NOT NULL);
COMMENT ON TABLE readiness_indicators IS 'Readiness indicators and whether they must pass for a key to be ready (readiness.mandatory).';
COMMENT ON COLUMN readiness_indicators.indicator IS 'core, variant, compliance, enrichment, localization, assets or rights.';
COMMENT ON COLUMN readiness_indicators.mandatory IS 'A failure blocks the launch; otherwise it is a warning.';
COMMENT ON COLUMN readiness_indicators.position IS 'Display order.';
CREATE TABLE channel_asset_rules (channel VARCHAR NOT NULL, rule VARCHAR NOT NULL);
COMMENT ON TABLE channel_asset_rules IS 'Asset rules per channel: lifestyle (an approved lifestyle image) and print_rendition (a print-size packshot).';
COMMENT ON COLUMN channel_asset_rules.channel IS 'Channel.';
COMMENT ON COLUMN channel_asset_rules.rule IS 'lifestyle or print_rendition.';
CREATE TABLE fiber_names (fiber VARCHAR NOT NULL, locale VARCHAR NOT NULL, name VARCHAR NOT NULL);
COMMENT ON TABLE fiber_names IS 'The generic fiber name a textile label uses in each locale (expectations/fiber_names.csv).';
COMMENT ON COLUMN fiber_names.fiber IS 'Generic fiber name as Centric holds it (English).';
COMMENT ON COLUMN fiber_names.locale IS 'Locale of the label.';
COMMENT ON COLUMN fiber_names.name IS 'Name on the label in that locale.';

-- What readiness covers.
CREATE VIEW readiness_styles AS
SELECT s.id AS style_id, s.code AS style_number, s.node_name AS style_name,
       se.code AS season, co.code AS collection, co.node_name AS collection_name,
       s.bx_milestone AS milestone, m.rank AS milestone_rank, p.id AS product_id
FROM centric_styles s
LEFT JOIN milestone_rules m ON m.milestone = s.bx_milestone
LEFT JOIN centric_seasons se ON se.id = s.parent_season
LEFT JOIN centric_collections co ON co.id = s.collection
LEFT JOIN fourallportal_current p ON p.module = 'product' AND p.centric_id = s.id
WHERE s.active AND NOT coalesce(m.dropped, false);
COMMENT ON VIEW readiness_styles IS 'Styles readiness is computed for: active and not dropped, with season, collection, milestone and their 4ALLPORTAL product.';

CREATE VIEW readiness_colorways AS
SELECT s.style_id, c.id AS colorway_id, c.code AS color_code, c.node_name AS color_name
FROM readiness_styles s
JOIN centric_styles cs ON cs.id = s.style_id
JOIN centric_colorways c ON c.style = s.style_id AND c.active AND list_contains(cs.active_colorways, c.id);
COMMENT ON VIEW readiness_colorways IS 'Active colorways of the styles readiness covers.';

CREATE VIEW readiness_keys AS
WITH colorways AS (
    SELECT s.style_id, coalesce(c.color_code, '') AS color_code
    FROM readiness_styles s LEFT JOIN readiness_colorways c USING (style_id)
)
SELECT c.style_id, c.color_code, m.market, m.locale, unnest(m.channels) AS channel
FROM colorways c CROSS JOIN markets m;
COMMENT ON VIEW readiness_keys IS 'Every key readiness is judged for: (style, colorway, market, channel). A style without an active colorway has one key per market and channel with an empty colorway.';

CREATE VIEW product_texts AS
SELECT s.style_id, v.field, v.locale, v.channel, nullif(trim(json_extract_string(v.value, '$')), '') AS text
FROM readiness_styles s
JOIN fourallportal_values v ON v.object_id = s.product_id
WHERE v.locale <> '';
COMMENT ON VIEW product_texts IS 'Localized texts of the 4ALLPORTAL product of each style readiness covers (empty text as null).';

CREATE VIEW product_files AS
SELECT s.style_id, f.*
FROM readiness_styles s
JOIN (SELECT *, unnest(products) AS product_id FROM fourallportal_files) f ON f.product_id = s.product_id;
COMMENT ON VIEW product_files IS 'DAM files linked to the 4ALLPORTAL product of each style readiness covers.';

-- Core and variant findings come from validation (the variant suites), placed on the colorway
-- when the failing record is a SKU or a size slot.
CREATE VIEW readiness_validation_findings AS
WITH findings AS (
    SELECT q.style_id, q.reason AS code, q.detail, q.suite, q.record_key, q.stage
    FROM style_status v
    JOIN quarantine q ON q.style_id = v.style_id
     AND ((q.stage = 'validate' AND q.run_id = v.run_id) OR (q.stage = 'land' AND q.resolved_at IS NULL))
    WHERE NOT v.passed
),
skus AS (
    SELECT k.id, k.code, c.code AS color_code
    FROM centric_skus k JOIN centric_colorways c ON c.id = k.colorway
)
SELECT f.style_id,
       CASE WHEN f.suite = 'variant.size_slots' THEN f.record_key
            WHEN f.suite = 'variant.skus' THEN (SELECT any_value(color_code) FROM skus WHERE code = f.record_key)
            WHEN f.stage = 'land' THEN (SELECT any_value(color_code) FROM skus WHERE id = f.record_key)
       END AS color_code,
       CASE WHEN f.code IN ('CORE_FIELD_MISSING', 'SIZE_RANGE_MISSING', 'COLORWAY_MISSING', 'COMPOSITION_MISSING')
            THEN 'core' ELSE 'variant' END AS indicator,
       f.code, f.detail, coalesce(f.suite, 'land') AS suite
FROM findings f;
COMMENT ON VIEW readiness_validation_findings IS 'Core and variant findings of the latest validation of each held-back style; color_code is set when the failing record is a SKU or size slot of one colorway.';

-- Facts the readiness suites check (expectations/readiness/*.json).
CREATE VIEW check_readiness_core AS
SELECT style_id, coalesce(milestone_rank, -1) AS milestone_rank,
       (SELECT min(rank) FROM milestone_rules WHERE released) AS release_rank,
       product_id
FROM readiness_styles;
COMMENT ON VIEW check_readiness_core IS 'Per style: its milestone rank (-1 when unknown), the release milestone rank, its 4ALLPORTAL product.';

CREATE VIEW check_readiness_compliance AS
WITH rules AS (SELECT market, unnest(compliance) AS rule FROM markets),
styles AS (
    SELECT s.style_id, cs.* FROM readiness_styles s JOIN centric_styles cs ON cs.id = s.style_id
)
SELECT s.style_id, r.market, r.rule,
       CASE r.rule
           WHEN 'country_of_origin' THEN nullif(trim(s.bx_country_of_origin), '')
           WHEN 'hs_code' THEN nullif(trim(s.bx_hs_code), '')
           WHEN 'care_symbols' THEN nullif(array_to_string(s.bx_care_symbols, ' '), '')
           WHEN 'reach_svhc' THEN CASE WHEN s.bx_reach_svhc_declared THEN 'declared' END
           WHEN 'prop65' THEN CASE WHEN s.bx_prop65_warning THEN 'warning'
                                   WHEN NOT s.bx_prop65_warning THEN 'no warning' END
           WHEN 'age_grading' THEN nullif(nullif(trim(s.bx_age_group), ''), 'adult')
       END AS value,
       CASE WHEN r.rule = 'country_of_origin' THEN nullif(trim(s.bx_country_of_origin), '') END AS country_of_origin,
       CASE WHEN r.rule = 'hs_code' THEN nullif(trim(s.bx_hs_code), '') END AS hs_code
FROM styles s JOIN rules r ON r.rule <> 'fiber_names' AND (r.rule <> 'age_grading' OR s.bx_gender = 'kids');
COMMENT ON VIEW check_readiness_compliance IS 'Per style, market and compliance rule the market requires: the value that meets it (null when missing). age_grading applies to children''s products only; fiber_names has its own view.';

CREATE VIEW check_readiness_fiber_names AS
SELECT c.style_id, m.market, m.locale, c.fiber, n.name AS label_name
FROM (SELECT DISTINCT style_id, lower(trim(fiber)) AS fiber FROM approved_composition WHERE nullif(trim(fiber), '') IS NOT NULL) c
JOIN readiness_styles s USING (style_id)
CROSS JOIN (SELECT market, locale FROM markets WHERE list_contains(compliance, 'fiber_names')) m
LEFT JOIN fiber_names n ON n.fiber = c.fiber AND n.locale = m.locale;
COMMENT ON VIEW check_readiness_fiber_names IS 'Per style, fiber and market requiring fiber names: the name its textile label uses in the market language (null when unknown).';

CREATE VIEW check_readiness_enrichment AS
WITH src AS (SELECT value AS locale FROM rule_settings WHERE name = 'source_locale'),
channels AS (SELECT DISTINCT unnest(channels) AS channel FROM markets)
SELECT s.style_id, r.channel, (SELECT locale FROM src) AS locale, r.field,
       t.text, length(t.text) AS text_length, lim.max_length
FROM readiness_styles s
CROSS JOIN content_requirements r
LEFT JOIN product_texts t ON t.style_id = s.style_id AND t.channel = r.channel AND t.field = r.field
                         AND t.locale = (SELECT locale FROM src)
LEFT JOIN content_limits lim ON lim.field = r.field
WHERE s.product_id IS NOT NULL AND r.channel IN (SELECT channel FROM channels);
COMMENT ON VIEW check_readiness_enrichment IS 'Per style with a 4ALLPORTAL product, channel and field the channel requires: its source-language text, length and length limit.';

CREATE VIEW check_readiness_localization AS
WITH src AS (SELECT value AS locale FROM rule_settings WHERE name = 'source_locale'),
market_channels AS (
    SELECT market, locale, unnest(channels) AS channel FROM markets
    WHERE locale <> (SELECT locale FROM src)
)
SELECT s.style_id, m.market, m.locale, m.channel, r.field,
       t.text, o.text AS source_text, length(t.text) AS text_length, lim.max_length
FROM readiness_styles s
CROSS JOIN market_channels m
JOIN content_requirements r ON r.channel = m.channel
LEFT JOIN product_texts t ON t.style_id = s.style_id AND t.locale = m.locale AND t.channel = r.channel AND t.field = r.field
LEFT JOIN product_texts o ON o.style_id = s.style_id AND o.locale = (SELECT locale FROM src)
                         AND o.channel = r.channel AND o.field = r.field
LEFT JOIN content_limits lim ON lim.field = r.field
WHERE s.product_id IS NOT NULL;
COMMENT ON VIEW check_readiness_localization IS 'Per style with a 4ALLPORTAL product, market in another language than the source, channel and required field: the localized text, the source text, length and limit.';

CREATE VIEW check_readiness_assets AS
WITH packshots AS (
    SELECT style_id, color_code, count(*) AS n, max(list_max([r.width FOR r IN renditions])) AS width
    FROM product_files WHERE asset_type = 'packshot' AND approval_status = 'approved'
    GROUP BY style_id, color_code
),
lifestyle AS (
    SELECT style_id, count(*) AS n FROM product_files
    WHERE asset_type = 'lifestyle' AND approval_status = 'approved' GROUP BY style_id
),
channels AS (SELECT DISTINCT unnest(channels) AS channel FROM markets)
SELECT c.style_id, c.color_code, ch.channel,
       coalesce(p.n, 0) AS packshots,
       CASE WHEN ch.channel IN (SELECT channel FROM channel_asset_rules WHERE rule = 'print_rendition')
             AND p.n > 0 THEN coalesce(p.width, 0) END AS print_width,
       (SELECT CAST(value AS INTEGER) FROM rule_settings WHERE name = 'print_min_width') AS print_min_width,
       CASE WHEN ch.channel IN (SELECT channel FROM channel_asset_rules WHERE rule = 'lifestyle')
            THEN coalesce(l.n, 0) END AS lifestyle_images
FROM readiness_colorways c
JOIN readiness_styles s USING (style_id)
CROSS JOIN channels ch
LEFT JOIN packshots p ON p.style_id = c.style_id AND p.color_code = c.color_code
LEFT JOIN lifestyle l ON l.style_id = c.style_id
WHERE s.product_id IS NOT NULL;
COMMENT ON VIEW check_readiness_assets IS 'Per colorway of a style with a 4ALLPORTAL product and channel: approved packshots, the widest packshot rendition (print channels), approved lifestyle images (lifestyle channels).';

CREATE VIEW check_readiness_linked_assets AS
SELECT style_id, coalesce(name, id) AS asset, approval_status FROM product_files;
COMMENT ON VIEW check_readiness_linked_assets IS 'Every DAM file linked to the product of a style, with its approval status.';

CREATE VIEW check_readiness_rights AS
WITH uses AS (
    SELECT style_id, coalesce(name, id) AS asset, smintio_id AS transaction_id
    FROM product_files WHERE source = 'smintio_license'
    UNION ALL
    SELECT f.style_id, coalesce(f.name, f.id), unnest(a.transactions)
    FROM product_files f JOIN smintio_campaign_assets a ON a.id = f.smintio_id
    WHERE f.source = 'smintio_campaign'
),
windows AS (
    SELECT s.style_id, m.market, unnest(m.channels) AS channel,
           coalesce(d.launch_date, current_date) AS launch_from,
           coalesce(d.launch_date, current_date)
               + CAST((SELECT value FROM rule_settings WHERE name = 'launch_window_days') AS INTEGER) AS launch_until
    FROM readiness_styles s CROSS JOIN markets m
    LEFT JOIN launch_dates d ON d.market = m.market AND d.season = s.season
),
terms AS (
    SELECT transaction_id, term, territory, usage, CAST(valid_from AS DATE) AS valid_from,
           CAST(valid_until AS DATE) AS valid_until, is_editorial_use
    FROM smintio_rights
),
judged AS (
    SELECT u.style_id, w.market, w.channel, u.asset, u.transaction_id, w.launch_from, w.launch_until,
           coalesce(t.state, 'unknown') AS license_state,
           (SELECT count(DISTINCT r.term) FROM terms r
             WHERE r.transaction_id = u.transaction_id AND NOT coalesce(r.is_editorial_use, false)) AS commercial_terms,
           (SELECT count(DISTINCT r.term) FROM terms r
             WHERE r.transaction_id = u.transaction_id AND NOT coalesce(r.is_editorial_use, false)
               AND r.territory IN ('WORLD', w.market)
               AND (r.usage = 'any' OR r.usage IN (SELECT usage FROM channel_usages c WHERE c.channel = w.channel))) AS covering_terms,
           (SELECT min(coalesce(r.valid_from, DATE '0001-01-01')) FROM terms r
             WHERE r.transaction_id = u.transaction_id AND NOT coalesce(r.is_editorial_use, false)
               AND r.territory IN ('WORLD', w.market)
               AND (r.usage = 'any' OR r.usage IN (SELECT usage FROM channel_usages c WHERE c.channel = w.channel))) AS earliest_start,
           (SELECT max(coalesce(r.valid_until, DATE '9999-12-31')) FROM terms r
             WHERE r.transaction_id = u.transaction_id AND NOT coalesce(r.is_editorial_use, false)
               AND r.territory IN ('WORLD', w.market)
               AND (r.usage = 'any' OR r.usage IN (SELECT usage FROM channel_usages c WHERE c.channel = w.channel))) AS latest_end
    FROM uses u
    JOIN windows w USING (style_id)
    LEFT JOIN smintio_license_transactions t ON t.id = u.transaction_id
)
SELECT style_id, market, channel, asset, transaction_id, launch_from, launch_until, license_state,
       CASE WHEN license_state = 'completed' THEN commercial_terms END AS commercial_terms,
       CASE WHEN license_state = 'completed' AND commercial_terms > 0 THEN covering_terms END AS covering_terms,
       CASE WHEN covering_terms > 0 AND license_state = 'completed' THEN earliest_start END AS earliest_start,
       CASE WHEN covering_terms > 0 AND license_state = 'completed' THEN latest_end END AS latest_end
FROM judged;
COMMENT ON VIEW check_readiness_rights IS 'Per style, market, channel and licensed content its linked assets use (licensed stock, stock inside campaign visuals): purchase state, non-editorial terms, terms covering the market territory and channel usage, and when those start and end against the launch window (launch date of the season in the market, through readiness.launch_window_days; today when no date is set).';

-- Readiness, now and per run.
CREATE TABLE readiness (
    style_id VARCHAR NOT NULL,
    color_code VARCHAR NOT NULL,
    market VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    core BOOLEAN NOT NULL,
    variant BOOLEAN NOT NULL,
    compliance BOOLEAN NOT NULL,
    enrichment BOOLEAN NOT NULL,
    localization BOOLEAN NOT NULL,
    assets BOOLEAN NOT NULL,
    rights BOOLEAN NOT NULL,
    score INTEGER NOT NULL,
    ready BOOLEAN NOT NULL,
    blockers VARCHAR[] NOT NULL,
    warnings VARCHAR[] NOT NULL,
    rules_version VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE readiness IS 'Launch readiness of every (style, colorway, market, channel) as last computed.';
COMMENT ON COLUMN readiness.style_id IS 'Centric style id.';
COMMENT ON COLUMN readiness.color_code IS 'Colorway code (empty for a style without an active colorway).';
COMMENT ON COLUMN readiness.market IS 'Market code.';
COMMENT ON COLUMN readiness.channel IS 'Channel.';
COMMENT ON COLUMN readiness.core IS 'Indicator: milestone reached, core Centric data present, product in 4ALLPORTAL.';
COMMENT ON COLUMN readiness.variant IS 'Indicator: SKUs for every size, valid unique GTINs, composition adds up with known fibers.';
COMMENT ON COLUMN readiness.compliance IS 'Indicator: the market''s compliance rules are met.';
COMMENT ON COLUMN readiness.enrichment IS 'Indicator: the channel''s content fields are filled in the source language, within length limits.';
COMMENT ON COLUMN readiness.localization IS 'Indicator: the channel''s content fields are translated into the market language, within length limits.';
COMMENT ON COLUMN readiness.assets IS 'Indicator: packshot per colorway, lifestyle image and print-size rendition where the channel needs them, no retired asset linked.';
COMMENT ON COLUMN readiness.rights IS 'Indicator: licensed content in linked assets is cleared for the market and channel through the launch window.';
COMMENT ON COLUMN readiness.score IS 'Share of indicators that pass, 0-100.';
COMMENT ON COLUMN readiness.ready IS 'Every mandatory indicator passes.';
COMMENT ON COLUMN readiness.blockers IS 'Blocker codes of failing mandatory indicators (docs/readiness.md).';
COMMENT ON COLUMN readiness.warnings IS 'Codes of failing indicators that are not mandatory.';
COMMENT ON COLUMN readiness.rules_version IS 'Version of the rules (suites and configuration) the verdict used, per market.';
COMMENT ON COLUMN readiness.run_id IS 'Run that computed the row.';
COMMENT ON COLUMN readiness.computed_at IS 'When it was computed.';

CREATE TABLE readiness_changes (
    style_id VARCHAR NOT NULL,
    color_code VARCHAR NOT NULL,
    market VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    core BOOLEAN NOT NULL,
    variant BOOLEAN NOT NULL,
    compliance BOOLEAN NOT NULL,
    enrichment BOOLEAN NOT NULL,
    localization BOOLEAN NOT NULL,
    assets BOOLEAN NOT NULL,
    rights BOOLEAN NOT NULL,
    score INTEGER NOT NULL,
    ready BOOLEAN NOT NULL,
    blockers VARCHAR[] NOT NULL,
    warnings VARCHAR[] NOT NULL,
    rules_version VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL,
    removed BOOLEAN NOT NULL
);
COMMENT ON TABLE readiness_changes IS 'Every new or changed readiness row, per run; the state as of a run is the latest row per key up to it (unless removed).';
COMMENT ON COLUMN readiness_changes.style_id IS 'As readiness.style_id.';
COMMENT ON COLUMN readiness_changes.color_code IS 'As readiness.color_code.';
COMMENT ON COLUMN readiness_changes.market IS 'As readiness.market.';
COMMENT ON COLUMN readiness_changes.channel IS 'As readiness.channel.';
COMMENT ON COLUMN readiness_changes.core IS 'As readiness.core.';
COMMENT ON COLUMN readiness_changes.variant IS 'As readiness.variant.';
COMMENT ON COLUMN readiness_changes.compliance IS 'As readiness.compliance.';
COMMENT ON COLUMN readiness_changes.enrichment IS 'As readiness.enrichment.';
COMMENT ON COLUMN readiness_changes.localization IS 'As readiness.localization.';
COMMENT ON COLUMN readiness_changes.assets IS 'As readiness.assets.';
COMMENT ON COLUMN readiness_changes.rights IS 'As readiness.rights.';
COMMENT ON COLUMN readiness_changes.score IS 'As readiness.score.';
COMMENT ON COLUMN readiness_changes.ready IS 'As readiness.ready.';
COMMENT ON COLUMN readiness_changes.blockers IS 'As readiness.blockers.';
COMMENT ON COLUMN readiness_changes.warnings IS 'As readiness.warnings.';
COMMENT ON COLUMN readiness_changes.rules_version IS 'As readiness.rules_version.';
COMMENT ON COLUMN readiness_changes.run_id IS 'As readiness.run_id.';
COMMENT ON COLUMN readiness_changes.computed_at IS 'As readiness.computed_at.';
COMMENT ON COLUMN readiness_changes.removed IS 'The key stopped existing in this run (style dropped, colorway or market gone).';

CREATE TABLE readiness_findings (
    run_id VARCHAR NOT NULL,
    style_id VARCHAR NOT NULL,
    color_code VARCHAR,
    market VARCHAR NOT NULL,
    channel VARCHAR,
    indicator VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    detail VARCHAR,
    suite VARCHAR NOT NULL
);
COMMENT ON TABLE readiness_findings IS 'Failing checks behind the current readiness rows: which suite and expectation failed, for what (a null colorway or channel: all of them).';
COMMENT ON COLUMN readiness_findings.run_id IS 'Run that found it.';
COMMENT ON COLUMN readiness_findings.style_id IS 'Centric style id.';
COMMENT ON COLUMN readiness_findings.color_code IS 'Colorway, or null for every colorway.';
COMMENT ON COLUMN readiness_findings.market IS 'Market.';
COMMENT ON COLUMN readiness_findings.channel IS 'Channel, or null for every channel.';
COMMENT ON COLUMN readiness_findings.indicator IS 'Indicator the check belongs to.';
COMMENT ON COLUMN readiness_findings.code IS 'Blocker code.';
COMMENT ON COLUMN readiness_findings.detail IS 'The failing values, for the person fixing it.';
COMMENT ON COLUMN readiness_findings.suite IS 'Suite (expectations/<group>/<file>) or land for malformed records.';

CREATE TABLE readiness_runs (
    run_id VARCHAR NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    full_recompute BOOLEAN NOT NULL,
    rule_digests JSON NOT NULL,
    styles INTEGER NOT NULL,
    keys INTEGER NOT NULL,
    changed INTEGER NOT NULL
);
COMMENT ON TABLE readiness_runs IS 'Readiness computations: when, under which rules, how much was recomputed and changed. The next computation recomputes what changed after the latest start.';
COMMENT ON COLUMN readiness_runs.run_id IS 'Run.';
COMMENT ON COLUMN readiness_runs.started_at IS 'When it chose its scope.';
COMMENT ON COLUMN readiness_runs.finished_at IS 'When it stored its rows.';
COMMENT ON COLUMN readiness_runs.full_recompute IS 'Every key was recomputed.';
COMMENT ON COLUMN readiness_runs.rule_digests IS 'Digest of the shared rules ("*") and of each market''s rules; a market whose digest changes is recomputed.';
COMMENT ON COLUMN readiness_runs.styles IS 'Styles recomputed.';
COMMENT ON COLUMN readiness_runs.keys IS 'Keys recomputed.';
COMMENT ON COLUMN readiness_runs.changed IS 'Keys whose readiness changed.';

CREATE TABLE readiness_scope (run_id VARCHAR NOT NULL, style_id VARCHAR NOT NULL, market VARCHAR NOT NULL);
COMMENT ON TABLE readiness_scope IS 'The (style, market) pairs a run recomputed.';
COMMENT ON COLUMN readiness_scope.run_id IS 'Run.';
COMMENT ON COLUMN readiness_scope.style_id IS 'Centric style id.';
COMMENT ON COLUMN readiness_scope.market IS 'Market.';

CREATE TABLE readiness_snapshots (
    run_id VARCHAR NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL,
    season VARCHAR,
    collection VARCHAR,
    market VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    keys INTEGER NOT NULL,
    ready INTEGER NOT NULL,
    styles INTEGER NOT NULL,
    ready_styles INTEGER NOT NULL
);
COMMENT ON TABLE readiness_snapshots IS 'Readiness counts after each run, per season, collection, market and channel: the trend of readiness over runs.';
COMMENT ON COLUMN readiness_snapshots.run_id IS 'Run.';
COMMENT ON COLUMN readiness_snapshots.computed_at IS 'When.';
COMMENT ON COLUMN readiness_snapshots.season IS 'Season code.';
COMMENT ON COLUMN readiness_snapshots.collection IS 'Collection code.';
COMMENT ON COLUMN readiness_snapshots.market IS 'Market.';
COMMENT ON COLUMN readiness_snapshots.channel IS 'Channel.';
COMMENT ON COLUMN readiness_snapshots.keys IS 'Colorways judged.';
COMMENT ON COLUMN readiness_snapshots.ready IS 'Colorways ready.';
COMMENT ON COLUMN readiness_snapshots.styles IS 'Styles judged.';
COMMENT ON COLUMN readiness_snapshots.ready_styles IS 'Styles with every colorway ready.';

-- Roll-ups.
CREATE VIEW readiness_by_style AS
SELECT r.style_id, s.style_number, s.style_name, s.season, s.collection, r.market, r.channel,
       count(*) FILTER (WHERE r.ready) AS ready_variants, count(*) AS variants,
       count(*) FILTER (WHERE r.ready) = count(*) AS ready,
       round(avg(r.score)) AS score,
       list_sort(list_distinct(flatten(list(r.blockers)))) AS blockers
FROM readiness r JOIN readiness_styles s USING (style_id)
GROUP BY ALL;
COMMENT ON VIEW readiness_by_style IS 'Per style, market and channel: k of n colorways ready, average score, every blocker.';

CREATE VIEW readiness_by_collection AS
SELECT s.season, s.collection, any_value(s.collection_name) AS collection_name, r.market, r.channel,
       count(*) AS variants, count(*) FILTER (WHERE r.ready) AS ready_variants,
       count(DISTINCT r.style_id) AS styles,
       count(DISTINCT r.style_id) - count(DISTINCT r.style_id) FILTER (WHERE NOT r.ready) AS ready_styles
FROM readiness r JOIN readiness_styles s USING (style_id)
GROUP BY s.season, s.collection, r.market, r.channel;
COMMENT ON VIEW readiness_by_collection IS 'Per season, collection, market and channel: colorways and styles judged and ready.';

CREATE VIEW readiness_blocker_counts AS
SELECT split_part(code, ':', 1) AS blocker, r.market, r.channel, s.season,
       count(*) AS variants, count(DISTINCT r.style_id) AS styles
FROM (SELECT *, unnest(blockers) AS code FROM readiness) r JOIN readiness_styles s USING (style_id)
GROUP BY ALL;
COMMENT ON VIEW readiness_blocker_counts IS 'How many colorways and styles each blocker (code without its parameters) holds back, per market, channel and season.';
