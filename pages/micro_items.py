"""My micro items (我的微实事): a deputy proposes a small local fix from the phone and follows it to their rating."""

from functools import partial

import streamlit as st

from components.micro import item_form as micro_form
from components.micro import item_view as micro_view
from components.micro import labels
from components.shell import feedback, form_round, guard, plain
from components.text import t
from db.core import clock
from db.core.session import read_scope
from db.micro import item_reads as micro_reads
from db.micro import items as micro_items
from db.micro.item_reads import ItemFilter
from db.micro.rules import MicroState
from db.system import reference

user = guard.require(__file__)
st.title(t("menu.micro_items"))
st.caption(t("micro.intro"))
today = clock.today()

with read_scope() as s:
    divisions = {d.id: d.name for d in reference.divisions(s)}
    own_division = micro_reads.home_division(s, user)
    mine = micro_reads.items(s, user, ItemFilter(), today)
    cap = micro_reads.cost_cap(s)

waiting = [i for i in mine if i.state == MicroState.DONE]
if waiting:
    st.warning(t("micro.rate_todo", count=len(waiting)), icon=":material/rate_review:")

with st.expander(t("micro.new"), expanded=not mine, icon=":material/add_circle:"):
    st.caption(t("micro.cap_note", cap=labels.money(cap)))
    entered = micro_form.proposal(divisions, own_division, key=form_round.key("micro_new"))
    if entered is not None:
        draft, upload = entered
        upload = micro_items.prepared(upload)  # the photo decoded before the write transaction opens
        feedback.apply(
            lambda s: micro_items.propose(s, user, draft, upload),
            "micro.proposed",
            then=lambda _: form_round.bump("micro_new"),
        )

st.header(t("micro.mine", count=len(mine)))
if not mine:
    st.caption(t("micro.none"))
# Newest first, but what waits for the deputy's rating on top.
for item in sorted(mine, key=lambda i: (i.state != MicroState.DONE, -i.id)):
    with st.expander(
        f"{plain.escape(item.title)} · {labels.state(item.state)}", expanded=item.state == MicroState.DONE
    ):
        micro_view.details(user, item)
        if item.state == MicroState.DONE:
            st.info(plain.md("micro.rate_hint", sent_back=item.sent_back))
            given = micro_form.rating(item.id, key="micro_rate")
            if given is not None:
                rated = partial(micro_items.rate, actor=user, item_id=item.id, rating=given[0], comment=given[1])
                feedback.apply(rated, "micro.rated")
