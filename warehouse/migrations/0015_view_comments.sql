-- Comments on the columns of every view. A view that shows the current rows of a table
-- (centric_styles over centric_styles_history, ...) repeats the comments of its table.
--
-- Desired views (*_desired_*: what a target system should hold) have a key column (the
-- record's key in the target), optional type and level columns (object type to create, write
-- order) and one column per field written; a column <field>__dims holds a field with locale
-- or channel dimensions as [{locale, channel, value}], a column <field>__json a value already
-- encoded as JSON text.

-- approved_composition
COMMENT ON COLUMN approved_composition.style_id IS 'Centric style id the BOM belongs to.';
COMMENT ON COLUMN approved_composition.material_id IS 'Centric material id of the BOM line.';
COMMENT ON COLUMN approved_composition.fiber IS 'Generic fiber name of the material (centric_materials.bx_fiber); null when the material is unknown or has none.';
COMMENT ON COLUMN approved_composition.material_name IS 'Material display name; null when the material is unknown.';
COMMENT ON COLUMN approved_composition.percent IS 'Share of the material in the composition, percent.';
COMMENT ON COLUMN approved_composition.placement IS 'Placement of the line in the garment, as entered in the BOM.';

-- centric_apparel_bom_revisions
COMMENT ON COLUMN centric_apparel_bom_revisions.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_apparel_bom_revisions.node_name IS 'Display name.';
COMMENT ON COLUMN centric_apparel_bom_revisions.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_apparel_bom_revisions.description IS 'Description text.';
COMMENT ON COLUMN centric_apparel_bom_revisions.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_apparel_bom_revisions.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_apparel_bom_revisions.apparel_bom IS 'BOM id.';
COMMENT ON COLUMN centric_apparel_bom_revisions.revision IS 'Revision number.';
COMMENT ON COLUMN centric_apparel_bom_revisions.state IS 'APPROVED, DRAFT, ...';
COMMENT ON COLUMN centric_apparel_bom_revisions.items IS 'Lines: material id, share in percent, placement.';
COMMENT ON COLUMN centric_apparel_bom_revisions._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_apparel_bom_revisions._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_apparel_bom_revisions._run_id IS 'Run that brought this version.';

-- centric_apparel_boms
COMMENT ON COLUMN centric_apparel_boms.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_apparel_boms.node_name IS 'Display name.';
COMMENT ON COLUMN centric_apparel_boms.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_apparel_boms.description IS 'Description text.';
COMMENT ON COLUMN centric_apparel_boms.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_apparel_boms.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_apparel_boms.style IS 'Style id.';
COMMENT ON COLUMN centric_apparel_boms._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_apparel_boms._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_apparel_boms._run_id IS 'Run that brought this version.';

-- centric_collections
COMMENT ON COLUMN centric_collections.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_collections.node_name IS 'Display name.';
COMMENT ON COLUMN centric_collections.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_collections.description IS 'Description text.';
COMMENT ON COLUMN centric_collections.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_collections.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_collections.parent_season IS 'Season id.';
COMMENT ON COLUMN centric_collections.parent_collection IS 'Parent collection id; null for a top-level collection.';
COMMENT ON COLUMN centric_collections._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_collections._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_collections._run_id IS 'Run that brought this version.';

-- centric_colorways
COMMENT ON COLUMN centric_colorways.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_colorways.node_name IS 'Display name.';
COMMENT ON COLUMN centric_colorways.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_colorways.description IS 'Description text.';
COMMENT ON COLUMN centric_colorways.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_colorways.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_colorways.style IS 'Style id.';
COMMENT ON COLUMN centric_colorways.bx_color_family IS 'Colour family for filtering.';
COMMENT ON COLUMN centric_colorways._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_colorways._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_colorways._run_id IS 'Run that brought this version.';

-- centric_desired_asset_links
COMMENT ON COLUMN centric_desired_asset_links.key IS 'Key of the link in Centric: <4ALLPORTAL file id>@<style id>.';
COMMENT ON COLUMN centric_desired_asset_links.style IS 'Id of the transferred Centric style whose 4ALLPORTAL product the file is linked to.';
COMMENT ON COLUMN centric_desired_asset_links.bx_fourallportal_id IS '4ALLPORTAL file id.';
COMMENT ON COLUMN centric_desired_asset_links.node_name IS 'Display name of the Centric record: the file name.';
COMMENT ON COLUMN centric_desired_asset_links.bx_file_name IS 'File name in 4ALLPORTAL.';
COMMENT ON COLUMN centric_desired_asset_links.bx_asset_type IS '4ALLPORTAL asset_type of the file (packshot, lifestyle, video, technical_document, datasheet, ...).';
COMMENT ON COLUMN centric_desired_asset_links.bx_colorway IS 'Id of the active colorway of the style whose code is the file''s color_code; null when none matches.';
COMMENT ON COLUMN centric_desired_asset_links.bx_locale IS 'Language of the file, if any.';
COMMENT ON COLUMN centric_desired_asset_links.bx_width IS 'Width of the widest rendition, pixels.';
COMMENT ON COLUMN centric_desired_asset_links.bx_height IS 'Height of the tallest rendition, pixels (taken separately from bx_width, so possibly of another rendition).';
COMMENT ON COLUMN centric_desired_asset_links.entity IS 'Centric record type to create: images (packshot, lifestyle) or documents (any other asset type).';

-- centric_desired_documents
COMMENT ON COLUMN centric_desired_documents.key IS 'Key of the document in Centric: <4ALLPORTAL file id>@<style id>.';
COMMENT ON COLUMN centric_desired_documents.style IS 'Field style: the Centric style id the document is linked on.';
COMMENT ON COLUMN centric_desired_documents.bx_fourallportal_id IS 'Field bx_fourallportal_id: the 4ALLPORTAL file id.';
COMMENT ON COLUMN centric_desired_documents.node_name IS 'Field node_name: the file name.';
COMMENT ON COLUMN centric_desired_documents.bx_file_name IS 'Field bx_file_name: the file name in 4ALLPORTAL.';
COMMENT ON COLUMN centric_desired_documents.bx_asset_type IS 'Field bx_asset_type: technical_document, datasheet, video, ...';
COMMENT ON COLUMN centric_desired_documents.bx_locale IS 'Field bx_locale: the language of the file, if any.';

-- centric_desired_images
COMMENT ON COLUMN centric_desired_images.key IS 'Key of the image in Centric: <4ALLPORTAL file id>@<style id>.';
COMMENT ON COLUMN centric_desired_images.style IS 'Field style: the Centric style id the image is linked on.';
COMMENT ON COLUMN centric_desired_images.bx_fourallportal_id IS 'Field bx_fourallportal_id: the 4ALLPORTAL file id.';
COMMENT ON COLUMN centric_desired_images.node_name IS 'Field node_name: the file name.';
COMMENT ON COLUMN centric_desired_images.bx_file_name IS 'Field bx_file_name: the file name in 4ALLPORTAL.';
COMMENT ON COLUMN centric_desired_images.bx_asset_type IS 'Field bx_asset_type: packshot or lifestyle.';
COMMENT ON COLUMN centric_desired_images.bx_colorway IS 'Field bx_colorway: id of the active colorway whose code is the file''s color_code; null when none matches.';
COMMENT ON COLUMN centric_desired_images.bx_width IS 'Field bx_width: width of the widest rendition, pixels.';
COMMENT ON COLUMN centric_desired_images.bx_height IS 'Field bx_height: height of the tallest rendition, pixels.';

-- centric_desired_launch_status
COMMENT ON COLUMN centric_desired_launch_status.key IS 'Key: the Centric style id (a style at or past the release milestone with readiness rows).';
COMMENT ON COLUMN centric_desired_launch_status.bx_launch_status IS 'Field bx_launch_status: ready when every readiness row of the style (each colorway, market and channel) is ready, else blocked.';
COMMENT ON COLUMN centric_desired_launch_status.bx_launch_blockers IS 'Field bx_launch_blockers: every blocker code of the style''s readiness rows, distinct and sorted (docs/readiness.md).';

-- centric_desired_market_readiness
COMMENT ON COLUMN centric_desired_market_readiness.key IS 'Key: the Centric style id (a transferred style with its 4ALLPORTAL product).';
COMMENT ON COLUMN centric_desired_market_readiness.bx_market_readiness IS 'Field bx_market_readiness, one entry per market: status ready when every colorway and channel of the market is ready, else blocked; missing lists the blocker codes there (distinct, sorted).';

-- centric_documents
COMMENT ON COLUMN centric_documents.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_documents.node_name IS 'Display name.';
COMMENT ON COLUMN centric_documents.code IS 'Business code.';
COMMENT ON COLUMN centric_documents.description IS 'Description text.';
COMMENT ON COLUMN centric_documents.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_documents.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_documents.style IS 'Style id the document is linked on.';
COMMENT ON COLUMN centric_documents.bx_asset_type IS 'technical_document, datasheet or video.';
COMMENT ON COLUMN centric_documents.bx_fourallportal_id IS '4ALLPORTAL file id the document comes from.';
COMMENT ON COLUMN centric_documents.bx_file_name IS 'File name in 4ALLPORTAL.';
COMMENT ON COLUMN centric_documents.bx_locale IS 'Language of the document, if any.';
COMMENT ON COLUMN centric_documents._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_documents._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_documents._run_id IS 'Run that brought this version.';

