"""Benchmark autograding: sequential `nbgrader autograde` against `grading_tools` in parallel (not a test).

    .venv/bin/python tools/bench_grading.py [--students 32] [--jobs 2] [--timeout 20] [--assignment ID]

In two throwaway copies of the course, the same generated class (correct, partial and bad
submissions, from grading_tools.fake_class) is graded

1. sequentially: `python -m grading_tools preflight` then plain `nbgrader autograde`;
2. in parallel: `python -m grading_tools autograde --jobs N` (preflight, grading, report).

It checks that both gradebooks hold the same rows, then prints submissions per minute for
both runs and their ratio, and the per-submission overhead against executing the same
(correct) notebook once with nbclient, without nbgrader and without the sandbox. It then
prices the scoring design: for every submission of the class, the median seconds of a plain
execution (nbclient, no sandbox) against the scoring engine's run in the sandbox. The
machine's load is printed too: on a shared machine the figures move with it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _env() -> dict:
    return dict(
        os.environ,
        PYTHONNOUSERSITE="1",
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    )


def _run(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=_env())
    elapsed = time.perf_counter() - start
    if result.returncode not in (0,):
        raise SystemExit(
            f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
        )
    return elapsed


def make_course(where: Path, assignment: str, students: int) -> dict:
    from grading_tools.fake_class import make_class

    shutil.copytree(ROOT / "solutions" / assignment, where / "solutions" / assignment)
    shutil.copytree(ROOT / "exercises" / assignment, where / "exercises" / assignment)
    shutil.copy(ROOT / "nbgrader_config.py", where / "nbgrader_config.py")
    _run([sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force"], where)
    return make_class(where, assignment, where / "grading" / "submitted", students=students)


def plain_execution_seconds(notebook: Path, repeat: int, *, sandboxed: bool = False) -> list[float]:
    """Wall time to run a notebook once in a fresh kernel (start-up included), without nbgrader."""
    import nbformat
    from nbclient import NotebookClient

    from grading_tools.sandbox import SandboxedKernelManager

    times = []
    for _ in range(repeat):
        work = Path(tempfile.mkdtemp(prefix="bench-exec-"))
        nb = nbformat.read(str(notebook), as_version=4)
        options = {"kernel_manager_class": SandboxedKernelManager} if sandboxed else {}
        start = time.perf_counter()
        NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(work)}},
            **options,
        ).execute()
        times.append(time.perf_counter() - start)
        shutil.rmtree(work, ignore_errors=True)
    return times


def engine_against_plain(course: Path, assignment: str, timeout: int) -> tuple[list[float], list[float]]:
    """Per submission: seconds of a plain execution (nbclient, no sandbox) and of the engine's sandboxed scoring."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    from grading_tools.scoring import RunnerLimits, load_notebook
    from grading_tools.verdicts import run_engine

    plain, engine = [], []
    for path in sorted((course / "grading" / "submitted").glob(f"*/{assignment}/{assignment}.ipynb")):
        work = Path(tempfile.mkdtemp(prefix="bench-one-"))
        try:
            for item in path.parent.iterdir():
                if item.is_file() and not item.is_symlink():
                    shutil.copy(item, work)
            nb = nbformat.read(str(path), as_version=4)
            start = time.perf_counter()
            try:
                NotebookClient(
                    nb,
                    timeout=timeout,
                    kernel_name="python3",
                    allow_errors=True,
                    resources={"metadata": {"path": str(work)}},
                ).execute()
            except (CellTimeoutError, DeadKernelError):
                pass  # an endless loop or a crashed kernel: the time until nbclient gave up still counts
            plain.append(time.perf_counter() - start)
            start = time.perf_counter()
            run_engine(load_notebook(path), str(work), sandbox=True, limits=RunnerLimits(test_timeout=timeout))
            engine.append(time.perf_counter() - start)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return plain, engine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=32)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=int, default=20, help="seconds per cell for both runs")
    parser.add_argument("--assignment", default=None, help="default: the first assignment in solutions/")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the plain execution (median reported)")
    args = parser.parse_args(argv)
    assignment = args.assignment or sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())[0]

    from grading_tools.parallel import compare_gradebooks, gradebook_contents

    scratch = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        print(
            f"assignment {assignment}, {args.students} submissions, {args.jobs} workers, {args.timeout} s per cell, "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start",
            flush=True,
        )
        seq, par = scratch / "sequential", scratch / "parallel"
        made = make_course(seq, assignment, args.students)
        make_course(par, assignment, args.students)
        mix = {}
        for submission in made.values():
            mix[submission.scenario] = mix.get(submission.scenario, 0) + 1
        print("class:", ", ".join(f"{count} {name}" for name, count in sorted(mix.items())), flush=True)

        pre = _run([sys.executable, "-m", "grading_tools", "preflight", assignment], seq)
        sequential = _run(
            [sys.executable, "-m", "nbgrader", "autograde", assignment, f"--Execute.timeout={args.timeout}"], seq
        )
        print(f"sequential: preflight {pre:.1f} s + nbgrader autograde {sequential:.1f} s", flush=True)
        parallel = _run(
            [
                sys.executable,
                "-m",
                "grading_tools",
                "autograde",
                assignment,
                "--jobs",
                str(args.jobs),
                "--timeout",
                str(args.timeout),
                "--no-progress",
            ],
            par,
        )
        print(
            f"parallel:   grading_tools autograde --jobs {args.jobs} {parallel:.1f} s (preflight, grading and report)",
            flush=True,
        )

        differences = compare_gradebooks(
            gradebook_contents(f"sqlite:///{seq / 'grading' / 'gradebook.db'}"),
            gradebook_contents(f"sqlite:///{par / 'grading' / 'gradebook.db'}"),
        )
        correct = next(student for student, s in made.items() if s.scenario == "correct")
        notebook = seq / "grading" / "submitted" / correct / assignment / f"{assignment}.ipynb"
        plain = statistics.median(plain_execution_seconds(notebook, args.repeat))
        boxed = statistics.median(plain_execution_seconds(notebook, args.repeat, sandboxed=True))

        n = args.students
        seq_total = pre + sequential
        per_sub = seq_total / n
        timeouts = mix.get("endless-loop", 0) * args.timeout
        print()
        print(f"gradebooks equal: {'yes' if not differences else 'NO'}" + "".join(f"\n  {d}" for d in differences[:20]))
        print(f"sequential (preflight + nbgrader autograde): {n / seq_total * 60:6.1f} submissions/min")
        print(f"parallel   (grading_tools, {args.jobs} workers):     {n / parallel * 60:6.1f} submissions/min")
        print(f"speed-up (parallel / sequential):             {seq_total / parallel:6.2f}x")
        print(
            f"one correct notebook run once with nbclient, no nbgrader, no sandbox: {plain:.2f} s (median of {args.repeat})"
        )
        print(f"  the same in the sandboxed kernel (no nbgrader):                     {boxed:.2f} s")
        print(
            f"sequential time per submission: {per_sub:.2f} s, overhead over the plain run: {per_sub - plain:+.2f} s "
            f"({per_sub / plain:.2f}x); {timeouts} s of the sequential run are endless loops waiting for the timeout"
        )
        print(
            f"  without those: {(seq_total - timeouts) / n:.2f} s per submission, overhead "
            f"{(seq_total - timeouts) / n - plain:+.2f} s"
        )
        plain_each, engine_each = engine_against_plain(seq, assignment, args.timeout)
        print(
            f"per submission ({len(plain_each)}): plain execution (nbclient, no sandbox) median "
            f"{statistics.median(plain_each):.2f} s; scoring engine in the sandbox median "
            f"{statistics.median(engine_each):.2f} s ({statistics.median(engine_each) / statistics.median(plain_each):.2f}x)"
        )
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        return 0 if not differences else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
