-- Runs, pull snapshots, raw payloads, incremental cursors.

CREATE TABLE sync_runs (
    run_id VARCHAR NOT NULL,
    parent_run_id VARCHAR,
    flow VARCHAR NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status VARCHAR NOT NULL,
    parameters JSON,
    config_digest VARCHAR,
    counts JSON,
    error VARCHAR
);
COMMENT ON TABLE sync_runs IS 'One row per flow run: what it was asked, how it ended, what it counted.';
COMMENT ON COLUMN sync_runs.run_id IS 'Run id (the Prefect flow run id when run by Prefect).';
COMMENT ON COLUMN sync_runs.parent_run_id IS 'Run that started this one as a sub-step, if any.';
COMMENT ON COLUMN sync_runs.flow IS 'Flow name, e.g. c1-milestone-transfer.';
COMMENT ON COLUMN sync_runs.started_at IS 'When the run began.';
COMMENT ON COLUMN sync_runs.finished_at IS 'When the run ended; null while running or after a crash.';
COMMENT ON COLUMN sync_runs.status IS 'running, completed or failed.';
COMMENT ON COLUMN sync_runs.parameters IS 'Flow parameters as JSON.';
COMMENT ON COLUMN sync_runs.config_digest IS 'Digest of the launchsync.toml the run used.';
COMMENT ON COLUMN sync_runs.counts IS 'Counts as JSON: pulled, rejected, quarantined, pushed, per entity.';
COMMENT ON COLUMN sync_runs.error IS 'One-line error of a failed run.';

CREATE TABLE snapshots (
    snapshot_id VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    system VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    mode VARCHAR NOT NULL,
    modified_after TIMESTAMPTZ,
    pulled_at TIMESTAMPTZ NOT NULL,
    landed_at TIMESTAMPTZ,
    records INTEGER,
    rejected INTEGER,
    new_versions INTEGER,
    closed_versions INTEGER
);
COMMENT ON TABLE snapshots IS 'One row per pull of one entity from one system.';
COMMENT ON COLUMN snapshots.snapshot_id IS 'Snapshot id; history rows and raw payloads point here.';
COMMENT ON COLUMN snapshots.run_id IS 'Run that pulled it.';
COMMENT ON COLUMN snapshots.system IS 'centric or fourallportal.';
COMMENT ON COLUMN snapshots.entity IS 'Centric type (styles, skus, ...) or 4ALLPORTAL module (product, ...).';
COMMENT ON COLUMN snapshots.mode IS 'full (every record; missing ones are closed as deleted) or incremental.';
COMMENT ON COLUMN snapshots.modified_after IS 'Cursor an incremental pull asked for; null for full pulls.';
COMMENT ON COLUMN snapshots.pulled_at IS 'When the pull started; new history versions are valid from here.';
COMMENT ON COLUMN snapshots.landed_at IS 'When the records were merged into history; null if the run stopped first.';
COMMENT ON COLUMN snapshots.records IS 'Well-formed records received.';
COMMENT ON COLUMN snapshots.rejected IS 'Malformed records received (quarantined at landing).';
COMMENT ON COLUMN snapshots.new_versions IS 'History versions this snapshot added.';
COMMENT ON COLUMN snapshots.closed_versions IS 'Current versions it closed because the record disappeared (full pulls).';

CREATE TABLE raw_records (
    snapshot_id VARCHAR NOT NULL,
    system VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    record_key VARCHAR,
    payload JSON NOT NULL,
    pulled_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE raw_records IS 'Every record exactly as the API returned it, per snapshot.';
COMMENT ON COLUMN raw_records.snapshot_id IS 'Snapshot the record came with.';
COMMENT ON COLUMN raw_records.system IS 'centric or fourallportal.';
COMMENT ON COLUMN raw_records.entity IS 'Centric type or 4ALLPORTAL module.';
COMMENT ON COLUMN raw_records.record_key IS 'The record id, when it had one.';
COMMENT ON COLUMN raw_records.payload IS 'The record as JSON.';
COMMENT ON COLUMN raw_records.pulled_at IS 'When its snapshot was pulled.';

CREATE TABLE sync_cursors (
    system VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    cursor TIMESTAMPTZ NOT NULL,
    run_id VARCHAR NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE sync_cursors IS 'Latest modification time seen per system and entity; incremental pulls start just before it.';
COMMENT ON COLUMN sync_cursors.system IS 'centric or fourallportal.';
COMMENT ON COLUMN sync_cursors.entity IS 'Centric type or 4ALLPORTAL module.';
COMMENT ON COLUMN sync_cursors.cursor IS 'Highest _modified_at / mod_time landed so far.';
COMMENT ON COLUMN sync_cursors.run_id IS 'Run that last moved the cursor.';
COMMENT ON COLUMN sync_cursors.updated_at IS 'When the cursor moved.';

CREATE SCHEMA staging;
