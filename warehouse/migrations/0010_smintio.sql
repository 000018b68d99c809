-- Smint.io: license purchases with their rights, campaign assets, the records launchsync pushes
-- (assets, product cards, collections), and the desired views of scenarios S1-S8.

-- Change feeds resume from a cursor token, not a timestamp.
ALTER TABLE sync_cursors ADD COLUMN token VARCHAR;
ALTER TABLE sync_cursors ALTER COLUMN cursor DROP NOT NULL;
COMMENT ON COLUMN sync_cursors.token IS 'Continuation cursor of a change feed (Smint.io): the next pull reads only what changed after it.';
COMMENT ON COLUMN sync_cursors.cursor IS 'Highest _modified_at / mod_time / last_updated_at landed so far.';

ALTER TABLE webhook_events ADD COLUMN system VARCHAR DEFAULT 'fourallportal';
COMMENT ON COLUMN webhook_events.system IS 'Sender: fourallportal or smintio.';
COMMENT ON COLUMN webhook_events.module IS 'Module (4ALLPORTAL) or record kind (Smint.io) of the object.';

-- Rules from launchsync.toml [smintio].
CREATE TABLE channel_usages (channel VARCHAR NOT NULL, usage VARCHAR NOT NULL);
COMMENT ON TABLE channel_usages IS 'License usages that let licensed content be used in a channel (launchsync.toml smintio.channel_usages).';
COMMENT ON COLUMN channel_usages.channel IS 'Channel.';
COMMENT ON COLUMN channel_usages.usage IS 'Smint.io license usage code, e.g. ecommerce.';
CREATE TABLE creative_asset_types (asset_type VARCHAR NOT NULL);
COMMENT ON TABLE creative_asset_types IS 'Asset types offered to creatives in Smint.io (launchsync.toml smintio.asset_types).';
COMMENT ON COLUMN creative_asset_types.asset_type IS '4ALLPORTAL file asset_type.';

