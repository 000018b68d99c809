"""The assets listed in a launch package (C4) keep an order that does not depend on history."""

from tests.helpers import land_records


def file(object_id: str, name: str, smintio_id: str | None = None) -> dict:
    fields = {"name": name, "asset_type": "packshot", "approval_status": "approved",
              "products": ["p-1"]}  # fmt: skip
    if smintio_id:
        fields |= {"source": "smintio_campaign", "smintio_id": smintio_id}
    return {
        "id": object_id,
        "module": "file",
        "type": "image",
        "mod_time": "2026-05-01T10:00:00Z",
    } | {key: [{"value": value, "dimensions": {}}] for key, value in fields.items()}


def test_files_from_smintio_follow_the_dam_files_in_smintio_id_order(warehouse):
    # One released style whose product p-1 is in 4ALLPORTAL, ready in one market and channel.
    warehouse.execute(
        "CREATE OR REPLACE VIEW transferred_products AS SELECT 'C1' AS style_id, 'p-1' AS product_id"
    )
    warehouse.execute("CREATE OR REPLACE VIEW launch_styles AS SELECT 'C1' AS style_id")
    warehouse.execute("INSERT INTO markets VALUES ('DE', 'de_DE', ['ecom'], [])")
    warehouse.execute("INSERT INTO channels VALUES ('ecom')")
    warehouse.execute(
        "INSERT INTO readiness VALUES ('C1', '01', 'DE', 'ecom', true, true, true, true, true, true,"
        " true, 100, true, [], [], 'v1', 'run-1', now())"
    )
    # 4ALLPORTAL numbered the files launchsync created (f-1, f-2) in the order it created them,
    # which says nothing about the Smint.io assets; the DAM's own files keep their ids.
    land_records(warehouse, "file", [
        file("f-2", "hero.jpg", smintio_id="aaa"), file("f-1", "look.jpg", smintio_id="bbb"),
        file("d-9", "front.jpg"), file("d-3", "back.jpg"),
    ], "run-1", system="fourallportal")  # fmt: skip
    assets = warehouse.execute(
        "SELECT assets__dims FROM fourallportal_desired_launch_package WHERE key = 'C1'"
    ).fetchall()
    assert assets == [([{"locale": "", "channel": "ecom", "value": ["d-3", "d-9", "f-2", "f-1"]}],)]
