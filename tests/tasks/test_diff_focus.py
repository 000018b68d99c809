"""What a change run's narrowed variant diff compares: styles whose verdict flipped."""

from datetime import UTC, datetime, timedelta

from tasks.diff import verdicts_flipped
from warehouse.db import connect, migrate

BEFORE = datetime(2026, 3, 1, tzinfo=UTC)
SINCE = BEFORE + timedelta(days=1)
AFTER = SINCE + timedelta(days=1)


def test_only_styles_whose_verdict_flipped_since_the_watermark_count(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    migrate(con)
    verdicts = [
        ("still-passing", True, BEFORE), ("still-passing", True, AFTER),
        ("now-passing", False, BEFORE), ("now-passing", True, AFTER),
        ("now-failing", True, BEFORE), ("now-failing", False, AFTER),
        ("new", True, AFTER),
        ("untouched", False, BEFORE),
        ("failed-and-back", True, BEFORE), ("failed-and-back", False, AFTER),
        ("failed-and-back", True, AFTER + timedelta(hours=1)),
    ]  # fmt: skip
    con.executemany(
        "INSERT INTO style_verdicts VALUES ('r', ?, ?, [], 'd', ?)",
        [list(v) for v in verdicts],
    )
    found = {s for (s,) in con.execute(verdicts_flipped(), {"since": SINCE}).fetchall()}
    assert found == {"now-passing", "now-failing", "new", "failed-and-back"}
    con.close()
