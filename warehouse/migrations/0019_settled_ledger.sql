-- A write whose outcome was unknown is settled by the next complete run.
COMMENT ON COLUMN push_ledger.state IS 'pending (sent, result unknown), applied, failed, rejected (target refused it), superseded (a later write of the same record applied), or settled (its outcome was unknown, and a later complete run found nothing left to write for the record).';
