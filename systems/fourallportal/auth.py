"""4ALLPORTAL authentication: an API key sent as a bearer token."""

from collections.abc import Generator

import httpx
from pydantic import SecretStr


class BearerAuth(httpx.Auth):
    """Send ``Authorization: Bearer <key>`` on every call; the key never shows in ``repr``."""

    def __init__(self, key: SecretStr) -> None:
        self._key = key

    def __repr__(self) -> str:
        return "BearerAuth(key='**********')"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Attach the key."""
        request.headers["Authorization"] = f"Bearer {self._key.get_secret_value()}"
        yield request
