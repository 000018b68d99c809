"""Smint.io authentication: OAuth2 access tokens obtained with a (rotating) refresh token.

The access token is refreshed shortly before it expires and whenever a call answers 401, and
the call is then repeated once. Smint.io may hand out a new refresh token with each refresh and
retire the old one, so the newest one is kept in a token store (a file only its owner can read)
for the next run; refreshes are serialized through a lock file, so concurrent runs on one
machine never present the same single-use token twice. Tokens and the client secret never
appear in ``repr``, logs or errors.
"""

import fcntl
import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Generator, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import urlencode

import httpx
import orjson
from pydantic import SecretStr

from systems.http import RESENDS_AFTER_401, AuthenticationFailed, RetryableAuthError

SYSTEM = "Smint.io"
REFRESH_HINT = "LAUNCHSYNC_SMINTIO_REFRESH_TOKEN"
CLIENT_HINT = "LAUNCHSYNC_SMINTIO_CLIENT_ID and LAUNCHSYNC_SMINTIO_CLIENT_SECRET"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()[:16]


class TokenStore:
    """The newest refresh token of a grant, kept between runs.

    The file remembers a digest of the configured token it descends from: when an operator
    configures a new refresh token, the stored one is ignored.
    """

    def __init__(self, path: Path, configured: SecretStr) -> None:
        self.path = path
        self._origin = _digest(configured.get_secret_value())

    def __repr__(self) -> str:
        return f"TokenStore({str(self.path)!r})"

    def load(self) -> str | None:
        """The stored refresh token, if it descends from the configured one."""
        try:
            stored = orjson.loads(self.path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        if not isinstance(stored, dict) or stored.get("origin") != self._origin:
            return None
        token = stored.get("refresh_token")
        return token if isinstance(token, str) and token else None

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store while a refresh runs, so two processes never spend the same token."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def save(self, token: str) -> None:
        """Replace the stored token atomically; the file is readable by its owner only."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = orjson.dumps({"origin": self._origin, "refresh_token": token})
        with tempfile.NamedTemporaryFile(
            "wb", dir=self.path.parent, prefix=".smintio-", suffix=".tmp", delete=False
        ) as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(body)
        os.replace(handle.name, self.path)


class OAuthRefreshAuth(httpx.Auth):
    """Bearer access tokens from ``POST /connect/token`` with ``grant_type=refresh_token``."""

    requires_response_body = True

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: SecretStr,
        refresh_token: SecretStr,
        store: TokenStore | None = None,
    ) -> None:
        self._token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._configured = refresh_token
        self._store = store
        self._refresh = (store.load() if store else None) or refresh_token.get_secret_value()
        self._access: str | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()
        self.refreshes = 0

    def __repr__(self) -> str:
        return f"OAuthRefreshAuth(client_id={self._client_id!r}, secrets='**********')"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Attach a fresh access token; on 401 refresh it and send the call again.

        With several calls in flight, a token another call has just obtained can be spent by
        the time this one uses it, so a call goes again up to ``RESENDS_AFTER_401`` times.
        """
        token = self._access
        if token is None or time.monotonic() >= self._expires_at:
            token = yield from self._refresh_access(stale=token)
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        for _ in range(RESENDS_AFTER_401):
            if response.status_code != 401:
                return
            token = yield from self._refresh_access(stale=token)
            request.headers["Authorization"] = f"Bearer {token}"
            response = yield request

    def _refresh_access(self, stale: str | None) -> Generator[httpx.Request, httpx.Response, str]:
        # One refresh at a time, across threads and (through the store) across processes.
        with self._lock, self._store.locked() if self._store else nullcontext():
            fresh = time.monotonic() < self._expires_at
            if self._access is not None and self._access != stale and fresh:
                return self._access
            if self._store is not None:
                self._refresh = self._store.load() or self._refresh
            return (yield from self._exchange(self._refresh))

    def _exchange(self, presented: str) -> Generator[httpx.Request, httpx.Response, str]:
        response = yield self._token_request(presented)
        if response.status_code == 200:
            try:
                body = orjson.loads(response.content)
                access, expires_in = body["access_token"], float(body.get("expires_in", 3600))
            except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
                # The refresh token is spent either way; the body holds tokens: never show it.
                raise AuthenticationFailed(
                    f"{SYSTEM} answered the token refresh with an unreadable body; "
                    f"set {REFRESH_HINT} to a new refresh token",
                    system=SYSTEM,
                    status=response.status_code,
                ) from None
            rotated = body.get("refresh_token")
            self._access = access
            self._expires_at = time.monotonic() + expires_in - min(60.0, expires_in / 10)
            if isinstance(rotated, str) and rotated and rotated != presented:
                self._refresh = rotated
                if self._store is not None:
                    self._store.save(rotated)
            self.refreshes += 1
            return access
        error = _oauth_error(response)
        if error == "invalid_grant":
            stored = presented != self._configured.get_secret_value() and self._store is not None
            where = (
                f" (the one kept in {self._store.path}; delete it if the tenant was reset)"
                if stored
                else ""
            )
            raise AuthenticationFailed(
                f"{SYSTEM} refused the refresh token{where} (invalid_grant: expired, used or revoked); "
                f"grant launchsync access again and set {REFRESH_HINT} to the new refresh token",
                system=SYSTEM,
                status=response.status_code,
            )
        if error == "invalid_client" or response.status_code in (401, 403):
            raise AuthenticationFailed(
                f"{SYSTEM} refused the client credentials (HTTP {response.status_code}); check {CLIENT_HINT}",
                system=SYSTEM,
                status=response.status_code,
            )
        raise RetryableAuthError(response)

    def _token_request(self, refresh: str) -> httpx.Request:
        form = {
            "grant_type": "refresh_token",
            "refresh_token": refresh,
            "client_id": self._client_id,
            "client_secret": self._client_secret.get_secret_value(),
        }
        return httpx.Request(
            "POST",
            self._token_url,
            content=urlencode(form).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )


def _oauth_error(response: httpx.Response) -> str | None:
    if response.status_code not in (400, 401):
        return None
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return None
    return body.get("error") if isinstance(body, dict) else None
