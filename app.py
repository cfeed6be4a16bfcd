"""Home: who is signed in, this year's cycle, and the pages this role may open."""

import streamlit as st

from components import cached, guard, menu
from components.text import t
from db import clock

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

st.subheader(t("home.your_pages"))
for page in menu.pages_for(user):
    if page.path != "app.py":
        st.page_link(page.path, label=t(page.label), icon=page.icon)
st.caption(t("home.motto"))
