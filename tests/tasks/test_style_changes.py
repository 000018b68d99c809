"""Which styles count as changed: records reached through 4ALLPORTAL files and Smint.io."""

from datetime import UTC, datetime

import pytest

from systems.generator import generate
from tasks.readiness import style_records_changed
from tests.helpers import land_catalog, land_records
from warehouse.db import connect, migrate

LICENSES = "license_purchase_transactions"


def changed_styles(con, since: datetime) -> set[str]:
    sql = f"SELECT style_id FROM ({style_records_changed(con, {})})"
    return {style for (style,) in con.execute(sql, {"since": since}).fetchall()}


@pytest.mark.parametrize(
    ("kind", "edit"),
    [(LICENSES, {"state": "cancelled"}), ("campaign_assets", {"approval_status": "approved"})],
)
def test_a_changed_smintio_record_changes_the_style_of_the_file_made_from_it(tmp_path, kind, edit):
    catalog = generate(30, seed=4)
    product = catalog.fourallportal["product"][0]
    record, other = catalog.smintio[kind][:2]
    file = {
        **catalog.fourallportal["file"][0],
        "products": [{"value": [product["id"]], "dimensions": {}}],
        "smintio_id": [{"value": record["uuid"], "dimensions": {}}],
    }
    con = connect(tmp_path / "w.duckdb")
    migrate(con)
    land_catalog(con, catalog)
    land_records(con, "product", [product], "r1", "fourallportal")
    land_records(con, "file", [file], "r1", "fourallportal")
    land_records(con, kind, [record, other], "r1", "smintio")
    since = datetime.now(UTC)
    assert changed_styles(con, since) == set()
    land_records(con, kind, [{**other, **edit}], "r2", "smintio")
    assert changed_styles(con, since) == set()  # no file of the style comes from it
    land_records(con, kind, [{**record, **edit}], "r3", "smintio")
    assert changed_styles(con, since) == {product["centric_id"][0]["value"]}
    con.close()
