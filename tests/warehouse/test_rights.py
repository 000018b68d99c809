"""Rights of licensed stock as the warehouse states them (smintio_rights, smintio_license_status)."""

from launchsync.config import load_config
from tasks.runs import write_rules
from tests.helpers import land_records

PAST, FUTURE = "2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z"


def purchase(uuid: str, *terms: dict, state: str = "completed") -> dict:
    return {
        "uuid": uuid, "state": state, "last_updated_at": "2026-05-01T10:00:00Z",
        "content_element": {"uuid": f"c-{uuid}", "name": [{"culture": "en", "value": uuid}]},
        "license_terms": [{"sequence_number": n + 1, **t} for n, t in enumerate(terms)],
    }  # fmt: skip


def statuses(warehouse, records: list[dict]) -> dict[str, tuple]:
    write_rules(warehouse, load_config())
    land_records(warehouse, "license_purchase_transactions", records, "run-1", system="smintio")
    rows = warehouse.execute(
        "SELECT transaction_id, rights_status, commerce_channels, territories FROM smintio_license_status"
    ).fetchall()
    return {t: (s, c, g) for t, s, c, g in rows}


def test_each_license_gets_one_status_and_the_channels_its_cleared_terms_allow(warehouse):
    found = statuses(warehouse, [
        purchase("open", {"restricted_usages": ["print"], "restricted_geographies": ["DE"]}),
        purchase("one-term-ended", {"valid_until": PAST}, {"restricted_usages": ["ecommerce"]}),
        purchase("all-ended", {"valid_until": PAST}, {"valid_until": PAST, "restricted_usages": ["print"]}),
        purchase("later", {"valid_from": FUTURE}),
        purchase("editorial", {"is_editorial_use": True}),
        purchase("canceled", {}, state="canceled"),
        purchase("no-terms"),
        purchase("gap", {"valid_until": PAST}, {"valid_from": FUTURE}),
        purchase("editorial-left", {"is_editorial_use": True}, {"valid_until": PAST}),
    ])  # fmt: skip
    assert found == {
        "open": ("cleared", ["print"], ["DE"]),
        "one-term-ended": ("cleared", ["ecom"], ["WORLD"]),
        "all-ended": ("expired", [], []),
        "later": ("not_yet_valid", [], []),
        "editorial": ("editorial_only", [], []),
        "canceled": ("revoked", [], []),
        "no-terms": ("cleared", ["ecom", "marketplace", "print"], ["WORLD"]),
        "gap": ("not_yet_valid", [], []),  # no term in force today
        "editorial-left": ("editorial_only", [], []),
    }


def test_rights_rows_name_territory_usage_and_validity(warehouse):
    statuses(warehouse, [purchase("p", {"restricted_usages": ["web", "print"], "restricted_geographies": ["FR"],
                                        "valid_until": FUTURE})])  # fmt: skip
    rows = warehouse.execute(
        "SELECT territory, usage, strftime(valid_until, '%Y'), status FROM smintio_rights ORDER BY usage"
    ).fetchall()
    assert rows == [("FR", "print", "2099", "cleared"), ("FR", "web", "2099", "cleared")]
