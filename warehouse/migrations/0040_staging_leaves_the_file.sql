-- Pulls stage their rows in temporary tables of their own connection now (warehouse/history.py):
-- rows in transit no longer go through the file's log. The old staging copies go.

DROP SCHEMA IF EXISTS staging CASCADE;
