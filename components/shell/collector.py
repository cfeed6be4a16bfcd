"""Python's cycle collector, told once what lives as long as the process.

The app's process holds a few hundred thousand objects that live as long as it does: Streamlit,
pandas, Altair, SQLAlchemy, our own modules and what they made at import. Python's full collection
walks every one of them. Under a crowd of 20 sessions one ran every two seconds or so and held the
GIL for about 100 ms each time: some 5 % of the dashboard's server time, and a pause for every
session at once. `gc.freeze()` moves the objects alive at that moment out of the collector's sight
for good (reference counting still frees them); later full collections walk only what came after.

So the process's first script run imports every module of the app (all pages' modules, ~0.4 s once),
collects, and freezes. Only then: garbage that only the cycle collector could free and that was
frozen alive stays allocated, so freezing while a crowd's sessions are alive would keep their
state after they leave. At the first run there is one session.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import threading
from types import ModuleType

import components
import db

_lock = threading.Lock()
_settled = False


def settle() -> None:
    """At this process's first script run: import the app's modules, collect, freeze what is alive."""
    global _settled  # noqa: PLW0603 - once per process
    if _settled:
        return
    with _lock:  # sessions run in threads of their own: the first of them settles, once
        if _settled:
            return
        for package in (components, db):
            _import_all(package)
        gc.collect()
        gc.freeze()
        _settled = True


def _import_all(package: ModuleType) -> None:
    for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        if not module.name.endswith(".__main__"):  # the command line: not the app's
            importlib.import_module(module.name)
