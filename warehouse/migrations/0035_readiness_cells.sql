-- Readiness counted per (style, market, channel), a cell, kept up to date as readiness is:
-- each computation recounts the cells of the styles it judged. The totals, the matrix, the
-- trend snapshots and the blocker list read the cells (about a fifth as many rows as the keys)
-- instead of splitting every blocker code of every key: at 1M SKUs that took 1.5 s of each
-- run (7.8M codes) to list the blockers of a few changed styles.

CREATE MACRO readiness_cell_counts(source) AS TABLE
WITH cells AS (
    SELECT style_id, market, channel, count(*) AS keys, count(*) FILTER (WHERE ready) AS ready_keys
    FROM query_table(source) GROUP BY style_id, market, channel
),
-- Colorways of a cell mostly share their blockers: split each distinct list once.
lists AS (
    SELECT style_id, market, channel, blockers, count(*) AS keys
    FROM query_table(source) WHERE len(blockers) > 0
    GROUP BY style_id, market, channel, blockers
),
kinds AS (
    SELECT style_id, market, channel, kind, sum(keys)::BIGINT AS keys
    FROM (SELECT style_id, market, channel, keys,
                 unnest(list_distinct(list_transform(blockers, lambda b: split_part(b, ':', 1)))) AS kind
          FROM lists)
    GROUP BY style_id, market, channel, kind
),
kind_lists AS (
    SELECT style_id, market, channel, list({'kind': kind, 'keys': keys} ORDER BY kind) AS kinds
    FROM kinds GROUP BY style_id, market, channel
)
SELECT c.style_id, c.market, c.channel, c.keys, c.ready_keys,
       coalesce(k.kinds, []) AS kinds
FROM cells c LEFT JOIN kind_lists k USING (style_id, market, channel);
COMMENT ON MACRO TABLE readiness_cell_counts IS 'The cells of the readiness rows in the table or view named source (a VARCHAR with readiness''s columns), as readiness_cells holds them. Example: SELECT * FROM readiness_cell_counts(''readiness'').';

CREATE TABLE readiness_cells (
    style_id VARCHAR NOT NULL,
    market VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    keys BIGINT NOT NULL,
    ready_keys BIGINT NOT NULL,
    kinds STRUCT(kind VARCHAR, keys BIGINT)[] NOT NULL
);
INSERT INTO readiness_cells SELECT * FROM readiness_cell_counts('readiness');
COMMENT ON TABLE readiness_cells IS 'Readiness counted per (style, market, channel): the colorways judged and ready, and what holds them back. Recounted for the styles each computation judges; equal to readiness_cell_counts(''readiness'').';
COMMENT ON COLUMN readiness_cells.style_id IS 'Centric style id.';
COMMENT ON COLUMN readiness_cells.market IS 'Market.';
COMMENT ON COLUMN readiness_cells.channel IS 'Channel.';
COMMENT ON COLUMN readiness_cells.keys IS 'Colorways judged (readiness rows).';
COMMENT ON COLUMN readiness_cells.ready_keys IS 'Colorways ready.';
COMMENT ON COLUMN readiness_cells.kinds IS 'Each blocker kind (the code before its first colon) with the number of colorways it blocks, by kind.';
