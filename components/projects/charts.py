"""Altair chart builders: plain data in, a chart out (unit tested, no Streamlit here)."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from db.projects.dashboard import Share
from db.projects.progress import MonthPoint, ProjectProgress
from db.projects.rules import ScheduleStatus

AnyChart = alt.Chart | alt.LayerChart
ACTUAL_COLOR, PLAN_COLOR, BUDGET_COLOR = "#b71c1c", "#9e9e9e", "#1565c0"
OTHER_COLOR = "#5c7cab"  # projects not lagging: apart from the red of the lagging ones


def completion_vs_plan(projects: Sequence[ProjectProgress], labels: dict[str, str]) -> AnyChart:
    """Per project, in number order: a bar of actual completion, a tick at the planned share."""
    rows = [Share(f"{p.number}. {p.title}", p.completion, p.planned, 1) for p in projects]
    lagging = [p.status == ScheduleStatus.LAGGING for p in projects]
    return _against_plan(rows, labels, order=None, lagging=lagging)


def trend(points: list[Share] | list[MonthPoint], labels: dict[str, str]) -> AnyChart:
    """Completion against plan by month (overall, or one project's)."""
    rows = []
    for point in points:
        month = point.label if isinstance(point, Share) else point.month.strftime("%Y-%m")
        rows.append({"month": month, "series": labels["actual"], "percent": round(point.completion * 100, 1)})
        rows.append({"month": month, "series": labels["planned"], "percent": round(point.planned * 100, 1)})
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title=None),
            y=alt.Y("percent:Q", scale=alt.Scale(domain=[0, 100]), title="%"),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(range=[ACTUAL_COLOR, PLAN_COLOR]),
                title=None,
                legend=alt.Legend(orient="bottom"),  # which line is which: a reader must not guess
            ),
            strokeDash=alt.StrokeDash("series:N", legend=None),
            tooltip=["month", "series", "percent"],
        )
    )


def shares(groups: list[Share], labels: dict[str, str]) -> AnyChart:
    """Mean completion per group (lead department or division), best first, the plan as a tick."""
    return _against_plan(groups, labels, order="-x")


def _against_plan(
    rows: list[Share], labels: dict[str, str], order: str | None, lagging: list[bool] | None = None
) -> AnyChart:
    """Bars of completion with the plan as a tick; `lagging` rows red and the others blue, when given."""
    frame = pd.DataFrame(
        {
            "group": [r.label for r in rows],
            "lagging": lagging if lagging is not None else [True] * len(rows),
            labels["actual"]: [round(r.completion * 100, 1) for r in rows],
            labels["planned"]: [round(r.planned * 100, 1) for r in rows],
            labels["projects"]: [r.projects for r in rows],
        }
    )
    # labelLimit 0: whole project names; Vega-Lite cuts labels at 200 px by default.
    axis_y = alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelLimit=0))
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=axis_y,
            color=alt.condition("datum.lagging", alt.value(ACTUAL_COLOR), alt.value(OTHER_COLOR)),
            x=alt.X(f"{labels['actual']}:Q", scale=alt.Scale(domain=[0, 100]), title="%"),
            tooltip=["group", labels["actual"], labels["planned"], labels["projects"]],
        )
    )
    ticks = alt.Chart(frame).mark_tick(color="black", thickness=3, size=16).encode(y=axis_y, x=f"{labels['planned']}:Q")
    return (bars + ticks).properties(height=alt.Step(26))


def funds(points: list[MonthPoint], budget: float, labels: dict[str, str]) -> AnyChart:
    """Cumulative funds spent by month, against the budget line."""
    frame = pd.DataFrame(
        {"month": [p.month.strftime("%Y-%m") for p in points], "spent": [p.funds_spent for p in points]}
    )
    spent = (
        alt.Chart(frame)
        .mark_bar(color=BUDGET_COLOR)
        .encode(
            x=alt.X("month:O", title=None),
            y=alt.Y("spent:Q", title=labels["unit"]),
            tooltip=["month", "spent"],
        )
    )
    line = (
        alt.Chart(pd.DataFrame({"budget": [budget]}))
        .mark_rule(color=ACTUAL_COLOR, strokeDash=[6, 3])
        .encode(y="budget:Q")
    )
    return spent + line


def vote_results(rows: list[tuple[str, int, str]], threshold: float, labels: dict[str, str]) -> AnyChart:
    """Votes per candidate, most first, coloured by outcome; the pass threshold as a dashed line.

    `rows` are (candidate, votes, outcome label); `labels` names the axis and the outcomes
    (elected, passed, tied, failed) in the interface language.
    """
    frame = pd.DataFrame(rows, columns=["candidate", "votes", "outcome"])
    outcomes = [labels[k] for k in ("elected", "tied", "passed", "failed")]
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("candidate:N", sort="-x", title=None, axis=alt.Axis(labelLimit=0)),  # whole titles
            x=alt.X("votes:Q", title=labels["votes"]),
            color=alt.Color(
                "outcome:N",
                scale=alt.Scale(domain=outcomes, range=[ACTUAL_COLOR, "#ef6c00", BUDGET_COLOR, PLAN_COLOR]),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["candidate", "votes", "outcome"],
        )
    )
    line = alt.Chart(pd.DataFrame({"threshold": [threshold]})).mark_rule(color="black", strokeDash=[6, 3])
    return (bars + line.encode(x="threshold:Q")).properties(height=alt.Step(26))


SATISFACTION_COLORS = ["#2e7d32", "#f9a825", ACTUAL_COLOR, PLAN_COLOR]  # 满意 基本满意 不满意 弃权


def satisfaction_bars(rows: list[tuple[str, str, int]], levels: list[str], labels: dict[str, str]) -> AnyChart:
    """Per project, one bar stacked from the four answers, in the scale's order.

    `rows` are (project, level label, count); `levels` the level labels in order (满意 first).
    """
    frame = pd.DataFrame(rows, columns=["project", "level", "count"])
    frame["order"] = frame["level"].map({level: i for i, level in enumerate(levels)})
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("project:N", sort=None, title=None, axis=alt.Axis(labelLimit=0)),  # whole titles
            x=alt.X("count:Q", stack="zero", title=labels["count"]),
            color=alt.Color(
                "level:N",
                scale=alt.Scale(domain=levels, range=SATISFACTION_COLORS),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("order:Q"),
            tooltip=["project", "level", "count"],
        )
        .properties(height=alt.Step(26))
    )


def satisfaction_trend(rows: list[tuple[str, str, float | None]], labels: dict[str, str]) -> AnyChart:
    """综合满意率 (percent) round after round, one line per project or department; rows in time order."""
    frame = pd.DataFrame(rows, columns=["round", "series", "rate"])
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("round:N", sort=None, title=labels["round"]),
            y=alt.Y("rate:Q", title=labels["rate"], scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=["round", "series", alt.Tooltip("rate:Q", format=".1f")],
        )
    )
