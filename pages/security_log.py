"""Security log (admin): every sign-in, failed and throttled attempt, by account and client address."""

import streamlit as st

from components.shell import guard, plain
from components.system import security_view
from components.text import t
from db.core.session import read_scope
from db.system import security

user = guard.require(__file__)
st.title(t("menu.security_log"))

with read_scope() as s:
    usernames, clients = security.filter_choices(s, user)
username, client, kind = security_view.filters(usernames, clients)
with read_scope() as s:
    rows = security.browse(s, user, security.SecurityFilter(username, client, kind))

st.caption(plain.md("security.count", count=len(rows), limit=security.PAGE_SIZE))
security_view.log_table(rows)
