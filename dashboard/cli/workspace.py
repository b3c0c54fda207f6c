"""`python -m dashboard workspace list|import|history|diff|export|export-all|import-all`: the workspace from the
command line.

It acts with the database's credentials as the local administrator, or with `--as EMAIL` as that user, and then
only with their rights: the workspace checks every read and write (dashboard/workspace/access.py), and a refusal
is exit 1 with a message naming the role needed.

Exit codes as the rest of the CLI: 0 ok, 1 invalid input or a refused save, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dashboard.core.problems import InputError
from dashboard.settings import WORKSPACE_ENV

if TYPE_CHECKING:
    from dashboard.workspace.repository import Workspace

# The workspace (SQLAlchemy) loads only for workspace commands: `score` and `brief` start faster without it.

OK, INVALID, USAGE = 0, 1, 2


def add_workspace_commands(sub: Any) -> None:
    ws = sub.add_parser("workspace", help="assessment sets kept with versions in the workspace database")
    wsub = ws.add_subparsers(dest="ws_command", required=True)

    def common(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--workspace", default=None, help=f"database URL (default: ${WORKSPACE_ENV}, else the app's SQLite file)"
        )
        add_as(p)
        return p

    common(wsub.add_parser("list", help="sets with their latest version"))
    p = common(wsub.add_parser("import", help="validate a file and store it as a new set or the next version"))
    p.add_argument("file", type=Path, help="assessment YAML")
    p.add_argument("--rubric", type=Path, default=None, help="rubric YAML (default: the workspace rubric it names)")
    p.add_argument("--set", dest="set_id", default=None, help="set id (default: a new set named from the title)")
    p.add_argument("--base", type=int, default=None, help="refuse unless the set's latest version is this one")
    p.add_argument("--message", default="", help="what changed and why")
    p.add_argument("--author", default="", help="your name (recorded as not verified)")
    p = common(wsub.add_parser("history", help="every version of a set"))
    p.add_argument("set_id", metavar="SET")
    p.add_argument("--format", default="table", choices=["table", "json"])
    p = common(wsub.add_parser("diff", help="what changed between two versions, and its effect on the scores"))
    p.add_argument("set_id", metavar="SET")
    p.add_argument("v1", type=int)
    p.add_argument("v2", type=int)
    p.add_argument("--format", default="table", choices=["table", "json"])
    p = common(wsub.add_parser("export", help="write a version's YAML exactly as it was saved"))
    p.add_argument("set_id", metavar="SET")
    p.add_argument("--version", type=int, default=None, help="version number (default: latest)")
    p.add_argument("--out", type=Path, required=True)
    p = common(wsub.add_parser("export-all", help="every version of every set and every rubric, for backup"))
    p.add_argument("dir", type=Path)
    p = common(wsub.add_parser("import-all", help="restore a backup written by export-all (docs/workspace.md)"))
    p.add_argument("dir", type=Path)
    p = wsub.add_parser(
        "grant-app-role",
        help="PostgreSQL: let ROLE (the app's login) read and add rows, never UPDATE or DELETE versions or events",
    )
    p.add_argument("role", metavar="ROLE")
    p.add_argument("--workspace", default=None, help="the database URL as its owner (default: $" + WORKSPACE_ENV + ")")


def add_as(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as",
        dest="as_email",
        default=None,
        metavar="EMAIL",
        help="act as this user, with only their rights (default: the local administrator)",
    )


def open_as(url: str | None, email: str | None) -> Workspace:
    """The workspace at `url`, acting as the user with `email` (None: the local administrator)."""
    from dashboard.workspace.repository import open_workspace

    ws = open_workspace(url)
    return ws.acting(ws.actor_for(email)) if email else ws


def run_workspace_command(args: argparse.Namespace) -> int:
    from dashboard.workspace.records import SaveConflict, WorkspaceError

    try:
        if args.ws_command == "grant-app-role":
            return _grant_app_role(args)
        ws = open_as(args.workspace, args.as_email)
        return COMMANDS[args.ws_command](ws, args)
    except SaveConflict as exc:
        print(
            f"refused: {exc}. Nothing was stored. Compare with `workspace diff {exc.set_id} {exc.base} "
            f"{exc.latest.number}`, then import again with --base {exc.latest.number}.",
            file=sys.stderr,
        )
        return INVALID
    except WorkspaceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INVALID
    except OSError as exc:  # a backup folder that cannot be written or read
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}; check the path and its permissions", file=sys.stderr)
        return INVALID
    except InputError as exc:
        print(f"{len(exc.problems)} problem(s) found; nothing was stored:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem.format()}", file=sys.stderr)
        return INVALID


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    sets = ws.sets()
    if not sets:
        print(f"No assessment sets in {ws.name}.")
        return OK
    width = max(len(s.id) for s in sets)
    print(f"{'Set':<{width}}  {'Latest':>6}  {'Saved (UTC)':<16}  {'By':<20}  Title")
    for s in sets:
        v = s.latest
        print(f"{s.id:<{width}}  {v.number:>6}  {v.created_at:%Y-%m-%d %H:%M}  {v.author[:20]:<20}  {s.title}")
    return OK


def _import(ws: Workspace, args: argparse.Namespace) -> int:
    from dashboard.workspace import service as workspace

    if not args.file.is_file():
        print(f"error: no such file: {args.file}", file=sys.stderr)
        return USAGE
    rubric = workspace.add_rubric(ws, args.rubric.read_bytes(), args.rubric.name) if args.rubric else None
    if args.base is not None and args.set_id is None:
        print("error: --base needs --set", file=sys.stderr)
        return USAGE
    info = workspace.import_set(
        ws,
        args.file.read_bytes(),
        args.file.name,
        rubric=rubric,
        set_id=args.set_id,
        base=args.base,
        author=args.author or "command line",
        message=args.message,
    )
    print(f"Stored {args.file} as version {info.number} of '{info.set_id}'.")
    return OK


def _history(ws: Workspace, args: argparse.Namespace) -> int:
    versions = ws.history(args.set_id)
    if args.format == "json":
        print(json.dumps([_version_json(v) for v in versions], indent=2, ensure_ascii=False))
        return OK
    print(f"{'#':>4}  {'Saved (UTC)':<16}  {'By':<24}  Message")
    for v in versions:
        who = v.author + ("" if v.author_verified else " (not verified)")
        print(f"{v.number:>4}  {v.created_at:%Y-%m-%d %H:%M}  {who[:24]:<24}  {v.message}")
    return OK


def _version_json(v: Any) -> dict[str, Any]:
    return {
        "number": v.number,
        "parent": v.parent,
        "author": v.author,
        "author_verified": v.author_verified,
        "message": v.message,
        "created_at": v.created_at.isoformat(),
        "sha256": v.sha256,
    }


def _diff(ws: Workspace, args: argparse.Namespace) -> int:
    from dashboard.core.diff import diff_sets
    from dashboard.views.diff_text import diff_table
    from dashboard.workspace import service as workspace

    a, b = workspace.load(ws, args.set_id, args.v1), workspace.load(ws, args.set_id, args.v2)
    diff = diff_sets((a.rubric, a.data), (b.rubric, b.data))
    if args.format == "json":
        doc = {"set": args.set_id, "from": args.v1, "to": args.v2, **diff.to_json()}
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        print(f"'{args.set_id}': version {args.v1} -> {args.v2}")
        print(diff_table(diff))
    return OK


def _export(ws: Workspace, args: argparse.Namespace) -> int:
    version = ws.version(args.set_id, args.version)
    from dashboard.workspace.files import write_private

    write_private(args.out, version.content)
    ws.record("export", args.set_id, version.info.number, format="yaml", via="command line")
    print(f"Wrote version {version.info.number} of '{args.set_id}' to {args.out}.")
    return OK


def _export_all(ws: Workspace, args: argparse.Namespace) -> int:
    """Everything, with a manifest that `import-all` restores from (dashboard/workspace/backup.py)."""
    from dashboard.workspace import backup

    n = backup.export_all(ws, args.dir)
    print(
        f"Wrote {n.versions} version(s) of {n.sets} set(s), {n.rubrics} rubric(s), {n.briefings} briefing record(s), "
        f"{n.drafts} draft(s) and {n.copies} stored copy(ies) of sources to {args.dir}. Restore with: workspace "
        f"import-all {args.dir}"
    )
    return OK


def _import_all(ws: Workspace, args: argparse.Namespace) -> int:
    from dashboard.workspace import backup

    if not args.dir.is_dir():
        print(f"error: no such folder: {args.dir}", file=sys.stderr)
        return USAGE
    n = backup.import_all(ws, args.dir)
    print(
        f"Restored {n.versions} version(s) ({n.sets} new set(s)), {n.rubrics} rubric(s), {n.briefings} briefing "
        f"record(s), {n.drafts} draft(s) and {n.copies} stored copy(ies) of sources from {args.dir} into {ws.name}."
    )
    return OK


def _grant_app_role(args: argparse.Namespace) -> int:
    """Run as the database's owner, after every upgrade (docs/workspace.md)."""
    from dashboard.workspace.app_role import grant_app_role
    from dashboard.workspace.repository import open_workspace

    ws = open_workspace(args.workspace)  # upgrades the schema first, as its owner
    done = grant_app_role(ws.engine, args.role)
    print(f"Granted {args.role} on {ws.name}: read and add rows; never UPDATE or DELETE versions or events.")
    print("\n".join(f"  {statement};" for statement in done))
    return OK


COMMANDS = {
    "list": _list,
    "import": _import,
    "history": _history,
    "diff": _diff,
    "export": _export,
    "export-all": _export_all,
    "import-all": _import_all,
}
