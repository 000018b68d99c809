"""End to end: `launchsync simulate` and `launchsync sync` as real processes over loopback sockets."""

import os
import subprocess

import duckdb
import pytest

from launchsync.gtin import make_gtin13
from systems.generator import DefectRates, generate
from tests.conftest import free_port
from tests.flows.live import (
    LAUNCHSYNC,
    mapped,
    planted,
    records,
    simulated,
    start_simulators,
    stop,
    transferred,
    value,
)
from tests.helpers import candidate_ids

pytestmark = pytest.mark.e2e


@pytest.fixture
def live(tmp_path, prefect_api):
    with simulated(tmp_path, generate(40, seed=13), prefect_api) as handle:
        yield handle


def test_first_sync_transfers_valid_styles_then_a_second_pushes_nothing(live):
    first = live.sync()
    expected = candidate_ids(live.catalog) - planted(live.catalog)
    products = live.pim_objects("product")
    assert transferred(products) == expected
    variants = live.pim_objects("variant")
    ours = {p["id"] for p in products if value(p, "centric_id") in expected}
    assert variants and all(value(v, "product") in ours for v in variants)
    assert mapped(first, "c1.variant") == (len(variants), 0, 0)
    assert mapped(first, "c5.classification")[0] == len(live.pim_objects("classification"))
    created, updated, _ = mapped(first, "c1.product")
    assert created + updated == len(expected)
    assert first["quarantined"] == len(planted(live.catalog))

    second = live.sync()
    assert second["pushed"] == 0 and second["by_mapping"] == {}
    assert second["run_id"] != first["run_id"]


def test_a_change_made_in_centric_is_pushed_and_only_that_change(live):
    live.sync()
    product = next(p for p in live.pim_objects("product") if value(p, "style_name") is not None)
    style_id = value(product, "centric_id")
    sku = next(v for v in live.pim_objects("variant") if value(v, "product") == product["id"])
    new_gtin = make_gtin13("409999999999")
    with live.centric() as centric:
        centric.update("styles", style_id, {"description": "Reworked description"})
        centric.update("skus", value(sku, "centric_id"), {"bx_gtin": new_gtin})

    result = live.sync()
    assert result["by_mapping"] == {
        "c1.product": {"created": 0, "updated": 1, "deleted": 0},
        "c1.variant": {"created": 0, "updated": 1, "deleted": 0},
        # The GTIN is on the style's product card for creatives (S2).
        "s2.product_cards": {"created": 0, "updated": 1, "deleted": 0},
    }
    changes = live.sql(
        "SELECT entity, record_key, field FROM field_changes"
        f" WHERE run_id = '{result['run_id']}' ORDER BY entity"
    )
    assert changes == [
        {"entity": "product", "record_key": style_id, "field": "plm_description"},
        {"entity": "product_cards", "record_key": style_id, "field": "skus"},
        {"entity": "variant", "record_key": value(sku, "centric_id"), "field": "gtin"},
    ]
    after = {value(p, "centric_id"): p for p in live.pim_objects("product")}
    assert value(after[style_id], "plm_description") == "Reworked description"
    variant = next(v for v in live.pim_objects("variant") if v["id"] == sku["id"])
    assert value(variant, "gtin") == new_gtin
    ledger = live.sql("SELECT state, count(*) AS n FROM push_ledger GROUP BY state")
    assert ledger == [{"state": "applied", "n": ledger[0]["n"]}]


