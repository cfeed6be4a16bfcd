"""Python's cycle collector, told once what lives as long as the process.

The app's process holds a few hundred thousand objects that live as long as it does: Streamlit,
pandas, Altair, SQLAlchemy, our own modules and what they made at import. Python's full collection
walks every one of them. Under a crowd of 20 sessions one ran every two seconds or so and held the
GIL for about 100 ms each time: some 5 % of the dashboard's server time, and a pause for every
session at once. `gc.freeze()` moves the objects alive at that moment out of the collector's sight
for good (reference counting still frees them); later full collections walk only what came after.

So a script run early in the process's life imports every module of the app (all pages' modules,
~0.4 s and ~24 MiB once, the report libraries included, which the first report would load anyway),
collects, and freezes. Garbage that only the cycle collector could free and that was frozen alive
stays allocated: freezing while a crowd's sessions are open (a restart during a sitting, every
browser reconnecting) would keep their state after they leave. So it waits for a run with at most
one session in the process; until then nothing changes.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import threading
from types import ModuleType

from streamlit.runtime import Runtime

import components
import db
from components.shell import logs

_lock = threading.Lock()
_settled = False


def settle() -> None:
    """At the first run with at most one session: import the app's modules, collect, freeze what is alive."""
    global _settled  # noqa: PLW0603 - once per process
    if _settled or _sessions() > 1:
        return
    with _lock:  # sessions run in threads of their own: the first of them settles, once
        if _settled:
            return
        try:
            for package in (components, db):
                _import_all(package)
        except Exception:  # a page that needs the module fails on its own; the others must still run
            logs.get("collector").exception("a module of the app failed to import")
        gc.collect()
        gc.freeze()
        _settled = True


def _sessions() -> int:
    """The browser sessions this process holds, disconnected ones it keeps included (none in AppTest).

    Streamlit has no public count; its session manager's is read, and an upgrade that moves it
    fails in tests/unit/system/test_collector.py."""
    # AppTest's runtime is a stand-in without a session manager: no browser sessions there.
    manager = getattr(Runtime.instance(), "_session_mgr", None) if Runtime.exists() else None
    return 0 if manager is None else int(manager.num_sessions())


def _import_all(package: ModuleType) -> None:
    for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        if not module.name.endswith(".__main__"):  # the command line: not the app's
            importlib.import_module(module.name)
