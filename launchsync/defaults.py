"""Where the built-in simulators listen and the credentials they accept.

These open nothing but the local simulators; real systems get their URLs and secrets from
environment variables or Prefect blocks.
"""

SIMULATOR_HOST = "127.0.0.1"
CENTRIC_PORT = 7301
FOURALLPORTAL_PORT = 7302
SMINTIO_PORT = 7303

CENTRIC_API_PATH = "/csi-requesthandler/api/v2"
CENTRIC_SIMULATOR_USER = "launchsync"
CENTRIC_SIMULATOR_PASSWORD = "simulator"
FOURALLPORTAL_SIMULATOR_API_KEY = "0d5a3f4e-2b8c-4e61-9c7a-5f3e2d1c0b9a"
SMINTIO_SIMULATOR_CLIENT_ID = "launchsync"
SMINTIO_SIMULATOR_CLIENT_SECRET = "smintio-simulator-secret"
SMINTIO_SIMULATOR_REFRESH_TOKEN = "smintio-simulator-refresh-token"


def centric_url(host: str = SIMULATOR_HOST, port: int = CENTRIC_PORT) -> str:
    """Base URL of a Centric simulator."""
    return f"http://{host}:{port}{CENTRIC_API_PATH}"


def fourallportal_url(host: str = SIMULATOR_HOST, port: int = FOURALLPORTAL_PORT) -> str:
    """Base URL of a 4ALLPORTAL simulator."""
    return f"http://{host}:{port}"


def smintio_url(host: str = SIMULATOR_HOST, port: int = SMINTIO_PORT) -> str:
    """Base URL of a Smint.io simulator."""
    return f"http://{host}:{port}"
