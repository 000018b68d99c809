"""The ``pages`` case: a 4ALLPORTAL listing read one page at a time and four at a time.

A 4ALLPORTAL simulator holds ``size`` variants and answers every page of them 50 ms late, as
a real server on a network does. The client lists them all with ``pages_in_flight`` 1 and 4
(the best of three listings each), checks that every object came once and in order, and the
case reports objects per second and the gain.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from launchsync.bench.frame import BenchError, Figure, case, log, stopwatch
from launchsync.config import load_config
from launchsync.simulators import serve
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


@case(
    "pages",
    "4ALLPORTAL listings with 50 ms pages: 4 pages in flight ≥ 3× one at a time",
    size=PAGES_OBJECTS,
    quick_size=PAGES_QUICK_OBJECTS,
)
def pages_case(size: int, folder: Path) -> list[Figure]:
    """List ``size`` variants one and four pages at a time from a server answering in 50 ms."""
    page_size = load_config().fourallportal.page_size
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
                best = float("inf")
                for _ in range(3):
                    with stopwatch() as listing:
                        listed = [
                            o["id"] for p in client.iter_pages(ENDPOINTS["variant"]) for o in p
                        ]
                    best = min(best, listing["seconds"])
                    if listed != ids:
                        raise BenchError(
                            f"{width} pages in flight listed {len(listed)} objects, not the "
                            f"{len(ids)} written, in order"
                        )
            rates[width] = size / best
            log.info("%d objects, %d pages in flight: %.0f objects/s", size, width, rates[width])
    one, four = rates[WIDTHS[0]], rates[WIDTHS[1]]
    return [
        Figure("objects", "variants listed", size, goal=f"≥ {size:,}"),
        Figure("page_size", "objects per page", page_size),
        Figure("latency_ms", "answer time of each page", LATENCY_S * 1000, "ms"),
        Figure("one_rate", "one page at a time", one, "objects/s"),
        Figure("four_rate", "four pages in flight", four, "objects/s"),
        Figure("ratio", "four in flight / one at a time", four / one, "×", goal="≥ 3 ×"),
    ]
