"""`python -m dashboard review status|request|comment|resolve|decide|withdraw`: review and sign-off from the command
line, each step decided by the workspace's workflow table (dashboard/workspace/review.py), as the user `--as EMAIL`
names (default: the local administrator). A refusal is exit 1 with its reason; 2 is a usage error."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dashboard.cli.workspace import add_as, open_as
from dashboard.settings import WORKSPACE_ENV

OK, INVALID = 0, 1


def add_review_commands(sub: Any) -> None:
    review = sub.add_parser("review", help="review and sign-off of a set's versions")
    rsub = review.add_subparsers(dest="review_command", required=True)

    def common(p: argparse.ArgumentParser, version_required: bool = True) -> argparse.ArgumentParser:
        p.add_argument("set_id", metavar="SET")
        p.add_argument(
            "--version", type=int, required=version_required, default=None, help="version number (status: latest)"
        )
        p.add_argument("--workspace", default=None, help=f"database URL (default: ${WORKSPACE_ENV} or the app's)")
        add_as(p)
        return p

    p = common(rsub.add_parser("status", help="a version's review state, approvals and open comments"), False)
    p.add_argument("--format", default="table", choices=["table", "json"])
    p = common(rsub.add_parser("request", help="ask for review of a version (its author, or an analyst)"))
    p.add_argument("--message", default="", help="what the reviewers should look at")
    p = common(rsub.add_parser("comment", help="comment on the set, a technology or one criterion's score"))
    p.add_argument("--technology", default="", help="technology id (default: the whole set)")
    p.add_argument("--criterion", default="", help="criterion id, with --technology (default: the technology)")
    p.add_argument("--text", required=True, help="the comment")
    p = common(rsub.add_parser("resolve", help="mark a comment resolved"))
    p.add_argument("--comment", type=int, required=True, help="the comment's id (review status lists them)")
    p = common(rsub.add_parser("decide", help="approve or request changes (with --technology: a verdict on it)"))
    p.add_argument("--verdict", required=True, choices=["approve", "changes_requested"])
    p.add_argument("--technology", default="", help="give the verdict on one technology: acceptable / to correct")
    p.add_argument("--message", default="", help="why")
    p.add_argument(
        "--accept-attestation", action="store_true", help="approving: accept the attestation `review status` shows"
    )
    common(rsub.add_parser("withdraw", help="withdraw your own approval of a version"))


def run_review_command(args: argparse.Namespace) -> int:
    from dashboard.workspace import review as W
    from dashboard.workspace.records import WorkspaceError

    try:
        ws = open_as(args.workspace, args.as_email)
        command = args.review_command
        if command == "status":
            _print_status(W.status(ws, args.set_id, args.version), args.format)
            return OK
        if command == "request":
            done = W.act(ws, args.set_id, args.version, "request", message=args.message)
        elif command == "comment":
            done = W.act(
                ws, args.set_id, args.version, "comment", technology=args.technology, criterion=args.criterion,
                text=args.text,
            )  # fmt: skip
        elif command == "resolve":
            done = W.act(ws, args.set_id, args.version, "resolve", comment=args.comment)
        elif command == "withdraw":
            done = W.act(ws, args.set_id, args.version, "withdraw")
        elif args.technology:
            verdict = W.ACCEPTABLE if args.verdict == "approve" else W.TO_CORRECT
            done = W.act(
                ws, args.set_id, args.version, "verdict", technology=args.technology, verdict=verdict,
                message=args.message,
            )  # fmt: skip
        else:
            action = "approve" if args.verdict == "approve" else "request_changes"
            done = W.act(ws, args.set_id, args.version, action, message=args.message, attested=args.accept_attestation)
        print(f"'{done.set_id}' version {done.version}: {done.state}" + _approvals(done))
        return OK
    except WorkspaceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INVALID


def _approvals(status: Any) -> str:
    return f" ({len(status.approvals)} of {status.required} approvals)" if status.required else ""


def _print_status(status: Any, fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(status.as_json(), indent=2, ensure_ascii=False))
        return
    print(f"'{status.set_id}' version {status.version} of {status.latest}: {status.state}" + _approvals(status))
    for a in status.approvals:
        print(f"  approved by {a.name} <{a.email}> ({a.role}) at {a.created_at:%Y-%m-%d %H:%M UTC}")
        print(f"    content sha256 {a.content_sha256}, rubric sha256 {a.rubric_sha256}")
    if status.approved_version is not None and not status.covers_latest:
        print(f"  the approval of version {status.approved_version} does not cover version {status.latest}: see")
        print(f"  `workspace diff {status.set_id} {status.approved_version} {status.latest}`")
    for tech, verdict in status.verdicts.items():
        print(f"  {tech}: {verdict}")
    for c in status.open_comments:
        where = "/".join(x for x in (c.technology, c.criterion) if x) or "the set"
        print(f"  open comment {c.pk} on {where} (version {c.version}) by {c.author}: {c.text}")
    print(f"  attestation: {status.attestation}")
