"""Clients for the configured systems, built from settings and configuration."""

import os

from launchsync.config import Config
from launchsync.settings import Settings
from systems.centric.client import CentricClient
from systems.fourallportal.client import FourAllPortalClient
from systems.limits import RateLimiter, TokenBucket, prefect_limit
from systems.smintio.client import SmintIoClient


def limiter(system: str, rate: float) -> RateLimiter | None:
    """The request limiter of a system: ``rate`` per second, shared through Prefect if served."""
    if rate <= 0:
        return None
    shared = prefect_limit(system) if os.environ.get("PREFECT_API_URL") else None
    return RateLimiter(TokenBucket(rate, max(1, int(rate))), shared)


def centric(settings: Settings, config: Config) -> CentricClient:
    """A Centric client for the configured URL and credentials."""
    client = CentricClient.connect(
        settings.centric_url,
        settings.centric_username,
        settings.centric_password,
        page_size=config.centric.page_size,
        timeout=settings.http_timeout,
    )
    client.api.limiter = limiter("centric", config.centric.requests_per_second)
    return client


def fourallportal(settings: Settings, config: Config) -> FourAllPortalClient:
    """A 4ALLPORTAL client for the configured URL and API key."""
    client = FourAllPortalClient.connect(
        settings.fourallportal_url,
        settings.fourallportal_api_key,
        page_size=config.fourallportal.page_size,
        timeout=settings.http_timeout,
    )
    client.api.limiter = limiter("fourallportal", config.fourallportal.requests_per_second)
    return client


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
    client.api.limiter = limiter("smintio", config.smintio.requests_per_second)
    return client


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
