"""`python -m benchmarks.alternate OLD NEW [--rounds 5] [--only core,workspace,briefing]`: the same benchmarks on two
revisions of the code, old and new alternating, so both see the same machine state (this machine's speed drifts by
up to a factor of two within an hour, so figures from separate runs do not compare).

Each revision is checked out into a temporary worktree and runs `python -m benchmarks --json` there, in its own
process. Prints, per benchmark, the median of each side, the ratio new/old and the range of the per-round ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _worktree(revision: str, into: Path) -> Path:
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(into), revision], cwd=ROOT, check=True)
    return into


def _run(tree: Path, only: str) -> dict[str, dict[str, object]]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--json", "--only", only],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    # 1: a goal not met, which the figures themselves show; but an uncaught exception exits 1 too, with no figures
    if out.returncode not in (0, 1) or not out.stdout.strip():
        raise SystemExit(f"benchmarks failed in {tree} (exit {out.returncode}):\n{out.stderr[-3000:]}")
    result: dict[str, dict[str, object]] = json.loads(out.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.alternate")
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default="core,workspace,briefing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        trees = {"old": _worktree(args.old, Path(tmp) / "old"), "new": _worktree(args.new, Path(tmp) / "new")}
        try:
            rounds: list[dict[str, dict[str, dict[str, object]]]] = []
            for k in range(args.rounds):
                order = ("old", "new") if k % 2 == 0 else ("new", "old")  # neither side always goes first
                rounds.append({side: _run(trees[side], args.only) for side in order})
                print(f"round {k + 1} of {args.rounds} done", file=sys.stderr)
        finally:
            for tree in trees.values():
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
    names = [n for n in rounds[0]["new"] if n in rounds[0]["old"]]
    width = max(len(n) for n in names)
    print(f"{'benchmark':<{width}}  {'old':>10}  {'new':>10}  {'new/old':>8}  per-round ratios")
    for name in names:
        old = [float(str(r["old"][name]["value"])) for r in rounds]
        new = [float(str(r["new"][name]["value"])) for r in rounds]
        ratios = [n / o for n, o in zip(new, old, strict=True) if o]
        unit = rounds[0]["new"][name]["unit"]
        ratio = statistics.median(new) / statistics.median(old) if statistics.median(old) else float("nan")
        spread = f"{min(ratios):.2f}-{max(ratios):.2f}" if ratios else "-"
        print(
            f"{name:<{width}}  {statistics.median(old):>10.3f}  {statistics.median(new):>10.3f}  {ratio:>8.2f}  "
            f"{spread} ({unit})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
