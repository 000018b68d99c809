-- Time travel over the history tables: the state of any entity as of a moment, every change
-- of every record (created, updated, deleted) with the run that saw it, field-level changes of
-- Centric records, and the changes between two runs.
--
-- Times are when launchsync saw a version (the pull that brought it), not when the source system
-- changed it; the source's own modification time is a column of each entity.

CREATE MACRO centric_apparel_bom_revisions_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM centric_apparel_bom_revisions_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE centric_apparel_bom_revisions_as_of IS 'centric_apparel_bom_revisions as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM centric_apparel_bom_revisions_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE MACRO centric_apparel_boms_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM centric_apparel_boms_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE centric_apparel_boms_as_of IS 'centric_apparel_boms as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM centric_apparel_boms_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE MACRO centric_collections_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM centric_collections_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE centric_collections_as_of IS 'centric_collections as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM centric_collections_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE MACRO centric_colorways_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM centric_colorways_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE centric_colorways_as_of IS 'centric_colorways as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM centric_colorways_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE MACRO centric_documents_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM centric_documents_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE centric_documents_as_of IS 'centric_documents as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM centric_documents_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE MACRO centric_images_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM centric_images_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE centric_images_as_of IS 'centric_images as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM centric_images_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE MACRO centric_materials_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM centric_materials_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE centric_materials_as_of IS 'centric_materials as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM centric_materials_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE MACRO centric_product_sizes_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM centric_product_sizes_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE centric_product_sizes_as_of IS 'centric_product_sizes as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM centric_product_sizes_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE MACRO centric_seasons_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM centric_seasons_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE centric_seasons_as_of IS 'centric_seasons as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM centric_seasons_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE MACRO centric_size_ranges_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM centric_size_ranges_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE centric_size_ranges_as_of IS 'centric_size_ranges as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM centric_size_ranges_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE MACRO centric_skus_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM centric_skus_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE centric_skus_as_of IS 'centric_skus as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM centric_skus_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE MACRO centric_styles_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM centric_styles_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE centric_styles_as_of IS 'centric_styles as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM centric_styles_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE MACRO fourallportal_objects_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM fourallportal_objects_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE fourallportal_objects_as_of IS 'fourallportal_objects as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM fourallportal_objects_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE MACRO smintio_campaign_assets_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM smintio_campaign_assets_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE smintio_campaign_assets_as_of IS 'smintio_campaign_assets as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM smintio_campaign_assets_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE MACRO smintio_license_transactions_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM smintio_license_transactions_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE smintio_license_transactions_as_of IS 'smintio_license_transactions as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM smintio_license_transactions_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE MACRO smintio_objects_as_of(ts) AS TABLE
    SELECT * EXCLUDE (_hash, _valid_to) FROM smintio_objects_history
    WHERE _valid_from <= ts AND (_valid_to IS NULL OR _valid_to > ts);
COMMENT ON MACRO TABLE smintio_objects_as_of IS 'smintio_objects as launchsync knew it at ts (a TIMESTAMPTZ): the version current then, also of records deleted since. Example: SELECT * FROM smintio_objects_as_of(TIMESTAMPTZ ''2027-03-01 00:00:00+00'').';

