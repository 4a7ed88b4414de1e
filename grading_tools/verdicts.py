"""The scoring step of ``nbgrader autograde``: the engine's verdicts replace the test cells' outputs.

``nbgrader_config.py`` puts :class:`ScoreTestCells` right after the sandboxed execution. The
execution still runs the whole submission in a kernel, for the feedback (plots, printed values,
errors where they happen). This step then scores the same notebook with the engine
(``grading_tools.scoring``) in the same sandbox, and replaces the outputs of every autograded test
cell by the engine's verdict: an error output carrying the test's message when it failed, printed
output only when it passed. nbgrader's ``SaveAutoGrades`` then scores those outputs as usual (an
error is 0, anything else full points), so its "the first output decides" rule has nothing a
submission could game: no execute_result or display_data ever reaches it.

Before the first submission of an assignment, :func:`check_grading_environment` checks that the
kernel's Python imports the same ``utils`` the sandbox exposes and finds the course data, and
grades the instructor's own notebook in the same sandbox: grading refuses to go on, saying why and
how to fix it, unless the reference gets full marks (no silent zeroes for a whole class).
``python -m grading_tools autograde`` runs the same check before its batch.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Float

from . import scoring
from .sandbox import GradingLimits, MemoryWatch, sandbox_mode_default, sandboxed

NOTE_PREFIX = "[course grader] "
PASSED_TEXT = "[course grader] passed\n"


class GradingEnvironmentError(RuntimeError):
    """The grading environment would give honest work zero: grading refuses to start."""


def kernel_python(notebook: dict) -> str:
    """The Python the notebook's kernel runs (its kernelspec's, like jupyter_client resolves it)."""
    name = ((notebook.get("metadata") or {}).get("kernelspec") or {}).get("name") or "python3"
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        argv = KernelSpecManager().get_kernel_spec(name).argv
    except Exception:  # no such kernelspec: nbgrader would fail the same way; the engine uses ours
        return sys.executable
    first = argv[0] if argv else "python"
    if first in {"python", "python3", f"python{sys.version_info[0]}.{sys.version_info[1]}"} or first == "{python}":
        return sys.executable
    return shutil.which(first) or first


def trusted_kinds(db_url: str, notebook_id: str, assignment_id: str) -> dict[str, str]:
    """grade_id -> kind of every cell the instructor's notebook gives a kind, from the gradebook."""
    from nbgrader.api import Gradebook

    kinds = {}
    with Gradebook(db_url) as gradebook:
        notebook = gradebook.find_notebook(notebook_id, assignment_id)
        grade = {cell.name for cell in notebook.grade_cells if cell.cell_type == "code"}
        solution = {cell.name for cell in notebook.solution_cells}
        for cell in notebook.source_cells:
            if cell.cell_type != "code":
                continue
            if cell.name in grade and cell.name not in solution:
                kinds[cell.name] = "test"
            elif cell.name in solution and cell.name not in grade:
                kinds[cell.name] = "answer"
            elif cell.locked and cell.name not in grade and cell.name not in solution:
                kinds[cell.name] = "instructor"
    return kinds


def run_engine(
    notebook: dict,
    workdir: str,
    *,
    sandbox: bool,
    python: str | None = None,
    limits: scoring.RunnerLimits | None = None,
    trusted_ids: dict[str, str] | None = None,
    bwrap: str = "bwrap",
    grading_limits: GradingLimits | None = None,
) -> scoring.ScoreResult:
    """Score a notebook with the engine, in the sandbox unless ``sandbox`` is False (the instructor opted out)."""
    python = python or sys.executable
    if not sandbox:
        return scoring.score_notebook(
            notebook,
            cwd=workdir,
            limits=limits,
            trusted_ids=trusted_ids,
            command=scoring.runner_command(python),
        )
    grading_limits = grading_limits or GradingLimits()
    limits = limits or scoring.RunnerLimits()
    limits.memory_mb = grading_limits.memory_mb  # a test over it fails alone; the watch below is the backstop
    with sandboxed(scoring.runner_command(python), workdir=workdir, bwrap=bwrap, limits=grading_limits) as run:
        return scoring.score_notebook(
            notebook,
            cwd=run["cwd"],
            limits=limits,
            trusted_ids=trusted_ids,
            command=run["command"],
            env=scoring.runner_environment(run["env"]),
            watch=MemoryWatch(grading_limits.memory_mb + 512),
        )


