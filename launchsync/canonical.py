"""Canonical JSON: one encoding for every value that is compared across systems."""

from typing import Any

import orjson


def canonical_json(value: Any) -> str:
    """Encode ``value`` as compact JSON with sorted keys, so equal values give equal text."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
