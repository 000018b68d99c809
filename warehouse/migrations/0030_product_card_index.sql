-- The market sets (S5) and the collateral (S8) read only a product card's key, season,
-- collection, assets and name locales, yet each built every whole card (SKUs, texts, technical
-- attributes), and the collateral built them twice: at 100,000 SKUs a fifth of each view's
-- time, paid once to choose what to compare and again to look for deletes. Those columns now
-- come from smintio_product_card_index, which the product cards view reads as well, so the
-- three views agree on them by construction. Every view returns the same rows as before.
-- Replacing a view drops its column comments, so they are given again.

CREATE VIEW smintio_product_card_index AS
WITH plain AS (
    SELECT style_id,
           any_value(json_extract_string(value, '$')) FILTER (WHERE field = 'season') AS season_id,
           any_value(json_extract_string(value, '$')) FILTER (WHERE field = 'collection') AS collection_id
    FROM fourallportal_product_values WHERE locale = '' AND channel = ''
    GROUP BY style_id
),
names AS (
    SELECT style_id, list(DISTINCT locale ORDER BY locale) AS locales
    FROM fourallportal_product_values
    WHERE field = 'consumer_title' AND locale <> ''
      AND channel = (SELECT value FROM rule_settings WHERE name = 'readiness_channel')
    GROUP BY style_id
),
assets AS (
    SELECT p.style_id, list(DISTINCT a.key ORDER BY a.key) AS assets
    FROM transferred_products p
    JOIN (SELECT id, unnest(products) AS product_id FROM fourallportal_files) f
      ON f.product_id = p.product_id
    JOIN smintio_desired_assets a ON a.key = f.id
    GROUP BY p.style_id
),
classes AS (
    SELECT o.id, json_extract_string(v.value, '$') AS code
    FROM fourallportal_objects o JOIN fourallportal_values v ON v.object_id = o.id AND v.field = 'code'
    WHERE o.module = 'classification'
)
SELECT p.style_id AS key, se.code AS season, co.code AS collection, n.locales AS name_locales,
       a.assets
FROM plain p
LEFT JOIN names n USING (style_id)
LEFT JOIN assets a USING (style_id)
LEFT JOIN classes se ON se.id = p.season_id
LEFT JOIN classes co ON co.id = p.collection_id;
COMMENT ON VIEW smintio_product_card_index IS 'What the market sets and collateral read of each product card (smintio_desired_product_cards): its key, season, collection, assets and the locales it has a name in.';
COMMENT ON COLUMN smintio_product_card_index.key IS 'The Centric style id (the product card key).';
COMMENT ON COLUMN smintio_product_card_index.season IS 'Season code, from the 4ALLPORTAL classification.';
COMMENT ON COLUMN smintio_product_card_index.collection IS 'Collection code, from the 4ALLPORTAL classification.';
COMMENT ON COLUMN smintio_product_card_index.name_locales IS 'Locales with a consumer_title for the readiness channel (the locales of the card''s name); null when none.';
COMMENT ON COLUMN smintio_product_card_index.assets IS 'Keys of the product''s files sent to Smint.io as assets (smintio_desired_assets); null when none.';

CREATE OR REPLACE VIEW smintio_desired_product_cards AS
WITH plain AS (
    SELECT style_id,
           any_value(json_extract_string(value, '$')) FILTER (WHERE field = 'style_number') AS style_number,
           any_value(json_extract_string(value, '$')) FILTER (WHERE field = 'category_1') AS category_1,
           any_value(json_extract_string(value, '$')) FILTER (WHERE field = 'category_2') AS category_2,
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
)
SELECT p.style_id AS key, p.style_number,
       nullif(concat_ws(' / ', p.category_1, p.category_2), '') AS category,
       i.season, i.collection, t.name__dims, t.description__dims, s.skus,
       CASE WHEN coalesce(p.care_symbols, p.composition, p.fit, p.materials) IS NOT NULL THEN
           json_object('care_symbols', json(p.care_symbols), 'composition', json(p.composition),
                       'fit', json(p.fit), 'materials', json(p.materials)) END AS technical__json,
       i.assets
