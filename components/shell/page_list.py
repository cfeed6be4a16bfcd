"""Streamlit's list of pages, made once per process instead of on every script run.

An app with a pages/ folder runs every script through Streamlit's `_mpa_v1`, which lists the
folder and resolves each page file again on every run: some 35 path resolutions and 200
file-system calls a run. Under a crowd each such call gives up the GIL and waits to get it back
behind the other sessions' runs; after the menu's links this was the largest cost of a
signed-in page that is not our own. With no file watcher (production), pages cannot come or go
while the process lives, so the same steps run over page objects made once, copied per run
(Streamlit marks on the object which page a run may execute).

The list it sends is hidden: the menu is the guard's (components/shell/menu.py: menu.show), sent
once the run knows who is signed in. Only the first run after a restart, before the guard has
installed this, goes through Streamlit's own function, which lists every page in the sidebar; the
same run's menu.show replaces that list a moment later.

tests/pages/system/test_page_list.py pins the Streamlit function this repeats: an upgrade that
changes it fails there until this module is checked against it again.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

from streamlit import config
from streamlit.commands.navigation import _navigation
from streamlit.navigation.page import StreamlitPage, _create_page
from streamlit.runtime.scriptrunner import script_runner

from components.shell import auth

STREAMLITS_OWN = script_runner._mpa_v1


def install() -> None:
    """From the next script run on, list the pages once (not where a file watcher may bring new ones)."""
    if config.get_option("server.fileWatcherType") == "none":
        script_runner._mpa_v1 = _run_page_from_the_list_made_once


def _run_page_from_the_list_made_once(main_script_path: str) -> None:
    """Streamlit's `_mpa_v1`, over the pages `_pages` made once, the list hidden (the menu is menu.show's)."""
    pages = [copy.copy(page) for page in _pages(main_script_path)]
    page = _navigation(pages, position="hidden", expanded=False)
    with auth.first_page_after_sign_in_waits_its_turn():
        page.run()


@functools.cache
def _pages(main_script_path: str) -> tuple[StreamlitPage, ...]:
    """The entry point as the default page, then pages/*.py in Streamlit's order (made inside a run)."""
    main = Path(main_script_path).resolve()
    folder = main.parent / "pages"
    files = sorted(
        (p for p in folder.glob("*.py") if not p.name.startswith(".") and p.name != "__init__.py"),
        key=script_runner.page_sort_key,
    )
    return (_create_page(main, default=True), *(_create_page(folder / p.name) for p in files))
