"""The account form: role, department and linked deputy, as the admin edits them."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.text import label, t
from db.core.actors import Role
from db.system.accounts import AccountInput, AccountView
from db.system.deputies import DeputyView
from db.system.reference import DepartmentView

NEW_ACCOUNT_ROLE = Role.DEPUTY


def account_fields(
    departments: Sequence[DepartmentView],
    deputies: Sequence[DeputyView],
    *,
    key: str,
    current: AccountView | None = None,
) -> AccountInput:
    """Widgets for the fields of an account (inside the caller's form); returns their values."""
    # Labels are made here, not in format_func, which AppTest calls outside the script run.
    roles = {r: label(Role, r) for r in Role}
    names: dict[int | None, str] = {d.id: d.name for d in departments}
    names = {None: t("account.no_department"), **names}
    people: dict[int | None, str] = {d.id: f"{d.code} {d.name}（{d.delegation}）" for d in deputies}
    people = {None: t("account.no_deputy"), **people}
    display_name = st.text_input(
        t("account.display_name"),
        value=current.display_name if current else "",
        max_chars=50,
        key=f"{key}_display_name",
    )
    role = st.selectbox(
        t("account.role"),
        Role,
        # A new account starts as the role with least reach, never as 领导 (the first in the list):
        # an admin who leaves the field alone must not hand out every report and name.
        index=Role.codes().index(current.role if current else NEW_ACCOUNT_ROLE),
        format_func=roles.__getitem__,
        placeholder=t("input.choose"),
        key=f"{key}_role",
    )
    department_id = st.selectbox(
        t("account.department"),
        list(names),
        format_func=names.__getitem__,
        index=_position(list(names), current.department_id if current else None),
        key=f"{key}_department",
        help=t("account.department_help"),
    )
    deputy_id = st.selectbox(
        t("account.deputy"),
        list(people),
        format_func=people.__getitem__,
        index=_position(list(people), current.deputy_id if current else None),
        key=f"{key}_deputy",
        help=t("account.deputy_help"),
    )
    return AccountInput(display_name, role, department_id, deputy_id)


def _position(options: list[int | None], value: int | None) -> int:
    return options.index(value) if value in options else 0
