"""Audit log (admin, leader): who changed what and when, before → after."""

import json

import pandas as pd
import streamlit as st

from components import guard
from components.text import t
from db import audit, clock
from db.session import read_scope

user = guard.require(__file__)
st.title(t("menu.audit_log"))

with read_scope() as s:
    people, entities = audit.filter_choices(s)

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
    format_func=lambda v: v or everyone,
)
since = since_col.date_input(t("audit.since"), value=None, key="audit_since")
until = until_col.date_input(t("audit.until"), value=None, key="audit_until")

with read_scope() as s:
    rows = audit.browse(s, user, audit.AuditFilter(person, entity, since, until))


def as_text(values: dict[str, object] | None) -> str:
    return json.dumps(values, ensure_ascii=False) if values else ""


st.caption(t("audit.count", count=len(rows), limit=audit.PAGE_SIZE))
st.dataframe(
    pd.DataFrame(
        {
            t("audit.at"): [clock.local(r.at).strftime("%Y-%m-%d %H:%M:%S") for r in rows],
            t("audit.person"): [r.actor for r in rows],
            t("audit.action"): [r.action for r in rows],
            t("audit.entity"): [r.entity for r in rows],
            t("audit.entity_id"): [r.entity_id for r in rows],
            t("audit.before"): [as_text(r.before) for r in rows],
            t("audit.after"): [as_text(r.after) for r in rows],
        }
    ),
    hide_index=True,
    width="stretch",
)
