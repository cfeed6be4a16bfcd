"""Micro items for the office (微实事受理): screen proposals, assign them with a fund, rate for a deputy, archive."""

import streamlit as st

from components.micro import office as micro_office
from components.shell import guard
from components.text import t
from db.core import clock
from db.core.session import read_scope
from db.micro import item_reads as micro_reads
from db.micro.item_reads import ItemFilter
from db.micro.rules import MicroState
from db.system import reference

user = guard.require(__file__)
st.title(t("menu.micro_office"))
today = clock.today()

# The queues hold work of every year (a proposal of 31 December is still to screen in January);
# only the funds, set per year, are chosen by year.
WORK = (MicroState.PROPOSED, MicroState.SCREENED, MicroState.DONE, MicroState.ACCEPTED)
with read_scope() as s:
    items = micro_reads.items(s, user, ItemFilter(states=WORK), today)
    departments = {d.id: d.name for d in reference.departments(s, active_only=True)}
    cap = micro_reads.cost_cap(s)
# Oldest first: the office works through its queues in the order proposals came.
queues = {state: sorted((i for i in items if i.state == state), key=lambda i: i.id) for state in WORK}

# One part at a time, chosen by a radio: its choice survives the reruns each change makes.
part_labels = {
    "screen": t("micro.tab_screen", count=len(queues[MicroState.PROPOSED])),
    "assign": t("micro.tab_assign", count=len(queues[MicroState.SCREENED])),
    "behalf": t("micro.tab_behalf", count=len(queues[MicroState.DONE])),
    "archive": t("micro.tab_archive", count=len(queues[MicroState.ACCEPTED])),
    "money": t("micro.tab_money"),
}
part = st.radio(
    t("micro.part"),
    list(part_labels),
    format_func=part_labels.__getitem__,
    horizontal=True,
    key="micro_office_part",
    label_visibility="collapsed",
)
if part == "screen":
    micro_office.screening(user, queues[MicroState.PROPOSED], cap)
elif part == "assign":
    # Each item draws on its division's fund of the year it was proposed in.
    with read_scope() as s:
        funds = {year: micro_reads.funds(s, year) for year in {i.year for i in queues[MicroState.SCREENED]}}
    micro_office.assignment(user, queues[MicroState.SCREENED], departments, funds, today)
elif part == "behalf":
    micro_office.on_behalf(user, queues[MicroState.DONE])
elif part == "archive":
    micro_office.archiving(user, queues[MicroState.ACCEPTED])
else:
    with read_scope() as s:
        years = sorted({today.year, *micro_reads.years(s)}, reverse=True)
    year = st.selectbox(t("progress.year"), years, key="micro_office_year")
    with read_scope() as s:
        funds_of_year = micro_reads.funds(s, year)
    micro_office.money_settings(user, year, funds_of_year, cap)
