"""Centric 8 REST client (``/csi-requesthandler/api/v2``)."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
from pydantic import SecretStr

from systems.centric.auth import CentricSessionAuth
from systems.endpoints import Endpoint
from systems.http import ApiClient, Hints, NotFound, RetryPolicy, SystemClient, keyed, segment
from systems.paging import paginate, paginator_for
from systems.timestamps import iso_ms

HINTS = Hints(
    url="LAUNCHSYNC_CENTRIC_URL",
    credentials="LAUNCHSYNC_CENTRIC_USERNAME and LAUNCHSYNC_CENTRIC_PASSWORD",
)


class CentricClient(SystemClient):
    """Reads and writes Centric records; lists are bare arrays paged by ``skip``/``limit``."""

    def __init__(self, api: ApiClient, page_size: int = 200, pages_in_flight: int = 1) -> None:
        self.api = api
        self.page_size = page_size
        self.pages_in_flight = pages_in_flight

    @classmethod
    def connect(
        cls,
        url: str,
        username: str,
        password: SecretStr,
        *,
        page_size: int = 200,
        pages_in_flight: int = 1,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> "CentricClient":
        """Build a client for the Centric API at ``url`` (ending in ``/api/v2``)."""
        url = url.rstrip("/")
        auth = CentricSessionAuth(f"{url}/session", username, password)
        api = ApiClient(
            system="Centric",
            base_url=url,
            auth=auth,
            hints=HINTS,
            timeout=timeout,
            retry=retry or RetryPolicy(),
            transport=transport,
        )
        return cls(api, page_size, pages_in_flight)

    def check(self) -> None:
        """Log in and read one season, proving URL and credentials work.

        Raises:
            ApiError: what failed, naming the setting to fix.
        """
        self.api.request_json("GET", "seasons", params={"skip": 0, "limit": 1})

    def iter_pages(
        self,
        endpoint: Endpoint,
        modified_after: datetime | None = None,
        filters: dict[str, str | list[str]] | None = None,
    ) -> Iterator[list[dict[str, Any]]]:
        """Yield the pages of a resource listing.

        Args:
            endpoint: The resource to list.
            modified_after: Only records whose ``_modified_at`` is later than this.
            filters: Attribute filters; a list value matches any of its items.
        """
        query: list[tuple[str, Any]] = []
        for name, value in (filters or {}).items():
            for item in value if isinstance(value, list) else [value]:
                query.append((name, item))
        if modified_after is not None:
            query.append(("modified_after", iso_ms(modified_after)))

        def fetch(params: dict[str, Any]) -> Any:
            return self.api.request_json("GET", endpoint.name, params=[*query, *params.items()])

        paginator = paginator_for(endpoint.paging, self.page_size)
        yield from paginate(fetch, paginator, self.pages_in_flight)

    def fetch(self, endpoint: Endpoint, key: str) -> dict[str, Any] | None:
        """One record of an endpoint by its id, or None when it does not exist."""
        try:
            return self.get(endpoint.name, key)
        except NotFound:
            return None

    def get(self, resource: str, record_id: str) -> dict[str, Any]:
        """Read one record."""
        return self.api.request_json("GET", f"{resource}/{segment(record_id)}")

    def create(
        self, resource: str, record: dict[str, Any], key: str | None = None
    ) -> dict[str, Any]:
        """Create a record (``POST /{type}``) and return it with its new id.

        ``key`` goes along as the ``Idempotency-Key`` header of the write (all writes take one).
        """
        return self.api.request_json("POST", resource, json=record, headers=keyed(key))

    def update(
        self, resource: str, record_id: str, changes: dict[str, Any], key: str | None = None
    ) -> dict[str, Any]:
        """Change some attributes of a record (partial ``PUT``) and return the record."""
        return self.api.request_json(
            "PUT", f"{resource}/{segment(record_id)}", json=changes, headers=keyed(key)
        )

    def delete(self, resource: str, record_id: str, key: str | None = None) -> None:
        """Delete a record."""
        self.api.request_json("DELETE", f"{resource}/{segment(record_id)}", headers=keyed(key))
