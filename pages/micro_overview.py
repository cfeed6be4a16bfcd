"""Micro items overview (微实事总览) for leaders: by state and division, days to done, satisfaction, money."""

import pandas as pd
import streamlit as st

from components import guard, micro_charts, micro_view
from components import micro_labels as labels
from components.text import t
from db import clock, micro_reads, rules, tabular
from db.micro_reads import ItemFilter
from db.session import read_scope

user = guard.require(__file__)
st.title(t("menu.micro_overview"))
today = clock.today()

with read_scope() as s:
    years = sorted({today.year, *micro_reads.years(s)}, reverse=True)
year = st.selectbox(t("progress.year"), years, key="micro_overview_year")
with read_scope() as s:
    figures = micro_reads.overview(s, year, today)
    items = micro_reads.items(s, ItemFilter(year=year), today)

done = sum(figures.by_state.get(s, 0) for s in (rules.MICRO_DONE, rules.MICRO_ACCEPTED, rules.MICRO_ARCHIVED))
rated = sum(figures.ratings.values())
pleased = figures.ratings.get(rules.SATISFIED, 0) + figures.ratings.get(rules.BASICALLY_SATISFIED, 0)
fund = sum(f.fund or 0 for f in figures.funds)
committed = sum(f.committed for f in figures.funds)
total_col, done_col, overdue_col, days_col, rate_col = st.columns(5)
total_col.metric(t("micro.total"), figures.total)
done_col.metric(t("micro.done_count"), done)
overdue_col.metric(t("micro.overdue_count"), figures.overdue)
median = figures.median_days_to_done
days_col.metric(t("micro.median_days"), "—" if median is None else f"{median:g}")
rate_col.metric(t("micro.satisfaction"), "—" if not rated else f"{pleased / rated:.0%}")
st.caption(t("micro.money_line", fund=labels.money(fund), committed=labels.money(committed),
             available=labels.money(fund - committed)))  # fmt: skip

state_names = {s: labels.state(s) for s in rules.MICRO_STATES}
by_state, by_division = st.columns(2)
with by_state:
    st.subheader(t("micro.by_state"))
    st.altair_chart(micro_charts.by_state(figures.by_state, state_names), width="stretch")
with by_division:
    st.subheader(t("micro.by_division"))
    st.altair_chart(micro_charts.by_division(figures.by_division, state_names), width="stretch")
ratings, money = st.columns(2)
with ratings:
    st.subheader(t("micro.ratings"))
    rating_names = {r: labels.rating(r) for r in rules.MICRO_RATINGS}
    st.altair_chart(micro_charts.ratings(figures.ratings, rating_names), width="stretch")
with money:
    st.subheader(t("micro.money"))
    money_names = {
        "committed": t("micro.col_committed"),
        "available": t("micro.col_available"),
        "unit": t("micro.unit"),
    }
    st.altair_chart(micro_charts.funds(list(figures.funds), money_names), width="stretch")

st.subheader(t("micro.all_items"))
table = micro_view.rows(items)
st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
st.download_button(t("vote.export"), lambda: tabular.xlsx_bytes(table, sheet="微实事"),
                   file_name=f"micro-items-{year}.xlsx", key="export_micro", icon=":material/download:")  # fmt: skip
