"""End to end per Smint.io scenario (S1-S8) over real sockets: change a system through its API,
run the scenario's flow, and check the receiving system through its own API.

The simulators run as one `launchsync simulate` process for the module, with Smint.io access
tokens that expire after a few calls, so every run has to refresh tokens as it goes.
"""

import hashlib
import shutil
import uuid
from pathlib import Path

import duckdb
import httpx
import pytest

from launchsync.config import load_config
from systems.generator import DefectRates, generate
from systems.smintio.simulator import binary_bytes
from tasks.diff import object_fields
from tasks.targets import (
    MAPPINGS,
    desired_digests,
    inputs,
    keep_desired_rows,
    levels,
    objects_sql,
    read_desired,
)
from tests.flows.live import start_simulators, stop, value
from warehouse.db import narrowed

pytestmark = pytest.mark.e2e

ASSET_TYPES = {
    "packshot",
    "lifestyle",
    "logo",
    "datasheet",
    "technical_document",
    "campaign_visual",
}


@pytest.fixture(scope="module")
def live(tmp_path_factory, prefect_api):
    catalog = generate(24, seed=21, rates=DefectRates.none())
    tmp = tmp_path_factory.mktemp("smintio")
    process, handle = start_simulators(tmp, catalog, prefect_api, "--smintio-token-uses", "5")
    first = handle.sync()
    assert first["pushed"] > 0
    handle.first = first
    yield handle
    stop(process)


def sim(live, method: str, path: str, **kwargs) -> dict:
    response = httpx.request(method, live.env["LAUNCHSYNC_SMINTIO_URL"] + path, **kwargs)
    response.raise_for_status()
    return response.json()


def quiet(live, scenario: str) -> None:
    again = live.sync("--scenario", scenario)
    assert again["pushed"] == 0 and again["by_mapping"] == {}, again["by_mapping"]


def files(live) -> list[dict]:
    return live.pim_objects("file")


def test_tokens_expiring_mid_run_are_refreshed_without_failing_the_run(live):
    stats = sim(live, "GET", "/_simulator/stats")
    assert stats["refreshes"] > 3  # tokens lasted five calls: the first run refreshed as it went
    [run] = live.sql(f"SELECT status FROM sync_runs WHERE run_id = '{live.first['run_id']}'")
    assert run == {"status": "completed"}


def test_s1_sends_approved_assets_and_s7_retires_and_replaces_them(live):
    pim_files = files(live)
    withdrawn_or_foreign = {
        f["id"]
        for f in pim_files
        if value(f, "distribution_status") == "withdrawn" or value(f, "smintio_id")
    }
    expected = {
        f["id"]
        for f in pim_files
        if value(f, "approval_status") == "approved"
        and value(f, "asset_type") in ASSET_TYPES
        and f["id"] not in withdrawn_or_foreign
    }
    assets = {a["external_id"]: a for a in live.smintio_records("assets")}
    assert set(assets) == expected
    packshot = next(
        f for f in pim_files if f["id"] in expected and value(f, "asset_type") == "packshot"
    )
    assert assets[packshot["id"]]["name"] == value(packshot, "name")
    assert assets[packshot["id"]]["renditions"] == value(packshot, "renditions")

    with live.pim() as pim:
        [replacement] = pim.bulk_upsert("file", [{
            "type": "image",
            "name": [{"value": "replacement_packshot.jpg", "dimensions": {}}],
            "asset_type": [{"value": "packshot", "dimensions": {}}],
            "approval_status": [{"value": "approved", "dimensions": {}}],
            "style_number": [{"value": value(packshot, "style_number"), "dimensions": {}}],
            "color_code": [{"value": value(packshot, "color_code"), "dimensions": {}}],
            "replaces": [{"value": packshot["id"], "dimensions": {}}],
            "renditions": [{"value": [{"name": "web", "width": 1600, "height": 2000}], "dimensions": {}}],
        }])  # fmt: skip
        pim.bulk_upsert(
            "file",
            [{"id": packshot["id"], "approval_status": [{"value": "retired", "dimensions": {}}]}],
        )
    result = live.sync("--scenario", "s7")
    assert result["by_mapping"]["s1.assets"] == {"created": 1, "updated": 0, "deleted": 1}
    assets = {a["external_id"]: a for a in live.smintio_records("assets")}
    assert packshot["id"] not in assets
    assert assets[replacement]["replaces"] == packshot["id"]
    quiet(live, "s7")


