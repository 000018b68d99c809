-- 4ALLPORTAL objects with full history, and current views of objects and of their field values.

CREATE TABLE fourallportal_objects_history (
    id VARCHAR NOT NULL,
    module VARCHAR NOT NULL,
    type VARCHAR,
    mod_time TIMESTAMPTZ,
    centric_id VARCHAR,
    fields STRUCT(name VARCHAR, locale VARCHAR, channel VARCHAR, value VARCHAR)[],
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE fourallportal_objects_history IS 'Every version of every 4ALLPORTAL object launchsync has read (modules product, variant, classification).';
COMMENT ON COLUMN fourallportal_objects_history.id IS '4ALLPORTAL object id (UUID).';
COMMENT ON COLUMN fourallportal_objects_history.module IS 'Module: product, variant or classification.';
COMMENT ON COLUMN fourallportal_objects_history.type IS 'Object type within the module (style, sku, season, collection).';
COMMENT ON COLUMN fourallportal_objects_history.mod_time IS '4ALLPORTAL mod_time: when the object last changed.';
COMMENT ON COLUMN fourallportal_objects_history.centric_id IS 'Centric id the object was made from (its centric_id field); null for objects launchsync does not manage.';
COMMENT ON COLUMN fourallportal_objects_history.fields IS 'Field values: name, locale and channel dimensions (empty string when none), value as canonical JSON.';
COMMENT ON COLUMN fourallportal_objects_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN fourallportal_objects_history._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN fourallportal_objects_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN fourallportal_objects_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN fourallportal_objects_history._run_id IS 'Run that brought this version.';

CREATE VIEW fourallportal_objects AS
SELECT * EXCLUDE (_hash, _valid_to) FROM fourallportal_objects_history WHERE _valid_to IS NULL;
COMMENT ON VIEW fourallportal_objects IS 'Current 4ALLPORTAL objects.';

CREATE VIEW fourallportal_values AS
SELECT o.id AS object_id, o.module, o.type, o.centric_id,
       f.name AS field, f.locale, f.channel, f.value
FROM fourallportal_objects o, unnest(o.fields) AS u(f);
COMMENT ON VIEW fourallportal_values IS 'Current 4ALLPORTAL field values, one row per object, field, locale and channel; value is JSON text.';
