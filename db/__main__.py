"""Command line: `python -m db migrate | seed-demo | create-admin USERNAME NAME`."""

from __future__ import annotations

import argparse
import getpass
import sys

from db.core import clock, migrate, settings
from db.core.errors import Refused
from db.core.session import session_scope
from db.system import accounts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply every migration")
    commands.add_parser("seed-demo", help="migrate and seed demo data into an empty database")
    admin = commands.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("username")
    admin.add_argument("display_name")
    args = parser.parse_args(argv)

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
            with session_scope() as session:
                accounts.create_admin(session, args.username, args.display_name, password)
        except Refused as refused:
            print(f"Refused / 未创建: {refused.reason}", file=sys.stderr)
            return 1
        print(f"Created admin {args.username} on {settings.load().database_url.split('@')[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
