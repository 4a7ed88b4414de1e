"""Your progress at a glance: which exercises you started, whether their visible tests pass.

    python3 tasks.py progress                  # every module in exercises/
    python3 tasks.py progress 00 03-labeling   # only these modules (ids or their first digits)

For each exercise notebook in ``exercises/``, an exercise counts as started when its answer
cell no longer holds the stub (``raise NotImplementedError()`` or ``YOUR ANSWER HERE``).
The notebook is run on a copy, in a temporary folder: your started answers, the cells around
them and the visible tests of the exercises you started (not the stubs of the others). Your
notebooks and folders are only read, never written. Hidden tests are not in your copy: they
run when your work is graded, and written answers are read by a person.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parent.parent
STUBS = ("raise NotImplementedError()", "YOUR ANSWER HERE")
CELL_TIMEOUT_S = 120


@dataclass
class Exercise:
    title: str  # "Exercise 2: Implement accuracy by hand"
    grade_id: str  # of its answer cell
    written: bool  # a written answer (markdown), read by a person
    answer: int  # index of the answer cell
    tests: list[int] = field(default_factory=list)  # indexes of its visible test cells
    started: bool = False
    failures: dict[int, str] = field(default_factory=dict)  # test cell index -> what went wrong


@dataclass
class Report:
    module: str
    exercises: list[Exercise] = field(default_factory=list)
    problem: str = ""  # why the notebook could not be checked


def _is_stub(source: str) -> bool:
    return any(stub in source for stub in STUBS) or not source.strip()


def _has_code(source: str) -> bool:
    """True when a test cell holds more than its docstring (hidden tests are removed from your copy)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return True
    return any(not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)) for node in body)


def _title(cells, index: int, fallback: str) -> str:
    """The heading of the section holding cell ``index`` ("Exercise 2: ..."), first line only."""
    for cell in reversed(cells[:index]):
        if cell.cell_type == "markdown":
            for line in reversed(cell.source.splitlines()):
                if line.startswith("#") and "exercise" in line.lower():
                    return re.sub(r"\s*\(\d+ points?\)\s*$", "", line.lstrip("#").strip())
    return fallback


def exercises_of(notebook) -> list[Exercise]:
    """The exercises of an nbgrader student notebook: each answer cell and the visible tests after it."""
    found: list[Exercise] = []
    for index, cell in enumerate(notebook.cells):
        nbgrader = cell.metadata.get("nbgrader", {})
        if nbgrader.get("solution"):
            found.append(
                Exercise(
                    title=_title(notebook.cells, index, nbgrader.get("grade_id", f"cell {index}")),
                    grade_id=nbgrader.get("grade_id", f"cell {index}"),
                    written=cell.cell_type == "markdown",
                    answer=index,
                    started=not _is_stub(cell.source),
                )
            )
        elif nbgrader.get("grade") and cell.cell_type == "code" and found and _has_code(cell.source):
            found[-1].tests.append(index)
    return found


class _ThisEnvironment(KernelSpecManager):
    """The kernel runs in this Python, the course's environment, whatever other kernels are installed."""

    def get_kernel_spec(self, kernel_name):
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="course",
            language="python",
        )


def _error_text(outputs) -> str:
    for output in outputs:
        if output.get("output_type") == "error":
            message = f"{output.get('ename')}: {output.get('evalue')}".strip().rstrip(":")
            return message.splitlines()[0] if message else output.get("ename", "error")
    return ""


