"""Where a survey answer's server time goes: cProfile of the review and submit runs in AppTest.

On the database bench_survey.py prepares (this year's 年终 round open, nobody has answered; run
`bench_survey.py` once, or `--prepare`), each of `--deputies` deputies opens pages/survey.py in
its own AppTest, rates every project, goes to the review (the form's submit) and submits. The
review and submit runs (the two runs an answer costs) are timed and profiled in the script thread.

    .venv/bin/python benchmarks/profile_survey.py --prepare [--deputies 20] [--top 40]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (str(ROOT), str(ROOT / "benchmarks")):
    if path not in sys.path:
        sys.path.insert(0, path)

import profile_dashboard  # noqa: E402  (its script-thread profiler)


def main(argv: list[str] | None = None) -> None:
    import bench_survey

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=bench_survey.SQLITE_FILE)
    parser.add_argument("--prepare", action="store_true", help="rebuild the database as bench_survey.py does")
    parser.add_argument("--deputies", type=int, default=20)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    url = f"sqlite:///{args.db.resolve()}"
    if args.prepare:
        from db.core import clock

        args.db.unlink(missing_ok=True)
        bench_survey.prepare_survey(url, clock.today(), args.deputies + 1)
    os.environ.update(MINSHENG_DEMO="1", DATABASE_URL=url)
    os.chdir(ROOT)  # .streamlit/config.toml

    from streamlit.testing.v1 import AppTest

    profiler = cProfile.Profile()
    profile_dashboard._profile_script_thread(profiler)
    timings: dict[str, list[float]] = {"form": [], "review": [], "submit": []}
    for number in range(1, args.deputies + 1):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.session_state["authentication_status"] = True
        at.session_state["username"] = f"d{number:03d}"
        at.session_state["auth_issued_at"] = datetime.now(UTC).replace(tzinfo=None)
        at.run()
        at.switch_page("pages/survey.py")
        started = time.perf_counter()
        at.run()
        timings["form"].append(time.perf_counter() - started)
        for radio in at.radio:
            if str(radio.key).startswith("survey_level_"):
                radio.set_value("satisfied")
        profile_dashboard._profiling[0] = number > 1  # the first deputy warms the caches
        started = time.perf_counter()
        next(b for b in at.button if b.proto.is_form_submitter).click().run()
        timings["review"].append(time.perf_counter() - started)
        started = time.perf_counter()
        at.button(key="survey_submit").click().run()
        timings["submit"].append(time.perf_counter() - started)
        profile_dashboard._profiling[0] = False
        if at.exception or not any("测评已提交" in s.value for s in at.success):
            raise SystemExit(f"d{number:03d}: not received ({[e.message for e in at.exception]})")
    for step, values in timings.items():
        print(f"{step}: median {statistics.median(values[1:]) * 1000:.1f} ms (AppTest, {len(values) - 1} deputies)")
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream).sort_stats("cumulative")
    stats.print_stats(args.top)
    stats.print_stats(r"wt-[^/]*/(components|db|pages)/|/work/main/(components|db|pages)/", args.top)
    print(stream.getvalue())


if __name__ == "__main__":
    main()