CREATE TABLE smintio_license_transactions_history (
    id VARCHAR NOT NULL,
    state VARCHAR,
    license_type VARCHAR,
    can_be_synced BOOLEAN,
    last_updated_at TIMESTAMPTZ,
    purchased_at TIMESTAMPTZ,
    project_name STRUCT(culture VARCHAR, value VARCHAR)[],
    content_uuid VARCHAR,
    provider VARCHAR,
    name STRUCT(culture VARCHAR, value VARCHAR)[],
    description STRUCT(culture VARCHAR, value VARCHAR)[],
    keywords STRUCT(culture VARCHAR, value VARCHAR[])[],
    copyright VARCHAR,
    binaries STRUCT(uuid VARCHAR, content_type VARCHAR, width INTEGER, height INTEGER, file_name VARCHAR, culture VARCHAR, version INTEGER)[],
    license_terms STRUCT(sequence_number INTEGER, name VARCHAR, usages VARCHAR[], territories VARCHAR[], valid_from TIMESTAMPTZ, valid_until TIMESTAMPTZ, is_editorial_use BOOLEAN)[],
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE smintio_license_transactions_history IS 'Every version of every Smint.io license purchase transaction (licensed stock content and its terms).';
COMMENT ON COLUMN smintio_license_transactions_history.id IS 'Transaction uuid.';
COMMENT ON COLUMN smintio_license_transactions_history.state IS 'Purchase state, e.g. completed or canceled.';
COMMENT ON COLUMN smintio_license_transactions_history.license_type IS 'e.g. royalty_free, rights_managed.';
COMMENT ON COLUMN smintio_license_transactions_history.can_be_synced IS 'Whether Smint.io allows the content to be copied into other systems.';
COMMENT ON COLUMN smintio_license_transactions_history.last_updated_at IS 'When Smint.io last changed the transaction.';
COMMENT ON COLUMN smintio_license_transactions_history.purchased_at IS 'When the license was bought.';
COMMENT ON COLUMN smintio_license_transactions_history.project_name IS 'Project the purchase was made for, per culture.';
COMMENT ON COLUMN smintio_license_transactions_history.content_uuid IS 'The licensed content element.';
COMMENT ON COLUMN smintio_license_transactions_history.provider IS 'Stock provider.';
COMMENT ON COLUMN smintio_license_transactions_history.name IS 'Content name per culture.';
COMMENT ON COLUMN smintio_license_transactions_history.description IS 'Content description per culture.';
COMMENT ON COLUMN smintio_license_transactions_history.keywords IS 'Keywords per culture.';
COMMENT ON COLUMN smintio_license_transactions_history.copyright IS 'Copyright notice (first culture).';
COMMENT ON COLUMN smintio_license_transactions_history.binaries IS 'Downloadable files (their download URLs expire and are not kept).';
COMMENT ON COLUMN smintio_license_transactions_history.license_terms IS 'License terms: usages and territories it is restricted to (empty: any), validity, editorial-only flag.';
COMMENT ON COLUMN smintio_license_transactions_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN smintio_license_transactions_history._valid_from IS 'When launchsync first saw this version.';
COMMENT ON COLUMN smintio_license_transactions_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN smintio_license_transactions_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN smintio_license_transactions_history._run_id IS 'Run that brought this version.';
CREATE VIEW smintio_license_transactions AS
SELECT * EXCLUDE (_hash, _valid_to) FROM smintio_license_transactions_history WHERE _valid_to IS NULL;
COMMENT ON VIEW smintio_license_transactions IS 'Current Smint.io license purchase transactions.';

CREATE TABLE smintio_campaign_assets_history (
    id VARCHAR NOT NULL,
    name STRUCT(culture VARCHAR, value VARCHAR)[],
    state VARCHAR,
    approval_status VARCHAR,
    last_updated_at TIMESTAMPTZ,
    tags VARCHAR[],
    style_numbers VARCHAR[],
    channels VARCHAR[],
    renditions STRUCT(uuid VARCHAR, name VARCHAR, content_type VARCHAR, width INTEGER, height INTEGER)[],
    transactions VARCHAR[],
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE smintio_campaign_assets_history IS 'Every version of every campaign asset creatives made in Smint.io.';
COMMENT ON COLUMN smintio_campaign_assets_history.id IS 'Campaign asset uuid.';
COMMENT ON COLUMN smintio_campaign_assets_history.name IS 'Name per culture.';
COMMENT ON COLUMN smintio_campaign_assets_history.state IS 'draft or finalized.';
COMMENT ON COLUMN smintio_campaign_assets_history.approval_status IS 'Creative approval: pending, approved or rejected.';
COMMENT ON COLUMN smintio_campaign_assets_history.last_updated_at IS 'When Smint.io last changed it.';
COMMENT ON COLUMN smintio_campaign_assets_history.tags IS 'Tags creatives gave it.';
COMMENT ON COLUMN smintio_campaign_assets_history.style_numbers IS 'Products it shows, by style number.';
COMMENT ON COLUMN smintio_campaign_assets_history.channels IS 'Channels it was made for.';
COMMENT ON COLUMN smintio_campaign_assets_history.renditions IS 'Channel-ready renditions.';
COMMENT ON COLUMN smintio_campaign_assets_history.transactions IS 'License purchases of the stock content it uses.';
COMMENT ON COLUMN smintio_campaign_assets_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN smintio_campaign_assets_history._valid_from IS 'When launchsync first saw this version.';
COMMENT ON COLUMN smintio_campaign_assets_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN smintio_campaign_assets_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN smintio_campaign_assets_history._run_id IS 'Run that brought this version.';
CREATE VIEW smintio_campaign_assets AS
SELECT * EXCLUDE (_hash, _valid_to) FROM smintio_campaign_assets_history WHERE _valid_to IS NULL;
COMMENT ON VIEW smintio_campaign_assets IS 'Current Smint.io campaign assets.';

CREATE TABLE smintio_objects_history (
    id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    version INTEGER,
    updated_at TIMESTAMPTZ,
    approval_status VARCHAR,
    rights_clearance VARCHAR,
    status_updated_at TIMESTAMPTZ,
    fields STRUCT(name VARCHAR, locale VARCHAR, channel VARCHAR, value VARCHAR)[],
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE smintio_objects_history IS 'Every version of every record launchsync pushed to Smint.io (assets, product cards, collections), as Smint.io holds it.';
COMMENT ON COLUMN smintio_objects_history.id IS 'External id: the 4ALLPORTAL file id (assets), the Centric style id (product cards), market:<M>:<channel> or catalog:<collection id> (collections).';
COMMENT ON COLUMN smintio_objects_history.kind IS 'assets, product_cards or collections.';
COMMENT ON COLUMN smintio_objects_history.version IS 'Smint.io record version; moves when a push changes it.';
COMMENT ON COLUMN smintio_objects_history.updated_at IS 'When Smint.io last changed the record.';
COMMENT ON COLUMN smintio_objects_history.approval_status IS 'Assets: creative approval in Smint.io (pending, approved, rejected).';
COMMENT ON COLUMN smintio_objects_history.rights_clearance IS 'Assets: rights clearance in Smint.io (pending, cleared, restricted).';
COMMENT ON COLUMN smintio_objects_history.status_updated_at IS 'When the approval or clearance last changed.';
COMMENT ON COLUMN smintio_objects_history.fields IS 'Pushed fields: name, locale (localized strings; empty when none), channel (always empty), value as canonical JSON.';
COMMENT ON COLUMN smintio_objects_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN smintio_objects_history._valid_from IS 'When launchsync first saw this version.';
COMMENT ON COLUMN smintio_objects_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN smintio_objects_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN smintio_objects_history._run_id IS 'Run that brought this version.';
CREATE VIEW smintio_objects AS
SELECT * EXCLUDE (_hash, _valid_to) FROM smintio_objects_history WHERE _valid_to IS NULL;
COMMENT ON VIEW smintio_objects IS 'Current records launchsync pushed to Smint.io.';
CREATE VIEW smintio_values AS
SELECT o.id AS object_id, o.kind, f.name AS field, f.locale, f.channel, f.value
FROM smintio_objects o, unnest(o.fields) AS u(f);
COMMENT ON VIEW smintio_values IS 'Current field values of pushed Smint.io records, one row per record, field and locale; value is JSON text.';

CREATE TABLE smintio_binaries (
    transaction_id VARCHAR NOT NULL,
    binary_uuid VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    sha256 VARCHAR NOT NULL,
    bytes BIGINT NOT NULL,
    fetched_at TIMESTAMPTZ NOT NULL,
    run_id VARCHAR NOT NULL
);
COMMENT ON TABLE smintio_binaries IS 'Licensed binaries launchsync downloaded (S3), with their checksum; downloaded once per binary version.';
COMMENT ON COLUMN smintio_binaries.transaction_id IS 'License purchase transaction.';
COMMENT ON COLUMN smintio_binaries.binary_uuid IS 'Binary uuid.';
COMMENT ON COLUMN smintio_binaries.version IS 'Binary version.';
COMMENT ON COLUMN smintio_binaries.sha256 IS 'SHA-256 of the content.';
COMMENT ON COLUMN smintio_binaries.bytes IS 'Size in bytes.';
COMMENT ON COLUMN smintio_binaries.fetched_at IS 'When it was downloaded.';
COMMENT ON COLUMN smintio_binaries.run_id IS 'Run that downloaded it.';

-- Rights, as analysts query them: one row per license, term, territory and usage.
CREATE VIEW smintio_rights AS
SELECT t.id AS transaction_id, f.id AS file_id, t.name[1].value AS content_name, t.provider,
       t.license_type, t.state, term.sequence_number AS term,
       coalesce(territory, 'WORLD') AS territory, coalesce(usage, 'any') AS usage,
       term.valid_from, term.valid_until, term.is_editorial_use,
       CASE WHEN t.state <> 'completed' THEN 'revoked'
            WHEN term.is_editorial_use THEN 'editorial_only'
            WHEN term.valid_until < now() THEN 'expired'
            WHEN term.valid_from > now() THEN 'not_yet_valid'
            ELSE 'cleared' END AS status
FROM smintio_license_transactions t
CROSS JOIN unnest(CASE WHEN len(t.license_terms) = 0
                       THEN [{'sequence_number': 0, 'name': NULL, 'usages': [], 'territories': [],
                              'valid_from': NULL, 'valid_until': NULL, 'is_editorial_use': false}]
                       ELSE t.license_terms END) AS u(term)
CROSS JOIN unnest(CASE WHEN len(term.territories) = 0 THEN [NULL] ELSE term.territories END) AS g(territory)
CROSS JOIN unnest(CASE WHEN len(term.usages) = 0 THEN [NULL] ELSE term.usages END) AS s(usage)
LEFT JOIN (SELECT o.id, json_extract_string(v.value, '$') AS smintio_id
           FROM fourallportal_objects o JOIN fourallportal_values v ON v.object_id = o.id
           WHERE o.module = 'file' AND v.field = 'smintio_id') f ON f.smintio_id = t.id;
COMMENT ON VIEW smintio_rights IS 'Licensed content rights: per license purchase, term, territory (WORLD: anywhere) and usage (any: unrestricted), with validity and status (cleared, expired, not_yet_valid, editorial_only, revoked), and the 4ALLPORTAL file holding it.';

CREATE VIEW smintio_channel_rights AS
SELECT r.transaction_id, c.channel, r.territory, r.valid_from, r.valid_until
FROM smintio_rights r
JOIN channels c ON r.usage = 'any' OR r.usage IN (SELECT usage FROM channel_usages u WHERE u.channel = c.channel)
WHERE r.status = 'cleared';
COMMENT ON VIEW smintio_channel_rights IS 'Where and in which channel licensed content may be used today: cleared terms whose usage the channel needs.';

CREATE VIEW smintio_license_status AS
WITH terms AS (
    SELECT transaction_id,
           bool_or(status = 'cleared') AS in_force,
           bool_or(status = 'editorial_only' AND coalesce(valid_from <= now(), true)
                   AND coalesce(valid_until >= now(), true)) AS editorial_now,
           bool_or(coalesce(valid_from > now(), false)) AS upcoming,
           max(valid_until) AS valid_until, bool_or(valid_until IS NULL) AS open_ended
    FROM smintio_rights GROUP BY transaction_id
),
cleared AS (
    SELECT transaction_id,
           list(DISTINCT channel ORDER BY channel) AS channels,
           list(DISTINCT territory ORDER BY territory) AS territories
    FROM smintio_channel_rights GROUP BY transaction_id
),
usages AS (
    SELECT transaction_id, list(DISTINCT usage ORDER BY usage) AS usages
    FROM smintio_rights GROUP BY transaction_id
)
SELECT t.id AS transaction_id,
       CASE WHEN t.state <> 'completed' THEN 'revoked'
            WHEN s.in_force THEN 'cleared'
            WHEN s.editorial_now THEN 'editorial_only'
            WHEN s.upcoming THEN 'not_yet_valid'
            ELSE 'expired' END AS rights_status,
       CASE WHEN t.state = 'completed' THEN coalesce(c.channels, []) ELSE [] END AS commerce_channels,
       CASE WHEN t.state = 'completed' THEN coalesce(c.territories, []) ELSE [] END AS territories,
       u.usages,
       CASE WHEN s.open_ended THEN NULL ELSE s.valid_until END AS valid_until
FROM smintio_license_transactions t
JOIN terms s ON s.transaction_id = t.id
JOIN usages u ON u.transaction_id = t.id
LEFT JOIN cleared c ON c.transaction_id = t.id;
COMMENT ON VIEW smintio_license_status IS 'Per license purchase: overall rights status (cleared: a non-editorial term is in force today; else editorial_only, not_yet_valid or expired; revoked: purchase not completed), the channels and territories it may be used in today, its usages and when it ends (null: open-ended).';

-- 4ALLPORTAL files with the Smint.io fields.
CREATE OR REPLACE VIEW fourallportal_files AS
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
                FILTER (WHERE v.field = 'renditions'), []) AS renditions,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'source') AS source,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'smintio_id') AS smintio_id,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'replaces') AS replaces,
       coalesce(any_value(from_json(v.value, '["VARCHAR"]')) FILTER (WHERE v.field = 'tags'), []) AS tags,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'rights_status') AS rights_status,
       any_value(from_json(v.value, '["VARCHAR"]')) FILTER (WHERE v.field = 'commerce_channels') AS commerce_channels,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'creative_approval') AS creative_approval,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'rights_clearance') AS rights_clearance
