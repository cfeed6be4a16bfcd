"""Where a page's script time goes: section timers and cProfile over AppTest reruns.

Runs the page with streamlit.testing.v1.AppTest (same process, no websocket) as `leader` on
the database benchmarks/generate.py filled, times the sections listed in SECTIONS per run
(wrapping the functions the page calls), and prints the cProfile functions with the largest
cumulative time inside the script thread.

    .venv/bin/python benchmarks/profile_dashboard.py [--page pages/dashboard.py] [--runs 20]
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import importlib
import io
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "benchmarks" / "out" / "bench.sqlite3"

# (label, module, attribute): a function the page calls through its module, or a class method.
SECTIONS = (
    ("guard.require (all of it)", "components.shell.guard", "require"),
    ("  auth._request_token (the cookie, from the request)", "components.shell.auth", "_request_token"),
    ("  auth.current_actor (DB: account check)", "components.shell.auth", "current_actor"),
    ("  guard._sidebar (menu page links)", "components.shell.guard", "_sidebar"),
    ("  text.language_switch", "components.shell.guard", "language_switch"),
    ("cached.read_data_version (DB)", "components.shell.cached", "read_data_version"),
    ("cached.data_version", "components.shell.cached", "data_version"),
    ("cached.years", "components.shell.cached", "years"),
    ("cached.year_progress", "components.shell.cached", "year_progress"),
    ("cached.project_year", "components.shell.cached", "project_year"),
    ("cached.chart", "components.shell.cached", "chart"),
    ("progress_view.year_and_projects", "components.projects.progress_view", "year_and_projects"),
    ("progress_view.year_select", "components.projects.progress_view", "year_select"),
    ("progress_view.headline_tiles", "components.projects.progress_view", "headline_tiles"),
    ("progress_view.project_cards", "components.projects.progress_view", "project_cards"),
    ("progress_view.project_table", "components.projects.progress_view", "project_table"),
    ("progress_view.progress_rows", "components.projects.progress_view", "progress_rows"),
    ("dashboard.monthly_trend (pure)", "db.projects.dashboard", "monthly_trend"),
    ("charts.completion_vs_plan (build)", "components.projects.charts", "completion_vs_plan"),
    ("charts.trend (build)", "components.projects.charts", "trend"),
    ("charts.shares (build)", "components.projects.charts", "shares"),
    ("charts.funds (build)", "components.projects.charts", "funds"),
    ("st.altair_chart (Altair to_dict + proto)", "streamlit.delta_generator", "DeltaGenerator.altair_chart"),
    ("st.vega_lite_chart (spec + Arrow data)", "streamlit.delta_generator", "DeltaGenerator.vega_lite_chart"),
    ("st.dataframe (Arrow)", "streamlit.delta_generator", "DeltaGenerator.dataframe"),
    ("st.download_button", "streamlit.delta_generator", "DeltaGenerator.download_button"),
    ("st.page_link", "streamlit.delta_generator", "DeltaGenerator.page_link"),
    # AppTest compiles the scripts on every run; the server keeps them in its ScriptCache.
    ("(AppTest only) compiling the scripts", "streamlit.runtime.scriptrunner.script_cache", "ScriptCache.get_bytecode"),
)

_spent: dict[str, float] = defaultdict(float)


def _wrap(label: str, module_name: str, attribute: str) -> None:
    owner: Any = importlib.import_module(module_name)
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part)
    _replace(owner, name, label)
    if path == ["DeltaGenerator"]:
        import streamlit

        _replace(streamlit, name, label)  # `st.x` is a method bound to the main container at import


def _replace(owner: Any, name: str, label: str) -> None:
    original = getattr(owner, name, None)
    if original is None:
        return

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            _spent[label] += time.perf_counter() - started

    setattr(owner, name, timed)


def _profile_script_thread(profiler: cProfile.Profile) -> None:
    """Profile the thread AppTest runs the script in (cProfile sees one thread only)."""
    from streamlit.runtime.scriptrunner import script_runner

    original: Callable[..., Any] = script_runner.ScriptRunner._run_script

    @functools.wraps(original)
    def profiled(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not _profiling[0]:
            return original(self, *args, **kwargs)
        profiler.enable()
        try:
            return original(self, *args, **kwargs)
        finally:
            profiler.disable()

    script_runner.ScriptRunner._run_script = profiled  # type: ignore[method-assign]


_profiling = [False]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--page", default="pages/dashboard.py")
    parser.add_argument("--query", default="", help="e.g. id=91 for pages/project.py")
    parser.add_argument("--username", default="leader")
    parser.add_argument("--warm", type=int, default=3)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--top", type=int, default=35)
    args = parser.parse_args(argv)
    if not args.db.exists():
        raise SystemExit(f"{args.db} does not exist: run .venv/bin/python benchmarks/generate.py first")
    os.environ.update(MINSHENG_DEMO="1", DATABASE_URL=f"sqlite:///{args.db.resolve()}")
    os.chdir(ROOT)  # .streamlit/config.toml
    sys.path.insert(0, str(ROOT))

    from streamlit.testing.v1 import AppTest

    for section in SECTIONS:
        _wrap(*section)
    profiler = cProfile.Profile()
    _profile_script_thread(profiler)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = args.username
    at.session_state["auth_issued_at"] = datetime.now(UTC).replace(tzinfo=None)
    at.run()
    at.switch_page(args.page)
    if args.query:
        key, _, value = args.query.partition("=")
        at.query_params[key] = value
    at.run()
    if at.exception:
        raise SystemExit(f"the page raised: {at.exception[0].message}")
    for _ in range(args.warm):
        at.run()
    _spent.clear()
    per_run: list[float] = []
    per_section: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.runs):  # section timers only: cProfile would inflate them
        before = dict(_spent)
        started = time.perf_counter()
        at.run()
        per_run.append(time.perf_counter() - started)
        if at.exception:
            raise SystemExit(f"the page raised: {at.exception[0].message}")
        for label, *_ in SECTIONS:
            per_section[label].append(_spent.get(label, 0.0) - before.get(label, 0.0))
    _profiling[0] = True
    for _ in range(args.runs):
        at.run()
    _profiling[0] = False

    total = statistics.median(per_run) * 1000
    print(f"{args.page}{'?' + args.query if args.query else ''} as {args.username}, {args.runs} AppTest reruns")
    print(f"whole run (AppTest): median {total:.1f} ms")
    print(f"| {'section (nested ones indented)':<46} | median ms | share |")
    print(f"|{'-' * 48}|----------:|------:|")
    for label, *_ in SECTIONS:
        values = per_section[label]
        if any(values):
            median = statistics.median(values) * 1000
            print(f"| {label:<46} | {median:9.1f} | {median / total * 100:4.0f}% |")
    print(f"\ncProfile of {args.runs} more runs (script thread), by cumulative time:")
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(args.top)
    print(stream.getvalue())


if __name__ == "__main__":
    main()
