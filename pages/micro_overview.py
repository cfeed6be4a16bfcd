"""Micro items overview (微实事总览), for leaders and the office: states, divisions, days to done, ratings, money."""

import pandas as pd
import streamlit as st

from components.micro import chart_sentences as sentences
from components.micro import item_charts as micro_charts
from components.micro import item_view as micro_view
from components.micro import labels
from components.shell import cached, chart_view, download, guard
from components.text import t
from db.core import clock
from db.core.session import read_scope
from db.micro import item_reads as micro_reads
from db.micro.rules import MicroRating, MicroState
from db.survey.rules import Level

user = guard.require(__file__)
st.title(t("menu.micro_overview"))
today = clock.today()

with read_scope() as s:
    years = sorted({today.year, *micro_reads.years(s)}, reverse=True)
year = st.selectbox(t("progress.year"), years, key="micro_overview_year")
with read_scope() as s:
    figures = micro_reads.overview(s, user, year, today)  # the figures and the items they count, read once

done = sum(figures.by_state.get(s, 0) for s in (MicroState.DONE, MicroState.ACCEPTED, MicroState.ARCHIVED))
rated = sum(figures.ratings.values())
pleased = figures.ratings.get(Level.SATISFIED, 0) + figures.ratings.get(Level.BASICALLY_SATISFIED, 0)
fund = sum(f.fund or 0 for f in figures.funds)
committed = sum(f.committed for f in figures.funds)
total_col, done_col, overdue_col, days_col, rate_col = st.columns(5)
total_col.metric(t("micro.total"), figures.total)
done_col.metric(t("micro.done_count"), done)
overdue_col.metric(t("micro.overdue_count"), figures.overdue)
median = figures.median_days_to_done
days_col.metric(t("micro.median_days"), "—" if median is None else f"{median:g}")
rate_col.metric(t("micro.satisfaction"), "—" if not rated else f"{pleased / rated:.0%}")
st.caption(
    t(
        "micro.money_line",
        fund=labels.money(fund),
        committed=labels.money(committed),
        available=labels.money(fund - committed),
    )
)

# Each chart's spec is built once per data version, language and year (see components/cached.py).
state_names = {s.value: labels.state(s) for s in MicroState}
rating_names = {r.value: labels.rating(r) for r in MicroRating}
money_names = {"committed": t("micro.col_committed"), "available": t("micro.col_available"), "unit": t("micro.unit")}
charts = {
    "micro.by_state": lambda: micro_charts.by_state(figures.by_state, state_names),
    "micro.by_division": lambda: micro_charts.by_division(figures.by_division, state_names),
    "micro.ratings": lambda: micro_charts.ratings(figures.ratings, rating_names),
    "micro.money": lambda: micro_charts.funds(list(figures.funds), money_names),
}
said = {  # each chart in one sentence, under it
    "micro.by_state": sentences.counted(figures.by_state, state_names, empty_key="micro.sentence_no_items"),
    "micro.by_division": sentences.by_division(figures.by_division),
    "micro.ratings": sentences.counted(figures.ratings, rating_names, empty_key="micro.sentence_no_ratings"),
    "micro.money": sentences.funds(list(figures.funds)),
}
for column, (title, build) in zip([*st.columns(2), *st.columns(2)], charts.items(), strict=True):
    with column:
        st.header(t(title))
        chart_view.draw(cached.chart(("micro_overview", title, year), build), summary=said[title])

st.header(t("micro.all_items"))
table = micro_view.rows(list(figures.items))
st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
download.table("vote.export", table, sheet="微实事", file_name=f"micro-items-{year}.xlsx", key="export_micro")
