"""Sign-ins take turns (components/shell/auth.py): when the hall signs in at once, a deputy already
at work is not queued behind them."""

from __future__ import annotations

import threading

from streamlit.testing.v1 import AppTest

from components.shell import auth
from db.core import clock
from tests.pages.conftest import ENTRY, TIMEOUT_S
from tests.pages.system.test_sign_in_and_out import sign_in


def test_a_sign_in_waits_for_a_turn_and_signs_in_once_it_comes(demo_url):
    form = AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S).run()
    taken = [auth._SIGN_IN_TURNS.acquire(timeout=5) for _ in range(2)]  # two sign-ins in progress
    done: dict[str, AppTest] = {}
    waiting = threading.Thread(target=lambda: done.setdefault("at", sign_in(form, "leader", "demo2024")))
    try:
        assert all(taken)
        waiting.start()
        waiting.join(1.0)
        assert waiting.is_alive() and "at" not in done  # its turn has not come

    finally:
        for _ in taken:
            auth._SIGN_IN_TURNS.release()
    waiting.join(TIMEOUT_S)
    assert done["at"].title[0].value == "民生实事工作平台"  # signed in once a turn came


def test_a_signed_in_persons_run_does_not_wait_for_the_sign_ins_turns(demo_url):
    taken = [auth._FIRST_PAGE_TURNS.acquire(timeout=5) for _ in range(2)]
    try:
        assert all(taken)
        at_work = AppTest.from_file(ENTRY, default_timeout=5)  # a deputy signed in before, at work
        for key, value in {"authentication_status": True, "username": "d001", "auth_issued_at": clock.utcnow()}.items():
            at_work.session_state[key] = value
        at_work.run()  # not held back: within 5 s
        assert not at_work.exception and at_work.title[0].value == "民生实事工作平台"
    finally:
        for _ in taken:
            auth._FIRST_PAGE_TURNS.release()
