"""`python -m dashboard validate|score|audit|method|schema|brief|workspace|users|access|sources|ratings|review|
audit-log|serve`. Exit codes: 0 ok, 1 invalid input, a refused action or a deployment that cannot start, 2 usage."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.cli.audit_log import add_audit_log_commands, run_audit_log_command
from dashboard.cli.flags import add_serve_security, password_on_command_line
from dashboard.cli.people import add_people_commands, run_people_command
from dashboard.cli.ratings import add_ratings_commands, run_ratings_command
from dashboard.cli.review import add_review_commands, run_review_command
from dashboard.cli.sources import add_sources_commands, run_sources_command
from dashboard.cli.workspace import add_as, add_workspace_commands, run_workspace_command
from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_pair, read_document
from dashboard.core.problems import InputError, Problem, join_path
from dashboard.core.schema import KINDS, json_schema
from dashboard.core.scoring import score
from dashboard.render.export import Provenance, scores_csv, scores_json
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC, SERVE_HOST, SERVE_PORT, WORKSPACE_ENV
from dashboard.views.labels import reader_table
from dashboard.views.messages import JUDGEMENT_NOTE
from dashboard.words import say

OK, INVALID, USAGE = 0, 1, 2


def _files(parser: argparse.ArgumentParser, workspace: bool = False) -> None:
    parser.add_argument("--rubric", type=Path, default=DEFAULT_RUBRIC, help="rubric YAML (default: bundled)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="assessment YAML (default: bundled)")
    if workspace:
        parser.add_argument(
            "--workspace", default=None, help=f"workspace URL (default: ${WORKSPACE_ENV} or the app's file)"
        )
        parser.add_argument("--set", dest="set_id", default=None, help="read the set from the workspace, not --data")
        parser.add_argument("--version", type=int, default=None, help="with --set: version number (default: latest)")
        add_as(parser)


def _weights(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", default=None, help="weight profile id from the rubric (default: base weights)")
    parser.add_argument("--scenario", default="reported", choices=["inherent", "reported", "safeguarded"])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check a rubric and an assessment file; list every problem")
    _files(p)
    p = sub.add_parser("score", help="score the technologies")
    _files(p, workspace=True)
    _weights(p)
    p.add_argument("--format", default="table", choices=["table", "csv", "json"])
    p = sub.add_parser("audit", help="evidence audit before publishing (with --set: and quotes against stored copies)")
    _files(p, workspace=True)
    p = sub.add_parser("method", help="print the rubric's methodology as Markdown (docs/methodology.md quotes it)")
    p.add_argument("--rubric", type=Path, default=DEFAULT_RUBRIC, help="rubric YAML (default: bundled)")
    p = sub.add_parser("schema", help="print the JSON Schema of a file format")
    p.add_argument("kind", choices=list(KINDS))
    p = sub.add_parser("brief", help="build a briefing: a tagged PDF or a Word document")
    _files(p, workspace=True)
    _weights(p)
    p.add_argument("--out", type=Path, required=True, help="where to write the briefing")
    p.add_argument(
        "--format",
        choices=["pdf", "docx"],
        default=None,
        help="pdf or docx (Word); default: from --out's extension, else pdf",
    )
    p.add_argument("--tech", action="append", default=None, help="technology id to include (repeatable)")
    p.add_argument("--title", default=None, help="briefing title (default: the dataset title)")
    p.add_argument("--marking", default="OFFICIAL", help="protective marking, e.g. OFFICIAL or DRAFT")
    p.add_argument("--date", default=None, help="fixed date (YYYY-MM-DD) for a reproducible build")
    p.add_argument(
        "--changes",
        action="store_true",
        help="with --set: add 'Changes since the last briefing' issued from the set (as the app's checkbox does)",
    )
    p = sub.add_parser(
        "serve", help="the team deployment: several app processes behind HAProxy, sharing the workspace database"
    )
    p.add_argument("--replicas", type=int, default=None, help="app processes (default: one per core)")
    p.add_argument("--port", type=int, default=SERVE_PORT, help=f"the port users open (default: {SERVE_PORT})")
    p.add_argument("--host", default=SERVE_HOST, help=f"the address to listen on (default: {SERVE_HOST})")
    p.add_argument("--workspace", default=None, help=f"workspace URL (default: ${WORKSPACE_ENV} or the app's file)")
    add_serve_security(p)
    add_workspace_commands(sub)
    add_people_commands(sub)
    add_sources_commands(sub)
    add_ratings_commands(sub)
    add_audit_log_commands(sub)
    add_review_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Only the process's own command line is shown by `ps`; a caller passing `argv` in-process exposes nothing.
    if argv is None and (refused := password_on_command_line(args)):
        print(f"error: {refused}", file=sys.stderr)
        return USAGE
    try:
        if args.command == "schema":
            print(json.dumps(json_schema(args.kind), indent=2))
            return OK
        if args.command == "method":
            from dashboard.core.loading import load_rubric
            from dashboard.views.method_doc import method_markdown

            print(method_markdown(load_rubric(args.rubric)))
            return OK
        if args.command == "workspace":
            return run_workspace_command(args)
        if args.command in ("users", "access"):
            return run_people_command(args)
        if args.command == "sources":
            return run_sources_command(args)
        if args.command == "ratings":
            return run_ratings_command(args)
        if args.command == "audit-log":
            return run_audit_log_command(args)
        if args.command == "review":
            return run_review_command(args)
        if args.command == "serve":
            from dashboard.cli.serve import ServeError, serve, serve_options

            try:
                return serve(serve_options(args))
            except ServeError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return INVALID
        provenance = None
        if getattr(args, "set_id", None):
            loaded = _from_workspace(args)
            rubric, data = loaded.rubric, loaded.data
            provenance = Provenance(loaded.set_id, loaded.number)
            args.loaded = loaded
        else:
            rubric, data = load_pair(args.rubric, args.data)
        if args.command == "validate":
            print(
                f"OK: {args.rubric} ({rubric.id} {rubric.version}, {len(rubric.criteria)} criteria) and "
                f"{args.data} ({len(data.technologies)} technologies) are valid."
            )
            return OK
        if args.command == "audit":
            return _audit(args, rubric, data)
        compiled = compile_dataset(rubric, data)
        try:
            scores = score(compiled, profile=args.profile, scenario=args.scenario)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return USAGE
        if args.command == "score":
            _print_scores(scores, args.format, provenance)
            return OK
        if args.command == "brief":
            return _brief(args, scores, provenance)
    except InputError as exc:
        _report(exc.problems)
        return INVALID
    except Exception as exc:
        # The workspace (and SQLAlchemy) is imported only when it was used, so only then can this be its error.
        if "dashboard.workspace.records" in sys.modules:
            from dashboard.workspace.records import WorkspaceError

            if isinstance(exc, WorkspaceError):
                print(f"error: {exc}", file=sys.stderr)
                return INVALID
        raise
    return USAGE


def _from_workspace(args):
    from dashboard.cli.workspace import open_as
    from dashboard.workspace import service as workspace

    return workspace.load(open_as(args.workspace, args.as_email), args.set_id, args.version)


def _report(problems: list[Problem]) -> None:
    print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem.format()}", file=sys.stderr)


def _audit(args, rubric, data) -> int:
    from dashboard.core.audit import audit, notes

    loaded = getattr(args, "loaded", None)
    if loaded is None:
        findings = audit(rubric, data)
        name, doc = str(args.data), None
    else:  # a stored set: its quotes are checked against the copies kept of its sources too
        from dashboard.cli.workspace import open_as
        from dashboard.core.yaml_io import parse_yaml_bytes

        copies = open_as(args.workspace, args.as_email).copies(loaded.set_id)
        findings = audit(rubric, data, {sid: c.text for sid, c in copies.items()})
        name = f"{loaded.set_id} v{loaded.number}"
        doc = parse_yaml_bytes(loaded.content.encode("utf-8"), name)
    informational = notes(data)
    if not findings:
        print(f"Audit clean: {name} ({len(data.technologies)} technologies, {len(data.sources)} sources).")
    if not (findings or informational):
        return OK
    doc = doc or read_document(args.data)
    if findings:
        _report([Problem(name, join_path(list(p)), m, h, doc.line_of(p)) for p, m, h in findings])
    if informational:  # on stdout, and never the exit status: what is left to check, not what is wrong
        print(say("audit.notes_heading", count=len(informational)))
        for p, m, h in informational:
            print(f"  {Problem(name, join_path(list(p)), m, h, doc.line_of(p)).format()}")
    return INVALID if findings else OK


def _print_scores(scores, fmt: str, provenance: Provenance | None = None) -> None:
    if fmt == "json":
        print(scores_json(scores, provenance))
    elif fmt == "csv":
        sys.stdout.write(scores_csv(scores, provenance))
    else:
        table = reader_table(scores)
        width = max(len(n) for n in table["name"]) if len(table) else 4
        print(f"{'#':>3}  {'Technology':<{width}}  {'Score':>6}  {'Range':>13}  Tier / red lines")
        for _, row in table.iterrows():
            rng = "-" if row["score_low"] is None else f"{row['score_low']:.1f}-{row['score_high']:.1f}"
            value = "-" if row["score"] is None else f"{row['score']:.1f}"
            extra = f"  [red line: {', '.join(row['red_lines'])}]" if row["red_lines"] else ""
            gaps = "" if row["complete"] else f"  (incomplete: {len(row['missing'])} missing)"
            print(
                f"{row['rank']:>3}  {row['name']:<{width}}  {value:>6}  {rng:>13}  {row['tier_display']}{extra}{gaps}"
            )
        print(f"\nProfile: {scores.profile or 'default'}; scenario: {scores.scenario}. {JUDGEMENT_NOTE}")
        if provenance:
            print(f"From {provenance.describe()}.")


def _brief(args, scores, provenance: Provenance | None = None) -> int:
    from dashboard.render.pdf import BriefingOptions
    from dashboard.workspace import briefings

    if args.date:
        try:
            dt.date.fromisoformat(args.date)
        except ValueError:
            print(f"error: --date must be YYYY-MM-DD, got {args.date!r}", file=sys.stderr)
            return USAGE
    known = scores.compiled.tech_ids
    unknown = [t for t in (args.tech or []) if t not in known]
    if unknown:
        print(f"error: unknown technology id(s): {', '.join(unknown)}; known: {', '.join(known)}", file=sys.stderr)
        return USAGE
    if args.changes and provenance is None:
        print("error: --changes needs --set: only a stored set has briefings to compare with", file=sys.stderr)
        return USAGE
    ws = briefed = changes = None
    settings = briefings.Settings(profile=args.profile or "default", scenario=args.scenario)
    if provenance is not None:
        from dashboard.cli.workspace import open_as

        ws = open_as(args.workspace, args.as_email)
        briefed = briefings.Briefed(provenance.set_id, provenance.version, False, args.loaded.content)
        if args.changes:
            changes = briefings.changes_since_last_briefing(
                ws, briefed, (args.loaded.rubric, args.loaded.data), settings
            )
            if changes is None:
                print(f"No briefing was issued from '{provenance.set_id}' before: no changes section.")
    rating = None
    if ws is not None and provenance is not None:
        from dashboard.workspace.rounds import briefing_note

        rating = briefing_note(ws, provenance.set_id, provenance.version)  # the method annex's rating round
    options = BriefingOptions(
        title=args.title,
        marking=args.marking,
        technologies=args.tech,
        date=args.date,
        provenance=provenance.describe() if provenance else None,
        changes=changes,
        rating=rating,
    )
    chosen = args.format or ("docx" if args.out.suffix.lower() == ".docx" else "pdf")
    issued = briefings.issue_briefing(
        scores,
        options,
        ws=ws,
        briefed=briefed,
        settings=settings,
        author="command line",
        issued_by="command line",
        format=chosen,
    )
    from dashboard.workspace.files import write_private

    write_private(args.out, issued.document)
    print(f"Wrote {args.out} ({len(issued.document):,} bytes).")
    if issued.recorded and provenance is not None:
        print(f"Recorded the briefing in the workspace ({provenance.describe()}).")
    elif issued.problem:
        print(f"error: {issued.problem}", file=sys.stderr)
        return INVALID
    return OK
