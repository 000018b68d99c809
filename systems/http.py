"""HTTP plumbing shared by the system clients: typed errors, one retry loop, JSON decoding.

Every failure is classified and retried here and nowhere else: 429, 5xx, timeouts and broken
connections are retried with exponential backoff (``Retry-After`` honoured); other 4xx fail at
once with a message that names the setting to check.
"""

import contextlib
import email.utils
import functools
import logging
import os
import random
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx
import orjson

from launchsync.errors import LaunchsyncError

log = logging.getLogger("launchsync.http")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


@dataclass(frozen=True)
class Hints:
    """Names of the settings an operator should check when a system cannot be used."""

    url: str
    credentials: str


class ApiError(LaunchsyncError):
    """A call to an external system failed; the message says which system, call and fix."""

    def __init__(self, message: str, *, system: str, status: int | None = None) -> None:
        super().__init__(message)
        self.system = system
        self.status = status


class Unreachable(ApiError):
    """The system did not answer (refused, unknown host, timeout) after all retries."""


class AuthenticationFailed(ApiError):
    """The system rejected the credentials."""


class NotFound(ApiError):
    """The addressed record or path does not exist."""


class RequestRejected(ApiError):
    """The system refused the request as invalid (a 4xx other than 401/404/429)."""


class ServerFailed(ApiError):
    """The system kept answering with server errors or unreadable bodies."""


class OutcomeUnknown(ApiError):
    """A write that cannot be repeated safely got no clear answer; it may or may not have applied."""


# A call answered 401 logs in or refreshes and goes again at most this many times: with calls in
# flight together, a token one of them has just obtained can be spent before another uses it.
RESENDS_AFTER_401 = 3


class RetryableAuthError(Exception):
    """Raised by auth flows when the login call itself hit a transient failure."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"login answered {response.status_code}")
        self.response = response


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a transient failure."""

    attempts: int = 5
    backoff: float = 0.5
    max_backoff: float = 30.0
    retry_statuses: frozenset[int] = frozenset({429, 500, 502, 503, 504})
    # Statuses that mean the request was not processed, so even a create may be retried.
    not_processed_statuses: frozenset[int] = frozenset({429, 503})

    def delay(self, attempt: int, response: httpx.Response | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based)."""
        if response is not None:
            after = parse_retry_after(response.headers.get("Retry-After"))
            if after is not None:
                return min(after, self.max_backoff)
        base = min(self.backoff * 2 ** (attempt - 1), self.max_backoff)
        return base * random.uniform(0.8, 1.0)


def keyed(key: str | None) -> dict[str, str] | None:
    """The ``Idempotency-Key`` header naming a write's effect, when it has a key."""
    return {"Idempotency-Key": key} if key else None


def segment(value: str) -> str:
    """A record id as one URL path segment.

    Percent-encoding keeps ``/``, ``?`` or ``#`` in an id part of the id instead of leading the
    request to another resource.

    Raises:
        ValueError: the id is empty, ``.`` or ``..``, which no path segment can carry.
    """
    if value in ("", ".", ".."):
        raise ValueError(f"{value!r} cannot name a record in a URL")
    return quote(value, safe="")


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def safe_url(url: str) -> str:
    """A URL without user name and password, fit for messages and logs."""
    parsed = httpx.URL(url)
    return str(parsed.copy_with(userinfo=b"")) if parsed.userinfo else url


def error_detail(response: httpx.Response, limit: int = 200) -> str:
    """A short, single-line excerpt of an error body for messages."""
    text = " ".join(response.text.split())
    return text[:limit] + ("…" if len(text) > limit else "")


@functools.lru_cache(maxsize=4)
def tls_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """The certificate-checking TLS context, built once per trust setting (it takes ~30 ms).

    The same trust as httpx's default: ``SSL_CERT_FILE`` or ``SSL_CERT_DIR`` when set,
    otherwise certifi's bundle.
    """
    return httpx.create_ssl_context()


