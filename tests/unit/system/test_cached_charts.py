"""Charts are built and converted once per store, data version, language and key, then handed out as built."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit import dataframe_util

from components.shell import cached, chart_view


class Chart:
    """Stands in for an Altair chart: counts how often its spec is built."""

    builds = 0

    def to_dict(self) -> dict[str, object]:
        Chart.builds += 1
        return {"mark": "bar", "build": Chart.builds}


@pytest.fixture
def reads(monkeypatch):
    """The run's data version and language as the guard would have set them."""
    state = {"version": 1, "language": "zh", "store": "sqlite:///one.sqlite3"}
    monkeypatch.setattr(cached, "data_version", lambda: state["version"])
    monkeypatch.setattr(cached, "language", lambda: state["language"])
    monkeypatch.setattr(cached, "_store", lambda: state["store"])
    cached._chart.cache_clear()
    Chart.builds = 0
    yield state
    cached._chart.cache_clear()


def test_a_chart_is_built_once_per_data_version_and_the_same_one_is_handed_out(reads):
    first = cached.chart(("dashboard", "by_month", 2026), Chart)
    again = cached.chart(("dashboard", "by_month", 2026), Chart)
    assert Chart.builds == 1
    assert again is first


def test_a_write_bumping_the_data_version_rebuilds_the_chart(reads):
    cached.chart(("dashboard", "by_month", 2026), Chart)
    reads["version"] = 2
    chart = cached.chart(("dashboard", "by_month", 2026), Chart)
    assert Chart.builds == 2
    assert chart.spec["build"] == 2


def test_a_new_day_rebuilds_the_chart_as_the_plan_moves_with_it(reads, monkeypatch):
    cached.chart(("dashboard", "by_month", 2026), Chart)
    monkeypatch.setattr(cached.clock, "today", lambda: date(2099, 1, 1))
    cached.chart(("dashboard", "by_month", 2026), Chart)
    assert Chart.builds == 2


def test_each_key_language_and_store_has_its_own_spec(reads):
    cached.chart(("dashboard", "by_month", 2026), Chart)
    cached.chart(("dashboard", "by_month", 2025), Chart)
    reads["language"] = "en"
    cached.chart(("dashboard", "by_month", 2026), Chart)
    reads["store"] = "sqlite:///two.sqlite3"
    cached.chart(("dashboard", "by_month", 2026), Chart)
    assert Chart.builds == 4


def test_the_oldest_specs_give_way_beyond_the_number_kept(reads):
    for year in range(cached.CHARTS_KEPT + 1):
        cached.chart(("dashboard", "by_month", year), Chart)
    cached.chart(("dashboard", "by_month", cached.CHARTS_KEPT), Chart)
    assert Chart.builds == cached.CHARTS_KEPT + 1
    cached.chart(("dashboard", "by_month", 0), Chart)
    assert Chart.builds == cached.CHARTS_KEPT + 2


def test_a_charts_data_is_handed_out_in_arrow_as_streamlit_would_send_it(reads):
    # st.vega_lite_chart passes Arrow bytes on unconverted, and the table is Markdown made once:
    # converted on every run instead, they were a third of the dashboard's time.
    rows = [{"candidate": "**甲**", "votes": 3}, {"candidate": "乙", "votes": 1}]

    class Bars:
        def to_dict(self) -> dict[str, object]:
            return {"mark": "bar", "datasets": {"d": rows}}

    chart = cached.chart(("vote", 1), Bars)
    assert chart.spec["datasets"]["d"] == dataframe_util.convert_anything_to_arrow_bytes(rows)
    assert chart.spec["mark"] == "bar" and chart.spec["config"]["axis"]["labelColor"] == cached.TEXT_COLOR
    # sized once as st.vega_lite_chart would size it at the container's width, which it then leaves be
    assert chart.spec["autosize"] == {"type": "fit", "contains": "padding"}
    assert chart.table == chart_view.data_table({"datasets": {"d": rows}})  # Markdown, made once with the chart
    assert "\\*\\*甲\\*\\*" in chart.table


def test_a_table_column_of_mixed_kinds_is_shown_rather_than_refused(reads):
    class Mixed:
        def to_dict(self) -> dict[str, object]:
            return {"mark": "bar", "datasets": {"d": [{"group": "甲", "count": 3}, {"group": 2, "count": 1}]}}

    assert cached.chart(("mixed",), Mixed).table.count("\n") == 3  # header, alignment, two rows
