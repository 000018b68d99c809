-- Where an incremental pull starts: besides the newest modification landed, each cursor keeps
-- when the last complete read of its entity began, on the source's clock (from its Date
-- header). The next pull starts the overlap window before the later of the two, so a burst of
-- changes (a bulk import, launchsync's own writes) is read again once, not on every run until
-- something newer is modified.

ALTER TABLE sync_cursors ADD COLUMN read_at TIMESTAMPTZ;
COMMENT ON COLUMN sync_cursors.read_at IS 'When the last complete read of the entity began, on the source''s clock (its Date header); null when the source sent none. The next incremental pull starts sync.overlap_seconds before the later of this and cursor.';
