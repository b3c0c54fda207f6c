"""`python -m dashboard audit-log verify|export`: the audit trail for an auditor (site administrators).

`verify` checks every event's place in the hash chain and every version against its hash and the event that added
it, and names each event or version altered, inserted or missing (exit 1), or says the trail is intact (exit 0) with
the last event's hash, for the auditor to note. `export` writes every event as one JSON line (to --output, else to
standard output). Exit codes as the rest of the CLI: 0 ok, 1 a problem found or refused, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from dashboard.cli.workspace import add_as, open_as
from dashboard.settings import WORKSPACE_ENV
from dashboard.words import say

OK, INVALID = 0, 1


def add_audit_log_commands(sub: Any) -> None:
    log = sub.add_parser("audit-log", help="the tamper-evident record of who did what (site administrators)")
    lsub = log.add_subparsers(dest="log_command", required=True)
    for name, text in (
        ("verify", "check the hash chain and every version; name anything altered, inserted or missing"),
        ("export", "every event as JSON lines, for an auditor"),
    ):
        p = lsub.add_parser(name, help=text)
        p.add_argument("--workspace", default=None, help=f"database URL (default: ${WORKSPACE_ENV} or the app's)")
        add_as(p)
        if name == "export":
            p.add_argument("--output", type=Path, default=None, help="file to write (default: standard output)")


def run_audit_log_command(args: argparse.Namespace) -> int:
    from dashboard.workspace.records import WorkspaceError

    try:
        ws = open_as(args.workspace, args.as_email)
        if args.log_command == "verify":
            report = ws.verify()
            if report.problems:
                print(say("audit_log.failed", count=len(report.problems), workspace=ws.name), file=sys.stderr)
                for problem in report.problems:
                    print(f"  {problem}", file=sys.stderr)
                return INVALID
            print(
                say(
                    "audit_log.verified",
                    events=report.events,
                    versions=report.versions,
                    sets=report.sets,
                    head=report.head,
                )
            )
            return OK
        lines = (json.dumps(e.as_json(), ensure_ascii=False, sort_keys=True) + "\n" for e in ws.audit_trail())
        if args.output is None:
            sys.stdout.writelines(lines)
            return OK
        count = 0
        with args.output.open("w", encoding="utf-8") as out:
            for line in lines:
                out.write(line)
                count += 1
        print(say("audit_log.exported", events=count, output=args.output))
        return OK
    except WorkspaceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INVALID
