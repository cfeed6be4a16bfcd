"""The page list made once per process (components/shell/page_list.py) serves every page as Streamlit's own did."""

from __future__ import annotations

import hashlib
import inspect

import pytest
from streamlit.runtime.scriptrunner import script_runner

from components.shell import menu, page_list
from tests.conftest import PROJECT
from tests.factories import actor_of
from tests.pages.conftest import ENTRY, menu_shown, signed_in

# Streamlit 1.67's `_mpa_v1`, which page_list repeats over pages made once. If an upgrade changes
# it, compare page_list with the new source, then record the new digest here.
STREAMLIT_MPA_V1_SHA256 = "78de6d8c9639ea3beb21c86fc9e188a970733aa92b6157977326494d4fcedbc5"


def test_the_streamlit_function_page_list_repeats_is_the_one_it_was_written_against():
    source = inspect.getsource(page_list.STREAMLITS_OWN)
    assert hashlib.sha256(source.encode()).hexdigest() == STREAMLIT_MPA_V1_SHA256


@pytest.fixture
def from_streamlits_own():
    """Start from Streamlit's own page list, as a fresh process does, and leave it so."""
    script_runner._mpa_v1 = page_list.STREAMLITS_OWN
    page_list._pages.cache_clear()
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


def test_the_list_made_once_is_sent_hidden_and_only_the_menu_shows_pages(demo_url, monkeypatch, from_streamlits_own):
    """showSidebarNavigation is on for menu.show: the full list must not show every page to everyone."""
    positions: list[str] = []
    navigation = page_list._navigation

    def recording(pages, *, position, expanded):  # noqa: ANN001, ANN202
        positions.append(position)
        return navigation(pages, position=position, expanded=expanded)

    monkeypatch.setattr(page_list, "_navigation", recording)
    signed_in("d001").run()  # the first run puts it in place, the second runs through it
    assert positions == ["hidden"]
    assert "票决投票" in menu_shown() and "票决管理" not in menu_shown()  # the deputy's menu, not every page