CREATE VIEW record_changes AS
WITH versions AS (
    SELECT 'centric' AS system, 'apparel_bom_revisions' AS entity, id, _valid_from, _valid_to, _run_id FROM centric_apparel_bom_revisions_history
    UNION ALL
    SELECT 'centric' AS system, 'apparel_boms' AS entity, id, _valid_from, _valid_to, _run_id FROM centric_apparel_boms_history
    UNION ALL
    SELECT 'centric' AS system, 'collections' AS entity, id, _valid_from, _valid_to, _run_id FROM centric_collections_history
    UNION ALL
    SELECT 'centric' AS system, 'colorways' AS entity, id, _valid_from, _valid_to, _run_id FROM centric_colorways_history
    UNION ALL
    SELECT 'centric' AS system, 'documents' AS entity, id, _valid_from, _valid_to, _run_id FROM centric_documents_history
    UNION ALL
    SELECT 'centric' AS system, 'images' AS entity, id, _valid_from, _valid_to, _run_id FROM centric_images_history
    UNION ALL
    SELECT 'centric' AS system, 'materials' AS entity, id, _valid_from, _valid_to, _run_id FROM centric_materials_history
    UNION ALL
    SELECT 'centric' AS system, 'product_sizes' AS entity, id, _valid_from, _valid_to, _run_id FROM centric_product_sizes_history
    UNION ALL
    SELECT 'centric' AS system, 'seasons' AS entity, id, _valid_from, _valid_to, _run_id FROM centric_seasons_history
    UNION ALL
    SELECT 'centric' AS system, 'size_ranges' AS entity, id, _valid_from, _valid_to, _run_id FROM centric_size_ranges_history
    UNION ALL
    SELECT 'centric' AS system, 'skus' AS entity, id, _valid_from, _valid_to, _run_id FROM centric_skus_history
    UNION ALL
    SELECT 'centric' AS system, 'styles' AS entity, id, _valid_from, _valid_to, _run_id FROM centric_styles_history
    UNION ALL
    SELECT 'fourallportal' AS system, module AS entity, id, _valid_from, _valid_to, _run_id FROM fourallportal_objects_history
    UNION ALL
    SELECT 'smintio' AS system, 'campaign_assets' AS entity, id, _valid_from, _valid_to, _run_id FROM smintio_campaign_assets_history
    UNION ALL
    SELECT 'smintio' AS system, 'license_transactions' AS entity, id, _valid_from, _valid_to, _run_id FROM smintio_license_transactions_history
    UNION ALL
    SELECT 'smintio' AS system, kind AS entity, id, _valid_from, _valid_to, _run_id FROM smintio_objects_history
),
ordered AS (
    SELECT *, lag(_valid_from) OVER w AS previous, lead(_valid_from) OVER w AS next
    FROM versions
    WINDOW w AS (PARTITION BY system, entity, id ORDER BY _valid_from)
)
SELECT system, entity, id, CASE WHEN previous IS NULL THEN 'created' ELSE 'updated' END AS change,
       _valid_from AS changed_at, _run_id AS run_id
FROM ordered
UNION ALL
SELECT o.system, o.entity, o.id, 'deleted', o._valid_to,
       (SELECT any_value(r.run_id) FROM sync_runs r
        WHERE o._valid_to BETWEEN r.started_at AND coalesce(r.finished_at, o._valid_to))
FROM ordered o
WHERE o._valid_to IS NOT NULL AND o.next IS NULL;
COMMENT ON VIEW record_changes IS 'Every change launchsync saw to a record of any system: created (first version), updated (a new version) or deleted (its last version closed by a full pull), when and in which run.';
COMMENT ON COLUMN record_changes.system IS 'centric, fourallportal or smintio.';
COMMENT ON COLUMN record_changes.entity IS 'Centric entity (styles, skus, ...), 4ALLPORTAL module (product, file, ...) or Smint.io kind.';
COMMENT ON COLUMN record_changes.id IS 'Record id in its system.';
COMMENT ON COLUMN record_changes.change IS 'created, updated or deleted.';
COMMENT ON COLUMN record_changes.changed_at IS 'When launchsync saw the change (the pull that brought or closed the version).';
COMMENT ON COLUMN record_changes.run_id IS 'Run that saw it.';

CREATE MACRO changes_between(from_run, to_run) AS TABLE
    SELECT c.* FROM record_changes c
    WHERE c.changed_at > (SELECT max(coalesce(finished_at, started_at)) FROM sync_runs WHERE run_id = from_run)
      AND c.changed_at <= (SELECT max(coalesce(finished_at, now())) FROM sync_runs WHERE run_id = to_run);