def test_s2_product_cards_follow_4allportal_product_data(live):
    cards = {c["external_id"]: c for c in live.smintio_records("product_cards")}
    products = {
        value(p, "centric_id"): p for p in live.pim_objects("product") if value(p, "style_name")
    }
    assert set(cards) == set(products)
    style_id, product = sorted(products.items())[0]
    card = cards[style_id]
    assert card["style_number"] == value(product, "style_number")
    variants = [v for v in live.pim_objects("variant") if value(v, "product") == product["id"]]
    assert sorted(s["sku"] for s in card["skus"]) == sorted(value(v, "sku") for v in variants)
    assert card["technical"]["composition"] == value(product, "composition")

    with live.pim() as pim:
        pim.bulk_upsert("product", [{"id": product["id"], "consumer_title": [
            {"value": "Neuer Titel", "dimensions": {"locale": "de_DE", "channel": "ecom"}}]}])  # fmt: skip
    result = live.sync("--scenario", "s2")
    assert result["by_mapping"]["s2.product_cards"]["updated"] == 1
    card = {c["external_id"]: c for c in live.smintio_records("product_cards")}[style_id]
    assert {"culture": "de-DE", "value": "Neuer Titel"} in card["name"]
    quiet(live, "s2")


def test_s3_licensed_stock_lands_with_its_rights_and_bad_licenses_are_not_offered(live):
    term = {
        "sequence_number": 1,
        "restricted_usages": ["ecommerce"],
        "restricted_geographies": ["DE"],
    }
    purchases = {
        "cleared": {**term, "valid_until": "2099-01-01T00:00:00.000Z"},
        "editorial": {**term, "is_editorial_use": True},
        "expired": {**term, "valid_until": "2020-01-01T00:00:00.000Z"},
    }
    ids = {}
    for name, license_term in purchases.items():
        ids[name] = str(uuid.uuid4())
        sim(live, "PUT", f"/_simulator/license_purchase_transactions/{ids[name]}", json={
            "state": "completed", "license_type": "royalty_free", "can_be_synced": True,
            "content_element": {"uuid": str(uuid.uuid4()), "name": [{"culture": "en", "value": f"Stock {name}"}],
                                "binaries": [{"uuid": f"bin-{ids[name]}", "content_type": "image/jpeg",
                                              "width": 5000, "height": 3000}]},
            "license_terms": [license_term],
        })  # fmt: skip
    result = live.sync("--scenario", "s3")
    assert result["by_mapping"]["s3.licensed_files"]["created"] == 3
    stock = {
        value(f, "smintio_id"): f for f in files(live) if value(f, "source") == "smintio_license"
    }
    cleared, editorial, expired = (stock[ids[n]] for n in ("cleared", "editorial", "expired"))
    assert value(cleared, "rights_status") == "cleared"
    assert value(cleared, "commerce_channels") == ["ecom"]
    assert value(cleared, "rights_territories") == ["DE"]
    assert value(cleared, "rights_valid_until") == "2099-01-01T00:00:00Z"
    assert value(cleared, "approval_status") == "approved"
    assert (
        value(cleared, "checksum")
        == hashlib.sha256(binary_bytes(f"bin-{ids['cleared']}")).hexdigest()
    )
    for flagged, status in ((editorial, "editorial_only"), (expired, "expired")):
        assert value(flagged, "rights_status") == status
        assert value(flagged, "commerce_channels") == []
        assert value(flagged, "approval_status") == "draft"
    rights = live.sql(
        f"SELECT territory, usage, status FROM smintio_rights WHERE transaction_id = '{ids['expired']}'"
    )
    assert rights == [{"territory": "DE", "usage": "ecommerce", "status": "expired"}]
    quiet(live, "s3")


