"""Audit log (admin, leader): who changed what and when, before → after."""

import streamlit as st

from components.shell import guard, plain
from components.system import audit_view
from components.text import t
from db.core import audit
from db.core.session import read_scope
from db.system import reference

user = guard.require(__file__)
st.title(t("menu.audit_log"))

with read_scope() as s:
    people, entities = audit.filter_choices(s)
    chain = audit.verify_for(s, user)  # not cached: an edit made past the application bumps no version

audit_view.chain_status(chain)

everyone = t("audit.all")
person_col, entity_col, since_col, until_col = st.columns(4)
person = person_col.selectbox(
    t("audit.person"),
    [None, *people],
    key="audit_person",
    format_func=lambda v: v or everyone,
)
entity = entity_col.selectbox(
    t("audit.entity"),
    [None, *entities],
    key="audit_entity",
    format_func=lambda v: audit_view.entity_name(v) if v else everyone,
)
since = since_col.date_input(t("audit.since"), value=None, key="audit_since")
until = until_col.date_input(t("audit.until"), value=None, key="audit_until")

with read_scope() as s:
    rows = audit.browse(s, user, audit.AuditFilter(person, entity, since, until))
    departments = {d.id: d.name for d in reference.departments(s, active_only=False)}

st.caption(plain.md("audit.count", count=len(rows), limit=audit.PAGE_SIZE))
audit_view.log_table(rows, names={"department_id": departments, "lead_department_id": departments})
