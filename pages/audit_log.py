"""Audit log (admin, leader): who changed what and when, before → after."""

import streamlit as st

from components.shell import guard, plain
from components.system import audit_view
from components.text import t
from db.core import audit
from db.core.session import read_scope

user = guard.require(__file__)
st.title(t("menu.audit_log"))

with read_scope() as s:
    people, entities = audit.filter_choices(s)
    chain = audit.verify_for(s, user)  # not cached: an edit made past the application bumps no version

audit_view.chain_status(chain)

everyone = t("audit.all")
# Readable names for the codes the log stores; a code without one is shown as it is.
action_names = {
    code: t(key)
    for code, key in {
        "create": "audit.did_create",
        "update": "audit.did_update",
        "deactivate": "audit.did_deactivate",
        "reactivate": "audit.did_reactivate",
        "reset_password": "audit.did_reset_password",
        "change_password": "audit.did_change_password",
        "unlock": "audit.did_unlock",
        "locked": "audit.did_locked",
        "sign_out": "audit.did_sign_out",
        "update_indicators": "audit.did_update_indicators",
    }.items()
}
entity_names = {
    code: t(key)
    for code, key in {
        "account": "audit.of_account",
        "deputy": "audit.of_deputy",
        "division": "audit.of_division",
        "department": "audit.of_department",
        "project": "audit.of_project",
        "progress_report": "audit.of_progress_report",
    }.items()
}
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
    format_func=lambda v: entity_names.get(v, v) if v else everyone,
)
since = since_col.date_input(t("audit.since"), value=None, key="audit_since")
until = until_col.date_input(t("audit.until"), value=None, key="audit_until")

with read_scope() as s:
    rows = audit.browse(s, user, audit.AuditFilter(person, entity, since, until))

st.caption(plain.md("audit.count", count=len(rows), limit=audit.PAGE_SIZE))
audit_view.log_table(rows, action_names=action_names, entity_names=entity_names)
