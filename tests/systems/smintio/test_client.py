"""The Smint.io client against the simulator: OAuth2 refresh, continuation feeds, downloads."""

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from pydantic import SecretStr

from launchsync.simulators import serve
from systems.generator import DefectRates, generate
from systems.http import AuthenticationFailed, RequestRejected
from systems.smintio.client import DownloadExpired, SmintIoClient
from systems.smintio.endpoints import ENDPOINTS
from systems.smintio.simulator import BATCH_LIMIT, SmintIoSimulator, binary_bytes
from tests.conftest import NO_WAIT, SyncASGITransport

FEED = ENDPOINTS["license_purchase_transactions"]


def purchase(n: int, **changes) -> dict:
    return {
        "uuid": f"tx-{n}",
        "state": "completed",
        "license_type": "royalty_free",
        "can_be_synced": True,
        "content_element": {
            "uuid": f"ce-{n}",
            "name": [{"culture": "en", "value": f"Stock image {n}"}],
            "binaries": [{"uuid": f"bin-{n}", "content_type": "image/jpeg", "width": 4000, "height": 3000}],
        },
        "license_terms": [{"sequence_number": 1, "restricted_usages": ["ecommerce"], "restricted_geographies": ["DE"]}],
        **changes,
    }  # fmt: skip


@pytest.fixture
def sim() -> SmintIoSimulator:
    return SmintIoSimulator({"license_purchase_transactions": [purchase(n) for n in range(25)]})


def connect(sim: SmintIoSimulator, tmp_path, secret: str | None = None) -> SmintIoClient:
    return SmintIoClient.connect(
        "http://smintio.test",
        sim.client_id,
        SecretStr(secret or sim.client_secret),
        SecretStr("smintio-simulator-refresh-token"),
        token_store=tmp_path / "token.json",
        page_size=10,
        retry=NO_WAIT,
        transport=SyncASGITransport(sim.app()),
    )


def test_feed_pages_by_continuation_and_resumes_with_later_changes_only(sim, tmp_path):
    with connect(sim, tmp_path) as client:
        pages = list(client.iter_pages(FEED))
        assert [len(p) for p in pages] == [10, 10, 5]
        assert [r["uuid"] for p in pages for r in p] == [f"tx-{n}" for n in range(25)]
        position = client.position
        assert position
        assert list(client.iter_pages(FEED, position)) == []
        sim.feeds["license_purchase_transactions"].put(purchase(3, state="canceled"))
        changed = [r for p in client.iter_pages(FEED, position) for r in p]
        assert [(r["uuid"], r["state"]) for r in changed] == [("tx-3", "canceled")]


def test_an_access_token_expiring_mid_listing_is_refreshed(tmp_path):
    sim = SmintIoSimulator(
        {"license_purchase_transactions": [purchase(n) for n in range(25)]}, token_uses=1
    )
    with connect(sim, tmp_path) as client:
        records = [r for p in client.iter_pages(FEED) for r in p]
    assert len(records) == 25
    assert sim.refreshes == 4  # one token per page, plus the empty last page


def test_rotated_refresh_tokens_are_kept_for_the_next_client(sim, tmp_path):
    with connect(sim, tmp_path) as client:
        list(client.iter_pages(FEED))
    assert "smintio-simulator-refresh-token" not in (tmp_path / "token.json").read_text()
    assert (tmp_path / "token.json").stat().st_mode & 0o077 == 0
    with connect(sim, tmp_path) as client:  # the configured token is spent; the stored one works
        assert len(list(client.iter_pages(FEED))) == 3


def test_a_revoked_refresh_token_names_the_setting_to_renew(sim, tmp_path):
    sim.revoke_refresh_tokens()
    with connect(sim, tmp_path) as client, pytest.raises(AuthenticationFailed) as failed:
        list(client.iter_pages(FEED))
    assert "LAUNCHSYNC_SMINTIO_REFRESH_TOKEN" in str(failed.value)
    assert "smintio-simulator-refresh-token" not in str(failed.value)


def test_a_wrong_client_secret_names_the_client_settings(sim, tmp_path):
    with (
        connect(sim, tmp_path, secret="something-else") as client,
        pytest.raises(AuthenticationFailed, match="CLIENT_SECRET"),
    ):
        list(client.iter_pages(FEED))


def test_binaries_download_until_their_url_expires(sim, tmp_path):
    with connect(sim, tmp_path) as client:
        record = client.transaction("tx-1")
        url = record["content_element"]["binaries"][0]["download_url"]
        assert client.download(url) == binary_bytes("bin-1")
        stale = sim.download_url("http://smintio.test", "bin-1", expires=int(time.time()) - 1)
        with pytest.raises(DownloadExpired):
            client.download(stale)


