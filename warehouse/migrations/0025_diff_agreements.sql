-- Records a diff found in agreement with their target, and digests of what it compared. A
-- later diff of the same mapping level compares only the records whose desired values or
-- target objects changed since (or that were never found in agreement), so a run's cost
-- follows what changed, not the size of the catalog. A full run (`launchsync sync --full`)
-- compares every record again.

CREATE TABLE diff_agreements (
    mapping VARCHAR NOT NULL,
    level INTEGER NOT NULL,
    record_key VARCHAR NOT NULL,
    desired_digest VARCHAR NOT NULL,
    target_digest VARCHAR,
    run_id VARCHAR NOT NULL,
    agreed_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE diff_agreements IS 'Records the last diff of a mapping level found in agreement with their target (nothing to write, no conflict), with digests of the desired record and of the target objects it compared; a record whose digests are unchanged is not compared again until a full run.';
COMMENT ON COLUMN diff_agreements.mapping IS 'Mapping, e.g. c1.variant.';
COMMENT ON COLUMN diff_agreements.level IS 'Write level of the mapping.';
COMMENT ON COLUMN diff_agreements.record_key IS 'Key of the record (as in field_changes.record_key).';
COMMENT ON COLUMN diff_agreements.desired_digest IS 'MD5 of the desired record as the mapping''s view (or ownership pairs) gave it.';
COMMENT ON COLUMN diff_agreements.target_digest IS 'Ids and content hashes of the current versions of the target objects of the record; null when the target held none.';
COMMENT ON COLUMN diff_agreements.run_id IS 'Run whose diff found the agreement.';
COMMENT ON COLUMN diff_agreements.agreed_at IS 'When that diff ran.';
