-- Comments that no longer said what the columns hold.
COMMENT ON TABLE rule_settings IS 'Single-valued rules from launchsync.toml: source_locale, readiness_channel (the channel whose texts go to Smint.io product cards), print_min_width, collateral_channel, launch_window_days.';
COMMENT ON COLUMN raw_records.system IS 'centric, fourallportal or smintio.';
COMMENT ON COLUMN raw_records.entity IS 'Centric type (styles, skus, ...), 4ALLPORTAL module (product, file, ...) or Smint.io record type (license_transactions, campaign_assets, ...).';
COMMENT ON COLUMN snapshots.system IS 'centric, fourallportal or smintio.';
COMMENT ON COLUMN snapshots.entity IS 'Centric type (styles, skus, ...), 4ALLPORTAL module (product, file, ...) or Smint.io record type (license_transactions, campaign_assets, ...).';
COMMENT ON COLUMN sync_cursors.system IS 'centric, fourallportal or smintio.';
COMMENT ON COLUMN sync_cursors.entity IS 'Centric type, 4ALLPORTAL module or Smint.io record type.';
COMMENT ON COLUMN fourallportal_objects_history.module IS 'Module: product, variant, classification, file or launch_package.';
COMMENT ON COLUMN fourallportal_objects.module IS 'Module: product, variant, classification, file or launch_package.';
COMMENT ON COLUMN fourallportal_current.module IS 'Module: product, variant, classification, file or launch_package.';
COMMENT ON COLUMN centric_styles_history.bx_market_readiness IS 'Written by launchsync (C7): per market, status ready or blocked and, in missing, the blocker codes there (docs/readiness.md).';
COMMENT ON COLUMN centric_styles.bx_market_readiness IS 'Written by launchsync (C7): per market, status ready or blocked and, in missing, the blocker codes there (docs/readiness.md).';
COMMENT ON COLUMN smintio_objects_history.id IS 'External id: the 4ALLPORTAL file id (assets), the Centric style id (product cards), market:<market>:<channel> (market sets) or catalog:<season code>:<collection code> (collateral).';
COMMENT ON COLUMN smintio_objects.id IS 'External id: the 4ALLPORTAL file id (assets), the Centric style id (product cards), market:<market>:<channel> (market sets) or catalog:<season code>:<collection code> (collateral).';
