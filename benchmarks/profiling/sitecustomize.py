"""Profile the script runs of a real `streamlit run` server (benchmarks' --profile-server).

Put on PYTHONPATH with MINSHENG_PROFILE_OUT=<file>: Python imports this at start-up, and every
script run (page script and widget callbacks, in its script thread) is profiled with its own
cProfile.Profile; the merged statistics are written to the file every 20 runs and at exit.
The websocket side (serialising and compressing messages, in the event-loop thread) is not in
it: compare the total with the process's CPU time.
"""

from __future__ import annotations

import atexit
import cProfile
import functools
import os
import pstats
import threading
from typing import Any

_OUT = os.environ.get("MINSHENG_PROFILE_OUT")
_lock = threading.Lock()
_merged: list[pstats.Stats] = []
_runs = [0]


def _dump() -> None:
    with _lock:
        if _merged and _OUT:
            _merged[0].dump_stats(_OUT)


def _install() -> None:
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script

    @functools.wraps(original)
    def profiled(self: Any, *args: Any, **kwargs: Any) -> Any:
        profile = cProfile.Profile()
        profile.enable()
        try:
            return original(self, *args, **kwargs)
        finally:
            profile.disable()
            with _lock:
                if _merged:
                    _merged[0].add(profile)
                else:
                    _merged.append(pstats.Stats(profile))
                _runs[0] += 1
                due = _runs[0] % 20 == 0
            if due:
                _dump()

    script_runner.ScriptRunner._run_script = profiled  # type: ignore[method-assign]
    atexit.register(_dump)


if _OUT:
    _install()
