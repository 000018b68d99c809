"""Download licensed binaries from Smint.io once per version and keep their checksum (S3)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from launchsync import clients
from launchsync.config import load_config
from launchsync.settings import load_settings
from systems.http import ApiError
from systems.smintio.client import DownloadExpired, SmintIoClient
from warehouse.db import open_warehouse

# Binaries not downloaded yet (their transaction's id, the binary's uuid and version).
MISSING = """
SELECT t.id, b.uuid, b.version
FROM smintio_license_transactions t, unnest(t.binaries[1:1]) AS u(b)
WHERE t.can_be_synced AND t.state = 'completed'
  AND NOT EXISTS (SELECT 1 FROM smintio_binaries s
                  WHERE s.transaction_id = t.id AND s.binary_uuid = b.uuid AND s.version = b.version)
ORDER BY t.id
"""
# The payload of the latest pull of each of some transactions (its URL may still work). Asked
# only for missing binaries: raw payloads are the largest table of the warehouse.
LATEST_PAYLOADS = """
SELECT record_key, payload FROM raw_records
WHERE system = 'smintio' AND list_contains($ids, record_key)
QUALIFY row_number() OVER (PARTITION BY record_key ORDER BY pulled_at DESC) = 1
"""


def binary_url(record: dict[str, Any], binary: str) -> str | None:
    """The download URL of one binary of a transaction record, if it has one."""
    for item in (record.get("content_element") or {}).get("binaries") or []:
        if isinstance(item, dict) and item.get("uuid") == binary:
            url = item.get("download_url")
            return url if isinstance(url, str) else None
    return None


def download(client: SmintIoClient, transaction: str, binary: str, url: str | None) -> bytes:
    """The binary's bytes; an expired (or missing) URL is renewed by reading the record again."""
    if url:
        try:
            return client.download(url)
        except DownloadExpired:
            pass
    fresh = binary_url(client.transaction(transaction), binary)
    if fresh is None:
        raise DownloadExpired(
            f"Smint.io offers no download for binary {binary} of {transaction}", system="Smint.io"
        )
    return client.download(fresh)


@task(cache_policy=NO_CACHE)
def fetch_binaries(run_id: str, warehouse: str) -> dict[str, Any]:
    """Download the main binary of every syncable license purchase not fetched yet."""
    log = get_run_logger()
    settings = load_settings()
    fetched = failed = 0
    with open_warehouse(Path(warehouse)) as con:
        missing = con.execute(MISSING).fetchall()
        if not missing:
            return {"binaries": 0}
        ids = sorted({transaction for transaction, _, _ in missing})
        payloads = dict(con.execute(LATEST_PAYLOADS, {"ids": ids}).fetchall())
        with clients.smintio(settings, load_config(settings.config)) as client:
            for transaction, binary, version in missing:
                payload = payloads.get(transaction)
                url = binary_url(orjson.loads(payload), binary) if payload else None
                try:
                    data = download(client, transaction, binary, url)
                except ApiError as exc:
                    # The file lands without a checksum; the next run tries again.
                    log.warning(
                        "smintio: binary %s of %s not downloaded: %s", binary, transaction, exc
                    )
                    failed += 1
                    continue
                con.execute(
                    "INSERT INTO smintio_binaries VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [transaction, binary, version, hashlib.sha256(data).hexdigest(), len(data),
                     datetime.now(UTC), run_id],
                )  # fmt: skip
                fetched += 1
    log.info("smintio: downloaded %d licensed binaries (%d failed)", fetched, failed)
    return {"binaries": fetched, "binaries_failed": failed}
