"""The clock's "as of" override holds for the thread (context) that set it, and only there."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from db.core import clock

SEED_DAY = date(2001, 2, 3)
OTHER_DAY = date(2002, 4, 6)


def in_thread(work):
    """Run work in a new thread, as Streamlit runs each session's script, and return its result."""
    results = []
    thread = threading.Thread(target=lambda: results.append(work()))
    thread.start()
    thread.join()
    return results[0]


def test_as_of_makes_today_that_day_and_restores_it_afterwards():
    assert clock.today() != SEED_DAY
    with clock.as_of(SEED_DAY):
        assert clock.today() == SEED_DAY
        with clock.as_of(OTHER_DAY):
            assert clock.today() == OTHER_DAY
        assert clock.today() == SEED_DAY
    assert clock.today() != SEED_DAY


def test_as_of_is_undone_when_the_work_inside_fails():
    with pytest.raises(RuntimeError), clock.as_of(SEED_DAY):
        raise RuntimeError("seeding failed")
    assert clock.today() != SEED_DAY


def test_another_thread_does_not_see_this_threads_as_of():
    with clock.as_of(SEED_DAY):
        assert in_thread(clock.today) != SEED_DAY
        assert clock.today() == SEED_DAY


def test_two_threads_seeding_at_once_each_keep_their_own_day():
    both_set = threading.Barrier(2)
    seen: dict[date, date] = {}

    def seed_as_of(day: date) -> None:
        with clock.as_of(day):
            both_set.wait(timeout=10)  # both overrides are in force at the same moment
            seen[day] = clock.today()
            both_set.wait(timeout=10)

    threads = [threading.Thread(target=seed_as_of, args=(day,)) for day in (SEED_DAY, OTHER_DAY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {SEED_DAY: SEED_DAY, OTHER_DAY: OTHER_DAY}
    assert clock.today() not in (SEED_DAY, OTHER_DAY)
