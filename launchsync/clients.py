"""Clients for the configured systems, built from settings and configuration."""

from launchsync.config import Config
from launchsync.settings import Settings
from systems.centric.client import CentricClient
from systems.fourallportal.client import FourAllPortalClient
from systems.smintio.client import SmintIoClient


def centric(settings: Settings, config: Config) -> CentricClient:
    """A Centric client for the configured URL and credentials."""
    return CentricClient.connect(
        settings.centric_url,
        settings.centric_username,
        settings.centric_password,
        page_size=config.centric.page_size,
        timeout=settings.http_timeout,
    )


def fourallportal(settings: Settings, config: Config) -> FourAllPortalClient:
    """A 4ALLPORTAL client for the configured URL and API key."""
    return FourAllPortalClient.connect(
        settings.fourallportal_url,
        settings.fourallportal_api_key,
        page_size=config.fourallportal.page_size,
        timeout=settings.http_timeout,
    )


def smintio(settings: Settings, config: Config) -> SmintIoClient:
    """A Smint.io client for the configured URL and OAuth2 client."""
    return SmintIoClient.connect(
        settings.smintio_url,
        settings.smintio_client_id,
        settings.smintio_client_secret,
        settings.smintio_refresh_token,
        token_url=settings.smintio_token_url,
        token_store=settings.token_store,
        page_size=config.smintio.page_size,
        timeout=settings.http_timeout,
    )


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
