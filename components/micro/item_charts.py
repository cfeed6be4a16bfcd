"""Altair charts of micro items (微实事): plain figures in, a chart out (unit tested, no Streamlit here)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.projects.charts import ACTUAL_COLOR, BUDGET_COLOR, PLAN_COLOR, AnyChart
from db.micro.item_reads import FundLine

RATING_COLORS = ["#2e7d32", "#f9a825", ACTUAL_COLOR]  # 满意 基本满意 不满意
# One colour per state, in the order of the way through (提出 … 归档), none repeated: the default
# scheme repeats and a legend laid out in one row is cut off in a half-width column.
STATE_COLORS = ["#9e9e9e", "#5c6bc0", "#6d4c41", "#0097a7", "#1565c0", "#f9a825", "#2e7d32", "#37474f"]


def by_state(counts: dict[str, int], names: dict[str, str]) -> AnyChart:
    """Items per state, in the order of the way through (every state shown, even at zero)."""
    frame = pd.DataFrame({"state": [names[s] for s in names], "items": [counts.get(s, 0) for s in names]})
    return (
        alt.Chart(frame)
        .mark_bar(color=BUDGET_COLOR)
        .encode(
            y=alt.Y("state:N", sort=list(frame["state"]), title=None),
            x=alt.X("items:Q", title=None),
            tooltip=["state", "items"],
        )
        .properties(height=alt.Step(24))
    )


def by_division(counts: dict[str, dict[str, int]], names: dict[str, str]) -> AnyChart:
    """Items per division, stacked by state."""
    rows = [
        {"division": division, "state": names[state], "items": n}
        for division, states in counts.items()
        for state, n in states.items()
    ]
    frame = pd.DataFrame(rows, columns=["division", "state", "items"])
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("division:N", title=None),
            x=alt.X("sum(items):Q", title=None),
            color=alt.Color(
                "state:N",
                sort=list(names.values()),
                scale=alt.Scale(domain=list(names.values()), range=STATE_COLORS[: len(names)]),
                title=None,
                legend=alt.Legend(orient="bottom", columns=4, labelLimit=0),  # every state, in rows of four
            ),
            tooltip=["division:N", "state:N", "items:Q"],
        )
        .properties(height=alt.Step(24))
    )


def ratings(counts: dict[str, int], names: dict[str, str]) -> AnyChart:
    """The deputies' ratings of accepted items: 满意, 基本满意, 不满意."""
    frame = pd.DataFrame({"rating": [names[r] for r in names], "items": [counts.get(r, 0) for r in names]})
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("rating:N", sort=list(frame["rating"]), title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("items:Q", title=None),
            color=alt.Color(
                "rating:N", scale=alt.Scale(domain=list(frame["rating"]), range=RATING_COLORS), legend=None
            ),
            tooltip=["rating", "items"],
        )
    )


def funds(lines: list[FundLine], names: dict[str, str]) -> AnyChart:
    """Per division: money committed and still available of its fund (万元); divisions without a fund left out."""
    rows = []
    for line in lines:
        if line.fund is None:
            continue
        rows.append({"division": line.division, "part": names["committed"], "amount": line.committed})
        rows.append({"division": line.division, "part": names["available"], "amount": max(line.available or 0, 0)})
    frame = pd.DataFrame(rows, columns=["division", "part", "amount"])
    parts = [names["committed"], names["available"]]
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("division:N", title=None),
            x=alt.X("sum(amount):Q", title=names["unit"]),
            color=alt.Color(
                "part:N",
                scale=alt.Scale(domain=parts, range=[BUDGET_COLOR, PLAN_COLOR]),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["division:N", "part:N", "amount:Q"],
        )
        .properties(height=alt.Step(24))
    )
