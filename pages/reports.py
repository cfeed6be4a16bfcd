"""Reports to the Standing Committee (leaders and the congress office): choose, check the figures, download."""

import streamlit as st

from components.reports import page_parts
from components.shell import guard
from components.text import t
from db.core import clock

user = guard.require(__file__)
st.title(t("menu.reports"))
st.caption(t("reports.intro"))

choice = page_parts.choose(user, clock.today(), key="reports")
found = page_parts.read_or_explain(user, choice)
page_parts.download(user, choice)
page_parts.preview(found)
