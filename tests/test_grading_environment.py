"""No silent zeroes: grading refuses to start where the assignment's own solution would not get full marks.

A small assignment of our own (tests/test_grading_hostile.py builds it), with its solution broken or
its data out of reach; both ways of grading must stop before recording any grade, saying why.
Also: the engine's verdicts make nbgrader's own scoring rule give exactly the engine's decision.
"""

from __future__ import annotations

import pytest

pytest.importorskip("nbgrader")

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from test_grading_batch import _require_sandbox, _tool
from test_grading_hostile import ASSIGNMENT, CORRECT, solution_notebook

from conftest import REPO, run_nbgrader
from grading_tools import scoring, verdicts

pytestmark = pytest.mark.slow


def test_verdict_outputs_score_exactly_as_the_engine_decided():
    from nbformat.v4 import new_code_cell
    from nbgrader.utils import determine_grade

    passed = scoring.TestVerdict("t", True, 2.0, 2.0, stdout="1.0\n")
    failed = scoring.TestVerdict("t", False, 0.0, 2.0, "AssertionError", "off by one", stdout="3.0\n")
    for verdict, expected in ((passed, 2.0), (failed, 0.0)):
        cell = new_code_cell("assert True", metadata={"nbgrader": {"grade": True, "grade_id": "t", "points": 2.0}})
        cell.outputs = verdicts.verdict_outputs(verdict)
        assert determine_grade(cell)[0] == expected
        assert all(o.output_type in ("stream", "error") for o in cell.outputs), "never an execute_result"
        assert all(o.get("name") != "stderr" for o in cell.outputs if o.output_type == "stream")
    assert "off by one" in verdicts.verdict_outputs(failed)[-1].evalue


def _course(root: Path, setup_break: str = "") -> Path:
    book = solution_notebook()
    if setup_break:
        book["cells"][1]["source"] += setup_break
    (root / "solutions" / ASSIGNMENT).mkdir(parents=True)
    (root / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(book, indent=1))
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    run_nbgrader(root, "generate_assignment", ASSIGNMENT, "--force")
    release = json.loads((root / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    for cell in release["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        cell["source"] = CORRECT.get(grade_id, cell["source"])
    folder = root / "grading" / "submitted" / "ann" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(release))
    return root


def _graded(course: Path) -> list:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'grading' / 'gradebook.db'}") as gradebook:
        return [s.student_id for s in gradebook.assignment_submissions(ASSIGNMENT) if s.score > 0]


def test_scoring_uses_the_cell_timeout_given_on_the_command_line():
    """`nbgrader autograde --Execute.timeout=15` reaches the scoring step as a string, not a number."""
    from traitlets.config import Config
    from traitlets.config.loader import DeferredConfigString

    config = Config()
    config.Execute.timeout = DeferredConfigString("15")
    assert verdicts.ScoreTestCells(config=config)._timeout() == 15.0
    config.Execute.timeout = 0
    assert verdicts.ScoreTestCells(config=config)._timeout() == 60.0
    assert verdicts.ScoreTestCells(config=Config(), test_timeout=9.0)._timeout() == 9.0


def test_a_broken_reference_stops_both_commands_before_any_grade(tmp_path):
    _require_sandbox()
    course = _course(tmp_path / "course", setup_break="listings = listings.rename(columns={'price_usd': 'price'})\n")
    tool = _tool(course, "autograde", ASSIGNMENT, "--jobs", "1", "--no-progress")
    assert tool.returncode == 2 and "does not get full marks" in tool.stderr and "mean-visible" in tool.stderr, (
        tool.stderr
    )
    assert not (course / "grading" / "autograded").exists(), "nobody was graded"
    plain = subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT],
        cwd=course,
        capture_output=True,
        text=True,
        env=dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])),
    )
    assert plain.returncode != 0 and "does not get full marks" in plain.stderr, plain.stderr[-3000:]
    assert _graded(course) == [], "no grade is recorded from a broken environment"


def test_data_out_of_reach_is_caught_with_what_to_set(tmp_path):
    _require_sandbox()
    empty = tmp_path / "no-data"
    empty.mkdir()
    old = os.environ.get("DCAI_DATA_DIR")
    os.environ["DCAI_DATA_DIR"] = str(empty)
    try:
        with pytest.raises(verdicts.GradingEnvironmentError, match="DCAI_DATA_DIR"):
            verdicts.check_utils_in_sandbox(sys.executable, sandbox=True)
    finally:
        if old is None:
            os.environ.pop("DCAI_DATA_DIR")
        else:
            os.environ["DCAI_DATA_DIR"] = old


def test_another_utils_than_the_one_exposed_is_caught(tmp_path, monkeypatch):
    _require_sandbox()
    from grading_tools import sandbox

    other = tmp_path / "other-checkout"
    shutil.copytree(REPO / "utils", other / "utils")
    real_utils = sandbox.utils_package()
    monkeypatch.setattr(sandbox, "utils_package", lambda: other / "utils")
    monkeypatch.setattr(
        sandbox,
        "course_read_only_paths",
        lambda: [str(real_utils), str(REPO / "datasets"), str(REPO / "grading_tools")],
    )
    with pytest.raises(verdicts.GradingEnvironmentError, match="different installs"):
        verdicts.check_utils_in_sandbox(sys.executable, sandbox=True)
