import httpx
import pytest

from systems.centric.simulator import CentricSimulator
from tests.conftest import SyncASGITransport

BASE = "http://centric.test/csi-requesthandler/api/v2"


@pytest.fixture
def http(centric_sim):
    with httpx.Client(transport=SyncASGITransport(centric_sim.app()), base_url=BASE) as client:
        yield client


def login(http, sim) -> str:
    response = http.post("/session", json={"username": sim.username, "password": sim.password})
    assert response.status_code == 200
    return response.json()["token"]


def test_login_returns_a_security_token_url_that_works_as_the_cookie(http, centric_sim):
    token = login(http, centric_sim)
    assert token.startswith("SecurityTokenURL=centric://_CS_SecurityToken/")
    assert http.get("/seasons", headers={"Cookie": token}).status_code == 200


def test_calls_without_a_valid_session_get_401(http, centric_sim):
    assert http.get("/styles").status_code == 401
    assert (
        http.get(
            "/styles", headers={"Cookie": "SecurityTokenURL=centric://_CS_SecurityToken/x"}
        ).status_code
        == 401
    )
    bad = http.post("/session", json={"username": centric_sim.username, "password": "wrong"})
    assert bad.status_code == 401
    token = login(http, centric_sim)
    centric_sim.expire_sessions()
    assert http.get("/styles", headers={"Cookie": token}).status_code == 401


def test_lists_are_bare_arrays_capped_and_paged_by_skip(http, centric_sim, catalog):
    cookie = {"Cookie": login(http, centric_sim)}
    page = http.get("/skus", params={"limit": 500}, headers=cookie).json()
    assert isinstance(page, list)
    assert len(page) == centric_sim.page_cap == 50
    second = http.get("/skus", params={"skip": 50, "limit": 50}, headers=cookie).json()
    assert [r["id"] for r in second] == [r["id"] for r in catalog.centric["skus"][50:100]]


def test_any_attribute_filters_and_repeated_values_mean_any_of(http, centric_sim, catalog):
    cookie = {"Cookie": login(http, centric_sim)}
    style = catalog.centric["styles"][0]
    colorways = http.get("/colorways", params={"style": style["id"]}, headers=cookie).json()
    assert {c["id"] for c in colorways} == set(style["active_colorways"])
    two = [s["id"] for s in catalog.centric["styles"][:2]]
    found = http.get("/styles", params=[("id", two[0]), ("id", two[1])], headers=cookie).json()
    assert sorted(s["id"] for s in found) == sorted(two)
    actives = http.get("/styles", params={"active": "true", "limit": 200}, headers=cookie).json()
    assert len(actives) == len(catalog.centric["styles"])


def test_modified_after_and_partial_put(http, centric_sim, catalog):
    cookie = {"Cookie": login(http, centric_sim)}
    style = catalog.centric["styles"][3]
    latest = max(r["_modified_at"] for r in catalog.centric["styles"])
    assert http.get("/styles", params={"modified_after": latest}, headers=cookie).json() == []
    updated = http.put(
        f"/styles/{style['id']}", json={"description": "New text"}, headers=cookie
    ).json()
    assert updated["description"] == "New text"
    assert updated["node_name"] == style["node_name"]
    assert updated["_modified_at"] > latest
    changed = http.get("/styles", params={"modified_after": latest}, headers=cookie).json()
    assert [s["id"] for s in changed] == [style["id"]]
    again = http.put(
        f"/styles/{style['id']}", json={"description": "New text"}, headers=cookie
    ).json()
    assert again["_modified_at"] == updated["_modified_at"]


def test_create_assigns_an_id_and_delete_removes(http, centric_sim):
    cookie = {"Cookie": login(http, centric_sim)}
    created = http.post(
        "/materials",
        json={"node_name": "Hemp yarn", "bx_fiber": "hemp", "id": "ignored"},
        headers=cookie,
    )
    assert created.status_code == 201
    record = created.json()
    assert record["id"].startswith("C") and record["id"] != "ignored"
    assert http.get(f"/materials/{record['id']}", headers=cookie).json()["bx_fiber"] == "hemp"
    assert http.delete(f"/materials/{record['id']}", headers=cookie).status_code == 200
    assert http.get(f"/materials/{record['id']}", headers=cookie).status_code == 404


def test_unknown_types_and_bad_parameters_are_client_errors(http, centric_sim):
    cookie = {"Cookie": login(http, centric_sim)}
    assert http.get("/unicorns", headers=cookie).status_code == 404
    assert http.get("/styles", params={"skip": "x"}, headers=cookie).status_code == 400
    assert (
        http.get("/styles", params={"modified_after": "yesterday"}, headers=cookie).status_code
        == 400
    )
    assert http.post("/styles", content=b"{not json", headers=cookie).status_code == 400


def test_empty_simulator_serves_empty_lists():
    sim = CentricSimulator()
    with httpx.Client(transport=SyncASGITransport(sim.app()), base_url=BASE) as http:
        cookie = {"Cookie": login(http, sim)}
        assert http.get("/styles", headers=cookie).json() == []
