"""Score an nbgrader notebook without Jupyter, so that student code cannot rewrite or fool the tests.

nbgrader runs answers and tests in one IPython kernel, answers first: an answer cell can install
an input or AST transformer that rewrites every later cell, patch ``np.isclose`` or
``utils.data.load_truth``, rebind ``np``, or print a number through ``sys.displayhook`` before
a failing assert (nbgrader scores a test cell from its first output). This engine scores the same
notebook another way:

- **The plan comes from nbgrader metadata only** (:func:`plan_cells`). Instructor code cells are
  code cells nbgrader locks and that are not solutions: read-only cells (set-up: imports, data)
  and autograded test cells. Answer cells are code cells with ``solution: true, grade: false``.
  Markdown and cells without nbgrader metadata (a learner's scratch cells) are not run.
- **Answer cells contribute their definitions only** (:func:`filter_definitions`): top-level
  ``def``, ``class``, ``import`` and assignments of constants (literals, or one of
  :data:`PURE_CONSTRUCTORS` called on literals). Decorators, computed defaults and annotations
  that are not type names are refused. Every statement left out is reported with its line and
  what to do instead, so an honest learner never gets a silent zero.
- **A plain Python process runs it** (``python -I``: the submission's folder is not on
  ``sys.path``, so a ``numpy.py`` there cannot shadow a library; no IPython, hence no input
  transformers and no displayhook; ``MPLBACKEND=Agg``; ``display`` is a no-op). It runs the
  instructor cells and the filtered definitions in notebook order, and each test cell in its own
  forked child process, with a time limit; a test passes when its child reports that it ran to
  the end, fails when it reports an exception or reports nothing. Printed output never adds points.
- **What the tests trust is snapshotted before student code runs and restored after every call
  into it** (``grading_tools.score_runner``): library modules, ``utils``, ``builtins``,
  ``sys.modules``, the classes pandas compares with, the instructor's names. A return value whose
  type (or any element's type) was made by student code is refused, and so is a call that leaves a
  thread running. See docs/instructor-guide.md for what this does and does not prevent.

Public entry points: :func:`score_notebook` (one submission) and :func:`score_candidates` (one
set-up, many alternative answers: the wrong-answer suite, ``tests/wrong_answers/``).

This module imports only the standard library at import time: the runner imports it too.
"""

from __future__ import annotations

import ast
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HIDDEN_BLOCK = re.compile(
    r"^[ \t]*### BEGIN HIDDEN TESTS[^\n]*\n.*?^[ \t]*### END HIDDEN TESTS[^\n]*(?:\n|$)", re.M | re.S
)
HIDDEN_MARKER = "### BEGIN HIDDEN TESTS"
SOLUTION_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)

PURE_CONSTRUCTORS = ("set", "frozenset", "tuple", "list", "dict", "range", "re.compile")
"""Calls allowed in a constant's value, on literal arguments only (e.g. ``re.compile(r"\\s+", re.I)``).

The runner evaluates them with the real builtins and ``re``, never with a name from the notebook."""

ALLOWED_CLASS_DECORATORS = ("staticmethod", "classmethod", "property")

DEFAULT_TEST_TIMEOUT = 60.0
OUTPUT_LIMIT = 20_000  # characters of a test's printed output kept in its verdict


# -- the plan ---------------------------------------------------------------------------
@dataclass
class PlanCell:
    """One code cell that scoring runs: an instructor cell, an answer cell or a test cell."""

    index: int  # position in the notebook
    kind: str  # "instructor" (read-only), "answer" or "test"
    grade_id: str
    source: str
    points: float = 0.0

    @property
    def has_hidden(self) -> bool:
        return HIDDEN_MARKER in self.source


@dataclass
class Exercise:
    """An answer cell and the test cells that follow it until the next answer cell."""

    answer: str
    tests: list[str]


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def cell_kind(cell: dict) -> str | None:
    """'instructor', 'answer', 'test' or None (not run) for one notebook cell, from its metadata."""
    if cell.get("cell_type") != "code":
        return None
    meta = (cell.get("metadata") or {}).get("nbgrader") or {}
    if not meta:
        return None  # scratch cells and anything else without nbgrader metadata
    if meta.get("solution"):
        return None if meta.get("grade") else "answer"  # solution+grade on code is a manual cell: not run
    if meta.get("grade"):
        return "test"
    if meta.get("locked"):
        return "instructor"
    return None


