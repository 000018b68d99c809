"""Which revalidated styles count as changed for a change run's diffs and readiness."""

from datetime import UTC, datetime, timedelta

from tasks.diff import CHANGED_INPUTS, verdicts_turned
from tasks.validate import verdicts_changed
from warehouse.db import connect, migrate

BEFORE = datetime(2026, 3, 1, tzinfo=UTC)
SINCE = BEFORE + timedelta(days=1)
AFTER = SINCE + timedelta(days=1)


def test_a_style_revalidated_as_passing_or_failing_alike_does_not_count(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    migrate(con)
    verdicts = [
        ("still-passing", True, BEFORE), ("still-passing", True, AFTER),
        ("now-passing", False, BEFORE), ("now-passing", True, AFTER),
        ("now-failing", True, BEFORE), ("now-failing", False, AFTER),
        ("new", True, AFTER),
        ("untouched", False, BEFORE),
        ("still-failing", False, BEFORE), ("still-failing", False, AFTER),
        ("failing-alike", False, BEFORE), ("failing-alike", False, AFTER),
        ("failed-and-back", True, BEFORE), ("failed-and-back", False, AFTER),
        ("failed-and-back", True, AFTER + timedelta(hours=1)),
    ]  # fmt: skip
    con.executemany(
        "INSERT INTO style_verdicts VALUES (?, ?, ?, [], 'd', ?)",
        [[f"run-{at:%d%H}", style, passed, at] for style, passed, at in verdicts],
    )
    findings = [
        ("still-failing", BEFORE, "GTIN_CHECK_DIGIT", "4000000000001"),
        ("still-failing", AFTER, "GTIN_CHECK_DIGIT", "4000000000002"),  # another SKU now
        ("failing-alike", BEFORE, "MISSING_SIZE", "XL"),
        ("failing-alike", AFTER, "MISSING_SIZE", "XL"),
    ]
    con.executemany(
        "INSERT INTO quarantine VALUES (?, 'validate', 'centric', 'skus', ?, ?, ?, ?, 'variant', ?, NULL)",
        [
            [f"run-{at:%d%H}", detail, style, reason, detail, at]
            for style, at, reason, detail in findings
        ],
    )

    def found(findings: bool) -> set[str]:
        sql = verdicts_changed(findings)
        return {s for (s,) in con.execute(sql, {"since": SINCE}).fetchall()}

    # A diff cares whether a style passes: one failing again stays out of the transfer.
    assert found(findings=False) == {"now-passing", "now-failing", "new", "failed-and-back"}
    # Readiness also judges findings: one failing again on other findings is judged again,
    # one failing again on the same findings is not.
    assert found(findings=True) == found(findings=False) | {"still-failing"}
    con.close()


def test_a_mapping_level_asks_when_verdicts_last_turned_and_gets_what_the_verdicts_say(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    migrate(con)
    verdicts = [
        ("a", True, BEFORE), ("a", True, AFTER),  # passing again: no turn
        ("b", True, BEFORE), ("b", False, SINCE),  # turned at SINCE
        ("c", False, BEFORE), ("c", False, AFTER),
    ]  # fmt: skip
    insert = "INSERT INTO style_verdicts VALUES (?, ?, ?, [], 'd', ?)"
    con.executemany(insert, [[f"run-{at:%d%H}", s, p, at] for s, p, at in verdicts])
    condition = f"SELECT {CHANGED_INPUTS['verdicts']}"
    marks = [BEFORE - timedelta(days=1), BEFORE, SINCE - timedelta(hours=1), SINCE, AFTER]
    for mark in marks:
        expected = con.execute(condition, {"since": mark}).fetchone()[0]
        assert verdicts_turned(con, mark) is expected, mark
    assert [verdicts_turned(con, mark) for mark in marks] == [True, True, True, False, False]
    # A later validation that turns a style is seen at once, though asked with the same mark.
    con.execute(insert, ["run-later", "c", True, AFTER + timedelta(hours=1)])
    assert verdicts_turned(con, AFTER) is True
    assert con.execute(condition, {"since": AFTER}).fetchone()[0] is True
    con.close()
