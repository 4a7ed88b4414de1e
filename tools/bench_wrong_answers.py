"""Benchmark the wrong-answer machinery: N candidate answers per exercise over every assignment (not a test).

    .venv/bin/python tools/bench_wrong_answers.py [--per-exercise 5] [--jobs 2]

Each candidate is the instructor's own answer (so every one must pass: the run also checks the
set-up of every assignment); they go through grading_tools.scoring.score_candidates exactly as the
wrong-answer suite's entries do (set-up once per assignment, a fork per candidate, every test cell of
its exercise whole and without its hidden parts). Prints seconds per assignment and in all, and the
machine's load (on a shared machine the figures move with it).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def one(name: str, per_exercise: int) -> tuple[str, int, float, list]:
    from grading_tools import scoring

    notebook = scoring.load_notebook(ROOT / "solutions" / name / f"{name}.ipynb")
    cells, _ = scoring.plan_cells(notebook)
    candidates = [
        scoring.Candidate(f"c{i}", cell.grade_id, cell.source)
        for cell in cells
        if cell.kind == "answer"
        for i in range(per_exercise)
    ]
    start = time.monotonic()
    results = scoring.score_candidates(
        notebook, candidates, cwd=ROOT / "solutions" / name, limits=scoring.RunnerLimits(cell_timeout=120)
    )
    failing = [(r.answer, r.key) for r in results if not r.passed_full]
    return name, len(candidates), time.monotonic() - start, failing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-exercise", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    names = sorted(p.name for p in (ROOT / "solutions").iterdir() if (p / f"{p.name}.ipynb").exists())
    print(
        f"{len(names)} assignments, {args.per_exercise} candidates per exercise, {args.jobs} at a time, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    start, total, bad = time.monotonic(), 0, 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for name, count, seconds, failing in pool.map(lambda n: one(n, args.per_exercise), names):
            total, bad = total + count, bad + len(failing)
            print(
                f"{name:<28} {count:4d} candidates {seconds:6.0f} s" + (f"  FAILING {failing[:3]}" if failing else "")
            )
    print(
        f"all: {total} candidates in {time.monotonic() - start:.0f} s; load average {os.getloadavg()[0]:.1f} at the end"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
