"""The page list made once per process (components/shell/page_list.py) serves every page as Streamlit's own did."""

from __future__ import annotations

import hashlib
import inspect

import pytest
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

from components.shell import menu, page_list
from tests.conftest import PROJECT
from tests.factories import actor_of
from tests.pages.conftest import ENTRY, TIMEOUT_S, menu_shown, navigation_sent, signed_in

# Streamlit 1.67's `_mpa_v1` and `_navigation`, which page_list repeats over pages and messages made
# once. If an upgrade changes one, compare page_list with the new source, then record its new digest here.
STREAMLIT_MPA_V1_SHA256 = "78de6d8c9639ea3beb21c86fc9e188a970733aa92b6157977326494d4fcedbc5"
STREAMLIT_NAVIGATION_SHA256 = "09f762d6cbff1c5c0550d35f8ef25e37120ba93464d84d2a8006861235727079"


@pytest.mark.parametrize(
    ("function", "digest"),
    [("STREAMLITS_OWN", STREAMLIT_MPA_V1_SHA256), ("STREAMLITS_NAVIGATION", STREAMLIT_NAVIGATION_SHA256)],
)
def test_the_streamlit_functions_page_list_repeats_are_the_ones_it_was_written_against(function, digest):
    source = inspect.getsource(getattr(page_list, function))
    assert hashlib.sha256(source.encode()).hexdigest() == digest


@pytest.fixture
def from_streamlits_own():
    """Start from Streamlit's own page list, as a fresh process does, and leave it so."""
    script_runner._mpa_v1 = page_list.STREAMLITS_OWN
    page_list._pages.cache_clear()
    page_list._routing.cache_clear()
    yield
    script_runner._mpa_v1 = page_list.STREAMLITS_OWN


def test_the_first_run_puts_the_list_made_once_in_place_and_every_page_then_opens(
    demo_url, demo_session, from_streamlits_own
):
    at = signed_in("leader")
    assert script_runner._mpa_v1 is page_list._run_page_from_the_list_made_once
    for page in menu.pages_for(actor_of(demo_session, "leader")):
        at.switch_page(page.path).run()
        assert not at.exception and not at.error, page.path
        assert at.title[0].value, page.path


def test_the_list_holds_the_entry_point_first_then_every_page_file_in_order(demo_url, from_streamlits_own):
    signed_in("leader").run()  # the first run puts it in place, the second makes the list
    made = page_list._pages(ENTRY)  # the list those runs made: the same entry point
    assert [str(page._page) for page in made] == [
        str((PROJECT / "app.py").resolve()),
        *sorted(str(p.resolve()) for p in (PROJECT / "pages").glob("*.py")),
    ]
    assert made[0].url_path == "" and all(page.url_path for page in made[1:])


def test_a_run_sends_one_navigation_message_the_persons_menu(demo_url, from_streamlits_own):
    """showSidebarNavigation is on for menu.show: the full list must not show every page to everyone."""
    at = signed_in("d001")
    at.run()  # the first run puts it in place, the second runs through it
    before = len(navigation_sent())
    at.run()
    assert len(navigation_sent()) == before + 1  # Streamlit's function sent its list, then the menu
    ((menu_as, sections),) = navigation_sent()[before:]
    assert menu_as == "sidebar"
    assert "票决投票" in menu_shown() and "票决管理" not in menu_shown()  # the deputy's menu, not every page


def test_a_run_stopped_before_the_menu_still_names_its_page_with_the_list_hidden(
    demo_url, from_streamlits_own, monkeypatch
):
    monkeypatch.setenv("MINSHENG_DEMO", "0")
    monkeypatch.delenv("MINSHENG_COOKIE_KEY", raising=False)  # the guard refuses to start, before the menu
    at = AppTest.from_file(ENTRY, default_timeout=TIMEOUT_S).run()
    before = len(navigation_sent())
    at.run()
    assert "未配置登录凭证签名密钥" in at.error[0].value
    ((listed_as, listed),) = navigation_sent()[before:]  # sent before the stop: after it, none can be
    assert listed_as == "hidden" and not any(listed.values())  # nobody known: no page shown