def test_pushed_records_are_replaced_idempotently_and_retired(sim, tmp_path):
    with connect(sim, tmp_path) as client:
        body = {"name": "Packshot", "asset_type": "packshot", "tags": ["ss27"]}
        first = client.put("assets", "file-1", body)
        again = client.put("assets", "file-1", body)
        assert first["version"] == again["version"] == 1
        assert first["status"] == {**first["status"], "approval_status": "pending"}
        assert client.put("assets", "file-1", {**body, "tags": []})["version"] == 2
        client.retire("assets", "file-1")
        assert [r for p in client.iter_pages(ENDPOINTS["assets"]) for r in p] == []
        with pytest.raises(RequestRejected) as refused:
            client.put("assets", "file-2", {"name": 5})
        assert "validation_failed" in str(refused.value)


def test_a_batch_of_records_is_put_in_one_call_and_a_refused_one_fails_alone(sim, tmp_path):
    good = {"name": "Packshot", "asset_type": "packshot"}
    records = [("file-1", good), ("file-2", {"name": 5}), ("file-3", {**good, "tags": ["ss27"]})]
    with connect(sim, tmp_path) as client:
        client.check()
        before = sim.requests
        outcomes = client.put_many("assets", records)
        assert sim.requests == before + 1
        assert outcomes[0] is None and outcomes[2] is None
        assert isinstance(outcomes[1], RequestRejected) and outcomes[1].status == 400
        assert "validation_failed" in str(outcomes[1]) and "file-2" in str(outcomes[1])
        versions = {r["external_id"]: r["version"] for r in sim.records("assets")}
        assert versions == {"file-1": 1, "file-3": 1}
        # A repeat changes nothing; a changed record moves on.
        assert client.put_many("assets", [records[0], ("file-3", good)]) == [None, None]
        versions = {r["external_id"]: r["version"] for r in sim.records("assets")}
        assert versions == {"file-1": 1, "file-3": 2}
        with pytest.raises(RequestRejected, match="too_many_records"):
            client.put_many("assets", [(f"f-{i}", good) for i in range(BATCH_LIMIT + 1)])
        assert len(sim.records("assets")) == 2


def test_two_clients_sharing_a_store_never_spend_the_same_refresh_token(sim, tmp_path):
    first, second = connect(sim, tmp_path), connect(sim, tmp_path)
    with first, second:
        for _ in range(3):  # alternate: each refresh must use the token the other one stored
            sim.expire_access_tokens()
            assert len(list(first.iter_pages(FEED))) == 3
            sim.expire_access_tokens()
            assert len(list(second.iter_pages(FEED))) == 3


class Recording(SyncASGITransport):
    """The simulator in-process, remembering the headers of every request."""

    def __init__(self, app) -> None:
        super().__init__(app)
        self.seen: list[tuple[str, dict]] = []

    def handle_request(self, request):
        self.seen.append((request.url.path, dict(request.headers)))
        return super().handle_request(request)


def test_downloads_do_not_carry_the_access_token(sim, tmp_path):
    transport = Recording(sim.app())
    client = SmintIoClient.connect(
        "http://smintio.test", sim.client_id, SecretStr(sim.client_secret),
        SecretStr("smintio-simulator-refresh-token"), retry=NO_WAIT, transport=transport,
    )  # fmt: skip
    with client:
        url = client.transaction("tx-2")["content_element"]["binaries"][0]["download_url"]
        assert client.download(url) == binary_bytes("bin-2")
    [(_, headers)] = [seen for seen in transport.seen if "/binaries/" in seen[0]]
    assert "authorization" not in headers


def test_an_unreadable_token_response_fails_without_showing_the_tokens(tmp_path):
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"access_token": "leaky-access-token", "expires_in": "3600s",
                                         "refresh_token": "leaky-refresh-token"})  # fmt: skip

    client = SmintIoClient.connect(
        "http://smintio.test", "launchsync", SecretStr("client-secret-value"), SecretStr("refresh"),
        retry=NO_WAIT, transport=httpx.MockTransport(answer),
    )  # fmt: skip
    with client, pytest.raises(AuthenticationFailed) as failed:
        client.check()
    message = str(failed.value)
    assert "LAUNCHSYNC_SMINTIO_REFRESH_TOKEN" in message
    assert not any(s in message for s in ("leaky", "client-secret-value"))


def test_calls_in_flight_together_survive_tokens_that_run_out_under_them(tmp_path):
    # Each access token is good for five calls and four threads list at once: a token one
    # thread just obtained is often spent by the others before this thread sends again.
    catalog = generate(0, seed=1, rates=DefectRates.none())
    catalog.smintio["license_purchase_transactions"] = [purchase(n) for n in range(60)]
    with serve(catalog, centric_port=0, fourallportal_port=0, smintio_port=0, token_uses=5) as sims:
        client = SmintIoClient.connect(
            sims.smintio_url,
            sims.smintio.client_id,
            SecretStr(sims.smintio.client_secret),
            SecretStr("smintio-simulator-refresh-token"),
            token_store=tmp_path / "token.json",
            page_size=5,
            retry=NO_WAIT,
        )
        with client, ThreadPoolExecutor(4) as pool:
            listings = list(
                pool.map(
                    lambda _: [r["uuid"] for p in client.iter_pages(FEED) for r in p], range(8)
                )
            )
    assert all(uuids == [f"tx-{n}" for n in range(60)] for uuids in listings)
    assert sims.smintio.refreshes > 8