def test_s4_finalized_campaign_assets_land_with_product_links_tags_and_renditions(live):
    product = next(p for p in live.pim_objects("product") if value(p, "style_name"))
    asset, rejected = str(uuid.uuid4()), str(uuid.uuid4())
    with live.smintio() as smintio:
        smintio.save_campaign_asset(rejected, {
            "name": [{"culture": "en", "value": "Rejected banner"}], "state": "finalized",
            "approval_status": "rejected", "product_associations": [], "renditions": [],
        })  # fmt: skip
        smintio.save_campaign_asset(asset, {
            "name": [{"culture": "en", "value": "Hero banner"}], "state": "finalized",
            "approval_status": "approved", "tags": ["hero", "ss27"],
            "product_associations": [{"style_number": value(product, "style_number")}],
            "channels": ["ecom"],
            "renditions": [{"uuid": str(uuid.uuid4()), "name": "web", "width": 2400, "height": 1200}],
        })  # fmt: skip
    result = live.sync("--scenario", "s4")
    assert result["by_mapping"]["s4.campaign_files"]["created"] == 1
    assert not [f for f in files(live) if value(f, "smintio_id") == rejected]
    [landed] = [f for f in files(live) if value(f, "smintio_id") == asset]
    assert value(landed, "products") == [product["id"]]
    assert value(landed, "tags") == ["hero", "ss27"]
    assert value(landed, "renditions") == [{"name": "web", "width": 2400, "height": 1200}]
    assert value(landed, "approval_status") == "approved"
    assert value(landed, "commerce_channels") == ["ecom"]
    quiet(live, "s4")


def test_s5_market_sets_hold_what_fits_each_market_and_channel(live):
    live.sync("--scenario", "s5")
    sets = {
        c["external_id"]: c
        for c in live.smintio_records("collections")
        if c["purpose"] == "market_channel"
    }
    config = load_config()
    assert set(sets) == {
        f"market:{name}:{channel}"
        for name, market in config.markets.items()
        for channel in market.channels or config.content.channels
    }
    cleared = {
        r["transaction_id"]
        for r in live.sql(
            "SELECT transaction_id FROM smintio_rights WHERE status = 'cleared' AND territory IN ('DE', 'WORLD')"
            " AND usage IN ('any', 'ecommerce', 'web')"
        )
    }
    assert set(sets["market:DE:ecom"].get("licensed_content", [])) == cleared
    editorial = {
        r["transaction_id"]
        for r in live.sql(
            "SELECT transaction_id FROM smintio_license_status WHERE rights_status <> 'cleared'"
        )
    }
    assert not editorial & set(sets["market:DE:ecom"].get("licensed_content", []))
    assets = {a["external_id"]: a for a in live.smintio_records("assets")}
    for key, market_set in sets.items():
        chosen = [assets[a] for a in market_set.get("assets", [])]
        assert chosen, key
        if key.endswith(":print"):
            assert not any(a["asset_type"] in ("lifestyle", "video") for a in chosen)
    # Each set offers the product cards named in its market's language, whatever the channel.
    cards = live.smintio_records("product_cards")
    offered = 0
    for name, market in config.markets.items():
        culture = market.locale.replace("_", "-")
        named = sorted(
            c["external_id"]
            for c in cards
            if any(n["culture"] == culture for n in c.get("name") or [])
        )
        for channel in market.channels or config.content.channels:
            assert sorted(sets[f"market:{name}:{channel}"].get("product_cards", [])) == named
            offered += len(named)
    assert offered
    quiet(live, "s5")


def test_s6_creative_approval_and_rights_clearance_reach_the_4allportal_file(live):
    live.sync("--scenario", "s6")  # settle the pending status of assets pushed earlier
    asset = sorted(a["external_id"] for a in live.smintio_records("assets"))[0]
    with live.smintio() as smintio:
        smintio.set_status(asset, approval_status="approved", rights_clearance="restricted")
    result = live.sync("--scenario", "s6")
    assert result["by_mapping"]["s6.creative_status"]["updated"] == 1
    with live.pim() as pim:
        file = pim.get("file", asset)
    assert value(file, "creative_approval") == "approved"
    assert value(file, "rights_clearance") == "restricted"
    quiet(live, "s6")