FROM fourallportal_objects o
LEFT JOIN v ON v.object_id = o.id
WHERE o.module = 'file'
GROUP BY o.id, o.type, o.mod_time;
COMMENT ON VIEW fourallportal_files IS 'Current 4ALLPORTAL DAM files with their fields as columns (products: linked product object ids; source: smintio_license or smintio_campaign for files launchsync brought from Smint.io).';

-- S1, S7: approved 4ALLPORTAL assets for creatives; retired or withdrawn ones leave Smint.io.
CREATE VIEW smintio_desired_assets AS
WITH styles AS (
    SELECT f.id, list(DISTINCT json_extract_string(v.value, '$') ORDER BY json_extract_string(v.value, '$')) AS style_numbers
    FROM (SELECT id, unnest(products) AS product_id FROM fourallportal_files) f
    JOIN fourallportal_values v ON v.object_id = f.product_id AND v.field = 'style_number' AND v.locale = ''
    GROUP BY f.id
)
SELECT f.id AS key, f.name, f.asset_type, f.type AS file_type,
       coalesce(s.style_numbers, CASE WHEN f.style_number IS NOT NULL THEN [f.style_number] END) AS style_numbers,
       f.color_code, f.locale,
       CASE WHEN len(f.renditions) > 0 THEN f.renditions END AS renditions,
       CASE WHEN len(f.tags) > 0 THEN f.tags END AS tags,
       f.replaces
