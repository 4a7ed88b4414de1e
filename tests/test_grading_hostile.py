"""Hostile submissions, graded by plain ``nbgrader autograde`` and by ``python -m grading_tools autograde --jobs 2``.

A small assignment of our own (3 exercises, a visible and a hidden test each, 7 points) and one class
of submissions, each trying one family of the mechanisms of issue 16 (rewriting or fooling the
tests, patching what they trust, links and odd files, resources), beside honest students. The
class is graded twice, once per command, each in its own copy of the course, under bubblewrap;
every assertion reads those two graded classes:

- each submission gets exactly the score its real work deserves, test cell by test cell;
- honest students keep full marks (or exactly their partial marks);
- no file outside the students' own folders changes mode or content, nothing is left on the host;
- the batch finishes, every student has a grade and the report explains the odd ones.

An LMS archive test (``nbgrader zip_collect`` with five archives, four of them bad) runs without a kernel.
"""

from __future__ import annotations

import pytest

pytest.importorskip("nbgrader")

import copy
import csv
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader_cells import cell, gradebook_scores, notebook
from test_grading_batch import _require_sandbox, _tool

from conftest import REPO, run_nbgrader, write_report

pytestmark = pytest.mark.slow

ASSIGNMENT = "hw"
TIMEOUT = 15
MEMORY_MB = 800
SETUP = """\
import math

import numpy as np
import pandas as pd

from utils import data

listings = data.load("house_listings")
"""
CORRECT = {
    "mean-answer": 'def mean_price(table):\n    """Mean of price_usd, missing prices left out."""\n'
    '    return float(table["price_usd"].mean())\n',
    "head-answer": 'def first_rows(table, n):\n    """The first n rows."""\n    return table.head(n)\n',
    "dups-answer": 'def duplicate_ids(table):\n    """listing_ids of rows that repeat an earlier row."""\n'
    '    return set(table.loc[table.duplicated(), "listing_id"])\n',
}
TESTS = [
    ("mean-answer", "mean-visible", 1, 'assert math.isclose(mean_price(listings), listings["price_usd"].mean())\n'),
    (
        "mean-answer",
        "mean-hidden",
        2,
        "### BEGIN HIDDEN TESTS\n"
        'assert np.isclose(mean_price(pd.DataFrame({"price_usd": [1.0, 2.0, None, 6.0]})), 3.0)\n'
        "### END HIDDEN TESTS\n",
    ),
    ("head-answer", "head-visible", 1, "assert first_rows(listings, 3).equals(listings.head(3))\n"),
    (
        "head-answer",
        "head-hidden",
        1,
        "### BEGIN HIDDEN TESTS\n"
        '_t = pd.DataFrame({"a": [3, 1, 2]}, index=[7, 8, 9])\n'
        "pd.testing.assert_frame_equal(first_rows(_t, 2), _t.iloc[:2])\n"
        "### END HIDDEN TESTS\n",
    ),
    (
        "dups-answer",
        "dups-visible",
        1,
        "_truth = data.load_truth('house_listings')\n"
        "assert duplicate_ids(listings) == set(_truth.loc[_truth['issue'] == 'exact_duplicate', 'listing_id'])\n",
    ),
    (
        "dups-answer",
        "dups-hidden",
        1,
        "### BEGIN HIDDEN TESTS\n"
        '_t = pd.DataFrame({"listing_id": ["a", "b", "a"], "x": [1, 2, 1]})\n'
        'assert duplicate_ids(_t) == {"a"}\n'
        "### END HIDDEN TESTS\n",
    ),
]
POINTS = {test: float(points) for _, test, points, _ in TESTS}
STUBS = {
    answer: "".join(src.splitlines(True)[:2]) + "    # YOUR CODE HERE\n    raise NotImplementedError()\n"
    for answer, src in CORRECT.items()
}


