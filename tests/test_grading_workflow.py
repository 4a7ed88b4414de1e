"""The instructor's whole cycle, with the commands of docs/instructor-guide.md, in a throwaway course.

Roster from CSV; release through an nbgrader exchange, a student fetches, submits, and the
instructor collects; an LMS archive collected with ``zip_collect``; the sandbox refusing to
grade without bubblewrap unless the instructor opts out; parallel autograding; feedback
generated and released; grades exported to CSV; the grade report.
"""

from __future__ import annotations

import pytest

# Grading tests need nbgrader (the lab extra); the minimum-versions environment has only what
# notebooks import, so these modules are skipped there.
pytest.importorskip("nbgrader")

import csv
import getpass
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from test_grading_batch import ASSIGNMENT, _require_sandbox, _tool

from conftest import REPO, run_nbgrader
from grading_tools import fake_class

pytestmark = pytest.mark.slow

ROSTER = (
    "id,first_name,last_name,email\n1001,Jane,Smith,jane@example.edu\n1002,John,Doe,john@example.edu\n"
    "1003,Ada,Byron,ada@example.edu\n"
)


def _nbgrader_fails(course: Path, *args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        PYTHONNOUSERSITE="1",
        **(env_extra or {}),
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
    )
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True, timeout=600, env=env
    )


def test_instructor_workflow_end_to_end(tmp_path):
    _require_sandbox()
    course, exchange, home = tmp_path / "course", tmp_path / "exchange", tmp_path / "student"
    shutil.copytree(REPO / "solutions" / ASSIGNMENT, course / "solutions" / ASSIGNMENT)
    shutil.copytree(REPO / "exercises" / ASSIGNMENT, course / "exercises" / ASSIGNMENT)
    shutil.copy(REPO / "nbgrader_config.py", course / "nbgrader_config.py")
    exchange.mkdir(mode=0o777)
    home.mkdir()
    ex = f"--Exchange.root={exchange}"
    info = fake_class.Assignment.load(course, ASSIGNMENT)
    notebook = f"{ASSIGNMENT}.ipynb"

    # 1. roster, gradebook entries, release
    (course / "roster.csv").write_text(ROSTER)
    run_nbgrader(course, "db", "student", "import", "roster.csv")
    run_nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    run_nbgrader(course, "release_assignment", ASSIGNMENT, ex, "--force")

    # 2. a student on the server fetches, works, submits; the instructor collects
    student_args = ["--CourseDirectory.course_id=data-centric-ai", ex]
    run_nbgrader(home, "fetch_assignment", ASSIGNMENT, *student_args)
    fetched = home / ASSIGNMENT / notebook
    assert fetched.read_bytes() == (REPO / "exercises" / ASSIGNMENT / notebook).read_bytes()
    fetched.write_bytes(fake_class.dump(info.filled()))
    run_nbgrader(home, "submit", ASSIGNMENT, *student_args)
    run_nbgrader(course, "collect", ASSIGNMENT, ex)
    user = getpass.getuser()
    assert (course / "grading" / "submitted" / user / ASSIGNMENT / notebook).exists()

    # 3. an LMS archive (Canvas naming; one late resubmission renamed "-1" by the LMS)
    archive = course / "grading" / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    half = {answer for answer, _ in info.groups[:1]}
    with zipfile.ZipFile(archive / "submissions.zip", "w") as bundle:
        bundle.writestr(f"smithjane_1001_5001_{notebook}", fake_class.dump(info.filled()))
        bundle.writestr(f"doejohn_late_1002_5002_{ASSIGNMENT}-1.ipynb", fake_class.dump(info.filled(half)))
    run_nbgrader(course, "zip_collect", ASSIGNMENT)
    assert (course / "grading" / "submitted" / "1001" / ASSIGNMENT / notebook).exists()
    assert (course / "grading" / "submitted" / "1002" / ASSIGNMENT / f"{ASSIGNMENT}-1.ipynb").exists()

    # 4. without bubblewrap, grading refuses (both ways in), unless the instructor opts out
    refused = _tool(course, "autograde", ASSIGNMENT, "--", "--SandboxedExecute.bwrap=/nonexistent/bwrap")
    assert refused.returncode == 2 and "apt-get install bubblewrap" in refused.stderr, refused.stderr[-2000:]
    assert not (course / "grading" / "autograded").exists(), "nothing is graded when the sandbox is missing"
    plain = _nbgrader_fails(
        course, "autograde", ASSIGNMENT, "--student", "1001", "--SandboxedExecute.bwrap=/nonexistent/bwrap"
    )
    assert plain.returncode != 0 and "apt-get install bubblewrap" in plain.stderr
    opted_out = _nbgrader_fails(
        course,
        "autograde",
        ASSIGNMENT,
        "--student",
        "1001",
        "--force",
        "--SandboxedExecute.bwrap=/nonexistent/bwrap",
        env_extra={"COURSE_GRADING_SANDBOX": "off"},
    )
    assert opted_out.returncode == 0 and "WITHOUT A SANDBOX" in opted_out.stderr

    # 5. autograde everyone in parallel (sandboxed), feedback, export, report
    graded = _tool(course, "autograde", ASSIGNMENT, "--jobs", "2", "--no-progress")
    assert graded.returncode == 0, graded.stdout[-3000:] + graded.stderr[-3000:]
    assert "renamed notebook" in graded.stdout, "the LMS's renamed file is recovered and explained"
    run_nbgrader(course, "generate_feedback", ASSIGNMENT)
    for student in ("1001", "1002", user):
        page = course / "grading" / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html"
        assert page.exists() and "<html" in page.read_text()[:2000].lower()
    # the exchange hands feedback back to students who submitted through it (LMS students get the HTML by the LMS)
    run_nbgrader(course, "release_feedback", ASSIGNMENT, "--student", user, ex)
    run_nbgrader(home, "fetch_feedback", ASSIGNMENT, *student_args)
    assert list((home / ASSIGNMENT / "feedback").rglob("*.html")), "the student received the feedback"

    run_nbgrader(course, "export", "--to", "grading/grades.csv")
    with open(course / "grading" / "grades.csv", newline="") as handle:
        grades = {row["student_id"]: row for row in csv.DictReader(handle)}
    top = sum(info.points.values())
    assert float(grades["1001"]["raw_score"]) == top and grades["1001"]["last_name"] == "Smith"
    assert 0 < float(grades["1002"]["raw_score"]) < top, "the late partial submission gets partial credit"
    assert float(grades["1003"]["score"]) == 0, "a student without a submission gets 0"
    assert float(grades[user]["raw_score"]) == top

    shown = _tool(course, "report", ASSIGNMENT)
    assert shown.returncode == 0, shown.stderr[-2000:]
    reports = course / "grading" / "reports" / ASSIGNMENT
    assert (reports / "scores.png").read_bytes()[:4] == b"\x89PNG"
    assert "## The tests most students fail" in shown.stdout and "Exercise" in shown.stdout
    with open(reports / "tests.csv", newline="") as handle:
        tests = list(csv.DictReader(handle))
    assert {row["test cell"] for row in tests} == set(info.points)
    assert int(tests[0]["failed"]) >= 1 and tests[0]["most common error"], (
        "the most failed test comes first, with its error"
    )
    assert json.loads((course / "grading" / "submitted" / "1002" / ASSIGNMENT / notebook).read_text())
