"""Vote (deputies): the open round's candidates, pick up to N, review, confirm, receipt."""

import streamlit as st

from components.shell import cached, guard
from components.text import t
from components.vote import ballot_form
from db.core.session import read_scope
from db.vote import voting

user = guard.require(__file__)
st.title(t("menu.vote"))
ballot_form.belong_to(user)

if ballot_form.receipt_shown():
    st.stop()

with read_scope() as s:
    screen = voting.ballot_screen(s, user, cached.frozen_candidates)
if screen.status != "can_vote" or screen.round is None:
    ballot_form.why_not(screen)
elif ballot_form.reviewing(screen.round.id):
    round_id = screen.round.id
    ballot_form.review(screen, cast=lambda picks: ballot_form.seal_and_cast(user, round_id, picks))
else:
    ballot_form.choose(screen)
