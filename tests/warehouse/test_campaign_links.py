"""The product links launchsync writes on a campaign file (S4) follow the campaign asset."""

from tests.helpers import land_records


def product(object_id: str, style_id: str, style_number: str) -> dict:
    return {"id": object_id, "module": "product", "type": "style",
            "mod_time": "2026-05-01T10:00:00Z",
            "centric_id": [{"value": style_id, "dimensions": {}}],
            "style_number": [{"value": style_number, "dimensions": {}}]}  # fmt: skip


def test_links_keep_the_order_of_the_assets_style_numbers_not_of_object_ids(warehouse):
    # 4ALLPORTAL assigns object ids, so their order says nothing about the asset.
    land_records(warehouse, "product", [product("p-1", "C2", "SS27-2"), product("p-9", "C1", "SS27-1")],
                 "run-1", system="fourallportal")  # fmt: skip
    land_records(warehouse, "campaign_assets", [{
        "uuid": "a-1", "state": "finalized", "approval_status": "approved",
        "name": [{"culture": "en", "value": "Hero"}], "last_updated_at": "2026-05-01T10:00:00Z",
        "product_associations": [{"style_number": "SS27-1"}, {"style_number": "SS27-2"},
                                 {"style_number": "SS27-1"}],
    }], "run-1", system="smintio")  # fmt: skip
    links = warehouse.execute(
        "SELECT products FROM fourallportal_desired_campaign_files WHERE key = 'a-1'"
    ).fetchall()
    assert links == [(["p-9", "p-1"],)]
