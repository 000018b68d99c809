"""launchsync: keeps Centric PLM, 4ALLPORTAL and Smint.io in step and reports launch readiness."""

import os

__version__ = "0.1.0"

# Telemetry stays off unless an operator turns it on explicitly.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# launchsync's own log records (retries, progress) belong in the Prefect run logs.
os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "launchsync")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
# A fresh Prefect home migrates its database on first start; slow machines need more than 20 s.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