def plan_cells(notebook: dict, trusted_ids: dict[str, str] | None = None) -> tuple[list[PlanCell], list[str]]:
    """The ordered cells scoring runs, from nbgrader metadata only; and the cells refused.

    Parameters
    ----------
    notebook : dict
        An nbgrader notebook (the instructor version, or a submission after nbgrader restored its
        locked cells).
    trusted_ids : dict, optional
        grade_id -> kind ("instructor", "answer", "test") of the instructor's notebook (the
        gradebook's source cells). A submitted cell whose metadata claims a kind the instructor's
        notebook does not give that id is not run, and is listed in the second return value: a
        learner cannot promote a scratch cell to an instructor cell by editing its metadata.
    """
    cells, refused = [], []
    for index, cell in enumerate(notebook.get("cells", [])):
        kind = cell_kind(cell)
        if kind is None:
            continue
        meta = cell["metadata"]["nbgrader"]
        grade_id = str(meta.get("grade_id") or f"cell-{index}")
        if trusted_ids is not None and trusted_ids.get(grade_id) != kind:
            refused.append(grade_id)
            continue
        points = float(meta.get("points") or 0.0) if kind == "test" else 0.0
        cells.append(PlanCell(index, kind, grade_id, _source(cell), points))
    return cells, refused


def exercises(cells: list[PlanCell]) -> list[Exercise]:
    """Each answer cell with the test cells after it, up to the next answer cell."""
    found: list[Exercise] = []
    for cell in cells:
        if cell.kind == "answer":
            found.append(Exercise(cell.grade_id, []))
        elif cell.kind == "test" and found:
            found[-1].tests.append(cell.grade_id)
    return found


def strip_hidden(source: str) -> str:
    """A test cell as nbgrader releases it: everything between the hidden-test markers removed."""
    return HIDDEN_BLOCK.sub("", source)


def strip_solution_markers(source: str) -> str:
    return SOLUTION_MARKERS.sub("", source)


# -- what an answer cell contributes ----------------------------------------------------
@dataclass
class Omission:
    """A top-level statement of an answer cell that scoring leaves out, and why."""

    line: int
    code: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: `{self.code}`: {self.reason}"


@dataclass
class KeptStatement:
    """A statement scoring runs: 'code' (def, class, import) or 'constant' (names := a constant)."""

    kind: str
    line: int
    end_line: int
    names: list[str] = field(default_factory=list)
    value: object = None  # for 'constant': the literal value, or ("call", name, args, kwargs)


class _Refused(Exception):
    def __init__(self, node: ast.AST, reason: str):
        super().__init__(reason)
        self.node, self.reason = node, reason


def _short(node: ast.AST, limit: int = 70) -> str:
    try:
        text = ast.unparse(node).splitlines()[0]
    except Exception:  # unparse of an odd node: show its type
        text = type(node).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def constant_value(node: ast.AST):
    """The value of a constant expression, as plain data the runner can rebuild safely.

    Literals (numbers, strings, bytes, None, True/False, and tuples, lists, sets and dicts of
    them) are returned as ``("literal", value)``; a call of :data:`PURE_CONSTRUCTORS` on
    constants as ``("call", name, [args], {kwargs})``. Raises ``_Refused`` otherwise.
    """
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    else:
        if isinstance(value, set | frozenset | dict | list | tuple | str | bytes | int | float | complex | bool):
            return ("literal", value)
        if value is None:
            return ("literal", None)
    if isinstance(node, ast.Call):
        name = _dotted(node.func)
        if name in PURE_CONSTRUCTORS:
            args = [constant_value(arg) for arg in node.args if not isinstance(arg, ast.Starred)]
            if len(args) != len(node.args):
                raise _Refused(node, "a starred argument is not a constant")
            kwargs = {}
            for keyword in node.keywords:
                if keyword.arg is None:
                    raise _Refused(node, "`**` arguments are not constants")
                kwargs[keyword.arg] = constant_value(keyword.value)
            return ("call", name, args, kwargs)
    if isinstance(node, ast.Attribute | ast.BinOp) and _re_flags(node):
        return ("re-flags", _re_flags(node))
    raise _Refused(
        node,
        "the value is computed, not a constant; scoring keeps only constants (literals, or "
        f"{', '.join(PURE_CONSTRUCTORS)} on literals): compute it inside your function instead",
    )


