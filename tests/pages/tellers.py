"""The tellers' forms on the office's round pages (the vote's and the survey's), filled as the office does."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from components.text.catalogue import CATALOGUE
from db.secret_ballot import rows
from db.system.models import Deputy
from tests.conftest import fresh

NAMES = "张监票\n李监票\n王计票"  # as typed into the opening form, one teller a line


def open_with(at: AppTest, form: str, submit: str, names: str = NAMES, threshold: int | None = None) -> AppTest:
    """The opening form `form`: the tellers' names and (if given) how many must bring their shares, then open."""
    at.text_area(key=f"{form}_names").set_value(names)
    if threshold is not None:
        at.number_input(key=f"{form}_threshold").set_value(threshold)
    return at.button(key=f"FormSubmitter:{form}-{CATALOGUE[submit][0]}").click().run()


def close_with(at: AppTest, form: str, submit: str, codes: Sequence[str]) -> AppTest:
    """The closing form `form`: the tellers type their shares, one a box, then close and count."""
    for number, code in enumerate(codes, start=1):
        at.text_input(key=f"{form}_{number}").input(code)
    return at.button(key=f"FormSubmitter:{form}-{CATALOGUE[submit][0]}").click().run()


@contextmanager
def a_reader_blocking_the_scrub(session: Session, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Inside: a reader holds a snapshot from before the closing, so SQLite's checkpoint (the scrub) cannot end."""
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("a checkpoint of SQLite's write-ahead log")
    monkeypatch.setattr(rows, "CHECKPOINT_WAIT_MS", 10)  # the test need not wait the real second
    fresh(session).scalar(select(func.count(Deputy.id)))
    yield
    fresh(session)  # the reader ends
