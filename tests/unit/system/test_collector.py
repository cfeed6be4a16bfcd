"""The process's first script run freezes what is alive for good (components/shell/collector.py)."""

from __future__ import annotations

import gc
import sys
import weakref

import pytest

from components.shell import collector


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def unsettled(monkeypatch):
    """A process whose first run is still to come; nothing frozen before the test, nor after it."""
    gc.unfreeze()
    monkeypatch.setattr(collector, "_settled", False)
    yield
    gc.unfreeze()


def test_the_first_run_imports_every_module_of_the_app_and_freezes_what_is_alive(unsettled, monkeypatch):
    monkeypatch.delitem(sys.modules, "components.reports.year_report", raising=False)  # a page's own module
    collector.settle()
    assert "components.reports.year_report" in sys.modules
    assert gc.get_freeze_count() > 100_000


def test_later_runs_freeze_nothing_more(unsettled):
    collector.settle()
    frozen = gc.get_freeze_count()
    alive_after = [[] for _ in range(1000)]  # lists are tracked by the collector
    collector.settle()
    assert gc.get_freeze_count() == frozen and alive_after


def test_garbage_held_only_in_a_cycle_is_collected_before_the_freeze_not_kept_for_good(unsettled):
    first, second = Node(), Node()
    first.other, second.other = second, first
    gone = weakref.ref(first)
    del first, second
    collector.settle()
    assert gone() is None