FROM fourallportal_files f
LEFT JOIN styles s ON s.id = f.id
WHERE f.approval_status = 'approved'
  AND coalesce(f.distribution_status, '') <> 'withdrawn'
  AND f.smintio_id IS NULL
  AND f.asset_type IN (SELECT asset_type FROM creative_asset_types);
COMMENT ON VIEW smintio_desired_assets IS 'S1/S7: approved, not withdrawn 4ALLPORTAL assets of the configured types, as Smint.io assets (key: file id). Files that came from Smint.io are not sent back.';

-- S2: product cards from 4ALLPORTAL products of transferred styles.
CREATE VIEW fourallportal_product_values AS
SELECT p.style_id, p.product_id, v.field, v.locale, v.channel, v.value
FROM transferred_products p JOIN fourallportal_values v ON v.object_id = p.product_id;
COMMENT ON VIEW fourallportal_product_values IS 'Field values of the 4ALLPORTAL products of transferred styles.';

CREATE VIEW smintio_desired_product_cards AS
WITH plain AS (
    SELECT style_id,
           any_value(json_extract_string(value, '$')) FILTER (WHERE field = 'style_number') AS style_number,
           any_value(json_extract_string(value, '$')) FILTER (WHERE field = 'category_1') AS category_1,
           any_value(json_extract_string(value, '$')) FILTER (WHERE field = 'category_2') AS category_2,
           any_value(json_extract_string(value, '$')) FILTER (WHERE field = 'season') AS season_id,
           any_value(json_extract_string(value, '$')) FILTER (WHERE field = 'collection') AS collection_id,
           any_value(value) FILTER (WHERE field = 'care_symbols') AS care_symbols,
           any_value(value) FILTER (WHERE field = 'composition') AS composition,
           any_value(value) FILTER (WHERE field = 'fit') AS fit,
           any_value(value) FILTER (WHERE field = 'materials') AS materials
    FROM fourallportal_product_values WHERE locale = '' AND channel = ''
    GROUP BY style_id
),
texts AS (
    SELECT style_id,
           list({'locale': locale, 'channel': '', 'value': json_extract_string(value, '$')} ORDER BY locale)
               FILTER (WHERE field = 'consumer_title') AS name__dims,
           list({'locale': locale, 'channel': '', 'value': json_extract_string(value, '$')} ORDER BY locale)
               FILTER (WHERE field = 'marketing_copy') AS description__dims
    FROM fourallportal_product_values
    WHERE locale <> '' AND channel = (SELECT value FROM rule_settings WHERE name = 'readiness_channel')
    GROUP BY style_id
),
skus AS (
    SELECT p.style_id,
           list({'sku': json_extract_string(sku.value, '$'), 'gtin': json_extract_string(gtin.value, '$'),
                 'size': json_extract_string(size.value, '$'), 'color_code': json_extract_string(color.value, '$')}
                ORDER BY json_extract_string(sku.value, '$'), json_extract_string(color.value, '$'),
                         json_extract_string(size.value, '$'), json_extract_string(gtin.value, '$')) AS skus
    FROM transferred_products p
    JOIN fourallportal_values link ON link.module = 'variant' AND link.field = 'product'
                                   AND json_extract_string(link.value, '$') = p.product_id
    LEFT JOIN fourallportal_values sku ON sku.object_id = link.object_id AND sku.field = 'sku'
    LEFT JOIN fourallportal_values gtin ON gtin.object_id = link.object_id AND gtin.field = 'gtin'
    LEFT JOIN fourallportal_values size ON size.object_id = link.object_id AND size.field = 'size'
    LEFT JOIN fourallportal_values color ON color.object_id = link.object_id AND color.field = 'color_code'
    GROUP BY p.style_id
),
assets AS (
    SELECT p.style_id, list(DISTINCT a.key ORDER BY a.key) AS assets
    FROM transferred_products p
    JOIN fourallportal_files f ON list_contains(f.products, p.product_id)
    JOIN smintio_desired_assets a ON a.key = f.id
    GROUP BY p.style_id
),
classes AS (
    SELECT o.id, json_extract_string(v.value, '$') AS code
    FROM fourallportal_objects o JOIN fourallportal_values v ON v.object_id = o.id AND v.field = 'code'
    WHERE o.module = 'classification'
)
SELECT p.style_id AS key, p.style_number,
       nullif(concat_ws(' / ', p.category_1, p.category_2), '') AS category,
       se.code AS season, co.code AS collection,
       t.name__dims, t.description__dims, s.skus,
       CASE WHEN coalesce(p.care_symbols, p.composition, p.fit, p.materials) IS NOT NULL THEN
           json_object('care_symbols', json(p.care_symbols), 'composition', json(p.composition),
                       'fit', json(p.fit), 'materials', json(p.materials)) END AS technical__json,
       a.assets
