"""Early in the process's life, one run freezes what is alive for good (components/shell/collector.py)."""

from __future__ import annotations

import gc
import inspect
import subprocess
import sys
import weakref

import pytest
from streamlit.runtime import Runtime
from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

from components.shell import collector


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def unsettled(monkeypatch):
    """A process whose first run is still to come, with one session; nothing frozen before or after."""
    gc.unfreeze()
    monkeypatch.setattr(collector, "_settled", False)
    monkeypatch.setattr(collector, "_sessions", lambda: 1)
    yield monkeypatch
    gc.unfreeze()


def test_the_first_run_imports_every_module_of_the_app_and_freezes_what_is_alive():
    # In a fresh interpreter: this one's tests may have imported everything already.
    script = (
        "import gc, sys\n"
        "from components.shell import collector\n"
        "assert 'components.reports.year_report' not in sys.modules\n"
        "collector.settle()\n"
        "assert 'components.reports.year_report' in sys.modules\n"
        "assert gc.get_freeze_count() > 100_000\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)


def test_later_runs_freeze_nothing_more(unsettled):
    collector.settle()
    frozen = gc.get_freeze_count()
    alive_after = [[] for _ in range(1000)]  # lists are tracked by the collector
    collector.settle()
    assert gc.get_freeze_count() == frozen and alive_after


def test_while_the_process_holds_a_crowds_sessions_it_waits_and_freezes_at_the_first_quiet_run(unsettled):
    unsettled.setattr(collector, "_sessions", lambda: 377)  # a restart during a sitting: all reconnect
    collector.settle()
    assert gc.get_freeze_count() == 0
    unsettled.setattr(collector, "_sessions", lambda: 1)
    collector.settle()
    assert gc.get_freeze_count() > 0


def test_garbage_held_only_in_a_cycle_is_collected_before_the_freeze_not_kept_for_good(unsettled):
    gc.disable()  # no automatic collection meanwhile (importing modules would start one): only settle's
    try:
        first, second = Node(), Node()
        first.other, second.other = second, first
        gone = weakref.ref(first)
        del first, second
        collector.settle()
        assert gone() is None
    finally:
        gc.enable()


def test_streamlits_session_count_the_collector_reads_is_where_it_was():
    assert "self._session_mgr = " in inspect.getsource(Runtime.__init__)
    assert callable(WebsocketSessionManager.num_sessions)
    assert isinstance(collector._sessions(), int)
