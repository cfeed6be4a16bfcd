"""How the audit log looks: who changed what and when, before → after, in the interface language."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from components.text import t
from db.core import clock
from db.core.audit import AuditRow


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
