"""Holding off Python's full garbage collections while a large, long-lived heap is built.

Loading the data makes hundreds of thousands of small objects (the YAML trees, the models), and a
build makes millions more (pages, templates, the search index); nearly all of them live until the
end and form no reference cycles. While the heap grows, the cycle collector scans all of it again
each time it has grown by a quarter: for a national directory that was half of `validate` and a
twentieth of a build. Young collections still run, so short-lived cycles are still freed; the full
collection that was held off runs at the next chance after the pause.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# One pause at a time: the thresholds are a setting of the whole process. Re-entrant, because a
# build (paused) loads the data (paused too).
_pausing = threading.RLock()


@contextmanager
def full_collections_paused() -> Iterator[None]:
    with _pausing:
        young, middle, full = gc.get_threshold()
        gc.set_threshold(young, middle, 1 << 30)
        try:
            yield
        finally:
            gc.set_threshold(young, middle, full)
