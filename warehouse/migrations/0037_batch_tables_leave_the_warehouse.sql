-- The tables validation and readiness filled for Great Expectations (batch_<suite table>) now
-- go into a batch file beside each run, which the validation process opens while the run
-- keeps the warehouse. The copies earlier runs left here are dropped.

DROP TABLE IF EXISTS batch_variant_styles;
DROP TABLE IF EXISTS batch_variant_skus;
DROP TABLE IF EXISTS batch_variant_size_slots;
DROP TABLE IF EXISTS batch_variant_composition;
DROP TABLE IF EXISTS batch_readiness_core;
DROP TABLE IF EXISTS batch_readiness_compliance;
DROP TABLE IF EXISTS batch_readiness_enrichment;
DROP TABLE IF EXISTS batch_readiness_localization;
DROP TABLE IF EXISTS batch_readiness_fiber_names;
DROP TABLE IF EXISTS batch_readiness_assets;
DROP TABLE IF EXISTS batch_readiness_linked_assets;
DROP TABLE IF EXISTS batch_readiness_rights;