FROM plain p
LEFT JOIN texts t USING (style_id)
LEFT JOIN skus s USING (style_id)
LEFT JOIN assets a USING (style_id)
LEFT JOIN classes se ON se.id = p.season_id
LEFT JOIN classes co ON co.id = p.collection_id;
COMMENT ON VIEW smintio_desired_product_cards IS 'S2: a product card per transferred product: style number, category, season and collection, SKUs, technical attributes, consumer title and marketing copy per locale, and its assets in Smint.io (key: Centric style id).';

-- S5: per market and channel, the assets, product cards and licensed content regional teams may use.
CREATE VIEW smintio_desired_market_sets AS
WITH cells AS (SELECT m.market, m.locale, c.channel FROM markets m CROSS JOIN channels c),
assets AS (
    SELECT c.market, c.channel, list(DISTINCT a.key ORDER BY a.key) AS ids
    FROM cells c JOIN smintio_desired_assets a
      ON (a.locale IS NULL OR a.locale = c.locale)
     AND (a.asset_type IN ('packshot', 'logo', 'campaign_visual')
          OR (a.asset_type IN ('lifestyle', 'video') AND c.channel <> 'print')
          OR (a.asset_type IN ('technical_document', 'datasheet') AND c.channel = 'print'))
    GROUP BY c.market, c.channel
),
cards AS (
    SELECT c.market, c.channel, list(DISTINCT pc.key ORDER BY pc.key) AS ids
    FROM cells c JOIN smintio_desired_product_cards pc
      ON list_contains([d.locale FOR d IN coalesce(pc.name__dims, [])], c.locale)
    GROUP BY c.market, c.channel
),
licensed AS (
    SELECT c.market, c.channel, list(DISTINCT r.transaction_id ORDER BY r.transaction_id) AS ids
    FROM cells c JOIN smintio_channel_rights r
      ON r.channel = c.channel AND r.territory IN (c.market, 'WORLD')
    GROUP BY c.market, c.channel
)
SELECT 'market:' || c.market || ':' || c.channel AS key,
       c.market || ' ' || c.channel AS name, 'market_channel' AS purpose, c.market, c.channel,
       a.ids AS assets, k.ids AS product_cards, l.ids AS licensed_content
