"""How the audit log looks: who changed what and when, before → after, in the interface language."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from components.shell import plain
from components.text import t
from db.core import clock
from db.core.audit import AuditRow, ChainCheck


def log_table(rows: Sequence[AuditRow], *, action_names: Mapping[str, str], entity_names: Mapping[str, str]) -> None:
    """One line per change, newest first; a code without a readable name is shown as it is."""
    st.dataframe(
        pd.DataFrame(
            {
                t("audit.at"): [clock.local(r.at).strftime("%Y-%m-%d %H:%M:%S") for r in rows],
                t("audit.person"): [r.actor for r in rows],
                t("audit.action"): [action_names.get(r.action, r.action) for r in rows],
                t("audit.entity"): [entity_names.get(r.entity, r.entity) for r in rows],
                t("audit.entity_id"): [r.entity_id for r in rows],
                t("audit.before"): [_as_text(r.before) for r in rows],
                t("audit.after"): [_as_text(r.after) for r in rows],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def _as_text(values: Mapping[str, object] | None) -> str:
    return json.dumps(values, ensure_ascii=False) if values else ""


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
