"""Briefing figures: the bundled dataset, synthetic sets of 25, 50 and 100 technologies (linear growth), and 200
technologies built by `python -m dashboard brief` in a process of its own (seconds and the whole process's peak
memory, issue 26); the Word briefing, bundled and at 200 technologies."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

from benchmarks.results import Result, best_of, user_env
from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_pair
from dashboard.core.models import AssessmentSet
from dashboard.core.scoring import Scores, score
from dashboard.render.document import briefing_document
from dashboard.render.docx import render_docx
from dashboard.render.formats import FORMATS
from dashboard.render.pdf import BriefingOptions, build_briefing
from dashboard.render.pdf.document import render_pdf
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC


def synthetic_set(data: AssessmentSet, n: int, seed: int = 0) -> AssessmentSet:
    """n technologies cloned from the bundled ones with shuffled levels (content of realistic length)."""
    rng = random.Random(seed)
    techs = []
    for i in range(n):
        base = data.technologies[i % len(data.technologies)]
        scores = {}
        for cid, entry in base.scores.items():
            if isinstance(entry.level, int | float):
                entry = entry.model_copy(update={"level": rng.randint(0, 4)})
            scores[cid] = entry
        techs.append(base.model_copy(update={"id": f"{base.id}_{i}", "name": f"{base.name} #{i}", "scores": scores}))
    return data.model_copy(update={"technologies": techs})


def _build(rubric, data) -> float:
    scores = score(compile_dataset(rubric, data))
    start = time.perf_counter()
    build_briefing(scores, BriefingOptions(date="2026-11-26"))
    return (time.perf_counter() - start) * 1000


def _process_ms() -> float:
    """`python -m dashboard brief` for the bundled set as a user runs it: a new process, imports included."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            sys.executable,
            "-m",
            "dashboard",
            "brief",
            "--out",
            str(Path(tmp) / "b.pdf"),
            "--date",
            "2026-11-26",
        ]
        root = Path(__file__).resolve().parent.parent
        return best_of(lambda: subprocess.run(command, cwd=root, env=user_env(), check=True, capture_output=True), 3)


# The Word briefing at the size limit, in a process of its own so that its peak RSS is the briefing's alone (with
# the imports and the scoring every briefing process has): seconds of the build, and the peak RSS in MB.
_DOCX_AT_SIZE = """
import json, resource, sys, time
from benchmarks.briefing import synthetic_set
from dashboard.core.compile import compile_dataset
from dashboard.core.loading import load_pair
from dashboard.core.scoring import Scores, score
from dashboard.render.document import BriefingOptions
from dashboard.render.formats import FORMATS
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC
rubric, data = load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)
scores = score(compile_dataset(rubric, synthetic_set(data, int(sys.argv[1]))))
start = time.perf_counter()
FORMATS["docx"].build(scores, BriefingOptions(date="2026-11-26"))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def docx_at_size(technologies: int = 200) -> tuple[float, float]:
    """The Word briefing of `technologies` synthetic technologies, built in a new process: (ms, peak RSS in MB)."""
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", _DOCX_AT_SIZE, str(technologies)], cwd=root, check=True, capture_output=True, text=True
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return figures["seconds"] * 1000, figures["rss_mb"]


def docx_results(bundled: Scores, options: BriefingOptions) -> list[Result]:
    """The Word briefing as the app builds it (FORMATS["docx"], imports done by the warm-up run), with the share of
    the document's blocks and of the Word rendering; and at the size limit (200 technologies)."""
    build = FORMATS["docx"].build
    document = briefing_document(bundled, options)
    blocks_ms = best_of(lambda: briefing_document(bundled, options), 5)
    rendering_ms = best_of(lambda: render_docx(document), 5)
    limit_ms, limit_rss = docx_at_size(200)
    return [
        Result(
            "briefing DOCX, bundled dataset, built as the app does (imports done)",
            best_of(lambda: build(bundled, options), 5),
            "ms",
            1000,
            note=f"blocks {blocks_ms:.0f} ms, Word rendering {rendering_ms:.0f} ms (medians, measured apart)",
        ),
        Result("briefing DOCX, 200 synthetic technologies, build", limit_ms, "ms", 60000, note="a new process"),
        Result(
            "briefing DOCX, 200 synthetic technologies, peak RSS of the process",
            limit_rss,
            "MB",
            1024,
            note="imports, scoring and the build",
        ),
    ]


