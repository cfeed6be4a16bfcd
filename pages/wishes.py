"""微心愿墙: residents' open wishes for every signed-in person, without names; deputies claim them."""

from functools import partial

import pandas as pd
import streamlit as st

from components.micro import wish_view as view
from components.shell import feedback, guard, plain
from components.text import t
from db.core.actors import Role
from db.core.session import read_scope
from db.micro import wishes

user = guard.require(__file__)
st.title(t("menu.wishes"))
st.caption(t("wish.wall_intro"))

with read_scope() as s:
    wall = wishes.wall(s)
    tally = wishes.counts(s)

collected, claimed, fulfilled = st.columns(3)
collected.metric(t("wish.collected"), tally.total.collected)
claimed.metric(t("wish.claimed"), tally.total.claimed)
fulfilled.metric(t("wish.fulfilled"), tally.total.fulfilled)
if tally.withdrawn:  # why 微心愿台账 shows more wishes than collected here
    st.caption(
        plain.md("wish.wall_withdrawn_note", withdrawn=tally.withdrawn, ledger=tally.total.collected + tally.withdrawn)
    )

st.header(t("wish.open_wishes", count=len(wall)))
if not wall:
    st.info(t("wish.wall_empty"))
else:
    st.dataframe(pd.DataFrame(view.rows(wall, resident=False, deputy=False)), hide_index=True, width="stretch")

# A wish chosen here and claimed meanwhile (by someone else, or just now by this deputy) stays
# choosable, so that claiming it again says so (已被其他代表认领 / 您已认领) instead of silently
# clearing the choice. It keeps the label it had: the browser sends back the chosen label, and a
# label no longer among the options came back as that text instead of the wish (找不到该记录).
chosen_before = st.session_state.get("wall_wish")
labels_before = st.session_state.get("wall_labels", {})
by_id = {w.id: view.label(w) for w in wall}
if chosen_before is not None and chosen_before not in by_id:
    by_id[chosen_before] = labels_before.get(chosen_before) or t("wish.gone")
st.session_state["wall_labels"] = dict(by_id)
if user.role == Role.DEPUTY and by_id:
    with st.form("claim"):
        chosen = st.selectbox(
            t("wish.choose"),
            list(by_id),
            format_func=by_id.__getitem__,
            index=None,
            placeholder=t("input.choose"),
            key="wall_wish",
        )
        st.caption(t("wish.claim_help"))
        if st.form_submit_button(t("wish_action.claim"), type="primary", icon=":material/volunteer_activism:"):
            if chosen is None:
                st.error(t("wish.choose_first"))
            else:
                feedback.apply(partial(wishes.claim, actor=user, wish_id=chosen), "wish.claimed_ok")

by_division, by_delegation = st.tabs([t("wish.by_division"), t("wish.by_delegation")])
with by_division:
    view.counts(list(tally.by_division), group=t("wish.col_division"), key="division")
with by_delegation:
    view.counts(list(tally.by_delegation), group=t("wish.col_delegation"), key="delegation", collected=False)
