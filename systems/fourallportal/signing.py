"""Webhook signatures (designed): HMAC-SHA256 over ``<timestamp>.<body>`` with the shared secret.

A delivery carries ``X-4ALLPORTAL-Timestamp`` (Unix seconds) and
``X-4ALLPORTAL-Signature: sha256=<hex>``; receivers compare in constant time and refuse
deliveries older than a tolerance, so a captured delivery cannot be replayed later.
"""

import hashlib
import hmac
import time
from collections.abc import Mapping

TIMESTAMP_HEADER = "X-4ALLPORTAL-Timestamp"
SIGNATURE_HEADER = "X-4ALLPORTAL-Signature"
DELIVERY_HEADER = "X-4ALLPORTAL-Delivery"
EVENT_HEADER = "X-4ALLPORTAL-Event"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header value for a body sent at ``timestamp``."""
    digest = hmac.new(
        secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return f"sha256={digest}"


def verify(
    secret: str, headers: Mapping[str, str], body: bytes, tolerance: float = 300.0
) -> str | None:
    """Check a delivery; return why it is refused, or None when it is genuine and fresh."""
    stamp = headers.get(TIMESTAMP_HEADER.lower()) or headers.get(TIMESTAMP_HEADER)
    given = headers.get(SIGNATURE_HEADER.lower()) or headers.get(SIGNATURE_HEADER)
    if not stamp or not given:
        return "signature headers missing"
    try:
        timestamp = int(stamp)
    except ValueError:
        return "timestamp is not a number"
    if abs(time.time() - timestamp) > tolerance:
        return "timestamp outside the allowed window"
    if not hmac.compare_digest(sign(secret, timestamp, body), given):
        return "signature does not match"
    return None
