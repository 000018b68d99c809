"""Centric session login: a token sent back unchanged as the ``Cookie`` header."""

import threading
from collections.abc import Generator

import httpx
import orjson
from pydantic import SecretStr

from systems.http import RESENDS_AFTER_401, RetryableAuthError


class CentricSessionAuth(httpx.Auth):
    """Log in with ``POST /session`` on first use and again whenever a call answers 401.

    Centric tokens are short-lived and cannot be refreshed, so a 401 means: log in again and
    repeat the call. A login rejected with 401/403 is handed back to the client, which
    reports it as bad credentials; any other failed login is retried by the client.
    """

    requires_response_body = True

    def __init__(self, login_url: str, username: str, password: SecretStr) -> None:
        self._login_url = login_url
        self._username = username
        self._password = password
        self._token: str | None = None
        self._lock = threading.Lock()
        self.logins = 0

    def __repr__(self) -> str:
        return f"CentricSessionAuth(user={self._username!r}, password='**********')"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Attach the session token, logging in first or again as needed."""
        token = self._token
        if token is None:
            token = yield from self._login()
            if token is None:
                return
        request.headers["Cookie"] = token
        response = yield request
        # With several calls in flight, a session another call has just opened can be ended
        # by the time this one uses it: a call goes again up to RESENDS_AFTER_401 times.
        for _ in range(RESENDS_AFTER_401):
            if response.status_code != 401:
                return
            token = yield from self._login(stale=token)
            if token is None:
                return
            request.headers["Cookie"] = token
            response = yield request

    def _login(
        self, stale: str | None = None
    ) -> Generator[httpx.Request, httpx.Response, str | None]:
        with self._lock:
            if self._token is not None and self._token != stale:
                return self._token
        body = {"username": self._username, "password": self._password.get_secret_value()}
        response = yield httpx.Request(
            "POST",
            self._login_url,
            content=orjson.dumps(body),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        if response.status_code in (401, 403):
            return None
        if response.status_code != 200:
            raise RetryableAuthError(response)
        try:
            token = orjson.loads(response.content)["token"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            raise RetryableAuthError(response) from None
        with self._lock:
            self._token = token
            self.logins += 1
        return token
