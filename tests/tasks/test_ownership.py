"""The ownership check refuses settings the fixed mappings contradict (``check_ownership``)."""

import pytest

from launchsync.config import Pair, load_config
from launchsync.errors import ConfigError
from tasks.runs import check_ownership
from tasks.targets import MAPPINGS, view_columns, written_fields


def owned(**changes):
    config = load_config()
    return config.model_copy(update={"ownership": config.ownership.model_copy(update=changes)})


def test_written_fields_are_the_columns_of_the_desired_views(warehouse):
    written = written_fields(warehouse)
    columns: dict[tuple[str, str], set[str]] = {}
    for m in MAPPINGS.values():
        if m.view:
            columns.setdefault((m.system, m.entity), set()).update(view_columns(warehouse, m.view))
    assert set(written) == set(columns)
    for target, fields in written.items():
        # Each field is a column of one of the target's views, or a column with a suffix.
        assert fields and all(any(c.startswith(f) for c in columns[target]) for f in fields)
    assert {"gtin", "sku"} <= written[("fourallportal", "variant")]
    assert {"style_number", "bx_launch_status"} & written[("centric", "styles")] == {
        "bx_launch_status"
    }


def test_the_shipped_ownership_passes(warehouse):
    check_ownership(warehouse, load_config())


def test_content_written_from_centric_is_refused(warehouse):
    with pytest.raises(ConfigError, match=r"ownership\.content lists variant\.gtin"):
        check_ownership(warehouse, owned(content=["variant.gtin"]))


def test_a_pair_a_fixed_mapping_writes_is_refused(warehouse):
    pair = Pair(fourallportal="variant.gtin", centric="skus.bx_gtin", owner="centric")
    with pytest.raises(ConfigError, match=r"variant\.gtin = skus\.bx_gtin is also written"):
        check_ownership(warehouse, owned(pairs=[pair]))


def test_a_pair_of_an_attribute_not_read_is_refused(warehouse):
    pair = Pair(fourallportal="variant.fit", centric="skus.bx_nothing", owner="centric")
    with pytest.raises(ConfigError, match=r"skus\.bx_nothing is not a Centric attribute"):
        check_ownership(warehouse, owned(pairs=[pair]))
