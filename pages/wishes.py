"""微心愿墙: residents' open wishes for every signed-in person, without names; deputies claim them."""

from functools import partial

import pandas as pd
import streamlit as st

from components.micro import wish_view as view
from components.shell import feedback, guard
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

st.header(t("wish.open_wishes", count=len(wall)))
if not wall:
    st.info(t("wish.wall_empty"))
else:
    st.dataframe(pd.DataFrame(view.rows(wall, resident=False, deputy=False)), hide_index=True, width="stretch")

# A wish chosen here and claimed by someone else meanwhile stays choosable, so that claiming it
# says so (已被其他代表认领) instead of silently clearing the choice.
chosen_before = st.session_state.get("wall_wish")
by_id = {w.id: view.label(w) for w in wall}
if chosen_before is not None and chosen_before not in by_id:
    by_id[chosen_before] = t("wish.gone", id=chosen_before)
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