-- centric_images
COMMENT ON COLUMN centric_images.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_images.node_name IS 'Display name.';
COMMENT ON COLUMN centric_images.code IS 'Business code.';
COMMENT ON COLUMN centric_images.description IS 'Description text.';
COMMENT ON COLUMN centric_images.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_images.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_images.style IS 'Style id the image is linked on.';
COMMENT ON COLUMN centric_images.bx_colorway IS 'Colorway id the image shows, if any.';
COMMENT ON COLUMN centric_images.bx_asset_type IS 'packshot, lifestyle, ...';
COMMENT ON COLUMN centric_images.bx_fourallportal_id IS '4ALLPORTAL file id the image comes from.';
COMMENT ON COLUMN centric_images.bx_file_name IS 'File name in 4ALLPORTAL.';
COMMENT ON COLUMN centric_images.bx_width IS 'Width of the largest rendition, pixels.';
COMMENT ON COLUMN centric_images.bx_height IS 'Height of the largest rendition, pixels.';
COMMENT ON COLUMN centric_images._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_images._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_images._run_id IS 'Run that brought this version.';

-- centric_live_skus
COMMENT ON COLUMN centric_live_skus.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_live_skus.node_name IS 'Display name.';
COMMENT ON COLUMN centric_live_skus.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_live_skus.description IS 'Description text.';
COMMENT ON COLUMN centric_live_skus.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_live_skus.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_live_skus.style IS 'Style id.';
COMMENT ON COLUMN centric_live_skus.colorway IS 'Colorway id.';
COMMENT ON COLUMN centric_live_skus.product_size IS 'Size id.';
COMMENT ON COLUMN centric_live_skus.bx_gtin IS 'GTIN-13 (EAN).';
COMMENT ON COLUMN centric_live_skus.bx_fit IS 'Fit of this SKU.';
COMMENT ON COLUMN centric_live_skus._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_live_skus._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_live_skus._run_id IS 'Run that brought this version.';
COMMENT ON COLUMN centric_live_skus.bx_color_marketing_name IS 'Colour name shown to shoppers; owned by 4ALLPORTAL by default (C6).';

-- centric_managed_links
COMMENT ON COLUMN centric_managed_links.entity IS 'Centric record type: images or documents.';
COMMENT ON COLUMN centric_managed_links.key IS 'Key of the link: <4ALLPORTAL file id>@<style id>, as in centric_desired_asset_links.';
COMMENT ON COLUMN centric_managed_links.object_id IS 'Centric id of the image or document record.';

-- centric_materials
COMMENT ON COLUMN centric_materials.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_materials.node_name IS 'Display name.';
COMMENT ON COLUMN centric_materials.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_materials.description IS 'Description text.';
COMMENT ON COLUMN centric_materials.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_materials.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_materials.bx_fiber IS 'Generic fiber name (cotton, elastane, ...).';
COMMENT ON COLUMN centric_materials._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_materials._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_materials._run_id IS 'Run that brought this version.';

-- centric_product_sizes
COMMENT ON COLUMN centric_product_sizes.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_product_sizes.node_name IS 'Display name.';
COMMENT ON COLUMN centric_product_sizes.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_product_sizes.description IS 'Description text.';
COMMENT ON COLUMN centric_product_sizes.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_product_sizes.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_product_sizes.size_range IS 'Size range id.';
COMMENT ON COLUMN centric_product_sizes.bx_sort_order IS 'Position within the range.';
COMMENT ON COLUMN centric_product_sizes._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_product_sizes._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_product_sizes._run_id IS 'Run that brought this version.';

-- centric_seasons
COMMENT ON COLUMN centric_seasons.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_seasons.node_name IS 'Display name.';
COMMENT ON COLUMN centric_seasons.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_seasons.description IS 'Description text.';
COMMENT ON COLUMN centric_seasons.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_seasons.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_seasons.bx_year IS 'Season year.';
COMMENT ON COLUMN centric_seasons.bx_season_type IS 'SS or AW.';
COMMENT ON COLUMN centric_seasons._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_seasons._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_seasons._run_id IS 'Run that brought this version.';

-- centric_size_ranges
COMMENT ON COLUMN centric_size_ranges.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_size_ranges.node_name IS 'Display name.';
COMMENT ON COLUMN centric_size_ranges.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_size_ranges.description IS 'Description text.';
COMMENT ON COLUMN centric_size_ranges.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_size_ranges.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_size_ranges.product_sizes IS 'Size ids of the range, in order.';
COMMENT ON COLUMN centric_size_ranges._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_size_ranges._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_size_ranges._run_id IS 'Run that brought this version.';

-- centric_skus
COMMENT ON COLUMN centric_skus.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_skus.node_name IS 'Display name.';
COMMENT ON COLUMN centric_skus.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_skus.description IS 'Description text.';
COMMENT ON COLUMN centric_skus.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_skus.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_skus.style IS 'Style id.';
COMMENT ON COLUMN centric_skus.colorway IS 'Colorway id.';
COMMENT ON COLUMN centric_skus.product_size IS 'Size id.';
COMMENT ON COLUMN centric_skus.bx_gtin IS 'GTIN-13 (EAN).';
COMMENT ON COLUMN centric_skus.bx_fit IS 'Fit of this SKU.';
COMMENT ON COLUMN centric_skus._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_skus._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_skus._run_id IS 'Run that brought this version.';
COMMENT ON COLUMN centric_skus.bx_color_marketing_name IS 'Colour name shown to shoppers; owned by 4ALLPORTAL by default (C6).';

-- centric_styles
COMMENT ON COLUMN centric_styles.id IS 'Centric record id, e.g. C10000123.';
COMMENT ON COLUMN centric_styles.node_name IS 'Display name.';
COMMENT ON COLUMN centric_styles.code IS 'Business code (style number, colour code, size code, ...).';
COMMENT ON COLUMN centric_styles.description IS 'Description text.';
COMMENT ON COLUMN centric_styles.active IS 'False when the record is deactivated in Centric.';
COMMENT ON COLUMN centric_styles.modified_at IS 'Centric _modified_at: when Centric last changed the record.';
COMMENT ON COLUMN centric_styles.parent_season IS 'Season id.';
COMMENT ON COLUMN centric_styles.collection IS 'Collection id.';
COMMENT ON COLUMN centric_styles.category_1 IS 'Top category (Tops, Bottoms, ...).';
COMMENT ON COLUMN centric_styles.category_2 IS 'Sub-category (T-Shirts, Jeans, ...).';
COMMENT ON COLUMN centric_styles.active_colorways IS 'Ids of the active colorways.';
COMMENT ON COLUMN centric_styles.product_sizes IS 'Ids of the sizes offered.';
COMMENT ON COLUMN centric_styles.size_range IS 'Size range id.';
COMMENT ON COLUMN centric_styles.bx_milestone IS 'Development milestone (see launchsync.toml).';
COMMENT ON COLUMN centric_styles.bx_gender IS 'women, men, unisex or kids.';
COMMENT ON COLUMN centric_styles.bx_fit IS 'Fit (regular, slim, relaxed).';
COMMENT ON COLUMN centric_styles.bx_country_of_origin IS 'ISO 3166 alpha-2 country of origin.';
COMMENT ON COLUMN centric_styles.bx_hs_code IS 'Harmonized System customs code.';
COMMENT ON COLUMN centric_styles.bx_care_symbols IS 'Care instructions as symbol codes.';
COMMENT ON COLUMN centric_styles.bx_reach_svhc_declared IS 'REACH SVHC declaration made.';
COMMENT ON COLUMN centric_styles.bx_prop65_warning IS 'California Proposition 65 warning needed.';
COMMENT ON COLUMN centric_styles.bx_age_group IS 'adult or an age grade for children.';
COMMENT ON COLUMN centric_styles._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN centric_styles._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN centric_styles._run_id IS 'Run that brought this version.';
COMMENT ON COLUMN centric_styles.bx_measurements IS 'Measurement summary: point of measure, size, centimetres.';
COMMENT ON COLUMN centric_styles.bx_launch_status IS 'Written by launchsync (C4): ready or blocked.';
COMMENT ON COLUMN centric_styles.bx_launch_blockers IS 'Written by launchsync (C4): what blocks the launch package (docs/reason-codes.md).';
COMMENT ON COLUMN centric_styles.bx_market_readiness IS 'Written by launchsync (C7): localized content state per market.';

