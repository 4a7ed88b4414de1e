"""Generate a class of realistic submissions for an assignment (tests and benchmark).

Each submission is built from the committed student version (``exercises/``) and the
instructor's answers (``solutions/``), the way real students produce them: answers
filled in or not, cells deleted or edited, a notebook saved under another name, a file
that is not JSON any more, code that loops, prints warnings or tries to break out of the
grader. Every scenario also says what it deserves: the expected score of each
autograded test cell, and words the grader's explanation must contain.

Scenarios that need no knowledge of the assignment work for every assignment found in
``solutions/``; :data:`SPECIFIC` adds realistic wrong answers written for one assignment
(hard-coding the visible test's values).

    python -m grading_tools make-class 00-start-here --students 30 --into /tmp/course
"""

from __future__ import annotations

import ast
import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SOLUTION_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)


@dataclass
class Submission:
    """One student's submission folder and what grading it must produce."""

    scenario: str
    files: dict[str, bytes]  # relative path in the submission folder -> content
    expected: dict[str, float]  # grade id of each autograded test cell -> expected score
    notes: list[str] = field(default_factory=list)  # words the explanation must contain
    description: str = ""


@dataclass
class Assignment:
    """An assignment's student notebook, answers and exercise structure."""

    name: str
    exercise: dict  # the student version (exercises/<name>/<name>.ipynb)
    answers: dict[str, str]  # answer cell id -> the instructor's code without solution markers
    groups: list[tuple[str, list[str]]]  # (answer cell id, test cell ids graded on it), in order
    points: dict[str, float]  # test cell id -> max points
    hidden: set[str]  # test cells whose body is hidden from students

    @property
    def notebook_name(self) -> str:
        return f"{self.name}.ipynb"

    @classmethod
    def load(cls, course_root: Path, name: str) -> Assignment:
        exercise = json.loads((course_root / "exercises" / name / f"{name}.ipynb").read_text(encoding="utf-8"))
        solution = json.loads((course_root / "solutions" / name / f"{name}.ipynb").read_text(encoding="utf-8"))
        answers, points, hidden, groups = {}, {}, set(), []
        for cell in solution["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            source = "".join(cell["source"])
            if meta.get("solution") and cell["cell_type"] == "code":
                answers[meta["grade_id"]] = SOLUTION_MARKERS.sub("", source)
                groups.append((meta["grade_id"], []))
            elif meta.get("solution") and meta.get("grade"):  # written answer, graded by hand
                answers[meta["grade_id"]] = SOLUTION_MARKERS.sub("", source)
            elif meta.get("grade") and cell["cell_type"] == "code":
                points[meta["grade_id"]] = float(meta["points"])
                if "BEGIN HIDDEN TESTS" in source:
                    hidden.add(meta["grade_id"])
                if groups:
                    groups[-1][1].append(meta["grade_id"])
        if not groups:
            raise ValueError(f"{name}: no answer cells (nbgrader solution cells) in the solution notebook")
        return cls(name, exercise, answers, groups, points, hidden)

    # -- building blocks -------------------------------------------------------------
    def cell_index(self, notebook: dict, grade_id: str) -> int:
        for index, cell in enumerate(notebook["cells"]):
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
                return index
        raise KeyError(grade_id)

    def filled(self, solved: set[str] | None = None) -> dict:
        """The student notebook with the instructor's answers in the cells listed (all by default)."""
        notebook = copy.deepcopy(self.exercise)
        for cell in notebook["cells"]:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in self.answers and (solved is None or grade_id in solved):
                cell["source"] = self.answers[grade_id]
        return notebook

    def first_tested(self) -> tuple[str, list[str]]:
        """The first answer cell that has test cells after it."""
        return next((answer, tests) for answer, tests in self.groups if tests)

    def scores(self, failing: set[str] = frozenset()) -> dict[str, float]:
        """Full points on every test cell except the groups whose answer id is in ``failing``."""
        zero = {test for answer, tests in self.groups if answer in failing for test in tests}
        return {test: 0.0 if test in zero else top for test, top in self.points.items()}


def dump(notebook: dict) -> bytes:
    return (json.dumps(notebook, indent=1, ensure_ascii=False) + "\n").encode()


def _code_cell(source: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": None, "metadata": {}, "outputs": [], "source": source}


def _with_cell_ids(notebook: dict) -> dict:
    for number, cell in enumerate(notebook["cells"]):
        if cell.get("id") is None:
            cell["id"] = f"student-cell-{number}"
    return notebook


def _insert_in_functions(code: str, statement_lines: list[str]) -> str:
    """Insert statements at the top of every top-level function's body (after its docstring)."""
    tree = ast.parse(code)
    lines = code.splitlines(keepends=True)
    inserts = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(getattr(first, "value", None), ast.Constant)
                and isinstance(first.value.value, str)
                and len(node.body) > 1
            ):
                first = node.body[1]
            indent = " " * first.col_offset
            inserts.append((first.lineno - 1, "".join(indent + line + "\n" for line in statement_lines)))
    for line_number, text in sorted(inserts, reverse=True):
        lines.insert(line_number, text)
    return "".join(lines)


# -- the scenarios --------------------------------------------------------------------
Builder = Callable[[Assignment, dict], Submission]


def correct(a: Assignment, ctx: dict) -> Submission:
    return Submission("correct", {a.notebook_name: dump(a.filled())}, a.scores(), [], "every answer right")


def blank(a: Assignment, ctx: dict) -> Submission:
    return Submission(
        "blank", {a.notebook_name: dump(a.exercise)}, a.scores({g for g, _ in a.groups}), [], "the untouched exercise"
    )


def partial(a: Assignment, ctx: dict) -> Submission:
    """The first half of the exercises answered, the rest left as stubs."""
    done = {answer for answer, _ in a.groups[: max(1, len(a.groups) // 2)]}
    todo = {answer for answer, _ in a.groups} - done
    return Submission(
        "partial", {a.notebook_name: dump(a.filled(done))}, a.scores(todo), [], "first half of the exercises done"
    )


def deleted_test_cell(a: Assignment, ctx: dict) -> Submission:
    notebook = a.filled()
    victim = sorted(a.hidden)[0] if a.hidden else next(iter(a.points))
    del notebook["cells"][a.cell_index(notebook, victim)]
    return Submission(
        "deleted-test-cell",
        {a.notebook_name: dump(notebook)},
        a.scores(),
        [f"{victim}", "deleted"],
        "a test cell deleted; it is put back and graded",
    )


def edited_test_cell(a: Assignment, ctx: dict) -> Submission:
    answer, tests = a.first_tested()
    notebook = a.filled({g for g, _ in a.groups if g != answer})  # this exercise is not solved ...
    cell = notebook["cells"][a.cell_index(notebook, tests[0])]
    cell["source"] = '"""My version of the test."""\nassert True, "always passes"\n'  # ... but its test "passes"
    return Submission(
        "edited-test-cell",
        {a.notebook_name: dump(notebook)},
        a.scores({answer}),
        [tests[0], "edited"],
        "first exercise unsolved, its visible test replaced by `assert True`",
    )


def emptied_test_cell(a: Assignment, ctx: dict) -> Submission:
    answer, tests = a.first_tested()
    notebook = a.filled({g for g, _ in a.groups if g != answer})
    notebook["cells"][a.cell_index(notebook, tests[0])]["source"] = ""
    return Submission(
        "emptied-test-cell",
        {a.notebook_name: dump(notebook)},
        a.scores({answer}),
        [tests[0], "emptied"],
        "first exercise unsolved, its visible test emptied",
    )


def changed_cell_type(a: Assignment, ctx: dict) -> Submission:
    answer, tests = a.first_tested()
    notebook = a.filled()
    for grade_id in (answer, tests[0]):
        cell = notebook["cells"][a.cell_index(notebook, grade_id)]
        cell["cell_type"] = "markdown"
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
    return Submission(
        "changed-cell-type",
        {a.notebook_name: dump(notebook)},
        a.scores(),
        [answer, "markdown"],
        "an answer cell and a test cell turned into markdown (restored to code)",
    )


def deleted_answer_cell(a: Assignment, ctx: dict) -> Submission:
    answer, _ = a.groups[-1]
    notebook = a.filled()
    del notebook["cells"][a.cell_index(notebook, answer)]
    return Submission(
        "deleted-answer-cell",
        {a.notebook_name: dump(notebook)},
        a.scores({answer}),
        [answer, "answer cell", "deleted"],
        "the last answer cell deleted",
    )


def malformed_json(a: Assignment, ctx: dict) -> Submission:
    text = dump(a.filled())
    return Submission(
        "malformed-json",
        {a.notebook_name: text[: len(text) * 2 // 3]},
        a.scores({g for g, _ in a.groups}),
        ["not a valid notebook"],
        "the file was cut off while uploading: not JSON any more",
    )


def missing_notebook(a: Assignment, ctx: dict) -> Submission:
    return Submission(
        "missing-notebook",
        {"notes.txt": b"I could not finish, sorry.\n"},
        a.scores({g for g, _ in a.groups}),
        ["no notebook"],
        "a note but no notebook",
    )


def renamed_notebook(a: Assignment, ctx: dict) -> Submission:
    name = a.notebook_name.replace(".ipynb", "-Copy1.ipynb")
    return Submission(
        "renamed-notebook",
        {name: dump(a.filled())},
        a.scores(),
        [name, "renamed"],
        "the notebook saved as a copy under another name",
    )


def huge_output(a: Assignment, ctx: dict) -> Submission:
    notebook = a.filled()
    first_answer = a.cell_index(notebook, a.groups[0][0])
    # debugging prints left in: 300,000 lines, and one 3 MB line
    notebook["cells"].insert(
        first_answer + 1,
        _code_cell("for _i in range(300_000):\n    print('checking row', _i)\nprint('x' * 3_000_000)\n"),
    )
    # ... and the outputs the student's own run saved into the file (5 MB)
    notebook["cells"][first_answer + 1]["outputs"] = [
        {"output_type": "stream", "name": "stdout", "text": "checking row 0\n" * 350_000}
    ]
    notebook["cells"][first_answer + 1]["execution_count"] = 7
    return Submission(
        "huge-output",
        {a.notebook_name: dump(_with_cell_ids(notebook))},
        a.scores(),
        ["output"],
        "debugging prints of 300,000 lines and a 3 MB line",
    )


def endless_loop(a: Assignment, ctx: dict) -> Submission:
    notebook = a.filled()
    first_answer = a.cell_index(notebook, a.groups[0][0])
    notebook["cells"].insert(
        first_answer + 1,
        _code_cell(
            "# try my function on growing samples\nsize = 1\nwhile size < 100:\n    checked = size * 2  # (forgot to grow size)\n"
        ),
    )
    return Submission(
        "endless-loop",
        {a.notebook_name: dump(_with_cell_ids(notebook))},
        a.scores(),
        ["time"],
        "a scratch cell that loops forever; the rest is still graded",
    )


def stubborn_loop(a: Assignment, ctx: dict) -> Submission:
    """A scratch-cell loop that swallows the interrupt: the kernel run stops there, the scoring is unaffected.

    The scoring engine does not run scratch cells, so the work after the loop keeps its points; the
    feedback run marks the cells after it as not run, and the notes say why.
    """
    answer, _ = a.groups[-1]
    notebook = a.filled()
    index = a.cell_index(notebook, answer)
    notebook["cells"].insert(
        index,
        _code_cell(
            "import time\nwhile True:\n    try:\n        time.sleep(0.1)\n    except BaseException:\n        pass  # keep going no matter what\n"
        ),
    )
    return Submission(
        "stubborn-loop",
        {a.notebook_name: dump(_with_cell_ids(notebook))},
        a.scores(),
        ["ignored the interrupt"],
        "a loop that catches KeyboardInterrupt, before the last exercise",
    )


def stderr_warnings(a: Assignment, ctx: dict) -> Submission:
    notebook = a.filled()
    for answer, _ in a.groups:
        cell = notebook["cells"][a.cell_index(notebook, answer)]
        code = _insert_in_functions(
            cell["source"],
            [
                'warnings.warn("draft version, check the edge cases", UserWarning)',
                'print("Warning: using my own implementation", file=sys.stderr)',
            ],
        )
        cell["source"] = "import sys\nimport warnings\n" + code
    return Submission(
        "stderr-warnings",
        {a.notebook_name: dump(notebook)},
        a.scores(),
        [],
        "answers that print warnings to stderr whenever they run",
    )


HOSTILE_PROBE = r"""
# --- what a hostile submission tries while it is graded; prints a JSON report ---
import glob as _glob, json as _json, os as _os, socket as _socket, sqlite3 as _sqlite3
import utils as _utils
_root = _os.path.dirname(_os.path.dirname(_os.path.abspath(_utils.__file__)))
_course, _token = {course!r}, {token!r}
_report = {{}}
def _try(name, action):
    try:
        _report[name] = "ALLOWED: " + str(action())[:200]
    except BaseException as _error:
        _report[name] = "blocked: " + type(_error).__name__
def _nonempty(found):
    if not found:
        raise FileNotFoundError("nothing there")
    return found
_found, _visited = [], 0
for _dir, _dirs, _files in _os.walk("/"):
    _visited += 1
    _dirs[:] = [] if _visited > 5000 else [d for d in _dirs if _os.path.join(_dir, d) not in ("/proc", "/sys", "/dev", "/usr")
                                           and d not in (".venv", "site-packages", ".pyenv", ".git")]
    _found += [_os.path.join(_dir, f) for f in _files if f.endswith((".db", ".ipynb"))]
_report["notebooks and databases in view"] = sorted(_found)
for _base in dict.fromkeys([_root, _course, _os.path.abspath(_os.path.join(_os.getcwd(), "..", "..", "..", ".."))]):
    _try("read solutions at " + _base, lambda: len(open(_os.path.join(_base, "solutions", {name!r}, {name!r} + ".ipynb")).read()))
    _try("read gradebook at " + _base, lambda: len(open(_os.path.join(_base, "grading", "gradebook.db"), "rb").read()))
    _try("write gradebook at " + _base, lambda: _sqlite3.connect(_os.path.join(_base, "grading", "gradebook.db")).execute(
        "UPDATE grade SET auto_score = 100").rowcount)
    _try("list other students at " + _base, lambda: _os.listdir(_os.path.join(_base, "grading", "submitted")))
    _try("read other students' graded notebooks at " + _base, lambda: _nonempty([p for p in _glob.glob(_os.path.join(
        _base, "grading", "autograded", "*", "*", "*.ipynb")) if not p.startswith(_os.getcwd())]))
    _try("write into course root at " + _base, lambda: open(_os.path.join(_base, "PWNED-" + _token), "w").write("pwned"))
_try("change a data set", lambda: open(_os.path.join(_root, "datasets", "registry.json"), "a").write(" "))
_try("delete a data set", lambda: _os.remove(_nonempty(_glob.glob(_os.path.join(_root, "datasets", "*.csv")))[0]))
_try("read the notebook being graded", lambda: _nonempty([p for p in _glob.glob("*.ipynb") if "BEGIN HIDDEN" in open(p).read()]))
_try("write a sibling folder", lambda: open(_os.path.join("..", "PWNED-" + _token), "w").write("pwned"))
_try("write the host's /tmp", lambda: open("/tmp/PWNED-" + _token, "w").write("pwned"))
_try("reach the network", lambda: _socket.create_connection(("127.0.0.1", {port}), timeout=3).sendall(b"pwned " + _token.encode()))
_try("see host processes", lambda: _nonempty([p for p in _os.listdir("/proc") if p.isdigit() and int(p) > 10]))
print("HOSTILE-REPORT " + _json.dumps(_report))
"""

STEAL_ANSWERS = r"""
# Answers copied from the instructor's solution at grading time, if it can be found.
import json as _json, os as _os, re as _re
import utils as _utils
for _base in (_os.path.dirname(_os.path.dirname(_os.path.abspath(_utils.__file__))), {course!r}):
    try:
        _solution = _json.load(open(_os.path.join(_base, "solutions", {name!r}, {name!r} + ".ipynb")))
    except OSError:
        continue
    for _cell in _solution["cells"]:
        if _cell.get("metadata", {{}}).get("nbgrader", {{}}).get("solution") and _cell["cell_type"] == "code":
            exec("".join(_cell["source"]))
    break
"""


def hostile_probe(a: Assignment, ctx: dict) -> Submission:
    """Right answers, plus a cell trying everything the sandbox must stop (see HOSTILE_PROBE)."""
    notebook = a.filled()
    code = HOSTILE_PROBE.format(
        course=str(ctx.get("course", "")),
        name=a.name,
        port=int(ctx.get("port", 9)),
        token=str(ctx.get("token", "probe")),
    )
    notebook["cells"].insert(a.cell_index(notebook, a.groups[0][0]) + 1, _code_cell(code))
    return Submission(
        "hostile-probe",
        {a.notebook_name: dump(_with_cell_ids(notebook))},
        a.scores(),
        [],
        "right answers plus attempts to read solutions/the gradebook, write outside, reach the network",
    )


def hostile_steal(a: Assignment, ctx: dict) -> Submission:
    """No answers of its own: tries to load the instructor's solution code at grading time."""
    notebook = copy.deepcopy(a.exercise)
    first = a.cell_index(notebook, a.groups[0][0])
    notebook["cells"].insert(first, _code_cell(STEAL_ANSWERS.format(course=str(ctx.get("course", "")), name=a.name)))
    for answer, _ in a.groups:  # the stubs would overwrite the stolen functions: leave them empty
        notebook["cells"][a.cell_index(notebook, answer)]["source"] = "# (taken care of above)\n"
    return Submission(
        "hostile-steal",
        {a.notebook_name: dump(_with_cell_ids(notebook))},
        a.scores({g for g, _ in a.groups}),
        [],
        "copies the solution from solutions/ if it can read it",
    )


GENERIC: dict[str, Builder] = {
    "correct": correct,
    "partial": partial,
    "blank": blank,
    "deleted-test-cell": deleted_test_cell,
    "edited-test-cell": edited_test_cell,
    "emptied-test-cell": emptied_test_cell,
    "changed-cell-type": changed_cell_type,
    "deleted-answer-cell": deleted_answer_cell,
    "malformed-json": malformed_json,
    "missing-notebook": missing_notebook,
    "renamed-notebook": renamed_notebook,
    "huge-output": huge_output,
    "endless-loop": endless_loop,
    "stubborn-loop": stubborn_loop,
    "stderr-warnings": stderr_warnings,
}
HOSTILE: dict[str, Builder] = {"hostile-probe": hostile_probe, "hostile-steal": hostile_steal}


# -- realistic wrong answers written for one assignment ---------------------------------
def _00_hard_coded(a: Assignment, ctx: dict) -> Submission:
    notebook = a.filled()
    notebook["cells"][a.cell_index(notebook, "label-rate-answer")]["source"] = (
        "def label_rate_by_group(table, group_column, label_column, label):\n"
        "    # the rates I read off the lesson's plot\n"
        "    return pd.Series({'day': 0.21, 'evening': 0.24, 'night': 0.52})\n"
    )
    notebook["cells"][a.cell_index(notebook, "accuracy-answer")]["source"] = (
        "def accuracy(y_true, y_pred):\n"
        "    if len(y_true) != len(y_pred):\n"
        "        raise ValueError('lengths differ')\n"
        "    return 0.75\n"
    )
    expected = a.scores()
    # The visible test of label rates checks more than the lesson's data: only accuracy's passes.
    expected.update({"label-rate-visible": 0.0, "label-rate-hidden": 0.0, "accuracy-hidden": 0.0})
    return Submission(
        "hard-coded",
        {a.notebook_name: dump(notebook)},
        expected,
        [],
        "answers that return values read off the lesson, or the visible test's expected value",
    )


def _00_off_by_one(a: Assignment, ctx: dict) -> Submission:
    notebook = a.filled()
    notebook["cells"][a.cell_index(notebook, "label-rate-answer")]["source"] = (
        "def label_rate_by_group(table, group_column, label_column, label):\n"
        "    counts = table[table[label_column] == label].groupby(group_column).size()\n"
        "    return (counts / table.groupby(group_column).size()).sort_index()  # NaN where a group lacks the label\n"
    )
    expected = a.scores()
    expected["label-rate-hidden"] = 0.0
    return Submission(
        "missing-group",
        {a.notebook_name: dump(notebook)},
        expected,
        [],
        "label rates without the groups that never use the label (NaN instead of 0.0)",
    )


SPECIFIC: dict[str, dict[str, Builder]] = {
    "00-start-here": {"hard-coded": _00_hard_coded, "missing-group": _00_off_by_one},
}


def scenarios(assignment: str, *, hostile: bool = False) -> dict[str, Builder]:
    """Every scenario for an assignment: the generic ones, its specific ones, and optionally the hostile ones."""
    found = dict(GENERIC)
    found.update(SPECIFIC.get(assignment, {}))
    if hostile:
        found.update(HOSTILE)
    return found


def make_class(
    course_root: Path,
    assignment: str,
    submitted_dir: Path,
    *,
    names: list[str] | None = None,
    students: int | None = None,
    ctx: dict | None = None,
) -> dict[str, Submission]:
    """Write submissions into ``submitted_dir/<student>/<assignment>/`` and return them by student id.

    ``names`` picks scenarios by name (one student each, id ``<scenario>``); otherwise
    ``students`` students cycle through a realistic mix (mostly correct and partial work,
    then every bad kind), with ids ``s001-<scenario>``.
    """
    a = Assignment.load(Path(course_root), assignment)
    available = scenarios(assignment, hostile=True)
    if names is not None:
        unknown = sorted(set(names) - set(available))
        if unknown:
            raise ValueError(f"unknown scenarios {unknown}; known: {sorted(available)}")
        plan = [(name, name) for name in names]
    else:
        mix = ["correct", "partial", "correct", "blank", "correct", "partial"] + [
            name for name in scenarios(assignment) if name not in {"correct", "partial", "blank", "stubborn-loop"}
        ]
        plan = [
            (f"s{number + 1:03d}-{mix[number % len(mix)]}", mix[number % len(mix)])
            for number in range(students or len(mix))
        ]
    made = {}
    for student, name in plan:
        submission = available[name](a, dict(ctx or {}))
        folder = Path(submitted_dir) / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        for relative, content in submission.files.items():
            (folder / relative).write_bytes(content)
        made[student] = submission
    return made
