-- Every Centric <-> 4ALLPORTAL scenario: targets in both systems, field ownership with a sync
-- baseline and conflicts, asset links (C2), technical data (C3), launch packages and their
-- blockers (C4), variant attributes both ways (C6), market readiness (C7).
--
-- Desired views ("what a target should hold") share one shape: a `key` column (the record's
-- key in the target: the Centric id, or a 4ALLPORTAL file id), optional `type` and `level`
-- columns (object type to create, write order), and one column per field. A column named
-- `<field>__dims` holds [{locale, channel, value}] for fields with locale/channel dimensions.

-- Changes and ledger now serve both systems.
ALTER TABLE field_changes RENAME COLUMN centric_id TO record_key;
ALTER TABLE field_changes RENAME COLUMN module TO entity;
ALTER TABLE field_changes ADD COLUMN system VARCHAR;
ALTER TABLE field_changes ADD COLUMN mapping VARCHAR;
UPDATE field_changes SET system = 'fourallportal';
COMMENT ON COLUMN field_changes.record_key IS 'Key of the record in the target: the Centric id, or for asset links <file id>@<style id>.';
COMMENT ON COLUMN field_changes.entity IS 'Target module (4ALLPORTAL) or record type (Centric).';
COMMENT ON COLUMN field_changes.system IS 'Target system: fourallportal or centric.';
COMMENT ON COLUMN field_changes.mapping IS 'Mapping that wants the change (e.g. c1.product).';
ALTER TABLE push_ledger RENAME COLUMN centric_id TO record_key;
ALTER TABLE push_ledger RENAME COLUMN module TO entity;
COMMENT ON COLUMN push_ledger.record_key IS 'Key of the record in the target (see field_changes.record_key).';
COMMENT ON COLUMN push_ledger.entity IS 'Target module (4ALLPORTAL) or record type (Centric).';

-- Rules from launchsync.toml, rewritten by every run.
ALTER TABLE milestone_rules ADD COLUMN released BOOLEAN;
COMMENT ON COLUMN milestone_rules.released IS 'At or past the release (commercialization) milestone: the launch package is assembled (C4).';
CREATE TABLE markets (market VARCHAR NOT NULL, locale VARCHAR NOT NULL);
COMMENT ON TABLE markets IS 'Markets and the locale of their content, from launchsync.toml.';
COMMENT ON COLUMN markets.market IS 'Market code, e.g. FR.';
COMMENT ON COLUMN markets.locale IS 'Locale of its content, e.g. fr_FR.';
CREATE TABLE channels (channel VARCHAR NOT NULL);
COMMENT ON TABLE channels IS 'Channels content is prepared for, from launchsync.toml.';
COMMENT ON COLUMN channels.channel IS 'Channel, e.g. ecom.';
CREATE TABLE content_requirements (channel VARCHAR NOT NULL, field VARCHAR NOT NULL);
COMMENT ON TABLE content_requirements IS 'Content fields each channel needs in every market locale (launchsync.toml content.required).';
COMMENT ON COLUMN content_requirements.channel IS 'Channel.';
COMMENT ON COLUMN content_requirements.field IS '4ALLPORTAL product field.';
CREATE TABLE content_limits (field VARCHAR NOT NULL, max_length INTEGER NOT NULL);
COMMENT ON TABLE content_limits IS 'Longest text allowed per content field (launchsync.toml content.max_length).';
COMMENT ON COLUMN content_limits.field IS '4ALLPORTAL product field.';
COMMENT ON COLUMN content_limits.max_length IS 'Characters.';
CREATE TABLE readiness_fields (field VARCHAR NOT NULL);
COMMENT ON TABLE readiness_fields IS 'Localized fields a market needs to be complete (C7; launchsync.toml content.localized_fields).';
COMMENT ON COLUMN readiness_fields.field IS '4ALLPORTAL product field.';
CREATE TABLE rule_settings (name VARCHAR NOT NULL, value VARCHAR NOT NULL);
COMMENT ON TABLE rule_settings IS 'Single-valued rules from launchsync.toml: source_locale, readiness_channel, print_min_width.';
COMMENT ON COLUMN rule_settings.name IS 'Setting.';
COMMENT ON COLUMN rule_settings.value IS 'Its value, as text.';