-- check_readiness_assets
COMMENT ON COLUMN check_readiness_assets.style_id IS 'Centric style id.';
COMMENT ON COLUMN check_readiness_assets.color_code IS 'Colour code of an active colorway.';
COMMENT ON COLUMN check_readiness_assets.channel IS 'A channel some market sells through.';
COMMENT ON COLUMN check_readiness_assets.packshots IS 'Approved packshots of the colorway linked to the product (0 when none).';
COMMENT ON COLUMN check_readiness_assets.print_width IS 'Print channels (assets.print_channels) with a packshot: width of the widest rendition of the colorway''s approved packshots, pixels (0 when unknown); null otherwise.';
COMMENT ON COLUMN check_readiness_assets.print_min_width IS 'Narrowest packshot rendition print accepts (assets.print_min_width), pixels.';
COMMENT ON COLUMN check_readiness_assets.lifestyle_images IS 'Lifestyle channels (assets.lifestyle_channels): approved lifestyle images linked to the product, any colorway (0 when none); null for other channels.';

-- check_readiness_compliance
COMMENT ON COLUMN check_readiness_compliance.style_id IS 'Centric style id.';
COMMENT ON COLUMN check_readiness_compliance.market IS 'Market code.';
COMMENT ON COLUMN check_readiness_compliance.rule IS 'Compliance rule the market requires (markets.<market>.compliance): country_of_origin, hs_code, care_symbols, reach_svhc, prop65 or age_grading.';
COMMENT ON COLUMN check_readiness_compliance.value IS 'The Centric value that meets the rule: country of origin, HS code, care symbols (space-separated), declared (REACH SVHC), warning or no warning (Prop 65), the age group other than adult (age grading); null when missing.';
COMMENT ON COLUMN check_readiness_compliance.country_of_origin IS 'Country of origin to check as ISO 3166 alpha-2; set on country_of_origin rows only.';
COMMENT ON COLUMN check_readiness_compliance.hs_code IS 'HS code to check (6, 8 or 10 digits); set on hs_code rows only.';

-- check_readiness_core
COMMENT ON COLUMN check_readiness_core.style_id IS 'Centric style id.';
COMMENT ON COLUMN check_readiness_core.milestone_rank IS 'Position of the style''s milestone in the configured order; -1 when the milestone is not configured.';
COMMENT ON COLUMN check_readiness_core.release_rank IS 'Position of the release milestone (the first one at which launch packages are assembled).';
COMMENT ON COLUMN check_readiness_core.product_id IS '4ALLPORTAL product object id of the style; null when it has none.';

-- check_readiness_enrichment
COMMENT ON COLUMN check_readiness_enrichment.style_id IS 'Centric style id.';
COMMENT ON COLUMN check_readiness_enrichment.channel IS 'A channel some market sells through.';
COMMENT ON COLUMN check_readiness_enrichment.locale IS 'The source locale (content.source_locale).';
COMMENT ON COLUMN check_readiness_enrichment.field IS '4ALLPORTAL product content field the channel requires (content.required).';
COMMENT ON COLUMN check_readiness_enrichment.text IS 'The field''s text in the source locale for the channel; null when empty or missing.';
COMMENT ON COLUMN check_readiness_enrichment.text_length IS 'Characters of text.';
COMMENT ON COLUMN check_readiness_enrichment.max_length IS 'Longest text allowed for the field (content.max_length); null when unlimited.';

-- check_readiness_fiber_names
COMMENT ON COLUMN check_readiness_fiber_names.style_id IS 'Centric style id.';
COMMENT ON COLUMN check_readiness_fiber_names.market IS 'Market that requires fiber names on labels (compliance rule fiber_names).';
COMMENT ON COLUMN check_readiness_fiber_names.locale IS 'Locale of the market: the language of the label.';
COMMENT ON COLUMN check_readiness_fiber_names.fiber IS 'Generic fiber of the approved composition, trimmed and lower case.';
COMMENT ON COLUMN check_readiness_fiber_names.label_name IS 'Name of the fiber on the label in that locale (expectations/fiber_names.csv); null when unknown.';

-- check_readiness_linked_assets
COMMENT ON COLUMN check_readiness_linked_assets.style_id IS 'Centric style id.';
COMMENT ON COLUMN check_readiness_linked_assets.asset IS 'Linked file: its name, or its 4ALLPORTAL id when it has none.';
COMMENT ON COLUMN check_readiness_linked_assets.approval_status IS 'approval_status of the file (draft, approved, retired).';

-- check_readiness_localization
COMMENT ON COLUMN check_readiness_localization.style_id IS 'Centric style id.';
COMMENT ON COLUMN check_readiness_localization.market IS 'Market code.';
COMMENT ON COLUMN check_readiness_localization.locale IS 'Locale of the market (never the source locale).';
COMMENT ON COLUMN check_readiness_localization.channel IS 'A channel the market sells through.';
COMMENT ON COLUMN check_readiness_localization.field IS '4ALLPORTAL product content field the channel requires (content.required).';
COMMENT ON COLUMN check_readiness_localization.text IS 'The field''s text in the market locale for the channel; null when empty or missing.';
COMMENT ON COLUMN check_readiness_localization.source_text IS 'The same field''s text in the source locale; a copy of it is not a translation.';
COMMENT ON COLUMN check_readiness_localization.text_length IS 'Characters of text.';
COMMENT ON COLUMN check_readiness_localization.max_length IS 'Longest text allowed for the field (content.max_length); null when unlimited.';

-- check_readiness_rights
COMMENT ON COLUMN check_readiness_rights.style_id IS 'Centric style id.';
COMMENT ON COLUMN check_readiness_rights.market IS 'Market code.';
COMMENT ON COLUMN check_readiness_rights.channel IS 'A channel the market sells through.';
COMMENT ON COLUMN check_readiness_rights.asset IS 'Linked file using the licensed content: its name, or its 4ALLPORTAL id when it has none.';
COMMENT ON COLUMN check_readiness_rights.transaction_id IS 'Smint.io license purchase transaction of the content (the licensed stock itself, or stock inside a campaign visual).';
COMMENT ON COLUMN check_readiness_rights.launch_from IS 'Start of the launch window: the launch date of the style''s season in the market (launch_dates), today when none is set.';
COMMENT ON COLUMN check_readiness_rights.launch_until IS 'End of the launch window: launch_from plus readiness.launch_window_days.';
COMMENT ON COLUMN check_readiness_rights.license_state IS 'State of the purchase (completed, canceled, ...); unknown when launchsync has not read the transaction.';
COMMENT ON COLUMN check_readiness_rights.commercial_terms IS 'Terms of the license not for editorial use only; null unless the purchase is completed.';
COMMENT ON COLUMN check_readiness_rights.covering_terms IS 'Of those, terms covering the market (or WORLD) and a usage of the channel (smintio.channel_usages, or any); null unless completed with commercial terms.';
COMMENT ON COLUMN check_readiness_rights.earliest_start IS 'Earliest start of the covering terms (0001-01-01 when one has no start); null without covering terms.';
COMMENT ON COLUMN check_readiness_rights.latest_end IS 'Latest end of the covering terms (9999-12-31 when one has no end); null without covering terms.';

-- check_variant_composition
COMMENT ON COLUMN check_variant_composition.style_id IS 'Centric style id.';
COMMENT ON COLUMN check_variant_composition.material_id IS 'Centric material id of the BOM line.';
COMMENT ON COLUMN check_variant_composition.fiber IS 'Generic fiber name of the material; null when the material is unknown or has none.';
COMMENT ON COLUMN check_variant_composition.percent IS 'Share of the material, percent.';

-- check_variant_size_slots
COMMENT ON COLUMN check_variant_size_slots.style_id IS 'Centric style id.';
COMMENT ON COLUMN check_variant_size_slots.colorway_id IS 'Active colorway listed on the style.';
COMMENT ON COLUMN check_variant_size_slots.color_code IS 'Its colour code.';
COMMENT ON COLUMN check_variant_size_slots.size_id IS 'A size of the style''s size range.';
COMMENT ON COLUMN check_variant_size_slots.size_code IS 'Its size code.';
COMMENT ON COLUMN check_variant_size_slots.sku_id IS 'Active SKU of the style for that colorway and size; null when the slot is empty.';

-- check_variant_skus
COMMENT ON COLUMN check_variant_skus.style_id IS 'Centric style id.';
COMMENT ON COLUMN check_variant_skus.sku_id IS 'Centric SKU id (a sold SKU: see centric_live_skus).';
COMMENT ON COLUMN check_variant_skus.sku_code IS 'SKU code.';
COMMENT ON COLUMN check_variant_skus.gtin IS 'GTIN, trimmed; null when empty.';
COMMENT ON COLUMN check_variant_skus.gtin_uses IS 'How many sold SKUs of any style have this GTIN; null without a GTIN.';

-- check_variant_styles
COMMENT ON COLUMN check_variant_styles.style_id IS 'Centric style id.';
COMMENT ON COLUMN check_variant_styles.style_number IS 'Style number (code), trimmed; null when empty.';
COMMENT ON COLUMN check_variant_styles.style_name IS 'Style name (display name), trimmed; null when empty.';
COMMENT ON COLUMN check_variant_styles.description IS 'Technical description, trimmed; null when empty.';
COMMENT ON COLUMN check_variant_styles.season_code IS 'Code of the style''s season; null when it has none or the season is unknown.';
COMMENT ON COLUMN check_variant_styles.size_range_id IS 'Size range id when the range exists in Centric; null otherwise.';
COMMENT ON COLUMN check_variant_styles.active_colorways IS 'Active colorways listed on the style.';
COMMENT ON COLUMN check_variant_styles.composition_total IS 'Sum of the fiber percentages of the approved BOM, rounded to 3 decimals; null without an approved BOM revision with lines.';

