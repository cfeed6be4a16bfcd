"""How the audit log looks: who changed what and when, before → after, in the interface language.

The log stores codes (actions, entity types, field names, states) and ids; a person reads words:
each code through the catalogue, each change as "field: value" lines, ids of departments as their
names and other ids left out (the object column says which record it was). A code the catalogue
does not know yet is shown as it is, so a new kind of change is never hidden.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

import pandas as pd
import streamlit as st

from components.shell import plain
from components.text import label, t
from db.core import clock
from db.core.actors import Role
from db.core.audit import AuditRow, ChainCheck
from db.core.vocabulary import Vocabulary
from db.micro.rules import Fund, MicroRating, MicroState
from db.micro.wish_rules import WishAction, WishCategory, WishState
from db.oversight.rules import ActivityKind, FindingState, RectificationState, Source
from db.survey.rules import Stage, SurveyState, VoterBody
from db.vote.rules import RoundState, ThresholdRule

ACTIONS = {
    "create": "audit.did_create",
    "update": "audit.did_update",
    "delete": "audit.did_delete",
    "set": "audit.did_update",
    "deactivate": "audit.did_deactivate",
    "reactivate": "audit.did_reactivate",
    "reset_password": "audit.did_reset_password",
    "change_password": "audit.did_change_password",
    "unlock": "audit.did_unlock",
    "locked": "audit.did_locked",
    "sign_out": "audit.did_sign_out",
    "update_indicators": "audit.did_update_indicators",
    "confirm": "audit.did_confirm",
    "dismiss": "audit.did_dismiss",
}
ENTITIES = {
    "account": "audit.of_account",
    "deputy": "audit.of_deputy",
    "division": "audit.of_division",
    "department": "audit.of_department",
    "project": "audit.of_project",
    "progress_report": "audit.of_progress_report",
    "year": "audit.of_year",
    "voting_round": "audit.of_voting_round",
    "candidate": "audit.of_candidate",
    "survey_round": "audit.of_survey_round",
    "rectification_item": "audit.of_rectification_item",
    "lookback_review": "audit.of_lookback_review",
    "supervision_activity": "audit.of_supervision_activity",
    "finding": "audit.of_finding",
    "micro_item": "audit.of_micro_item",
    "micro_wish": "audit.of_micro_wish",
    "micro_setting": "audit.of_micro_setting",
}
# An entity whose moves are logged under the state moved to (or the step taken): its vocabulary.
STATE_OF = {
    "voting_round": RoundState,
    "survey_round": SurveyState,
    "rectification_item": RectificationState,
    "micro_item": MicroState,
    "micro_wish": WishAction,
}
FIELDS = {
    "username": "audit.field_username",
    "display_name": "audit.field_display_name",
    "role": "audit.field_role",
    "department_id": "audit.field_department",
    "lead_department_id": "audit.field_lead_department",
    "active": "audit.field_active",
    "locked_until": "audit.field_locked_until",
    "number": "audit.field_number",
    "title": "audit.field_title",
    "name": "audit.field_name",
    "code": "audit.field_code",
    "field": "audit.field_field",
    "budget": "audit.field_budget",
    "estimated_budget": "audit.field_budget",
    "start_date": "audit.field_start_date",
    "end_date": "audit.field_end_date",
    "month": "audit.field_month",
    "funds_spent": "audit.field_funds_spent",
    "year": "audit.field_year",
    "places": "audit.field_places",
    "max_picks": "audit.field_max_picks",
    "threshold_rule": "audit.field_threshold_rule",
    "stage": "audit.field_stage",
    "voter_body": "audit.field_voter_body",
    "state": "audit.field_state",
    "deadline": "audit.field_deadline",
    "source": "audit.field_source",
    "problem": "audit.field_problem",
    "evidence": "audit.field_evidence",
    "place": "audit.field_place",
    "estimated_cost": "audit.field_estimated_cost",
    "actual_cost": "audit.field_actual_cost",
    "cost_cap": "audit.field_cost_cap",
    "fund": "audit.field_fund",
    "rating": "audit.field_rating",
    "result": "audit.field_result",
    "category": "audit.field_category",
    "outcome": "audit.field_outcome",
    "kind": "audit.field_kind",
    "reason": "audit.field_reason",
    "seen": "audit.field_seen",
}
# Fields whose value is a code of a vocabulary (a state's vocabulary depends on the entity).
CODED: dict[str, type[Vocabulary]] = {
    "role": Role,
    "threshold_rule": ThresholdRule,
    "stage": Stage,
    "voter_body": VoterBody,
    "fund": Fund,
    "rating": MicroRating,
    "category": WishCategory,
    "kind": ActivityKind,
}
STATES: dict[str, type[Vocabulary]] = {
    "voting_round": RoundState,
    "survey_round": SurveyState,
    "rectification_item": RectificationState,
    "micro_item": MicroState,
    "micro_wish": WishState,
    "finding": FindingState,
}


def action_name(action: str, entity: str) -> str:
    if action in ACTIONS:
        return t(ACTIONS[action])
    vocabulary = STATE_OF.get(entity)
    return label(vocabulary, action) if vocabulary is not None and action in vocabulary.codes() else action


def entity_name(entity: str) -> str:
    return t(ENTITIES[entity]) if entity in ENTITIES else entity


def fields_text(
    values: Mapping[str, object] | None,
    entity: str,
    names: Mapping[str, Mapping[int, str]],
    other: Mapping[str, object] | None = None,
) -> str:
    """ "field：value" per labelled field, joined by "；" (a table cell is one line); ids become names
    where known, else are left out; an empty field only where the other side of the change has it filled."""
    parts = []
    for field, value in (values or {}).items():
        if value in (None, "") and (other or {}).get(field) in (None, ""):
            continue
        shown = _value(field, value, entity, names)
        if shown is not None and field in FIELDS:
            parts.append(f"{t(FIELDS[field])}：{shown}")
    return "；".join(parts)


def log_table(rows: Sequence[AuditRow], *, names: Mapping[str, Mapping[int, str]] | None = None) -> None:
    """One line per change, newest first, in words."""
    known = names or {}
    st.dataframe(
        pd.DataFrame(
            {
                t("audit.at"): [clock.local(r.at).strftime("%Y-%m-%d %H:%M:%S") for r in rows],
                t("audit.person"): [r.actor for r in rows],
                t("audit.action"): [action_name(r.action, r.entity) for r in rows],
                t("audit.entity"): [entity_name(r.entity) for r in rows],
                t("audit.before"): [fields_text(r.before, r.entity, known, r.after) for r in rows],
                t("audit.after"): [fields_text(r.after, r.entity, known, r.before) for r in rows],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            t("audit.before"): st.column_config.TextColumn(width="medium"),
            t("audit.after"): st.column_config.TextColumn(width="large"),
        },
    )


def _value(field: str, value: object, entity: str, names: Mapping[str, Mapping[int, str]]) -> str | None:
    if value is None or value == "":
        return t("audit.empty")
    if isinstance(value, bool):
        return t("audit.yes" if value else "audit.no")
    if field.endswith("_id"):
        return names.get(field, {}).get(value) if isinstance(value, int) else None
    vocabulary = STATES.get(entity) if field == "state" else CODED.get(field)
    if field == "source" and isinstance(value, list) and value:
        vocabulary, value = Source, value[0]
    if vocabulary is not None and str(value) in vocabulary.codes():
        return label(vocabulary, str(value))
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, dict)):
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def chain_status(check: ChainCheck) -> None:
    """Whether the log's hash chain is whole, or where it breaks (each break on a line of its own)."""
    if check.entries == 0:
        st.info(t("audit.chain_empty"), icon=":material/verified:")
        return
    if check.whole:
        st.success(
            plain.md(
                "audit.chain_whole", count=check.entries, head_id=check.head_id, head=(check.head_hash or "")[:16]
            ),
            icon=":material/verified:",
        )
        return
    st.error(
        plain.md(
            "audit.chain_broken",
            count=check.entries,
            breaks=len(check.breaks) + check.more_breaks,
            first=check.breaks[0].entry_id,
        ),
        icon=":material/gpp_bad:",
    )
    kinds = {"changed": t("audit.break_changed"), "link": t("audit.break_link")}
    st.dataframe(
        pd.DataFrame(
            {
                t("audit.break_entry"): [f"#{b.entry_id}" for b in check.breaks],
                t("audit.break_kind"): [kinds[b.kind] for b in check.breaks],
            }
        ),
        hide_index=True,
        width="stretch",
    )
