"""Chart specs are built once per store, data version, language and key, then handed out as built."""

from __future__ import annotations

import pytest

from components.shell import cached


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
    cached._chart_spec.clear()
    Chart.builds = 0
    yield state
    cached._chart_spec.clear()


def test_a_chart_is_built_once_per_data_version_and_the_same_spec_is_handed_out(reads):
    first = cached.chart_spec(("dashboard", "by_month", 2026), Chart)
    again = cached.chart_spec(("dashboard", "by_month", 2026), Chart)
    assert Chart.builds == 1
    assert again is first


def test_a_write_bumping_the_data_version_rebuilds_the_chart(reads):
    cached.chart_spec(("dashboard", "by_month", 2026), Chart)
    reads["version"] = 2
    spec = cached.chart_spec(("dashboard", "by_month", 2026), Chart)
    assert Chart.builds == 2
    assert spec["build"] == 2


def test_each_key_language_and_store_has_its_own_spec(reads):
    cached.chart_spec(("dashboard", "by_month", 2026), Chart)
    cached.chart_spec(("dashboard", "by_month", 2025), Chart)
    reads["language"] = "en"
    cached.chart_spec(("dashboard", "by_month", 2026), Chart)
    reads["store"] = "sqlite:///two.sqlite3"
    cached.chart_spec(("dashboard", "by_month", 2026), Chart)
    assert Chart.builds == 4


def test_the_oldest_specs_give_way_beyond_the_number_kept(reads):
    for year in range(cached.CHART_SPECS_KEPT + 1):
        cached.chart_spec(("dashboard", "by_month", year), Chart)
    cached.chart_spec(("dashboard", "by_month", cached.CHART_SPECS_KEPT), Chart)
    assert Chart.builds == cached.CHART_SPECS_KEPT + 1
    cached.chart_spec(("dashboard", "by_month", 0), Chart)
    assert Chart.builds == cached.CHART_SPECS_KEPT + 2