-- fourallportal_content
COMMENT ON COLUMN fourallportal_content.style_id IS 'Centric style id of the transferred style.';
COMMENT ON COLUMN fourallportal_content.field IS '4ALLPORTAL product field.';
COMMENT ON COLUMN fourallportal_content.locale IS 'Locale of the text (never empty).';
COMMENT ON COLUMN fourallportal_content.channel IS 'Channel dimension, empty when none.';
COMMENT ON COLUMN fourallportal_content.text IS 'The text as entered.';

-- fourallportal_current
COMMENT ON COLUMN fourallportal_current.id IS '4ALLPORTAL object id (UUID).';
COMMENT ON COLUMN fourallportal_current.module IS 'Module: product, variant or classification.';
COMMENT ON COLUMN fourallportal_current.type IS 'Object type within the module (style, sku, season, collection).';
COMMENT ON COLUMN fourallportal_current.mod_time IS '4ALLPORTAL mod_time: when the object last changed.';
COMMENT ON COLUMN fourallportal_current.centric_id IS 'Centric id the object was made from (its centric_id field); null for objects launchsync does not manage.';
COMMENT ON COLUMN fourallportal_current.fields IS 'Field values: name, locale and channel dimensions (empty string when none), value as canonical JSON.';
COMMENT ON COLUMN fourallportal_current._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN fourallportal_current._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN fourallportal_current._run_id IS 'Run that brought this version.';

-- fourallportal_desired_campaign_files
COMMENT ON COLUMN fourallportal_desired_campaign_files.key IS 'Key: the Smint.io campaign asset uuid.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.type IS 'Object type of the file to create: always image.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.name IS 'Field name: the asset''s name in its first culture, else its uuid.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.asset_type IS 'Field asset_type: always campaign_visual.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.approval_status IS 'Field approval_status: approved, retired (rejected in Smint.io after it landed) or draft.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.source IS 'Field source: always smintio_campaign.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.smintio_id IS 'Field smintio_id: the campaign asset uuid.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.tags IS 'Field tags: tags creatives gave it; null when none.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.style_number IS 'Field style_number: the first style number the asset shows.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.products IS 'Field products: ids of the 4ALLPORTAL products with a style number the asset shows; null when none.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.renditions IS 'Field renditions: name, width and height of each rendition.';
COMMENT ON COLUMN fourallportal_desired_campaign_files.rights_status IS 'Field rights_status: cleared, or the first not-cleared status of the stock it uses (unknown when launchsync does not know the license).';
COMMENT ON COLUMN fourallportal_desired_campaign_files.commerce_channels IS 'Field commerce_channels: the channels it was made for; empty when stock it uses is not cleared.';

-- fourallportal_desired_classification
COMMENT ON COLUMN fourallportal_desired_classification.key IS 'Key: the Centric season or collection id.';
COMMENT ON COLUMN fourallportal_desired_classification.type IS 'Object type to create: season or collection.';
COMMENT ON COLUMN fourallportal_desired_classification.level IS 'Write order: 0 for seasons, then the depth in the collection tree (1: top level); parents are written first.';
COMMENT ON COLUMN fourallportal_desired_classification.centric_id IS 'Field centric_id: the Centric id.';
COMMENT ON COLUMN fourallportal_desired_classification.kind IS 'Field kind: season or collection.';
COMMENT ON COLUMN fourallportal_desired_classification.code IS 'Field code: the season or collection code.';
COMMENT ON COLUMN fourallportal_desired_classification.name IS 'Field name: the display name.';
COMMENT ON COLUMN fourallportal_desired_classification.parent IS 'Field parent: 4ALLPORTAL object id of the parent collection, or of the season for a top-level collection; null for seasons and while the parent does not exist yet.';

-- fourallportal_desired_creative_status
COMMENT ON COLUMN fourallportal_desired_creative_status.key IS 'Key: the 4ALLPORTAL file id (the external id of the Smint.io asset).';
COMMENT ON COLUMN fourallportal_desired_creative_status.creative_approval IS 'Field creative_approval: creative approval in Smint.io (pending, approved, rejected).';
COMMENT ON COLUMN fourallportal_desired_creative_status.rights_clearance IS 'Field rights_clearance: rights clearance in Smint.io (pending, cleared, restricted).';

-- fourallportal_desired_file_status
COMMENT ON COLUMN fourallportal_desired_file_status.key IS 'Key: 4ALLPORTAL id of a file linked to the product of a Centric style.';
COMMENT ON COLUMN fourallportal_desired_file_status.distribution_status IS 'Field distribution_status: released when approved and a linked style is active and at or past the release milestone; withdrawn when the file is retired or every linked style is dropped, inactive or deleted; pending otherwise.';

-- fourallportal_desired_launch_package
COMMENT ON COLUMN fourallportal_desired_launch_package.key IS 'Key: the Centric style id.';
COMMENT ON COLUMN fourallportal_desired_launch_package.type IS 'Object type to create: always package.';
COMMENT ON COLUMN fourallportal_desired_launch_package.level IS 'Write order: always 0.';
COMMENT ON COLUMN fourallportal_desired_launch_package.centric_id IS 'Field centric_id: the Centric style id.';
COMMENT ON COLUMN fourallportal_desired_launch_package.product IS 'Field product: the style''s 4ALLPORTAL product object id.';
COMMENT ON COLUMN fourallportal_desired_launch_package.status__dims IS 'Field status. Columns ending in __dims hold a field with locale or channel dimensions as a list of {locale, channel, value}, one entry per locale and channel (empty: no such dimension); the field is the column name without the suffix. Here one entry per market locale and channel: ready when every colorway of the markets with that locale is ready in the channel, else blocked.';
COMMENT ON COLUMN fourallportal_desired_launch_package.blockers__dims IS 'Field blockers, as a list of {locale, channel, value} like status__dims: the blocker codes per market locale and channel, only where there are any; null when there are none.';
COMMENT ON COLUMN fourallportal_desired_launch_package.assets__dims IS 'Field assets, as a list of {locale, channel, value} like status__dims with an empty locale: ids of the approved linked files per channel (packshots in every channel, lifestyle images and videos in ecom and marketplace, technical documents and datasheets in print); null when none.';

-- fourallportal_desired_licensed_files
COMMENT ON COLUMN fourallportal_desired_licensed_files.key IS 'Key: the Smint.io license purchase transaction uuid.';
COMMENT ON COLUMN fourallportal_desired_licensed_files.type IS 'Object type of the file to create: video when the first binary is a video, else image.';
COMMENT ON COLUMN fourallportal_desired_licensed_files.name IS 'Field name: the content name in its first culture, else the transaction uuid.';
COMMENT ON COLUMN fourallportal_desired_licensed_files.asset_type IS 'Field asset_type: always stock.';
COMMENT ON COLUMN fourallportal_desired_licensed_files.approval_status IS 'Field approval_status: approved when the rights are cleared, else draft.';
COMMENT ON COLUMN fourallportal_desired_licensed_files.source IS 'Field source: always smintio_license.';
COMMENT ON COLUMN fourallportal_desired_licensed_files.smintio_id IS 'Field smintio_id: the transaction uuid.';
COMMENT ON COLUMN fourallportal_desired_licensed_files.license_type IS 'Field license_type: e.g. royalty_free, rights_managed.';
COMMENT ON COLUMN fourallportal_desired_licensed_files.copyright IS 'Field copyright: the copyright notice.';
COMMENT ON COLUMN fourallportal_desired_licensed_files.rights_status IS 'Field rights_status: cleared, editorial_only, not_yet_valid, expired or revoked (see smintio_license_status).';
COMMENT ON COLUMN fourallportal_desired_licensed_files.commerce_channels IS 'Field commerce_channels: channels the content may be used in today; empty unless cleared.';
COMMENT ON COLUMN fourallportal_desired_licensed_files.rights_territories IS 'Field rights_territories: territories of the terms cleared today (WORLD: anywhere).';
COMMENT ON COLUMN fourallportal_desired_licensed_files.rights_usages IS 'Field rights_usages: every usage the license terms name (any: unrestricted).';
COMMENT ON COLUMN fourallportal_desired_licensed_files.rights_valid_until IS 'Field rights_valid_until: when the last term ends, ISO 8601 UTC text; null when one is open-ended.';
COMMENT ON COLUMN fourallportal_desired_licensed_files.editorial_only IS 'Field editorial_only: true when any term of the license is for editorial use only (not only when all are); null without terms.';
COMMENT ON COLUMN fourallportal_desired_licensed_files.license_terms IS 'Field license_terms: every term with sequence number, usages, territories (empty: any), validity as ISO 8601 UTC text and editorial-use flag.';
COMMENT ON COLUMN fourallportal_desired_licensed_files.keywords IS 'Field keywords: keywords of every culture, without duplicates; null when none.';
COMMENT ON COLUMN fourallportal_desired_licensed_files.renditions IS 'Field renditions: one entry named original per binary, with width and height.';
COMMENT ON COLUMN fourallportal_desired_licensed_files.checksum IS 'Field checksum: SHA-256 of the current version of the first binary; null until it is downloaded.';

