-- A product card's assets were found by testing every file's product list against every
-- product (a nested loop: at 100,000 SKUs, 2,212 products by 20,402 files took 0.5 s of the
-- view's 0.7 s, and it grows with the square of the catalog). The files' product lists are
-- now unnested and joined on the product id.
-- Replacing a view drops its column comments, so they are given again.

CREATE OR REPLACE VIEW smintio_desired_product_cards AS
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