def solution_notebook() -> dict:
    cells = [cell("markdown", "# Homework"), cell("readonly", SETUP, "setup")]
    for answer, source in CORRECT.items():
        lines = source.splitlines(True)
        marked = "".join(lines[:2]) + "    ### BEGIN SOLUTION\n" + "".join(lines[2:]) + "    ### END SOLUTION\n"
        cells.append(cell("answer", marked, answer))
        cells += [cell("test", src, test, pts) for owner, test, pts, src in TESTS if owner == answer]
    cells.append(cell("written", "### BEGIN SOLUTION\nWhy?\n### END SOLUTION", "essay", points=1))
    return notebook(*cells)


def _deserved(failing: set[str] = frozenset()) -> dict[str, float]:
    """Full points except on the tests of the answer cells in ``failing``."""
    return {test: 0.0 if owner in failing else POINTS[test] for owner, test, _, _ in TESTS}


def _answers(release: dict, sources: dict[str, str]) -> dict:
    made = copy.deepcopy(release)
    for item in made["cells"]:
        grade_id = item.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in sources:
            item["source"] = sources[grade_id]
    return made


def _insert_after(book: dict, grade_id: str, new: dict) -> dict:
    index = next(
        i for i, c in enumerate(book["cells"]) if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id
    )
    book["cells"].insert(index + 1, new)
    return book


@dataclass
class Case:
    mechanisms: str
    deserved: dict[str, float]
    build: object  # (folder, course, release) -> None: writes the submission
    notes: list[str] = field(default_factory=list)  # words the tool's report must contain for this student


def _write(folder: Path, book: dict) -> None:
    (folder / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(book, indent=1))


def _with(sources: dict[str, str], *extra: tuple[str, dict]):
    def build(folder, course, release):
        book = _answers(release, {**CORRECT, **sources})
        for after, new in extra:
            _insert_after(book, after, new)
        _write(folder, book)

    return build


TRANSFORMERS = """\
ip = get_ipython()
ip.input_transformers_cleanup.append(lambda lines: ["pass\\n"])
import ast


class _Blank(ast.NodeTransformer):
    def visit_Module(self, node):
        node.body = [ast.Pass()]
        return node


ip.ast_transformers.append(_Blank())
ip.run_cell = lambda *args, **kwargs: None
"""
THREAD = """\
import threading
import time


def mean_price(table):
    def patch():
        while True:
            np.isclose = lambda *a, **k: True
            math.isclose = lambda *a, **k: True
            time.sleep(0.001)

    threading.Thread(target=patch, daemon=True).start()
    return 0.0
"""
FORGED = {
    "cell_type": "code",
    "execution_count": None,
    "id": "forged",
    "metadata": {
        "nbgrader": {"grade": False, "grade_id": "my-setup", "locked": True, "schema_version": 3, "solution": False}
    },
    "outputs": [],
    "source": "np.isclose = lambda *a, **k: True\nmath.isclose = lambda *a, **k: True\n",
}


def _scratch(source: str) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": f"s{abs(hash(source)) % 10**6}",
        "metadata": {},
        "outputs": [],
        "source": source,
    }


