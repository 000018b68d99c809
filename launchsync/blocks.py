"""Credentials kept in Prefect: one block per system, secrets as ``SecretStr``.

With ``LAUNCHSYNC_CREDENTIALS_BLOCK`` set to a block name, settings take each system's URL and
credentials from the block of that name (``launchsync-centric``, ``launchsync-fourallportal``,
``launchsync-smintio`` block types); a system without such a block keeps its ``LAUNCHSYNC_*``
environment variables. ``launchsync blocks save NAME`` stores the current settings as blocks.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from prefect.blocks.core import Block
from pydantic import Field, SecretStr

from launchsync.errors import ConfigError


class CentricCredentials(Block):
    """How launchsync reaches Centric PLM: REST API base URL and a user's login."""

    _block_type_name = "launchsync Centric"
    _block_type_slug = "launchsync-centric"

    url: str = Field(description="REST API base URL, ending in /csi-requesthandler/api/v2.")
    username: str = Field(description="Centric user launchsync logs in as.")
    password: SecretStr = Field(description="That user's password.")

    def settings(self) -> dict[str, Any]:
        """The settings fields this block provides."""
        return {
            "centric_url": self.url,
            "centric_username": self.username,
            "centric_password": self.password,
        }


class FourAllPortalCredentials(Block):
    """How launchsync reaches 4ALLPORTAL: base URL and an API key."""

    _block_type_name = "launchsync 4ALLPORTAL"
    _block_type_slug = "launchsync-fourallportal"

    url: str = Field(description="4ALLPORTAL base URL.")
    api_key: SecretStr = Field(description="API key of the launchsync integration user.")

    def settings(self) -> dict[str, Any]:
        """The settings fields this block provides."""
        return {"fourallportal_url": self.url, "fourallportal_api_key": self.api_key}


class SmintIoCredentials(Block):
    """How launchsync reaches Smint.io: API URL and an OAuth2 client with a refresh token."""

    _block_type_name = "launchsync Smint.io"
    _block_type_slug = "launchsync-smintio"

    url: str = Field(description="Smint.io API base URL.")
    token_url: str | None = Field(
        None, description="OAuth2 token endpoint (default: from the API)."
    )
    client_id: str = Field(description="OAuth2 client id.")
    client_secret: SecretStr = Field(description="OAuth2 client secret.")
    refresh_token: SecretStr = Field(description="First refresh token (rotated ones are stored).")

    def settings(self) -> dict[str, Any]:
        """The settings fields this block provides."""
        return {
            "smintio_url": self.url,
            "smintio_token_url": self.token_url,
            "smintio_client_id": self.client_id,
            "smintio_client_secret": self.client_secret,
            "smintio_refresh_token": self.refresh_token,
        }


BLOCKS: tuple[type[Block], ...] = (CentricCredentials, FourAllPortalCredentials, SmintIoCredentials)


@cache
def from_blocks(name: str) -> dict[str, Any]:
    """Settings fields from the credential blocks called ``name`` that exist.

    Raises:
        ConfigError: the Prefect API cannot be reached to read them.
    """
    found: dict[str, Any] = {}
    for kind in BLOCKS:
        try:
            block = kind.load(name)
        except ValueError:
            continue  # no such block: this system keeps its environment variables
        except Exception as exc:
            raise ConfigError(
                f"LAUNCHSYNC_CREDENTIALS_BLOCK={name}: cannot read Prefect blocks"
                f" ({type(exc).__name__}); check PREFECT_API_URL or unset the variable"
            ) from None
        found.update(block.settings())
    return found


def save_blocks(name: str, values: dict[str, Any]) -> list[str]:
    """Store the credentials in ``values`` (settings fields) as blocks called ``name``.

    Returns:
        The block documents written, as ``<type slug>/<name>``.
    """
    written = []
    for kind in BLOCKS:
        system = kind.get_block_type_slug().removeprefix("launchsync-")
        kind(**{f: values[f"{system}_{f}"] for f in kind.model_fields}).save(name, overwrite=True)
        written.append(f"{kind.get_block_type_slug()}/{name}")
    return written