def _re_flags(node: ast.AST) -> list[str] | None:
    """['IGNORECASE', ...] for ``re.I | re.MULTILINE``-style flag expressions, else None."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re":
        return [node.attr] if node.attr.isupper() else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _re_flags(node.left), _re_flags(node.right)
        return left + right if left and right else None
    return None


def _check_type_expression(node: ast.AST | None, what: str) -> None:
    """Annotations may name types (``pd.DataFrame``, ``list[str]``, ``"Foo"``, ``int | None``), nothing else."""
    if node is None:
        return
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, str) or node.value is ...):
        return
    if isinstance(node, ast.Name | ast.Attribute) and _dotted(node):
        return
    if isinstance(node, ast.Subscript):
        _check_type_expression(node.value, what)
        parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        for part in parts:
            if isinstance(part, ast.List):
                for item in part.elts:
                    _check_type_expression(item, what)
            else:
                _check_type_expression(part, what)
        return
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        _check_type_expression(node.left, what)
        _check_type_expression(node.right, what)
        return
    raise _Refused(node, f"the {what} `{_short(node)}` is not a type name; annotate with a type (or leave it out)")


def _check_arguments(args: ast.arguments) -> None:
    for default in [*args.defaults, *[d for d in args.kw_defaults if d is not None]]:
        try:
            constant_value(default)
        except _Refused:
            raise _Refused(
                default,
                f"the default value `{_short(default)}` is computed when the function is defined; "
                "use a constant (e.g. None) and compute it inside the function",
            ) from None
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    for arg in every:
        if arg is not None:
            _check_type_expression(arg.annotation, f"annotation of `{arg.arg}`")


def _check_function(node: ast.FunctionDef | ast.AsyncFunctionDef, *, in_class: bool) -> None:
    for decorator in node.decorator_list:
        name = _dotted(decorator) or ""
        allowed = in_class and (name in ALLOWED_CLASS_DECORATORS or name.endswith((".setter", ".getter", ".deleter")))
        if not allowed:
            raise _Refused(
                decorator,
                f"the decorator `@{_short(decorator)}` would run when the function is defined; scoring runs no "
                "decorators: write the function without it (e.g. cache inside the function)",
            )
    _check_arguments(node.args)
    _check_type_expression(node.returns, "return annotation")


def _check_class(node: ast.ClassDef) -> None:
    if node.decorator_list:
        raise _Refused(node.decorator_list[0], "class decorators are not run when scoring: define the class without it")
    for keyword in node.keywords:
        raise _Refused(keyword, "class keywords (a metaclass, ...) are not allowed in an answer cell")
    for base in node.bases:
        if not _dotted(base):
            raise _Refused(base, f"the base class `{_short(base)}` must be a class name")
    for statement in node.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            _check_function(statement, in_class=True)
        elif isinstance(statement, ast.ClassDef):
            _check_class(statement)
        elif isinstance(statement, ast.Assign):
            if not all(isinstance(target, ast.Name) for target in statement.targets):
                raise _Refused(statement, "in a class body, assign constants to plain names only")
            constant_value(statement.value)
        elif isinstance(statement, ast.AnnAssign):
            _check_type_expression(statement.annotation, "annotation")
            if statement.value is not None:
                constant_value(statement.value)
        elif isinstance(statement, ast.Pass) or (
            isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
        ):
            continue
        else:
            raise _Refused(
                statement,
                "a class body may hold only methods, constants and a docstring when scoring; "
                "move this statement into a method",
            )


def _target_names(target: ast.AST) -> list[str] | None:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        names = [_target_names(element) for element in target.elts]
        return None if any(n is None for n in names) else [name for part in names for name in part]
    return None


def _why_left_out(statement: ast.stmt) -> str:
    if isinstance(statement, ast.Raise) and "NotImplementedError" in _short(statement):
        return "the exercise's placeholder: replace it with your code inside the function"
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        return (
            "a call at the top level of an answer cell is not run when scoring (only definitions are); "
            "try your function in a scratch cell below instead"
        )
    if isinstance(statement, ast.Expr):
        return "an expression at the top level of an answer cell is not run when scoring; move it to a scratch cell"
    if isinstance(statement, ast.AugAssign):
        return "changing a variable at the top level is not run when scoring: define it once as a constant"
    if isinstance(statement, ast.If | ast.For | ast.While | ast.With | ast.Try | ast.AsyncFor | ast.AsyncWith):
        return (
            "control flow at the top level of an answer cell is not run when scoring (only definitions are); "
            "put it inside a function"
        )
    return "only definitions (def, class, import, constants) are run when scoring; put this inside a function"


@dataclass
class FilteredAnswer:
    """What scoring runs of one answer cell, and what it leaves out."""

    kept: list[KeptStatement]
    omitted: list[Omission]
    syntax_error: str | None = None


def filter_definitions(source: str) -> FilteredAnswer:
    """Split an answer cell into the definitions scoring runs and the statements it leaves out.

    Line numbers are the cell's own (nbgrader's solution markers are comments and stay in place).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        line = error.lineno or 0
        return FilteredAnswer(
            [],
            [
                Omission(
                    line, (error.text or "").strip()[:70], f"syntax error: {error.msg}; nothing in this cell can run"
                )
            ],
            syntax_error=f"line {line}: {error.msg}",
        )
    kept, omitted = [], []
    for statement in tree.body:
        line, end = statement.lineno, getattr(statement, "end_lineno", statement.lineno) or statement.lineno
        try:
            if isinstance(statement, ast.Import | ast.ImportFrom):
                kept.append(KeptStatement("code", line, end))
            elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                _check_function(statement, in_class=False)
                kept.append(KeptStatement("code", line, end, [statement.name]))
            elif isinstance(statement, ast.ClassDef):
                _check_class(statement)
                kept.append(KeptStatement("code", line, end, [statement.name]))
            elif isinstance(statement, ast.Assign | ast.AnnAssign):
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                names = [_target_names(target) for target in targets]
                if statement.value is None:  # `x: int` binds nothing
                    continue
                if any(n is None for n in names):
                    raise _Refused(
                        statement,
                        "setting an attribute or an item at the top level is not run when scoring (answer cells may "
                        "only define their own names); never change a library's or the notebook's objects",
                    )
                value = constant_value(statement.value)
                if len(targets) == 1 and isinstance(targets[0], ast.Name):
                    kept.append(KeptStatement("constant", line, end, names[0], value))
                elif value[0] == "literal" and all(len(n) == 1 for n in names):
                    kept.append(KeptStatement("constant", line, end, [n[0] for n in names], value))
                else:
                    for target, target_names in zip(targets, names):  # a, b = 1, 2
                        if not isinstance(target, ast.Name):
                            values = value[1] if value[0] == "literal" else None
                            if not isinstance(values, tuple | list) or len(values) != len(target_names):
                                raise _Refused(statement, "unpack constants only from a literal of the same length")
                            for name, item in zip(target_names, values):
                                kept.append(KeptStatement("constant", line, end, [name], ("literal", item)))
                        else:
                            kept.append(KeptStatement("constant", line, end, target_names, value))
            elif isinstance(statement, ast.Pass) or (
                isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
            ):
                continue  # a docstring, a bare string, `...`: nothing to run
            else:
                omitted.append(Omission(line, _short(statement), _why_left_out(statement)))
        except _Refused as refused:
            where = getattr(refused.node, "lineno", line)
            omitted.append(Omission(where, _short(statement), refused.reason))
    return FilteredAnswer(kept, omitted)


