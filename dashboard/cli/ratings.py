"""`python -m dashboard ratings open|submit|agreement|close|list`: rating rounds, each raters' scores blind to the
others until they submit, and how far they agree.

Each takes `--as EMAIL` (default: the local administrator); who may do what is decided in the workspace
(workspace/rounds.py and access.py), so a refusal here is the same as in the app. Exit codes: 0 ok, 1 refused or
invalid (the reason on stderr), 2 usage.
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


def add_ratings_commands(sub: Any) -> None:
    def common(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--workspace", default=None, help=f"database URL (default: ${WORKSPACE_ENV} or the app's)")
        add_as(p)
        p.add_argument("set_id", metavar="SET")
        return p

    ratings = sub.add_parser("ratings", help="rating rounds: several raters score blind; their agreement")
    rsub = ratings.add_subparsers(dest="ratings_command", required=True)
    p = common(rsub.add_parser("open", help="open a round on a version, naming its raters (the set's owner)"))
    p.add_argument("--version", type=int, required=True, help="the version the raters score")
    p.add_argument("--raters", required=True, metavar="EMAIL,...", help="the raters' emails, comma-separated")
    p.add_argument("--technology", action="append", default=[], help="a technology to rate (repeatable; default all)")
    p.add_argument("--criterion", action="append", default=[], help="a criterion to rate (repeatable; default all)")
    p = common(rsub.add_parser("submit", help="submit one's scores (a file in the assessment format)"))
    p.add_argument("round", type=int, metavar="ROUND")
    p.add_argument("file", type=Path, metavar="FILE.yaml")
    p = common(rsub.add_parser("agreement", help="Krippendorff's alpha and the disagreements that matter"))
    p.add_argument("round", type=int, metavar="ROUND")
    p.add_argument("--format", default="table", choices=["table", "json"])
    p = common(rsub.add_parser("close", help="close a round before every rater has submitted (the set's owner)"))
    p.add_argument("round", type=int, metavar="ROUND")
    common(rsub.add_parser("list", help="the set's rounds and who has submitted"))


def run_ratings_command(args: argparse.Namespace) -> int:
    from dashboard.core.problems import InputError
    from dashboard.workspace.records import WorkspaceError

    try:
        ws = open_as(args.workspace, args.as_email)
        return {"open": _open, "submit": _submit, "agreement": _agreement, "close": _close, "list": _list}[
            args.ratings_command
        ](ws, args)
    except (WorkspaceError, InputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INVALID


def _status(info: Any) -> str:
    done = sum(1 for r in info.raters if r.submitted)
    state = say("rounds.state_open") if info.is_open else say("rounds.state_closed", by=info.closed_by or "")
    return say(
        "rounds.status",
        label=info.label,
        state=state,
        done=done,
        raters=len(info.raters),
        technologies=len(info.technologies),
        criteria=len(info.criteria),
    )


def _open(ws: Any, args: argparse.Namespace) -> int:
    from dashboard.workspace import rounds

    info = rounds.open_round(
        ws,
        args.set_id,
        version=args.version,
        raters=args.raters.split(","),
        technologies=args.technology,
        criteria=args.criterion,
    )
    print(say("rounds.opened", number=info.number, set_id=args.set_id, status=_status(info)))
    return OK


def _submit(ws: Any, args: argparse.Namespace) -> int:
    from dashboard.core.raters import read_ratings
    from dashboard.workspace import rounds, service

    info = rounds.get_round(ws, args.set_id, args.round)
    try:
        if args.file.stat().st_size > MAX_BYTES:
            raise OSError(say("sources.too_big", size=args.file.stat().st_size, limit=MAX_BYTES))
        raw = args.file.read_bytes()
    except OSError as exc:
        print(f"error: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return INVALID
    rubric = service.load(ws, args.set_id, info.version).rubric
    entries = read_ratings(raw, args.file.name, rubric, info.technologies, info.criteria)
    after = rounds.submit(ws, args.set_id, args.round, entries)
    count = sum(len(v) for v in entries.values())
    print(say("rounds.submitted", who=str(ws.actor), count=count, status=_status(after)))
    return OK


def _close(ws: Any, args: argparse.Namespace) -> int:
    from dashboard.workspace import rounds

    print(_status(rounds.close(ws, args.set_id, args.round)))
    return OK


def _list(ws: Any, args: argparse.Namespace) -> int:
    from dashboard.workspace import rounds

    found = rounds.rounds(ws, args.set_id)
    if not found:
        print(say("rounds.none", set_id=args.set_id))
    for info in found:
        print(_status(info))
        for r in info.raters:
            line = (
                say("rounds.rater_submitted", email=r.email)
                if r.submitted
                else say("rounds.rater_waiting", email=r.email)
            )
            print("  " + line)
    return OK


def alpha_json(a: Any) -> dict[str, Any]:
    return {"alpha": a.rounded(3), "pairable": a.pairable, "undefined": a.undefined}


def _agreement(ws: Any, args: argparse.Namespace) -> int:
    from dashboard.views.raters import alpha_text, consequence_text
    from dashboard.workspace import rounds

    rep = rounds.report(ws, args.set_id, args.round)
    ag = rep.agreement
    if args.format == "json":
        out = {
            "set": args.set_id,
            "round": rep.info.number,
            "version": rep.info.version,
            "open": rep.info.is_open,
            "raters": list(rep.ratings),
            "metric": "ordinal",
            **alpha_json(ag.overall),
            "nominal": alpha_json(rep.nominal),
            "interval": alpha_json(rep.interval),
            "ranges_left_out": ag.ranges,
            "not_applicable_left_out": ag.not_applicable,
            "criteria": {c: alpha_json(a) for c, a in ag.criteria.items()},
            "technologies": {t: alpha_json(a) for t, a in ag.technologies.items()},
            "disagreements": [
                {
                    "technology": c.technology,
                    "matters": c.matters,
                    "tiers": {o.rater: o.tier for o in c.outcomes},
                    "red_lines": {o.rater: list(o.red_lines) for o in c.outcomes},
                    "red_lines_split": list(c.red_lines_split),
                    "drivers": list(c.drivers),
                }
                for c in rep.consequences
            ],
        }
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return OK
    print(_status(rep.info))
    print(say("rounds.alpha_overall", alpha=alpha_text(ag.overall), ranges=ag.ranges, na=ag.not_applicable))
    for cid, a in ag.criteria.items():
        print("  " + say("rounds.alpha_of", name=rep.criterion_names.get(cid, cid), alpha=alpha_text(a)))
    for c in rep.consequences:
        print(consequence_text(c, rep.names[c.technology], rep.criterion_names, rep.tier_labels, rep.red_line_names))
    return OK
