"""Reference data the suites check against, kept as files a product owner can edit."""

import csv
import io
from importlib import resources


def fiber_names() -> list[list[str]]:
    """Rows of ``fiber_names.csv``: generic fiber name, locale, name on the label there."""
    text = (resources.files("expectations") / "fiber_names.csv").read_text(encoding="utf-8")
    return [[r["fiber"], r["locale"], r["name"]] for r in csv.DictReader(io.StringIO(text))]
