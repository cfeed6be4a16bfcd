"""How the security log looks: sign-ins, failed and throttled attempts, by account and client address."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from components.text import label, t
from db.core import clock
from db.system.rules import SecurityEventKind
from db.system.security import SecurityRow


def filters(usernames: Sequence[str], clients: Sequence[str]) -> tuple[str | None, str | None, str | None]:
    """The account, client address and kind of event chosen (None: all)."""
    everyone = t("audit.all")
    username_col, client_col, kind_col = st.columns(3)
    username = username_col.selectbox(
        t("security.username"), [None, *usernames], key="security_username", format_func=lambda v: v or everyone
    )
    client = client_col.selectbox(
        t("security.client"), [None, *clients], key="security_client", format_func=lambda v: v or everyone
    )
    kind = kind_col.selectbox(
        t("security.kind"),
        [None, *SecurityEventKind.codes()],
        key="security_kind",
        format_func=lambda v: label(SecurityEventKind, v) if v else everyone,
    )
    return username, client, kind


def log_table(rows: Sequence[SecurityRow]) -> None:
    """One line per event, newest first."""
    st.dataframe(
        pd.DataFrame(
            {
                t("audit.at"): [clock.local(r.at).strftime("%Y-%m-%d %H:%M:%S") for r in rows],
                t("security.username"): [r.username for r in rows],
                t("security.known_account"): [r.known_account for r in rows],
                t("security.client"): [r.client for r in rows],
                t("security.kind"): [label(SecurityEventKind, r.kind) for r in rows],
                t("security.wait"): [r.wait_seconds for r in rows],
            }
        ),
        hide_index=True,
        width="stretch",
    )
