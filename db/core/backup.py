"""Backups and restores of the whole store, safe while the app serves.

SQLite: the online backup API copies a consistent snapshot (a read transaction, which under WAL
blocks no writer) into a single file. PostgreSQL: pg_dump's custom format (one consistent
snapshot, any number of processes writing meanwhile), restored by pg_restore in one
transaction. A restore refuses a database that already holds data unless forced: restoring
replaces what is there.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import Engine, MetaData, Table, func, inspect, select
from sqlalchemy.engine import URL, make_url

PG_BIN_ENV = "MINSHENG_PG_BIN"  # a folder holding pg_dump and pg_restore, if not on PATH
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
SCHEMA_TABLE = "alembic_version"  # rows there are the schema's version, not data
TOOL_TIMEOUT_S = 3600


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why in Chinese and English."""


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    sha256: str


def backup(url: str, target: Path) -> None:
    """Write a backup of the store at `url` to `target` (written aside, then moved into place)."""
    parsed = make_url(url)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    if parsed.get_backend_name() == "sqlite":
        _sqlite_backup(_sqlite_path(parsed), partial)
    else:
        _run_pg("pg_dump", parsed, ["--format=custom", f"--file={partial}", *_schema_option(parsed)])
    os.replace(partial, target)


def restore(url: str, source: Path, engine: Engine, *, force: bool = False) -> None:
    """Restore `source` into the store at `url` (`engine` on it), refusing one with data unless forced."""
    parsed = make_url(url)
    if not source.is_file():
        raise BackupError(f"备份文件不存在：{source} / No such backup file: {source}")
    kind = _kind_of(source)
    wanted = "sqlite" if parsed.get_backend_name() == "sqlite" else "postgresql"
    if kind != wanted:
        raise BackupError(
            f"{source} 不是 {wanted} 备份（{kind or '无法识别'}），未恢复。"
            f" / {source} is not a {wanted} backup ({kind or 'unrecognised'}); nothing restored."
        )
    holding = tables_with_rows(engine)
    if holding and not force:
        raise BackupError(
            f"目标数据库不是空的（{', '.join(holding[:3])} 等 {len(holding)} 个表中有数据），未恢复。"
            "恢复将用备份替换其中的全部数据；确需如此，请先另行备份，再加 --force 重新执行。"
            f" / The target database is not empty ({len(holding)} tables hold rows, e.g. {', '.join(holding[:3])});"
            " nothing restored. A restore replaces all of its data: if that is intended, back it up first,"
            " then run again with --force."
        )
    engine.dispose()  # no pooled connection of ours may hold the file or the tables meanwhile
    if wanted == "sqlite":
        _sqlite_restore(source, _sqlite_path(parsed))
    else:
        _run_pg("pg_restore", parsed, ["--list", str(source)], check_only=True)
        options = ["--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error"]
        _run_pg("pg_restore", parsed, [*options, str(source)])


def tables_with_rows(engine: Engine) -> list[str]:
    """The tables (but the schema's version) that hold at least one row."""
    names = [name for name in inspect(engine).get_table_names() if name != SCHEMA_TABLE]
    metadata = MetaData()
    with engine.connect() as connection:
        return [
            name
            for name in sorted(names)
            if connection.scalar(select(func.count()).select_from(Table(name, metadata, autoload_with=connection)))
        ]


def fingerprints(engine: Engine) -> dict[str, TableFingerprint]:
    """Every table's row count and a SHA-256 of its rows in primary-key order: to compare two stores."""
    metadata = MetaData()
    metadata.reflect(engine)
    found = {}
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            digest = hashlib.sha256()
            rows = 0
            for row in connection.execute(select(table).order_by(*order)):
                digest.update(repr(tuple(_plain(value) for value in row)).encode())
                rows += 1
            found[table.name] = TableFingerprint(rows, digest.hexdigest())
    return found


def _plain(value: object) -> object:
    return value.hex() if isinstance(value, bytes | memoryview) and not isinstance(value, str) else value


def _kind_of(path: Path) -> str | None:
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    return None


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("内存数据库无法备份 / An in-memory database cannot be backed up")
    return Path(url.database)


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"数据库文件不存在：{source} / No such database file: {source}")
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as live, closing(sqlite3.connect(target)) as copy:
        live.backup(copy)  # all pages in one step: one consistent snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # the backup is one self-contained file
        _check_sqlite(copy, target)


def _sqlite_restore(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup_file:
        _check_sqlite(backup_file, source)
        target.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(target, timeout=15)) as live:
            backup_file.backup(live)  # replaces every page of the target, in one write transaction
            _check_sqlite(live, target)


def _check_sqlite(connection: sqlite3.Connection, path: Path) -> None:
    result = connection.execute("PRAGMA integrity_check").fetchone()
    versioned = connection.execute(f"SELECT count(*) FROM sqlite_master WHERE name = '{SCHEMA_TABLE}'").fetchone()
    if result != ("ok",) or versioned == (0,):
        raise BackupError(
            f"{path} 不是完好的本系统数据库（{result[0] if result else '?'}）"
            f" / {path} is not an intact database of this system ({result[0] if result else '?'})"
        )


# --- PostgreSQL -----------------------------------------------------------------------------


def _run_pg(tool: str, url: URL, arguments: list[str], *, check_only: bool = False) -> None:
    """Run pg_dump or pg_restore against `url`; the password goes by environment, never argv."""
    command = [_pg_tool(tool)]
    if not check_only:
        command += [f"--host={url.host or 'localhost'}", f"--port={url.port or 5432}", f"--dbname={url.database}"]
        if url.username:
            command.append(f"--username={url.username}")
        command.append("--no-password")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    options = url.query.get("options")
    if isinstance(options, str):
        env["PGOPTIONS"] = unquote(options)
    done = subprocess.run([*command, *arguments], env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT_S)
    if done.returncode != 0:
        raise BackupError(f"{tool} 失败 / {tool} failed ({done.returncode}):\n{done.stderr.strip()}")


def _schema_option(url: URL) -> list[str]:
    """A URL that pins search_path to one schema (the test and benchmark stores) backs up that schema."""
    options = url.query.get("options")
    found = re.search(r"search_path=([a-z_][a-z0-9_]*)", unquote(options)) if isinstance(options, str) else None
    return [f"--schema={found.group(1)}"] if found else []


def _pg_tool(name: str) -> str:
    folders = [os.environ.get(PG_BIN_ENV, "")]
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
    for folder in [*folders, *map(str, versions)]:
        if folder and (Path(folder) / name).is_file():
            return str(Path(folder) / name)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"找不到 {name}，请安装 PostgreSQL 客户端（Debian: postgresql-client）或设置 {PG_BIN_ENV}"
            f" / {name} not found: install the PostgreSQL client (Debian: postgresql-client) or set {PG_BIN_ENV}"
        )
    return found
