"""Grades out to Canvas: ``python -m grading_tools export-canvas`` on a sample gradebook.

The sample: two assignments (one with a written answer), four students (a full score, a
late penalty, a name with a comma, no submission). The CSV must have Canvas's gradebook
layout (grading_tools/canvas.py cites it), the same scores as ``nbgrader export``, and no
file at all while a score is not final.
"""

from __future__ import annotations

import pytest

pytest.importorskip("nbgrader")  # the minimum-versions environment has no grading tools

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from grading_tools import canvas

ROSTER = [
    ("1001", "Jane", "Smith"),
    ("1002", "John", "Doe"),
    ("1003", "Ada", "Byron, Jr."),  # a comma in a name must stay in one CSV field
    ("1004", "Sam", "Absent"),
]


@pytest.fixture(autouse=True)
def _venv_on_path(monkeypatch):
    """nbgrader runs `alembic` from PATH to make an SQLite gradebook."""
    monkeypatch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
    monkeypatch.delenv("COURSE_DB_URL", raising=False)


def _course(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", course / "nbgrader_config.py")
    return course


def _gradebook(course: Path, *, manual_graded: bool = True) -> str:
    """A gradebook like autograding and the formgrader leave it."""
    from nbgrader.api import Gradebook

    (course / "grading").mkdir(exist_ok=True)
    url = "sqlite:///" + str(course / "grading" / "gradebook.db")
    with Gradebook(url) as gb:
        for student, first, last in ROSTER:
            gb.add_student(student, first_name=first, last_name=last)
        gb.add_assignment("00-start-here")
        gb.add_notebook("00-start-here", "00-start-here")
        gb.add_grade_cell("test-a", "00-start-here", "00-start-here", max_score=3, cell_type="code")
        gb.add_grade_cell("test-b", "00-start-here", "00-start-here", max_score=4.5, cell_type="code")
        gb.add_grade_cell("written", "00-start-here", "00-start-here", max_score=2, cell_type="markdown")
        gb.add_assignment("01-data-detective")
        gb.add_notebook("01-data-detective", "01-data-detective")
        gb.add_grade_cell("test-c", "01-data-detective", "01-data-detective", max_score=5, cell_type="code")
        scores = {  # student -> (test-a, test-b, written, test-c, late penalty on 00)
            "1001": (3, 4.5, 2, 5, 0),
            "1002": (3, 1.5, 1, 0, 2),
            "1003": (0, 0, 0.5, 5, 0),
        }
        for student, (a, b, written, c, penalty) in scores.items():
            gb.add_submission("00-start-here", student)
            for cell, notebook, score in (
                ("test-a", "00-start-here", a),
                ("test-b", "00-start-here", b),
                ("written", "00-start-here", written),
                ("test-c", "01-data-detective", c),
            ):
                if cell == "test-c":
                    gb.add_submission("01-data-detective", student)
                grade = gb.find_grade(cell, notebook, notebook, student)
                pending = cell == "written" and student == "1003" and not manual_graded
                grade.auto_score = None if cell == "written" else score
                grade.manual_score = score if cell == "written" and not pending else None
                grade.needs_manual_grade = pending
            gb.find_submission_notebook("00-start-here", "00-start-here", student).late_submission_penalty = penalty
        gb.db.commit()
    return url


class Outcome:
    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def _tool(course: Path, capsys, *args: str) -> Outcome:
    """``python -m grading_tools --course COURSE ARGS``, in this process (a new interpreter costs seconds)."""
    from grading_tools.__main__ import main

    capsys.readouterr()
    returncode = main(["--course", str(course), *args])
    out, err = capsys.readouterr()
    return Outcome(returncode, out, err)


def test_canvas_csv_has_canvas_layout_and_nbgrader_scores(tmp_path, capsys):
    course = _course(tmp_path)
    _gradebook(course)
    done = _tool(course, capsys, "export-canvas", "--canvas-id", "00-start-here=734512")
    assert done.returncode == 0, done.stderr
    text = (course / "grading" / "canvas-grades.csv").read_text(encoding="utf-8")
    assert text.splitlines() == [
        "Student,ID,SIS User ID,SIS Login ID,Section,00-start-here (734512),01-data-detective",
        "Points Possible,,,,,9.5,5",
        '"Absent, Sam",1004,,,,0,0',
        '"Byron, Jr., Ada",1003,,,,0.5,5',
        '"Doe, John",1002,,,,3.5,0',
        '"Smith, Jane",1001,,,,9.5,5',
    ]
    assert done.stdout.startswith(str(course / "grading" / "canvas-grades.csv")) and "4 students" in done.stdout

    # the same numbers as nbgrader's own CSV (score = raw score - late penalty)
    exported = subprocess.run(
        [sys.executable, "-m", "nbgrader", "export", "--to", "grading/grades.csv"],
        cwd=course,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONNOUSERSITE="1"),
    )
    assert exported.returncode == 0, exported.stderr[-2000:]
    with open(course / "grading" / "grades.csv", newline="") as handle:
        lines = list(csv.reader(handle))
    # nbgrader writes its CSV without quoting: the comma in "Byron, Jr." shifts that row's fields
    whole = [dict(zip(lines[0], line)) for line in lines[1:] if len(line) == len(lines[0])]
    nbgrader_scores = {(row["student_id"], row["assignment"]): float(row["score"]) for row in whole}
    assert {student for student, _ in nbgrader_scores} >= {"1001", "1002", "1004"}
    with open(course / "grading" / "canvas-grades.csv", newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["Student"] != "Points Possible"]
    canvas_scores = {
        (row["ID"], name): float(row[column])
        for row in rows
        for name, column in (("00-start-here", "00-start-here (734512)"), ("01-data-detective", "01-data-detective"))
    }
    assert {key: canvas_scores[key] for key in nbgrader_scores} == nbgrader_scores
    assert canvas_scores[("1003", "00-start-here")] == 0.5 and canvas_scores[("1003", "01-data-detective")] == 5