FROM cells c
LEFT JOIN assets a USING (market, channel)
LEFT JOIN cards k USING (market, channel)
LEFT JOIN licensed l USING (market, channel);
COMMENT ON VIEW smintio_desired_market_sets IS 'S5: a Smint.io collection per market and channel: the assets fit for it (locale, type), product cards with copy in its language, licensed stock cleared for its territory and usage.';

-- S8: per catalog (collection of a season), the product cards and print-ready media for collateral.
CREATE VIEW smintio_desired_collateral AS
WITH print_width AS (SELECT CAST(value AS INTEGER) AS width FROM rule_settings WHERE name = 'print_min_width'),
cards AS (
    SELECT season, collection, list(key ORDER BY key) AS ids
    FROM smintio_desired_product_cards WHERE collection IS NOT NULL
    GROUP BY season, collection
),
printable AS (
    SELECT key FROM smintio_desired_assets
    WHERE asset_type IN ('technical_document', 'datasheet', 'logo')
       OR list_max([r.width FOR r IN coalesce(renditions, [])]) >= (SELECT width FROM print_width)
),
media AS (
    SELECT season, collection, list(DISTINCT asset ORDER BY asset) AS ids
    FROM (SELECT season, collection, unnest(assets) AS asset FROM smintio_desired_product_cards
          WHERE collection IS NOT NULL)
    WHERE asset IN (SELECT key FROM printable)
    GROUP BY season, collection
)
SELECT 'catalog:' || coalesce(c.season, '-') || ':' || c.collection AS key,
       coalesce(c.season || ' ', '') || c.collection || ' line card' AS name, 'catalog' AS purpose,
       (SELECT value FROM rule_settings WHERE name = 'collateral_channel') AS channel,
       c.season, c.collection, m.ids AS assets, c.ids AS product_cards
