"""The DAM side of the 4ALLPORTAL simulator: files linked to products by style number, media."""

import httpx
import pytest

from tests.conftest import SyncASGITransport


@pytest.fixture
def http(pim_sim):
    headers = {"Authorization": f"Bearer {pim_sim.api_key}"}
    with httpx.Client(
        transport=SyncASGITransport(pim_sim.app()), base_url="http://pim.test", headers=headers
    ) as c:
        yield c


def value(v):
    return [{"value": v, "dimensions": {}}]


def test_files_link_to_products_by_style_number_whichever_comes_first(http):
    early = http.patch("/api/modules/file/objects", json=[{
        "type": "image", "name": value("SS27-1_410_packshot.jpg"), "asset_type": value("packshot"),
        "approval_status": value("approved"), "style_number": value("SS27-1"),
    }]).json()[0]  # fmt: skip
    assert "products" not in http.get(f"/api/modules/file/objects/{early}").json()
    product = http.patch(
        "/api/modules/product/objects", json=[{"style_number": value("SS27-1")}]
    ).json()[0]
    assert http.get(f"/api/modules/file/objects/{early}").json()["products"] == value([product])
    late = http.patch(
        "/api/modules/file/objects", json=[{"type": "image", "style_number": value("SS27-1")}]
    ).json()[0]
    assert http.get(f"/api/modules/file/objects/{late}").json()["products"] == value([product])
    other = http.patch(
        "/api/modules/file/objects", json=[{"type": "image", "style_number": value("AW27-9")}]
    ).json()[0]
    assert "products" not in http.get(f"/api/modules/file/objects/{other}").json()


def test_a_deleted_product_leaves_the_files_that_linked_it(http):
    first, second = http.patch("/api/modules/product/objects", json=[
        {"style_number": value("SS27-1")}, {"style_number": value("SS27-1")},
    ]).json()  # fmt: skip
    file_id = http.patch(
        "/api/modules/file/objects", json=[{"type": "image", "style_number": value("SS27-1")}]
    ).json()[0]
    before = http.get(f"/api/modules/file/objects/{file_id}").json()
    assert sorted(before["products"][0]["value"]) == sorted([first, second])
    assert http.delete(f"/api/modules/product/objects/{first}").status_code == 200
    after = http.get(f"/api/modules/file/objects/{file_id}").json()
    assert after["products"] == value([second])
    assert after["mod_time"] > before["mod_time"]  # a change a pull sees


def test_media_lists_renditions_and_serves_them(http):
    renditions = [
        {"name": "web", "width": 1200, "height": 1600},
        {"name": "print", "width": 3000, "height": 4000},
    ]
    file_id = http.patch(
        "/api/modules/file/objects", json=[{"type": "image", "renditions": value(renditions)}]
    ).json()[0]
    listed = http.get(f"/api/modules/file/objects/{file_id}/media").json()["result"]
    assert [(r["name"], r["width"]) for r in listed] == [("web", 1200), ("print", 3000)]
    binary = http.get(listed[1]["url"])
    assert (
        binary.status_code == 200
        and binary.headers["content-type"] == "image/jpeg"
        and len(binary.content) > 100
    )
    assert http.get(f"/api/modules/file/objects/{file_id}/media/thumb").status_code == 404


def test_webhook_registration_is_checked(http):
    ok = {
        "url": "http://127.0.0.1:9/hook",
        "secret": "s" * 16,
        "events": [{"type": "moduleobject_create", "module": "file"}],
    }
    assert http.post("/api/system/webhooks", json=ok).status_code == 201
    assert http.post("/api/system/webhooks", json={**ok, "secret": "short"}).status_code == 400
    assert (
        http.post("/api/system/webhooks", json={**ok, "events": [{"type": "created"}]}).status_code
        == 400
    )
    listed = http.get("/api/system/webhooks").json()["result"]
    assert len(listed) == 1 and "secret" not in listed[0]
