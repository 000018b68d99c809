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
            assert by_id[defect["style"]][defect["attribute"]] is None
            assert defect["quarantine"] is False


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
