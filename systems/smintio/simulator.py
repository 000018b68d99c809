"""A Smint.io simulator: OAuth2, the content-licensing consumer API and the designed creative API.

- ``POST /connect/token`` (form) trades a refresh token for a Bearer access token that expires
  (``expires_in`` seconds, or after ``token_uses`` calls); refresh tokens are single use and
  rotate with every refresh. Errors follow OAuth2: ``{"error": "invalid_grant", ...}``.
- ``GET /consumer/v1/license_purchase_transactions?continuation_uuid=&limit=`` pages the
  license purchase transactions in change order: ``{count, continuation_uuid,
  license_purchase_transactions[]}``; the last cursor resumes with later changes only.
  ``GET .../{uuid}`` reads one. Binaries carry a signed ``download_url`` that expires.
- Designed (see docs/smintio.md): ``/creative/v1/{assets,product_cards,collections}`` listed
  like the feed above, ``PUT .../{external_id}`` creates or replaces, ``PUT`` of the kind
  with an array does so for each record and answers each one's outcome, ``DELETE`` retires;
  ``PUT /creative/v1/assets/{id}/status`` records creative approval and rights clearance;
  ``/creative/v1/campaign_assets`` holds what creatives finalize; ``POST /creative/v1/webhooks``
  registers a signed HTTP webhook standing in for Smint.io's push events.
- Errors are ``{"error_code", "error_message", "error_details"}``.

Routes under ``/_simulator`` are test controls that stand in for what happens in Smint.io's
own apps (a purchase, expiring every token); the real service has no such routes.
"""

import hashlib
import hmac
import secrets
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from launchsync import defaults
from systems.signing import SMINTIO
from systems.simulation import BadRequest, JSONResponse, copy_record, int_param, read_json
from systems.smintio.feed import Feed, UnknownCursor
from systems.smintio.schema import (
    APPROVAL_STATES,
    CAMPAIGN_FIELDS,
    CAMPAIGN_STATES,
    CLEARANCE_STATES,
    KINDS,
    REQUIRED,
    problems,
)
from systems.timestamps import Clock
from systems.webhooks import Deliveries, Webhook

EVENT_TYPES = (
    "license_purchase_transaction.changed",
    "campaign_asset.changed",
    "asset.status_changed",
)
TRANSACTIONS = "license_purchase_transactions"
CAMPAIGN_ASSETS = "campaign_assets"
RECORD_KINDS = (TRANSACTIONS, CAMPAIGN_ASSETS, *KINDS)
# Records one batch PUT may carry.
BATCH_LIMIT = 5000
Handler = Callable[[Request], Awaitable[Response]]


def smint_error(status: int, code: str, message: str, details: Any = None) -> JSONResponse:
    """An error body as Smint.io returns them."""
    return JSONResponse(
        {"error_code": code, "error_message": message, "error_details": details}, status_code=status
    )