-- Ownership: the last value both systems agreed on, and edits made by the system that does
-- not own a field.
CREATE TABLE sync_baseline (
    system VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    record_key VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    locale VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    synced_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE sync_baseline IS 'Last value launchsync wrote to or confirmed in a target, per field: a target value that moved away from it was edited there.';
COMMENT ON COLUMN sync_baseline.system IS 'Target system.';
COMMENT ON COLUMN sync_baseline.entity IS 'Target module or record type.';
COMMENT ON COLUMN sync_baseline.record_key IS 'Key of the record in the target.';
COMMENT ON COLUMN sync_baseline.field IS 'Field.';
COMMENT ON COLUMN sync_baseline.locale IS 'Locale dimension, empty when none.';
COMMENT ON COLUMN sync_baseline.channel IS 'Channel dimension, empty when none.';
COMMENT ON COLUMN sync_baseline.value IS 'Value as canonical JSON.';
COMMENT ON COLUMN sync_baseline.run_id IS 'Run that wrote or confirmed it.';
COMMENT ON COLUMN sync_baseline.synced_at IS 'When.';

CREATE TABLE conflicts (
    run_id VARCHAR NOT NULL,
    system VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    record_key VARCHAR NOT NULL,
    object_id VARCHAR,
    field VARCHAR NOT NULL,
    locale VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,
    owner_value VARCHAR,
    target_value VARCHAR,
    base_value VARCHAR,
    rule VARCHAR NOT NULL,
    detected_at TIMESTAMPTZ NOT NULL,
    resolved_at TIMESTAMPTZ
);
COMMENT ON TABLE conflicts IS 'Edits of a field in the system that does not own it: both values, the last agreed one, and how the configured rule settled it.';
COMMENT ON COLUMN conflicts.run_id IS 'Run that found the edit.';
COMMENT ON COLUMN conflicts.system IS 'System where the field was edited (the target).';
COMMENT ON COLUMN conflicts.entity IS 'Module or record type.';
COMMENT ON COLUMN conflicts.record_key IS 'Key of the record.';
COMMENT ON COLUMN conflicts.object_id IS 'Id of the object in that system.';
COMMENT ON COLUMN conflicts.field IS 'Field.';
COMMENT ON COLUMN conflicts.locale IS 'Locale dimension, empty when none.';
COMMENT ON COLUMN conflicts.channel IS 'Channel dimension, empty when none.';
COMMENT ON COLUMN conflicts.owner IS 'System that owns the field.';
COMMENT ON COLUMN conflicts.owner_value IS 'Value in the owning system (JSON).';
COMMENT ON COLUMN conflicts.target_value IS 'Value the edit left in the other system (JSON).';
COMMENT ON COLUMN conflicts.base_value IS 'Value both agreed on before (JSON).';
COMMENT ON COLUMN conflicts.rule IS 'owner_wins (the owner value was written back) or hold (the edit was left in place).';
COMMENT ON COLUMN conflicts.detected_at IS 'When the edit was found.';
COMMENT ON COLUMN conflicts.resolved_at IS 'When the values agreed again; set at once under owner_wins.';

-- Readable shapes of 4ALLPORTAL data.
CREATE VIEW fourallportal_files AS
WITH v AS (
    SELECT object_id, field, value FROM fourallportal_values
    WHERE module = 'file' AND locale = '' AND channel = ''
)
SELECT o.id, o.type, o.mod_time,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'name') AS name,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'asset_type') AS asset_type,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'approval_status') AS approval_status,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'style_number') AS style_number,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'color_code') AS color_code,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'locale') AS locale,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'distribution_status') AS distribution_status,
       coalesce(any_value(from_json(v.value, '["VARCHAR"]')) FILTER (WHERE v.field = 'products'), []) AS products,
       coalesce(any_value(from_json(v.value, '[{"name": "VARCHAR", "width": "INTEGER", "height": "INTEGER"}]'))
                FILTER (WHERE v.field = 'renditions'), []) AS renditions
FROM fourallportal_objects o
LEFT JOIN v ON v.object_id = o.id
WHERE o.module = 'file'
GROUP BY o.id, o.type, o.mod_time;
COMMENT ON VIEW fourallportal_files IS 'Current 4ALLPORTAL DAM files with their fields as columns (products: linked product object ids).';

