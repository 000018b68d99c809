-- Two views that counted or offered too much.
--
-- readiness_blocker_counts counted a colorway once per code of a kind (LOCALE_MISSING for five
-- fields counted it five times); it now counts each colorway once per blocker kind.
-- smintio_desired_market_sets offered a collection for every channel in every market; a market
-- has only the channels it sells through (markets.channels).
-- Replacing a view drops its column comments, so they are given again.

CREATE OR REPLACE VIEW readiness_blocker_counts AS
SELECT split_part(code, ':', 1) AS blocker, r.market, r.channel, s.season,
       count(DISTINCT (r.style_id, r.color_code)) AS variants, count(DISTINCT r.style_id) AS styles
FROM (SELECT *, unnest(blockers) AS code FROM readiness) r JOIN readiness_styles s USING (style_id)
GROUP BY ALL;
COMMENT ON VIEW readiness_blocker_counts IS 'How many colorways and styles each blocker (code without its parameters) holds back, per market, channel and season.';
COMMENT ON COLUMN readiness_blocker_counts.blocker IS 'Blocker code without its parameters (the part before the first colon).';
COMMENT ON COLUMN readiness_blocker_counts.market IS 'Market code.';
COMMENT ON COLUMN readiness_blocker_counts.channel IS 'Channel.';
COMMENT ON COLUMN readiness_blocker_counts.season IS 'Season code.';
COMMENT ON COLUMN readiness_blocker_counts.variants IS 'Colorways (readiness rows) it blocks.';
COMMENT ON COLUMN readiness_blocker_counts.styles IS 'Styles it blocks.';

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
COMMENT ON VIEW smintio_desired_market_sets IS 'S5: a Smint.io collection per market and each channel it sells through: the assets fit for it (locale, type), product cards with copy in its language, licensed stock cleared for its territory and usage.';
COMMENT ON COLUMN smintio_desired_market_sets.key IS 'Key: market:<market>:<channel>.';
COMMENT ON COLUMN smintio_desired_market_sets.name IS 'Field name: <market> <channel>.';
COMMENT ON COLUMN smintio_desired_market_sets.purpose IS 'Field purpose: always market_channel.';
COMMENT ON COLUMN smintio_desired_market_sets.market IS 'Field market: market code.';
COMMENT ON COLUMN smintio_desired_market_sets.channel IS 'Field channel.';
COMMENT ON COLUMN smintio_desired_market_sets.assets IS 'Field assets: keys of the assets fit for it: without a locale or in the market locale; packshots, logos and campaign visuals anywhere, lifestyle images and videos outside print, technical documents and datasheets in print; null when none.';
COMMENT ON COLUMN smintio_desired_market_sets.product_cards IS 'Field product_cards: keys of the product cards with a name in the market locale; null when none.';
COMMENT ON COLUMN smintio_desired_market_sets.licensed_content IS 'Field licensed_content: license transaction uuids cleared today for the channel in the market (or WORLD); null when none.';