# -- results --------------------------------------------------------------------------------
@dataclass
class TestVerdict:
    """The engine's verdict on one test cell (or on its visible part)."""

    grade_id: str
    passed: bool
    points: float
    max_points: float
    ename: str = ""
    message: str = ""
    traceback: str = ""
    stdout: str = ""
    seconds: float = 0.0
    variant: str = "full"  # "full" or "visible" (hidden parts removed)


@dataclass
class AnswerReport:
    grade_id: str
    omitted: list[Omission] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # a kept definition that failed (an import, ...)
    notes: list[str] = field(default_factory=list)  # names the tests keep from the instructor, ...


@dataclass
class ScoreResult:
    """Everything one scoring run found."""

    verdicts: dict[str, TestVerdict] = field(default_factory=dict)
    answers: dict[str, AnswerReport] = field(default_factory=dict)
    instructor_errors: dict[str, str] = field(default_factory=dict)  # grade_id -> error of a read-only cell
    refused_cells: list[str] = field(default_factory=list)
    stopped: str | None = None  # why scoring stopped early (the runner died, time ran out, ...)
    seconds: float = 0.0
    log: str = ""

    @property
    def score(self) -> float:
        return sum(v.points for v in self.verdicts.values())

    @property
    def max_score(self) -> float:
        return sum(v.max_points for v in self.verdicts.values())

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1)


