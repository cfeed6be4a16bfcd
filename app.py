"""Home: who is signed in, this year's cycle, and the pages this role may open."""

import streamlit as st

from components import cached, guard, menu
from components.text import t
from db import clock, voting
from db.session import read_scope

user = guard.require(__file__)

st.title(t("home.title"))
st.write(t("home.greeting", name=user.display_name, role=t(menu.ROLE_LABELS[user.role])))

this_year = next((y for y in cached.years() if y.year == clock.today().year), None)
if this_year:
    st.info(
        t(
            "home.this_year",
            year=this_year.year,
            session=this_year.session_name,
            places=this_year.places,
        )
    )

if user.role == "deputy":
    with read_scope() as s:
        ballot = voting.ballot_screen(s, user, cached.frozen_candidates)
    if ballot.status == "can_vote" and ballot.round is not None:
        st.warning(t("home.vote_open", year=ballot.round.year), icon=":material/how_to_vote:")
        st.page_link("pages/vote.py", label=t("menu.vote"), icon=":material/how_to_vote:")

st.subheader(t("home.your_pages"))
for page in menu.pages_for(user):
    if page.path != "app.py":
        st.page_link(page.path, label=t(page.label), icon=page.icon)
st.caption(t("home.motto"))