FROM cards c
LEFT JOIN media m ON m.collection = c.collection AND m.season IS NOT DISTINCT FROM c.season;
COMMENT ON VIEW smintio_desired_collateral IS 'S8: a Smint.io collection per season collection for brochures and line cards: its product cards and their print-ready assets.';

CREATE VIEW smintio_managed AS
SELECT kind, id AS key, id AS object_id,
       CASE WHEN kind <> 'collections' THEN kind
            WHEN id LIKE 'market:%' THEN 'market_sets'
            WHEN id LIKE 'catalog:%' THEN 'collateral' END AS set_kind
FROM smintio_objects;
COMMENT ON VIEW smintio_managed IS 'Records launchsync pushed to Smint.io and may change or retire (set_kind tells market sets from collateral).';

-- S3, S4: licensed stock and finalized campaign assets as 4ALLPORTAL files.
CREATE VIEW fourallportal_smintio_files AS
SELECT source, smintio_id AS key, min(id) AS object_id
FROM fourallportal_files WHERE smintio_id IS NOT NULL
GROUP BY source, smintio_id;
COMMENT ON VIEW fourallportal_smintio_files IS 'The 4ALLPORTAL file launchsync made for each Smint.io license purchase or campaign asset.';

CREATE VIEW fourallportal_desired_licensed_files AS
SELECT t.id AS key,
       CASE WHEN t.binaries[1].content_type LIKE 'video/%' THEN 'video' ELSE 'image' END AS type,
       coalesce(t.name[1].value, t.id) AS name, 'stock' AS asset_type,
       CASE WHEN s.rights_status = 'cleared' THEN 'approved' ELSE 'draft' END AS approval_status,
       'smintio_license' AS source, t.id AS smintio_id, t.license_type, t.copyright,
       s.rights_status, s.commerce_channels, s.territories AS rights_territories,
       s.usages AS rights_usages, strftime(s.valid_until, '%Y-%m-%dT%H:%M:%SZ') AS rights_valid_until,
       list_bool_or([term.is_editorial_use FOR term IN t.license_terms]) AS editorial_only,
       [{'sequence_number': term.sequence_number, 'usages': term.usages, 'territories': term.territories,
         'valid_from': strftime(term.valid_from, '%Y-%m-%dT%H:%M:%SZ'),
         'valid_until': strftime(term.valid_until, '%Y-%m-%dT%H:%M:%SZ'),
         'is_editorial_use': term.is_editorial_use} FOR term IN t.license_terms] AS license_terms,
       CASE WHEN len(t.keywords) > 0 THEN list_distinct(flatten([k.value FOR k IN t.keywords])) END AS keywords,
       [{'name': 'original', 'width': b.width, 'height': b.height} FOR b IN t.binaries] AS renditions,
       bin.sha256 AS checksum
