-- The content hash of a 4ALLPORTAL or Smint.io record takes each field value by its own MD5
-- (warehouse/history.py): the JSON of a whole Smint.io collection, whose values list thousands
-- of assets, took more memory than a run may use. Upgrading recomputes the hash of every
-- current version (warehouse.history.after_schema_change), so no record looks changed.

COMMENT ON COLUMN fourallportal_objects_history._hash IS 'MD5 of the normalized columns (each field value by its own MD5); a new version is stored only when it changes.';
COMMENT ON COLUMN smintio_objects_history._hash IS 'MD5 of the normalized columns (each field value by its own MD5); a new version is stored only when it changes.';
