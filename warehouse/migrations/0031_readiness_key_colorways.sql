-- A readiness key is a colorway of a style in one of the market's channels. Judging built
-- every key (2.7M at 1M SKUs x 5 markets x 3 channels) and joined each to the findings of its
-- (style, market, channel) lane; it now builds the lanes (a fifth as many) and joins them to
-- the colorways of their style, which takes a third less time, and needs the colorways of a
-- key apart from the keys for that. readiness_keys is defined over the same view, so the two
-- agree by construction; it returns the same rows as before.
-- Replacing a view drops its column comments, so they are given again.

CREATE VIEW readiness_key_colorways AS
SELECT s.style_id, coalesce(c.color_code, '') AS color_code
FROM readiness_styles s LEFT JOIN readiness_colorways c USING (style_id);
COMMENT ON VIEW readiness_key_colorways IS 'The colorways readiness judges per style: its active colorways, or one with an empty code when it has none.';
COMMENT ON COLUMN readiness_key_colorways.style_id IS 'Centric style id.';
COMMENT ON COLUMN readiness_key_colorways.color_code IS 'Colour code of an active colorway; empty when the style has none.';

CREATE OR REPLACE VIEW readiness_keys AS
SELECT c.style_id, c.color_code, m.market, m.locale, unnest(m.channels) AS channel
FROM readiness_key_colorways c CROSS JOIN markets m;
COMMENT ON VIEW readiness_keys IS 'Every key readiness is judged for: (style, colorway, market, channel). A style without an active colorway has one key per market and channel with an empty colorway.';
COMMENT ON COLUMN readiness_keys.style_id IS 'Centric style id.';
COMMENT ON COLUMN readiness_keys.color_code IS 'Colour code of an active colorway; empty when the style has none.';
COMMENT ON COLUMN readiness_keys.market IS 'Market code.';
COMMENT ON COLUMN readiness_keys.locale IS 'Locale of the market''s content.';
COMMENT ON COLUMN readiness_keys.channel IS 'A channel the market sells through.';
