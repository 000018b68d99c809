"""Webhook signatures (designed): HMAC-SHA256 over ``<timestamp>.<body>`` with the shared secret.

A delivery carries ``X-<System>-Timestamp`` (Unix seconds) and ``X-<System>-Signature:
sha256=<hex>``, plus the event type and a delivery id. Receivers compare in constant time and
refuse deliveries older than a tolerance, so a captured delivery cannot be replayed later. The
4ALLPORTAL and Smint.io simulators sign the same way under their own header prefix.
"""

import hashlib
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header value for a body sent at ``timestamp``."""
    digest = hmac.new(
        secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return f"sha256={digest}"


@dataclass(frozen=True)
class Signing:
    """The signature headers of one system."""

    prefix: str

    @property
    def timestamp_header(self) -> str:
        """Unix seconds the delivery was signed at."""
        return f"X-{self.prefix}-Timestamp"

    @property
    def signature_header(self) -> str:
        """``sha256=<hex>``."""
        return f"X-{self.prefix}-Signature"

    @property
    def delivery_header(self) -> str:
        """Delivery id: the same event delivered twice has the same id."""
        return f"X-{self.prefix}-Delivery"

    @property
    def event_header(self) -> str:
        """Event type."""
        return f"X-{self.prefix}-Event"

    def headers(self, secret: str, event_type: str, delivery: str, body: bytes) -> dict[str, str]:
        """The headers of a signed delivery."""
        timestamp = int(time.time())
        return {
            self.event_header: event_type,
            self.delivery_header: delivery,
            self.timestamp_header: str(timestamp),
            self.signature_header: sign(secret, timestamp, body),
        }

    def verify(
        self, secret: str, headers: Mapping[str, str], body: bytes, tolerance: float = 300.0
    ) -> str | None:
        """Check a delivery; return why it is refused, or None when it is genuine and fresh."""
        stamp = headers.get(self.timestamp_header.lower()) or headers.get(self.timestamp_header)
        given = headers.get(self.signature_header.lower()) or headers.get(self.signature_header)
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


FOURALLPORTAL = Signing("4ALLPORTAL")
SMINTIO = Signing("Smintio")