def test_s8_collateral_sets_per_collection(live):
    live.sync("--scenario", "s8")  # earlier tests changed assets and cards
    cards = live.smintio_records("product_cards")
    catalogs = [c for c in live.smintio_records("collections") if c["purpose"] == "catalog"]
    by_collection = {}
    for card in cards:
        if card.get("collection"):
            by_collection.setdefault(card["collection"], []).append(card["external_id"])
    assert {c["collection"]: sorted(c["product_cards"]) for c in catalogs} == {
        k: sorted(v) for k, v in by_collection.items()
    }
    assert all(c["channel"] == "print" for c in catalogs)
    quiet(live, "s8")


def test_the_delete_step_lists_exactly_the_keys_of_each_desired_view(live):
    # Product cards, market sets and collateral list their keys without building the records.
    listed = [m for m in MAPPINGS.values() if m.keys]
    assert {m.name for m in listed} == {"s2.product_cards", "s5.market_sets", "s8.collateral"}
    for m in listed:
        keys = sorted(r["key"] for r in live.sql(m.keys))
        assert keys, m.name
        assert keys == sorted(r["key"] for r in live.sql(f"SELECT key FROM {m.view}")), m.name


def copied(live, tmp_path) -> Path:
    """A copy of the synced warehouse (with its log) to change freely."""
    copy = tmp_path / "w.duckdb"
    shutil.copy(live.warehouse, copy)
    if live.warehouse.with_suffix(".duckdb.wal").exists():
        shutil.copy(live.warehouse.with_suffix(".duckdb.wal"), copy.with_suffix(".duckdb.wal"))
    return copy


def records_made(con, m) -> tuple:
    """A fingerprint of a mapping's desired records and of the target objects it may change."""
    sql, params = objects_sql(m)
    desired, wanted = (
        desired_digests(con, m, load_config()) if m.pairs else (f"SELECT * FROM {m.view}", [])
    )
    return (
        con.execute(
            f"SELECT count(*), bit_xor(hash(key, to_json(d))) FROM ({desired}) d", wanted
        ).fetchone(),
        con.execute(
            f"SELECT count(*), bit_xor(hash(key, object_id)) FROM ({sql})", params
        ).fetchone(),
    )


def test_a_mapping_reads_no_4allportal_module_or_smintio_kind_it_does_not_declare(live, tmp_path):
    # A change run skips a mapping while its inputs are unchanged (tasks.diff.quiet): remove
    # every object of one module or kind, and only the mappings that declare it may differ.
    con = duckdb.connect(str(copied(live, tmp_path)))
    reading = [m for m in MAPPINGS.values() if m.reads is not None]
    before = {m.name: records_made(con, m) for m in reading}
    moved = set()
    for system, column in (("fourallportal", "module"), ("smintio", "kind")):
        kinds = [
            k
            for (k,) in con.execute(
                f"SELECT DISTINCT {column} FROM {system}_objects_history"
            ).fetchall()
        ]
        for kind in kinds:
            con.execute("BEGIN")
            for table in (f"{system}_objects_history", f"{system}_current_values"):
                con.execute(f"DELETE FROM {table} WHERE {column} = ?", [kind])
            for m in reading:
                if records_made(con, m) != before[m.name]:
                    assert any(i.partition("[")[0] == f"{system}:{kind}" for i in inputs(m)), m.name
                    moved.add(f"{system}:{kind}")
            con.execute("ROLLBACK")
    # A mapping that reads some fields of a module sees nothing of the others.
    for m in reading:
        for name in inputs(m):
            if "[" not in name:
                continue
            module, fields = object_fields(name.partition(":")[2])
            con.execute("BEGIN")
            con.execute(
                "UPDATE fourallportal_objects_history SET mod_time = NULL,"
                " fields = list_filter(fields, lambda f: list_contains(?, f.name)) WHERE module = ?",
                [fields, module],
            )
            con.execute(
                "DELETE FROM fourallportal_current_values WHERE module = ? AND NOT list_contains(?, field)",
                [module, fields],
            )
            assert records_made(con, m) == before[m.name], name
            con.execute("ROLLBACK")
    con.close()
    # Each module and kind the catalog holds feeds some mapping: the removals were felt.
    assert moved >= {"fourallportal:product", "fourallportal:file", "fourallportal:variant",
                     "smintio:assets", "smintio:product_cards", "smintio:collections"}  # fmt: skip


