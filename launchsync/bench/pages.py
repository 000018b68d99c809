"""The ``pages`` case: listings read one page at a time and four at a time.

Simulators answer every page 50 ms late, as a real server on a network does. A 4ALLPORTAL
simulator holds ``size`` variants: its listing tells its total, so the later pages are known
from the first. A Centric simulator serves a catalog of at least ``size`` SKUs: its listing
has no total, so pages after a full first one are asked for ahead. Each client lists them all
with ``pages_in_flight`` 1 and 4 (the best of three listings each), checks that every record
came once and in order, and the case reports records per second and the gain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import SecretStr

from launchsync.bench.frame import BenchError, Figure, case, log, stopwatch
from launchsync.bench.landing import catalog_for
from launchsync.config import load_config
from launchsync.simulators import serve
from systems.centric.client import CentricClient
from systems.centric.endpoints import ENDPOINTS as CENTRIC_ENDPOINTS
from systems.faults import parse_faults
from systems.fourallportal.client import FourAllPortalClient
from systems.fourallportal.endpoints import ENDPOINTS
from systems.generator import DefectRates, generate

PAGES_OBJECTS = 50_000
PAGES_QUICK_OBJECTS = 2_000
LATENCY_S = 0.05
WIDTHS = (1, 4)
WRITE_BATCH = 1_000


def variants(count: int) -> list[dict]:
    """``count`` new 4ALLPORTAL variants."""
    return [
        {
            "centric_id": [{"value": f"C{i:07d}", "dimensions": {}}],
            "sku": [{"value": f"S{i:07d}", "dimensions": {}}],
        }
        for i in range(count)
    ]


def best_rate(what: str, width: int, expected: list[str], listing: Callable[[], Iterator]) -> float:
    """Records per second of the best of three listings; each must give ``expected``, in order."""
    best = float("inf")
    for _ in range(3):
        with stopwatch() as took:
            listed = [r["id"] for page in listing() for r in page]
        best = min(best, took["seconds"])
        if listed != expected:
            raise BenchError(
                f"{what} with {width} pages in flight listed {len(listed)} records, not the "
                f"{len(expected)} expected, in order"
            )
    rate = len(expected) / best
    log.info("%s: %d records, %d pages in flight: %.0f records/s", what, len(expected), width, rate)
    return rate


def fourallportal_rates(size: int, page_size: int) -> dict[int, float]:
    """Write ``size`` variants, then list them at each width."""
    faults = parse_faults(f"latency:{LATENCY_S}@GET/api/modules/variant/objects=1")
    catalog = generate(0, seed=5, rates=DefectRates.none())
    rates: dict[int, float] = {}
    with serve(
        catalog, centric_port=0, fourallportal_port=0, smintio_port=0, faults=faults
    ) as sims:
        ids: list[str] = []
        for width in WIDTHS:
            client = FourAllPortalClient.connect(
                sims.fourallportal_url,
                SecretStr(sims.fourallportal.api_key),
                page_size=page_size,
                pages_in_flight=width,
            )
            with client:
                if not ids:
                    new = variants(size)
                    for start in range(0, size, WRITE_BATCH):
                        ids += client.bulk_upsert("variant", new[start : start + WRITE_BATCH])
                rates[width] = best_rate(
                    "4ALLPORTAL variants",
                    width,
                    ids,
                    lambda c=client: c.iter_pages(ENDPOINTS["variant"]),
                )
    return rates


def centric_rates(size: int, page_size: int) -> tuple[int, dict[int, float]]:
    """Serve at least ``size`` SKUs; list them at each width. SKUs served and the rates."""
    faults = parse_faults(f"latency:{LATENCY_S}@GET/*/skus=1")
    catalog = catalog_for(size)
    ids = [sku["id"] for sku in catalog.centric["skus"]]
    rates: dict[int, float] = {}
    with serve(
        catalog, centric_port=0, fourallportal_port=0, smintio_port=0, faults=faults
    ) as sims:
        for width in WIDTHS:
            client = CentricClient.connect(
                sims.centric_url,
                sims.centric.username,
                SecretStr(sims.centric.password),
                page_size=page_size,
                pages_in_flight=width,
            )
            with client:
                rates[width] = best_rate(
                    "Centric SKUs",
                    width,
                    ids,
                    lambda c=client: c.iter_pages(CENTRIC_ENDPOINTS["skus"]),
                )
    return len(ids), rates


@case(
    "pages",
    "4ALLPORTAL and Centric listings with 50 ms pages: 4 pages in flight ≥ 3× one at a time",
    size=PAGES_OBJECTS,
    quick_size=PAGES_QUICK_OBJECTS,
)
def pages_case(size: int, folder: Path) -> list[Figure]:
    """List ``size`` records of each system one and four pages at a time, 50 ms a page."""
    config = load_config()
    pim = fourallportal_rates(size, config.fourallportal.page_size)
    skus, plm = centric_rates(size, config.centric.page_size)
    one, four = pim[WIDTHS[0]], pim[WIDTHS[1]]
    c_one, c_four = plm[WIDTHS[0]], plm[WIDTHS[1]]
    return [
        Figure("objects", "4ALLPORTAL variants listed", size, goal=f"≥ {size:,}"),
        Figure("page_size", "objects per page", config.fourallportal.page_size),
        Figure("latency_ms", "answer time of each page", LATENCY_S * 1000, "ms"),
        Figure("one_rate", "4ALLPORTAL: one page at a time", one, "objects/s"),
        Figure("four_rate", "4ALLPORTAL: four pages in flight", four, "objects/s"),
        Figure(
            "ratio", "4ALLPORTAL: four in flight / one at a time", four / one, "×", goal="≥ 3 ×"
        ),
        Figure(
            "skus",
            "Centric SKUs listed (no total: pages asked for ahead)",
            skus,
            goal=f"≥ {size:,}",
        ),
        Figure("centric_page_size", "Centric records per page", config.centric.page_size),
        Figure("centric_one_rate", "Centric: one page at a time", c_one, "records/s"),
        Figure("centric_four_rate", "Centric: four pages in flight", c_four, "records/s"),
        Figure(
            "centric_ratio",
            "Centric: four in flight / one at a time",
            c_four / c_one,
            "×",
            goal="≥ 3 ×",
        ),
    ]
