"""Micro items to handle (微实事办理): a department's assigned items, overdue first; it starts and finishes them."""

import pandas as pd
import streamlit as st

from components.micro import item_view as micro_view
from components.shell import feedback, guard
from components.text import t
from db.core import clock
from db.core.session import read_scope
from db.micro import item_reads as micro_reads
from db.micro import items as micro_items
from db.micro import rules
from db.micro.item_reads import ItemFilter
from db.micro.rules import MicroState
from db.system import reference

user = guard.require(__file__)
st.title(t("menu.micro_queue"))
today = clock.today()

# A department's staff see their own department's items; the office may look at any department's.
with read_scope() as s:
    departments = {d.id: d.name for d in reference.departments(s)}
department_id = user.department_id or st.selectbox(
    t("micro.department"),
    list(departments),
    format_func=departments.__getitem__,
    key="micro_queue_department",
    index=None,
    placeholder=t("micro.all_departments"),
)
worked_on = (*rules.OPEN_STATES, MicroState.DONE)
with read_scope() as s:
    items = micro_reads.items(s, user, ItemFilter(department_id=department_id, states=worked_on), today)

to_do, overdue = st.columns(2)
to_do.metric(t("micro.open_count"), sum(i.state in rules.OPEN_STATES for i in items))
overdue.metric(t("micro.overdue_count"), sum(i.overdue for i in items))
st.dataframe(pd.DataFrame(micro_view.rows(items)), hide_index=True, width="stretch")

st.header(t("micro.work_on"))
item = micro_view.choose(items, key="micro_queue_item")
if item is not None:
    item_id = item.id
    micro_view.details(user, item)
    moves = micro_reads.moves_for(user, item)
    if MicroState.IN_PROGRESS in moves:
        with st.form(f"start_{item.id}"):
            note = st.text_area(t("micro.start_note"), max_chars=2000, key=f"start_note_{item.id}")
            if st.form_submit_button(t("micro.start"), type="primary"):
                feedback.apply(lambda s: micro_items.start(s, user, item_id, note), "micro.started")
    elif MicroState.DONE in moves:
        # Keys carry how often it was sent back: a reworked item starts with an empty report.
        with st.form(f"done_{item.id}_{item.sent_back}"):
            result = st.text_area(t("micro.result"), max_chars=2000, key=f"done_result_{item.id}_{item.sent_back}")
            cost = st.number_input(
                t("micro.actual_cost"), value=None, step=1.0, key=f"done_cost_{item.id}_{item.sent_back}"
            )
            if st.form_submit_button(t("micro.complete"), type="primary"):
                feedback.apply(lambda s: micro_items.complete(s, user, item_id, result, cost), "micro.completed")
    elif item.state == MicroState.DONE:
        st.caption(t("micro.waiting_for_rating"))