COMMENT ON MACRO TABLE changes_between IS 'Changes seen after run from_run finished, up to the end of run to_run. Example: SELECT entity, change, count(*) FROM changes_between(''<run a>'', ''<run b>'') GROUP BY ALL.';

CREATE VIEW centric_field_changes AS
WITH cells AS (
    SELECT 'apparel_bom_revisions' AS entity, id, _valid_from, _run_id, field, value FROM (
        UNPIVOT (SELECT id, _valid_from, _run_id,
                        coalesce(to_json(COLUMNS(* EXCLUDE (id, modified_at, _hash, _valid_from, _valid_to, _snapshot_id, _run_id))), JSON 'null')
                 FROM centric_apparel_bom_revisions_history)
        ON COLUMNS(* EXCLUDE (id, _valid_from, _run_id)) INTO NAME field VALUE value)
    UNION ALL
    SELECT 'apparel_boms' AS entity, id, _valid_from, _run_id, field, value FROM (
        UNPIVOT (SELECT id, _valid_from, _run_id,
                        coalesce(to_json(COLUMNS(* EXCLUDE (id, modified_at, _hash, _valid_from, _valid_to, _snapshot_id, _run_id))), JSON 'null')
                 FROM centric_apparel_boms_history)
        ON COLUMNS(* EXCLUDE (id, _valid_from, _run_id)) INTO NAME field VALUE value)
    UNION ALL
    SELECT 'collections' AS entity, id, _valid_from, _run_id, field, value FROM (
        UNPIVOT (SELECT id, _valid_from, _run_id,
                        coalesce(to_json(COLUMNS(* EXCLUDE (id, modified_at, _hash, _valid_from, _valid_to, _snapshot_id, _run_id))), JSON 'null')
                 FROM centric_collections_history)
        ON COLUMNS(* EXCLUDE (id, _valid_from, _run_id)) INTO NAME field VALUE value)
    UNION ALL
    SELECT 'colorways' AS entity, id, _valid_from, _run_id, field, value FROM (
        UNPIVOT (SELECT id, _valid_from, _run_id,
                        coalesce(to_json(COLUMNS(* EXCLUDE (id, modified_at, _hash, _valid_from, _valid_to, _snapshot_id, _run_id))), JSON 'null')
                 FROM centric_colorways_history)
        ON COLUMNS(* EXCLUDE (id, _valid_from, _run_id)) INTO NAME field VALUE value)
    UNION ALL
    SELECT 'documents' AS entity, id, _valid_from, _run_id, field, value FROM (
        UNPIVOT (SELECT id, _valid_from, _run_id,
                        coalesce(to_json(COLUMNS(* EXCLUDE (id, modified_at, _hash, _valid_from, _valid_to, _snapshot_id, _run_id))), JSON 'null')
                 FROM centric_documents_history)
        ON COLUMNS(* EXCLUDE (id, _valid_from, _run_id)) INTO NAME field VALUE value)
    UNION ALL
    SELECT 'images' AS entity, id, _valid_from, _run_id, field, value FROM (
        UNPIVOT (SELECT id, _valid_from, _run_id,
                        coalesce(to_json(COLUMNS(* EXCLUDE (id, modified_at, _hash, _valid_from, _valid_to, _snapshot_id, _run_id))), JSON 'null')
                 FROM centric_images_history)
        ON COLUMNS(* EXCLUDE (id, _valid_from, _run_id)) INTO NAME field VALUE value)
    UNION ALL
    SELECT 'materials' AS entity, id, _valid_from, _run_id, field, value FROM (
        UNPIVOT (SELECT id, _valid_from, _run_id,
                        coalesce(to_json(COLUMNS(* EXCLUDE (id, modified_at, _hash, _valid_from, _valid_to, _snapshot_id, _run_id))), JSON 'null')
                 FROM centric_materials_history)
        ON COLUMNS(* EXCLUDE (id, _valid_from, _run_id)) INTO NAME field VALUE value)
    UNION ALL
    SELECT 'product_sizes' AS entity, id, _valid_from, _run_id, field, value FROM (
        UNPIVOT (SELECT id, _valid_from, _run_id,
                        coalesce(to_json(COLUMNS(* EXCLUDE (id, modified_at, _hash, _valid_from, _valid_to, _snapshot_id, _run_id))), JSON 'null')
                 FROM centric_product_sizes_history)
        ON COLUMNS(* EXCLUDE (id, _valid_from, _run_id)) INTO NAME field VALUE value)
    UNION ALL
    SELECT 'seasons' AS entity, id, _valid_from, _run_id, field, value FROM (
        UNPIVOT (SELECT id, _valid_from, _run_id,
                        coalesce(to_json(COLUMNS(* EXCLUDE (id, modified_at, _hash, _valid_from, _valid_to, _snapshot_id, _run_id))), JSON 'null')
                 FROM centric_seasons_history)
        ON COLUMNS(* EXCLUDE (id, _valid_from, _run_id)) INTO NAME field VALUE value)
    UNION ALL
    SELECT 'size_ranges' AS entity, id, _valid_from, _run_id, field, value FROM (
        UNPIVOT (SELECT id, _valid_from, _run_id,
                        coalesce(to_json(COLUMNS(* EXCLUDE (id, modified_at, _hash, _valid_from, _valid_to, _snapshot_id, _run_id))), JSON 'null')
                 FROM centric_size_ranges_history)
        ON COLUMNS(* EXCLUDE (id, _valid_from, _run_id)) INTO NAME field VALUE value)
    UNION ALL
    SELECT 'skus' AS entity, id, _valid_from, _run_id, field, value FROM (
        UNPIVOT (SELECT id, _valid_from, _run_id,
                        coalesce(to_json(COLUMNS(* EXCLUDE (id, modified_at, _hash, _valid_from, _valid_to, _snapshot_id, _run_id))), JSON 'null')
                 FROM centric_skus_history)
        ON COLUMNS(* EXCLUDE (id, _valid_from, _run_id)) INTO NAME field VALUE value)
    UNION ALL
    SELECT 'styles' AS entity, id, _valid_from, _run_id, field, value FROM (
        UNPIVOT (SELECT id, _valid_from, _run_id,
                        coalesce(to_json(COLUMNS(* EXCLUDE (id, modified_at, _hash, _valid_from, _valid_to, _snapshot_id, _run_id))), JSON 'null')
                 FROM centric_styles_history)
        ON COLUMNS(* EXCLUDE (id, _valid_from, _run_id)) INTO NAME field VALUE value)
),
compared AS (
    SELECT *, lag(value) OVER (PARTITION BY entity, id, field ORDER BY _valid_from) AS before,
              row_number() OVER (PARTITION BY entity, id, field ORDER BY _valid_from) AS version
    FROM cells
)
SELECT entity, id, field, nullif(before, JSON 'null') AS before, nullif(value, JSON 'null') AS after,
       _valid_from AS changed_at, _run_id AS run_id
FROM compared
WHERE version > 1 AND before IS DISTINCT FROM value;
COMMENT ON VIEW centric_field_changes IS 'Field-level changes of Centric records: which field of which record went from which value to which (as JSON), when launchsync saw it and in which run. First versions are not listed (see record_changes).';
COMMENT ON COLUMN centric_field_changes.entity IS 'Centric entity (styles, skus, apparel_bom_revisions, ...).';
COMMENT ON COLUMN centric_field_changes.id IS 'Centric record id.';
COMMENT ON COLUMN centric_field_changes.field IS 'Column of the entity''s table.';
COMMENT ON COLUMN centric_field_changes.before IS 'Value before the change, as JSON (null: empty).';
COMMENT ON COLUMN centric_field_changes.after IS 'Value after the change, as JSON (null: emptied).';
COMMENT ON COLUMN centric_field_changes.changed_at IS 'When launchsync saw the change.';
COMMENT ON COLUMN centric_field_changes.run_id IS 'Run that saw it.';
