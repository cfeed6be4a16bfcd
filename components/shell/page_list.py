"""Streamlit's list of pages, made once per process instead of on every script run.

An app with a pages/ folder runs every script through Streamlit's `_mpa_v1`, which lists the
folder and resolves each page file again on every run: some 35 path resolutions and 200
file-system calls a run. Under a crowd each such call gives up the GIL and waits to get it back
behind the other sessions' runs; after the menu's links this was the largest cost of a
signed-in page that is not our own. With no file watcher (production), pages cannot come or go
while the process lives, so the same steps run over page objects made once, copied per run
(Streamlit marks on the object which page a run may execute).

Streamlit's `_navigation`, which `_mpa_v1` calls, also builds its page registry and its navigation
message from the page objects afresh on every run (and the menu called it a second time): both
are made once here too, and each run copies the finished message and names the page it runs.

The menu is the guard's (components/shell/menu.py: menu.show), sent once the run knows who is
signed in: one navigation message a run, where Streamlit's function sends its list first and the
menu then replaced it. A run that fails before the menu sends the list, hidden. Only the first run
after a restart, before the guard has installed this, goes through Streamlit's own function, which
lists every page in the sidebar; the same run's menu.show replaces that list a moment later.

tests/pages/system/test_page_list.py pins the Streamlit functions this repeats: an upgrade that
changes one fails there until this module is checked against it again.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from streamlit import config
from streamlit.commands.navigation import _navigation, send_page_not_found
from streamlit.navigation.page import StreamlitPage, _create_page
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Navigation_pb2 import Navigation as NavigationProto
from streamlit.runtime.scriptrunner import script_runner
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.source_util import PageInfo
from streamlit.string_util import is_emoji

from components.shell import auth, this_run

STREAMLITS_OWN = script_runner._mpa_v1
STREAMLITS_NAVIGATION = _navigation
HIDDEN = NavigationProto.Position.HIDDEN
SIDEBAR = NavigationProto.Position.SIDEBAR
_NAVIGATION_SENT = "_minsheng_navigation_sent"


@dataclass(frozen=True)
class Routing:
    """What Streamlit's `_navigation` derives from the page list, derived once."""

    pages: Mapping[str, StreamlitPage]  # by script hash
    default: StreamlitPage  # the entry point, run when a URL names no known page
    registry: dict[str, PageInfo]  # what the session's page manager resolves a URL against (only read)
    hidden_list: NavigationProto  # the navigation message, but for the page a run executes


def install() -> None:
    """From the next script run on, list the pages once (not where a file watcher may bring new ones)."""
    if config.get_option("server.fileWatcherType") == "none":
        script_runner._mpa_v1 = _run_page_from_the_list_made_once


def _run_page_from_the_list_made_once(main_script_path: str) -> None:
    """Streamlit's `_mpa_v1` and its `_navigation`, over the routing made once, the list hidden."""
    ctx = get_script_run_ctx()
    assert ctx is not None, "only ever called by a script run"
    routing = _routing(main_script_path)
    found = ctx.pages_manager.set_pages_and_resolve(routing.registry, fallback_page_hash=routing.default._script_hash)
    page = routing.pages.get(found["page_script_hash"]) if found else None
    if page is None:
        send_page_not_found(ctx)
        page = routing.default
    page = copy.copy(page)  # Streamlit marks on the object that this run may execute it
    page._can_be_called = True
    ctx.set_mpa_v2_page(page._script_hash)
    try:
        with auth.first_page_after_sign_in_waits_its_turn():
            page.run()
    finally:
        # The guard's menu names the page (and goes out hidden when the guard stops the run before
        # anyone is known); a run failing before it sends the list hidden, so every run names its page.
        if not this_run.kept(_NAVIGATION_SENT):
            send(routing.hidden_list)


def navigation_message(
    sections: Mapping[str, Sequence[StreamlitPage]], *, position: NavigationProto.Position.ValueType, expanded: bool
) -> NavigationProto:
    """The navigation message `_navigation` makes of these sections (no external pages here), to be sent by `send`."""
    message = NavigationProto()
    if position == SIDEBAR and config.get_option("client.showSidebarNavigation") is False:
        position = HIDDEN
    message.position = position
    message.expanded = expanded
    message.sections[:] = sections.keys()
    for heading, pages in sections.items():
        for page in pages:
            entry = message.app_pages.add()
            entry.page_script_hash = page._script_hash
            entry.page_name = page.title
            entry.icon = f"emoji:{page.icon}" if is_emoji(page.icon) else page.icon
            entry.is_default = page._default
            entry.section_header = heading
            entry.url_pathname = page.url_path
            entry.is_hidden = page.visibility == "hidden"
            entry.help = page.help
    return message


def send(navigation: NavigationProto) -> None:
    """A navigation message made once, sent naming the page this run executes."""
    ctx = get_script_run_ctx()
    assert ctx is not None, "only ever called by a script run"
    message = ForwardMsg()
    message.navigation.CopyFrom(navigation)
    message.navigation.page_script_hash = ctx.page_script_hash
    ctx.enqueue(message)
    this_run.keep(_NAVIGATION_SENT, True)


@functools.cache
def _routing(main_script_path: str) -> Routing:
    pages = _pages(main_script_path)
    registry: dict[str, PageInfo] = {
        page._script_hash: {
            "page_script_hash": page._script_hash,
            "page_name": page.title,
            "icon": page.icon,
            "script_path": str(page._page),
            "url_pathname": page.url_path,
            "help": page.help,
        }
        for page in pages
    }
    return Routing(
        pages={page._script_hash: page for page in pages},
        default=pages[0],
        registry=registry,
        hidden_list=navigation_message({"": pages}, position=HIDDEN, expanded=False),
    )


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