def check(path: Path, module: str) -> Report:
    """Run the visible tests of the started exercises of ``path`` on a copy; never write to ``path``."""
    report = Report(module)
    shown = path.relative_to(path.parents[2]).as_posix()  # exercises/<module>/<notebook>.ipynb
    try:
        text = path.read_text(encoding="utf-8")
        json.loads(text)  # for the line and column of a syntax error
        notebook = nbformat.reads(text, as_version=4)
    except json.JSONDecodeError as error:
        report.problem = f"{shown} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        return report
    except Exception as error:  # unreadable, or JSON that is not a notebook: say so, check the others
        report.problem = f"{shown} could not be read as a notebook ({type(error).__name__}: {error})"
        return report
    report.exercises = exercises_of(notebook)
    if not report.exercises:
        report.problem = f"{path.name} has no exercise (answer) cells: is it an exercise notebook?"
        return report
    started = [exercise for exercise in report.exercises if exercise.started and not exercise.written]
    if not started:
        return report
    skip = {
        index for exercise in report.exercises if not exercise.started for index in (exercise.answer, *exercise.tests)
    }
    tests = {index: exercise for exercise in started for index in exercise.tests}
    for index in skip:  # the stubs and tests of exercises not started: not run (they would only fail)
        if notebook.cells[index].cell_type == "code":
            notebook.cells[index].source = ""
    with tempfile.TemporaryDirectory(prefix="course-progress-") as scratch:
        # A copy of the notebook's folder: cells that write files (annotation logs, ...) write there.
        folder = Path(scratch) / path.parent.name
        shutil.copytree(path.parent, folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        manager = KernelManager(kernel_name="course", kernel_spec_manager=_ThisEnvironment())
        client = NotebookClient(
            notebook,
            km=manager,
            timeout=CELL_TIMEOUT_S,
            allow_errors=True,
            resources={"metadata": {"path": str(folder)}},
        )
        try:
            # the kernel process's own messages (not the cells' outputs) would only clutter the table
            client.execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except (CellTimeoutError, DeadKernelError) as error:
            report.problem = f"the run stopped: {type(error).__name__}: {str(error).splitlines()[0]}"
        finally:
            if manager.has_kernel:
                manager.shutdown_kernel(now=True)
    for index, exercise in tests.items():
        cell = notebook.cells[index]
        if cell.get("execution_count") is None and not report.problem:
            exercise.failures[index] = "did not run"
        elif report.problem and cell.get("execution_count") is None:
            exercise.failures[index] = "not reached"
        elif message := _error_text(cell.get("outputs", [])):
            exercise.failures[index] = message
    return report


def _next_step(report: Report) -> str:
    if report.problem:
        return "could not check: see below"
    for exercise in report.exercises:
        if exercise.failures:
            return f"fix {exercise.title.split(':')[0]}: its visible test fails (below)"
    for exercise in report.exercises:
        if not exercise.started:
            return f"{'write' if exercise.written else 'start'} {exercise.title}"
    return "all done: Validate in JupyterLab, then submit"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def table(reports: list[Report], width: int = 110) -> str:
    """One row per module: exercises attempted, visible tests passing, written answers empty, next step."""
    rows = [("module", "attempted", "visible tests", "written empty", "next")]
    for report in reports:
        if report.problem and not report.exercises:
            rows.append((report.module, "?", "?", "?", _next_step(report)))
            continue
        exercises = report.exercises
        written = [exercise for exercise in exercises if exercise.written]
        started = [exercise for exercise in exercises if exercise.started]
        checked = [index for exercise in started if not exercise.written for index in exercise.tests]
        failing = sum(len(exercise.failures) for exercise in started)
        rows.append(
            (
                report.module,
                f"{len(started)} of {len(exercises)}",
                f"{len(checked) - failing} of {len(checked)} pass" if checked else "-",
                f"{sum(not exercise.started for exercise in written)} of {len(written)}",
                "not started" if not started else _next_step(report),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = []
    for row in rows:
        left = "  ".join(cell.ljust(widths[column]) for column, cell in enumerate(row[:4]))
        lines.append(left + "  " + _shorten(row[4], max(20, width - len(left) - 2)))
    return "\n".join(lines)


def _modules(exercises: Path, wanted: list[str]) -> list[tuple[str, Path]]:
    notebooks = sorted(
        path
        for path in exercises.glob("*/*.ipynb")
        if ".ipynb_checkpoints" not in path.parts and not path.name.startswith(".")
    )
    chosen = [
        # a second notebook in a module's folder (a renamed copy) gets its own row, named by its file
        (path.parent.name if path.stem == path.parent.name else f"{path.parent.name}/{path.name}", path)
        for path in notebooks
        if not wanted or any(path.parent.name.startswith(prefix) for prefix in wanted)
    ]
    if wanted and not chosen:
        raise SystemExit(f"no exercise notebook in {exercises} matches {' '.join(wanted)}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="module ids or their first characters (default: all)")
    parser.add_argument("--exercises", type=Path, default=ROOT / "exercises", help="the exercises folder")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="modules checked at once")
    options = parser.parse_args(argv)
    if not options.exercises.is_dir():
        raise SystemExit(f"no exercises folder at {options.exercises}")
    modules = _modules(options.exercises, options.modules)
    print(f"Checking {len(modules)} exercise notebooks in {options.exercises} (on copies) ...", flush=True)
    with ProcessPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        reports = list(pool.map(check, [path for _, path in modules], [module for module, _ in modules]))
    print(table(reports, width=shutil.get_terminal_size((120, 24)).columns))
    failing = [(report, exercise) for report in reports for exercise in report.exercises if exercise.failures]
    if failing:
        print("\nVisible tests that fail:")
        for report, exercise in failing:
            for message in exercise.failures.values():
                print(f"  {report.module}, {exercise.title}: {message}")
    for report in reports:
        if report.problem:
            print(f"\n{report.module}: {report.problem}")
    unreadable = [report for report in reports if report.problem and not report.exercises]
    if unreadable:
        print(
            "\nYour file was left as it is. Open it in a text editor to repair it, or compare it with the "
            "course's version (git diff), or restore JupyterLab's last checkpoint from the "
            ".ipynb_checkpoints folder next to it."
        )
    print("\nHidden tests run when your work is graded; written answers are read by a person.")
    return 1 if unreadable else 0


if __name__ == "__main__":
    sys.exit(main())
