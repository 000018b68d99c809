"""Business configuration from a checked-in TOML file (``launchsync.toml``)."""

import hashlib
import tomllib
from datetime import date
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from launchsync.errors import ConfigError


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Milestones(_Section):
    """Ordered development milestones and the ones that trigger scenarios."""

    order: list[str] = Field(min_length=1)
    transfer: str
    release: str
    dropped: list[str] = []

    @model_validator(mode="after")
    def _known(self) -> "Milestones":
        for name in ("transfer", "release"):
            if getattr(self, name) not in self.order:
                raise ValueError(
                    f"milestones.{name} {getattr(self, name)!r} is not in milestones.order"
                )
        return self

    def at_or_past(self, milestone: str) -> list[str]:
        """Milestones from ``milestone`` to the end of the order."""
        return self.order[self.order.index(milestone) :]


class SyncOptions(_Section):
    """How pulls overlap and pushes are batched."""

    overlap_seconds: int = Field(30, ge=0)
    push_batch_size: int = Field(200, ge=1, le=5000)
    push_concurrency: int = Field(4, ge=1, le=32)
    max_delete_share: float = Field(0.2, ge=0, le=1)
    delete_guard_floor: int = Field(20, ge=0)
    verify_missing_max: int = Field(1000, ge=0)
    raw_retention_days: int = Field(90, ge=1)


class Paging(_Section):
    """Page size asked of one system, and how many pages of a listing are read at once."""

    page_size: int = Field(ge=1, le=10000)
    # Requests per second launchsync sends, all runs together; 0: no limit.
    requests_per_second: float = Field(0, ge=0)
    # Requests of one listing in flight at once (each still waits for requests_per_second).
    pages_in_flight: int = Field(4, ge=1, le=16)


class Content(_Section):
    """Languages, channels, and what content each channel needs."""

    source_locale: str = "en_GB"
    channels: list[str] = Field(
        default_factory=lambda: ["ecom", "marketplace", "print"], min_length=1
    )
    readiness_channel: str = "ecom"
    required: dict[str, list[str]] = {}
    max_length: dict[str, int] = {}

    @model_validator(mode="after")
    def _known_channels(self) -> "Content":
        for channel in [*self.required, self.readiness_channel]:
            if channel not in self.channels:
                raise ValueError(f"channel {channel!r} is not in content.channels")
        return self


class Assets(_Section):
    """What assets must be like."""

    print_min_width: int = Field(2400, ge=1)
    # Channels that need a lifestyle image, and channels that need a print-size packshot.
    lifestyle_channels: list[str] = ["ecom"]
    print_channels: list[str] = ["print"]


class SmintIo(_Section):
    """What goes to creatives in Smint.io and what licensed content may be used for."""

    page_size: int = Field(100, ge=1, le=1000)
    requests_per_second: float = Field(0, ge=0)
    asset_types: list[str] = Field(
        default_factory=lambda: ["packshot", "lifestyle", "logo", "datasheet",
                                 "technical_document", "campaign_visual"]
    )  # fmt: skip
    channel_usages: dict[str, list[str]] = Field(
        default_factory=lambda: {"ecom": ["ecommerce", "web"],
                                 "marketplace": ["marketplace", "web"], "print": ["print"]}
    )  # fmt: skip
    collateral_channel: str = "print"


COMPLIANCE_RULES = (
    "country_of_origin",
    "hs_code",
    "care_symbols",
    "fiber_names",
    "reach_svhc",
    "prop65",
    "age_grading",
)
INDICATORS = ("core", "variant", "compliance", "enrichment", "localization", "assets", "rights")


class Market(_Section):
    """A market: the locale of its content, its channels, rules and launch dates."""

    locale: str
    # Channels the market sells through (all of content.channels when left out).
    channels: list[str] | None = None
    # Compliance rules products must meet to be sold there (see docs/readiness.md).
    compliance: list[str] = []
    # Launch date per season code; licensed assets must be usable from it through the window.
    launch: dict[str, date] = {}

    @model_validator(mode="after")
    def _known_rules(self) -> "Market":
        unknown = sorted(set(self.compliance) - set(COMPLIANCE_RULES))
        if unknown:
            raise ValueError(
                f"unknown compliance rule {', '.join(unknown)}; known: {', '.join(COMPLIANCE_RULES)}"
            )
        return self


