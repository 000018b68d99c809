"""Smint.io client: the consumer (licensing) API and the designed creative API."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
from pydantic import SecretStr

from systems.endpoints import Endpoint
from systems.http import (
    ApiClient,
    ApiError,
    AuthenticationFailed,
    Hints,
    NotFound,
    RequestRejected,
    RetryPolicy,
    ServerFailed,
    SystemClient,
    keyed,
    segment,
)
from systems.paging import ContinuationPaginator, paginate
from systems.smintio.auth import OAuthRefreshAuth, TokenStore

SYSTEM = "Smint.io"
HINTS = Hints(url="LAUNCHSYNC_SMINTIO_URL", credentials="LAUNCHSYNC_SMINTIO_REFRESH_TOKEN")


class CursorExpired(ApiError):
    """Smint.io no longer knows a continuation cursor; the listing must start over."""

    pages = 0  # pages read before the cursor was refused


class DownloadExpired(ApiError):
    """A binary's download URL expired before it was used; read its record again."""


class SmintIoClient(SystemClient):
    """Reads license purchases and campaign assets; writes assets, product cards, collections."""

    def __init__(
        self,
        api: ApiClient,
        auth: OAuthRefreshAuth,
        page_size: int = 100,
        downloads: ApiClient | None = None,
    ) -> None:
        self.api = api
        self.auth = auth
        self.page_size = page_size
        # Signed download URLs carry their own credentials and may point at another host:
        # they are fetched without the access token.
        self.downloads = downloads or api
        self.position: str | None = None

    @classmethod
    def connect(
        cls,
        url: str,
        client_id: str,
        client_secret: SecretStr,
        refresh_token: SecretStr,
        *,
        token_url: str | None = None,
        token_store: Path | None = None,
        page_size: int = 100,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> "SmintIoClient":
        """Build a client for the Smint.io tenant at ``url``.

        Args:
            url: Base URL of the tenant's API.
            client_id: OAuth2 client id.
            client_secret: OAuth2 client secret.
            refresh_token: The refresh token of the grant launchsync was given.
            token_url: The OAuth2 token endpoint (default ``<url>/connect/token``).
            token_store: File keeping the newest refresh token between runs.
            page_size: Records per page.
            timeout: Seconds to wait for an answer.
            retry: Retry policy for transient failures.
            transport: HTTP transport (tests serve the simulator in-process).
        """
        url = url.rstrip("/")
        store = TokenStore(token_store, refresh_token) if token_store else None
        auth = OAuthRefreshAuth(
            token_url or f"{url}/connect/token", client_id, client_secret, refresh_token, store
        )
        api, downloads = (
            ApiClient(
                system=SYSTEM,
                base_url=url,
                auth=use,
                hints=HINTS,
                timeout=timeout,
                retry=retry or RetryPolicy(),
                transport=transport,
            )
            for use in (auth, httpx.Auth())
        )
        return cls(api, auth, page_size, downloads)

    def close(self) -> None:
        """Close both connection pools."""
        self.api.close()
        if self.downloads is not self.api:
            self.downloads.close()

    def check(self) -> None:
        """Prove URL and credentials work (a token refresh and one small listing).

        Raises:
            ApiError: the tenant cannot be used; the message says why.
        """
        self.api.request_json("GET", "creative/v1/assets", params={"limit": 1})

    def iter_pages(
        self, endpoint: Endpoint, since: str | None = None
    ) -> Iterator[list[dict[str, Any]]]:
        """Yield the pages of a listing, from the start or from a feed cursor ``since``.

        After the last page ``position`` holds the cursor to resume from next time.
        """
        paginator = ContinuationPaginator(
            self.page_size, str(endpoint.records_key), since if isinstance(since, str) else None
        )
        path = str(endpoint.path)

        def fetch(params: dict[str, Any]) -> Any:
            try:
                return self.api.request_json("GET", path, params=params)
            except RequestRejected as exc:
                if "invalid_continuation_uuid" in str(exc):
                    raise CursorExpired(
                        f"{SYSTEM} no longer knows the cursor of {endpoint.name}",
                        system=SYSTEM,
                        status=exc.status,
                    ) from None
                raise

        yield from paginate(fetch, paginator)
        self.position = paginator.position

    def fetch(self, endpoint: Endpoint, key: str) -> dict[str, Any] | None:
        """One record of a listing by its id, or None when it does not exist."""
        try:
            return self.api.request_json("GET", f"{endpoint.path}/{segment(key)}")
        except NotFound:
            return None

    def put(
        self, kind: str, external_id: str, body: dict[str, Any], key: str | None = None
    ) -> dict[str, Any]:
        """Create or replace a pushed record (naturally idempotent: same body, same state)."""
        return self.api.request_json(
            "PUT", f"creative/v1/{kind}/{segment(external_id)}", json=body, headers=keyed(key)
        )

    def put_many(
        self, kind: str, records: list[tuple[str, dict[str, Any]]], key: str | None = None
    ) -> list[ApiError | None]:
        """Create or replace several pushed records in one call.

        Returns, in the order sent, None for each record written and the error its own PUT
        would have raised for each one refused (the others are written all the same).
        """
        if not records:
            return []
        body = [{**fields, "external_id": external_id} for external_id, fields in records]
        path = f"creative/v1/{segment(kind)}"
        answer = self.api.request_json("PUT", path, json=body, headers=keyed(key))
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list) or len(results) != len(records):
            raise ServerFailed(
                f"{SYSTEM} PUT {path}: the answer does not list one outcome per record sent",
                system=SYSTEM,
            )
        return [_outcome(path, result) for result in results]

    def retire(self, kind: str, external_id: str, key: str | None = None) -> None:
        """Retire a pushed record: it leaves every Smint.io listing.

        Raises:
            NotFound: there is no such record (already retired).
        """
        self.api.request_json(
            "DELETE", f"creative/v1/{kind}/{segment(external_id)}", headers=keyed(key)
        )

    def set_status(self, external_id: str, **status: str) -> dict[str, Any]:
        """Record creative approval / rights clearance of an asset (what creatives do)."""
        return self.api.request_json(
            "PUT", f"creative/v1/assets/{segment(external_id)}/status", json=status
        )

    def save_campaign_asset(self, asset_uuid: str, body: dict[str, Any]) -> dict[str, Any]:
        """Save or finalize a campaign asset (what creatives do)."""
        return self.api.request_json(
            "PUT", f"creative/v1/campaign_assets/{segment(asset_uuid)}", json=body
        )

    def transaction(self, transaction_uuid: str) -> dict[str, Any]:
        """One license purchase transaction, with fresh download URLs."""
        return self.api.request_json(
            "GET", f"consumer/v1/license_purchase_transactions/{segment(transaction_uuid)}"
        )

    def download(self, url: str) -> bytes:
        """The bytes behind a signed download URL.

        Raises:
            DownloadExpired: the URL is no longer valid; read the record again for a new one.
        """
        try:
            return self.downloads.request_bytes("GET", url)
        except AuthenticationFailed as exc:
            if exc.status == 403:
                raise DownloadExpired(
                    f"{SYSTEM}: a download URL expired or is not valid", system=SYSTEM, status=403
                ) from None
            raise

    def register_webhook(self, url: str, secret: SecretStr, events: list[str]) -> dict[str, Any]:
        """Ask Smint.io to send change notifications to ``url``, signed with ``secret``."""
        body = {"url": url, "secret": secret.get_secret_value(), "events": events}
        return self.api.request_json("POST", "creative/v1/webhooks", json=body)


def _outcome(path: str, result: Any) -> ApiError | None:
    """One record's outcome in a batch answer: None when written, else the error."""
    status = result.get("status") if isinstance(result, dict) else None
    if status in (200, 201):
        return None
    error = result.get("error") if isinstance(result, dict) else None
    detail = " ".join(orjson.dumps(error).decode().split())[:200] if error else "no detail"
    where = (
        f"{SYSTEM} PUT {path} ({result.get('external_id') if isinstance(result, dict) else '?'})"
    )
    if status == 404:
        return NotFound(f"{where}: not found (HTTP 404) {detail}", system=SYSTEM, status=404)
    if isinstance(status, int) and 400 <= status < 500:
        return RequestRejected(f"{where}: HTTP {status}: {detail}", system=SYSTEM, status=status)
    return ServerFailed(f"{where}: HTTP {status}: {detail}", system=SYSTEM, status=status)
