"""Python's cycle collector, told what lives as long as the process.

The app's process holds about a million objects that live as long as it does: Streamlit, pandas,
Altair, SQLAlchemy, our own modules and what they made at import. Python's full collection walks
every one of them. Under a crowd of 20 sessions one ran every two seconds or so and held the GIL
for about 100 ms each time: some 6 % of the dashboard's server time, and a pause for every session
at once. `gc.freeze()` moves the objects alive at that moment out of the collector's sight for good
(reference counting still frees them); later full collections walk only what came after.

A page's own modules are imported by its first run, so each page's first run in the process,
after those imports, collects once and freezes what is left: at most once per page file.
Garbage that is only freed by the cycle collector and was frozen alive stays allocated; collecting
first keeps that to what was alive at those few moments.
"""

from __future__ import annotations

import gc
import threading

_settled: set[str] = set()
_lock = threading.Lock()


def settle(page_file: str) -> None:
    """On `page_file`'s first run in this process: collect, then freeze everything still alive."""
    if page_file in _settled:
        return
    with _lock:  # sessions run in threads of their own: the first of them settles, once
        if page_file in _settled:
            return
        gc.collect()
        gc.freeze()
        _settled.add(page_file)
