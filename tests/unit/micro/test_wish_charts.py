"""The micro wishes' chart: one bar per division and count, in the order given."""

from components.micro import wish_charts
from db.micro.wishes import WishCount

LABELS = {"collected": "收集", "claimed": "认领", "fulfilled": "实现", "count": "件数"}
ROWS = [WishCount("蓬江区", 10, 6, 4), WishCount("台山市", 3, 1, 0)]


def test_each_division_has_a_bar_for_each_count_in_the_given_order():
    spec = wish_charts.wish_counts(ROWS, LABELS).to_dict()

    values = next(iter(spec["datasets"].values()))
    assert [(v["group"], v["measure"], v["count"]) for v in values] == [
        ("蓬江区", "收集", 10),
        ("蓬江区", "认领", 6),
        ("蓬江区", "实现", 4),
        ("台山市", "收集", 3),
        ("台山市", "认领", 1),
        ("台山市", "实现", 0),
    ]
    assert spec["encoding"]["y"]["sort"] == ["蓬江区", "台山市"]
    assert spec["encoding"]["color"]["scale"]["domain"] == ["收集", "认领", "实现"]


def test_a_delegations_chart_leaves_out_the_collected_count():
    spec = wish_charts.wish_counts(ROWS, LABELS, collected=False).to_dict()

    values = next(iter(spec["datasets"].values()))
    assert {v["measure"] for v in values} == {"认领", "实现"}


def test_no_rows_make_an_empty_chart():
    spec = wish_charts.wish_counts([], LABELS).to_dict()

    assert next(iter(spec["datasets"].values()), []) == []
