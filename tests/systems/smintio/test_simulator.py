"""The Smint.io simulator's API shapes: OAuth2 errors, Smint.io error bodies, validation."""

import httpx
import pytest

from systems.smintio.simulator import SmintIoSimulator
from tests.conftest import SyncASGITransport


@pytest.fixture
def http():
    sim = SmintIoSimulator()
    with httpx.Client(
        base_url="http://smintio.test", transport=SyncASGITransport(sim.app())
    ) as client:
        yield sim, client


def token(client: httpx.Client, refresh: str) -> httpx.Response:
    return client.post("/connect/token", data={
        "grant_type": "refresh_token", "refresh_token": refresh,
        "client_id": "launchsync", "client_secret": "smintio-simulator-secret"})  # fmt: skip


def test_refresh_tokens_rotate_and_a_spent_one_is_an_invalid_grant(http):
    _, client = http
    first = token(client, "smintio-simulator-refresh-token").json()
    assert first["token_type"] == "Bearer" and first["expires_in"] == 3600
    again = token(client, "smintio-simulator-refresh-token")
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    assert token(client, first["refresh_token"]).status_code == 200


def test_expired_tokens_and_invalid_records_get_smintio_error_bodies(http):
    sim, client = http
    access = token(client, "smintio-simulator-refresh-token").json()["access_token"]
    auth = {"Authorization": f"Bearer {access}"}
    refused = client.put(
        "/creative/v1/assets/f1", json={"name": "x", "tags": "not-a-list", "size": 3}, headers=auth
    )
    assert refused.status_code == 400
    body = refused.json()
    assert body["error_code"] == "validation_failed"
    assert body["error_details"] == [
        "size: unknown field",
        "asset_type: required",
        "tags: expected string_list",
    ]
    sim.expire_access_tokens()
    expired = client.get("/creative/v1/assets", headers=auth)
    assert expired.status_code == 401 and expired.json()["error_code"] == "access_token_expired"
    assert set(expired.json()) == {"error_code", "error_message", "error_details"}


def test_a_tampered_download_url_is_refused(http):
    sim, client = http
    url = sim.download_url("http://smintio.test", "bin-1")
    assert client.get(url).status_code == 200
    answer = client.get(url.replace("bin-1", "bin-2"))
    assert answer.status_code == 403 and answer.json()["error_code"] == "download_url_invalid"
