"""End to end per scenario (C2, C3, C4, C6, C7): start from a state in the simulators, run the
scenario's flow, and check the other system through its own API."""

import pytest

from systems.generator import DefectRates, generate
from tests.flows.live import mapped, records, start_simulators, stop, transferred, value

pytestmark = pytest.mark.e2e


def one(values: list[dict], **dims: str) -> object:
    """The value of a dimensioned field for one locale/channel."""
    return next((v["value"] for v in values if v["dimensions"] == dims), None)


FLOWS = {"c2": "c2-assets-and-status", "c3": "c3-technical-data", "c4": "c4-launch-package",
         "c6": "c6-variant-sync", "c7": "c7-localization-status"}  # fmt: skip


def quiet_rerun(live, scenario: str) -> None:
    """Re-running a scenario's flow with no source change writes nothing (no new ledger entries)."""
    before = live.ledger_size()
    again = live.sync("--scenario", scenario)
    assert again["pushed"] == 0 and again["by_mapping"] == {}, again["by_mapping"]
    assert live.ledger_size() == before
    [run] = live.sql(f"SELECT flow, status FROM sync_runs WHERE run_id = '{again['run_id']}'")
    assert run == {"flow": FLOWS[scenario], "status": "completed"}


@pytest.fixture
def clean_catalog():
    """No defects and no gaps: products of advanced styles already in 4ALLPORTAL with full content."""
    return generate(24, seed=21, rates=DefectRates.none())


@pytest.fixture
def live(tmp_path, prefect_api, clean_catalog):
    process, handle = start_simulators(tmp_path, clean_catalog, prefect_api)
    yield handle
    stop(process)


def products_by_style(live) -> dict[str, dict]:
    return {
        value(p, "centric_id"): p for p in live.pim_objects("product") if value(p, "style_name")
    }


def style_with_files(live, products) -> tuple[str, dict, list[dict]]:
    files = live.pim_objects("file")
    for style_id, product in sorted(products.items()):
        linked = [f for f in files if product["id"] in (value(f, "products") or [])]
        if any(value(f, "asset_type") == "packshot" for f in linked):
            return style_id, product, linked
    raise AssertionError("no transferred style with linked files")


def test_c2_approved_assets_are_linked_on_centric_and_lifecycle_controls_availability(live):
    live.sync()
    products = products_by_style(live)
    style_id, product, files = style_with_files(live, products)
    approved = {f["id"] for f in files if value(f, "approval_status") == "approved"}
    images = {
        f["id"]
        for f in files
        if f["id"] in approved and value(f, "asset_type") in ("packshot", "lifestyle")
    }
    assert {r["bx_fourallportal_id"] for r in records(live, "images", style=style_id)} == images
    documents = approved - images
    assert {
        r["bx_fourallportal_id"] for r in records(live, "documents", style=style_id)
    } == documents

    packshot = next(f for f in files if f["id"] in images and value(f, "asset_type") == "packshot")
    with live.pim() as pim:
        pim.bulk_upsert(
            "file",
            [{"id": packshot["id"], "approval_status": [{"value": "retired", "dimensions": {}}]}],
        )
    with live.centric() as centric:
        centric.update("styles", style_id, {"bx_milestone": "DROPPED"})
    result = live.sync("--scenario", "c2")
    assert mapped(result, "c2.product_status") == (0, 1, 0)

    after = live.pim_objects("file")
    assert {value(f, "distribution_status") for f in after if f["id"] in approved} == {"withdrawn"}
    dropped = next(p for p in live.pim_objects("product") if p["id"] == product["id"])
    assert value(dropped, "plm_status") == "DROPPED"
    other = next(s for s in sorted(products) if s != style_id)
    assert value(products_by_style(live)[other], "plm_status") == next(
        s["bx_milestone"] for s in live.catalog.centric["styles"] if s["id"] == other
    )
    quiet_rerun(live, "c2")


def test_c2_a_retired_asset_of_a_transferred_style_leaves_centric(live):
    live.sync()
    style_id, _, files = style_with_files(live, products_by_style(live))
    packshot = next(
        f
        for f in files
        if value(f, "asset_type") == "packshot" and value(f, "approval_status") == "approved"
    )
    with live.pim() as pim:
        pim.bulk_upsert(
            "file",
            [{"id": packshot["id"], "approval_status": [{"value": "retired", "dimensions": {}}]}],
        )
    result = live.sync("--scenario", "c2")
    assert mapped(result, "c2.images") == (0, 0, 1)
    assert packshot["id"] not in {
        r["bx_fourallportal_id"] for r in records(live, "images", style=style_id)
    }
    retired = next(f for f in live.pim_objects("file") if f["id"] == packshot["id"])
    assert value(retired, "distribution_status") == "withdrawn"


