"""The secret rows' randomness: ids and order from the system's randomness, read in few calls."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

import pytest

from db.secret_ballot import rows


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of every read of the system's randomness (secrets reads through random._urandom)."""
    seen: list[int] = []
    original: Callable[[int], bytes] = random._urandom  # type: ignore[attr-defined]

    def counted(n: int) -> bytes:
        seen.append(n)
        return original(n)

    monkeypatch.setattr(random, "_urandom", counted)
    monkeypatch.setattr(rows._reserve, "ids", [], raising=False)  # an empty reserve, as a new thread has
    return seen


def test_a_survey_answer_of_ten_rows_reads_the_systems_randomness_twice_not_twenty_times(reads):
    answer_rows = [{"id": rows.new_id(), "project": p} for p in range(10)]
    rows.shuffle(answer_rows)
    # Each read gives up the GIL; under a crowd of sessions getting it back is what an answer waited for.
    assert len(reads) == 2


def test_row_ids_are_distinct_and_of_128_random_bits(reads):
    ids = [rows.new_id() for _ in range(rows.IDS_A_READ * 3)]
    assert len(set(ids)) == len(ids)
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)
    assert len(reads) == 3


def test_the_shuffle_keeps_every_item_and_gives_every_order():
    orders = Counter()
    for _ in range(1200):
        items = ["a", "b", "c"]
        rows.shuffle(items)
        assert sorted(items) == ["a", "b", "c"]
        orders[tuple(items)] += 1
    assert len(orders) == 6
    assert min(orders.values()) > 120  # 200 expected each; far below would mean a bias


def test_an_empty_list_shuffles_to_itself():
    items: list[int] = []
    rows.shuffle(items)
    assert items == []