# -- the outputs nbgrader scores ----------------------------------------------------------------
def verdict_outputs(verdict: scoring.TestVerdict) -> list[dict]:
    """Outputs that make nbgrader score the cell as the engine decided: stdout only, or an error."""
    from nbformat.v4 import new_output

    outputs = []
    printed = verdict.stdout
    if verdict.passed:
        return [new_output("stream", name="stdout", text=printed + PASSED_TEXT)]
    if printed:
        outputs.append(new_output("stream", name="stdout", text=printed))
    lines = verdict.traceback.splitlines() if verdict.traceback else []
    if not lines or not lines[-1].startswith(verdict.ename or "Error"):
        lines.append(f"{verdict.ename or 'Error'}: {verdict.message}")
    outputs.append(new_output("error", ename=verdict.ename or "Error", evalue=verdict.message, traceback=lines))
    return outputs


def answer_note(report: scoring.AnswerReport) -> str | None:
    """What the learner must know about how an answer cell was scored, or None if nothing was left out."""
    lines = []
    for omission in report.omitted:
        lines.append(f"  - not run when scoring: {omission}")
    for error in report.errors:
        lines.append(f"  - failed when scoring: {error}")
    for note in report.notes:
        lines.append(f"  - {note}")
    if not lines:
        return None
    return (
        NOTE_PREFIX + "When this notebook is scored, only the definitions of this cell run (def, class, "
        "import, constants):\n" + "\n".join(lines) + "\n"
    )


def apply_result(notebook, result: scoring.ScoreResult) -> None:
    """Replace the graded test cells' outputs with the verdicts; add notes to answer cells."""
    from nbformat.v4 import new_output

    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = meta.get("grade_id")
        if cell.cell_type != "code":
            continue
        if grade_id in result.verdicts:
            cell.outputs = verdict_outputs(result.verdicts[grade_id])
        elif grade_id in result.answers:
            note = answer_note(result.answers[grade_id])
            if note:
                cell.outputs = list(cell.get("outputs", [])) + [new_output("stream", name="stdout", text=note)]
        elif grade_id in result.instructor_errors:
            text = f"{NOTE_PREFIX}this read-only cell failed when scoring: {result.instructor_errors[grade_id]}\n"
            cell.outputs = list(cell.get("outputs", [])) + [new_output("stream", name="stdout", text=text)]
        elif grade_id in result.refused_cells:
            text = (
                f"{NOTE_PREFIX}this cell's nbgrader metadata does not match the assignment's, so it was not run "
                "when scoring.\n"
            )
            cell.outputs = list(cell.get("outputs", [])) + [new_output("stream", name="stdout", text=text)]


# -- no silent zeroes ------------------------------------------------------------------------------
def _source_notebook_path(config, assignment: str, notebook: str) -> Path:
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    return Path(coursedir.format_path(coursedir.source_directory, ".", assignment)) / f"{notebook}.ipynb"


