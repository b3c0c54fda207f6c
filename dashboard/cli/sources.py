"""`python -m dashboard sources attach|list`: stored copies of the sources in a set's register.

A copy (a PDF, HTML or text file) is kept in the workspace as it was attached, with its SHA-256, who attached it and
when; the audit (`python -m dashboard audit --set SET`) checks every quote citing the source against the copy's
text. Attaching needs the analyst role on the set, listing the reader role. Exit codes: 0 ok, 1 refused or invalid,
2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from dashboard.cli.workspace import add_as, open_as
from dashboard.settings import MAX_BYTES, WORKSPACE_ENV
from dashboard.words import say

OK, INVALID = 0, 1
SHORT_HASH = 12  # the SHA-256's first characters, as the register shows them


def add_sources_commands(sub: Any) -> None:
    def common(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--workspace", default=None, help=f"database URL (default: ${WORKSPACE_ENV} or the app's)")
        add_as(p)
        return p

    sources = sub.add_parser("sources", help="stored copies of a set's sources, to check quotes against")
    ssub = sources.add_subparsers(dest="sources_command", required=True)
    p = common(ssub.add_parser("attach", help="keep a copy (PDF, HTML or text) of a registered source"))
    p.add_argument("set_id", metavar="SET")
    p.add_argument("source", metavar="SOURCE", help="the source's id in the set's register")
    p.add_argument("file", type=Path, metavar="FILE")
    p = common(ssub.add_parser("list", help="the copies kept for a set, with how many quotes each verifies"))
    p.add_argument("set_id", metavar="SET")
    p.add_argument("--format", default="table", choices=["table", "json"])


def run_sources_command(args: argparse.Namespace) -> int:
    from dashboard.core.problems import InputError
    from dashboard.workspace.records import WorkspaceError

    try:
        ws = open_as(args.workspace, args.as_email)
        if args.sources_command == "attach":
            return _attach(ws, args)
        return _list(ws, args)
    except WorkspaceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INVALID
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INVALID


def counts(ws: Any, set_id: str, copies: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Per source with a copy: (quotes found in it, quotes citing it), in the set's latest version."""
    from dashboard.core.audit import quote_counts
    from dashboard.workspace import service

    data = service.load(ws, set_id).data
    return quote_counts(data, {sid: c.text for sid, c in copies.items()})


def _attach(ws: Any, args: argparse.Namespace) -> int:
    from dashboard.workspace.records import WorkspaceError

    try:
        size = args.file.stat().st_size
        if size > MAX_BYTES:
            raise WorkspaceError(say("sources.too_big", size=size, limit=MAX_BYTES))
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"error: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return INVALID
    kept = ws.attach_copy(args.set_id, args.source, args.file.name, data)
    found, quotes = counts(ws, args.set_id, {kept.source_id: kept})[kept.source_id]
    print(
        say(
            "sources.attached",
            name=kept.file_name,
            source=kept.source_id,
            set_id=args.set_id,
            sha=kept.sha256[:SHORT_HASH],
            found=found,
            quotes=quotes,
        )
    )
    return OK


def _list(ws: Any, args: argparse.Namespace) -> int:
    copies = ws.copies(args.set_id)
    found = counts(ws, args.set_id, copies) if copies else {}
    if args.format == "json":
        rows = [
            {
                "source": c.source_id,
                "file_name": c.file_name,
                "media_type": c.media_type,
                "size": c.size,
                "sha256": c.sha256,
                "attached_by": c.attached_by,
                "attached_at": c.attached_at.isoformat(),
                "quotes_found": found[sid][0],
                "quotes": found[sid][1],
            }
            for sid, c in sorted(copies.items())
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return OK
    if not copies:
        print(say("sources.none_in_set", set_id=args.set_id))
    for sid, c in sorted(copies.items()):
        status = say("sources.kept", sha=c.sha256[:SHORT_HASH], found=found[sid][0], quotes=found[sid][1])
        print(
            say(
                "sources.listed",
                source=sid,
                name=c.file_name,
                media_type=c.media_type,
                size=c.size,
                sha=c.sha256,
                who=c.attached_by,
                when=c.attached_at.strftime("%Y-%m-%d %H:%M UTC"),
                status=status,
            )
        )
    return OK