def test_no_file_while_a_score_is_not_final(tmp_path, capsys):
    course = _course(tmp_path)
    _gradebook(course, manual_graded=False)
    # collected but never autograded: must not become a silent 0
    (course / "grading" / "submitted" / "1004" / "01-data-detective").mkdir(parents=True)
    refused = _tool(course, capsys, "export-canvas")
    assert refused.returncode == 1
    assert "1003 00-start-here: answers still to grade by hand" in refused.stderr
    assert "1004 01-data-detective: collected but not autograded yet" in refused.stderr
    assert not (course / "grading" / "canvas-grades.csv").exists()
    allowed = _tool(course, capsys, "export-canvas", "--allow-pending", "--assignment", "00-start-here")
    assert allowed.returncode == 0, allowed.stderr
    assert "not final: 1003 00-start-here" in allowed.stdout
    header = (course / "grading" / "canvas-grades.csv").read_text().splitlines()[0]
    assert header == "Student,ID,SIS User ID,SIS Login ID,Section,00-start-here"


def test_bad_arguments_say_what_to_do(tmp_path, capsys):
    course = _course(tmp_path)
    _gradebook(course)
    with pytest.raises(ValueError, match="ASSIGNMENT=NUMBER"):
        canvas.parse_canvas_ids(["00-start-here:123"])
    unknown = _tool(course, capsys, "export-canvas", "--assignment", "99-nope")
    assert unknown.returncode == 1 and "no assignment 99-nope" in unknown.stderr and "00-start-here" in unknown.stderr
    stray = _tool(
        course, capsys, "export-canvas", "--assignment", "00-start-here", "--canvas-id", "01-data-detective=5"
    )
    assert stray.returncode == 1 and "not exported: 01-data-detective" in stray.stderr