CREATE VIEW transferred_styles AS
SELECT v.style_id FROM style_status v JOIN transfer_candidates c USING (style_id) WHERE v.passed;
COMMENT ON VIEW transferred_styles IS 'Styles launchsync transfers now: at or past the transfer milestone with a passing verdict.';

CREATE VIEW transferred_products AS
SELECT t.style_id, o.id AS product_id
FROM transferred_styles t
JOIN fourallportal_current o ON o.module = 'product' AND o.centric_id = t.style_id;
COMMENT ON VIEW transferred_products IS 'Transferred styles that have their product in 4ALLPORTAL.';

CREATE VIEW fourallportal_content AS
SELECT p.style_id, v.field, v.locale, v.channel, json_extract_string(v.value, '$') AS text
FROM transferred_products p
JOIN fourallportal_values v ON v.object_id = p.product_id
WHERE v.locale <> '';
COMMENT ON VIEW fourallportal_content IS 'Localized texts of transferred products as entered by content teams.';

CREATE VIEW linked_files AS
SELECT t.style_id, f.*
FROM (SELECT *, unnest(products) AS product_id FROM fourallportal_files) f
JOIN transferred_products t ON t.product_id = f.product_id;
COMMENT ON VIEW linked_files IS 'DAM files linked to products of transferred styles (one row per file and style).';

CREATE VIEW style_composition AS
SELECT style_id,
       list({'fiber': fiber, 'percent': percent} ORDER BY percent DESC, fiber) AS composition,
       list(DISTINCT material_name ORDER BY material_name) AS materials
FROM approved_composition
GROUP BY style_id;
COMMENT ON VIEW style_composition IS 'Composition (fiber, percent) and material names of each style, from its approved BOM.';

-- C5 and C1: what 4ALLPORTAL should hold.
CREATE OR REPLACE VIEW fourallportal_desired_classification AS
WITH RECURSIVE depth(id, level) AS (
    SELECT id, 1 FROM centric_collections WHERE parent_collection IS NULL AND active
    UNION ALL
    SELECT c.id, d.level + 1
    FROM centric_collections c JOIN depth d ON c.parent_collection = d.id
    WHERE c.active AND d.level < 20
),
pim AS (SELECT centric_id, id FROM fourallportal_current WHERE module = 'classification')
SELECT se.id AS key, 'season' AS type, 0 AS level, se.id AS centric_id,
       'season' AS kind, se.code, se.node_name AS name, NULL::VARCHAR AS parent
FROM centric_seasons se
WHERE se.active
UNION ALL
SELECT c.id, 'collection', d.level, c.id, 'collection', c.code, c.node_name, parent.id
FROM centric_collections c
JOIN depth d ON d.id = c.id
JOIN centric_seasons se ON se.id = c.parent_season AND se.active
LEFT JOIN pim parent ON parent.centric_id = coalesce(c.parent_collection, c.parent_season);
COMMENT ON VIEW fourallportal_desired_classification IS 'C5: seasons and the collection tree as 4ALLPORTAL classification objects; level orders the writes (parents first).';

CREATE OR REPLACE VIEW fourallportal_desired_product AS
WITH classification AS (SELECT centric_id, id FROM fourallportal_current WHERE module = 'classification'),
colorways AS (
    SELECT s.id AS style_id, list({'code': c.code, 'name': c.node_name} ORDER BY c.code) AS colorways
    FROM centric_styles s
    JOIN centric_colorways c ON c.style = s.id AND c.active AND list_contains(s.active_colorways, c.id)
    GROUP BY s.id
),
sizes AS (
    SELECT s.id AS style_id, list(ps.code ORDER BY ps.bx_sort_order, ps.code) AS sizes
    FROM centric_styles s
    JOIN centric_size_ranges sr ON sr.id = s.size_range
    JOIN centric_product_sizes ps ON list_contains(sr.product_sizes, ps.id)
    GROUP BY s.id
)
SELECT s.id AS key, 'style' AS type, 0 AS level, s.id AS centric_id,
       s.code AS style_number, s.node_name AS style_name, s.description AS plm_description,
       season.id AS season, coll.id AS collection,
       s.category_1, s.category_2, s.bx_gender AS gender, s.bx_age_group AS age_group,
       s.bx_reach_svhc_declared AS reach_svhc_declared, s.bx_prop65_warning AS prop65_warning,
       sz.sizes, cw.colorways
