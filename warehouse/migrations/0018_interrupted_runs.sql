-- Runs whose process died are closed as interrupted by the next run.
COMMENT ON COLUMN sync_runs.status IS 'running, completed, failed, or interrupted (its process died; the next run closed it and did what was left).';
COMMENT ON COLUMN sync_runs.finished_at IS 'When the run ended; null while running; for an interrupted run, when the next run found it dead.';
