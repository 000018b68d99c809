"""Licensed binaries: which payload a download starts from."""

from datetime import UTC, datetime, timedelta

import orjson

from tasks.binaries import LATEST_PAYLOADS, binary_url

T0 = datetime(2026, 11, 2, tzinfo=UTC)


def payload(url: str) -> str:
    return orjson.dumps(
        {"content_element": {"binaries": [{"uuid": "b1", "download_url": url}]}}
    ).decode()


def test_a_download_starts_from_the_latest_pull_of_each_transaction_it_asks_about(warehouse):
    rows = [
        ("s1", "smintio", "license_purchase_transactions", "t1", payload("old"), T0),
        ("s2", "smintio", "license_purchase_transactions", "t1", payload("new"), T0 + timedelta(hours=1)),
        ("s2", "smintio", "license_purchase_transactions", "t2", payload("t2"), T0 + timedelta(hours=1)),
        ("s3", "centric", "styles", "t1", payload("not smintio"), T0 + timedelta(hours=2)),
        ("s2", "smintio", "license_purchase_transactions", "t3", payload("not asked"), T0),
    ]  # fmt: skip
    warehouse.executemany("INSERT INTO raw_records VALUES (?, ?, ?, ?, ?, ?)", rows)

    found = dict(warehouse.execute(LATEST_PAYLOADS, {"ids": ["t1", "t2", "gone"]}).fetchall())

    urls = {key: binary_url(orjson.loads(text), "b1") for key, text in found.items()}
    assert urls == {"t1": "new", "t2": "t2"}
