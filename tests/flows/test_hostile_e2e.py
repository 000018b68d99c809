"""A whole sync over a catalog full of hostile records: it finishes and pushes nothing invalid.

Seeded choices from the hostile value lists (tests/hostile.py) break the records of a third of
the styles (the style, its colorways, SKUs and BOM revisions) and a third of the 4ALLPORTAL
files and Smint.io records of a generated catalog. Ids are kept, so broken records stay linked.
The simulators serve it over loopback and `launchsync sync` runs as a process.
"""

import random
from typing import Any

import httpx
import pytest

from systems.fourallportal.models import HEADER
from systems.generator import DefectRates, generate
from tests.flows.live import start_simulators, stop, transferred
from tests.helpers import candidate_ids
from tests.hostile import break_record

pytestmark = pytest.mark.e2e

STYLE_RECORDS = ("styles", "colorways", "skus", "apparel_bom_revisions")
# Outside Centric, what breaks keeps the ids and the header a 4ALLPORTAL server always keeps.
OTHERS = {
    "fourallportal": {"file": HEADER},
    "smintio": {"campaign_assets": ("uuid",), "license_purchase_transactions": ("uuid",)},
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def break_catalog(rng: random.Random, catalog) -> tuple[set[str], int]:
    """Break records of a third of the styles and of the other systems; return those styles."""
    styles = sorted(s["id"] for s in catalog.centric["styles"])
    hostile = set(rng.sample(styles, len(styles) // 3))
    bom_style = {b["id"]: b["style"] for b in catalog.centric["apparel_boms"]}
    broken = 0
    for entity in STYLE_RECORDS:
        records = catalog.centric[entity]
        for index, record in enumerate(records):
            style = record.get("style") or bom_style.get(record.get("apparel_bom"), record["id"])
            if style in hostile and rng.random() < 1 / 2:
                records[index] = break_record(record, rng, ("id",))
                broken += 1
    for system, entities in OTHERS.items():
        for entity, keep in entities.items():
            records = getattr(catalog, system)[entity]
            for index, record in enumerate(records):
                if rng.random() < 1 / 3:
                    records[index] = break_record(record, rng, keep)
                    broken += 1
    return hostile, broken


def writes(live, system_url: str) -> list[dict[str, Any]]:
    root = live.env[system_url].split("/csi-requesthandler")[0]
    log = httpx.get(f"{root}/_simulator/requests").json()
    return [e for e in log if e["method"] in WRITES and "/_simulator" not in e["path"]]


def test_a_sync_over_hostile_records_completes_and_pushes_nothing_invalid(tmp_path, prefect_api):
    catalog = generate(16, seed=23, rates=DefectRates.none())
    healthy = candidate_ids(catalog)
    hostile, broken = break_catalog(random.Random(23), catalog)
    healthy -= hostile
    process, live = start_simulators(tmp_path, catalog, prefect_api)
    try:
        result = live.sync()
        print(f"{broken} records broken, {result['rejected']} rejected at landing")
        pushed = [
            *writes(live, "LAUNCHSYNC_CENTRIC_URL"),
            *writes(live, "LAUNCHSYNC_FOURALLPORTAL_URL"),
            *writes(live, "LAUNCHSYNC_SMINTIO_URL"),
        ]
        refused = [e for e in pushed if e["status"] >= 400 and not e["path"].endswith("/session")]
        rejected = live.sql(
            "SELECT system, entity, record_key, state, error FROM push_ledger WHERE state <> 'applied'"
        )
        held = {r["style_id"] for r in live.sql(
            "SELECT DISTINCT style_id FROM quarantine WHERE resolved_at IS NULL"
            " AND style_id IS NOT NULL"
        )}  # fmt: skip
        passed = {r["style_id"] for r in live.sql(
            "SELECT style_id FROM style_verdicts WHERE passed"
        )}  # fmt: skip
        products = transferred(live.pim_objects("product"))
    finally:
        stop(process)
    assert broken >= 20
    assert pushed, "the healthy part of the catalog was pushed"
    assert refused == [], "a target refused a write as invalid"
    assert rejected == []
    assert held, "broken records held their styles back"
    assert healthy and healthy <= products, "every healthy style reached 4ALLPORTAL"
    assert products <= passed, "only styles that passed validation reach 4ALLPORTAL"
    assert not products & held, "no style held back by a broken record reaches 4ALLPORTAL"
