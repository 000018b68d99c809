"""Reference data the suites check against, kept as files a product owner can edit."""

import csv
import io
from functools import cache
from importlib import resources


@cache
def fiber_names() -> list[list[str]]:
    """Rows of ``fiber_names.csv``: generic fiber name, locale, name on the label there.

    Read once per process: each diff digests them with the rules (``tasks.diff.rules_digest``).
    """
    text = (resources.files("expectations") / "fiber_names.csv").read_text(encoding="utf-8")
    return [[r["fiber"], r["locale"], r["name"]] for r in csv.DictReader(io.StringIO(text))]