@dataclass
class Candidate:
    """One alternative source for one answer cell (the wrong-answer suite)."""

    key: str
    answer: str  # grade_id of the answer cell it replaces
    source: str


@dataclass
class CandidateResult:
    key: str
    answer: str
    full: dict[str, TestVerdict] = field(default_factory=dict)  # test id -> verdict on the whole test cell
    visible: dict[str, TestVerdict] = field(default_factory=dict)  # test id -> verdict on its visible part
    report: AnswerReport | None = None
    stopped: str | None = None

    @property
    def passed_full(self) -> bool:
        return bool(self.full) and self.stopped is None and all(v.passed for v in self.full.values())

    @property
    def passed_visible(self) -> bool:
        return self.stopped is None and all(v.passed for v in self.visible.values())


# -- running the runner ---------------------------------------------------------------------
@dataclass
class RunnerLimits:
    """Limits of one scoring run (see docs/instructor-guide.md, "Limits")."""

    test_timeout: float = DEFAULT_TEST_TIMEOUT  # seconds per test cell
    cell_timeout: float = DEFAULT_TEST_TIMEOUT  # seconds per read-only cell (they may call student code)
    total_timeout: float | None = None  # seconds for the whole run (default: from the plan)
    output_limit: int = OUTPUT_LIMIT
    memory_mb: int = 1536  # the runner and one test's processes together; a test over it fails (memory limit)


def runner_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The runner's environment: no PYTHON* variables, headless matplotlib, one thread per library."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "DCAI_DATA_DIR", "TMPDIR", "SYSTEMROOT")
    env = {key: value for key, value in os.environ.items() if key in keep or key.startswith("LC_")}
    env.update(
        MPLBACKEND="Agg",
        OMP_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONHASHSEED="0",
        PYTHONDONTWRITEBYTECODE="1",
        NBGRADER_EXECUTION="autograde",
    )
    env.update(extra or {})
    return env


def runner_command(python: str | None = None) -> list[str]:
    """``python -I -m grading_tools.score_runner``: isolated mode, so cwd is not on sys.path."""
    return [python or sys.executable, "-I", "-m", "grading_tools.score_runner"]


def _job(cells: list[PlanCell], limits: RunnerLimits, **extra) -> dict:
    return {
        "cells": [asdict(cell) for cell in cells],
        "test_timeout": limits.test_timeout,
        "cell_timeout": limits.cell_timeout,
        "output_limit": limits.output_limit,
        "memory_mb": limits.memory_mb,
        **extra,
    }


def _total_budget(cells: list[PlanCell], limits: RunnerLimits, runs_per_test: int = 1) -> float:
    if limits.total_timeout:
        return limits.total_timeout
    tests = sum(1 for cell in cells if cell.kind == "test")
    others = sum(1 for cell in cells if cell.kind != "test")
    return 60 + limits.cell_timeout * others + (limits.test_timeout + 5) * tests * runs_per_test