def test_c3_technical_data_lands_read_only_next_to_content(live):
    live.sync()
    products = products_by_style(live)
    style_id = sorted(products)[0]
    style = records(live, "styles", id=style_id)[0]
    product = products[style_id]
    assert value(product, "measurements") == style["bx_measurements"]
    assert value(product, "care_symbols") == style["bx_care_symbols"]
    assert value(product, "fit") == style["bx_fit"]
    assert sum(c["percent"] for c in value(product, "composition")) == 100
    with live.pim() as pim:
        fields = {f["name"]: f for f in pim.modules()["product"]["fields"]}
    assert all(
        fields[name]["read_only"]
        for name in ("composition", "materials", "care_symbols", "fit", "measurements")
    )
    assert not fields["consumer_title"]["read_only"]

    measurements = [{"point": "chest", "size": "M", "cm": 55.5}]
    with live.centric() as centric:
        centric.update("styles", style_id, {"bx_measurements": measurements})
    result = live.sync("--scenario", "c3")
    assert result["by_mapping"] == {"c3.product": {"created": 0, "updated": 1, "deleted": 0}}
    assert value(products_by_style(live)[style_id], "measurements") == measurements
    quiet_rerun(live, "c3")


@pytest.fixture
def launch_live(tmp_path, prefect_api, clean_catalog):
    """A style one step before release, complete except for its lifestyle image."""
    style = next(
        s for s in clean_catalog.centric["styles"] if s["bx_milestone"] == "PRODUCTION_APPROVED"
    )
    clean_catalog.fourallportal["file"] = [
        f for f in clean_catalog.fourallportal["file"]
        if not (f["style_number"][0]["value"] == style["code"] and f["asset_type"][0]["value"] == "lifestyle")
    ]  # fmt: skip
    process, handle = start_simulators(tmp_path, clean_catalog, prefect_api)
    yield handle, style
    stop(process)


def test_c4_release_writes_blockers_on_the_style_and_a_fix_clears_them(launch_live):
    live, style = launch_live
    live.sync()
    assert records(live, "styles", id=style["id"])[0].get("bx_launch_blockers") is None

    with live.centric() as centric:
        centric.update("styles", style["id"], {"bx_milestone": "COMMERCIAL_RELEASE"})
    live.sync("--scenario", "c4")
    blocked = records(live, "styles", id=style["id"])[0]
    assert (blocked["bx_launch_status"], blocked["bx_launch_blockers"]) == (
        "blocked",
        ["LIFESTYLE_MISSING"],
    )
    package = next(
        p for p in live.pim_objects("launch_package") if value(p, "centric_id") == style["id"]
    )
    assert one(package["status"], locale="de_DE", channel="ecom") == "blocked"
    assert one(package["blockers"], locale="de_DE", channel="ecom") == ["LIFESTYLE_MISSING"]
    assert one(package["status"], locale="de_DE", channel="print") == "ready"

    with live.pim() as pim:
        pim.bulk_upsert("file", [{
            "type": "image", "name": [{"value": f"{style['code']}_lifestyle_02.jpg", "dimensions": {}}],
            "asset_type": [{"value": "lifestyle", "dimensions": {}}],
            "approval_status": [{"value": "approved", "dimensions": {}}],
            "style_number": [{"value": style["code"], "dimensions": {}}],
        }])  # fmt: skip
    live.sync("--scenario", "c4")
    ready = records(live, "styles", id=style["id"])[0]
    assert (ready["bx_launch_status"], ready["bx_launch_blockers"]) == ("ready", [])
    package = next(
        p for p in live.pim_objects("launch_package") if value(p, "centric_id") == style["id"]
    )
    assert {e["value"] for e in package["status"]} == {"ready"}
    quiet_rerun(live, "c4")


def test_c6_variant_fields_flow_both_ways_and_edits_by_the_non_owner_are_conflicts(live):
    live.sync()
    products = products_by_style(live)
    variants = live.pim_objects("variant")
    variant = next(
        v for v in variants if value(v, "product") in {p["id"] for p in products.values()}
    )
    sku_id = value(variant, "centric_id")
    sku = records(live, "skus", id=sku_id)[0]
    assert value(variant, "composition") and value(variant, "fit") == sku["bx_fit"]

    with live.pim() as pim:
        pim.bulk_upsert(
            "variant",
            [
                {
                    "id": variant["id"],
                    "color_marketing_name": [{"value": "Midnight", "dimensions": {}}],
                }
            ],
        )
    assert mapped(live.sync("--scenario", "c6"), "c6.pairs.skus") == (0, 1, 0)
    assert records(live, "skus", id=sku_id)[0]["bx_color_marketing_name"] == "Midnight"

    with live.pim() as pim:
        pim.bulk_upsert(
            "variant", [{"id": variant["id"], "fit": [{"value": "oversized", "dimensions": {}}]}]
        )
    with live.centric() as centric:
        centric.update("skus", sku_id, {"bx_color_marketing_name": "Typo in PLM"})
    live.sync("--scenario", "c6")
    conflicts = live.sql(
        "SELECT system, field, owner, owner_value, target_value FROM conflicts ORDER BY field"
    )
    assert conflicts == [
        {"system": "centric", "field": "bx_color_marketing_name", "owner": "fourallportal",
         "owner_value": '"Midnight"', "target_value": '"Typo in PLM"'},
        {"system": "fourallportal", "field": "fit", "owner": "centric",
         "owner_value": f'"{sku["bx_fit"]}"', "target_value": '"oversized"'},
    ]  # fmt: skip
    assert (
        value(next(v for v in live.pim_objects("variant") if v["id"] == variant["id"]), "fit")
        == sku["bx_fit"]
    )
    assert records(live, "skus", id=sku_id)[0]["bx_color_marketing_name"] == "Midnight"
    quiet_rerun(live, "c6")