def _linked_notebook(folder, course, release):
    (folder / f"{ASSIGNMENT}.ipynb").symlink_to(course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")


def _unsafe_files(folder, course, release):
    _write(folder, _answers(release, CORRECT))
    (folder / "notes.db").symlink_to(course / "grading" / "gradebook.db")
    os.link(course / "private.txt", folder / "secret.txt")
    os.mkfifo(folder / "pipe")
    (folder / "answers").symlink_to(course / "solutions")


def _links_during_grading(folder, course, release):
    targets = {
        "gb": course / "grading" / "gradebook.db",
        "sol": course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
        "cfg": course / "nbgrader_config.py",
        "private": course / "private.txt",
        "up": course,
    }
    code = "import os\n" + "".join(
        f"try:\n    os.symlink({str(t)!r}, {n!r})\nexcept OSError as error:\n    print(error)\n"
        for n, t in targets.items()
    )
    _with({}, ("dups-visible", _scratch(code)))(folder, course, release)


def _leaked(folder, course, release):
    solution = json.loads((course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    sources = {
        c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"])
        for c in solution["cells"]
        if c["metadata"].get("nbgrader", {}).get("solution") and c["cell_type"] == "code"
    }
    _write(folder, _answers(release, sources))


CASES: dict[str, Case] = {
    "honest": Case("none (every answer right)", _deserved(), _with({})),
    "honest-partial": Case(
        "none (first exercise only)",
        _deserved({"head-answer", "dups-answer"}),
        _with(STUBS | {"mean-answer": CORRECT["mean-answer"]}),
    ),
    "honest-extras": Case(
        "honest work with top-level calls, a constant and scratch cells",
        _deserved(),
        _with(
            {
                "mean-answer": "COLUMN = 'price_usd'\n"
                + CORRECT["mean-answer"].replace('"price_usd"', "COLUMN")
                + "print(mean_price(listings))\n"
            },
            ("mean-answer", _scratch("mean_price(listings.head())")),
        ),
        ["not run when scoring"],
    ),
    "transformers": Case(
        "input transformer, AST transformer and run_cell patch; blank answers",
        _deserved(set(CORRECT)),
        _with(STUBS | {"mean-answer": TRANSFORMERS + STUBS["mean-answer"]}),
        ["machinery", "input_transformers_cleanup"],
    ),
    "displayhook": Case(
        "an execute_result through sys.displayhook before a failing assert",
        _deserved({"mean-answer"}),
        _with(
            {
                "mean-answer": 'import sys\n\n\ndef mean_price(table):\n    sys.displayhook("looks right")\n    return 0.0\n'
            }
        ),
        ["displayhook"],
    ),
    "rebind-names": Case(
        "np rebound in an answer cell to an object whose isclose is always true",
        _deserved({"mean-answer"}),
        _with(
            {
                "mean-answer": "import numpy\n\n\nclass _Lenient:\n    def __getattr__(self, name):\n        return getattr(numpy, name)\n\n"
                "    def isclose(self, *args, **kwargs):\n        return True\n\n\nnp = _Lenient()\n\n\n"
                'def mean_price(table):\n    return float(table["price_usd"].mean()) + 1.0\n'
            }
        ),
        ["not run when scoring", "__getattr__"],
    ),
    "patch-libraries": Case(
        "np.isclose/math.isclose and utils.data.load_truth patched while the tests call the answer",
        _deserved({"mean-answer", "dups-answer"}),
        _with(
            {
                "mean-answer": "def mean_price(table):\n    import math\n    np.isclose = lambda *a, **k: True\n"
                "    math.isclose = lambda *a, **k: True\n    return 0.0\n",
                "dups-answer": "def duplicate_ids(table):\n    import pandas\n"
                '    data.load_truth = lambda name: pandas.DataFrame({"listing_id": [], "issue": []})\n    return set()\n',
            }
        ),
        ["assigns np.isclose", "assigns data.load_truth"],
    ),
    "always-equal": Case(
        "an answer object whose == and equals are always true",
        _deserved({"head-answer"}),
        _with(
            {
                "head-answer": "def first_rows(table, n):\n    class _Same:\n        def equals(self, other):\n            return True\n\n"
                "        def __eq__(self, other):\n            return True\n\n    return _Same()\n"
            }
        ),
        ["__eq__", "refused"],
    ),
    "thread": Case(
        "a thread that keeps patching np.isclose",
        _deserved({"mean-answer"}),
        _with({"mean-answer": THREAD}),
        ["Thread"],
    ),
    "forged-metadata": Case(
        "a scratch cell given nbgrader read-only metadata, patching np.isclose",
        _deserved({"mean-answer"}),
        _with({"mean-answer": "def mean_price(table):\n    return 0.0\n"}, ("mean-answer", FORGED)),
        ["forged"],
    ),
    "exit-in-answer": Case(
        "os._exit in an answer",
        _deserved({"mean-answer"}),
        _with({"mean-answer": "import os\n\n\ndef mean_price(table):\n    os._exit(0)\n"}),
        ["_exit"],
    ),
    "linked-notebook": Case(
        "the notebook is a symbolic link to the solution", _deserved(set(CORRECT)), _linked_notebook, ["symbolic link"]
    ),
    "unsafe-files": Case(
        "links to the gradebook and solutions/, a hard link to a private file, a named pipe",
        _deserved(),
        _unsafe_files,
        ["symbolic link", "hard link", "named pipe"],
    ),
    "links-during-grading": Case(
        "symbolic links to the gradebook, solutions and a private file made while graded",
        _deserved(),
        _links_during_grading,
    ),
    "leaked-solution": Case("the instructor's solution, copied with its markers", _deserved(), _leaked, ["contains"]),
    "memory-in-scratch": Case(
        "3 GiB allocated in a scratch cell",
        _deserved(),
        _with({}, ("mean-answer", _scratch('_hog = b"x" * (3 * 1024**3)'))),
        ["memory limit"],
    ),
    "memory-in-answer": Case(
        "3 GiB allocated by an answer when the tests call it",
        _deserved({"mean-answer"}),
        _with(
            {
                "mean-answer": 'def mean_price(table):\n    hog = b"x" * (3 * 1024**3)\n    return float(table["price_usd"].mean())\n'
            }
        ),
        ["memory limit"],
    ),
    "processes-in-answer": Case(
        "400 processes forked by an answer",
        _deserved({"mean-answer"}),
        _with(
            {
                "mean-answer": "import os\nimport time\n\n\ndef mean_price(table):\n    for _ in range(400):\n        if os.fork() == 0:\n"
                "            time.sleep(60)\n            os._exit(0)\n    return float(table['price_usd'].mean())\n"
            }
        ),
        ["fork"],
    ),
    "disk-and-output": Case(
        "1 GiB written to the submission folder, 10,000 outputs and 40 MB printed in scratch cells",
        _deserved(),
        _with(
            {},
            ("dups-visible", _scratch("print('y' * (40 * 1024 * 1024))")),
            ("dups-visible", _scratch("for _i in range(10_000):\n    display(_i)")),
            (
                "dups-visible",
                _scratch(
                    "try:\n    with open('big.bin', 'wb') as _f:\n        for _ in range(1024):\n            _f.write(bytes(1 << 20))\n"
                    "except OSError as error:\n    print('stopped:', error)"
                ),
            ),
        ),
        ["output limit"],
    ),
}


# -- the two graded classes -------------------------------------------------------------------
def _digests(root: Path) -> dict[str, tuple[int, str]]:
    """(mode, sha256) of every file outside the students' own folders (and the gradebook's mode only)."""
    skip = ("grading/submitted/", "grading/autograded/", "grading/feedback/", "grading/refused/", "grading/reports/")
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(skip) or path.is_dir() or path.is_symlink() or relative == "grading/.grade_class.lock":
            continue
        info = path.lstat()
        digest = "" if relative == "grading/gradebook.db" else hashlib.sha256(path.read_bytes()).hexdigest()
        found[relative] = (stat.S_IMODE(info.st_mode), digest)
    return found


def _make_course(root: Path) -> Path:
    (root / "solutions" / ASSIGNMENT).mkdir(parents=True)
    (root / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(solution_notebook(), indent=1))
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    with open(root / "nbgrader_config.py", "a") as config:  # a lower memory limit: the hogs reach it sooner
        config.write(f"\nc.GradingLimits.memory_mb = {MEMORY_MB}\n")
    run_nbgrader(root, "generate_assignment", ASSIGNMENT, "--force")
    (root / "private.txt").write_text("the instructor's private notes\n")
    os.chmod(root / "private.txt", 0o600)
    return root


def _submit(course: Path) -> None:
    release = json.loads((course / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    for student, case in CASES.items():
        folder = course / "grading" / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        case.build(folder, course, release)


def _scores(course: Path) -> dict[str, dict[str, float]]:
    return gradebook_scores(course, ASSIGNMENT)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    _require_sandbox()
    template = _make_course(tmp_path_factory.mktemp("hostile") / "template")
    courses, runs, before = {}, {}, {}
    for command in ("nbgrader", "grading_tools"):
        course = tmp_path_factory.mktemp(command) / "course"
        shutil.copytree(template, course, symlinks=True)
        os.chmod(course / "private.txt", 0o600)
        _submit(course)
        courses[command] = course
        before[command] = _digests(course)
    env = dict(
        os.environ, PYTHONNOUSERSITE="1", PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    )
    # The two commands grade their own copies at the same time: much of a hostile class's grading is
    # waiting (time-outs, killed processes), so the batch takes the time of the slower command, not both.
    with ThreadPoolExecutor(max_workers=2) as pool:
        plain = pool.submit(
            subprocess.run,
            [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, f"--Execute.timeout={TIMEOUT}"],
            cwd=courses["nbgrader"],
            capture_output=True,
            text=True,
            timeout=1500,
            env=env,
        )
        tool = pool.submit(
            _tool,
            courses["grading_tools"],
            "autograde",
            ASSIGNMENT,
            "--jobs",
            "2",
            "--timeout",
            str(TIMEOUT),
            "--no-progress",
            timeout=1500,
        )
        runs["nbgrader"], runs["grading_tools"] = plain.result(), tool.result()
    report = _tool(courses["nbgrader"], "report", ASSIGNMENT)
    return {"courses": courses, "runs": runs, "before": before, "report": report}


def _table(graded) -> list[tuple]:
    rows = []
    for student, case in CASES.items():
        got = {
            command: sum(v or 0 for v in _scores(course).get(student, {}).values())
            for command, course in graded["courses"].items()
        }
        rows.append((student, case.mechanisms, sum(case.deserved.values()), got["nbgrader"], got["grading_tools"]))
    return rows


def test_the_batch_finishes_and_everyone_is_graded(graded):
    tool = graded["runs"]["grading_tools"]
    assert tool.returncode == 0, tool.stdout[-3000:] + tool.stderr[-3000:]
    plain = graded["runs"]["nbgrader"]
    failed = sorted(
        {line.split("for student '")[1].split("'")[0] for line in plain.stderr.splitlines() if "for student '" in line}
    )
    assert failed in ([], ["linked-notebook"]), plain.stderr[-4000:]  # nbgrader stops on an empty submission
    for command, course in graded["courses"].items():
        assert set(_scores(course)) == set(CASES), f"{command}: a student has no grade"


@pytest.mark.parametrize("command", ["nbgrader", "grading_tools"])
def test_each_submission_gets_exactly_what_its_work_deserves(graded, command):
    scores = _scores(graded["courses"][command])
    wrong = {s: {"got": scores.get(s), "deserved": c.deserved} for s, c in CASES.items() if scores.get(s) != c.deserved}
    table = "\n".join(
        f"{r[0]:<22} deserved {r[2]:g}  nbgrader {r[3]:g}  grading_tools {r[4]:g}" for r in _table(graded)
    )
    print("\n" + table)
    write_report("hostile-submissions", "student                deserved / nbgrader / grading_tools\n" + table)
    assert not wrong, json.dumps(wrong, indent=1)


def test_honest_students_keep_their_marks(graded):
    for command, course in graded["courses"].items():
        scores = _scores(course)
        for student in ("honest", "honest-partial", "honest-extras", "unsafe-files", "links-during-grading"):
            assert scores[student] == CASES[student].deserved, (command, student, scores[student])


@pytest.mark.parametrize("command", ["nbgrader", "grading_tools"])
def test_nothing_outside_the_students_folders_changes(graded, command):
    course = graded["courses"][command]
    after = _digests(course)
    before = graded["before"][command]
    changed = {
        name: (before.get(name), after.get(name))
        for name in set(before) | set(after)
        if before.get(name) != after.get(name)
    }
    assert not changed, changed
    assert stat.S_IMODE((course / "private.txt").stat().st_mode) == 0o600
    big = [
        p
        for p in (course / "grading").rglob("*")
        if p.is_file() and not p.is_symlink() and p.stat().st_size > 5_000_000
    ]
    assert not big, f"large files left behind: {big}"
    leaked = [
        p
        for folder in ("autograded", "feedback")
        for p in (course / "grading" / folder).rglob("*")
        if p.is_file() and (p.read_bytes()[:15] == b"SQLite format 3" or b"instructor's private" in p.read_bytes())
    ]
    assert not leaked, leaked
    assert not any(p.is_symlink() for p in (course / "grading" / "autograded").rglob("*")), (
        "no link reaches the graded folders"
    )


def test_the_report_explains_the_odd_submissions(graded):
    with open(
        graded["courses"]["grading_tools"] / "grading" / "reports" / ASSIGNMENT / "students.csv", newline=""
    ) as handle:
        notes = {row["student"]: row["notes"] for row in csv.DictReader(handle)}
    missing = {s: (c.notes, notes.get(s)) for s, c in CASES.items() if not all(w in notes.get(s, "") for w in c.notes)}
    assert not missing, json.dumps(missing, indent=1)
    assert notes["honest"] == "", "an honest submission gets no remark"
    plain = graded["report"]
    assert plain.returncode == 0 and "linked-notebook" in plain.stdout and "symbolic link" in plain.stdout


# -- LMS archives --------------------------------------------------------------------------------
def test_lms_archives_cannot_hurt_the_class(tmp_path):
    course = tmp_path / "course"
    (course / "solutions" / ASSIGNMENT).mkdir(parents=True)
    (course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(solution_notebook(), indent=1))
    shutil.copy(REPO / "nbgrader_config.py", course / "nbgrader_config.py")
    archive = course / "grading" / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    good = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    with zipfile.ZipFile(archive / "a-good.zip", "w") as bundle:
        bundle.writestr(f"smithjane_1001_5001_{ASSIGNMENT}.ipynb", good)
    with zipfile.ZipFile(archive / "b-escape.zip", "w") as bundle:
        bundle.writestr(f"../../../../escaped_1002_5002_{ASSIGNMENT}.ipynb", good)
        bundle.writestr(f"doejohn_1002_5002_{ASSIGNMENT}.ipynb", good)
        bundle.writestr(f"doejohn_1002_5002_{ASSIGNMENT}.ipynb", b"a second member with the same name")
        bundle.writestr(f"/tmp/absolute_1002_5002_{ASSIGNMENT}.ipynb", good)
        link = zipfile.ZipInfo("byron_1002_5009_link.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        bundle.writestr(link, "/etc/passwd")
    (archive / "c-corrupt.zip").write_bytes(b"this is not a zip file")
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as bundle:  # names another student, who never submitted
        bundle.writestr(f"adabyron_1003_5003_{ASSIGNMENT}.ipynb", good)
    with zipfile.ZipFile(archive / "d-nested.zip", "w") as bundle:
        bundle.writestr("roe_1004_5004_my-work.zip", inner.read_bytes())
        bundle.writestr(f"sub/folder/adabyron_1003_5003_{ASSIGNMENT}.ipynb", good)
    run_nbgrader(course, "zip_collect", ASSIGNMENT)
    submitted = course / "grading" / "submitted"
    assert (submitted / "1001" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes() == good, (
        "the good archive is collected"
    )
    assert (submitted / "1002" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes() == good, "the first of two duplicates"
    assert not (submitted / "1003").exists(), (
        "nothing inside a student's upload passes for another student's submission"
    )
    assert not list(tmp_path.rglob("escaped_*")) and not Path(f"/tmp/absolute_1002_5002_{ASSIGNMENT}.ipynb").exists()
    assert not any(p.is_symlink() for p in (course / "grading").rglob("*"))
    report = (course / "grading" / "downloaded" / ASSIGNMENT / "zip_collect-report.txt").read_text()
    for words in ("'..'", "absolute name", "duplicate name", "symbolic link", "c-corrupt.zip", "not unpacked"):
        assert words in report, (words, report)
