"""Which revalidated styles count as changed for a change run's diffs and readiness."""

from datetime import UTC, datetime, timedelta

from tasks.validate import verdicts_changed
from warehouse.db import connect, migrate

BEFORE = datetime(2026, 3, 1, tzinfo=UTC)
SINCE = BEFORE + timedelta(days=1)
AFTER = SINCE + timedelta(days=1)


def test_a_style_revalidated_as_passing_again_does_not_count(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    migrate(con)
    verdicts = [
        ("still-passing", True, BEFORE), ("still-passing", True, AFTER),
        ("now-passing", False, BEFORE), ("now-passing", True, AFTER),
        ("now-failing", True, BEFORE), ("now-failing", False, AFTER),
        ("new", True, AFTER),
        ("untouched", False, BEFORE),
        ("still-failing", False, BEFORE), ("still-failing", False, AFTER),
        ("failed-and-back", True, BEFORE), ("failed-and-back", False, AFTER),
        ("failed-and-back", True, AFTER + timedelta(hours=1)),
    ]  # fmt: skip
    con.executemany(
        "INSERT INTO style_verdicts VALUES ('r', ?, ?, [], 'd', ?)",
        [list(v) for v in verdicts],
    )
    found = {s for (s,) in con.execute(verdicts_changed(), {"since": SINCE}).fetchall()}
    # A failing verdict counts again: its findings may differ.
    assert found == {"now-passing", "now-failing", "new", "failed-and-back", "still-failing"}
    con.close()
