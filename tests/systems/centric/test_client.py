from datetime import datetime

import pytest
from pydantic import SecretStr

from systems.centric.client import CentricClient
from systems.centric.endpoints import ENDPOINTS
from systems.http import AuthenticationFailed
from tests.conftest import SyncASGITransport


def test_pages_through_every_record_despite_the_server_cap(centric, catalog):
    pages = list(centric.iter_pages(ENDPOINTS["skus"]))
    assert [r["id"] for p in pages for r in p] == [r["id"] for r in catalog.centric["skus"]]
    assert max(len(p) for p in pages) == 50


def test_pages_read_ahead_come_in_order_and_each_once(centric_sim, catalog):
    client = CentricClient.connect(
        "http://centric.test/csi-requesthandler/api/v2",
        centric_sim.username,
        SecretStr(centric_sim.password),
        page_size=50,
        pages_in_flight=4,
        transport=SyncASGITransport(centric_sim.app()),
    )
    with client:
        pages = list(client.iter_pages(ENDPOINTS["skus"]))
    assert [r["id"] for p in pages for r in p] == [r["id"] for r in catalog.centric["skus"]]
    assert len(pages) > 4  # enough pages for several to be on their way at once


def test_incremental_listing_by_modified_after(centric, catalog):
    style = catalog.centric["styles"][5]
    cut = datetime.fromisoformat(
        max(s["_modified_at"] for s in catalog.centric["styles"]).replace("Z", "+00:00")
    )
    centric.update("styles", style["id"], {"bx_fit": "oversized"})
    changed = [r for p in centric.iter_pages(ENDPOINTS["styles"], modified_after=cut) for r in p]
    assert [(r["id"], r["bx_fit"]) for r in changed] == [(style["id"], "oversized")]


def test_logs_in_again_when_the_session_expires(centric, centric_sim):
    centric.check()
    assert centric.api.auth.logins == 1
    centric_sim.expire_sessions()
    season_id = next(iter(centric_sim.tables["seasons"].rows))
    assert centric.get("seasons", season_id)["id"] == season_id
    assert centric.api.auth.logins == 2


def test_wrong_password_names_the_settings_and_hides_the_secret(centric_sim):
    client = CentricClient.connect(
        "http://c.test/csi-requesthandler/api/v2",
        centric_sim.username,
        SecretStr("not-the-password"),
        transport=SyncASGITransport(centric_sim.app()),
    )
    with pytest.raises(AuthenticationFailed) as info:
        client.check()
    message = str(info.value)
    assert "LAUNCHSYNC_CENTRIC_USERNAME and LAUNCHSYNC_CENTRIC_PASSWORD" in message
    assert "not-the-password" not in message
    assert "not-the-password" not in repr(client.api.auth)