-- fourallportal_desired_product
COMMENT ON COLUMN fourallportal_desired_product.key IS 'Key: the Centric style id.';
COMMENT ON COLUMN fourallportal_desired_product.type IS 'Object type to create: always style.';
COMMENT ON COLUMN fourallportal_desired_product.level IS 'Write order: always 0.';
COMMENT ON COLUMN fourallportal_desired_product.centric_id IS 'Field centric_id: the Centric style id.';
COMMENT ON COLUMN fourallportal_desired_product.style_number IS 'Field style_number: the Centric style code.';
COMMENT ON COLUMN fourallportal_desired_product.style_name IS 'Field style_name: the Centric display name.';
COMMENT ON COLUMN fourallportal_desired_product.plm_description IS 'Field plm_description: the Centric description.';
COMMENT ON COLUMN fourallportal_desired_product.season IS 'Field season: 4ALLPORTAL classification object id of the style''s season; null until it exists.';
COMMENT ON COLUMN fourallportal_desired_product.collection IS 'Field collection: 4ALLPORTAL classification object id of the style''s collection; null until it exists.';
COMMENT ON COLUMN fourallportal_desired_product.category_1 IS 'Field category_1: top category (Tops, Bottoms, ...).';
COMMENT ON COLUMN fourallportal_desired_product.category_2 IS 'Field category_2: sub-category (T-Shirts, Jeans, ...).';
COMMENT ON COLUMN fourallportal_desired_product.gender IS 'Field gender: women, men, unisex or kids.';
COMMENT ON COLUMN fourallportal_desired_product.age_group IS 'Field age_group: adult or an age grade for children.';
COMMENT ON COLUMN fourallportal_desired_product.reach_svhc_declared IS 'Field reach_svhc_declared: REACH SVHC declaration made.';
COMMENT ON COLUMN fourallportal_desired_product.prop65_warning IS 'Field prop65_warning: California Proposition 65 warning needed.';
COMMENT ON COLUMN fourallportal_desired_product.sizes IS 'Field sizes: size codes of the style''s size range, in range order.';
COMMENT ON COLUMN fourallportal_desired_product.colorways IS 'Field colorways: code and name of each active colorway listed on the style, by code.';

-- fourallportal_desired_product_status
COMMENT ON COLUMN fourallportal_desired_product_status.key IS 'Key: Centric style id of a 4ALLPORTAL product whose style is transferred or dropped.';
COMMENT ON COLUMN fourallportal_desired_product_status.plm_status IS 'Field plm_status: the style''s Centric milestone (bx_milestone).';

-- fourallportal_desired_product_technical
COMMENT ON COLUMN fourallportal_desired_product_technical.key IS 'Key: Centric style id of a transferred style with its 4ALLPORTAL product.';
COMMENT ON COLUMN fourallportal_desired_product_technical.materials IS 'Field materials: names of the materials of the approved BOM, distinct and sorted; null without one.';
COMMENT ON COLUMN fourallportal_desired_product_technical.composition IS 'Field composition: fiber and percent, largest share first; null without an approved BOM.';
COMMENT ON COLUMN fourallportal_desired_product_technical.care_symbols IS 'Field care_symbols: care instructions as symbol codes.';
COMMENT ON COLUMN fourallportal_desired_product_technical.fit IS 'Field fit: regular, slim, relaxed, ...';
COMMENT ON COLUMN fourallportal_desired_product_technical.measurements IS 'Field measurements: point of measure, size, centimetres.';

-- fourallportal_desired_variant
COMMENT ON COLUMN fourallportal_desired_variant.key IS 'Key: the Centric SKU id.';
COMMENT ON COLUMN fourallportal_desired_variant.type IS 'Object type to create: always sku.';
COMMENT ON COLUMN fourallportal_desired_variant.level IS 'Write order: always 0.';
COMMENT ON COLUMN fourallportal_desired_variant.centric_id IS 'Field centric_id: the Centric SKU id.';
COMMENT ON COLUMN fourallportal_desired_variant.product IS 'Field product: 4ALLPORTAL product object id of the SKU''s style.';
COMMENT ON COLUMN fourallportal_desired_variant.sku IS 'Field sku: the SKU code.';
COMMENT ON COLUMN fourallportal_desired_variant.gtin IS 'Field gtin: GTIN-13 (EAN) as in Centric.';
COMMENT ON COLUMN fourallportal_desired_variant.size IS 'Field size: the size code.';
COMMENT ON COLUMN fourallportal_desired_variant.size_sort IS 'Field size_sort: position of the size within its range.';
COMMENT ON COLUMN fourallportal_desired_variant.color_code IS 'Field color_code: the colour code of the colorway.';
COMMENT ON COLUMN fourallportal_desired_variant.color_name IS 'Field color_name: the colorway''s display name.';

-- fourallportal_desired_variant_attributes
COMMENT ON COLUMN fourallportal_desired_variant_attributes.key IS 'Key: Centric id of a sold SKU of a transferred style that has its variant in 4ALLPORTAL.';
COMMENT ON COLUMN fourallportal_desired_variant_attributes.composition IS 'Field composition: the style''s approved composition, fiber and percent, largest share first; null without one.';

-- fourallportal_duplicates
COMMENT ON COLUMN fourallportal_duplicates.module IS '4ALLPORTAL module.';
COMMENT ON COLUMN fourallportal_duplicates.centric_id IS 'Centric id both objects carry.';
COMMENT ON COLUMN fourallportal_duplicates.object_id IS 'The extra object, which launchsync leaves alone.';
COMMENT ON COLUMN fourallportal_duplicates.kept_object_id IS 'The object launchsync works with (see fourallportal_current).';

-- fourallportal_files
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

-- fourallportal_managed
COMMENT ON COLUMN fourallportal_managed.object_id IS '4ALLPORTAL object id.';
COMMENT ON COLUMN fourallportal_managed.module IS 'Module: classification, product, variant or launch_package.';
COMMENT ON COLUMN fourallportal_managed.key IS 'Centric id of the record behind the object (the key of the desired views).';

-- fourallportal_objects
COMMENT ON COLUMN fourallportal_objects.id IS '4ALLPORTAL object id (UUID).';
COMMENT ON COLUMN fourallportal_objects.module IS 'Module: product, variant or classification.';
COMMENT ON COLUMN fourallportal_objects.type IS 'Object type within the module (style, sku, season, collection).';
COMMENT ON COLUMN fourallportal_objects.mod_time IS '4ALLPORTAL mod_time: when the object last changed.';
COMMENT ON COLUMN fourallportal_objects.centric_id IS 'Centric id the object was made from (its centric_id field); null for objects launchsync does not manage.';
COMMENT ON COLUMN fourallportal_objects.fields IS 'Field values: name, locale and channel dimensions (empty string when none), value as canonical JSON.';
COMMENT ON COLUMN fourallportal_objects._valid_from IS 'When launchsync first saw this version (the pulled_at of its snapshot).';
COMMENT ON COLUMN fourallportal_objects._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN fourallportal_objects._run_id IS 'Run that brought this version.';

-- fourallportal_product_values
COMMENT ON COLUMN fourallportal_product_values.style_id IS 'Centric style id of the transferred style.';
COMMENT ON COLUMN fourallportal_product_values.product_id IS 'Its 4ALLPORTAL product object id.';
COMMENT ON COLUMN fourallportal_product_values.field IS 'Field name.';
COMMENT ON COLUMN fourallportal_product_values.locale IS 'Locale dimension, empty when none.';
COMMENT ON COLUMN fourallportal_product_values.channel IS 'Channel dimension, empty when none.';
COMMENT ON COLUMN fourallportal_product_values.value IS 'Value as canonical JSON text.';

-- fourallportal_smintio_files
COMMENT ON COLUMN fourallportal_smintio_files.source IS 'smintio_license (licensed stock, S3) or smintio_campaign (campaign asset, S4).';
COMMENT ON COLUMN fourallportal_smintio_files.key IS 'Smint.io id the file was made from: license transaction or campaign asset uuid.';
COMMENT ON COLUMN fourallportal_smintio_files.object_id IS '4ALLPORTAL file id (the lowest when there are several).';

-- fourallportal_values
COMMENT ON COLUMN fourallportal_values.object_id IS '4ALLPORTAL object id.';
COMMENT ON COLUMN fourallportal_values.module IS 'Module of the object.';
COMMENT ON COLUMN fourallportal_values.type IS 'Object type within the module.';
COMMENT ON COLUMN fourallportal_values.centric_id IS 'Centric id the object was made from; null for objects launchsync does not manage.';
COMMENT ON COLUMN fourallportal_values.field IS 'Field name.';
COMMENT ON COLUMN fourallportal_values.locale IS 'Locale dimension, empty when none.';
COMMENT ON COLUMN fourallportal_values.channel IS 'Channel dimension, empty when none.';
COMMENT ON COLUMN fourallportal_values.value IS 'Value as canonical JSON text.';