class Rejected(Exception):
    """A request the simulated server refuses with a Smint.io error body."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status, self.code, self.details = status, code, details


@dataclass
class AccessToken:
    """An issued access token: when it expires and how many calls it has left."""

    expires_at: float
    uses_left: int | None


class SmintIoSimulator:
    """In-memory Smint.io tenant served over HTTP."""

    def __init__(
        self,
        data: dict[str, list[dict[str, Any]]] | None = None,
        *,
        client_id: str = defaults.SMINTIO_SIMULATOR_CLIENT_ID,
        client_secret: str = defaults.SMINTIO_SIMULATOR_CLIENT_SECRET,
        refresh_token: str = defaults.SMINTIO_SIMULATOR_REFRESH_TOKEN,
        access_ttl: int = 3600,
        token_uses: int | None = None,
        url_ttl: int = 3600,
        page_cap: int = 100,
    ) -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.access_ttl, self.token_uses, self.url_ttl = access_ttl, token_uses, url_ttl
        self.page_cap = page_cap
        self.clock = Clock()
        self.requests = 0
        self.writes = 0
        self.refreshes = 0
        self._lock = threading.Lock()
        self._refresh_tokens = {refresh_token}
        self._access: dict[str, AccessToken] = {}
        self._url_key = secrets.token_bytes(32)
        self.feeds: dict[str, Feed] = {
            TRANSACTIONS: Feed("uuid"),
            CAMPAIGN_ASSETS: Feed("uuid"),
            **{kind: Feed("external_id") for kind in KINDS},
        }
        for name, feed in self.feeds.items():
            for record in (data or {}).get(name, []):
                record = copy_record(record)
                stamp = (
                    "last_updated_at" if name in (TRANSACTIONS, CAMPAIGN_ASSETS) else "updated_at"
                )
                record.setdefault(stamp, self.clock.now())
                feed.put(record)
        self.webhooks: dict[str, Webhook] = {}
        self.deliveries = Deliveries(SMINTIO)

    # --- state, for tests and the demo -------------------------------------------------------

    def records(self, kind: str) -> list[dict[str, Any]]:
        """Current records of a kind."""
        return list(self.feeds[kind].rows.values())

    def expire_access_tokens(self) -> None:
        """Every access token issued so far stops working (as if its time ran out)."""
        with self._lock:
            for token in self._access.values():
                token.expires_at = 0

    def revoke_refresh_tokens(self) -> None:
        """Every refresh token stops working (an administrator revoked the grant)."""
        with self._lock:
            self._refresh_tokens.clear()

    def add_refresh_token(self, token: str) -> None:
        """Accept another refresh token (a newly granted consent)."""
        with self._lock:
            self._refresh_tokens.add(token)

    # --- OAuth2 ------------------------------------------------------------------------------

    async def token(self, request: Request) -> JSONResponse:
        """``POST /connect/token`` with ``grant_type=refresh_token``."""
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
        if form.get("client_id") != self.client_id or not hmac.compare_digest(
            form.get("client_secret", ""), self.client_secret
        ):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        if form.get("grant_type") != "refresh_token":
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        presented = form.get("refresh_token", "")
        with self._lock:
            if presented not in self._refresh_tokens:
                return JSONResponse(
                    {
                        "error": "invalid_grant",
                        "error_description": "refresh token unknown, used or revoked",
                    },
                    status_code=400,
                )
            self._refresh_tokens.discard(presented)
            refresh = secrets.token_urlsafe(32)
            access = secrets.token_urlsafe(32)
            self._refresh_tokens.add(refresh)
            self._access[access] = AccessToken(time.time() + self.access_ttl, self.token_uses)
            self.refreshes += 1
        return JSONResponse(
            {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": self.access_ttl,
                "refresh_token": refresh,
                "scope": "smintio.full offline_access",
            }
        )

    def _denied(self, request: Request) -> JSONResponse | None:
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            return smint_error(401, "unauthorized", "a Bearer access token is required")
        with self._lock:
            token = self._access.get(header.removeprefix("Bearer "))
            if token is None:
                return smint_error(401, "invalid_token", "the access token is not valid")
            if token.expires_at <= time.time() or token.uses_left == 0:
                return smint_error(401, "access_token_expired", "the access token expired")
            if token.uses_left is not None:
                token.uses_left -= 1
        return None

    def _guard(self, handler: Handler, auth: bool = True) -> Handler:
        async def handle(request: Request) -> Response:
            self.requests += 1
            if auth and (denied := self._denied(request)) is not None:
                return denied
            try:
                return await handler(request)
            except Rejected as exc:
                return smint_error(exc.status, exc.code, str(exc), exc.details)
            except BadRequest as exc:
                return smint_error(400, "bad_request", str(exc))
            except UnknownCursor as exc:
                return smint_error(400, "invalid_continuation_uuid", str(exc).strip("'\""))

        return handle

    # --- binaries ----------------------------------------------------------------------------

    def _signature(self, binary: str, expires: int) -> str:
        return hmac.new(self._url_key, f"{binary}|{expires}".encode(), hashlib.sha256).hexdigest()

    def download_url(self, base: str, binary: str, expires: int | None = None) -> str:
        """A signed URL for a binary, valid until ``expires`` (Unix seconds)."""
        expires = expires if expires is not None else int(time.time()) + self.url_ttl
        signature = self._signature(binary, expires)
        return f"{base}/consumer/v1/binaries/{binary}?expires={expires}&signature={signature}"

    def _with_urls(self, request: Request, record: dict[str, Any], key: str) -> dict[str, Any]:
        base = str(request.base_url).rstrip("/")
        out = copy_record(record)
        holder = (
            out.get("content_element", out) if key == "binaries" and isinstance(out, dict) else out
        )
        if not isinstance(holder, dict) or not isinstance(holder.get(key), list):
            return out  # a malformed record is served as it is
        for binary in holder[key]:
            if isinstance(binary, dict) and isinstance(binary.get("uuid"), str):
                binary["download_url"] = self.download_url(base, binary["uuid"])
        return out

    async def binary(self, request: Request) -> Response:
        """``GET /consumer/v1/binaries/{uuid}?expires=&signature=``: the bytes of a binary."""
        binary = request.path_params["uuid"]
        try:
            expires = int(request.query_params.get("expires", ""))
        except ValueError:
            raise Rejected(403, "download_url_invalid", "the download URL is not valid") from None
        given = request.query_params.get("signature", "")
        if not hmac.compare_digest(self._signature(binary, expires), given):
            raise Rejected(403, "download_url_invalid", "the download URL is not valid")
        if expires < time.time():
            raise Rejected(
                403, "download_url_expired", "the download URL expired; read the record again"
            )
        return Response(binary_bytes(binary), media_type="image/jpeg")

    # --- feeds -------------------------------------------------------------------------------

    def _page(self, request: Request, kind: str, decorate: str | None = None) -> JSONResponse:
        limit = min(int_param(request, "limit", 10, minimum=1), self.page_cap)
        found, cursor = self.feeds[kind].page(request.query_params.get("continuation_uuid"), limit)
        if decorate:
            found = [self._with_urls(request, r, decorate) for r in found]
        return JSONResponse({"count": len(found), "continuation_uuid": cursor, kind: found})

    async def list_transactions(self, request: Request) -> JSONResponse:
        """``GET /consumer/v1/license_purchase_transactions``."""
        return self._page(request, TRANSACTIONS, "binaries")

    async def get_transaction(self, request: Request) -> JSONResponse:
        """``GET /consumer/v1/license_purchase_transactions/{uuid}``."""
        found = self.feeds[TRANSACTIONS].get(request.path_params["uuid"])
        if found is None:
            raise Rejected(
                404, "not_found", f"no license purchase transaction {request.path_params['uuid']}"
            )
        return JSONResponse(self._with_urls(request, found, "binaries"))

    async def list_campaign_assets(self, request: Request) -> JSONResponse:
        """``GET /creative/v1/campaign_assets``."""
        return self._page(request, CAMPAIGN_ASSETS, "renditions")

    async def get_campaign_asset(self, request: Request) -> JSONResponse:
        """``GET /creative/v1/campaign_assets/{uuid}``."""
        found = self.feeds[CAMPAIGN_ASSETS].get(request.path_params["uuid"])
        if found is None:
            raise Rejected(404, "not_found", f"no campaign asset {request.path_params['uuid']}")
        return JSONResponse(self._with_urls(request, found, "renditions"))

    async def put_campaign_asset(self, request: Request) -> JSONResponse:
        """``PUT /creative/v1/campaign_assets/{uuid}``: creatives save or finalize an asset."""
        body = await _object(request)
        found = problems(CAMPAIGN_FIELDS, body, ("name", "state"))
        if body.get("state") not in CAMPAIGN_STATES:
            found.append(f"state: one of {', '.join(CAMPAIGN_STATES)}")
        if found:
            raise Rejected(400, "validation_failed", "the campaign asset is not valid", found)
        record = {"uuid": request.path_params["uuid"], **body, "last_updated_at": self.clock.now()}
        self.feeds[CAMPAIGN_ASSETS].put(record)
        self.writes += 1
        self._notify("campaign_asset.changed", CAMPAIGN_ASSETS, record["uuid"])
        return JSONResponse(record)

    async def list_objects(self, request: Request) -> JSONResponse:
        """``GET /creative/v1/{kind}``."""
        return self._page(request, _kind(request))

    async def get_object(self, request: Request) -> JSONResponse:
        """``GET /creative/v1/{kind}/{external_id}``."""
        kind = _kind(request)
        found = self.feeds[kind].get(request.path_params["external_id"])
        if found is None:
            raise Rejected(
                404, "not_found", f"no {kind} record {request.path_params['external_id']}"
            )
        return JSONResponse(found)

    async def put_object(self, request: Request) -> JSONResponse:
        """``PUT /creative/v1/{kind}/{external_id}``: create, or replace every pushed field."""
        kind, external_id = _kind(request), request.path_params["external_id"]
        record, created = self._replace(kind, external_id, await _object(request))
        return JSONResponse(record, status_code=201 if created else 200)

    async def put_objects(self, request: Request) -> JSONResponse:
        """``PUT /creative/v1/{kind}`` with ``[{external_id, ...fields}]``: each as by its PUT.

        The answer tells each record's outcome, in order; a refused record leaves the others
        written.
        """
        kind = _kind(request)
        body = await read_json(request)
        if not isinstance(body, list) or not all(isinstance(r, dict) for r in body):
            raise BadRequest("expected a JSON array of objects")
        if len(body) > BATCH_LIMIT:
            raise Rejected(413, "too_many_records", f"at most {BATCH_LIMIT} records per call")
        results = []
        for item in body:
            external_id = item.get("external_id")
            if not isinstance(external_id, str) or not external_id:
                results.append(_refusal(external_id, 400, "validation_failed",
                                        "the record has no external_id", ["external_id: required"]))  # fmt: skip
                continue
            fields = {k: v for k, v in item.items() if k != "external_id"}
            try:
                record, created = self._replace(kind, external_id, fields)
            except Rejected as exc:
                results.append(_refusal(external_id, exc.status, exc.code, str(exc), exc.details))
                continue
            status = 201 if created else 200
            results.append({"external_id": external_id, "status": status,
                            "version": record["version"]})  # fmt: skip
        return JSONResponse({"results": results})

    def _replace(
        self, kind: str, external_id: str, body: dict[str, Any]
    ) -> tuple[dict[str, Any], bool]:
        """Create or replace a pushed record; the record and whether it was created."""
        body = {k: v for k, v in body.items() if v is not None}
        found = problems(KINDS[kind], body, REQUIRED[kind])
        if found:
            raise Rejected(400, "validation_failed", f"the {kind} record is not valid", found)
        feed = self.feeds[kind]
        current = feed.get(external_id)
        fields = {k: v for k, v in (current or {}).items() if k in KINDS[kind]}
        if current is not None and fields == body:
            return current, False
        now = self.clock.now()
        record = {
            "external_id": external_id,
            "version": (current or {}).get("version", 0) + 1,
            "created_at": (current or {}).get("created_at", now),
            "updated_at": now,
            **body,
        }
        if kind == "assets":
            record["status"] = (current or {}).get("status") or {
                "approval_status": "pending",
                "rights_clearance": "pending",
                "updated_at": now,
            }
        feed.put(record)
        self.writes += 1
        return record, current is None

    async def delete_object(self, request: Request) -> Response:
        """``DELETE /creative/v1/{kind}/{external_id}``: retire; it leaves every listing."""
        kind, external_id = _kind(request), request.path_params["external_id"]
        if not self.feeds[kind].delete(external_id):
            raise Rejected(404, "not_found", f"no {kind} record {external_id}")
        self.writes += 1
        return Response(status_code=204)

    async def put_status(self, request: Request) -> JSONResponse:
        """``PUT /creative/v1/assets/{external_id}/status``: creative approval and rights clearance."""
        external_id = request.path_params["external_id"]
        body = await _object(request)
        current = self.feeds["assets"].get(external_id)
        if current is None:
            raise Rejected(404, "not_found", f"no assets record {external_id}")
        wrong = []
        if body.get("approval_status", "pending") not in APPROVAL_STATES:
            wrong.append(f"approval_status: one of {', '.join(APPROVAL_STATES)}")
        if body.get("rights_clearance", "pending") not in CLEARANCE_STATES:
            wrong.append(f"rights_clearance: one of {', '.join(CLEARANCE_STATES)}")
        if wrong:
            raise Rejected(400, "validation_failed", "the status is not valid", wrong)
        now = self.clock.now()
        status = {
            **current["status"],
            **{k: body[k] for k in ("approval_status", "rights_clearance") if k in body},
        }
        record = {**current, "status": {**status, "updated_at": now}, "updated_at": now}
        self.feeds["assets"].put(record)
        self.writes += 1
        self._notify("asset.status_changed", "assets", external_id)
        return JSONResponse(record)

    # --- webhooks ----------------------------------------------------------------------------

    def _notify(self, event_type: str, kind: str, record_id: str) -> None:
        event = {
            "id": str(uuid.uuid4()),
            "type": event_type,
            "kind": kind,
            "record_id": record_id,
            "occurred_at": self.clock.now(),
        }
        for hook in self.webhooks.values():
            if hook.wants(event_type, kind):
                self.deliveries.send(hook, event)

    async def register_webhook(self, request: Request) -> JSONResponse:
        """``POST /creative/v1/webhooks`` with ``{url, secret, events: [type, ...]}``."""
        body = await _object(request)
        url, secret, events = body.get("url"), body.get("secret"), body.get("events")
        wrong = []
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            wrong.append("url: an http(s) URL")
        if not isinstance(secret, str) or len(secret) < 16:
            wrong.append("secret: at least 16 characters")
        if not isinstance(events, list) or not events or any(e not in EVENT_TYPES for e in events):
            wrong.append(f"events: a list of {', '.join(EVENT_TYPES)}")
        if wrong:
            raise Rejected(400, "validation_failed", "the webhook is not valid", wrong)
        hook = Webhook(str(uuid.uuid4()), str(url), str(secret), [{"type": e} for e in events])
        self.webhooks[hook.id] = hook
        return JSONResponse({"id": hook.id, "url": hook.url, "events": events}, status_code=201)

    # --- test controls -----------------------------------------------------------------------

    async def sim_purchase(self, request: Request) -> JSONResponse:
        """``PUT /_simulator/license_purchase_transactions/{uuid}``: a purchase or its change."""
        body = await _object(request)
        record = {**body, "uuid": request.path_params["uuid"], "last_updated_at": self.clock.now()}
        self.feeds[TRANSACTIONS].put(record)
        self._notify("license_purchase_transaction.changed", TRANSACTIONS, record["uuid"])
        return JSONResponse(record)

    async def sim_expire(self, request: Request) -> JSONResponse:
        """``POST /_simulator/tokens/expire``: every access token expires now."""
        self.expire_access_tokens()
        return JSONResponse({"expired": True})

    async def sim_stats(self, request: Request) -> JSONResponse:
        """``GET /_simulator/stats``: calls served, writes, token refreshes."""
        return JSONResponse(
            {"requests": self.requests, "writes": self.writes, "refreshes": self.refreshes}
        )

    async def sim_revoke(self, request: Request) -> JSONResponse:
        """``POST /_simulator/tokens/revoke``: every refresh token is revoked."""
        self.revoke_refresh_tokens()
        return JSONResponse({"revoked": True})

    def app(self) -> Starlette:
        """The ASGI application."""
        g = self._guard
        kinds = "/creative/v1/{kind:str}"
        routes = [
            Route("/connect/token", self.token, methods=["POST"]),
            Route("/consumer/v1/license_purchase_transactions", g(self.list_transactions), methods=["GET"]),
            Route("/consumer/v1/license_purchase_transactions/{uuid}", g(self.get_transaction), methods=["GET"]),
            Route("/consumer/v1/binaries/{uuid}", g(self.binary, auth=False), methods=["GET"]),
            Route("/creative/v1/campaign_assets", g(self.list_campaign_assets), methods=["GET"]),
            Route("/creative/v1/campaign_assets/{uuid}", g(self.get_campaign_asset), methods=["GET"]),
            Route("/creative/v1/campaign_assets/{uuid}", g(self.put_campaign_asset), methods=["PUT"]),
            Route("/creative/v1/webhooks", g(self.register_webhook), methods=["POST"]),
            Route("/creative/v1/assets/{external_id}/status", g(self.put_status), methods=["PUT"]),
            Route(kinds, g(self.list_objects), methods=["GET"]),
            Route(kinds, g(self.put_objects), methods=["PUT"]),
            Route(kinds + "/{external_id}", g(self.get_object), methods=["GET"]),
            Route(kinds + "/{external_id}", g(self.put_object), methods=["PUT"]),
            Route(kinds + "/{external_id}", g(self.delete_object), methods=["DELETE"]),
            Route("/_simulator/license_purchase_transactions/{uuid}", g(self.sim_purchase, auth=False), methods=["PUT"]),
            Route("/_simulator/tokens/expire", g(self.sim_expire, auth=False), methods=["POST"]),
            Route("/_simulator/tokens/revoke", g(self.sim_revoke, auth=False), methods=["POST"]),
            Route("/_simulator/stats", g(self.sim_stats, auth=False), methods=["GET"]),
        ]  # fmt: skip
        return Starlette(routes=routes)


def _refusal(
    external_id: Any, status: int, code: str, message: str, details: Any
) -> dict[str, Any]:
    """One refused record of a batch, with the error as a single PUT would give it."""
    error = {"error_code": code, "error_message": message, "error_details": details}
    return {"external_id": external_id, "status": status, "error": error}


def binary_bytes(binary: str) -> bytes:
    """The (made-up, deterministic) content of a binary."""
    return b"\xff\xd8\xff\xe0" + hashlib.sha256(binary.encode()).digest() * 16


def _kind(request: Request) -> str:
    kind = request.path_params["kind"]
    if kind not in KINDS:
        raise Rejected(404, "not_found", f"no record kind {kind!r}")
    return kind


async def _object(request: Request) -> dict[str, Any]:
    body = await read_json(request)
    if not isinstance(body, dict):
        raise BadRequest("expected a JSON object")
    return body
