"""Autograde a whole class across worker processes, with one writer to the gradebook.

``nbgrader autograde`` grades one submission after another. Here the slow part, running
each student's notebook (in the sandbox), happens in N worker processes; everything that
touches the gradebook happens in the main process, one student at a time, through
nbgrader's own ``Autograde`` converter:

1. preflight (``grading_tools.preflight``) fixes what would stop nbgrader (invalid or
   renamed notebooks) and records why;
2. each worker copies a snapshot of the gradebook into a private folder and runs
   nbgrader's ``Autograde`` for one student at a time against that private copy, with
   the autograde steps cut after execution and scoring (``SandboxedExecute`` then
   ``grading_tools.verdicts.ScoreTestCells``): the result is the executed, scored notebook;
3. as each student finishes, the main process runs the real ``Autograde`` converter on
   the real gradebook with the execution step replaced by :class:`ReplayExecute`, which
   takes the executed notebook from the worker (after checking it is the same notebook,
   cell for cell). Everything after execution (ignoring warnings on stderr, limiting
   output, saving the grades, late penalties) is nbgrader's own code on the real gradebook,
   so the gradebook ends up exactly as a sequential ``nbgrader autograde`` leaves it
   (``gradebook_contents`` compares two gradebooks; the tests and the benchmark use it).

The gradebook is written by one process only, and a lock file stops two grading runs of
this tool on the same course from overlapping. Do not run ``nbgrader autograde`` by hand
on the same course while this runs.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import fcntl
import multiprocessing
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

LOCK_NAME = ".grade_class.lock"
ENVIRONMENT_CHECKED = "COURSE_GRADING_CHECKED"  # set once the reference got full marks (workers inherit it)


# -- running nbgrader's Autograde in-process --------------------------------------------
def nbgrader_app(course_root: Path, extra_args: list[str] | tuple[str, ...] = ()):
    """An nbgrader application configured exactly as the command line would be, in ``course_root``."""
    from nbgrader.apps.baseapp import NbGrader

    os.chdir(course_root)
    app = NbGrader()
    app.log_level = "WARN"
    app.initialize(list(extra_args))
    for handler in list(app.log.handlers):  # nbgrader's messages go to each student's captured log instead
        app.log.removeHandler(handler)
    app.log.propagate = False
    return app


def _step_class(step):
    from traitlets.utils.importstring import import_item

    return import_item(step) if isinstance(step, str) else step if isinstance(step, type) else type(step)


def _execution_span(steps: list) -> tuple[int, int]:
    """Indexes of the execution step and of the last step of the run a worker does (scoring included)."""
    from nbconvert.preprocessors import ExecutePreprocessor

    from .verdicts import ScoreTestCells

    for index, step in enumerate(steps):
        if issubclass(_step_class(step), ExecutePreprocessor):
            last = index
            while last + 1 < len(steps) and issubclass(_step_class(steps[last + 1]), ScoreTestCells):
                last += 1
            return index, last
    raise RuntimeError("Autograde.autograde_preprocessors has no execution step (Execute)")


def autograde_one(app, assignment: str, student: str, steps: list | None = None) -> dict:
    """Run nbgrader's ``Autograde`` for one student in this process; nbgrader's result dict."""
    from nbgrader.converters import Autograde
    from nbgrader.utils import capture_log, temp_attrs

    with temp_attrs(app.coursedir, assignment_id=assignment, student_id=student):
        converter = Autograde(coursedir=app.coursedir, parent=app)
        converter.force = True
        converter.create_student = True
        if steps is not None:
            converter.autograde_preprocessors = steps
        return capture_log(converter)


class ReplayExecute(NbGraderPreprocessor):
    """Stand-in for the execution step: take the notebook a worker executed."""

    results_directory = Unicode("", help="The worker's autograded folder (<student>/<assignment>/<notebook>.ipynb).")

    def preprocess(self, nb, resources):
        import nbformat

        info = resources["nbgrader"]
        path = Path(self.results_directory) / info["student"] / info["assignment"] / f"{info['notebook']}.ipynb"
        if not path.exists():
            raise RuntimeError(f"the worker produced no executed notebook at {path}; see the worker's log above")
        executed = nbformat.read(str(path), as_version=4)
        if [(c.cell_type, c.source) for c in executed.cells] != [(c.cell_type, c.source) for c in nb.cells]:
            raise RuntimeError(f"{path} is not the notebook being graded (its cells differ): refusing to use it")
        return executed, resources


# -- workers --------------------------------------------------------------------------
_WORKER: dict = {}


def _worker_init(course_root: str, extra_args: list[str], snapshot: str, scratch: str) -> None:
    private = Path(tempfile.mkdtemp(prefix="worker-", dir=scratch))
    database = private / "gradebook.db"
    shutil.copy(snapshot, database)
    args = [
        *extra_args,
        f"--CourseDirectory.db_url=sqlite:///{database}",
        f"--CourseDirectory.autograded_directory={private / 'autograded'}",
    ]
    app = nbgrader_app(Path(course_root), args)
    steps = list(app.config.Autograde.get("autograde_preprocessors", []) or _default_steps())
    _WORKER.update(app=app, steps=steps[: _execution_span(steps)[1] + 1], results=str(private / "autograded"))


def _default_steps() -> list:
    from nbgrader.converters import Autograde

    return list(Autograde.autograde_preprocessors.default_value)


def _worker_grade(assignment: str, student: str) -> tuple[str, dict, str, float]:
    start = time.perf_counter()
    result = autograde_one(_WORKER["app"], assignment, student, steps=_WORKER["steps"])
    return student, result, _WORKER["results"], time.perf_counter() - start


# -- the class run ----------------------------------------------------------------------
@dataclass
class StudentResult:
    student: str
    success: bool
    score: float | None = None
    max_score: float | None = None
    notes: list[str] = field(default_factory=list)
    log: str = ""
    seconds: float = 0.0


@contextlib.contextmanager
def grading_lock(course_root: Path):
    """Refuse to start while another run of this tool grades the same course."""
    path = Path(course_root) / "grading" / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise RuntimeError(
                f"another grading run holds {path} (pid {handle.read().strip() or '?'}); wait for it to finish"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sqlite_path(db_url: str) -> Path:
    if not db_url.startswith("sqlite:///"):
        from sqlalchemy.engine import make_url

        shown = make_url(db_url).render_as_string(hide_password=True)  # never print a password
        raise ValueError(f"parallel grading needs an SQLite gradebook, not {shown}: use --jobs 1")
    return Path(db_url[len("sqlite:///") :])


def snapshot_gradebook(db_url: str, into: Path) -> Path:
    """A consistent copy of the gradebook (SQLite's backup API, safe while others read it)."""
    source = sqlite3.connect(str(sqlite_path(db_url)))
    target = sqlite3.connect(str(into))
    with target:
        source.backup(target)
    source.close()
    target.close()
    return into


def submitted_students(app, assignment: str) -> list[str]:
    folder = Path(app.coursedir.format_path(app.coursedir.submitted_directory, "*", assignment)).parent.parent
    return sorted(path.parent.name for path in folder.glob(f"*/{assignment}") if path.is_dir())


def _scores(app, assignment: str) -> dict[str, tuple[float, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(app.coursedir.db_url, app.coursedir.course_id) as gradebook:
        return {sub.student_id: (sub.score, sub.max_score) for sub in gradebook.assignment_submissions(assignment)}


def autograde_class(
    course_root: Path,
    assignment: str,
    *,
    jobs: int = 2,
    students: list[str] | None = None,
    extra_args: list[str] | tuple[str, ...] = (),
    progress: bool = True,
    log=print,
) -> list[StudentResult]:
    """Preflight, autograde (``jobs`` workers; 1 = in this process) and explain every submission.

    Returns one :class:`StudentResult` per student, in the order of their ids.
    """
    from . import preflight as checks
    from .sandbox import SandboxedExecute

    course_root = Path(course_root).resolve()
    here = os.getcwd()
    app = nbgrader_app(course_root, extra_args)
    try:
        cd = app.coursedir
        steps = list(app.config.Autograde.get("autograde_preprocessors", []) or _default_steps())
        first, last = _execution_span(steps)
        execute = SandboxedExecute(parent=app)
        if issubclass(_step_class(steps[first]), SandboxedExecute):
            execute.check_sandbox()  # refuse before grading anyone, not once per student
        with grading_lock(course_root):
            release = Path(cd.format_path(cd.release_directory, ".", assignment))
            if last > first:  # the scoring engine decides: check it can give full marks here, once, before anyone
                from .verdicts import check_grading_environment

                check_grading_environment(
                    app.config,
                    assignment,
                    sorted(Path(name).stem for name in checks.released_notebooks(release)),
                    sandbox=execute.sandbox != "off",
                    bwrap=execute.bwrap,
                )
                os.environ[ENVIRONMENT_CHECKED] = assignment  # the workers need not check again
            everyone = submitted_students(app, assignment)
            chosen = [s for s in everyone if students is None or s in students]
            missing = sorted(set(students or []) - set(everyone))
            if missing:
                raise ValueError(f"no submission of {assignment} for {missing} in {cd.submitted_directory}")
            found, empty = checks.prepare(app, assignment, chosen)
            graded = [s for s in chosen if s not in empty]
            results = _grade(app, course_root, assignment, graded, steps, jobs, list(extra_args), progress)
            results = sorted(results + [StudentResult(s, True) for s in empty], key=lambda r: r.student)
            scores = _scores(app, assignment)
            for result in results:
                result.score, result.max_score = scores.get(result.student, (None, None))
                result.notes = checks.diagnose(
                    result.student,
                    Path(cd.format_path(cd.submitted_directory, result.student, assignment)),
                    release,
                    Path(cd.format_path(cd.autograded_directory, result.student, assignment)),
                    found.get(result.student),
                    source_folder=Path(cd.format_path(cd.source_directory, ".", assignment)),
                )
                if not result.success:
                    result.notes.append("nbgrader could not grade this submission: " + _last_error(result.log))
            return results
    finally:
        os.environ.pop(ENVIRONMENT_CHECKED, None)
        os.chdir(here)


def _last_error(log: str) -> str:
    lines = [line for line in log.splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or "error" in line]
    return (errors[-1] if errors else lines[-1] if lines else "unknown error")[:300]


def _grade(
    app,
    course_root: Path,
    assignment: str,
    students: list[str],
    steps: list,
    jobs: int,
    extra_args: list[str],
    progress: bool,
) -> list[StudentResult]:
    from tqdm.auto import tqdm

    bar = tqdm(
        total=len(students),
        desc=f"autograde {assignment}",
        unit="submission",
        disable=not progress,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    results: dict[str, StudentResult] = {}
    if jobs <= 1:
        for student in students:
            start = time.perf_counter()
            outcome = autograde_one(app, assignment, student)
            results[student] = StudentResult(
                student,
                bool(outcome["success"]),
                log=outcome.get("log", "") + outcome.get("error", ""),
                seconds=time.perf_counter() - start,
            )
            bar.set_postfix_str(student)
            bar.update()
        bar.close()
        return [results[s] for s in students]

    first, last = _execution_span(steps)
    scratch = Path(tempfile.mkdtemp(prefix="grade-class-"))
    try:
        snapshot = snapshot_gradebook(app.coursedir.db_url, scratch / "snapshot.db")
        context = multiprocessing.get_context("spawn")  # fresh interpreters: no inherited event loops or DB handles
        with concurrent.futures.ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_worker_init,
            initargs=(str(course_root), extra_args, str(snapshot), str(scratch)),
        ) as pool:
            futures = [pool.submit(_worker_grade, assignment, student) for student in students]
            for future in concurrent.futures.as_completed(futures):
                student, outcome, worker_results, seconds = future.result()
                replay = ReplayExecute(results_directory=worker_results)
                replay_steps = [*steps[:first], replay, *steps[last + 1 :]]
                start = time.perf_counter()
                recorded = autograde_one(app, assignment, student, steps=replay_steps)  # the one gradebook writer
                log = outcome.get("log", "") + outcome.get("error", "")
                if not recorded["success"]:
                    log += recorded.get("log", "") + recorded.get("error", "")
                results[student] = StudentResult(
                    student,
                    bool(outcome["success"] and recorded["success"]),
                    log=log,
                    seconds=seconds + time.perf_counter() - start,
                )
                bar.set_postfix_str(student)
                bar.update()
    finally:
        bar.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return [results[s] for s in students]


# -- comparing gradebooks ---------------------------------------------------------------
IGNORED_KEYS = {
    "id",
    "timestamp",
    "duedate",
    "extension",
    "total_seconds_late",
    "cell_id",
    "notebook_id",
    "assignment_id",
    "student_id",
}


def gradebook_contents(db_url: str, assignment: str | None = None) -> dict:
    """Every grade and comment row of a gradebook, keyed by (student, notebook, cell), ids and times left out."""
    from nbgrader.api import Gradebook

    def clean(row: dict) -> dict:
        return {key: value for key, value in row.items() if key not in IGNORED_KEYS and "time" not in key}

    contents: dict = {"students": [], "submissions": {}, "notebooks": {}, "grades": {}, "comments": {}}
    with Gradebook(db_url) as gradebook:
        contents["students"] = sorted(student.id for student in gradebook.students)
        for assignment_row in gradebook.assignments:
            if assignment is not None and assignment_row.name != assignment:
                continue
            for submission in gradebook.assignment_submissions(assignment_row.name):
                key = (submission.student_id, assignment_row.name)
                contents["submissions"][key] = clean(submission.to_dict())
                for notebook in submission.notebooks:
                    nb_key = (*key, notebook.name)
                    contents["notebooks"][nb_key] = clean(notebook.to_dict())
                    for grade in notebook.grades:
                        contents["grades"][(*nb_key, grade.name)] = clean(grade.to_dict())
                    for comment in notebook.comments:
                        contents["comments"][(*nb_key, comment.name)] = clean(comment.to_dict())
    return contents


def compare_gradebooks(first: dict, second: dict) -> list[str]:
    """Differences between two :func:`gradebook_contents` (empty when they are the same)."""
    differences = []
    for table in first:
        a, b = first[table], second[table]
        if isinstance(a, list):
            if a != b:
                differences.append(f"{table}: {a} != {b}")
            continue
        for key in sorted(set(a) | set(b), key=str):
            if a.get(key) != b.get(key):
                differences.append(f"{table} {key}: {a.get(key)} != {b.get(key)}")
    return differences