def brief_process(data: Path, rubric: Path = DEFAULT_RUBRIC) -> tuple[float, float]:
    """`python -m dashboard brief` of a file as a user runs it: (wall seconds, the process's peak RSS in MB)."""
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "dashboard", "brief", "--rubric", str(rubric), "--data", str(data)]
        command += ["--out", str(Path(tmp) / "b.pdf"), "--date", "2026-11-26"]
        with open(Path(tmp) / "err", "w+b") as err:
            start = time.perf_counter()
            process = subprocess.Popen(command, cwd=root, env=user_env(), stdout=subprocess.DEVNULL, stderr=err)
            # wait4 gives this child's own peak, where getrusage(RUSAGE_CHILDREN) is the largest of all children.
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            if process.returncode:
                err.seek(0)
                raise RuntimeError(f"{' '.join(command)} failed:\n{err.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024  # kB on Linux


def synthetic_file(data: AssessmentSet, n: int, folder: Path) -> Path:
    """`synthetic_set(data, n)` written as an assessment file."""
    path = folder / f"synthetic-{n}.yaml"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    document = synthetic_set(data, n).model_dump(mode="json", exclude_none=True, by_alias=True)
    path.write_text(yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def size_limit(data: AssessmentSet, n: int = 200) -> list[Result]:
    """The briefing of n synthetic technologies (the bundled rubric's 16 criteria each) as the command builds it."""
    with tempfile.TemporaryDirectory() as tmp:
        seconds, peak = brief_process(synthetic_file(data, n, Path(tmp)))
    name = f"briefing PDF at the size limit ({n} technologies), whole process"
    return [Result(f"{name}: seconds", seconds, "s", 60), Result(f"{name}: peak RSS", peak, "MB", 1000)]


def run() -> list[Result]:
    rubric, data = load_pair(DEFAULT_RUBRIC, DEFAULT_DATA)
    bundled = score(compile_dataset(rubric, data))
    options = BriefingOptions(date="2026-11-26")
    results = [
        Result("python -m dashboard brief, bundled dataset, whole process", _process_ms(), "ms", 1200),
        Result(
            "briefing PDF, bundled dataset (13 technologies)",
            best_of(lambda: build_briefing(bundled, options), 3),
            "ms",
            1000,
        ),
    ]
    results += docx_results(bundled, options)  # the Word briefing (issue 26)
    # What tagging costs: the same document set by Typst with and without its structure tree (PDF/UA-1).
    document = briefing_document(bundled, options)
    tagged = best_of(lambda: render_pdf(document), 3)
    untagged = best_of(lambda: render_pdf(document, tagged=False), 3)
    results.append(
        Result(
            "briefing tagging cost, tagged / untagged Typst (bundled)",
            tagged / untagged,
            "x",
            1.3,
            note=f"tagged {tagged:.0f} ms, untagged {untagged:.0f} ms (rendering only, document built once)",
        )
    )
    timings = {n: min(_build(rubric, synthetic_set(data, n)) for _ in range(2)) for n in (25, 50, 100)}
    results.append(Result("briefing PDF, 100 synthetic technologies", timings[100], "ms", 30000))
    results.append(
        Result(
            "briefing growth, 50 -> 100 technologies (2.0 = linear)",
            timings[100] / timings[50],
            "x",
            2.4,
            note=f"25: {timings[25]:.0f} ms, 50: {timings[50]:.0f} ms",
        )
    )
    results += size_limit(data)
    big = score(compile_dataset(rubric, synthetic_set(data, 100)))
    tracemalloc.start()
    build_briefing(big, options)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    results.append(
        Result("briefing peak Python memory, 100 technologies", peak, "MB", note="tracemalloc peak during the build")
    )
    return results
