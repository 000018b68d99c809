import httpx
import pytest

from launchsync.clients import limiter
from systems.limits import RateLimiter, TokenBucket
from tests.systems.test_http import client_for


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def test_the_bucket_lets_a_burst_through_then_holds_to_the_rate():
    clock = FakeClock()
    bucket = TokenBucket(rate=5, burst=5, clock=clock, sleep=clock.sleep)
    for _ in range(5):
        bucket.acquire()
    assert clock.slept == []
    for _ in range(10):
        bucket.acquire()
    assert clock.slept == pytest.approx([0.2] * 10)  # 10 more at 5 per second: 2 s
    clock.now += 10  # idle: the bucket refills up to its burst, not beyond
    for _ in range(5):
        bucket.acquire()
    assert len(clock.slept) == 10


def test_every_request_and_every_retry_waits_for_the_limiter():
    taken = []
    client, calls = client_for([httpx.Response(503), httpx.Response(200, json={"ok": 1})])
    client.limiter = RateLimiter(None, shared=lambda: taken.append("slot"))
    assert client.request_json("GET", "/x") == {"ok": 1}
    assert len(calls) == 2 and taken == ["slot", "slot"]


def test_no_limit_by_default_and_a_shared_limit_only_with_a_prefect_server(monkeypatch):
    assert limiter("centric", 0) is None
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    local = limiter("centric", 20)
    assert (local.bucket.rate, local.bucket.burst, local.shared) == (20, 20, None)
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    assert limiter("centric", 0.5).shared is not None
    assert limiter("centric", 0.5).bucket.burst == 1
