"""Command line: `python -m db migrate | seed-demo | create-admin U NAME | backup F | restore F | verify-audit`."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from pathlib import Path

from db.core import audit, backup, clock, migrate, settings
from db.core.errors import Refused
from db.core.session import get_engine, read_scope, session_scope
from db.system import accounts
from db.system.passwords import new_password


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply every migration")
    commands.add_parser("seed-demo", help="migrate and seed demo data into an empty database")
    admin = commands.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("username")
    admin.add_argument("display_name")
    save = commands.add_parser("backup", help="back up the whole database to FILE (safe while the app serves)")
    save.add_argument("file", type=Path)
    load = commands.add_parser("restore", help="restore FILE into the database (stop the app first)")
    load.add_argument("file", type=Path)
    load.add_argument("--force", action="store_true", help="replace a database that already holds data")
    verify = commands.add_parser("verify-audit", help="check the audit log's hash chain: whole, or where it breaks")
    verify.add_argument(
        "--anchors-from",
        type=Path,
        action="append",
        default=[],
        metavar="LOG",
        help="the application's log: every 'audit head #id hash' line in it must still hold",
    )
    args = parser.parse_args(argv)
    if args.command == "verify-audit":
        return _verify_audit(args.anchors_from)
    if args.command in ("backup", "restore"):
        return _backup_or_restore(args.command, args.file, force=getattr(args, "force", False))

    if args.command == "migrate":
        migrate.upgrade()
    elif args.command == "seed-demo":
        migrate.prepare(demo_mode=True, today=clock.today())
    else:
        migrate.upgrade()
        password = getpass.getpass("Password / 密码: ")
        if password != getpass.getpass("Again / 再次输入: "):
            print("Passwords differ / 两次输入的密码不一致", file=sys.stderr)
            return 1
        try:
            hashed = new_password(password)  # before the transaction opens
            with session_scope() as session:
                accounts.create_admin(session, args.username, args.display_name, hashed)
        except Refused as refused:
            print(f"Refused / 未创建: {refused.reason}", file=sys.stderr)
            return 1
        print(f"Created admin {args.username} on {settings.load().database_url.split('@')[-1]}")
    return 0


def _verify_audit(logs: list[Path]) -> int:
    """Exit 0 when the chain is whole, 1 when it breaks (each break listed), for cron or a monitor."""
    try:
        anchors = audit.anchors_in(line for log in logs for line in _lines(log))
    except OSError as error:
        print(f"无法读取日志 / Cannot read the log: {error}", file=sys.stderr)
        return 2
    with read_scope() as session:
        result = audit.verify(session, anchors)
    if result.whole:
        print(
            f"审计日志完整 / Audit chain whole: {result.entries:,} entries, {result.anchors:,} logged heads hold; "
            f"head #{result.head_id} {result.head_hash or '-'}"
        )
        return 0
    print(f"审计日志被改动 / Audit chain BROKEN: {result.entries:,} entries, breaks at:")
    for found in result.breaks:
        print(f"  #{found.entry_id} {found.kind}")
    if result.more_breaks:
        print(f"  … {result.more_breaks} more")
    return 1


def _lines(log: Path) -> Iterator[str]:
    with log.open(encoding="utf-8", errors="replace") as lines:
        yield from lines


def _backup_or_restore(command: str, file: Path, *, force: bool) -> int:
    url = settings.load().database_url
    where = url.split("@")[-1]
    try:
        if command == "backup":
            backup.backup(url, file)
            print(f"已备份 / Backed up {where} -> {file} ({file.stat().st_size:,} bytes)")
            return 0
        backup.restore(url, file, get_engine(url), force=force)
    except backup.BackupError as error:
        print(error, file=sys.stderr)
        return 1
    rows = sum(table.rows for table in backup.fingerprints(get_engine(url)).values())
    print(f"已恢复 / Restored {file} -> {where} ({rows:,} rows)。随后请执行 / next: python -m db migrate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