@dataclass
class ApiClient:
    """An httpx client for one system, with auth, timeouts, retries and typed errors."""

    system: str
    base_url: str
    auth: httpx.Auth
    hints: Hints
    timeout: float = 30.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    transport: httpx.BaseTransport | None = None
    sleep: Callable[[float], None] = time.sleep
    # Called before every request, retries included (systems/limits.py).
    limiter: Callable[[], None] | None = None
    # How far the server's clock (its Date header) was ahead of ours at the last answer that
    # carried one; None until then.
    clock_skew: timedelta | None = field(default=None, init=False)
    _http: httpx.Client = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._http = httpx.Client(
            base_url=self.base_url,
            auth=self.auth,
            timeout=self.timeout,
            transport=self.transport,
            verify=tls_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")),
            headers={"User-Agent": "launchsync", "Accept": "application/json"},
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> "ApiClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request_bytes(self, method: str, path: str, **options: Any) -> bytes:
        """Send a request and return its body as bytes (a binary download); same retries."""
        return self.request_json(method, path, decode=False, **options)

    def request_json(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | list[tuple[str, Any]] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        decode: bool = True,
    ) -> Any:
        """Send a request and return its decoded JSON body (None for an empty body).

        Args:
            method: HTTP method.
            path: Path relative to the base URL.
            params: Query parameters.
            json: Body to send as JSON.
            headers: Extra headers.
            idempotent: Whether repeating the request is harmless; defaults by method. A
                non-idempotent request is retried only when the server says it did not
                process it (429, 503) or the connection was never made.
            decode: Decode the body as JSON; with False the raw bytes are returned.

        Raises:
            ApiError: a subclass saying what failed and which setting to check.
        """
        method = method.upper()
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        content = orjson.dumps(json) if json is not None else None
        send_headers = {"Content-Type": "application/json"} if content is not None else {}
        send_headers.update(headers or {})
        shown = path.split("?", 1)[0]  # signed URLs carry credentials in the query
        attempt = 0
        while True:
            attempt += 1
            response: httpx.Response | None = None
            login_failed = False
            if self.limiter is not None:
                self.limiter()
            try:
                response = self._http.request(
                    method, path, params=params, content=content, headers=send_headers
                )
            except RetryableAuthError as exc:
                response, login_failed = exc.response, True
                failure = f"login answered HTTP {response.status_code}"
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                if _untrusted(exc):  # retrying cannot help, and the fix is the operator's
                    raise Unreachable(
                        f"{self.system} at {safe_url(self.base_url)}: its TLS certificate is not "
                        f"trusted ({_reason(exc)}); check {self.hints.url}, or point "
                        "SSL_CERT_FILE at the CA bundle that signed it",
                        system=self.system,
                    ) from None
                failure = f"cannot connect ({_reason(exc)})"
                if attempt >= self.retry.attempts:
                    raise self._unreachable(method, shown, failure) from None
                self._wait(attempt, None, method, shown, failure)
                continue
            except httpx.TimeoutException:
                failure = f"no answer within {self.timeout:g} s"
                if not idempotent:
                    raise OutcomeUnknown(
                        f"{self.system} {method} {shown}: {failure}; it may have been applied",
                        system=self.system,
                    ) from None
                if attempt >= self.retry.attempts:
                    raise self._unreachable(method, shown, failure) from None
                self._wait(attempt, None, method, shown, failure)
                continue
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                failure = f"connection broke ({_reason(exc)})"
                if not idempotent:
                    raise OutcomeUnknown(
                        f"{self.system} {method} {shown}: {failure}; it may have been applied",
                        system=self.system,
                    ) from None
                if attempt >= self.retry.attempts:
                    raise ServerFailed(
                        f"{self.system} {method} {shown}: {failure}", system=self.system
                    ) from None
                self._wait(attempt, None, method, shown, failure)
                continue
            else:
                failure = ""

            status = response.status_code
            if 300 <= status < 400:
                raise RequestRejected(
                    f"{self.system} {method} {shown}: redirected (HTTP {status}) to "
                    f"{safe_url(response.headers.get('location', '?'))}; check {self.hints.url}",
                    system=self.system,
                    status=status,
                )
            if status < 400 and not failure:
                self._note_clock(response)
                if not decode:
                    return response.content
                try:
                    return orjson.loads(response.content) if response.content else None
                except orjson.JSONDecodeError:
                    failure = "answered with a body that is not JSON"
                    if not idempotent or attempt >= self.retry.attempts:
                        raise ServerFailed(
                            f"{self.system} {method} {shown}: {failure}", system=self.system
                        ) from None
                    self._wait(attempt, None, method, shown, failure)
                    continue

            retriable = status in self.retry.retry_statuses and (
                idempotent or login_failed or status in self.retry.not_processed_statuses
            )
            if retriable and attempt < self.retry.attempts:
                self._wait(attempt, response, method, shown, failure or f"HTTP {status}")
                continue
            raise self._classify(method, shown, response, attempt)

    def _note_clock(self, response: httpx.Response) -> None:
        stamp = response.headers.get("date")
        if stamp:
            with contextlib.suppress(TypeError, ValueError):  # no date we can read: no skew
                self.clock_skew = email.utils.parsedate_to_datetime(stamp) - datetime.now(UTC)

    def _wait(
        self,
        attempt: int,
        response: httpx.Response | None,
        method: str,
        path: str,
        failure: str,
    ) -> None:
        delay = self.retry.delay(attempt, response)
        log.warning(
            "%s %s %s: %s; retry %d/%d in %.1f s",
            self.system,
            method,
            path,
            failure,
            attempt,
            self.retry.attempts - 1,
            delay,
        )
        self.sleep(delay)

    def _unreachable(self, method: str, path: str, failure: str) -> Unreachable:
        return Unreachable(
            f"{self.system} at {safe_url(self.base_url)} is not reachable ({failure}); check {self.hints.url}",
            system=self.system,
        )

    def _classify(
        self, method: str, path: str, response: httpx.Response, attempts: int
    ) -> ApiError:
        status = response.status_code
        where = f"{self.system} {method} {path}"
        detail = error_detail(response)
        if status in (401, 403):
            return AuthenticationFailed(
                f"{self.system} rejected the credentials (HTTP {status}); check {self.hints.credentials}",
                system=self.system,
                status=status,
            )
        if status == 404:
            return NotFound(
                f"{where}: not found (HTTP 404) {detail}; check {self.hints.url}",
                system=self.system,
                status=status,
            )
        if status >= 500 or status == 429:
            return ServerFailed(
                f"{where}: HTTP {status}"
                + (f" after {attempts} attempts" if attempts > 1 else "")
                + f": {detail}",
                system=self.system,
                status=status,
            )
        return RequestRejected(
            f"{where}: HTTP {status}: {detail}", system=self.system, status=status
        )


def _untrusted(exc: BaseException) -> bool:
    """Whether a connection failed because the server's certificate did not verify."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.split("\n")[0][:120]


class SystemClient:
    """What every system client shares: one ``ApiClient``, closed when the client is."""

    api: ApiClient

    def close(self) -> None:
        """Close the connection pool."""
        self.api.close()

    def server_time(self, local: datetime) -> datetime | None:
        """``local`` (our clock) on the server's clock, once an answer told it; else None.

        Date headers have whole seconds, so the result errs early by up to a second.
        """
        skew = self.api.clock_skew
        return None if skew is None else local + skew

    def __enter__(self) -> "SystemClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
