"""Every readable endpoint of every system, by system and name."""

from systems.centric.endpoints import ENDPOINTS as CENTRIC
from systems.endpoints import Endpoint
from systems.fourallportal.endpoints import ENDPOINTS as FOURALLPORTAL
from systems.smintio.endpoints import ENDPOINTS as SMINTIO

ENDPOINTS: dict[str, dict[str, Endpoint]] = {
    "centric": CENTRIC,
    "fourallportal": FOURALLPORTAL,
    "smintio": SMINTIO,
}


def endpoint(system: str, name: str) -> Endpoint:
    """Look up an endpoint.

    Raises:
        KeyError: no such system or endpoint.
    """
    try:
        return ENDPOINTS[system][name]
    except KeyError:
        raise KeyError(f"no endpoint {system}/{name}") from None