FROM centric_styles s
JOIN transferred_styles t ON t.style_id = s.id
LEFT JOIN classification season ON season.centric_id = s.parent_season
LEFT JOIN classification coll ON coll.centric_id = s.collection
LEFT JOIN colorways cw ON cw.style_id = s.id
LEFT JOIN sizes sz ON sz.style_id = s.id;
COMMENT ON VIEW fourallportal_desired_product IS 'C1: approved core data of every transferred style (creates and deletes products).';

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
LEFT JOIN centric_product_sizes ps ON ps.id = k.product_size;
COMMENT ON VIEW fourallportal_desired_variant IS 'C1: sold SKUs of transferred styles as variants, linked to their product once it exists (creates and deletes variants).';

-- C3: technical data as read-only product attributes.
CREATE VIEW fourallportal_desired_product_technical AS
SELECT p.style_id AS key, c.materials, c.composition, s.bx_care_symbols AS care_symbols,
       s.bx_fit AS fit, s.bx_measurements AS measurements
FROM transferred_products p
JOIN centric_styles s ON s.id = p.style_id
LEFT JOIN style_composition c ON c.style_id = p.style_id;
COMMENT ON VIEW fourallportal_desired_product_technical IS 'C3: materials, composition, care, fit and measurements of transferred products.';

-- C6: variant-level attributes from development.
CREATE VIEW fourallportal_desired_variant_attributes AS
SELECT k.id AS key, c.composition
FROM centric_live_skus k
JOIN transferred_styles t ON t.style_id = k.style
JOIN fourallportal_current v ON v.module = 'variant' AND v.centric_id = k.id
LEFT JOIN style_composition c ON c.style_id = k.style;
COMMENT ON VIEW fourallportal_desired_variant_attributes IS 'C6: composition on every variant of a transferred style (textile labels print per variant).';

-- C2: lifecycle status and asset availability; approved assets linked on Centric styles.
CREATE VIEW fourallportal_desired_product_status AS
SELECT o.centric_id AS key, s.bx_milestone AS plm_status
FROM fourallportal_current o
JOIN centric_styles s ON s.id = o.centric_id
LEFT JOIN milestone_rules m ON m.milestone = s.bx_milestone
WHERE o.module = 'product'
  AND (o.centric_id IN (SELECT style_id FROM transferred_styles) OR m.dropped);
COMMENT ON VIEW fourallportal_desired_product_status IS 'C2: Centric lifecycle status on products of transferred styles and of dropped ones.';

CREATE VIEW fourallportal_desired_file_status AS
WITH links AS (
    SELECT f.id AS file_id, f.approval_status, o.centric_id AS style_id
    FROM (SELECT id, approval_status, unnest(products) AS product_id FROM fourallportal_files) f
    JOIN fourallportal_current o ON o.id = f.product_id AND o.module = 'product'
),
states AS (
    SELECT l.file_id,
           CASE WHEN l.approval_status = 'retired' OR s.id IS NULL OR NOT s.active OR m.dropped THEN 'withdrawn'
                WHEN l.approval_status = 'approved' AND m.released THEN 'released'
                ELSE 'pending' END AS state
    FROM links l
    LEFT JOIN centric_styles s ON s.id = l.style_id
    LEFT JOIN milestone_rules m ON m.milestone = s.bx_milestone
)
SELECT file_id AS key,
       CASE WHEN bool_or(state = 'released') THEN 'released'
            WHEN bool_or(state = 'pending') THEN 'pending'
            ELSE 'withdrawn' END AS distribution_status
FROM states
GROUP BY file_id;
COMMENT ON VIEW fourallportal_desired_file_status IS 'C2: whether a linked asset may be used downstream: released (approved, style released), pending, or withdrawn (retired asset, dropped or deleted style).';

