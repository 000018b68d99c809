"""Smint.io records as launchsync lands them: rights kept, bad licenses quarantined."""

from systems.smintio.endpoints import ENDPOINTS
from tasks.pull import normalize_page

FEED = ENDPOINTS["license_purchase_transactions"]


def purchase(uuid: str, **term) -> dict:
    return {
        "uuid": uuid, "state": "completed", "last_updated_at": "2026-05-01T10:00:00.000Z",
        "content_element": {"uuid": f"ce-{uuid}", "name": [{"culture": "en", "value": "Beach"}],
                            "copyright_notices": [{"culture": "en", "value": "(c) someone"}]},
        "license_terms": [{"sequence_number": 1, **term}],
    }  # fmt: skip


def test_license_terms_land_with_territories_usages_and_validity():
    page = normalize_page(FEED, [purchase("a", restricted_usages=["print"], restricted_geographies=["DE", "FR"],
                                          valid_until="2027-01-01T00:00:00Z", is_editorial_use=True)])  # fmt: skip
    [row] = page.rows
    [term] = row["license_terms"]
    assert (term["usages"], term["territories"], term["is_editorial_use"]) == (
        ["print"],
        ["DE", "FR"],
        True,
    )
    assert term["valid_until"].year == 2027
    assert row["copyright"] == "(c) someone" and row["name"] == [
        {"culture": "en", "value": "Beach"}
    ]


def test_impossible_licenses_are_quarantined_with_the_reason_and_the_rest_lands():
    page = normalize_page(FEED, [
        purchase("ends-before-start", valid_from="2027-01-01T00:00:00Z", valid_until="2026-01-01T00:00:00Z"),
        purchase("not-a-country", restricted_geographies=["Europe"]),
        {"uuid": "no-content", "state": "completed", "last_updated_at": "2026-05-01T10:00:00Z"},
        purchase("fine"),
    ])  # fmt: skip
    assert [r["id"] for r in page.rows] == ["fine"]
    reasons = {r.record_key: r.detail for r in page.rejects}
    assert "valid_until is before valid_from" in reasons["ends-before-start"]
    assert "ISO 3166" in reasons["not-a-country"]
    assert reasons["no-content"].startswith("content_element")


def test_pushed_records_keep_localized_values_per_locale():
    endpoint = ENDPOINTS["product_cards"]
    page = normalize_page(endpoint, [{
        "external_id": "C1", "version": 2, "updated_at": "2026-05-01T10:00:00Z",
        "style_number": "SS27-1", "name": [{"culture": "de-DE", "value": "Hemd"}, {"culture": "fr-FR", "value": "Chemise"}],
    }])  # fmt: skip
    [row] = page.rows
    assert row["kind"] == "product_cards"
    assert [(f["name"], f["locale"], f["value"]) for f in row["fields"]] == [
        ("name", "de_DE", '"Hemd"'), ("name", "fr_FR", '"Chemise"'), ("style_number", "", '"SS27-1"')
    ]  # fmt: skip
