"""How a document writes numbers, days and lists in each language; the rules the figures count by."""

from datetime import date, datetime

import pytest

from components.reports.words import Words, chinese_number
from db.reports import rules


@pytest.mark.parametrize(
    ("n", "words"), [(1, "一"), (9, "九"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五"), (100, "100")]
)
def test_chinese_numbers_are_written_as_in_a_document(n, words):
    assert chinese_number(n) == words


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh", ("81.2%", "—", "2026年11月27日", "2026年10月", "十", "（三）", "二是", "甲、乙、丙")),
        ("en", ("81.2%", "—", "27 November 2026", "October 2026", "ten", "(3) ", "Second, ", "甲, 乙 and 丙")),
    ],
)
def test_each_language_writes_figures_days_and_lists_its_own_way(language, expected):
    w = Words(language)
    written = (
        w.percent(0.8123),
        w.percent(None),
        w.day(date(2026, 11, 27)),
        w.month(date(2026, 10, 1)),
        w.count(10),
        w.ordinal(3),
        w.point(2),
        w.join(["甲", "乙", "丙"]),
    )
    assert written == expected


@pytest.mark.parametrize(
    ("typed", "zh", "en"),
    [
        ("  征地补偿  未谈妥 ", "征地补偿 未谈妥。", "征地补偿 未谈妥."),
        ("已完成。", "已完成。", "已完成。"),
        ("", "", ""),
    ],
)
def test_what_a_person_typed_becomes_a_sentence(typed, zh, en):
    assert (Words("zh").sentence(typed), Words("en").sentence(typed)) == (zh, en)


def test_what_a_person_typed_sits_inside_a_sentence_without_its_full_stop():
    assert Words("zh").clause(" 设施运行正常，巡检记录完整。 ") == "设施运行正常，巡检记录完整"


def test_a_chinese_title_breaks_after_its_subject_and_an_english_one_flows():
    assert (
        Words("zh").title_lines("关于2026年市十件民生实事项目落实情况的报告")
        == "关于2026年市十件民生实事项目\n落实情况的报告"
    )
    assert Words("en").title_lines("Report on projects") == "Report on projects"


def test_money_and_targets_are_grouped_and_carry_no_needless_decimals():
    w = Words("zh")
    assert (w.money(104300), w.figure(12000.0), w.figure(37.5)) == ("104,300.0", "12,000", "37.5")


def test_counts_name_every_code_in_order_even_when_none():
    assert rules.counts_by(["b", "a", "b"], ("a", "b", "c")) == {"a": 1, "b": 2, "c": 0}


MOVES = [(datetime(2026, 3, 1, 2), "in_progress"), (datetime(2026, 4, 1, 2), "rectified")]


@pytest.mark.parametrize(
    ("cutoff", "state"),
    [
        (datetime(2026, 1, 1), None),  # not opened yet
        (datetime(2026, 2, 20), "open"),
        (datetime(2026, 3, 1, 2), "open"),  # a move at the cut-off itself is the next day's
        (datetime(2026, 3, 15), "in_progress"),
        (datetime(2026, 5, 1), "rectified"),
    ],
)
def test_an_items_state_on_a_day_is_replayed_from_its_dated_moves(cutoff, state):
    assert rules.state_on(datetime(2026, 2, 10), MOVES, cutoff, "open") == state