CREATE VIEW centric_desired_asset_links AS
SELECT f.id || '@' || f.style_id AS key, f.style_id AS style, f.id AS bx_fourallportal_id,
       f.name AS node_name, f.name AS bx_file_name, f.asset_type AS bx_asset_type,
       cw.id AS bx_colorway, f.locale AS bx_locale,
       list_max([r.width FOR r IN f.renditions]) AS bx_width,
       list_max([r.height FOR r IN f.renditions]) AS bx_height,
       CASE WHEN f.asset_type IN ('packshot', 'lifestyle') THEN 'images' ELSE 'documents' END AS entity
FROM linked_files f
LEFT JOIN centric_colorways cw ON cw.style = f.style_id AND cw.code = f.color_code AND cw.active
WHERE f.approval_status = 'approved';
COMMENT ON VIEW centric_desired_asset_links IS 'C2: approved assets of transferred styles as Centric image and document records on the style.';

CREATE VIEW centric_desired_images AS
SELECT key, style, bx_fourallportal_id, node_name, bx_file_name, bx_asset_type, bx_colorway, bx_width, bx_height
FROM centric_desired_asset_links WHERE entity = 'images';
COMMENT ON VIEW centric_desired_images IS 'C2: Centric images that should exist (packshots, lifestyle images).';

CREATE VIEW centric_desired_documents AS
SELECT key, style, bx_fourallportal_id, node_name, bx_file_name, bx_asset_type, bx_locale
FROM centric_desired_asset_links WHERE entity = 'documents';
COMMENT ON VIEW centric_desired_documents IS 'C2: Centric documents that should exist (technical documents, datasheets, videos).';

CREATE VIEW centric_managed_links AS
SELECT entity, key, object_id FROM (
    SELECT 'images' AS entity, bx_fourallportal_id || '@' || style AS key, id AS object_id, style
    FROM centric_images WHERE bx_fourallportal_id IS NOT NULL
    UNION ALL
    SELECT 'documents', bx_fourallportal_id || '@' || style, id, style
    FROM centric_documents WHERE bx_fourallportal_id IS NOT NULL
)
WHERE style IN (SELECT style_id FROM transferred_styles)
   OR style NOT IN (SELECT id FROM centric_styles WHERE active);
COMMENT ON VIEW centric_managed_links IS 'Asset links launchsync created in Centric and may change: those of transferred styles and of deleted ones. Links of held-back styles stay as they were.';

-- C4: the launch package and what blocks it, per market and channel.
CREATE VIEW launch_styles AS
SELECT s.id AS style_id
FROM centric_styles s JOIN milestone_rules m ON m.milestone = s.bx_milestone
WHERE s.active AND m.released;
COMMENT ON VIEW launch_styles IS 'Active styles at or past the release milestone: their launch package is assembled.';

CREATE VIEW launch_asset_gaps AS
WITH colorways AS (
    SELECT p.style_id, c.code
    FROM transferred_products p
    JOIN centric_styles s ON s.id = p.style_id
    JOIN centric_colorways c ON c.style = s.id AND c.active AND list_contains(s.active_colorways, c.id)
),
packshots AS (
    SELECT style_id, color_code, max(list_max([r.width FOR r IN renditions])) AS width
    FROM linked_files
    WHERE asset_type = 'packshot' AND approval_status = 'approved'
    GROUP BY style_id, color_code
),
print_width AS (SELECT CAST(value AS INTEGER) AS width FROM rule_settings WHERE name = 'print_min_width')
SELECT cw.style_id, ch.channel, 'PACKSHOT_MISSING:' || cw.code AS code
FROM colorways cw CROSS JOIN channels ch
LEFT JOIN packshots p ON p.style_id = cw.style_id AND p.color_code = cw.code
WHERE p.style_id IS NULL
UNION ALL
SELECT cw.style_id, 'print', 'PRINT_RENDITION_MISSING:' || cw.code
FROM colorways cw
JOIN packshots p ON p.style_id = cw.style_id AND p.color_code = cw.code
WHERE 'print' IN (SELECT channel FROM channels)
  AND coalesce(p.width, 0) < (SELECT width FROM print_width)
UNION ALL
SELECT p.style_id, 'ecom', 'LIFESTYLE_MISSING'
FROM transferred_products p
WHERE 'ecom' IN (SELECT channel FROM channels)
  AND p.style_id NOT IN (SELECT style_id FROM linked_files
                         WHERE asset_type = 'lifestyle' AND approval_status = 'approved')
