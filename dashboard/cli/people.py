"""`python -m dashboard users add|list|disable` and `access grant|revoke|list`: people and their roles on sets.

The workspace decides who may do this (site administrators manage users; a set's owners manage its members), so
`--as EMAIL` runs a command with only that user's rights; without it the command acts as the local administrator,
with the database's credentials. Exit codes: 0 ok, 1 refused or invalid, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dashboard.cli.workspace import add_as, open_as
from dashboard.settings import WORKSPACE_ENV

OK, INVALID = 0, 1
ROLES = ("reader", "analyst", "reviewer", "owner")  # workspace/access.py's ROLES, which the workspace checks


def add_people_commands(sub: Any) -> None:
    def common(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--workspace", default=None, help=f"database URL (default: ${WORKSPACE_ENV} or the app's)")
        add_as(p)
        return p

    users = sub.add_parser("users", help="the people who may sign in (site administrators)")
    usub = users.add_subparsers(dest="users_command", required=True)
    p = common(usub.add_parser("add", help="add a user by email, before their first sign-in"))
    p.add_argument("email")
    p.add_argument("--name", default="", help="their name as shown (default: the email)")
    p.add_argument("--admin", action="store_true", help="make them a site administrator")
    p = common(usub.add_parser("list", help="every user"))
    p.add_argument("--format", default="table", choices=["table", "json"])
    p = common(usub.add_parser("disable", help="refuse every later action of a user"))
    p.add_argument("email")

    access = sub.add_parser("access", help="who holds which role on a set (its owners)")
    asub = access.add_subparsers(dest="access_command", required=True)
    p = common(asub.add_parser("grant", help="give a user a role on a set"))
    p.add_argument("set_id", metavar="SET")
    p.add_argument("email")
    p.add_argument("--role", required=True, choices=ROLES)
    p = common(asub.add_parser("revoke", help="take a user's role on a set away"))
    p.add_argument("set_id", metavar="SET")
    p.add_argument("email")
    p = common(asub.add_parser("list", help="the members of a set"))
    p.add_argument("set_id", metavar="SET")
    p.add_argument("--format", default="table", choices=["table", "json"])


def run_people_command(args: argparse.Namespace) -> int:
    from dashboard.workspace.records import WorkspaceError

    try:
        ws = open_as(args.workspace, args.as_email)
        if args.command == "users":
            return _users(ws, args)
        return _access(ws, args)
    except WorkspaceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INVALID


def _users(ws: Any, args: argparse.Namespace) -> int:
    if args.users_command == "add":
        user = ws.add_user(args.email, args.name, admin=args.admin)
        kind = "site administrator" if user.site_admin else "user, with no access to any set yet"
        print(f"Added {user.email} ({user.name}) as a {kind}. Grant access with `access grant SET {user.email}`.")
    elif args.users_command == "disable":
        user = ws.disable_user(args.email)
        print(f"Disabled {user.email}: every later action of theirs is refused.")
    else:
        users = ws.users()
        rows = [{"email": u.email, "name": u.name, "site_admin": u.site_admin, "disabled": u.disabled} for u in users]
        if args.format == "json":
            print(json.dumps(rows, indent=2, ensure_ascii=False))
            return OK
        width = max(len(r["email"]) for r in rows)
        for r in rows:
            flags = ", ".join(
                f for f, on in (("site administrator", r["site_admin"]), ("disabled", r["disabled"])) if on
            )
            print(f"{r['email']:<{width}}  {r['name']}{f'  ({flags})' if flags else ''}")
    return OK


def _access(ws: Any, args: argparse.Namespace) -> int:
    if args.access_command == "grant":
        member = ws.grant(args.set_id, args.email, args.role)
        print(f"{member.email} now has the {member.role} role on '{args.set_id}'.")
    elif args.access_command == "revoke":
        ws.revoke(args.set_id, args.email)
        print(f"{args.email} no longer has a role on '{args.set_id}'.")
    else:
        members = ws.members(args.set_id)
        if args.format == "json":
            print(json.dumps([vars(m) for m in members], indent=2, ensure_ascii=False))
            return OK
        for m in members:
            print(f"{m.role:<9} {m.email}  ({m.name})")
    return OK
