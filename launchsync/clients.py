"""Clients for the configured systems, built from settings and configuration."""

import os
from typing import Any

from launchsync.config import Config
from launchsync.settings import Settings
from systems.centric.client import CentricClient
from systems.fourallportal.client import FourAllPortalClient
from systems.http import Hints
from systems.limits import RateLimiter, TokenBucket, prefect_limit
from systems.smintio.client import SmintIoClient


def limiter(system: str, rate: float) -> RateLimiter | None:
    """The request limiter of a system: ``rate`` per second, shared through Prefect if served."""
    if rate <= 0:
        return None
    shared = prefect_limit(system) if os.environ.get("PREFECT_API_URL") else None
    return RateLimiter(TokenBucket(rate, max(1, int(rate))), shared)


def block_hints(system: str, settings: Settings) -> Hints | None:
    """What to check when a system's URL and credentials came from a Prefect block."""
    name = settings.credentials_block
    if not name:
        return None
    from launchsync.blocks import from_blocks

    if f"{system}_url" not in from_blocks(name):
        return None
    block = f"the Prefect block launchsync-{system}/{name}"
    return Hints(url=f"the url in {block}", credentials=block)


def _configured(client: Any, system: str, settings: Settings, rate: float) -> Any:
    client.api.limiter = limiter(system, rate)
    client.api.hints = block_hints(system, settings) or client.api.hints
    return client


def centric(settings: Settings, config: Config) -> CentricClient:
    """A Centric client for the configured URL and credentials."""
    client = CentricClient.connect(
        settings.centric_url,
        settings.centric_username,
        settings.centric_password,
        page_size=config.centric.page_size,
        pages_in_flight=config.centric.pages_in_flight,
        timeout=settings.http_timeout,
    )
    return _configured(client, "centric", settings, config.centric.requests_per_second)


def fourallportal(settings: Settings, config: Config) -> FourAllPortalClient:
    """A 4ALLPORTAL client for the configured URL and API key."""
    client = FourAllPortalClient.connect(
        settings.fourallportal_url,
        settings.fourallportal_api_key,
        page_size=config.fourallportal.page_size,
        pages_in_flight=config.fourallportal.pages_in_flight,
        timeout=settings.http_timeout,
    )
    return _configured(client, "fourallportal", settings, config.fourallportal.requests_per_second)


def smintio(settings: Settings, config: Config) -> SmintIoClient:
    """A Smint.io client for the configured URL and OAuth2 client."""
    client = SmintIoClient.connect(
        settings.smintio_url,
        settings.smintio_client_id,
        settings.smintio_client_secret,
        settings.smintio_refresh_token,
        token_url=settings.smintio_token_url,
        token_store=settings.token_store,
        page_size=config.smintio.page_size,
        timeout=settings.http_timeout,
    )
    return _configured(client, "smintio", settings, config.smintio.requests_per_second)


def for_system(
    system: str, settings: Settings, config: Config
) -> CentricClient | FourAllPortalClient | SmintIoClient:
    """The client of a system by its warehouse name."""
    if system == "centric":
        return centric(settings, config)
    if system == "fourallportal":
        return fourallportal(settings, config)
    if system == "smintio":
        return smintio(settings, config)
    raise ValueError(f"unknown system {system!r}")
