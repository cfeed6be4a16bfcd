"""A PostgreSQL cluster of a test's own, on a free port in a temporary folder, which the test may stop.

The machine's shared server (127.0.0.1:5432) must never be restarted: other test runs use it.
initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from deploy.local import free_port
from tests.conftest import need

PG_TIMEOUT_S = 60


@dataclass
class Cluster:
    bin_dir: Path
    data_dir: Path
    port: int
    as_user: list[str]  # the command prefix that runs a tool as the cluster's owner

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def ctl(self, *arguments: str) -> None:
        """pg_ctl against the cluster, waiting for the action to finish."""
        command = [*self.as_user, str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-w"]
        command += ["-t", str(PG_TIMEOUT_S), *arguments]
        done = subprocess.run(command, capture_output=True, text=True, timeout=PG_TIMEOUT_S + 10)
        assert done.returncode == 0, f"pg_ctl {' '.join(arguments)}: {done.stdout}{done.stderr}"

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data_dir} -c max_connections=200"
        self.ctl("-o", options, "-l", str(self.data_dir / "server.log"), "start")

    def stop(self, mode: str = "fast") -> None:
        self.ctl("-m", mode, "stop")

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.start()


def _bin_dir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    bin_dir = _bin_dir()
    need(bin_dir is not None, "PostgreSQL's server binaries (initdb, pg_ctl) are not installed")
    assert bin_dir is not None
    as_root = os.geteuid() == 0
    need(not as_root or shutil.which("runuser") is not None, "runuser is needed to run initdb as postgres")
    folder = Path(tempfile.mkdtemp(prefix="minsheng-pg-"))  # not under pytest's root-only tmp folder
    data_dir = folder / "data"
    as_user: list[str] = []
    if as_root:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    init = [*as_user, str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "postgres", "--auth=trust"]
    done = subprocess.run([*init, "-E", "UTF8", "--locale=C.UTF-8"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    cluster = Cluster(bin_dir, data_dir, free_port(), as_user)
    try:
        cluster.start()
        yield cluster
    finally:
        try:
            cluster.stop("immediate")
        except AssertionError:
            pass  # already stopped
        shutil.rmtree(folder, ignore_errors=True)