UNION ALL
SELECT f.style_id, ch.channel, 'ASSET_RETIRED:' || f.name
FROM linked_files f CROSS JOIN channels ch
WHERE f.approval_status = 'retired';
COMMENT ON VIEW launch_asset_gaps IS 'Asset gaps per style and channel: packshot per colorway, print-size rendition, lifestyle image for e-commerce, retired asset still linked.';

CREATE VIEW launch_content_gaps AS
WITH required AS (
    SELECT p.style_id, m.market, m.locale, r.channel, r.field
    FROM transferred_products p CROSS JOIN markets m CROSS JOIN content_requirements r
),
source_locale AS (SELECT value AS locale FROM rule_settings WHERE name = 'source_locale'),
checked AS (
    SELECT q.*, c.text, src.text AS source_text, lim.max_length
    FROM required q
    LEFT JOIN fourallportal_content c
           ON c.style_id = q.style_id AND c.locale = q.locale AND c.channel = q.channel AND c.field = q.field
    LEFT JOIN fourallportal_content src
           ON src.style_id = q.style_id AND src.channel = q.channel AND src.field = q.field
          AND src.locale = (SELECT locale FROM source_locale)
    LEFT JOIN content_limits lim ON lim.field = q.field
)
SELECT style_id, market, locale, channel, code FROM (
    SELECT style_id, market, locale, channel,
           CASE WHEN text IS NULL OR trim(text) = '' THEN 'CONTENT_MISSING:' || locale || ':' || field
                WHEN locale <> (SELECT locale FROM source_locale) AND text = source_text
                     THEN 'CONTENT_UNTRANSLATED:' || locale || ':' || field
                WHEN length(text) > max_length THEN 'CONTENT_TOO_LONG:' || locale || ':' || field
           END AS code
    FROM checked
)
WHERE code IS NOT NULL;
COMMENT ON VIEW launch_content_gaps IS 'Content gaps per style, market and channel: missing, untranslated (same text as the source language) or too long.';

CREATE VIEW launch_blockers AS
SELECT l.style_id, m.market, m.locale, ch.channel, unnest(v.reasons) AS code
FROM launch_styles l
JOIN style_status v ON v.style_id = l.style_id AND NOT v.passed
CROSS JOIN markets m CROSS JOIN channels ch
UNION ALL
SELECT l.style_id, m.market, m.locale, ch.channel, 'NOT_IN_4ALLPORTAL'
FROM launch_styles l CROSS JOIN markets m CROSS JOIN channels ch
WHERE l.style_id NOT IN (SELECT style_id FROM transferred_products)
  AND l.style_id NOT IN (SELECT style_id FROM style_status WHERE NOT passed)
UNION ALL
SELECT a.style_id, m.market, m.locale, a.channel, a.code
FROM launch_asset_gaps a JOIN launch_styles l USING (style_id) CROSS JOIN markets m
UNION ALL
SELECT g.style_id, g.market, g.locale, g.channel, g.code
FROM launch_content_gaps g JOIN launch_styles l USING (style_id);
COMMENT ON VIEW launch_blockers IS 'What blocks the launch of each released style, per market and channel (codes in docs/reason-codes.md).';

