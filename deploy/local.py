"""The production shape on this machine: a PostgreSQL database, N `streamlit run` processes, nginx in front.

    deploy/local-up [--processes 2] [--port 8080]    # prints the URL; state in data/local-stack/
    deploy/local-down [--drop-database]

The database is one of its own on the local server (default `minsheng_local` on
127.0.0.1:5432), created if missing, migrated and (in demo mode) seeded before the processes
start. The processes get the environment production gets from /etc/minsheng/minsheng.env
(deploy/minsheng.env.example), written to the state folder. Tests call up() and down() with
a database of their own and a throwaway PostgreSQL if they need to stop it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from deploy import proxy

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_STATE_DIR = PROJECT / "data" / "local-stack"
DEFAULT_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_DATABASE = "minsheng_local"
APP_START_TIMEOUT_S = 90.0
APP_STOP_TIMEOUT_S = 15.0


@dataclass
class App:
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@dataclass
class Stack:
    state_dir: Path
    database_url: str
    environment: dict[str, str]
    proxy: proxy.Proxy
    apps: list[App] = field(default_factory=list)

    def url(self, path: str = "/") -> str:
        return self.proxy.url(path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def create_database(server_url: str, name: str) -> str:
    """The URL of database `name` on that server, created if missing (nothing else is touched)."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise SystemExit(f"unsafe database name {name!r}")
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise SystemExit(f"unsafe database name {name!r}")
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def prepare_database(database_url: str, *, demo: bool) -> None:
    """Migrate (and seed the demo into an empty database) once, before the processes start."""
    command = [sys.executable, "-m", "db", "seed-demo" if demo else "migrate"]
    env = dict(os.environ, DATABASE_URL=database_url)
    done = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


def app_environment(database_url: str, *, demo: bool, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """What /etc/minsheng/minsheng.env holds in production, with fresh keys for this stack."""
    return {
        "DATABASE_URL": database_url,
        "MINSHENG_COOKIE_KEY": secrets.token_urlsafe(48),
        # Streamlit's own cookie secret: the same in every process, like the sign-in key.
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_urlsafe(48),
        "MINSHENG_DEMO": "1" if demo else "0",
        "MINSHENG_TRUSTED_PROXIES": "127.0.0.1",  # nginx, in front: its X-Forwarded-For names the client
        "PYTHONUNBUFFERED": "1",
        **(extra or {}),
    }


def start_app(state_dir: Path, port: int, environment: Mapping[str, str]) -> App:
    """`streamlit run app.py` on 127.0.0.1:port, as minsheng@PORT.service runs it."""
    log_path = state_dir / f"app-{port}.log"
    command = [sys.executable, "-m", "streamlit", "run", "app.py"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command,
            cwd=PROJECT,
            env={**os.environ, **environment},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # outlives `local-up`; stopped by `local-down`
        )
    return App(port, process, log_path)


def wait_healthy(app: App, timeout: float = APP_START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if app.process.poll() is not None:
            raise RuntimeError(f"the app on {app.port} exited with {app.process.returncode}:\n{app.log()[-3000:]}")
        try:
            with urllib.request.urlopen(app.url("/_stcore/health"), timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the app on {app.port} is not healthy after {timeout:.0f} s:\n{app.log()[-3000:]}")
        time.sleep(0.2)  # polling interval


def up(
    state_dir: Path,
    database_url: str,
    *,
    processes: int = 2,
    port: int | None = None,
    demo: bool = True,
    extra_env: Mapping[str, str] | None = None,
) -> Stack:
    """Prepare the database, start the processes and nginx; on any failure stop what started."""
    state_dir.mkdir(parents=True, exist_ok=True)
    prepare_database(database_url, demo=demo)
    environment = app_environment(database_url, demo=demo, extra=extra_env)
    env_file = state_dir / "minsheng.env"
    env_file.touch(mode=0o600)
    env_file.write_text("".join(f"{name}={value}\n" for name, value in environment.items()))
    apps: list[App] = []
    try:
        apps = [start_app(state_dir, free_port(), environment) for _ in range(processes)]
        for app in apps:
            wait_healthy(app)
        nginx = proxy.start(state_dir / "nginx", port or free_port(), [app.port for app in apps])
    except BaseException:
        for app in apps:
            stop_process(app.process)
        raise
    stack = Stack(state_dir, database_url, environment, nginx, apps)
    _save(stack)
    return stack


def restart_app(stack: Stack, index: int) -> App:
    """Start the process of apps[index] again on its port (what systemd's Restart=always does)."""
    old = stack.apps[index]
    stop_process(old.process)
    app = start_app(stack.state_dir, old.port, stack.environment)
    wait_healthy(app)
    stack.apps[index] = app
    _save(stack)
    return app


def down(stack: Stack) -> None:
    proxy.stop(stack.proxy.process)
    for app in stack.apps:
        stop_process(app.process)
    (stack.state_dir / "stack.json").unlink(missing_ok=True)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=APP_STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=APP_STOP_TIMEOUT_S)


def _save(stack: Stack) -> None:
    state = {
        "url": stack.url(),
        "database_url": make_url(stack.database_url).render_as_string(hide_password=True),
        "nginx_pid": stack.proxy.process.pid,
        "apps": [{"port": app.port, "pid": app.process.pid, "log": str(app.log_path)} for app in stack.apps],
    }
    (stack.state_dir / "stack.json").write_text(json.dumps(state, indent=2))


def down_from_state(state_dir: Path) -> dict[str, object] | None:
    """Stop what a `local-up` started (its pids are in stack.json); None if nothing is up."""
    state_file = state_dir / "stack.json"
    if not state_file.exists():
        return None
    state = json.loads(state_file.read_text())
    pids = [state["nginx_pid"], *(app["pid"] for app in state["apps"])]
    for pid in pids:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + APP_STOP_TIMEOUT_S
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)  # polling interval
    for pid in pids:
        if _alive(pid):
            _signal(pid, signal.SIGKILL)
    state_file.unlink()
    return dict(state)


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child of this process that exited but was not reaped still answers signal 0.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.local", description=__doc__.splitlines()[0])
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR)
    parser.add_argument("--server-url", default=os.environ.get("MINSHENG_LOCAL_SERVER_URL", DEFAULT_SERVER_URL))
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("up", help="start the stack")
    start.add_argument("--processes", type=int, default=2)
    start.add_argument("--port", type=int, help="nginx's port (default: a free one)")
    start.add_argument("--no-demo", action="store_true", help="no demo data (then create an admin: python -m db)")
    stop = commands.add_parser("down", help="stop the stack")
    stop.add_argument("--drop-database", action="store_true")
    args = parser.parse_args(argv)

    if args.command == "up":
        if (args.state_dir / "stack.json").exists():
            print(f"already up ({args.state_dir / 'stack.json'}); run deploy/local-down first", file=sys.stderr)
            return 1
        url = create_database(args.server_url, args.database)
        stack = up(args.state_dir, url, processes=args.processes, port=args.port, demo=not args.no_demo)
        for app in stack.apps:
            print(f"app   http://127.0.0.1:{app.port}  pid {app.process.pid}  log {app.log_path}")
        print(f"nginx {stack.url()}  pid {stack.proxy.process.pid}  access log {stack.proxy.access_log}")
        print(f"open  {stack.url()}")
        return 0
    stopped = down_from_state(args.state_dir)
    print("stopped " + (str(stopped["url"]) if stopped else "nothing (no stack.json)"))
    if args.drop_database:
        drop_database(args.server_url, args.database)
        print(f"dropped database {args.database}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
