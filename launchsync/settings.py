"""Connection settings from environment variables (``LAUNCHSYNC_*``).

Defaults point at the built-in simulators, so ``launchsync simulate`` followed by
``launchsync sync`` needs no configuration.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from launchsync import defaults
from launchsync.errors import ConfigError

ENV_PREFIX = "LAUNCHSYNC_"
# A memory size DuckDB understands.
MEMORY = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT]i?B|%)", re.IGNORECASE)


class Settings(BaseSettings):
    """Where the systems and the warehouse are, and how to authenticate."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    warehouse: Path = Path("warehouse/launchsync.duckdb")
    # How much memory DuckDB may keep for the warehouse (its cache and the work of a query)
    # before it spills to a folder beside the file: "1GB", "512MiB", "25%" of RAM.
    warehouse_memory: str = "2GB"
    config: Path | None = None

    centric_url: str = defaults.centric_url()
    centric_username: str = defaults.CENTRIC_SIMULATOR_USER
    centric_password: SecretStr = SecretStr(defaults.CENTRIC_SIMULATOR_PASSWORD)

    fourallportal_url: str = defaults.fourallportal_url()
    fourallportal_api_key: SecretStr = SecretStr(defaults.FOURALLPORTAL_SIMULATOR_API_KEY)

    smintio_url: str = defaults.smintio_url()
    smintio_token_url: str | None = None
    smintio_client_id: str = defaults.SMINTIO_SIMULATOR_CLIENT_ID
    smintio_client_secret: SecretStr = SecretStr(defaults.SMINTIO_SIMULATOR_CLIENT_SECRET)
    smintio_refresh_token: SecretStr = SecretStr(defaults.SMINTIO_SIMULATOR_REFRESH_TOKEN)
    # Where the newest (rotated) refresh token is kept; default: next to the warehouse.
    smintio_token_store: Path | None = None

    http_timeout: float = 30.0

    # Name of Prefect blocks holding the systems' URLs and credentials (launchsync/blocks.py);
    # a system without a block of that name keeps its environment variables.
    credentials_block: str | None = None

    webhook_secret: SecretStr | None = None
    # A Dask scheduler (``tcp://host:8786``) that runs the extract tasks of a partitioned sync;
    # without one they run on threads of the sync process.
    dask_address: str | None = None
    inbox: Path = Path("warehouse/inbox")

    @field_validator("centric_url", "fourallportal_url", "smintio_url", "smintio_token_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("warehouse_memory")
    @classmethod
    def _memory(cls, value: str) -> str:
        value = value.strip()
        size = MEMORY.fullmatch(value)
        amount = float(size.group(1)) if size else 0
        if not amount or (value.endswith("%") and amount > 100):
            raise ValueError('must be a size such as "1GB", "512MiB" or "25%"')
        return value

    @field_validator("http_timeout")
    @classmethod
    def _positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("must be a positive number of seconds")
        return value

    @property
    def token_store(self) -> Path:
        """The file keeping Smint.io's newest refresh token."""
        return self.smintio_token_store or self.warehouse.parent / ".smintio-token.json"


def env_name(field: str) -> str:
    """Name of the environment variable behind a settings field."""
    return f"{ENV_PREFIX}{field.upper()}"


# Settings read from the environment, by what they were read from: a run asks for them in
# every task, and reading them costs milliseconds each time.
_read: dict[tuple[str, tuple[tuple[str, str], ...]], Settings] = {}


def load_settings() -> Settings:
    """Read settings from the environment (credentials from Prefect blocks when named).

    With ``LAUNCHSYNC_CREDENTIALS_BLOCK`` set, each system's URL and credentials come from the
    Prefect block of that name, where one exists (read again each time: blocks can change).

    Raises:
        ConfigError: a variable has a value that cannot be used; the message names it.
    """
    source = tuple(
        sorted((k, v) for k, v in os.environ.items() if k.upper().startswith(ENV_PREFIX))
    )
    key = (os.getcwd(), source)
    try:
        settings = _read.get(key) or Settings()
        if settings.credentials_block:
            from launchsync.blocks import from_blocks

            return Settings(**from_blocks(settings.credentials_block))
        if len(_read) > 16:
            _read.clear()
        _read[key] = settings
        return settings.model_copy()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        raise ConfigError(f"{env_name(field)}: {first['msg']}") from None


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the block, then put the whole environment back."""
    saved = dict(os.environ)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