-- launch_styles
COMMENT ON COLUMN launch_styles.style_id IS 'Centric style id.';

-- linked_files
COMMENT ON COLUMN linked_files.style_id IS 'Centric id of the transferred style whose product the file is linked to.';
COMMENT ON COLUMN linked_files.id IS '4ALLPORTAL file id.';
COMMENT ON COLUMN linked_files.type IS 'Object type: image, video or document.';
COMMENT ON COLUMN linked_files.mod_time IS '4ALLPORTAL mod_time: when the file last changed.';
COMMENT ON COLUMN linked_files.name IS 'File name.';
COMMENT ON COLUMN linked_files.asset_type IS 'packshot, lifestyle, video, technical_document, datasheet, stock (licensed, S3), campaign_visual (S4), ...';
COMMENT ON COLUMN linked_files.approval_status IS 'draft, approved or retired.';
COMMENT ON COLUMN linked_files.style_number IS 'Style number the file is tagged with; the DAM links files to the products with that style number.';
COMMENT ON COLUMN linked_files.color_code IS 'Colour code of the colorway the file shows, if any.';
COMMENT ON COLUMN linked_files.locale IS 'Language of the file, if any.';
COMMENT ON COLUMN linked_files.distribution_status IS 'Whether the asset may be used downstream, as launchsync wrote it (C2): released, pending or withdrawn.';
COMMENT ON COLUMN linked_files.products IS 'Ids of the product objects the file is linked to (empty when none).';
COMMENT ON COLUMN linked_files.renditions IS 'Renditions: name, width and height in pixels (empty when none).';
COMMENT ON COLUMN linked_files.source IS 'smintio_license (S3) or smintio_campaign (S4) for files launchsync brought from Smint.io; null otherwise.';
COMMENT ON COLUMN linked_files.smintio_id IS 'Smint.io license transaction or campaign asset uuid the file was made from.';
COMMENT ON COLUMN linked_files.replaces IS 'Id of the file this one replaces, if any.';
COMMENT ON COLUMN linked_files.tags IS 'Tags (empty when none).';
COMMENT ON COLUMN linked_files.rights_status IS 'Files from Smint.io: rights status of the licensed content (cleared, editorial_only, not_yet_valid, expired, revoked, unknown).';
COMMENT ON COLUMN linked_files.commerce_channels IS 'Files from Smint.io: channels the content may be used in; null when not set.';
COMMENT ON COLUMN linked_files.creative_approval IS 'Creative approval in Smint.io (pending, approved, rejected), written by launchsync (S6).';
COMMENT ON COLUMN linked_files.rights_clearance IS 'Rights clearance in Smint.io (pending, cleared, restricted), written by launchsync (S6).';
COMMENT ON COLUMN linked_files.product_id IS '4ALLPORTAL product object id of that style (one of products).';

-- product_files
COMMENT ON COLUMN product_files.style_id IS 'Centric id of the style (readiness_styles) whose product the file is linked to.';
COMMENT ON COLUMN product_files.id IS '4ALLPORTAL file id.';
COMMENT ON COLUMN product_files.type IS 'Object type: image, video or document.';
COMMENT ON COLUMN product_files.mod_time IS '4ALLPORTAL mod_time: when the file last changed.';
COMMENT ON COLUMN product_files.name IS 'File name.';
COMMENT ON COLUMN product_files.asset_type IS 'packshot, lifestyle, video, technical_document, datasheet, stock (licensed, S3), campaign_visual (S4), ...';
COMMENT ON COLUMN product_files.approval_status IS 'draft, approved or retired.';
COMMENT ON COLUMN product_files.style_number IS 'Style number the file is tagged with; the DAM links files to the products with that style number.';
COMMENT ON COLUMN product_files.color_code IS 'Colour code of the colorway the file shows, if any.';
COMMENT ON COLUMN product_files.locale IS 'Language of the file, if any.';
COMMENT ON COLUMN product_files.distribution_status IS 'Whether the asset may be used downstream, as launchsync wrote it (C2): released, pending or withdrawn.';
COMMENT ON COLUMN product_files.products IS 'Ids of the product objects the file is linked to (empty when none).';
COMMENT ON COLUMN product_files.renditions IS 'Renditions: name, width and height in pixels (empty when none).';
COMMENT ON COLUMN product_files.source IS 'smintio_license (S3) or smintio_campaign (S4) for files launchsync brought from Smint.io; null otherwise.';
COMMENT ON COLUMN product_files.smintio_id IS 'Smint.io license transaction or campaign asset uuid the file was made from.';
COMMENT ON COLUMN product_files.replaces IS 'Id of the file this one replaces, if any.';
COMMENT ON COLUMN product_files.tags IS 'Tags (empty when none).';
COMMENT ON COLUMN product_files.rights_status IS 'Files from Smint.io: rights status of the licensed content (cleared, editorial_only, not_yet_valid, expired, revoked, unknown).';
COMMENT ON COLUMN product_files.commerce_channels IS 'Files from Smint.io: channels the content may be used in; null when not set.';
COMMENT ON COLUMN product_files.creative_approval IS 'Creative approval in Smint.io (pending, approved, rejected), written by launchsync (S6).';
COMMENT ON COLUMN product_files.rights_clearance IS 'Rights clearance in Smint.io (pending, cleared, restricted), written by launchsync (S6).';
COMMENT ON COLUMN product_files.product_id IS '4ALLPORTAL product object id of that style (one of products).';

-- product_texts
COMMENT ON COLUMN product_texts.style_id IS 'Centric style id.';
COMMENT ON COLUMN product_texts.field IS '4ALLPORTAL product field.';
COMMENT ON COLUMN product_texts.locale IS 'Locale of the text (never empty).';
COMMENT ON COLUMN product_texts.channel IS 'Channel dimension, empty when none.';
COMMENT ON COLUMN product_texts.text IS 'The text, trimmed; null when empty.';

-- quarantined_styles
COMMENT ON COLUMN quarantined_styles.style_id IS 'Centric style id.';
COMMENT ON COLUMN quarantined_styles.style_number IS 'Style number (code); null when the style is gone from Centric.';
COMMENT ON COLUMN quarantined_styles.style_name IS 'Style display name.';
COMMENT ON COLUMN quarantined_styles.season IS 'Season code.';
COMMENT ON COLUMN quarantined_styles.reasons IS 'Reason codes of the latest verdict (docs/reason-codes.md).';
COMMENT ON COLUMN quarantined_styles.details IS '<reason>: <detail> of every failed expectation of that validation and every unresolved landing problem of the style, sorted.';
COMMENT ON COLUMN quarantined_styles.run_id IS 'Run that made the latest verdict.';
COMMENT ON COLUMN quarantined_styles.validated_at IS 'When the latest verdict was made.';

-- readiness_blocker_counts
COMMENT ON COLUMN readiness_blocker_counts.blocker IS 'Blocker code without its parameters (the part before the first colon).';
COMMENT ON COLUMN readiness_blocker_counts.market IS 'Market code.';
COMMENT ON COLUMN readiness_blocker_counts.channel IS 'Channel.';
COMMENT ON COLUMN readiness_blocker_counts.season IS 'Season code.';
COMMENT ON COLUMN readiness_blocker_counts.variants IS 'Colorways (readiness rows) it blocks.';
COMMENT ON COLUMN readiness_blocker_counts.styles IS 'Styles it blocks.';

-- readiness_by_collection
COMMENT ON COLUMN readiness_by_collection.season IS 'Season code.';
COMMENT ON COLUMN readiness_by_collection.collection IS 'Collection code.';
COMMENT ON COLUMN readiness_by_collection.collection_name IS 'Collection display name.';
COMMENT ON COLUMN readiness_by_collection.market IS 'Market code.';
COMMENT ON COLUMN readiness_by_collection.channel IS 'Channel.';
COMMENT ON COLUMN readiness_by_collection.variants IS 'Colorways judged (readiness rows; a style without an active colorway counts as one).';
COMMENT ON COLUMN readiness_by_collection.ready_variants IS 'Colorways ready.';
COMMENT ON COLUMN readiness_by_collection.styles IS 'Styles judged.';
COMMENT ON COLUMN readiness_by_collection.ready_styles IS 'Styles with every colorway ready.';

-- readiness_by_style
COMMENT ON COLUMN readiness_by_style.style_id IS 'Centric style id.';
COMMENT ON COLUMN readiness_by_style.style_number IS 'Style number (code).';
COMMENT ON COLUMN readiness_by_style.style_name IS 'Style display name.';
COMMENT ON COLUMN readiness_by_style.season IS 'Season code.';
COMMENT ON COLUMN readiness_by_style.collection IS 'Collection code.';
COMMENT ON COLUMN readiness_by_style.market IS 'Market code.';
COMMENT ON COLUMN readiness_by_style.channel IS 'Channel.';
COMMENT ON COLUMN readiness_by_style.ready_variants IS 'Colorways ready.';
COMMENT ON COLUMN readiness_by_style.variants IS 'Colorways judged (readiness rows; a style without an active colorway counts as one).';
COMMENT ON COLUMN readiness_by_style.ready IS 'Every colorway is ready.';
COMMENT ON COLUMN readiness_by_style.score IS 'Average readiness score of its colorways, rounded, 0-100.';
COMMENT ON COLUMN readiness_by_style.blockers IS 'Every blocker code of its colorways, distinct and sorted.';

