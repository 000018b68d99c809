import duckdb
import polars as pl
import pytest

from warehouse import schema_docs
from warehouse.db import connect, migrate, registered
from warehouse.history import ensure_stage
from warehouse.schema_docs import (
    DOCS_PATH,
    TABLE,
    TABLE_MACRO,
    VIEW,
    documented_objects,
    render,
)

OUT_OF_DATE = "docs/schema.md is out of date: run python -m warehouse.schema_docs"


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A warehouse file with every migration applied (as a real one, not in memory)."""
    con = connect(tmp_path_factory.mktemp("schema_docs") / "w.duckdb")
    migrate(con)
    yield con
    con.close()


def small_database() -> duckdb.DuckDBPyConnection:
    """A tiny database with one object of each kind and the things the docs leave out."""
    con = duckdb.connect()
    con.execute(
        """
        CREATE TABLE schema_migrations (version INTEGER, name VARCHAR, applied_at TIMESTAMPTZ);
        INSERT INTO schema_migrations VALUES (7, 'things', now());
        CREATE TABLE things_history (id VARCHAR NOT NULL, label VARCHAR, _hash VARCHAR,
            _valid_from TIMESTAMPTZ, _valid_to TIMESTAMPTZ, _snapshot_id VARCHAR, _run_id VARCHAR);
        COMMENT ON TABLE things_history IS 'Every version of a thing | with a pipe.';
        COMMENT ON COLUMN things_history.label IS 'Label <as shown>, *not* the id.';
        CREATE VIEW things AS SELECT id, label FROM things_history WHERE _valid_to IS NULL;
        COMMENT ON VIEW things IS 'Current things.';
        CREATE MACRO things_as_of(ts) AS TABLE SELECT * FROM things_history WHERE _valid_from <= ts;
        COMMENT ON MACRO TABLE things_as_of IS 'Things as known at ts.';
        CREATE TEMP TABLE _incoming (id VARCHAR);
        """
    )
    return con


@pytest.fixture
def small():
    con = small_database()
    yield con
    con.close()


def test_docs_match_a_freshly_migrated_warehouse(migrated):
    current = DOCS_PATH.read_text(encoding="utf-8") if DOCS_PATH.exists() else None
    if current != render(migrated):
        pytest.fail(OUT_OF_DATE, pytrace=False)


def test_every_table_and_view_has_a_comment(migrated):
    missing = [
        f"{o.kind} {o.name}"
        for o in documented_objects(migrated)
        if o.kind in (TABLE, VIEW) and not o.comment
    ]
    assert missing == [], "add COMMENT ON TABLE/VIEW in a new migration"


def test_every_column_of_every_table_and_view_has_a_comment(migrated):
    objects = [o for o in documented_objects(migrated) if o.kind in (TABLE, VIEW)]
    assert {TABLE, VIEW} <= {o.kind for o in objects}
    assert all(o.columns for o in objects)
    missing = [f"{o.kind} {o.name}.{c.name}" for o in objects for c in o.columns if not c.comment]
    assert missing == [], "add COMMENT ON COLUMN in a new migration (views too)"


def test_staging_copies_bookkeeping_and_temporary_objects_are_left_out(small):
    before = render(small)
    stage = ensure_stage(small, "things_history")
    small.execute(f"INSERT INTO {stage} (id) VALUES ('a')")
    with registered(small, "stage_batch", pl.DataFrame({"id": ["a"]})):
        assert render(small) == before
    names = {(o.name, o.kind) for o in documented_objects(small)}
    assert names == {("things_history", TABLE), ("things", VIEW), ("things_as_of", TABLE_MACRO)}
    assert "stage_things_history" not in before
    assert "_incoming" not in before


def test_the_bookkeeping_table_is_listed_once_it_has_a_comment(small):
    small.execute("COMMENT ON TABLE schema_migrations IS 'Applied migrations.'")
    assert "schema_migrations" in {o.name for o in documented_objects(small)}
    assert "### schema_migrations" in render(small)


def test_sections_show_kind_comment_columns_and_macro_parameters(small):
    text = render(small)
    assert "Schema after migration `0007_things`: 1 tables, 1 views and 1 table macros." in text
    assert "Table. Every version of a thing \\| with a pipe." in text
    assert "| `id` | `VARCHAR` not null |  |" in text
    assert "| `label` | `VARCHAR` | Label \\<as shown\\>, \\*not\\* the id. |" in text
    assert "Table macro. Things as known at ts.\n\nParameters: `ts`." in text
    assert "  - [things_as_of](#things_as_of) (table macro)" in text
    assert "## Other\n" in text
    assert render(small) == text


def test_check_fails_with_one_line_when_the_file_is_out_of_date(
    small, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(schema_docs, "fresh_database", small_database)
    out = tmp_path / "schema.md"
    assert schema_docs.main(["--check", "--output", str(out)]) == 1
    assert schema_docs.main(["--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render(small)
    capsys.readouterr()
    assert schema_docs.main(["--check", "--output", str(out)]) == 0
    out.write_text("# stale\n", encoding="utf-8")
    assert schema_docs.main(["--check", "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == f"{out} is out of date: run python -m warehouse.schema_docs --output {out}\n"
