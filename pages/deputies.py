"""Deputies (admin): the roster by delegation, and importing it from a spreadsheet."""

import pandas as pd
import streamlit as st

from components.shell import download, feedback, guard
from components.text import t
from db.core.session import read_scope
from db.system import deputies

user = guard.require(__file__)
st.title(t("menu.deputies"))

with read_scope() as s:
    roster = deputies.roster(s)

delegations = sorted({d.delegation for d in roster})
chosen = st.multiselect(
    t("deputies.filter_delegation"), delegations, placeholder=t("input.choose"), key="delegation_filter"
)
shown = [d for d in roster if not chosen or d.delegation in chosen]
st.caption(
    t(
        "deputies.count",
        shown=len(shown),
        total=len(roster),
        committee=sum(d.standing_committee for d in shown),
    )
)
st.dataframe(
    pd.DataFrame(
        {
            t("deputy.code"): [d.code for d in shown],
            t("deputy.name"): [d.name for d in shown],
            t("deputy.delegation"): [d.delegation for d in shown],
            t("deputy.standing_committee"): [d.standing_committee for d in shown],
            t("deputy.active"): [d.active for d in shown],
        }
    ),
    hide_index=True,
    width="stretch",
    height=360,
)

st.header(t("deputies.import"))
st.write(t("deputies.import_help"))
download.table(
    "deputies.download",
    deputies.roster_rows(roster),
    sheet="Sheet1",
    file_name="deputy-roster.xlsx",
    key="roster_download",
    icon=None,
)
upload = st.file_uploader(t("deputies.upload"), type=["xlsx", "csv"], key="roster_file")
if upload is not None and st.button(t("deputies.apply_import"), type="primary", key="apply_import"):
    name, content = upload.name, upload.getvalue()
    feedback.apply_prepared(
        lambda: deputies.read(name, content),
        lambda s, parsed: deputies.import_roster(s, user, parsed),
        "deputies.imported",
    )
