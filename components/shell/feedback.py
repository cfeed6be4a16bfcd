"""Where the interface writes, and the messages in the person's language: refusals, results after a rerun.

Every write transaction of app.py, pages/ and components/ opens here (a house rule that
tests/unit/test_house_rules.py checks): `apply` for a form or button whose change is followed
by a rerun and a message, `write` for a change made in a widget's callback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from components.shell import logs, plain
from components.text import t
from db.core.errors import Busy, ImportRefused, Refused
from db.core.session import session_scope

_FLASH = "flash"
# A change that found the write lock taken (each try waits db.core.session.LOCK_WAIT_MS) is tried
# this many times in all, then refused as Busy with a message, never a driver error.
WRITE_ATTEMPTS = 3
_log = logs.get("feedback")
T = TypeVar("T")
P = TypeVar("P")


def apply(
    change: Callable[[Session], Any], success_key: str, *, then: Callable[[Any], None] | None = None, **params: Any
) -> bool:
    """Run one change in its own transaction, then rerun so every table shows it.

    A dataclass the change returns fills the success message's placeholders; `then` gets what
    the change returned once it is committed (e.g. to show the record just added).

    Pages stay free of try/commit boilerplate, and a refusal always reaches the person the
    same way.
    """
    try:
        result = write(change)
    except Refused as refused:
        refusal(refused)
        return False
    if then is not None:
        then(result)
    if is_dataclass(result) and not isinstance(result, type):
        params = {**asdict(result), **params}  # e.g. an import's counts, for the message
    st.session_state[_FLASH] = (success_key, params)
    st.rerun()
    return True  # not reached: st.rerun() ends this run


def apply_prepared(
    prepare: Callable[[], P],
    change: Callable[[Session, P], Any],
    success_key: str,
    *,
    then: Callable[[Any], None] | None = None,
) -> bool:
    """Do the slow part first, outside any transaction (parse an upload, hash a password), then
    apply the change with what it made.

    SQLite's write lock is global: slow work must not run while a write transaction is open
    (db/core/tabular.py refuses to parse there). A refusal of either part reaches the person alike.
    """
    try:
        prepared = prepare()
    except Refused as refused:
        refusal(refused)
        return False
    return apply(lambda session: change(session, prepared), success_key, then=then)


def write(change: Callable[[Session], T]) -> T:
    """Run one change in its own transaction; return what it returned, committed.

    For changes made in a widget's callback (casting a ballot, submitting a survey, signing in
    and out), where the run that follows shows the outcome by itself. A `Refused` (or any
    error) rolls the change back and reaches the caller, to be kept and shown as it sees fit.

    A change refused as Busy (the write lock not granted in time) wrote nothing, so it is run
    again from the start, up to WRITE_ATTEMPTS times; then the Busy refusal reaches the caller.
    """
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            with session_scope() as session:
                return change(session)
        except Busy:
            _log.warning("write lock not granted (attempt %d of %d)", attempt, WRITE_ATTEMPTS)
            if attempt == WRITE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def show_flash() -> None:
    """Show the message a change left before its rerun (once)."""
    if _FLASH in st.session_state:
        key, params = st.session_state.pop(_FLASH)
        st.success(plain.md(key, **params), icon=":material/check_circle:")


def refusal(error: Refused) -> None:
    problems = [(error.reason, error.params), *error.more]
    st.error(
        "\n".join(f"- {plain.md(reason, **params)}" for reason, params in problems)
        if len(problems) > 1
        else plain.md(error.reason, **error.params)
    )
    if isinstance(error, ImportRefused):
        rows = [
            {
                t("import.col_line"): p.line,
                t("import.col_column"): p.column,
                t("import.col_reason"): t(p.reason, **p.params),
            }
            for p in error.problems
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
