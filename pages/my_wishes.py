"""我的微心愿: the wishes this deputy claimed, with the residents' names; progress, fulfil or explain."""

from functools import partial

import pandas as pd
import streamlit as st

from components.micro import wish_view as view
from components.shell import feedback, form_round, guard, menu, plain
from components.text import label, t
from db.core.session import read_scope
from db.micro import wishes
from db.micro.wish_rules import WishState
from db.system import reference

user = guard.require(__file__)
st.title(t("menu.my_wishes"))

with read_scope() as s:
    mine = wishes.mine(s, user)
    divisions = {d.id: d.name for d in reference.divisions(s)}

working = sum(w.state == WishState.CLAIMED for w in mine)
doing, done = st.columns(2)
doing.metric(t("wish.working"), working)
done.metric(t("wish.fulfilled"), sum(w.state == WishState.FULFILLED for w in mine))

if not mine:
    st.info(t("wish.mine_empty"))
    menu.link("pages/wishes.py")
else:
    st.dataframe(pd.DataFrame(view.rows(mine, resident=True)), hide_index=True, width="stretch")
    by_id = {w.id: w for w in mine}
    chosen = by_id[
        st.selectbox(t("wish.choose"), list(by_id), format_func=lambda i: view.label(by_id[i]), key="my_wish")
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
    if actions:
        done_act = view.act_form(chosen, actions, key=form_round.key("my_act"))
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
                then=lambda _: form_round.bump("my_act"),
            )

with st.expander(t("wish.new"), icon=":material/add:"):
    st.caption(t("wish.new_help"))
    entry = view.record_form(divisions, key=form_round.key("my_record"))
    if entry is not None:
        feedback.apply(
            partial(wishes.record, actor=user, entry=entry),
            "wish.recorded",
            then=lambda _: form_round.bump("my_record"),
        )
