-- The round trip (C2, C3, C4, C6, C7): new Centric attributes and record types, generic names
-- for changes and ledger (targets are now both systems), the sync baseline and conflicts.

ALTER TABLE centric_styles_history ADD COLUMN bx_measurements STRUCT(point VARCHAR, size VARCHAR, cm DOUBLE)[];
ALTER TABLE centric_styles_history ADD COLUMN bx_launch_status VARCHAR;
ALTER TABLE centric_styles_history ADD COLUMN bx_launch_blockers VARCHAR[];
ALTER TABLE centric_styles_history ADD COLUMN bx_market_readiness STRUCT(market VARCHAR, status VARCHAR, missing VARCHAR[])[];
COMMENT ON COLUMN centric_styles_history.bx_measurements IS 'Measurement summary: point of measure, size, centimetres.';
COMMENT ON COLUMN centric_styles_history.bx_launch_status IS 'Written by launchsync (C4): ready or blocked.';
COMMENT ON COLUMN centric_styles_history.bx_launch_blockers IS 'Written by launchsync (C4): what blocks the launch package (docs/reason-codes.md).';
COMMENT ON COLUMN centric_styles_history.bx_market_readiness IS 'Written by launchsync (C7): localized content state per market.';
ALTER TABLE centric_skus_history ADD COLUMN bx_color_marketing_name VARCHAR;
COMMENT ON COLUMN centric_skus_history.bx_color_marketing_name IS 'Colour name shown to shoppers; owned by 4ALLPORTAL by default (C6).';

-- Views select * from the history tables, so they must be recreated to show new columns.
CREATE OR REPLACE VIEW centric_styles AS SELECT * EXCLUDE (_hash, _valid_to) FROM centric_styles_history WHERE _valid_to IS NULL;
CREATE OR REPLACE VIEW centric_skus AS SELECT * EXCLUDE (_hash, _valid_to) FROM centric_skus_history WHERE _valid_to IS NULL;
COMMENT ON VIEW centric_styles IS 'Current Centric styles (latest version of each record not deleted).';
COMMENT ON VIEW centric_skus IS 'Current Centric skus (latest version of each record not deleted).';

CREATE TABLE centric_images_history (
    id VARCHAR NOT NULL,
    node_name VARCHAR,
    code VARCHAR,
    description VARCHAR,
    active BOOLEAN,
    modified_at TIMESTAMPTZ,
    style VARCHAR,
    bx_colorway VARCHAR,
    bx_asset_type VARCHAR,
    bx_fourallportal_id VARCHAR,
    bx_file_name VARCHAR,
    bx_width INTEGER,
    bx_height INTEGER,
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE centric_images_history IS 'Every version of Centric images: images linked on styles (C2 creates them for approved 4ALLPORTAL assets).';
COMMENT ON COLUMN centric_images_history.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_images_history.node_name IS 'Display name.';
COMMENT ON COLUMN centric_images_history.code IS 'Business code.';
COMMENT ON COLUMN centric_images_history.description IS 'Description text.';
COMMENT ON COLUMN centric_images_history.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_images_history.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_images_history.style IS 'Style id the image is linked on.';
COMMENT ON COLUMN centric_images_history.bx_colorway IS 'Colorway id the image shows, if any.';
COMMENT ON COLUMN centric_images_history.bx_asset_type IS 'packshot, lifestyle, ...';
COMMENT ON COLUMN centric_images_history.bx_fourallportal_id IS '4ALLPORTAL file id the image comes from.';
COMMENT ON COLUMN centric_images_history.bx_file_name IS 'File name in 4ALLPORTAL.';
COMMENT ON COLUMN centric_images_history.bx_width IS 'Width of the largest rendition, pixels.';
COMMENT ON COLUMN centric_images_history.bx_height IS 'Height of the largest rendition, pixels.';
COMMENT ON COLUMN centric_images_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN centric_images_history._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_images_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN centric_images_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_images_history._run_id IS 'Run that brought this version.';
CREATE VIEW centric_images AS SELECT * EXCLUDE (_hash, _valid_to) FROM centric_images_history WHERE _valid_to IS NULL;
COMMENT ON VIEW centric_images IS 'Current Centric images (latest version of each record not deleted).';

CREATE TABLE centric_documents_history (
    id VARCHAR NOT NULL,
    node_name VARCHAR,
    code VARCHAR,
    description VARCHAR,
    active BOOLEAN,
    modified_at TIMESTAMPTZ,
    style VARCHAR,
    bx_asset_type VARCHAR,
    bx_fourallportal_id VARCHAR,
    bx_file_name VARCHAR,
    bx_locale VARCHAR,
    _hash VARCHAR NOT NULL,
    _valid_from TIMESTAMPTZ NOT NULL,
    _valid_to TIMESTAMPTZ,
    _snapshot_id VARCHAR NOT NULL,
    _run_id VARCHAR NOT NULL
);
COMMENT ON TABLE centric_documents_history IS 'Every version of Centric documents: technical documents, datasheets and videos linked on styles (C2).';
COMMENT ON COLUMN centric_documents_history.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_documents_history.node_name IS 'Display name.';
COMMENT ON COLUMN centric_documents_history.code IS 'Business code.';
COMMENT ON COLUMN centric_documents_history.description IS 'Description text.';
COMMENT ON COLUMN centric_documents_history.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_documents_history.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_documents_history.style IS 'Style id the document is linked on.';
COMMENT ON COLUMN centric_documents_history.bx_asset_type IS 'technical_document, datasheet or video.';
COMMENT ON COLUMN centric_documents_history.bx_fourallportal_id IS '4ALLPORTAL file id the document comes from.';
COMMENT ON COLUMN centric_documents_history.bx_file_name IS 'File name in 4ALLPORTAL.';
COMMENT ON COLUMN centric_documents_history.bx_locale IS 'Language of the document, if any.';
COMMENT ON COLUMN centric_documents_history._hash IS 'MD5 of the normalized columns; a new version is stored only when it changes.';
COMMENT ON COLUMN centric_documents_history._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_documents_history._valid_to IS 'When the version stopped being current; null for the current version.';
COMMENT ON COLUMN centric_documents_history._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_documents_history._run_id IS 'Run that brought this version.';
CREATE VIEW centric_documents AS SELECT * EXCLUDE (_hash, _valid_to) FROM centric_documents_history WHERE _valid_to IS NULL;
COMMENT ON VIEW centric_documents IS 'Current Centric documents (latest version of each record not deleted).';