def run_runner(
    job: dict,
    *,
    cwd: str | os.PathLike,
    command: list[str] | None = None,
    env: dict[str, str] | None = None,
    deadline: float,
    popen_kwargs: dict | None = None,
    watch=None,
) -> tuple[list[dict], str | None, str]:
    """Start the runner, send it ``job``, collect its JSON events until it ends or ``deadline`` s pass.

    Returns (events, why it stopped early or None, the runner's stderr, trimmed). ``command``
    defaults to :func:`runner_command`; the sandbox passes a bubblewrap command line ending in it.
    ``watch(process)`` is called about ten times a second and may return a reason to stop it
    (the sandbox's memory watchdog).
    """
    command = command or runner_command()
    process = subprocess.Popen(
        command,
        cwd=str(cwd),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env if env is not None else runner_environment(),
        start_new_session=True,
        **(popen_kwargs or {}),
    )
    payload = json.dumps(job).encode()
    try:
        process.stdin.write(payload)
        process.stdin.close()
    except BrokenPipeError:
        pass
    events, buffer, errors, stopped = [], b"", b"", None
    start = time.monotonic()
    streams = {process.stdout.fileno(): "out", process.stderr.fileno(): "err"}
    while streams:
        remaining = deadline - (time.monotonic() - start)
        if remaining <= 0:
            stopped = f"scoring ran over its time limit of {deadline:.0f} s and was stopped"
            break
        if watch is not None:
            reason = watch(process)
            if reason:
                stopped = reason
                break
        ready, _, _ = select.select(list(streams), [], [], min(remaining, 0.1))
        for fd in ready:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                del streams[fd]
                continue
            if streams[fd] == "err":
                errors = (errors + chunk)[-20_000:]
                continue
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                if line.strip():
                    try:
                        events.append(json.loads(line))
                    except ValueError:
                        errors = (errors + b"\n[unreadable runner line] " + line[:500])[-20_000:]
    if stopped:
        _kill_group(process)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.wait()
    if stopped is None and not any(event.get("event") == "done" for event in events):
        code = process.returncode
        how = f"signal {-code}" if code and code < 0 else f"exit status {code}"
        stopped = f"the scoring process ended early ({how}); " + (
            "it may have run out of memory" if code in (-9, 137) else "see the log"
        )
    return events, stopped, errors.decode(errors="replace")


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.kill()
    except ProcessLookupError:
        pass


def _verdict(event: dict, points: float) -> TestVerdict:
    passed = bool(event.get("passed"))
    return TestVerdict(
        grade_id=event["id"],
        passed=passed,
        points=points if passed else 0.0,
        max_points=points,
        ename=event.get("ename", ""),
        message=event.get("message", ""),
        traceback=event.get("traceback", ""),
        stdout=event.get("stdout", ""),
        seconds=float(event.get("seconds", 0.0)),
        variant=event.get("variant", "full"),
    )


def _not_run(cell: PlanCell, why: str, variant: str = "full") -> TestVerdict:
    return TestVerdict(cell.grade_id, False, 0.0, cell.points, "NotRun", why, variant=variant)


def _answer_report(event: dict) -> AnswerReport:
    return AnswerReport(
        event["id"],
        [Omission(**item) for item in event.get("omitted", [])],
        list(event.get("errors", [])),
        list(event.get("notes", [])),
    )


def score_notebook(
    notebook: dict,
    *,
    cwd: str | os.PathLike,
    limits: RunnerLimits | None = None,
    visible_only: bool = False,
    trusted_ids: dict[str, str] | None = None,
    command: list[str] | None = None,
    env: dict[str, str] | None = None,
    popen_kwargs: dict | None = None,
    watch=None,
) -> ScoreResult:
    """Score one notebook: a verdict per autograded test cell, and what each answer cell left out.

    ``cwd`` is the folder the notebook's code runs in (the submission's folder: data files the
    student submitted are read from there). ``visible_only`` scores every test cell with its
    hidden parts removed, as the released notebook has them. ``command`` replaces the runner's
    command line (the sandbox); see :func:`run_runner`.
    """
    limits = limits or RunnerLimits()
    cells, refused = plan_cells(notebook, trusted_ids)
    if visible_only:
        cells = [
            PlanCell(c.index, c.kind, c.grade_id, strip_hidden(c.source), c.points) if c.kind == "test" else c
            for c in cells
        ]
    start = time.monotonic()
    events, stopped, log = run_runner(
        _job(cells, limits, mode="grade"),
        cwd=cwd,
        command=command,
        env=env,
        deadline=_total_budget(cells, limits),
        popen_kwargs=popen_kwargs,
        watch=watch,
    )
    result = ScoreResult(refused_cells=refused, stopped=stopped, log=log)
    points = {cell.grade_id: cell.points for cell in cells if cell.kind == "test"}
    for event in events:
        if event.get("event") == "test" and event.get("id") in points:
            result.verdicts[event["id"]] = _verdict(event, points[event["id"]])
        elif event.get("event") == "answer":
            result.answers[event["id"]] = _answer_report(event)
        elif event.get("event") == "cell" and event.get("error"):
            result.instructor_errors[event["id"]] = event["error"]
    for cell in cells:
        if cell.kind == "test" and cell.grade_id not in result.verdicts:
            result.verdicts[cell.grade_id] = _not_run(cell, f"this test did not run: {stopped or 'unknown reason'}")
    result.seconds = time.monotonic() - start
    return result


