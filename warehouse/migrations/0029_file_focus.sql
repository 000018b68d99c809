-- fourallportal_files can be narrowed, for one connection, to a list of file ids in the session
-- variable file_focus. An incremental readiness computation sets it to the files linked to the
-- products of the styles it recomputes: the asset and rights facts read product_files five
-- times, and each read turned every DAM file's values into columns. Unset (as for every query
-- but that computation), the view holds every file as before (0010).

CREATE OR REPLACE VIEW fourallportal_files AS
WITH v AS (
    SELECT object_id, field, value FROM fourallportal_values
    WHERE module = 'file' AND locale = '' AND channel = ''
      AND (getvariable('file_focus') IS NULL
           OR object_id IN (SELECT unnest(getvariable('file_focus'))))
)
SELECT o.id, o.type, o.mod_time,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'name') AS name,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'asset_type') AS asset_type,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'approval_status') AS approval_status,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'style_number') AS style_number,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'color_code') AS color_code,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'locale') AS locale,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'distribution_status') AS distribution_status,
       coalesce(any_value(from_json(v.value, '["VARCHAR"]')) FILTER (WHERE v.field = 'products'), []) AS products,
       coalesce(any_value(from_json(v.value, '[{"name": "VARCHAR", "width": "INTEGER", "height": "INTEGER"}]'))
                FILTER (WHERE v.field = 'renditions'), []) AS renditions,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'source') AS source,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'smintio_id') AS smintio_id,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'replaces') AS replaces,
       coalesce(any_value(from_json(v.value, '["VARCHAR"]')) FILTER (WHERE v.field = 'tags'), []) AS tags,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'rights_status') AS rights_status,
       any_value(from_json(v.value, '["VARCHAR"]')) FILTER (WHERE v.field = 'commerce_channels') AS commerce_channels,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'creative_approval') AS creative_approval,
       any_value(json_extract_string(v.value, '$')) FILTER (WHERE v.field = 'rights_clearance') AS rights_clearance
FROM fourallportal_objects o
LEFT JOIN v ON v.object_id = o.id
WHERE o.module = 'file'
  AND (getvariable('file_focus') IS NULL OR o.id IN (SELECT unnest(getvariable('file_focus'))))
GROUP BY o.id, o.type, o.mod_time;
COMMENT ON VIEW fourallportal_files IS 'Current 4ALLPORTAL DAM files with their fields as columns (products: linked product object ids; source: smintio_license or smintio_campaign for files launchsync brought from Smint.io). Only the files listed in the session variable file_focus, when it is set.';
COMMENT ON COLUMN fourallportal_files.id IS '4ALLPORTAL file id.';
COMMENT ON COLUMN fourallportal_files.type IS 'Object type: image, video or document.';
COMMENT ON COLUMN fourallportal_files.mod_time IS '4ALLPORTAL mod_time: when the file last changed.';
COMMENT ON COLUMN fourallportal_files.name IS 'File name.';
COMMENT ON COLUMN fourallportal_files.asset_type IS 'packshot, lifestyle, video, technical_document, datasheet, stock (licensed, S3), campaign_visual (S4), ...';
COMMENT ON COLUMN fourallportal_files.approval_status IS 'draft, approved or retired.';
COMMENT ON COLUMN fourallportal_files.style_number IS 'Style number the file is tagged with; the DAM links files to the products with that style number.';
COMMENT ON COLUMN fourallportal_files.color_code IS 'Colour code of the colorway the file shows, if any.';
COMMENT ON COLUMN fourallportal_files.locale IS 'Language of the file, if any.';
COMMENT ON COLUMN fourallportal_files.distribution_status IS 'Whether the asset may be used downstream, as launchsync wrote it (C2): released, pending or withdrawn.';
COMMENT ON COLUMN fourallportal_files.products IS 'Ids of the product objects the file is linked to (empty when none).';
COMMENT ON COLUMN fourallportal_files.renditions IS 'Renditions: name, width and height in pixels (empty when none).';
COMMENT ON COLUMN fourallportal_files.source IS 'smintio_license (S3) or smintio_campaign (S4) for files launchsync brought from Smint.io; null otherwise.';
COMMENT ON COLUMN fourallportal_files.smintio_id IS 'Smint.io license transaction or campaign asset uuid the file was made from.';
COMMENT ON COLUMN fourallportal_files.replaces IS 'Id of the file this one replaces, if any.';
COMMENT ON COLUMN fourallportal_files.tags IS 'Tags (empty when none).';
COMMENT ON COLUMN fourallportal_files.rights_status IS 'Files from Smint.io: rights status of the licensed content (cleared, editorial_only, not_yet_valid, expired, revoked, unknown).';
COMMENT ON COLUMN fourallportal_files.commerce_channels IS 'Files from Smint.io: channels the content may be used in; null when not set.';
COMMENT ON COLUMN fourallportal_files.creative_approval IS 'Creative approval in Smint.io (pending, approved, rejected), written by launchsync (S6).';
COMMENT ON COLUMN fourallportal_files.rights_clearance IS 'Rights clearance in Smint.io (pending, cleared, restricted), written by launchsync (S6).';
