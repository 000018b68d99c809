"""Request rate limits per external API.

Each client waits for a token of its own bucket before every request, which bounds one run;
where a Prefect server is configured, it also takes a slot of the system's global concurrency
limit (``launchsync-<system>-api``, with slot decay: a rate limit), which bounds every run and
worker together, so a burst of triggered runs does not hammer a system.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


def limit_name(system: str) -> str:
    """Name of a system's Prefect global concurrency limit."""
    return f"launchsync-{system}-api"


@dataclass
class TokenBucket:
    """At most ``rate`` requests per second on average, ``burst`` at once."""

    rate: float
    burst: int
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _tokens: float = field(init=False)
    _at: float = field(init=False)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._tokens = float(self.burst)
        self._at = self.clock()

    def acquire(self) -> None:
        """Take one token, waiting until one is free."""
        with self._lock:
            now = self.clock()
            self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
            self._at = now
            wait = 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate
            self._tokens -= 1
        if wait > 0:
            self.sleep(wait)


@dataclass
class RateLimiter:
    """The limiter a client calls before each request: its own bucket, then the shared limit."""

    bucket: TokenBucket | None
    shared: Callable[[], None] | None = None

    def __call__(self) -> None:
        """Wait until a request may be sent."""
        if self.bucket is not None:
            self.bucket.acquire()
        if self.shared is not None:
            self.shared()


def prefect_limit(system: str) -> Callable[[], None]:
    """Take a slot of the system's Prefect global concurrency limit (if it exists)."""
    from prefect.concurrency.sync import rate_limit

    name = limit_name(system)

    def take() -> None:
        rate_limit(name, occupy=1, strict=False)

    return take


def apply_prefect_limits(rates: dict[str, float]) -> list[str]:
    """Create, update or remove each system's Prefect rate limit to match ``rates``.

    Returns:
        One line per system saying what its limit is now.
    """
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import (
        GlobalConcurrencyLimitCreate,
        GlobalConcurrencyLimitUpdate,
    )
    from prefect.exceptions import ObjectNotFound

    said = []
    with get_client(sync_client=True) as client:
        for system, rate in sorted(rates.items()):
            name = limit_name(system)
            try:
                client.read_global_concurrency_limit_by_name(name)
                exists = True
            except ObjectNotFound:
                exists = False
            if rate <= 0:
                if exists:
                    client.delete_global_concurrency_limit_by_name(name)
                said.append(f"{name}: no limit")
                continue
            limit, decay = max(1, int(rate)), float(rate)
            if exists:
                client.update_global_concurrency_limit(
                    name,
                    GlobalConcurrencyLimitUpdate(
                        limit=limit, slot_decay_per_second=decay, active=True
                    ),
                )
            else:
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(
                        name=name, limit=limit, slot_decay_per_second=decay, active=True
                    )
                )
            said.append(f"{name}: {rate:g} requests per second")
    return said
