"""`python -m db backup FILE` and `python -m db restore FILE`: a restore into a fresh database holds
every table's rows exactly (count and checksum), on SQLite and on PostgreSQL; a database that
already holds data is replaced only with --force; a backup taken while a writer holds the lock
is the committed state.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from db.__main__ import main
from db.core import backup, clock, migrate
from db.core import session as db_session
from db.system import accounts
from db.system.models import Division
from db.system.passwords import new_password
from deploy import local
from tests.conftest import need
from tests.e2e.deploy.conftest import server_url


def use(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    """Point DATABASE_URL (what the command line reads) at url."""
    monkeypatch.setenv("DATABASE_URL", url)
    db_session.reset_engines()


def prints(capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    captured = capsys.readouterr()
    return captured.out, captured.err


def fingerprints(url: str) -> dict[str, backup.TableFingerprint]:
    try:
        return backup.fingerprints(db_session.get_engine(url))
    finally:
        db_session.reset_engines()


# --- SQLite -----------------------------------------------------------------------------------


def test_a_sqlite_backup_restores_into_a_fresh_file_with_every_table_alike(
    demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = fingerprints(demo_url)
    assert sum(t.rows for t in before.values()) > 10_000  # the demo: every table worth comparing has rows
    saved = tmp_path / "backups" / "minsheng.sqlite3.bak"
    assert main(["backup", str(saved)]) == 0
    assert "已备份" in prints(capsys)[0]

    fresh = f"sqlite:///{tmp_path / 'restored' / 'minsheng.sqlite3'}"
    use(monkeypatch, fresh)
    assert main(["restore", str(saved)]) == 0
    assert "已恢复" in prints(capsys)[0]
    assert fingerprints(fresh) == before
    with sqlite3.connect(tmp_path / "restored" / "minsheng.sqlite3") as restored:
        assert restored.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_sqlite_backup_taken_while_a_writer_holds_the_lock_is_the_committed_state(
    demo_url: str, tmp_path: Path
) -> None:
    before = fingerprints(demo_url)
    engine = db_session.get_engine(demo_url)
    with engine.connect() as writer:  # BEGIN IMMEDIATE: the app's write lock, held across the backup
        writer.execute(insert(Division).values(name="备份测试区", sort_order=99))
        saved = tmp_path / "during.bak"
        backup.backup(demo_url, saved)  # not blocked: a read transaction under WAL
        writer.commit()
    db_session.reset_engines()
    copy = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    backup.restore(copy, saved, db_session.get_engine(copy))
    assert fingerprints(copy) == before
    assert fingerprints(demo_url)["division"].rows == before["division"].rows + 1


def test_a_restore_over_a_database_with_data_is_refused_without_force(
    demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "minsheng.bak"
    assert main(["backup", str(saved)]) == 0
    with db_session.session_scope() as session:  # a change made after the backup
        accounts.create_admin(session, "after_backup", "备份之后", new_password("later-password-1"))
    changed = fingerprints(demo_url)
    prints(capsys)

    assert main(["restore", str(saved)]) == 1
    out, err = prints(capsys)
    assert "目标数据库不是空的" in err and "not empty" in err and "--force" in err and not out
    assert fingerprints(demo_url) == changed  # nothing touched

    assert main(["restore", "--force", str(saved)]) == 0
    restored = fingerprints(demo_url)
    assert restored != changed and restored["account"].rows == changed["account"].rows - 1


def test_a_restore_refuses_a_file_that_is_no_backup_of_this_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use(monkeypatch, f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    assert main(["restore", str(junk)]) == 1
    assert "不是 sqlite 备份" in prints(capsys)[1]
    assert main(["restore", str(tmp_path / "missing.bak")]) == 1
    assert "备份文件不存在" in prints(capsys)[1]


# --- PostgreSQL -------------------------------------------------------------------------------


@pytest.fixture
def pg_databases(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two fresh databases of this test's own on the shared server: a seeded source and an empty target."""
    admin = server_url()
    names = [f"minsheng_backup_{kind}_{os.getpid()}" for kind in ("source", "target")]
    source, target = (local.create_database(admin, name) for name in names)
    try:
        migrate.prepare(demo_mode=True, today=clock.today(), engine=db_session.get_engine(source))
        db_session.reset_engines()
        yield source, target
    finally:
        db_session.reset_engines()
        for name in names:
            local.drop_database(admin, name)


@pytest.mark.postgres
def test_a_postgres_backup_restores_into_a_fresh_database_with_every_table_alike(
    pg_databases: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target = pg_databases
    tools = [shutil.which("pg_dump"), *Path("/usr/lib/postgresql").glob("*/bin/pg_dump")]
    need(any(tools) or bool(os.environ.get(backup.PG_BIN_ENV)), "pg_dump is not installed (postgresql-client)")
    before = fingerprints(source)
    assert sum(t.rows for t in before.values()) > 10_000
    saved = tmp_path / "minsheng.dump"
    use(monkeypatch, source)
    assert main(["backup", str(saved)]) == 0
    assert saved.read_bytes().startswith(b"PGDMP")
    prints(capsys)

    assert main(["restore", str(saved)]) == 1  # the source itself holds data
    assert "--force" in prints(capsys)[1]

    use(monkeypatch, target)
    assert main(["restore", str(saved)]) == 0
    assert fingerprints(target) == before
    # The sequences came back too: the restored database takes new rows.
    with db_session.session_scope() as session:
        accounts.create_admin(session, "after_restore", "恢复之后", new_password("restored-password-1"))
        assert session.scalar(text("SELECT count(*) FROM account WHERE username = 'after_restore'")) == 1
