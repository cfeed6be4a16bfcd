"""The monthly report form: each indicator's cumulative value beside last month's, funds, texts."""

from __future__ import annotations

import streamlit as st

from components.shell import plain
from components.text import t
from db.projects.reporting import ReportDraft, ReportInput


def figure(value: float) -> str:
    """A count or amount as people write it: 1,260 and 12.5, not 1,260.00 and 12.50."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def report_form(draft: ReportDraft, *, key: str) -> ReportInput | None:
    """Draw the form; return what was entered when it is submitted, else None."""
    saved = draft.saved or {}
    with st.form(key):
        st.markdown(
            plain.md(
                "report.form_title",
                number=draft.number,
                title=draft.title,
                month=draft.month.strftime("%Y-%m"),
            )
        )
        values: dict[int, object] = {}
        for line in draft.indicators:
            before = "—" if line.previous is None else figure(line.previous)
            start = line.current if line.current is not None else line.previous
            values[line.id] = st.number_input(
                plain.md(
                    "report.indicator_label",
                    name=line.name,
                    unit=line.unit,
                    previous=before,
                    target=figure(line.target),
                ),
                value=start,
                step=1.0,
                format="%g",  # 126 households, not 126.00; a fraction still shows (12.5)
                key=f"{key}_value_{line.id}",
            )
        previous_funds = "—" if draft.previous_funds is None else f"{draft.previous_funds:,.2f}"
        funds = st.number_input(
            plain.md("report.funds_label", previous=previous_funds, budget=draft.budget),
            format="%.2f",
            key=f"{key}_funds",
            value=draft.saved_funds if draft.saved_funds is not None else draft.previous_funds,
        )
        texts = {
            name: st.text_area(t(f"report.{name}"), saved.get(name, ""), max_chars=2000, key=f"{key}_{name}")
            for name in ("narrative", "problems", "next_steps")
        }
        explanation = st.text_area(
            t("report.explanation"),
            saved.get("explanation", ""),
            max_chars=2000,
            key=f"{key}_explanation",
            help=t("report.explanation_help"),
        )
        if not st.form_submit_button(t("report.submit"), type="primary"):
            return None
    return ReportInput(values, funds, explanation=explanation, **texts)