def check_utils_in_sandbox(python: str, *, sandbox: bool, bwrap: str = "bwrap") -> None:
    """Raise unless the kernel's Python, sandboxed, imports the ``utils`` the sandbox exposes and finds the data."""
    from .sandbox import utils_package

    expected = utils_package()
    code = (
        "import json, utils, utils.data as d; p = d.data_dir(); "
        "print(json.dumps([utils.__file__, str(p), (p / 'registry.json').exists()]))"
    )
    command = [python, "-I", "-c", code]
    scratch = tempfile.mkdtemp(prefix="course-check-")
    try:
        if sandbox:
            with sandboxed(command, workdir=scratch, bwrap=bwrap) as run:
                done = subprocess.run(
                    run["command"], env=run["env"], cwd=run["cwd"], capture_output=True, text=True, timeout=120
                )
        else:
            done = subprocess.run(command, cwd=scratch, capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if done.returncode != 0:
        raise GradingEnvironmentError(
            f"The grading kernel's Python ({python}) cannot import the course's `utils` in the sandbox:\n"
            f"{done.stderr.strip()[-1500:]}\nInstall the course into that environment (pip install -e . from the "
            "course's folder, or python3 tasks.py test to make .venv/) and grade from that environment."
        )
    found_file, data_dir, has_registry = json.loads(done.stdout.strip().splitlines()[-1])
    found = Path(found_file).resolve().parent
    if found != expected:
        raise GradingEnvironmentError(
            f"The grading kernel imports `utils` from {found}, but grading exposes {expected} to the sandbox "
            "(the one the grading tools import). They are different installs, so student code would run "
            "against other code and data than the reference. Grade with the kernel's environment (its "
            f"python -m grading_tools), or install this course into it ({python} -m pip install -e .)."
        )
    if not has_registry:
        raise GradingEnvironmentError(
            f"Inside the grading sandbox, `utils.data` looks for the data in {data_dir}, which has no "
            "registry.json: every data set would fail to load and every submission would score 0. Set "
            "DCAI_DATA_DIR to the course's datasets/ folder, or install the course editable (pip install -e .)."
        )


@functools.lru_cache(maxsize=32)
def _checked(source: str, mtime: float, python: str, sandbox: bool, bwrap: str, timeout: float) -> str | None:
    """None when the environment and the reference are fine, else why not (cached per process)."""
    path = Path(source)
    try:
        check_utils_in_sandbox(python, sandbox=sandbox, bwrap=bwrap)
    except GradingEnvironmentError as error:
        return str(error)
    notebook = scoring.load_notebook(path)
    scratch = tempfile.mkdtemp(prefix="course-reference-")
    try:
        for item in path.parent.iterdir():  # the assignment's other files (data the notebook reads)
            if item.is_file() and not item.is_symlink() and item.suffix != ".ipynb":
                shutil.copy(item, scratch)
        limits = scoring.RunnerLimits(test_timeout=timeout, cell_timeout=max(timeout, 120.0))
        result = run_engine(notebook, scratch, sandbox=sandbox, python=python, limits=limits)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    failing = [v for v in result.verdicts.values() if not v.passed]
    if not failing and not result.stopped and result.verdicts:
        return None
    details = [f"  {v.grade_id}: {v.ename}: {v.message[:300]}" for v in failing[:8]]
    details += [f"  read-only cell {k} failed: {e[:300]}" for k, e in result.instructor_errors.items()]
    details += [f"  {a.grade_id}: {o}" for a in result.answers.values() for o in a.omitted[:3]]
    return (
        f"The instructor's own notebook {path} does not get full marks when scored in this environment "
        f"({result.score:g} of {result.max_score:g}{'; ' + result.stopped if result.stopped else ''}), so "
        "grading would give honest work zero. Failing:\n" + "\n".join(details) + "\nHow to fix: if a read-only "
        "cell failed (an import or a data set), the grading environment lacks the course or its data (install "
        "it with pip install -e . and check DCAI_DATA_DIR); if a test failed, the notebook's solution or tests "
        "need fixing (answer cells may hold only definitions: def, class, import, constants)."
    )


def check_grading_environment(
    config, assignment: str, notebooks: list[str], *, python: str | None = None, sandbox: bool = True, bwrap="bwrap"
) -> None:
    """Raise :class:`GradingEnvironmentError` unless grading ``assignment`` here can give full marks."""
    from .parallel import ENVIRONMENT_CHECKED

    if os.environ.get(ENVIRONMENT_CHECKED) == assignment:
        return  # python -m grading_tools autograde checked it before starting its workers
    timeout = float(getattr(getattr(config, "Execute", None), "timeout", None) or 60)
    for notebook in notebooks:
        source = _source_notebook_path(config, assignment, notebook)
        if not source.exists():
            continue  # nbgrader itself reports an unknown notebook
        python_here = python or kernel_python(scoring.load_notebook(source))
        problem = _checked(str(source), source.stat().st_mtime, python_here, sandbox, bwrap, timeout)
        if problem:
            raise GradingEnvironmentError(problem)


FORGED_KEY = "course_grader_forged"


class DropForgedMetadata(NbGraderPreprocessor):
    """A sanitizing step: a cell whose nbgrader metadata names no cell of the assignment becomes a plain cell.

    Without it, a learner who gives a scratch cell made-up nbgrader metadata either makes nbgrader
    fail the whole submission (a locked cell whose unknown id nbgrader removes no longer validates)
    or, with a real grade_id's kind faked, asks to be run as instructor code. The cell keeps its
    source; it is marked so that the scoring step notes it in the feedback.
    """

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook, MissingEntry

        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            try:
                known = {
                    cell.name for cell in gradebook.find_notebook(info["notebook"], info["assignment"]).source_cells
                }
            except MissingEntry:
                return nb, resources
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader")
            if meta and meta.get("grade_id") not in known:
                del cell.metadata["nbgrader"]
                cell.metadata[FORGED_KEY] = str(meta.get("grade_id") or "")
                self.log.warning(
                    "A cell with made-up nbgrader metadata (%r) is graded as a plain cell", meta.get("grade_id")
                )
        return nb, resources


class ScoreTestCells(NbGraderPreprocessor):
    """Score the submission with the engine; the verdicts replace the autograded test cells' outputs."""

    test_timeout = Float(0.0, help="Seconds per test cell when scoring (0: the same as Execute.timeout, else 60).").tag(
        config=True
    )

    def _timeout(self) -> float:
        if self.test_timeout:
            return self.test_timeout
        value = self.config.get("Execute", {}).get("timeout") if hasattr(self.config, "get") else None
        try:  # a value given on the command line (--Execute.timeout=15) arrives as a string
            seconds = float(value)
        except (TypeError, ValueError):
            return 60.0
        return seconds if seconds > 0 else 60.0

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        workdir = resources.get("metadata", {}).get("path") or os.getcwd()
        use_sandbox = (
            sandbox_mode_default() != "off" and self.config.get("SandboxedExecute", {}).get("sandbox", "bwrap") != "off"
        )
        bwrap = self.config.get("SandboxedExecute", {}).get("bwrap", "bwrap")
        python = kernel_python(nb)
        check_grading_environment(
            self.config, info["assignment"], [info["notebook"]], python=python, sandbox=use_sandbox, bwrap=bwrap
        )
        trusted = trusted_kinds(info["db_url"], info["notebook"], info["assignment"])
        timeout = self._timeout()
        limits = scoring.RunnerLimits(test_timeout=timeout, cell_timeout=timeout)
        result = run_engine(
            nb,
            workdir,
            sandbox=use_sandbox,
            python=python,
            limits=limits,
            trusted_ids=trusted,
            bwrap=bwrap,
            grading_limits=GradingLimits(parent=self),
        )
        apply_result(nb, result)
        for cell in nb.cells:
            if FORGED_KEY in cell.get("metadata", {}):
                from nbformat.v4 import new_output

                text = (
                    f"{NOTE_PREFIX}this cell's nbgrader metadata does not match the assignment's, so it was not run "
                    "when scoring.\n"
                )
                cell.outputs = list(cell.get("outputs", [])) + [new_output("stream", name="stdout", text=text)]
        if result.stopped:
            self.log.warning("Scoring of %s stopped early: %s", info["student"], result.stopped)
        return nb, resources
