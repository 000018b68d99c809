-- Current field values of 4ALLPORTAL and Smint.io objects, kept unnested in tables.
-- fourallportal_values and smintio_values unnested the fields of every current object each
-- time a view read them, and the views that launchsync diffs read them many times: at 100,000
-- SKUs one Smint.io desired view took 15 s, nine tenths of it unnesting. The tables are kept
-- in step with the history tables whenever a version opens or closes (warehouse/history.py),
-- and the views read them.
-- Replacing a view drops its column comments, so they are given again.

CREATE TABLE fourallportal_current_values (
    object_id VARCHAR NOT NULL,
    module VARCHAR NOT NULL,
    type VARCHAR,
    centric_id VARCHAR,
    field VARCHAR,
    locale VARCHAR,
    channel VARCHAR,
    value VARCHAR
);
COMMENT ON TABLE fourallportal_current_values IS 'The field values of the current version of each 4ALLPORTAL object, one row per object, field, locale and channel (kept in step with fourallportal_objects_history; query fourallportal_values).';
COMMENT ON COLUMN fourallportal_current_values.object_id IS '4ALLPORTAL object id.';
COMMENT ON COLUMN fourallportal_current_values.module IS 'Module of the object.';
COMMENT ON COLUMN fourallportal_current_values.type IS 'Object type within the module.';
COMMENT ON COLUMN fourallportal_current_values.centric_id IS 'Centric id the object was made from; null for objects launchsync does not manage.';
COMMENT ON COLUMN fourallportal_current_values.field IS 'Field name.';
COMMENT ON COLUMN fourallportal_current_values.locale IS 'Locale dimension, empty when none.';
COMMENT ON COLUMN fourallportal_current_values.channel IS 'Channel dimension, empty when none.';
COMMENT ON COLUMN fourallportal_current_values.value IS 'Value as canonical JSON text.';

INSERT INTO fourallportal_current_values
SELECT h.id, h.module, h.type, h.centric_id, f.name, f.locale, f.channel, f.value
FROM fourallportal_objects_history h, unnest(h.fields) AS u(f)
WHERE h._valid_to IS NULL;

CREATE TABLE smintio_current_values (
    object_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    field VARCHAR,
    locale VARCHAR,
    channel VARCHAR,
    value VARCHAR
);
COMMENT ON TABLE smintio_current_values IS 'The field values of the current version of each record launchsync pushed to Smint.io, one row per record, field and locale (kept in step with smintio_objects_history; query smintio_values).';
COMMENT ON COLUMN smintio_current_values.object_id IS 'External id of the record.';
COMMENT ON COLUMN smintio_current_values.kind IS 'assets, product_cards or collections.';
COMMENT ON COLUMN smintio_current_values.field IS 'Field name.';
COMMENT ON COLUMN smintio_current_values.locale IS 'Locale of a localized string, empty when none.';
COMMENT ON COLUMN smintio_current_values.channel IS 'Always empty.';
COMMENT ON COLUMN smintio_current_values.value IS 'Value as canonical JSON text.';

INSERT INTO smintio_current_values
SELECT h.id, h.kind, f.name, f.locale, f.channel, f.value
FROM smintio_objects_history h, unnest(h.fields) AS u(f)
WHERE h._valid_to IS NULL;

CREATE OR REPLACE VIEW fourallportal_values AS
SELECT object_id, module, type, centric_id, field, locale, channel, value
FROM fourallportal_current_values;
COMMENT ON VIEW fourallportal_values IS 'Current 4ALLPORTAL field values, one row per object, field, locale and channel; value is JSON text.';
COMMENT ON COLUMN fourallportal_values.object_id IS '4ALLPORTAL object id.';
COMMENT ON COLUMN fourallportal_values.module IS 'Module of the object.';
COMMENT ON COLUMN fourallportal_values.type IS 'Object type within the module.';
COMMENT ON COLUMN fourallportal_values.centric_id IS 'Centric id the object was made from; null for objects launchsync does not manage.';
COMMENT ON COLUMN fourallportal_values.field IS 'Field name.';
COMMENT ON COLUMN fourallportal_values.locale IS 'Locale dimension, empty when none.';
COMMENT ON COLUMN fourallportal_values.channel IS 'Channel dimension, empty when none.';
COMMENT ON COLUMN fourallportal_values.value IS 'Value as canonical JSON text.';

CREATE OR REPLACE VIEW smintio_values AS
SELECT object_id, kind, field, locale, channel, value FROM smintio_current_values;
COMMENT ON VIEW smintio_values IS 'Current field values of pushed Smint.io records, one row per record, field and locale; value is JSON text.';
COMMENT ON COLUMN smintio_values.object_id IS 'External id of the record.';
COMMENT ON COLUMN smintio_values.kind IS 'assets, product_cards or collections.';
COMMENT ON COLUMN smintio_values.field IS 'Field name.';
COMMENT ON COLUMN smintio_values.locale IS 'Locale of a localized string, empty when none.';
COMMENT ON COLUMN smintio_values.channel IS 'Always empty.';
COMMENT ON COLUMN smintio_values.value IS 'Value as canonical JSON text.';