-- readiness_colorways
COMMENT ON COLUMN readiness_colorways.style_id IS 'Centric style id.';
COMMENT ON COLUMN readiness_colorways.colorway_id IS 'Centric colorway id.';
COMMENT ON COLUMN readiness_colorways.color_code IS 'Colour code.';
COMMENT ON COLUMN readiness_colorways.color_name IS 'Colorway display name.';

-- readiness_keys
COMMENT ON COLUMN readiness_keys.style_id IS 'Centric style id.';
COMMENT ON COLUMN readiness_keys.color_code IS 'Colour code of an active colorway; empty when the style has none.';
COMMENT ON COLUMN readiness_keys.market IS 'Market code.';
COMMENT ON COLUMN readiness_keys.locale IS 'Locale of the market''s content.';
COMMENT ON COLUMN readiness_keys.channel IS 'A channel the market sells through.';

-- readiness_styles
COMMENT ON COLUMN readiness_styles.style_id IS 'Centric style id.';
COMMENT ON COLUMN readiness_styles.style_number IS 'Style number (code).';
COMMENT ON COLUMN readiness_styles.style_name IS 'Style display name.';
COMMENT ON COLUMN readiness_styles.season IS 'Season code.';
COMMENT ON COLUMN readiness_styles.collection IS 'Collection code.';
COMMENT ON COLUMN readiness_styles.collection_name IS 'Collection display name.';
COMMENT ON COLUMN readiness_styles.milestone IS 'Development milestone (Centric bx_milestone).';
COMMENT ON COLUMN readiness_styles.milestone_rank IS 'Position of the milestone in the configured order; null when it is not configured.';
COMMENT ON COLUMN readiness_styles.product_id IS '4ALLPORTAL product object id of the style; null when it has none.';

-- readiness_validation_findings
COMMENT ON COLUMN readiness_validation_findings.style_id IS 'Centric style id.';
COMMENT ON COLUMN readiness_validation_findings.color_code IS 'Colour code of the colorway the failing SKU or size slot belongs to; null when the finding concerns the whole style.';
COMMENT ON COLUMN readiness_validation_findings.indicator IS 'core (core data missing: CORE_FIELD_MISSING, SIZE_RANGE_MISSING, COLORWAY_MISSING, COMPOSITION_MISSING) or variant (any other code).';
COMMENT ON COLUMN readiness_validation_findings.code IS 'Reason code (docs/reason-codes.md).';
COMMENT ON COLUMN readiness_validation_findings.detail IS 'What exactly is wrong.';
COMMENT ON COLUMN readiness_validation_findings.suite IS 'Suite that failed (variant.styles, variant.size_slots, ...), or land for a malformed record.';

-- smintio_campaign_assets
COMMENT ON COLUMN smintio_campaign_assets.id IS 'Campaign asset uuid.';
COMMENT ON COLUMN smintio_campaign_assets.name IS 'Name per culture.';
COMMENT ON COLUMN smintio_campaign_assets.state IS 'draft or finalized.';
COMMENT ON COLUMN smintio_campaign_assets.approval_status IS 'Creative approval: pending, approved or rejected.';
COMMENT ON COLUMN smintio_campaign_assets.last_updated_at IS 'When Smint.io last changed it.';
COMMENT ON COLUMN smintio_campaign_assets.tags IS 'Tags creatives gave it.';
COMMENT ON COLUMN smintio_campaign_assets.style_numbers IS 'Products it shows, by style number.';
COMMENT ON COLUMN smintio_campaign_assets.channels IS 'Channels it was made for.';
COMMENT ON COLUMN smintio_campaign_assets.renditions IS 'Channel-ready renditions.';
COMMENT ON COLUMN smintio_campaign_assets.transactions IS 'License purchases of the stock content it uses.';
COMMENT ON COLUMN smintio_campaign_assets._valid_from IS 'When launchsync first saw this version.';
COMMENT ON COLUMN smintio_campaign_assets._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN smintio_campaign_assets._run_id IS 'Run that brought this version.';

-- smintio_channel_rights
COMMENT ON COLUMN smintio_channel_rights.transaction_id IS 'Smint.io license purchase transaction uuid.';
COMMENT ON COLUMN smintio_channel_rights.channel IS 'Channel the content may be used in.';
COMMENT ON COLUMN smintio_channel_rights.territory IS 'Territory (WORLD: anywhere).';
COMMENT ON COLUMN smintio_channel_rights.valid_from IS 'When the term starts; null when it has no start.';
COMMENT ON COLUMN smintio_channel_rights.valid_until IS 'When the term ends; null when open-ended.';

-- smintio_desired_assets
COMMENT ON COLUMN smintio_desired_assets.key IS 'Key: the 4ALLPORTAL file id (the external id of the asset in Smint.io).';
COMMENT ON COLUMN smintio_desired_assets.name IS 'Field name: the file name.';
COMMENT ON COLUMN smintio_desired_assets.asset_type IS 'Field asset_type: the 4ALLPORTAL asset_type, one of smintio.asset_types.';
COMMENT ON COLUMN smintio_desired_assets.file_type IS 'Field file_type: the 4ALLPORTAL object type (image, video, document).';
COMMENT ON COLUMN smintio_desired_assets.style_numbers IS 'Field style_numbers: style numbers of the linked products, else the file''s own style number; null when none.';
COMMENT ON COLUMN smintio_desired_assets.color_code IS 'Field color_code: colour code of the colorway the file shows, if any.';
COMMENT ON COLUMN smintio_desired_assets.locale IS 'Field locale: language of the file, if any.';
COMMENT ON COLUMN smintio_desired_assets.renditions IS 'Field renditions: name, width and height of each rendition; null when none.';
COMMENT ON COLUMN smintio_desired_assets.tags IS 'Field tags; null when none.';
COMMENT ON COLUMN smintio_desired_assets.replaces IS 'Field replaces: id of the file this one replaces, if any (S7).';

-- smintio_desired_collateral
COMMENT ON COLUMN smintio_desired_collateral.key IS 'Key: catalog:<season code>:<collection code> (- when the season is unknown).';
COMMENT ON COLUMN smintio_desired_collateral.name IS 'Field name: <season> <collection> line card.';
COMMENT ON COLUMN smintio_desired_collateral.purpose IS 'Field purpose: always catalog.';
COMMENT ON COLUMN smintio_desired_collateral.channel IS 'Field channel: the collateral channel (smintio.collateral_channel).';
COMMENT ON COLUMN smintio_desired_collateral.season IS 'Field season: season code, from the 4ALLPORTAL classification.';
COMMENT ON COLUMN smintio_desired_collateral.collection IS 'Field collection: collection code, from the 4ALLPORTAL classification.';
COMMENT ON COLUMN smintio_desired_collateral.assets IS 'Field assets: print-ready assets of its product cards (technical documents, datasheets, logos, or a rendition at least print_min_width wide); null when none.';
COMMENT ON COLUMN smintio_desired_collateral.product_cards IS 'Field product_cards: keys (Centric style ids) of the product cards of the collection.';

-- smintio_desired_market_sets
COMMENT ON COLUMN smintio_desired_market_sets.key IS 'Key: market:<market>:<channel>.';
COMMENT ON COLUMN smintio_desired_market_sets.name IS 'Field name: <market> <channel>.';
COMMENT ON COLUMN smintio_desired_market_sets.purpose IS 'Field purpose: always market_channel.';
COMMENT ON COLUMN smintio_desired_market_sets.market IS 'Field market: market code.';
COMMENT ON COLUMN smintio_desired_market_sets.channel IS 'Field channel.';
COMMENT ON COLUMN smintio_desired_market_sets.assets IS 'Field assets: keys of the assets fit for it: without a locale or in the market locale; packshots, logos and campaign visuals anywhere, lifestyle images and videos outside print, technical documents and datasheets in print; null when none.';
COMMENT ON COLUMN smintio_desired_market_sets.product_cards IS 'Field product_cards: keys of the product cards with a name in the market locale; null when none.';
COMMENT ON COLUMN smintio_desired_market_sets.licensed_content IS 'Field licensed_content: license transaction uuids cleared today for the channel in the market (or WORLD); null when none.';

