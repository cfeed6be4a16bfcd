"""Production start-up loads no demo code: the invented data and its seeding stay out of a live server.

Each check runs in a fresh interpreter, since this test process has long imported the demo for
other tests; what counts is what start-up alone brings into `sys.modules`.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]

# The paths a production server takes: every page's guard migrates through migrate.prepare, and
# deployment runs `python -m db migrate`. Prints the demo modules then loaded.
START_UP = """
import json, sys
from datetime import date

import components.shell.guard
from db.__main__ import main
from db.core import migrate
from db.core.session import get_engine

migrate.prepare(demo_mode=sys.argv[2] == "demo", today=date(2026, 11, 27), engine=get_engine(sys.argv[1]))
assert main(["migrate"]) == 0
print(json.dumps(sorted(name for name in sys.modules if name == "db.demo" or name.startswith("db.demo."))))
"""


def demo_modules_after_start_up(tmp_path: Path, mode: str) -> list[str]:
    url = f"sqlite:///{tmp_path / 'start-up.sqlite3'}"
    env = {key: value for key, value in os.environ.items() if key != "MINSHENG_DEMO"}
    env |= {"DATABASE_URL": url, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run(
        [sys.executable, "-c", START_UP, url, mode],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_migrating_a_production_database_imports_no_demo_code(tmp_path):
    loaded = demo_modules_after_start_up(tmp_path, "production")
    assert not loaded, f"production start-up imported {', '.join(loaded)}"


def test_demo_mode_does_load_the_demo_so_the_check_above_can_see_it(tmp_path):
    assert "db.demo" in demo_modules_after_start_up(tmp_path, "demo")
