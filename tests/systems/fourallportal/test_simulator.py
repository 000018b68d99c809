import httpx
import pytest

from tests.conftest import SyncASGITransport


@pytest.fixture
def http(pim_sim):
    headers = {"Authorization": f"Bearer {pim_sim.api_key}"}
    with httpx.Client(
        transport=SyncASGITransport(pim_sim.app()),
        base_url="http://pim.test",
        headers=headers,
    ) as c:
        yield c


def value(v, **dims):
    return [{"value": v, "dimensions": dims}]


def create(http, module, **fields):
    response = http.patch(
        f"/api/modules/{module}/objects", json=[{k: value(v) for k, v in fields.items()}]
    )
    assert response.status_code == 200, response.text
    return response.json()[0]


def test_requires_the_bearer_key(pim_sim):
    with httpx.Client(
        transport=SyncASGITransport(pim_sim.app()), base_url="http://pim.test"
    ) as anonymous:
        assert anonymous.get("/api/modules").status_code == 401
        wrong = anonymous.get(
            "/api/modules", headers={"Authorization": "Bearer 00000000-0000-0000-0000-000000000000"}
        )
        assert wrong.status_code == 401


def test_modules_describe_their_fields(http):
    modules = {m["name"]: m for m in http.get("/api/modules").json()["result"]}
    assert {"product", "variant", "classification"} <= set(modules)
    fields = {f["name"]: f for f in modules["product"]["fields"]}
    assert fields["seo_title"]["localizable"] is True
    assert fields["style_number"]["localizable"] is False


def test_bulk_upsert_creates_and_updates_in_order(http):
    first = create(
        http, "classification", centric_id="C1", code="SS27", name="Spring", kind="season"
    )
    ids = http.patch(
        "/api/modules/classification/objects",
        json=[
            {"id": first, "name": value("Spring/Summer")},
            {"centric_id": value("C2"), "code": value("AW27")},
        ],
    ).json()
    assert ids[0] == first and ids[1] != first
    obj = http.get(f"/api/modules/classification/objects/{first}").json()
    assert obj["name"] == value("Spring/Summer")
    assert obj["code"] == value("SS27")
    assert obj["module"] == "classification" and obj["type"] == "season"


def test_a_bad_object_rejects_the_whole_batch(http):
    response = http.patch(
        "/api/modules/classification/objects",
        json=[{"code": value("OK")}, {"code": value(12)}, {"nope": value("x")}],
    )
    assert response.status_code == 400
    body = response.json()
    assert [e["index"] for e in body["errors"]] == [1, 2]
    assert (
        http.get("/api/modules/classification/objects", params={"totalCount": "true"}).json()[
            "total_count"
        ]
        == 0
    )


def test_dimensions_are_checked_and_stored_per_locale_and_channel(http):
    pid = create(http, "product", centric_id="C9", style_number="SS27-1")
    ok = http.patch(
        f"/api/modules/product/objects/{pid}",
        json={
            "seo_title": [
                {"value": "Titel", "dimensions": {"locale": "de_DE", "channel": "ecom"}},
                {"value": "Titre", "dimensions": {"locale": "fr_FR", "channel": "ecom"}},
            ]
        },
    )
    assert ok.status_code == 200
    assert len(ok.json()["seo_title"]) == 2
    not_localizable = http.patch(
        f"/api/modules/product/objects/{pid}", json={"style_number": value("x", locale="de_DE")}
    )
    assert not_localizable.status_code == 400
    unknown_locale = http.patch(
        f"/api/modules/product/objects/{pid}", json={"seo_title": value("x", locale="xx_XX")}
    )
    assert unknown_locale.status_code == 400


def test_instructions_and_null_values(http):
    pid = create(http, "product", centric_id="C7", care_symbols=["wash_30"])
    path = f"/api/modules/product/objects/{pid}"
    http.patch(
        path,
        json={
            "care_symbols": [
                {"value": ["no_bleach", "wash_30"], "dimensions": {}, "instruction": "list_add"}
            ]
        },
    )
    assert http.get(path).json()["care_symbols"][0]["value"] == ["wash_30", "no_bleach"]
    http.patch(
        path,
        json={
            "care_symbols": [{"value": "wash_30", "dimensions": {}, "instruction": "list_remove"}]
        },
    )
    assert http.get(path).json()["care_symbols"][0]["value"] == ["no_bleach"]
    http.patch(
        path, json={"style_name": [{"value": "First", "dimensions": {}, "instruction": "if_empty"}]}
    )
    http.patch(
        path,
        json={"style_name": [{"value": "Second", "dimensions": {}, "instruction": "if_empty"}]},
    )
    assert http.get(path).json()["style_name"][0]["value"] == "First"
    http.patch(path, json={"style_name": value(None)})
    assert "style_name" not in http.get(path).json()


def test_mod_time_moves_only_on_real_changes(http):
    pid = create(http, "product", centric_id="C5", style_name="Tee")
    path = f"/api/modules/product/objects/{pid}"
    before = http.get(path).json()["mod_time"]
    http.patch(path, json={"style_name": value("Tee")})
    assert http.get(path).json()["mod_time"] == before
    http.patch(path, json={"style_name": value("Shirt")})
    assert http.get(path).json()["mod_time"] > before


def test_references_must_point_at_existing_objects(http):
    season = create(http, "classification", centric_id="C1", kind="season")
    bad = http.patch("/api/modules/product/objects", json=[{"season": value("00000000-dead")}])
    assert bad.status_code == 400
    good = http.patch("/api/modules/product/objects", json=[{"season": value(season)}])
    assert good.status_code == 200


def test_listing_pages_filters_projects_and_counts(http):
    for i in range(7):
        create(http, "variant", centric_id=f"C{i}", sku=f"S{i}", gtin=f"400000000000{i}")
    page = http.get(
        "/api/modules/variant/objects",
        params={"offset": 2, "limit": 3, "totalCount": "true", "fields": "sku"},
    ).json()
    assert page["total_count"] == 7
    assert [o["sku"][0]["value"] for o in page["result"]] == ["S2", "S3", "S4"]
    assert all(set(o) == {"id", "module", "type", "mod_time", "sku"} for o in page["result"])
    filtered = http.get(
        "/api/modules/variant/objects", params={"query": 'sku="S5" AND gtin!=x'}
    ).json()
    assert [o["centric_id"][0]["value"] for o in filtered["result"]] == ["C5"]
    # Writes within one millisecond share a stamp, so the second key decides among them.
    newest = http.get(
        "/api/modules/variant/objects", params={"sort": "-mod_time,-sku", "limit": 2}
    ).json()
    assert [o["sku"][0]["value"] for o in newest["result"]] == ["S6", "S5"]
    stamps = [o["mod_time"] for o in http.get("/api/modules/variant/objects").json()["result"]]
    assert newest["result"][0]["mod_time"] == max(stamps)
    assert http.get("/api/modules/variant/objects", params={"query": "sku ~ S"}).status_code == 400
