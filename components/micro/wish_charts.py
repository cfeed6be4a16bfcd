"""The micro wishes' chart: plain counts in, an Altair chart out (unit tested, no Streamlit here)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.projects.charts import ACTUAL_COLOR, BUDGET_COLOR, PLAN_COLOR
from db.micro.wishes import WishCount

MEASURES = ("collected", "claimed", "fulfilled")


def wish_counts(rows: list[WishCount], labels: dict[str, str], *, collected: bool = True) -> alt.Chart:
    """Per division (or delegation), in the given order, a bar for each count side by side.

    `labels` names the counts (collected, claimed, fulfilled) and the axis (count) in the
    interface language; a delegation's chart leaves `collected` out (it only claims).
    """
    measures = [m for m in MEASURES if collected or m != "collected"]
    frame = pd.DataFrame(
        [{"group": r.label, "measure": labels[m], "count": getattr(r, m)} for r in rows for m in measures],
        columns=["group", "measure", "count"],
    )
    colors = {"collected": PLAN_COLOR, "claimed": BUDGET_COLOR, "fulfilled": ACTUAL_COLOR}
    domain = [labels[m] for m in measures]
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", sort=[r.label for r in rows], title=None),
            yOffset=alt.YOffset("measure:N", sort=domain),
            x=alt.X("count:Q", title=labels["count"], axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "measure:N",
                scale=alt.Scale(domain=domain, range=[colors[m] for m in measures]),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["group:N", "measure:N", "count:Q"],
        )
        .properties(height=alt.Step(12))
    )
