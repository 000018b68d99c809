from systems.centric.endpoints import ENDPOINTS as CENTRIC
from systems.fourallportal.endpoints import ENDPOINTS as PIM
from tasks.pull import normalize_page

GOOD_SKU = {
    "id": "C1", "style": "C2", "colorway": "C3", "product_size": "C4",
    "bx_gtin": "4006381333931", "_modified_at": "2026-06-02T12:00:00.000Z", "extra_attribute": 1,
}  # fmt: skip


def test_well_formed_records_become_rows_named_like_the_columns():
    page = normalize_page(CENTRIC["skus"], [GOOD_SKU])
    assert page.rejects == []
    [row] = page.rows
    assert row["id"] == "C1" and row["bx_gtin"] == "4006381333931"
    assert row["modified_at"].isoformat() == "2026-06-02T12:00:00+00:00"
    assert "extra_attribute" not in row
    assert page.raw[0][0] == "C1" and '"extra_attribute":1' in page.raw[0][1]


def test_malformed_records_are_rejected_with_reasons_and_the_rest_carry_on():
    wrong_type = {**GOOD_SKU, "id": "C10", "bx_gtin": 4006381333931}
    missing = {k: v for k, v in GOOD_SKU.items() if k != "colorway"} | {"id": "C11"}
    empty_ref = {**GOOD_SKU, "id": "C12", "style": "centric%3A"}
    bad_bool = {**GOOD_SKU, "id": "C13", "active": "yes"}
    page = normalize_page(
        CENTRIC["skus"],
        [wrong_type, GOOD_SKU, missing, "not a record", empty_ref, bad_bool, {"no": "id"}],
    )
    assert [r["id"] for r in page.rows] == ["C1"]
    reasons = {r.record_key: r.detail for r in page.rejects}
    assert reasons["C10"].startswith("bx_gtin:")
    assert reasons["C11"].startswith("colorway:")
    assert "reference is empty" in reasons["C12"]
    assert reasons["C13"].startswith("active:")
    assert reasons[None].startswith(("not a JSON object", "id:"))
    assert {r.style_id for r in page.rejects if r.record_key in ("C10", "C11")} == {"C2"}
    assert len(page.raw) == 7


def test_empty_references_become_null():
    style = {
        "id": "C5",
        "collection": "centric%3A",
        "parent_season": "C1",
        "_modified_at": "2026-01-01T00:00:00Z",
    }
    [row] = normalize_page(CENTRIC["styles"], [style]).rows
    assert row["collection"] is None and row["parent_season"] == "C1"


def test_pim_objects_normalize_to_canonical_values_with_dimensions():
    obj = {
        "id": "u1", "module": "product", "type": "style", "mod_time": "2026-06-02T12:00:00.000Z",
        "centric_id": [{"value": "C5", "dimensions": {}}],
        "composition": [{"value": [{"percent": 95.0, "fiber": "cotton"}], "dimensions": {}}],
        "seo_title": [{"value": "Titel", "dimensions": {"locale": "de_DE", "channel": "ecom"}}],
    }  # fmt: skip
    [row] = normalize_page(PIM["product"], [obj]).rows
    assert row["centric_id"] == "C5"
    fields = {(f["name"], f["locale"], f["channel"]): f["value"] for f in row["fields"]}
    assert fields[("composition", "", "")] == '[{"fiber":"cotton","percent":95.0}]'
    assert fields[("seo_title", "de_DE", "ecom")] == '"Titel"'
    bad = normalize_page(PIM["product"], [{**obj, "sku": "not a list"}])
    assert bad.rows == [] and "not a list of values" in bad.rejects[0].detail
