"""Fields of a project and its indicators, as the congress office edits them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd
import streamlit as st

from components.text import t
from db.projects.editing import FIELDS, IndicatorInput, ProjectInput
from db.projects.progress import IndicatorState, ProjectProgress
from db.system.reference import DepartmentView, DivisionView
from db.vote.candidates import CandidateInput, CandidateView, TargetView


def project_fields(
    project: ProjectProgress | None,
    departments: Sequence[DepartmentView],
    divisions: Sequence[DivisionView],
    year: int,
    *,
    next_number: int,
    key: str,
    earlier: Mapping[int, str] | None = None,
) -> ProjectInput:
    """Widgets for a project's details (inside the caller's form); returns their values.

    `earlier` are last year's projects (id → label), one of which this one may continue (续建).
    """
    names = {d.id: d.name for d in departments}
    places = {d.id: d.name for d in divisions}
    number = st.number_input(
        t("progress.col_number"), 1, 50, project.number if project else next_number, key=f"{key}_number"
    )
    title = st.text_input(t("progress.col_title"), project.title if project else "", max_chars=100, key=f"{key}_title")
    field = st.selectbox(
        t("project.field"),
        FIELDS,
        index=FIELDS.index(project.field) if project else 0,
        placeholder=t("input.choose"),
        key=f"{key}_field",
    )
    description = st.text_area(
        t("project.description"), project.description if project else "", max_chars=2000, key=f"{key}_description"
    )
    lead = st.selectbox(
        t("progress.col_department"),
        list(names),
        format_func=names.__getitem__,
        placeholder=t("input.choose"),
        key=f"{key}_lead",
        index=list(names).index(project.lead_department_id)
        if project and project.lead_department_id in names
        else None,
    )
    chosen = set(project.cooperators) if project else set()
    cooperators = st.multiselect(
        t("project.cooperators"),
        list(names),
        format_func=names.__getitem__,
        default=[i for i, n in names.items() if n in chosen],
        placeholder=t("input.choose"),
        key=f"{key}_cooperators",
    )
    leader = st.text_input(
        t("project.leader"), project.responsible_leader if project else "", max_chars=40, key=f"{key}_leader"
    )
    budget = st.number_input(
        t("project.budget"), value=project.budget if project else 0.0, format="%.2f", key=f"{key}_budget"
    )
    start = st.date_input(t("project.start"), project.start_date if project else date(year, 1, 1), key=f"{key}_start")
    end = st.date_input(t("project.end"), project.end_date if project else date(year, 12, 31), key=f"{key}_end")
    covered = set(project.divisions) if project else set()
    division_ids = st.multiselect(
        t("project.divisions"),
        list(places),
        format_func=places.__getitem__,
        default=[i for i, n in places.items() if n in covered],
        placeholder=t("input.choose"),
        key=f"{key}_divisions",
    )
    choices = dict(earlier or {})
    carried_from = st.selectbox(
        t("project.carried_from"),
        [None, *choices],
        placeholder=t("input.choose"),
        key=f"{key}_carried_from",
        index=[None, *choices].index(project.carried_from_id) if project and project.carried_from_id in choices else 0,
        format_func=lambda i: t("project.not_carried") if i is None else choices[i],
    )
    return ProjectInput(
        int(number),
        title,
        field,
        description,
        lead,
        tuple(cooperators),
        leader,
        budget,
        start,
        end,
        tuple(division_ids),
        carried_from,
    )


def indicator_editor(
    indicators: Sequence[IndicatorState | TargetView], *, key: str, weights: bool = True
) -> list[IndicatorInput]:
    """An editable table of indicators (add rows at the bottom, delete with the row menu).

    A candidate's targets have no weight and no id yet: `weights=False` hides the column.
    """
    columns = {
        "name": t("project.indicator"),
        "unit": t("project.unit"),
        "target": t("project.target"),
        "weight": t("project.weight"),
    }
    frame = pd.DataFrame(
        {
            "id": [getattr(i, "id", None) for i in indicators],
            columns["name"]: [i.name for i in indicators],
            columns["unit"]: [i.unit for i in indicators],
            columns["target"]: [i.target for i in indicators],
            columns["weight"]: [getattr(i, "weight", 1.0) for i in indicators],
        }
    )
    hidden = {"id": None} if weights else {"id": None, columns["weight"]: None}
    edited = st.data_editor(frame, num_rows="dynamic", hide_index=True, width="stretch", key=key, column_config=hidden)
    return [
        IndicatorInput(
            None if pd.isna(row["id"]) else int(row["id"]),
            _text(row[columns["name"]]),
            _text(row[columns["unit"]]),
            row[columns["target"]],
            row[columns["weight"]] if weights else 1,
        )
        for _, row in edited.iterrows()
    ]


def _text(cell: object) -> str:
    """A cell as text: an empty cell (None or NaN) is empty, not "nan"."""
    return "" if cell is None or pd.isna(cell) else str(cell)


def candidate_fields(
    candidate: CandidateView | None, departments: Sequence[DepartmentView], *, key: str
) -> CandidateInput:
    """Widgets for a candidate project (inside the caller's form), its targets included."""
    names = {d.id: d.name for d in departments}
    title = st.text_input(
        t("progress.col_title"), candidate.title if candidate else "", max_chars=100, key=f"{key}_title"
    )
    field = st.selectbox(
        t("project.field"), FIELDS, index=FIELDS.index(candidate.field) if candidate else 0, key=f"{key}_field"
    )
    description = st.text_area(
        t("project.description"), candidate.description if candidate else "", max_chars=2000, key=f"{key}_description"
    )
    lead = st.selectbox(
        t("progress.col_department"),
        list(names),
        format_func=names.__getitem__,
        placeholder=t("input.choose"),
        index=list(names).index(candidate.lead_department_id)
        if candidate and candidate.lead_department_id in names
        else None,
        key=f"{key}_lead",
    )
    budget = st.number_input(
        t("candidate.budget"),
        value=candidate.estimated_budget if candidate else 0.0,
        format="%.2f",
        key=f"{key}_budget",
    )
    st.caption(t("candidate.targets_help"))
    targets = indicator_editor(candidate.targets if candidate else (), key=f"{key}_targets", weights=False)
    return CandidateInput(title, field, description, lead, budget, tuple(targets))