def test_plm_fields_edited_in_4allportal_are_restored_and_content_edits_survive(live):
    live.sync()
    products = products_by_style(live)
    style_id = sorted(products)[0]
    product = products[style_id]
    title = [{"value": "Neuer Titel", "dimensions": {"locale": "de_DE", "channel": "ecom"}}]
    with live.pim() as pim:
        pim.bulk_upsert("product", [{"id": product["id"], "style_name": [{"value": "Renamed in PIM", "dimensions": {}}],
                                     "consumer_title": title}])  # fmt: skip
    result = live.sync()
    assert mapped(result, "c1.product") == (0, 1, 0)
    [conflict] = live.sql("SELECT record_key, field, target_value, rule FROM conflicts")
    assert conflict == {
        "record_key": style_id,
        "field": "style_name",
        "target_value": '"Renamed in PIM"',
        "rule": "owner_wins",
    }
    after = products_by_style(live)[style_id]
    assert value(after, "style_name") == product["style_name"][0]["value"]
    assert one(after["consumer_title"], locale="de_DE", channel="ecom") == "Neuer Titel"
    live.sync("--full")
    assert (
        one(products_by_style(live)[style_id]["consumer_title"], locale="de_DE", channel="ecom")
        == "Neuer Titel"
    )


@pytest.fixture
def localized_live(tmp_path, prefect_api, clean_catalog):
    """A product with no Italian content and a French marketing text copied from English."""
    product = clean_catalog.fourallportal["product"][0]
    for name in (
        "consumer_title",
        "marketing_copy",
        "seo_title",
        "seo_description",
        "marketplace_title",
    ):
        product[name] = [e for e in product[name] if e["dimensions"]["locale"] != "it_IT"]
    english = one(product["marketing_copy"], locale="en_GB", channel="ecom")
    for entry in product["marketing_copy"]:
        if entry["dimensions"]["locale"] == "fr_FR":
            entry["value"] = english
    process, handle = start_simulators(tmp_path, clean_catalog, prefect_api)
    yield handle, product
    stop(process)


def test_c7_market_readiness_goes_back_to_centric(localized_live):
    live, product = localized_live
    style_id = product["centric_id"][0]["value"]
    live.sync()
    readiness = {
        r["market"]: r for r in records(live, "styles", id=style_id)[0]["bx_market_readiness"]
    }
    fields = [
        "consumer_title",
        "marketing_copy",
        "marketplace_title",
        "seo_description",
        "seo_title",
    ]
    assert readiness["IT"] == {
        "market": "IT",
        "status": "blocked",
        "missing": [f"LOCALE_MISSING:it_IT:{f}" for f in fields],
    }
    assert (readiness["FR"]["status"], readiness["FR"]["missing"]) == (
        "blocked",
        ["LOCALE_UNTRANSLATED:fr_FR:marketing_copy"],
    )
    assert {(readiness[m]["status"], len(readiness[m]["missing"])) for m in ("DE", "GB", "US")} == {
        ("ready", 0)
    }

    with live.pim() as pim:
        pim.bulk_upsert("product", [{"id": product["id"], "marketing_copy": [
            {"value": "Texte en français.", "dimensions": {"locale": "fr_FR", "channel": channel}}
            for channel in ("ecom", "print")]}])  # fmt: skip
    result = live.sync("--scenario", "c7")
    assert result["by_mapping"] == {
        "c7.market_readiness": {"created": 0, "updated": 1, "deleted": 0}
    }
    readiness = {
        r["market"]: r for r in records(live, "styles", id=style_id)[0]["bx_market_readiness"]
    }
    assert (readiness["FR"]["status"], readiness["FR"]["missing"]) == ("ready", [])
    assert transferred(live.pim_objects("product"))
    quiet_rerun(live, "c7")
