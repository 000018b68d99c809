from collections import Counter, defaultdict

import orjson
import pytest

from launchsync.gtin import is_valid_gtin13
from systems.catalog import Catalog, CatalogError
from systems.generator import SIZE_RANGES, DefectRates, generate


def test_same_seed_same_catalog_other_seed_other_catalog():
    assert orjson.dumps(generate(25, seed=4).to_dict()) == orjson.dumps(
        generate(25, seed=4).to_dict()
    )
    assert orjson.dumps(generate(25, seed=4).to_dict()) != orjson.dumps(
        generate(25, seed=5).to_dict()
    )


def test_realistic_structure_without_defects():
    catalog = generate(80, seed=2, rates=DefectRates.none())
    data = catalog.centric
    assert catalog.defects == []
    ranges = {r["id"]: r for r in data["size_ranges"]}
    colorways = Counter(c["style"] for c in data["colorways"])
    skus = defaultdict(set)
    for sku in data["skus"]:
        skus[(sku["style"], sku["colorway"])].add(sku["product_size"])
        assert is_valid_gtin13(sku["bx_gtin"])
    assert len({s["bx_gtin"] for s in data["skus"]}) == len(data["skus"])
    for style in data["styles"]:
        assert 3 <= colorways[style["id"]] <= 8
        sizes = set(ranges[style["size_range"]]["product_sizes"])
        for colorway in style["active_colorways"]:
            assert skus[(style["id"], colorway)] == sizes
    assert {r["code"] for r in data["size_ranges"]} == set(SIZE_RANGES)
    top = [c for c in data["collections"] if c["parent_collection"] == "centric%3A"]
    assert top and len(data["collections"]) > len(top)
    assert all(s["bx_reach_svhc_declared"] is True for s in data["styles"])
    purchases = catalog.smintio["license_purchase_transactions"]
    assert purchases and catalog.smintio["campaign_assets"]
    for purchase in purchases:
        assert purchase["state"] == "completed"
        for term in purchase["license_terms"]:
            assert term["restricted_usages"] == term["restricted_geographies"] == []
            assert term["valid_until"] is None and term["is_editorial_use"] is False
            assert term["valid_from"] < "2026-03-02"


def test_limited_stock_in_approved_campaign_visuals_is_listed_per_style():
    catalog = generate(200, seed=7)
    numbers = {s["id"]: s["code"] for s in catalog.centric["styles"]}
    purchases = {t["uuid"]: t for t in catalog.smintio["license_purchase_transactions"]}
    visuals = {v["uuid"]: v for v in catalog.smintio["campaign_assets"]}
    rights = [d for d in catalog.defects if d["code"].startswith("RIGHTS_")]
    assert {d["code"].split(":")[0] for d in rights} >= {"RIGHTS_NOT_COVERED", "RIGHTS_EXPIRED"}
    listed = set()
    for defect in rights:
        visual = visuals[defect["campaign"]]
        assert (visual["state"], visual["approval_status"]) == ("finalized", "approved")
        assert defect["code"] == f"{defect['code'].split(':')[0]}:{visual['name'][0]['value']}"
        assert {"style_number": numbers[defect["style"]]} in visual["product_associations"]
        assert defect["license"] in visual["license_purchase_transaction_uuids"]
        assert defect["limits"] and defect["quarantine"] is False
        listed.add(defect["license"])
    used = {
        tx
        for v in visuals.values()
        if (v["state"], v["approval_status"]) == ("finalized", "approved")
        for tx in v["license_purchase_transaction_uuids"]
    }
    # Every other license used by an approved visual has a term that clears it for good.
    for tx in used - listed:
        assert purchases[tx]["state"] == "completed"
        assert any(
            not t["is_editorial_use"]
            and not t["restricted_usages"]
            and not t["restricted_geographies"]
            and t["valid_until"] is None
            and t["valid_from"] < "2026-03-02"
            for t in purchases[tx]["license_terms"]
        )