def test_a_revoked_refresh_token_stops_the_run_with_the_setting_to_renew(live):
    sim(live, "POST", "/_simulator/tokens/revoke")
    sim(live, "POST", "/_simulator/tokens/expire")
    done = live.cli("sync", "--scenario", "s1", check=False)
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "LAUNCHSYNC_SMINTIO_REFRESH_TOKEN" in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_a_narrowed_mapping_holds_the_focused_skus_as_the_whole_catalog_does(live, tmp_path):
    # A change run diffs the narrowed mappings with diff_focus set to the changed SKUs: their
    # views must then hold, of those SKUs, exactly the rows they hold unnarrowed.
    con = duckdb.connect(str(copied(live, tmp_path)))
    config = load_config()
    skus = [k for (k,) in con.execute("SELECT id FROM centric_skus ORDER BY id").fetchall()]
    con.execute("BEGIN")
    # One SKU sold no more, with its variant left in 4ALLPORTAL: an orphan to delete.
    con.execute("UPDATE centric_skus_history SET active = false WHERE id = ?", [skus[0]])
    focus = [*skus[::3], "NO-SUCH-SKU"]
    narrowed_ = [m for m in MAPPINGS.values() if m.narrows]
    assert {m.name for m in narrowed_} == {"c1.variant", "c6.variant", "c6.pairs.variant",
                                           "c6.pairs.skus"}  # fmt: skip
    for m in narrowed_:
        # The desired records are those of the focus alone; of the target objects (which the
        # diff reads for the keys in focus) those of the focus are all there and unchanged.
        for sql, params, exact in (
            (*desired_digests(con, m, config), True), (*objects_sql(m), False)
        ):  # fmt: skip
            every = set(con.execute(sql, params).fetchall())
            with narrowed(con, "diff_focus", focus):
                some = set(con.execute(sql, params).fetchall())
            wanted = {r for r in every if r[0] in focus}
            assert (some if exact else {r for r in some if r[0] in focus}) == wanted, m.name
            assert len(wanted) > len(every) // 5, m.name  # the focus holds rows of its own
    managed = "SELECT key FROM fourallportal_managed WHERE module = 'variant'"
    with narrowed(con, "diff_focus", focus):
        assert (skus[0],) in con.execute(managed).fetchall()
    con.execute("ROLLBACK")
    con.close()


def test_desired_rows_kept_for_a_diff_give_what_building_them_gives(live, tmp_path):
    # A diff builds a level's desired rows once (keep_desired_rows) for its digests and for
    # the records it compares: both must be what building them from the view gives, so
    # that agreements recorded before hold, for every mapping, pairs included.
    con = duckdb.connect(str(copied(live, tmp_path)))
    config = load_config()
    checked = set()
    for m in MAPPINGS.values():
        for level in levels(con, m):
            built = set(con.execute(*desired_digests(con, m, config, level)).fetchall())
            whole = read_desired(con, m, config, level)
            scope = sorted(key for key, _ in built)[::2]
            for within in (None, scope):
                rows = keep_desired_rows(con, m, config, level, within)
                kept = set(con.execute(*desired_digests(con, m, config, level, rows)).fetchall())
                wanted = {r for r in built if within is None or r[0] in within}
                assert kept == wanted, (m.name, level)
                again = read_desired(con, m, config, level, rows=rows)
                keys = set(again.keys["key"])
                assert sorted(again.keys.rows()) == sorted(
                    r for r in whole.keys.rows() if r[0] in keys
                ), (m.name, level)
                assert sorted(again.values.rows(), key=str) == sorted(
                    (r for r in whole.values.rows() if r[0] in keys), key=str
                ), (m.name, level)
                assert again.fields == whole.fields, (m.name, level)
            if built:
                checked.add(m.name)
    con.close()
    # The pairs of both owners and the narrowed views have records in the live catalog.
    assert {"c1.variant", "c6.pairs.variant", "c6.pairs.skus", "s2.product_cards"} <= checked
