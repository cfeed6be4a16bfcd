"""微心愿台账: every wish. The office records, releases and withdraws, and exports; leaders read, without names."""

from functools import partial

import pandas as pd
import streamlit as st

from components.micro import wish_view as view
from components.shell import download, feedback, form_round, guard, plain
from components.text import label, t
from db.core.session import read_scope
from db.micro import wishes
from db.micro.wish_rules import WishState
from db.system import reference

user = guard.require(__file__)
st.title(t("menu.wish_desk"))

with read_scope() as s:
    divisions = {d.id: d.name for d in reference.divisions(s)}

if user.is_office_staff:
    with st.expander(t("wish.new"), icon=":material/add:"):
        entry = view.record_form(divisions, key=form_round.key("desk_record"))
        if entry is not None:
            feedback.apply(
                partial(wishes.record, actor=user, entry=entry),
                "wish.recorded",
                then=lambda _: form_round.bump("desk_record"),
            )
else:
    st.caption(t("wish.desk_reader"))

state_col, division_col = st.columns(2)
states = state_col.multiselect(
    t("wish.col_state"),
    list(WishState.codes()),
    key="desk_states",
    format_func=lambda s: label(WishState, s),
    placeholder=t("wish.all"),
)
division_id = division_col.selectbox(
    t("wish.col_division"),
    [None, *divisions],
    key="desk_division",
    format_func=lambda d: t("wish.all") if d is None else divisions[d],
)
with read_scope() as s:
    listed = wishes.ledger(s, user, tuple(states), division_id)

st.metric(t("wish.shown"), len(listed))
withdrawn = sum(w.state == WishState.WITHDRAWN for w in listed)
if withdrawn:  # why 微心愿墙 says fewer were collected
    st.caption(plain.md("wish.desk_withdrawn_note", withdrawn=withdrawn))
table = view.rows(listed, resident=user.is_office_staff)  # the name is the office's (and the claimer's) only
st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
download.table("vote.export", table, sheet="微心愿台账", file_name="micro-wishes.xlsx", key="export_wishes")

if user.is_office_staff and listed:
    st.header(t("wish.work_on"))
    by_id = {w.id: w for w in listed}
    chosen = by_id[
        st.selectbox(t("wish.choose"), list(by_id), format_func=lambda i: view.label(by_id[i]), key="desk_wish")
    ]
    plain.text(chosen.wish)
    st.caption(
        plain.md(
            "wish.facts",
            resident=chosen.resident or "—",
            division=chosen.division,
            state=label(WishState, chosen.state),
        )
    )
    view.history(chosen)
    actions = wishes.actions_for(user, chosen)
    if not actions:
        st.info(t("wish.no_actions"))
    else:
        done_act = view.act_form(chosen, actions, key=form_round.key("desk_act"))
        if done_act is not None:
            feedback.apply(
                partial(
                    wishes.act,
                    actor=user,
                    wish_id=chosen.id,
                    action=done_act.action,
                    text=done_act.text,
                    on=done_act.on,
                ),
                view.DONE_KEYS[done_act.action],
                then=lambda _: form_round.bump("desk_act"),
            )