def test_a_change_run_diffs_the_variants_of_changed_skus_only(live):
    assert "c1.variant level 0" not in live.sync()["narrowed"]  # the first diff compares all
    live.sync()  # reads back what the first one wrote
    products = {p["id"]: value(p, "centric_id") for p in live.pim_objects("product")}
    variants = live.pim_objects("variant")
    changed_sku, edited = (
        variants[0],
        next(
            v
            for v in variants
            if products[value(v, "product")] != products[value(variants[0], "product")]
        ),
    )
    new_gtin, stray_gtin = make_gtin13("409999999998"), make_gtin13("409999999997")
    with live.centric() as centric:  # the owner changes one SKU
        centric.update("skus", value(changed_sku, "centric_id"), {"bx_gtin": new_gtin})
    with live.pim() as pim:  # someone edits a variant of another style in 4ALLPORTAL
        pim.bulk_upsert(
            "variant",
            [
                {
                    "id": edited["id"],
                    "gtin": [{"value": stray_gtin}],  # owned by Centric
                    "color_marketing_name": [{"value": "Midnight"}],  # owned by 4ALLPORTAL
                }
            ],
        )

    result = live.sync()
    two_styles = {value(changed_sku, "product"), value(edited, "product")}
    their_skus = [v for v in variants if value(v, "product") in two_styles]
    for level in ("c1.variant level 0", "c6.pairs.skus level 0"):
        narrowed = result["narrowed"][level]
        # The two SKUs, and what else changed since; not every SKU of their styles.
        assert 2 <= narrowed < len(their_skus)
    # Mappings that read neither SKUs nor variants were skipped: nothing they read changed.
    assert {"c5.classification level 0", "c3.product level 0", "s1.assets level 0",
            "c6.pairs.product level 0", "c6.pairs.styles level 0"} <= set(result["quiet"])  # fmt: skip
    assert "s2.product_cards level 0" not in result["quiet"]  # its cards list the variants
    after = {v["id"]: v for v in live.pim_objects("variant")}
    assert value(after[changed_sku["id"]], "gtin") == new_gtin
    assert value(after[edited["id"]], "gtin") == value(edited, "gtin")  # the owner's value back
    [sku] = records(live, "skus", id=value(edited, "centric_id"))
    assert sku["bx_color_marketing_name"] == "Midnight"  # carried into Centric, narrowed
    assert live.sync()["by_mapping"] == {}
    # Nothing changed since: every level is skipped, the narrowed ones and the pairs too.
    still = live.sync()
    assert still["narrowed"] == {}
    assert {"c1.variant level 0", "c6.variant level 0", "c6.pairs.variant level 0",
            "c6.pairs.skus level 0", "c1.variant level -1"} <= set(still["quiet"])  # fmt: skip


def test_dropped_colorways_and_deleted_styles_leave_4allportal(live):
    live.sync()
    live.sync()  # reads back what the first one wrote
    products = {
        value(p, "centric_id"): p for p in live.pim_objects("product") if value(p, "style_name")
    }
    variants = live.pim_objects("variant")
    dropping, deleting = sorted(products)[:2]
    styles = {s["id"]: s for s in live.catalog.centric["styles"]}
    colorway = styles[dropping]["active_colorways"][0]
    skus_of_colorway = {
        s["id"] for s in live.catalog.centric["skus"] if s.get("colorway") == colorway
    }
    with live.centric() as centric:
        centric.update(
            "styles", dropping, {"active_colorways": styles[dropping]["active_colorways"][1:]}
        )
    dropped = live.sync()
    assert mapped(dropped, "c1.variant") == (0, 0, len(skus_of_colorway))
    # Found by looking at the SKUs of the changed style only, not at every variant.
    assert dropped["narrowed"]["c1.variant level -1"] < len(variants)
    assert mapped(dropped, "c1.product") == (0, 1, 0)
    remaining = {value(v, "centric_id") for v in live.pim_objects("variant")}
    assert not remaining & skus_of_colorway

    # A style deleted in Centric is only seen by a full (reconciling) pull.
    with live.centric() as centric:
        centric.delete("styles", deleting)
    assert live.sync()["deleted"] == 0
    its_variants = [v for v in variants if value(v, "product") == products[deleting]["id"]]
    full = live.sync("--full")
    assert mapped(full, "c1.product") == (0, 0, 1)
    assert mapped(full, "c1.variant") == (0, 0, len(its_variants))
    assert deleting not in {value(p, "centric_id") for p in live.pim_objects("product")}
    links = live.sql(f"SELECT count(*) AS n FROM centric_images WHERE style = '{deleting}'")
    assert links == [{"n": 0}]


@pytest.fixture
def broken(tmp_path, prefect_api):
    """A clean catalog with one invalid GTIN and one malformed SKU planted in candidate styles."""
    catalog = generate(40, seed=17, rates=DefectRates.none())
    candidates = sorted(candidate_ids(catalog))
    bad_gtin_style, malformed_style = candidates[0], candidates[1]
    skus = [s for s in catalog.centric["skus"] if s["style"] == bad_gtin_style]
    skus[0]["bx_gtin"] = skus[0]["bx_gtin"][:12] + str((int(skus[0]["bx_gtin"][12]) + 1) % 10)
    malformed = next(s for s in catalog.centric["skus"] if s["style"] == malformed_style)
    malformed["bx_gtin"] = int(malformed["bx_gtin"])
    process, handle = start_simulators(tmp_path, catalog, prefect_api)
    yield handle, bad_gtin_style, malformed_style, malformed["id"]
    stop(process)


