"""The micro items' charts: plain figures in, a Vega-Lite chart out, in the order and colours given."""

import warnings

import pytest

from components.micro import item_charts as micro_charts
from db.micro.item_reads import FundLine
from db.micro.rules import MicroState

STATES = {"proposed": "已提出", "assigned": "已交办", "done": "已办结"}
RATINGS = {"satisfied": "满意", "basically_satisfied": "基本满意", "dissatisfied": "不满意"}
MONEY = {"committed": "已安排", "available": "可用", "unit": "万元"}


def values(spec):
    return next(iter(spec["datasets"].values()), [])


def test_every_state_has_a_bar_in_the_order_of_the_way_through_even_at_zero():
    spec = micro_charts.by_state({"done": 4, "proposed": 2}, STATES).to_dict()

    assert [(v["state"], v["items"]) for v in values(spec)] == [("已提出", 2), ("已交办", 0), ("已办结", 4)]
    assert spec["encoding"]["y"]["sort"] == ["已提出", "已交办", "已办结"]


def test_each_division_stacks_its_items_by_state_in_the_order_of_the_way_through():
    counts = {"蓬江区": {"proposed": 3, "done": 1}, "台山市": {"assigned": 2}}
    spec = micro_charts.by_division(counts, STATES).to_dict()

    assert [(v["division"], v["state"], v["items"]) for v in values(spec)] == [
        ("蓬江区", "已提出", 3),
        ("蓬江区", "已办结", 1),
        ("台山市", "已交办", 2),
    ]
    assert spec["encoding"]["color"]["sort"] == ["已提出", "已交办", "已办结"]


def test_the_division_legend_names_all_eight_states_each_in_its_own_colour_in_rows_that_fit():
    every = {s.value: s.value for s in MicroState}
    spec = micro_charts.by_division({"蓬江区": {"proposed": 1}}, every).to_dict()
    color = spec["encoding"]["color"]
    assert color["scale"]["domain"] == list(every.values())  # states without items too
    assert len(set(color["scale"]["range"])) == len(every) == 8
    assert color["legend"]["columns"] == 4 and color["legend"]["labelLimit"] == 0


def test_the_ratings_labels_read_level_not_rotated():
    spec = micro_charts.ratings({"satisfied": 5}, RATINGS).to_dict()
    assert spec["encoding"]["x"]["axis"]["labelAngle"] == 0


def test_the_ratings_are_three_bars_green_amber_and_red_in_that_order():
    spec = micro_charts.ratings({"dissatisfied": 1, "satisfied": 5}, RATINGS).to_dict()

    assert [(v["rating"], v["items"]) for v in values(spec)] == [("满意", 5), ("基本满意", 0), ("不满意", 1)]
    assert spec["encoding"]["color"]["scale"] == {
        "domain": ["满意", "基本满意", "不满意"],
        "range": micro_charts.RATING_COLORS,
    }


def test_the_money_shows_committed_and_available_of_each_set_fund_and_never_less_than_nothing_available():
    lines = [FundLine(1, "蓬江区", 100, 30), FundLine(2, "台山市", 50, 60), FundLine(3, "开平市", None, 0)]
    spec = micro_charts.funds(lines, MONEY).to_dict()

    assert [(v["division"], v["part"], v["amount"]) for v in values(spec)] == [
        ("蓬江区", "已安排", 30),
        ("蓬江区", "可用", 70),
        ("台山市", "已安排", 60),
        ("台山市", "可用", 0),
    ]
    assert spec["encoding"]["x"]["title"] == "万元"
    assert spec["encoding"]["color"]["scale"]["domain"] == ["已安排", "可用"]


@pytest.mark.parametrize(
    "build",
    [
        lambda: micro_charts.by_division({}, STATES),
        lambda: micro_charts.funds([FundLine(1, "蓬江区", None, 0)], MONEY),
    ],
    ids=["no-items", "no-fund-set"],
)
def test_a_year_without_items_or_funds_makes_an_empty_chart_quietly(build):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        spec = build().to_dict()

    assert values(spec) == []
