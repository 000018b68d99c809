"""How a run's process behaves: the pace of Python's cyclic garbage collector."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# A collection of the youngest generation after this many new containers (Python: 700); an
# older generation after this many collections of the one below (Python: 10 and 10).
PACE = (50_000, 20, 20)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often for the block (a run), as before after it.

    A run builds millions of small containers that live until its step ends: records read,
    values compared, payloads sent. At Python's pace every few thousand of them make the
    collector walk everything the process holds again, modules included, though rows hold no
    reference cycles: planning and encoding 200,000 4ALLPORTAL variant writes took 18.6 s,
    of which building their payloads 8.7 s; 9.6 s and 2.3 s at this pace.
    """
    before = gc.get_threshold()
    gc.set_threshold(*PACE)
    try:
        yield
    finally:
        gc.set_threshold(*before)