def test_bad_records_are_held_back_with_reasons_and_the_rest_of_the_season_goes(broken):
    live, bad_gtin_style, malformed_style, malformed_sku = broken
    result = live.sync()
    assert result["rejected"] == 1
    held = {
        r["style_id"]: r
        for r in live.sql("SELECT style_id, reasons, details FROM quarantined_styles")
    }
    assert set(held) == {bad_gtin_style, malformed_style}
    assert "GTIN_INVALID" in held[bad_gtin_style]["reasons"]
    assert any("gtin=" in d for d in held[bad_gtin_style]["details"])
    assert "RECORD_MALFORMED" in held[malformed_style]["reasons"]
    [reject] = live.sql("SELECT record_key, detail FROM quarantine WHERE stage = 'land'")
    assert reject["record_key"] == malformed_sku and reject["detail"].startswith("bx_gtin:")

    in_pim = transferred(live.pim_objects("product"))
    assert bad_gtin_style not in in_pim and malformed_style not in in_pim
    season = {s["id"]: s["parent_season"] for s in live.catalog.centric["styles"]}[bad_gtin_style]
    same_season = {s for s in candidate_ids(live.catalog) if season == next(
        x["parent_season"] for x in live.catalog.centric["styles"] if x["id"] == s)}  # fmt: skip
    assert same_season - {bad_gtin_style, malformed_style} == in_pim & same_season


def test_wrong_url_or_credentials_give_one_line_errors(live):
    wrong_url = {
        **live.env,
        "LAUNCHSYNC_CENTRIC_URL": f"http://127.0.0.1:{free_port()}/csi-requesthandler/api/v2",
    }
    done = subprocess.run(
        [*LAUNCHSYNC, "sync"], env=wrong_url, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert "not reachable" in done.stderr and "LAUNCHSYNC_CENTRIC_URL" in done.stderr

    wrong_password = {**live.env, "LAUNCHSYNC_CENTRIC_PASSWORD": "guess"}
    done = subprocess.run(
        [*LAUNCHSYNC, "sync"], env=wrong_password, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert "LAUNCHSYNC_CENTRIC_USERNAME and LAUNCHSYNC_CENTRIC_PASSWORD" in done.stderr
    assert "guess" not in done.stderr and "Traceback" not in done.stderr

    bad_key = {**live.env, "LAUNCHSYNC_FOURALLPORTAL_API_KEY": "nope"}
    done = subprocess.run(
        [*LAUNCHSYNC, "sync"], env=bad_key, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2 and "LAUNCHSYNC_FOURALLPORTAL_API_KEY" in done.stderr


def test_sql_is_read_only_and_reports_errors_in_one_line(live):
    live.sync()
    refused = live.cli("sql", "DELETE FROM sync_runs", check=False)
    assert refused.returncode == 2 and "read-only" in refused.stderr
    typo = live.cli("sql", "SELEC 1", check=False)
    assert typo.returncode == 2 and typo.stderr.startswith("error: SQL error")
    csv = live.cli("sql", "SELECT count(*) AS runs FROM sync_runs", "--format", "csv").stdout
    assert csv.splitlines() == ["runs", "1"]


def test_demo_prints_a_summary_and_leaves_a_warehouse(tmp_path, prefect_api):
    env = {**os.environ, "PREFECT_API_URL": prefect_api}
    warehouse = tmp_path / "demo.duckdb"
    done = subprocess.run(
        [*LAUNCHSYNC, "demo", "--styles", "30", "--warehouse", str(warehouse)],
        env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "first sync" in done.stdout and "after one change" in done.stdout
    assert "records updated" in done.stdout and "Launch blockers" in done.stdout
    assert "leaked" not in done.stderr
    report = tmp_path / "reports" / "readiness.html"
    assert f"Wrote {report.relative_to(tmp_path)}" in done.stderr
    assert "Launch readiness" in report.read_text()
    assert (tmp_path / "reports" / "data-docs" / "index.html").exists()
    con = duckdb.connect(str(warehouse), read_only=True)
    runs = con.execute(
        "SELECT counts->>'updated', counts->>'created' FROM sync_runs WHERE flow = 'launchsync-sync'"
        " AND status = 'completed' ORDER BY started_at"
    ).fetchall()
    con.close()
    assert runs[1] == ("1", "0") and int(runs[0][1]) > 0


def test_a_warehouse_out_of_memory_fails_in_one_line_naming_the_setting(live):
    tight = {**live.env, "LAUNCHSYNC_WAREHOUSE_MEMORY": "16MB"}
    done = subprocess.run(
        [*LAUNCHSYNC, "sync"], env=tight, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 2, done.stderr[-2000:]
    [line] = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert line.startswith("error: Out of Memory Error")
    assert line.endswith("LAUNCHSYNC_WAREHOUSE_MEMORY=16MB: raise it")
    run = live.sync()  # with the default limit, the same warehouse syncs
    assert run["pushed"] > 0
    assert transferred(live.pim_objects("product")) == candidate_ids(live.catalog) - planted(
        live.catalog
    )
