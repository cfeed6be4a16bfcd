"""Each page's first run freezes what is alive for good (components/shell/collector.py)."""

from __future__ import annotations

import gc
import weakref

import pytest

from components.shell import collector


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def unsettled():
    """Nothing frozen and no page settled before the test, nor after it."""
    gc.unfreeze()
    before = set(collector._settled)
    collector._settled.clear()
    yield
    gc.unfreeze()
    collector._settled.clear()
    collector._settled.update(before)


def test_a_pages_first_run_freezes_what_is_alive_and_its_later_runs_freeze_nothing_more(unsettled):
    collector.settle("pages/dashboard.py")
    frozen = gc.get_freeze_count()
    assert frozen > 0
    alive_after = [[] for _ in range(1000)]  # lists are tracked by the collector
    collector.settle("pages/dashboard.py")
    assert gc.get_freeze_count() == frozen
    collector.settle("pages/home.py")
    assert gc.get_freeze_count() >= frozen + len(alive_after)


def test_garbage_held_only_in_a_cycle_is_collected_before_the_freeze_not_kept_for_good(unsettled):
    first, second = Node(), Node()
    first.other, second.other = second, first
    gone = weakref.ref(first)
    del first, second
    collector.settle("pages/dashboard.py")
    assert gone() is None
