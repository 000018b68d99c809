"""Serving the simulators: the catalog's objects and the cycle collector."""

import gc

from launchsync.simulators import serve
from systems.generator import generate


def test_the_catalog_is_kept_from_the_collector_while_served_and_handed_back_after():
    catalog = generate(20, seed=3)
    assert gc.get_freeze_count() == 0
    with serve(catalog, centric_port=0, fourallportal_port=0, smintio_port=0) as sims:
        # The served records are among the frozen objects: a collection does not walk them.
        assert gc.get_freeze_count() >= len(sims.centric.tables["skus"].rows)
    assert gc.get_freeze_count() == 0
