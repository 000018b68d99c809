import pytest
from pydantic import SecretStr

from launchsync.simulators import serve
from systems.faults import parse_faults
from systems.fourallportal.client import FourAllPortalClient
from systems.fourallportal.endpoints import ENDPOINTS
from systems.generator import DefectRates, generate
from systems.http import RequestRejected
from systems.timestamps import parse_iso
from tests.helpers import max_overlap


def objects(count):
    return [
        {
            "centric_id": [{"value": f"C{i}", "dimensions": {}}],
            "sku": [{"value": f"S{i}", "dimensions": {}}],
        }
        for i in range(count)
    ]


def test_bulk_upsert_and_paging_through_all_objects(pim):
    ids = pim.bulk_upsert("variant", objects(60))
    assert len(set(ids)) == 60
    pages = list(pim.iter_pages(ENDPOINTS["variant"]))
    assert [len(p) for p in pages] == [25, 25, 10]
    assert [o["id"] for p in pages for o in p] == ids


def test_incremental_listing_by_mod_time(pim):
    ids = pim.bulk_upsert("variant", objects(5))
    cut = max(parse_iso(o["mod_time"]) for p in pim.iter_pages(ENDPOINTS["variant"]) for o in p)
    pim.bulk_upsert("variant", [{"id": ids[2], "sku": [{"value": "changed", "dimensions": {}}]}])
    changed = [o for p in pim.iter_pages(ENDPOINTS["variant"], modified_after=cut) for o in p]
    assert [o["id"] for o in changed] == [ids[2]]


def test_check_reports_a_missing_field_or_module(pim):
    pim.check(required={"product": {"style_number", "centric_id"}})
    with pytest.raises(RequestRejected, match=r"module .product. lacks field.*launch_date"):
        pim.check(required={"product": {"style_number", "launch_date"}})
    with pytest.raises(RequestRejected, match="no module 'asset'"):
        pim.check(required={"asset": {"name"}})


def test_delete(pim, pim_sim):
    [oid] = pim.bulk_upsert("variant", objects(1))
    pim.delete("variant", oid)
    assert pim_sim.objects("variant") == []


def test_a_bulk_answer_with_the_wrong_number_of_ids_is_an_error(pim, monkeypatch):
    from systems.http import ServerFailed

    monkeypatch.setattr(pim.api, "request_json", lambda *a, **k: ["only-one"])
    with pytest.raises(ServerFailed, match="expected 2 ids back"):
        pim.bulk_upsert("variant", objects(2))


def test_a_listing_reads_several_pages_at_once_from_a_slow_server():
    # Every page of variants takes 0.5 s on a simulator served on loopback: long enough for
    # the client's threads to have their pages asked for together even on a busy machine.
    catalog = generate(0, seed=1, rates=DefectRates.none())
    plan = parse_faults("latency:0.5@GET/api/modules/variant/objects=1")
    with serve(catalog, centric_port=0, fourallportal_port=0, smintio_port=0, faults=plan) as sims:
        client = FourAllPortalClient.connect(
            sims.fourallportal_url,
            SecretStr(sims.fourallportal.api_key),
            page_size=10,
            pages_in_flight=4,
        )
        with client:
            ids = client.bulk_upsert("variant", objects(95))
            pages = list(client.iter_pages(ENDPOINTS["variant"]))
        listed = [e for e in sims.injectors["fourallportal"].log.snapshot() if e["method"] == "GET"]
    assert [o["id"] for page in pages for o in page] == ids  # all, once, in order
    assert len(listed) == 10
    assert 3 <= max_overlap(listed) <= 4
