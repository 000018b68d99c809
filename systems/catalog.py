"""The catalog file the simulators serve: records per system, in each API's own shape.

Format (documented in ``docs/catalog-format.md``)::

    {"format": "launchsync.catalog/1",
     "centric": {"styles": [...], "skus": [...], ...},
     "fourallportal": {"product": [...], ...},
     "smintio": {"license_purchase_transactions": [...], "campaign_assets": [...], ...},
     "defects": [{"code": "GTIN_INVALID", "style": "C10000123", ...}],
     "info": {...}}
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from launchsync.errors import LaunchsyncError
from systems.centric.simulator import RESOURCE_TYPES
from systems.fourallportal.schema import MODULES
from systems.smintio.simulator import RECORD_KINDS

FORMAT = "launchsync.catalog/1"


class CatalogError(LaunchsyncError):
    """A catalog file cannot be used; the message says where it is wrong."""


@dataclass
class Catalog:
    """Records for the simulators, plus the list of defects planted on purpose."""

    centric: dict[str, list[dict[str, Any]]]
    fourallportal: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    smintio: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    defects: list[dict[str, Any]] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The catalog as the JSON document of the file format."""
        return {
            "format": FORMAT,
            "info": self.info,
            "centric": self.centric,
            "fourallportal": self.fourallportal,
            "smintio": self.smintio,
            "defects": self.defects,
        }

    def save(self, path: Path) -> None:
        """Write the catalog as JSON."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(orjson.dumps(self.to_dict()))

    @classmethod
    def load(cls, path: Path) -> "Catalog":
        """Read a catalog file.

        Raises:
            CatalogError: the file is missing, not JSON, or not in the catalog format.
        """
        try:
            data = orjson.loads(path.read_bytes())
        except OSError as exc:
            raise CatalogError(f"cannot read catalog {path}: {exc.strerror}") from None
        except orjson.JSONDecodeError as exc:
            raise CatalogError(f"catalog {path} is not valid JSON: {exc}") from None
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: Any, source: str = "catalog") -> "Catalog":
        """Check and adopt a decoded catalog document.

        Raises:
            CatalogError: the document is not in the catalog format.
        """
        if not isinstance(data, dict):
            raise CatalogError(f"{source}: the top level must be a JSON object")
        if data.get("format") != FORMAT:
            raise CatalogError(f'{source}: "format" must be "{FORMAT}", got {data.get("format")!r}')
        centric = _record_lists(data.get("centric", {}), RESOURCE_TYPES, f"{source}: centric")
        pim = _record_lists(
            data.get("fourallportal", {}), tuple(MODULES), f"{source}: fourallportal"
        )
        smintio = _record_lists(data.get("smintio", {}), RECORD_KINDS, f"{source}: smintio")
        defects = data.get("defects", [])
        if not isinstance(defects, list):
            raise CatalogError(f'{source}: "defects" must be a list')
        return cls(
            centric=centric,
            fourallportal=pim,
            smintio=smintio,
            defects=defects,
            info=data.get("info", {}),
        )


def _record_lists(section: Any, known: tuple[str, ...], where: str) -> dict[str, list[dict]]:
    if not isinstance(section, dict):
        raise CatalogError(f"{where} must be an object of record lists")
    for name, records in section.items():
        if name not in known:
            raise CatalogError(f"{where}: unknown resource {name!r} (known: {', '.join(known)})")
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise CatalogError(f"{where}.{name} must be a list of objects")
    return section
