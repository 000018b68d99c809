"""4ALLPORTAL REST client (``/api/modules/...``)."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
from pydantic import SecretStr

from systems.endpoints import Endpoint
from systems.fourallportal.auth import BearerAuth
from systems.http import (
    ApiClient,
    Hints,
    NotFound,
    RequestRejected,
    RetryPolicy,
    ServerFailed,
    SystemClient,
    keyed,
    segment,
)
from systems.paging import paginate, paginator_for
from systems.timestamps import iso_ms

HINTS = Hints(url="LAUNCHSYNC_FOURALLPORTAL_URL", credentials="LAUNCHSYNC_FOURALLPORTAL_API_KEY")


class FourAllPortalClient(SystemClient):
    """Reads and writes 4ALLPORTAL module objects."""

    def __init__(self, api: ApiClient, page_size: int = 500, pages_in_flight: int = 1) -> None:
        self.api = api
        self.page_size = page_size
        self.pages_in_flight = pages_in_flight

    @classmethod
    def connect(
        cls,
        url: str,
        api_key: SecretStr,
        *,
        page_size: int = 500,
        pages_in_flight: int = 1,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> "FourAllPortalClient":
        """Build a client for the 4ALLPORTAL instance at ``url``."""
        api = ApiClient(
            system="4ALLPORTAL",
            base_url=url.rstrip("/"),
            auth=BearerAuth(api_key),
            hints=HINTS,
            timeout=timeout,
            retry=retry or RetryPolicy(),
            transport=transport,
        )
        return cls(api, page_size, pages_in_flight)

    def modules(self) -> dict[str, dict[str, Any]]:
        """Module descriptions by name, each with its fields."""
        body = self.api.request_json("GET", "api/modules")
        return {m["name"]: m for m in body["result"]}

    def check(self, required: dict[str, set[str]] | None = None) -> None:
        """Prove URL and key work and that the modules and fields launchsync writes exist.

        Args:
            required: Field names per module that must exist.

        Raises:
            ApiError: the instance cannot be used; the message says why.
        """
        described = self.modules()
        for module, fields in (required or {}).items():
            if module not in described:
                raise RequestRejected(
                    f"4ALLPORTAL has no module {module!r}; create it or check LAUNCHSYNC_FOURALLPORTAL_URL",
                    system="4ALLPORTAL",
                )
            missing = sorted(fields - {f["name"] for f in described[module]["fields"]})
            if missing:
                raise RequestRejected(
                    f"4ALLPORTAL module {module!r} lacks field(s) {', '.join(missing)}; add them to the module",
                    system="4ALLPORTAL",
                )

    def iter_pages(
        self, endpoint: Endpoint, modified_after: datetime | None = None
    ) -> Iterator[list[dict[str, Any]]]:
        """Yield the pages of a module's objects in the server's (creation) order.

        Offset paging over a list that changes can skip records when earlier ones move. In
        creation order a filtered list only grows while it is read (writes move nothing,
        newly matching objects are additions), so a concurrent write yields a duplicate,
        which landing drops, never a gap. Explicit sorting would reorder on every write.

        Args:
            endpoint: The module to list.
            modified_after: Only objects whose ``mod_time`` is later than this.
        """
        query: dict[str, Any] = {}
        if modified_after is not None:
            query["query"] = f"mod_time>{iso_ms(modified_after)}"
        path = f"api/modules/{endpoint.name}/objects"

        def fetch(params: dict[str, Any]) -> Any:
            return self.api.request_json("GET", path, params={**query, **params})

        paginator = paginator_for(endpoint.paging, self.page_size)
        yield from paginate(fetch, paginator, self.pages_in_flight)

    def fetch(self, endpoint: Endpoint, key: str) -> dict[str, Any] | None:
        """One record of an endpoint by its id, or None when it does not exist."""
        try:
            return self.get(endpoint.name, key)
        except NotFound:
            return None

    def get(self, module: str, object_id: str) -> dict[str, Any]:
        """Read one object."""
        return self.api.request_json("GET", f"api/modules/{module}/objects/{segment(object_id)}")

    def bulk_upsert(
        self, module: str, objects: list[dict[str, Any]], key: str | None = None
    ) -> list[str]:
        """Create (no ``id``) or update (with ``id``) objects in one call; return their ids.

        The batch is applied whole or not at all. Creates are not idempotent, so a batch with
        creates is retried only when the server says it did not process it.
        """
        creates = any("id" not in o for o in objects)
        ids = self.api.request_json(
            "PATCH",
            f"api/modules/{module}/objects",
            json=objects,
            idempotent=not creates,
            headers=keyed(key),
        )
        if (
            not isinstance(ids, list)
            or len(ids) != len(objects)
            or not all(isinstance(i, str) for i in ids)
        ):
            raise ServerFailed(
                f"4ALLPORTAL PATCH {module}: expected {len(objects)} ids back, got {str(ids)[:80]}",
                system="4ALLPORTAL",
            )
        return ids

    def register_webhook(self, url: str, secret: SecretStr, modules: list[str]) -> dict[str, Any]:
        """Ask 4ALLPORTAL to send create/modify/delete events of ``modules`` to ``url``."""
        events = [
            {"type": kind, "module": module}
            for module in modules
            for kind in ("moduleobject_create", "moduleobject_modify", "moduleobject_delete")
        ]
        body = {
            "url": url,
            "secret": secret.get_secret_value(),
            "active": True,
            "header": {},
            "events": events,
        }
        return self.api.request_json("POST", "api/system/webhooks", json=body)

    def delete(self, module: str, object_id: str, key: str | None = None) -> None:
        """Delete one object."""
        self.api.request_json(
            "DELETE", f"api/modules/{module}/objects/{segment(object_id)}", headers=keyed(key)
        )
