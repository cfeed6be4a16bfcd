"""Candidate projects (congress office): a year's list for the deputies' vote, by form or Excel."""

import pandas as pd
import streamlit as st

from components.projects.project_form import candidate_fields
from components.shell import confirm, download, feedback, guard, pick, plain
from components.text import t
from components.vote import vote_view
from db.core.session import read_scope
from db.system import reference
from db.vote import candidates

user = guard.require(__file__)
st.title(t("menu.candidates"))

year = vote_view.vote_year(key="candidates_year").year
with read_scope() as s:
    listed = candidates.candidates(s, year)
    frozen = candidates.is_frozen(s, year)
    departments = reference.departments(s, active_only=True)

st.caption(plain.md("candidate.count", year=year, count=len(listed)))
st.dataframe(
    pd.DataFrame(
        {
            t("vote.col_title"): [c.title for c in listed],
            t("project.field"): [c.field for c in listed],
            t("vote.col_department"): [c.lead_department for c in listed],
            t("candidate.budget"): [c.estimated_budget for c in listed],
            t("candidate.targets"): ["；".join(f"{x.name} {x.target:g}{x.unit}" for x in c.targets) for c in listed],
        }
    ),
    hide_index=True,
    width="stretch",
)

download.from_store(
    "candidate.download",
    lambda s: candidates.template(s, year),  # the list in the import's layout
    file_name=f"candidates-{year}.xlsx",
    key="candidates_download",
)
if frozen:
    st.info(t("candidate.frozen_note"), icon=":material/lock:")
    st.stop()

st.header(t("candidate.edit"))
candidate_id = pick.existing_or_new({c.id: c.title for c in listed}, key="candidate_pick")
candidate = next((c for c in listed if c.id == candidate_id), None)
# Widget keys carry the candidate id, as on the projects page: switching shows the right values.
with st.form(f"candidate_{year}_{candidate_id}"):
    data = candidate_fields(candidate, departments, key=f"candidate_{candidate_id}")
    if st.form_submit_button(t("reference.save"), type="primary"):
        feedback.apply(
            lambda s: candidates.save_candidate(s, user, year, candidate_id, data),
            "reference.saved",
            then=lambda saved_id: pick.choose_after_rerun("candidate_pick", saved_id),
        )
if candidate is not None:
    removed_id = candidate.id
    if confirm.button(
        "candidate.delete", "candidate.delete_confirm", key=f"delete_{removed_id}", primary=False, title=candidate.title
    ):
        feedback.apply(lambda s: candidates.delete_candidate(s, user, year, removed_id), "candidate.deleted")

st.header(t("candidate.import"))
st.write(t("candidate.import_help"))
upload = st.file_uploader(t("deputies.upload"), type=["xlsx", "csv"], key="candidates_file")
if upload is not None and st.button(t("deputies.apply_import"), type="primary", key="apply_candidates"):
    name, content = upload.name, upload.getvalue()
    feedback.apply_prepared(
        lambda: candidates.read(name, content),
        lambda s, parsed: candidates.import_candidates(s, user, year, parsed),
        "candidate.imported",
    )
