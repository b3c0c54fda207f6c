"""`python -m benchmarks [--json] [--only core,workspace,app,briefing,load,limits,assess]`: figures and goals."""

from __future__ import annotations

import argparse
import json
import sys

from benchmarks import core, workspace

SUITES = {"core": core.run, "workspace": workspace.run}


def _load_optional() -> None:
    # The app and briefing suites import heavier modules; register them only when present.
    try:
        from benchmarks import app

        SUITES["app"] = app.run
    except ImportError:
        pass
    try:
        from benchmarks import briefing

        SUITES["briefing"] = briefing.run
    except ImportError:
        pass
    from benchmarks import load  # many concurrent sessions; minutes long, so only with --only load

    SUITES["load"] = load.run
    from benchmarks import limits  # the stated size limit: about a minute, so only with --only limits

    SUITES["limits"] = limits.run
    from benchmarks import assess  # drives the Assess page in Chromium: about a minute, so only with --only assess

    SUITES["assess"] = assess.run


def main(argv: list[str] | None = None) -> int:
    _load_optional()
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--json", action="store_true", help="print a JSON object of name -> value, unit, goal")
    default = [name for name in SUITES if name not in ("load", "limits", "assess")]
    parser.add_argument(
        "--only",
        default=",".join(default),
        help=f"comma-separated suites: {', '.join(SUITES)} (default: all but load, limits and assess)",
    )
    args = parser.parse_args(argv)
    results = []
    for name in args.only.split(","):
        if name not in SUITES:
            parser.error(f"unknown suite '{name}'")
        results += SUITES[name]()
    if args.json:
        print(
            json.dumps(
                {
                    r.name: {"value": round(r.value, 3), "unit": r.unit, "goal": r.goal, "met": r.met, "note": r.note}
                    for r in results
                },
                indent=2,
            )
        )
    else:
        width = max(len(r.name) for r in results)
        print(f"{'benchmark':<{width}}  {'value':>10}  {'goal':>10}  met")
        for r in results:
            goal = "-" if r.goal is None else f"<= {r.goal:g}"
            met = "-" if r.met is None else ("yes" if r.met else "NO")
            note = f"  ({r.note})" if r.note else ""
            print(f"{r.name:<{width}}  {r.value:>8.1f} {r.unit:<2} {goal:>10}  {met}{note}")
    return 0 if all(r.met is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