def score_candidates(
    notebook: dict,
    candidates: list[Candidate],
    *,
    cwd: str | os.PathLike,
    limits: RunnerLimits | None = None,
    command: list[str] | None = None,
    env: dict[str, str] | None = None,
) -> list[CandidateResult]:
    """Run the notebook's set-up once, then each candidate answer against its exercise's tests.

    Every other answer cell keeps the notebook's own source (the instructor's solution), so a
    later exercise that builds on an earlier one still works. Each candidate runs in a child
    forked when the runner reaches its answer cell, and each of its exercise's test cells runs
    twice there (whole, and with the hidden parts removed), each in its own grandchild.
    A candidate with key ``"__reference__"`` and the notebook's own source is added per answer
    cell that has candidates, so callers can check the reference passes before trusting a verdict.
    """
    limits = limits or RunnerLimits()
    cells, _ = plan_cells(notebook)
    by_id = {cell.grade_id: cell for cell in cells}
    unknown = sorted({c.answer for c in candidates if by_id.get(c.answer, PlanCell(0, "", "", "")).kind != "answer"})
    if unknown:
        known = [cell.grade_id for cell in cells if cell.kind == "answer"]
        raise ValueError(f"no answer cell with grade_id {unknown} in the notebook; its answer cells: {known}")
    wanted = list(candidates)
    for answer in dict.fromkeys(c.answer for c in candidates):
        wanted.append(Candidate("__reference__", answer, by_id[answer].source))
    tests_of = {ex.answer: ex.tests for ex in exercises(cells)}
    runs = sum(len(tests_of[c.answer]) for c in wanted)
    budget = limits.total_timeout or (
        60 + limits.cell_timeout * len(cells) + (2 * limits.test_timeout + 5) * max(runs, 1)
    )
    events, stopped, log = run_runner(
        _job(cells, limits, mode="candidates", candidates=[asdict(c) for c in wanted]),
        cwd=cwd,
        command=command,
        env=env,
        deadline=budget,
    )
    results = {(c.answer, c.key): CandidateResult(c.key, c.answer) for c in wanted}
    for event in events:
        key = (event.get("answer"), event.get("candidate"))
        if key not in results:
            continue
        if event.get("event") == "test":
            verdict = _verdict(event, by_id[event["id"]].points)
            target = results[key].visible if verdict.variant == "visible" else results[key].full
            target[event["id"]] = verdict
        elif event.get("event") == "answer":
            results[key].report = _answer_report(event)
        elif event.get("event") == "candidate-stopped":
            results[key].stopped = event.get("why")
    for (answer, _), result in results.items():
        for test in tests_of[answer]:
            for variant, verdicts in (("full", result.full), ("visible", result.visible)):
                if test not in verdicts:
                    why = result.stopped or stopped or "unknown reason (see the runner's log)"
                    verdicts[test] = _not_run(by_id[test], f"did not run: {why}", variant)
        if result.stopped is None and stopped and not result.full:
            result.stopped = stopped
    if log.strip():
        for result in results.values():
            if result.stopped:
                result.stopped += f"\n{log[-2000:]}"
    return list(results.values())


def _children() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        found.setdefault(int(fields[1]), []).append(int(entry))
    return found


def tree_memory_mb(pid: int) -> float:
    """Memory of a process and all its descendants: the sum of their proportional set sizes, in MiB."""
    children, total, todo = _children(), 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            with open(f"/proc/{current}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total / 1024


def load_notebook(path: str | os.PathLike) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