CREATE VIEW fourallportal_desired_launch_package AS
WITH packages AS (
    SELECT p.style_id, p.product_id FROM transferred_products p JOIN launch_styles l USING (style_id)
),
cells AS (
    SELECT p.style_id, m.locale, ch.channel,
           list(DISTINCT b.code ORDER BY b.code) FILTER (WHERE b.code IS NOT NULL) AS codes
    FROM packages p CROSS JOIN markets m CROSS JOIN channels ch
    LEFT JOIN launch_blockers b ON b.style_id = p.style_id AND b.locale = m.locale AND b.channel = ch.channel
    GROUP BY p.style_id, m.locale, ch.channel
),
by_style AS (
    SELECT style_id,
           list({'locale': locale, 'channel': channel,
                 'value': CASE WHEN codes IS NULL THEN 'ready' ELSE 'blocked' END}
                ORDER BY locale, channel) AS status__dims,
           list({'locale': locale, 'channel': channel, 'value': codes} ORDER BY locale, channel)
               FILTER (WHERE codes IS NOT NULL) AS blockers__dims
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
COMMENT ON VIEW fourallportal_desired_launch_package IS 'C4: the launch package of each released, transferred style: status and blockers per market locale and channel, approved assets per channel.';

CREATE VIEW centric_desired_launch_status AS
SELECT l.style_id AS key,
       CASE WHEN count(b.code) = 0 THEN 'ready' ELSE 'blocked' END AS bx_launch_status,
       coalesce(list(DISTINCT b.code ORDER BY b.code) FILTER (WHERE b.code IS NOT NULL), []) AS bx_launch_blockers
FROM launch_styles l
LEFT JOIN launch_blockers b USING (style_id)
GROUP BY l.style_id;
COMMENT ON VIEW centric_desired_launch_status IS 'C4: launch status and blockers written back on every released Centric style.';

-- C7: localized content state per market, back to Centric.
CREATE VIEW centric_desired_market_readiness AS
WITH source_locale AS (SELECT value AS locale FROM rule_settings WHERE name = 'source_locale'),
channel AS (SELECT value AS channel FROM rule_settings WHERE name = 'readiness_channel'),
checked AS (
    SELECT p.style_id, m.market, m.locale, f.field, c.text, src.text AS source_text
    FROM transferred_products p CROSS JOIN markets m CROSS JOIN readiness_fields f
    LEFT JOIN fourallportal_content c
           ON c.style_id = p.style_id AND c.locale = m.locale AND c.field = f.field
          AND c.channel = (SELECT channel FROM channel)
    LEFT JOIN fourallportal_content src
           ON src.style_id = p.style_id AND src.field = f.field AND src.channel = (SELECT channel FROM channel)
          AND src.locale = (SELECT locale FROM source_locale)
),
per_market AS (
    SELECT style_id, market,
           coalesce(list(field ORDER BY field) FILTER (
               WHERE text IS NULL OR trim(text) = ''
                  OR (locale <> (SELECT locale FROM source_locale) AND text = source_text)), []) AS missing
    FROM checked GROUP BY style_id, market
)
SELECT style_id AS key,
       list({'market': market, 'status': CASE WHEN len(missing) = 0 THEN 'complete' ELSE 'incomplete' END,
             'missing': missing} ORDER BY market) AS bx_market_readiness
FROM per_market GROUP BY style_id;
COMMENT ON VIEW centric_desired_market_readiness IS 'C7: per market, whether localized texts are complete (present and translated), written back on Centric styles.';

-- Which objects of a module launchsync may create, change or delete.
CREATE OR REPLACE VIEW fourallportal_managed AS
WITH desired AS (
    SELECT 'classification' AS module, key FROM fourallportal_desired_classification
    UNION ALL SELECT 'product', key FROM fourallportal_desired_product
    UNION ALL SELECT 'variant', key FROM fourallportal_desired_variant
    UNION ALL SELECT 'launch_package', key FROM fourallportal_desired_launch_package
),
alive AS (
    SELECT 'classification' AS module, id AS key FROM centric_seasons WHERE active
    UNION ALL SELECT 'classification', id FROM centric_collections WHERE active
    UNION ALL SELECT 'product', id FROM centric_styles WHERE active
    UNION ALL SELECT 'variant', id FROM centric_live_skus
    UNION ALL SELECT 'launch_package', style_id FROM launch_styles
),
held_back_products AS (
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
      AND trim(v.value, '"') NOT IN (SELECT id FROM held_back_products)
)
SELECT o.id AS object_id, o.module, o.centric_id AS key
FROM fourallportal_current o
WHERE (o.module, o.centric_id) IN (SELECT module, key FROM desired)
   OR ((o.module, o.centric_id) NOT IN (SELECT module, key FROM alive)
       AND o.module IN ('classification', 'product', 'variant', 'launch_package')
       AND (o.module <> 'variant' OR o.id IN (SELECT id FROM orphan_variants)));
COMMENT ON VIEW fourallportal_managed IS 'Objects launchsync may change (one per Centric record): those it should hold, and those whose Centric record is gone or inactive (to delete). Objects of held-back styles are left alone.';