FROM smintio_license_transactions t
JOIN smintio_license_status s ON s.transaction_id = t.id
LEFT JOIN smintio_binaries bin ON bin.transaction_id = t.id AND bin.binary_uuid = t.binaries[1].uuid
                              AND bin.version = t.binaries[1].version
WHERE t.can_be_synced;
COMMENT ON VIEW fourallportal_desired_licensed_files IS 'S3: licensed stock as 4ALLPORTAL files with rights metadata (key: transaction uuid). Editorial-only, expired, not yet valid or canceled licenses are flagged and offered for no channel.';

CREATE VIEW fourallportal_desired_campaign_files AS
WITH products AS (
    SELECT c.id, list(DISTINCT o.id ORDER BY o.id) AS ids
    FROM (SELECT id, unnest(style_numbers) AS style_number FROM smintio_campaign_assets) c
    JOIN fourallportal_values v ON v.module = 'product' AND v.field = 'style_number'
                               AND json_extract_string(v.value, '$') = c.style_number
    JOIN fourallportal_current o ON o.id = v.object_id
    GROUP BY c.id
),
stock AS (
    SELECT c.id,
           list(DISTINCT coalesce(s.rights_status, 'unknown') ORDER BY coalesce(s.rights_status, 'unknown'))
               FILTER (WHERE coalesce(s.rights_status, 'unknown') <> 'cleared') AS problems
    FROM (SELECT id, unnest(transactions) AS tx FROM smintio_campaign_assets) c
    LEFT JOIN smintio_license_status s ON s.transaction_id = c.tx
    GROUP BY c.id
)
SELECT a.id AS key, 'image' AS type, coalesce(a.name[1].value, a.id) AS name,
       'campaign_visual' AS asset_type,
       CASE a.approval_status WHEN 'approved' THEN 'approved' WHEN 'rejected' THEN 'retired' ELSE 'draft' END AS approval_status,
       'smintio_campaign' AS source, a.id AS smintio_id,
       CASE WHEN len(a.tags) > 0 THEN a.tags END AS tags,
       a.style_numbers[1] AS style_number, p.ids AS products,
       [{'name': r.name, 'width': r.width, 'height': r.height} FOR r IN a.renditions] AS renditions,
       coalesce(st.problems[1], 'cleared') AS rights_status,
       CASE WHEN st.problems IS NULL OR len(st.problems) = 0 THEN a.channels ELSE [] END AS commerce_channels
FROM smintio_campaign_assets a
LEFT JOIN products p ON p.id = a.id
LEFT JOIN stock st ON st.id = a.id
WHERE a.state = 'finalized'
  AND (a.approval_status = 'approved'
       OR a.id IN (SELECT key FROM fourallportal_smintio_files WHERE source = 'smintio_campaign'));
COMMENT ON VIEW fourallportal_desired_campaign_files IS 'S4: approved finalized campaign assets as 4ALLPORTAL files with product links, tags and renditions (key: campaign asset uuid); one rejected later is retired, one that uses stock whose rights are not cleared (or unknown) is offered for no channel.';

-- S6: creative approval and rights clearance from Smint.io on the 4ALLPORTAL file.
CREATE VIEW fourallportal_desired_creative_status AS
SELECT o.id AS key, o.approval_status AS creative_approval, o.rights_clearance
FROM smintio_objects o
JOIN fourallportal_files f ON f.id = o.id
WHERE o.kind = 'assets';
COMMENT ON VIEW fourallportal_desired_creative_status IS 'S6: Smint.io creative approval and rights clearance of each asset, on its 4ALLPORTAL file.';
