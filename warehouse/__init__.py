"""The snapshot warehouse: a DuckDB file whose schema comes from numbered SQL migrations."""