-- smintio_desired_product_cards
COMMENT ON COLUMN smintio_desired_product_cards.key IS 'Key: the Centric style id.';
COMMENT ON COLUMN smintio_desired_product_cards.style_number IS 'Field style_number, from the 4ALLPORTAL product.';
COMMENT ON COLUMN smintio_desired_product_cards.category IS 'Field category: <category_1> / <category_2>; null when both are empty.';
COMMENT ON COLUMN smintio_desired_product_cards.season IS 'Field season: season code.';
COMMENT ON COLUMN smintio_desired_product_cards.collection IS 'Field collection: collection code.';
COMMENT ON COLUMN smintio_desired_product_cards.name__dims IS 'Field name. Columns ending in __dims hold a field with locale or channel dimensions as a list of {locale, channel, value}, one entry per locale and channel (empty: no such dimension); the field is the column name without the suffix. Smint.io fields have no channel, so channel is empty. Here the product''s consumer_title per locale, for the readiness channel (content.readiness_channel); null when none.';
COMMENT ON COLUMN smintio_desired_product_cards.description__dims IS 'Field description, as a list of {locale, channel, value} like name__dims: the product''s marketing_copy per locale, for the readiness channel; null when none.';
COMMENT ON COLUMN smintio_desired_product_cards.skus IS 'Field skus: sku, gtin, size and color_code of every variant of the product.';
COMMENT ON COLUMN smintio_desired_product_cards.technical__json IS 'Field technical. A column ending in __json holds the field value already encoded as JSON text; the field is the column name without the suffix. Here an object with the product''s care_symbols, composition, fit and materials; null when all four are empty.';
COMMENT ON COLUMN smintio_desired_product_cards.assets IS 'Field assets: keys of the product''s files sent to Smint.io as assets (smintio_desired_assets); null when none.';

-- smintio_license_status
COMMENT ON COLUMN smintio_license_status.transaction_id IS 'Smint.io license purchase transaction uuid.';
COMMENT ON COLUMN smintio_license_status.rights_status IS 'cleared (a non-editorial term is in force today), editorial_only, not_yet_valid, expired, or revoked (purchase not completed).';
COMMENT ON COLUMN smintio_license_status.commerce_channels IS 'Channels the content may be used in today; empty unless the purchase is completed.';
COMMENT ON COLUMN smintio_license_status.territories IS 'Territories where it may be used today (WORLD: anywhere); empty unless the purchase is completed.';
COMMENT ON COLUMN smintio_license_status.usages IS 'Every usage its terms name (any: unrestricted).';
COMMENT ON COLUMN smintio_license_status.valid_until IS 'When the last term ends; null when one is open-ended.';

-- smintio_license_transactions
COMMENT ON COLUMN smintio_license_transactions.id IS 'Transaction uuid.';
COMMENT ON COLUMN smintio_license_transactions.state IS 'Purchase state, e.g. completed or canceled.';
COMMENT ON COLUMN smintio_license_transactions.license_type IS 'e.g. royalty_free, rights_managed.';
COMMENT ON COLUMN smintio_license_transactions.can_be_synced IS 'Whether Smint.io allows the content to be copied into other systems.';
COMMENT ON COLUMN smintio_license_transactions.last_updated_at IS 'When Smint.io last changed the transaction.';
COMMENT ON COLUMN smintio_license_transactions.purchased_at IS 'When the license was bought.';
COMMENT ON COLUMN smintio_license_transactions.project_name IS 'Project the purchase was made for, per culture.';
COMMENT ON COLUMN smintio_license_transactions.content_uuid IS 'The licensed content element.';
COMMENT ON COLUMN smintio_license_transactions.provider IS 'Stock provider.';
COMMENT ON COLUMN smintio_license_transactions.name IS 'Content name per culture.';
COMMENT ON COLUMN smintio_license_transactions.description IS 'Content description per culture.';
COMMENT ON COLUMN smintio_license_transactions.keywords IS 'Keywords per culture.';
COMMENT ON COLUMN smintio_license_transactions.copyright IS 'Copyright notice (first culture).';
COMMENT ON COLUMN smintio_license_transactions.binaries IS 'Downloadable files (their download URLs expire and are not kept).';
COMMENT ON COLUMN smintio_license_transactions.license_terms IS 'License terms: usages and territories it is restricted to (empty: any), validity, editorial-only flag.';
COMMENT ON COLUMN smintio_license_transactions._valid_from IS 'When launchsync first saw this version.';
COMMENT ON COLUMN smintio_license_transactions._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN smintio_license_transactions._run_id IS 'Run that brought this version.';

-- smintio_managed
COMMENT ON COLUMN smintio_managed.kind IS 'Record kind: assets, product_cards or collections.';
COMMENT ON COLUMN smintio_managed.key IS 'External id of the record (the key of the desired views).';
COMMENT ON COLUMN smintio_managed.object_id IS 'The same external id: Smint.io records are addressed by it.';
COMMENT ON COLUMN smintio_managed.set_kind IS 'Mapping the record belongs to: assets, product_cards, market_sets (collections market:...) or collateral (collections catalog:...).';

-- smintio_objects
COMMENT ON COLUMN smintio_objects.id IS 'External id: the 4ALLPORTAL file id (assets), the Centric style id (product cards), market:<M>:<channel> or catalog:<collection id> (collections).';
COMMENT ON COLUMN smintio_objects.kind IS 'assets, product_cards or collections.';
COMMENT ON COLUMN smintio_objects.version IS 'Smint.io record version; moves when a push changes it.';
COMMENT ON COLUMN smintio_objects.updated_at IS 'When Smint.io last changed the record.';
COMMENT ON COLUMN smintio_objects.approval_status IS 'Assets: creative approval in Smint.io (pending, approved, rejected).';
COMMENT ON COLUMN smintio_objects.rights_clearance IS 'Assets: rights clearance in Smint.io (pending, cleared, restricted).';
COMMENT ON COLUMN smintio_objects.status_updated_at IS 'When the approval or clearance last changed.';
COMMENT ON COLUMN smintio_objects.fields IS 'Pushed fields: name, locale (localized strings; empty when none), channel (always empty), value as canonical JSON.';
COMMENT ON COLUMN smintio_objects._valid_from IS 'When launchsync first saw this version.';
COMMENT ON COLUMN smintio_objects._snapshot_id IS 'Snapshot that brought this version.';
COMMENT ON COLUMN smintio_objects._run_id IS 'Run that brought this version.';

-- smintio_rights
COMMENT ON COLUMN smintio_rights.transaction_id IS 'Smint.io license purchase transaction uuid.';
COMMENT ON COLUMN smintio_rights.file_id IS '4ALLPORTAL file holding the content (its smintio_id is the transaction); null when none.';
COMMENT ON COLUMN smintio_rights.content_name IS 'Content name in its first culture.';
COMMENT ON COLUMN smintio_rights.provider IS 'Stock provider.';
COMMENT ON COLUMN smintio_rights.license_type IS 'e.g. royalty_free, rights_managed.';
COMMENT ON COLUMN smintio_rights.state IS 'Purchase state, e.g. completed or canceled.';
COMMENT ON COLUMN smintio_rights.term IS 'Sequence number of the term; 0 for a license without terms.';
COMMENT ON COLUMN smintio_rights.territory IS 'Territory the term allows (WORLD: anywhere).';
COMMENT ON COLUMN smintio_rights.usage IS 'Usage the term allows (any: unrestricted).';
COMMENT ON COLUMN smintio_rights.valid_from IS 'When the term starts; null when it has no start.';
COMMENT ON COLUMN smintio_rights.valid_until IS 'When the term ends; null when open-ended.';
COMMENT ON COLUMN smintio_rights.is_editorial_use IS 'The term is for editorial use only.';
COMMENT ON COLUMN smintio_rights.status IS 'As of query time: cleared, expired, not_yet_valid, editorial_only or revoked (purchase not completed).';

-- smintio_values
COMMENT ON COLUMN smintio_values.object_id IS 'External id of the record.';
COMMENT ON COLUMN smintio_values.kind IS 'assets, product_cards or collections.';
COMMENT ON COLUMN smintio_values.field IS 'Field name.';
COMMENT ON COLUMN smintio_values.locale IS 'Locale of a localized string, empty when none.';
COMMENT ON COLUMN smintio_values.channel IS 'Always empty.';
COMMENT ON COLUMN smintio_values.value IS 'Value as canonical JSON text.';

-- style_composition
COMMENT ON COLUMN style_composition.style_id IS 'Centric style id.';
COMMENT ON COLUMN style_composition.composition IS 'Fiber and percent of each line of the approved BOM, largest share first.';
COMMENT ON COLUMN style_composition.materials IS 'Names of its materials, distinct and sorted.';

-- style_status
COMMENT ON COLUMN style_status.run_id IS 'Run that validated the style.';
COMMENT ON COLUMN style_status.style_id IS 'Centric style id.';
COMMENT ON COLUMN style_status.passed IS 'True when no expectation failed for the style or its SKUs.';
COMMENT ON COLUMN style_status.reasons IS 'Distinct reason codes of the failures (see docs/reason-codes.md).';
COMMENT ON COLUMN style_status.suites_digest IS 'Digest of the suite files used; a change revalidates every style.';
COMMENT ON COLUMN style_status.validated_at IS 'When the verdict was made.';

-- transfer_candidates
COMMENT ON COLUMN transfer_candidates.style_id IS 'Centric style id.';

-- transferred_products
COMMENT ON COLUMN transferred_products.style_id IS 'Centric style id.';
COMMENT ON COLUMN transferred_products.product_id IS 'Its 4ALLPORTAL product object id.';

-- transferred_styles
COMMENT ON COLUMN transferred_styles.style_id IS 'Centric style id.';