def test_stock_rates_set_how_licenses_are_limited():
    def terms(**rates: float) -> list[dict]:
        catalog = generate(
            40, seed=3, rates=DefectRates(**{**DefectRates.none().__dict__, **rates})
        )
        purchases = catalog.smintio["license_purchase_transactions"]
        return [t for p in purchases for t in p["license_terms"]]

    assert all(t["is_editorial_use"] for t in terms(stock_editorial_only=1))
    assert all(t["restricted_usages"] and t["restricted_geographies"]
               for t in terms(stock_usage_restricted=1, stock_territory_restricted=1))  # fmt: skip
    assert all(t["valid_until"] is not None for t in terms(stock_fixed_term=1))
    assert all(t["valid_until"] < "2026-03-02" for t in terms(stock_expired=1))
    assert all(t["valid_from"] > "2030" for t in terms(stock_not_yet_valid=1))
    catalog = generate(
        40, seed=3, rates=DefectRates(**{**DefectRates.none().__dict__, "stock_canceled": 1})
    )
    assert {p["state"] for p in catalog.smintio["license_purchase_transactions"]} == {"canceled"}


def test_planted_defects_are_where_the_manifest_says():
    catalog = generate(400, seed=9)
    data = catalog.centric
    by_id = {r["id"]: r for kind in data.values() for r in kind}
    codes = Counter(d["code"] for d in catalog.defects)
    assert {"GTIN_INVALID", "SIZE_MISSING", "COMPOSITION_NOT_100", "COMPLIANCE_MISSING"} <= set(
        codes
    )
    present = {(s["style"], s.get("colorway"), s["product_size"]) for s in data["skus"]}
    for defect in catalog.defects:
        if defect["code"] == "GTIN_INVALID":
            assert not is_valid_gtin13(by_id[defect["record"]]["bx_gtin"])
        elif defect["code"] == "SIZE_MISSING":
            assert (defect["style"], defect["colorway"], defect["product_size"]) not in present
        elif defect["code"] == "COMPOSITION_NOT_100":
            assert sum(i["bx_percent"] for i in by_id[defect["record"]]["items"]) != 100
        elif defect["code"] == "COMPLIANCE_MISSING":
            gap = False if defect["attribute"] == "bx_reach_svhc_declared" else None
            assert by_id[defect["style"]][defect["attribute"]] is gap
            assert defect["quarantine"] is False
    undeclared = {s["id"] for s in data["styles"] if s["bx_reach_svhc_declared"] is False}
    assert undeclared == {
        d["style"] for d in catalog.defects if d.get("attribute") == "bx_reach_svhc_declared"
    }


def test_defect_rates_parse_and_refuse_nonsense():
    assert DefectRates.parse("gtin_invalid=0.5").gtin_invalid == 0.5
    assert DefectRates.parse("").size_missing == DefectRates().size_missing
    with pytest.raises(ValueError, match="unknown defect 'gtin'"):
        DefectRates.parse("gtin=0.1")
    with pytest.raises(ValueError, match="between 0 and 1"):
        DefectRates.parse("gtin_invalid=2")


def test_catalog_file_round_trip_and_errors(tmp_path):
    catalog = generate(10, seed=1)
    path = tmp_path / "catalog.json"
    catalog.save(path)
    loaded = Catalog.load(path)
    assert loaded.centric == catalog.centric and loaded.defects == catalog.defects
    path.write_text('{"format": "something/9"}')
    with pytest.raises(CatalogError, match=r'"format" must be "launchsync\.catalog/1"'):
        Catalog.load(path)
    path.write_text('{"format": "launchsync.catalog/1", "centric": {"unicorns": []}}')
    with pytest.raises(CatalogError, match="unknown resource 'unicorns'"):
        Catalog.load(path)
    path.write_text("{nope")
    with pytest.raises(CatalogError, match="not valid JSON"):
        Catalog.load(path)
    with pytest.raises(CatalogError, match="cannot read"):
        Catalog.load(tmp_path / "missing.json")