class Readiness(_Section):
    """How launch readiness is judged."""

    # Days after a market's launch date that licensed assets must stay usable.
    launch_window_days: int = Field(90, ge=0, le=3660)
    # Indicators that must pass for a key to be ready; the others only warn.
    mandatory: list[str] = Field(default_factory=lambda: list(INDICATORS))

    @model_validator(mode="after")
    def _known_indicators(self) -> "Readiness":
        unknown = sorted(set(self.mandatory) - set(INDICATORS))
        if unknown:
            raise ValueError(
                f"unknown indicator {', '.join(unknown)}; known: {', '.join(INDICATORS)}"
            )
        return self


SYSTEMS = ("centric", "fourallportal")
ENTITY_OF_MODULE = {"product": "styles", "variant": "skus"}


class Pair(_Section):
    """An attribute kept in step both ways; its owner's value flows to the other system."""

    fourallportal: str = Field(pattern=r"^(product|variant)\.[a-z0-9_]+$")
    centric: str = Field(pattern=r"^(styles|skus)\.[a-z0-9_]+$")
    owner: str

    @model_validator(mode="after")
    def _consistent(self) -> "Pair":
        if self.owner not in SYSTEMS:
            raise ValueError(f"owner must be one of {', '.join(SYSTEMS)}, got {self.owner!r}")
        module, entity = self.fourallportal.split(".")[0], self.centric.split(".")[0]
        if ENTITY_OF_MODULE[module] != entity:
            raise ValueError(
                f"{self.fourallportal} belongs with {ENTITY_OF_MODULE[module]}, not {entity}"
            )
        return self


class Ownership(_Section):
    """Which system owns which field, and what to do when the other one edits it."""

    conflict_rule: str = "owner_wins"
    content: list[str] = []
    pairs: list[Pair] = []

    @model_validator(mode="after")
    def _known_rule(self) -> "Ownership":
        if self.conflict_rule not in ("owner_wins", "hold"):
            raise ValueError(
                f"conflict_rule must be owner_wins or hold, got {self.conflict_rule!r}"
            )
        return self


class Config(_Section):
    """The whole configuration file."""

    milestones: Milestones
    sync: SyncOptions = SyncOptions()
    content: Content = Content()
    assets: Assets = Assets()
    markets: dict[str, Market] = Field(default_factory=dict)
    readiness: Readiness = Readiness()
    ownership: Ownership = Ownership()
    centric: Paging = Paging(page_size=200)
    fourallportal: Paging = Paging(page_size=500)
    smintio: SmintIo = SmintIo()
    source: str = Field("", exclude=True)
    digest: str = Field("", exclude=True)

    @model_validator(mode="after")
    def _known_channels(self) -> "Config":
        known = set(self.content.channels)
        for name, market in self.markets.items():
            if market.channels is None:
                market.channels = list(self.content.channels)
            for channel in market.channels:
                if channel not in known:
                    raise ValueError(
                        f"markets.{name}: channel {channel!r} is not in content.channels"
                    )
        for channel in [*self.assets.lifestyle_channels, *self.assets.print_channels]:
            if channel not in known:
                raise ValueError(f"assets: channel {channel!r} is not in content.channels")
        return self


def default_config_path() -> Path:
    """The configuration shipped with launchsync."""
    return Path(str(resources.files("launchsync") / "launchsync.toml"))


def load_config(path: Path | None = None) -> Config:
    """Read and check a configuration file (the shipped one when ``path`` is None).

    Raises:
        ConfigError: the file is missing, not TOML, or breaks a rule; the message says where.
    """
    path = path or default_config_path()
    try:
        text = path.read_text()
    except OSError as exc:
        raise ConfigError(
            f"cannot read config {path}: {exc.strerror}; set LAUNCHSYNC_CONFIG"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {path} is not valid TOML: {exc}") from None
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ConfigError(f"config {path}: {where}: {first['msg']}") from None
    config.source = str(path)
    config.digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return config