FROM plain p
JOIN smintio_product_card_index i ON i.key = p.style_id
LEFT JOIN texts t USING (style_id)
LEFT JOIN skus s USING (style_id);
COMMENT ON VIEW smintio_desired_product_cards IS 'S2: a product card per transferred product: style number, category, season and collection, SKUs, technical attributes, consumer title and marketing copy per locale, and its assets in Smint.io (key: Centric style id).';
COMMENT ON COLUMN smintio_desired_product_cards.key IS 'Key: the Centric style id.';
COMMENT ON COLUMN smintio_desired_product_cards.style_number IS 'Field style_number, from the 4ALLPORTAL product.';
COMMENT ON COLUMN smintio_desired_product_cards.category IS 'Field category: <category_1> / <category_2>; null when both are empty.';
COMMENT ON COLUMN smintio_desired_product_cards.season IS 'Field season: season code.';
COMMENT ON COLUMN smintio_desired_product_cards.collection IS 'Field collection: collection code.';
COMMENT ON COLUMN smintio_desired_product_cards.name__dims IS 'Field name. Columns ending in __dims hold a field with locale or channel dimensions as a list of {locale, channel, value}, one entry per locale and channel (empty: no such dimension); the field is the column name without the suffix. Smint.io fields have no channel, so channel is empty. Here the product''s consumer_title per locale, for the readiness channel (content.readiness_channel); null when none.';
COMMENT ON COLUMN smintio_desired_product_cards.description__dims IS 'Field description, as a list of {locale, channel, value} like name__dims: the product''s marketing_copy per locale, for the readiness channel; null when none.';
COMMENT ON COLUMN smintio_desired_product_cards.skus IS 'Field skus: sku, gtin, size and color_code of every variant of the product.';
COMMENT ON COLUMN smintio_desired_product_cards.technical__json IS 'Field technical. A column ending in __json holds the field value already encoded as JSON text; the field is the column name without the suffix. Here an object with the product''s care_symbols, composition, fit and materials; null when all four are empty.';
COMMENT ON COLUMN smintio_desired_product_cards.assets IS 'Field assets: keys of the product''s files sent to Smint.io as assets (smintio_desired_assets); null when none.';

CREATE OR REPLACE VIEW smintio_desired_market_sets AS
WITH cells AS (SELECT market, locale, unnest(channels) AS channel FROM markets),
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
    FROM cells c JOIN smintio_product_card_index pc
      ON list_contains(coalesce(pc.name_locales, []), c.locale)
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
COMMENT ON VIEW smintio_desired_market_sets IS 'S5: a Smint.io collection per market and each channel it sells through: the assets fit for it (locale, type), product cards with copy in its language, licensed stock cleared for its territory and usage.';
COMMENT ON COLUMN smintio_desired_market_sets.key IS 'Key: market:<market>:<channel>.';
COMMENT ON COLUMN smintio_desired_market_sets.name IS 'Field name: <market> <channel>.';
COMMENT ON COLUMN smintio_desired_market_sets.purpose IS 'Field purpose: always market_channel.';
COMMENT ON COLUMN smintio_desired_market_sets.market IS 'Field market: market code.';
COMMENT ON COLUMN smintio_desired_market_sets.channel IS 'Field channel.';
COMMENT ON COLUMN smintio_desired_market_sets.assets IS 'Field assets: keys of the assets fit for it: without a locale or in the market locale; packshots, logos and campaign visuals anywhere, lifestyle images and videos outside print, technical documents and datasheets in print; null when none.';
COMMENT ON COLUMN smintio_desired_market_sets.product_cards IS 'Field product_cards: keys of the product cards with a name in the market locale; null when none.';
COMMENT ON COLUMN smintio_desired_market_sets.licensed_content IS 'Field licensed_content: license transaction uuids cleared today for the channel in the market (or WORLD); null when none.';

CREATE OR REPLACE VIEW smintio_desired_collateral AS
WITH print_width AS (SELECT CAST(value AS INTEGER) AS width FROM rule_settings WHERE name = 'print_min_width'),
cards AS (
    SELECT season, collection, list(key ORDER BY key) AS ids
    FROM smintio_product_card_index WHERE collection IS NOT NULL
    GROUP BY season, collection
),
printable AS (
    SELECT key FROM smintio_desired_assets
    WHERE asset_type IN ('technical_document', 'datasheet', 'logo')
       OR list_max([r.width FOR r IN coalesce(renditions, [])]) >= (SELECT width FROM print_width)
),
media AS (
    SELECT season, collection, list(DISTINCT asset ORDER BY asset) AS ids
    FROM (SELECT season, collection, unnest(assets) AS asset FROM smintio_product_card_index
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
COMMENT ON COLUMN smintio_desired_collateral.key IS 'Key: catalog:<season code>:<collection code> (- when the season is unknown).';
COMMENT ON COLUMN smintio_desired_collateral.name IS 'Field name: <season> <collection> line card.';
COMMENT ON COLUMN smintio_desired_collateral.purpose IS 'Field purpose: always catalog.';
COMMENT ON COLUMN smintio_desired_collateral.channel IS 'Field channel: the collateral channel (smintio.collateral_channel).';
COMMENT ON COLUMN smintio_desired_collateral.season IS 'Field season: season code, from the 4ALLPORTAL classification.';
COMMENT ON COLUMN smintio_desired_collateral.collection IS 'Field collection: collection code, from the 4ALLPORTAL classification.';
COMMENT ON COLUMN smintio_desired_collateral.assets IS 'Field assets: print-ready assets of its product cards (technical documents, datasheets, logos, or a rendition at least print_min_width wide); null when none.';
COMMENT ON COLUMN smintio_desired_collateral.product_cards IS 'Field product_cards: keys (Centric style ids) of the product cards of the collection.';
