"""How the rectification ledger (整改台账) looks: its rows, on screen and in Excel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from components.oversight.problem_text import problem_text
from components.shell import tables
from components.text import t
from db.oversight.rectification import ItemView
from db.oversight.rules import Source


def table(rows: list[dict[str, object]]) -> None:
    """On screen: where it stands (state, overdue, deadline, source) before the long problem text."""
    tables.show(
        rows,
        first=[
            t(key)
            for key in (
                "rectification.col_project",
                "rectification.col_state",
                "rectification.col_overdue",
                "rectification.col_deadline",
                "rectification.col_source",
                "rectification.col_department",
            )
        ],
        long=[t("rectification.col_project"), t("rectification.col_problem"), t("rectification.col_evidence")],
    )


def rows(listed: Sequence[ItemView], state_names: Mapping[str, str]) -> list[dict[str, object]]:
    """The ledger with headers in the interface language (screen and Excel)."""
    return [
        {
            t("rectification.col_project"): i.project,
            t("rectification.col_problem"): problem_text(i),
            t("rectification.col_source"): t(Source(i.source_kind).label_key),
            t("rectification.col_department"): i.department,
            t("rectification.col_deadline"): i.deadline.isoformat(),
            t("rectification.col_state"): state_names[i.state],
            t("rectification.col_overdue"): "⚠️" if i.overdue else "",
            t("rectification.col_evidence"): i.evidence,
        }
        for i in listed
    ]
