"""`python3 tasks.py progress` (tools/progress.py) on a learner's copy of the exercises.

The learner copy holds three modules: 00 with one exercise solved and one answered wrongly,
09 with two exercises solved and its written answer written, 03 untouched. The command must
report each, run nothing it should not, and leave every file of the learner as it was.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import EXERCISES, REPO, SOLUTIONS

sys.path.insert(0, str(REPO / "tools"))
try:
    import progress
finally:
    sys.path.remove(str(REPO / "tools"))

WRONG_ACCURACY = "def accuracy(y_true, y_pred):\n    return sum(a == b for a, b in zip(y_true, y_pred))  # a count\n"


def _solutions(module: str) -> dict[str, str]:
    """grade_id -> the instructor's answer, without nbgrader's markers, as a learner would write it."""
    notebook = nbformat.read(REPO / "solutions" / module / f"{module}.ipynb", as_version=4)
    return {
        cell.metadata["nbgrader"]["grade_id"]: "\n".join(
            line for line in cell.source.splitlines() if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
        )
        for cell in notebook.cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }


def _answer(folder: Path, module: str, answers: dict[str, str]) -> None:
    path = folder / module / f"{module}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers.pop(grade_id)
    assert not answers, f"no answer cells {list(answers)} in {module}"
    nbformat.write(notebook, path)


@pytest.fixture
def learner(tmp_path) -> Path:
    """A learner's exercises/ folder: 00 and 09 half done, 03 not started."""
    exercises = tmp_path / "copy" / "exercises"
    for module in ("00-start-here", "03-labeling", "09-data-in-production"):
        shutil.copytree(REPO / "exercises" / module, exercises / module)
    first = _solutions("00-start-here")
    _answer(
        exercises, "00-start-here", {"label-rate-answer": first["label-rate-answer"], "accuracy-answer": WRONG_ACCURACY}
    )
    last = _solutions("09-data-in-production")
    _answer(
        exercises,
        "09-data-in-production",
        {
            "psi-answer": last["psi-answer"],
            "alerts-answer": last["alerts-answer"],
            "monitoring-plan": "I would watch the PSI of income weekly and relabel a sample when it passes 0.2.",
        },
    )
    return exercises


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _progress(exercises: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "tasks.py"), "progress", "--exercises", str(exercises)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _rows(output: str) -> dict[str, list[str]]:
    """The table's rows by module: [attempted, visible tests, written empty, next]."""
    rows = {}
    for line in output.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) == 5 and re.fullmatch(r"\d\d-[a-z-]+", cells[0]):
            rows[cells[0]] = cells[1:]
    return rows


def test_every_code_exercise_has_a_visible_test_for_progress_to_run():
    assert EXERCISES, "no exercise notebooks found"
    for path in EXERCISES:
        exercises = progress.exercises_of(nbformat.read(path, as_version=4))
        assert exercises, f"{path.name}: no answer cells"
        assert not any(exercise.started for exercise in exercises), f"{path.name}: an answer cell holds no stub"
        untested = [exercise.grade_id for exercise in exercises if not exercise.written and not exercise.tests]
        assert not untested, f"{path.name}: answer cells without a visible test after them: {untested}"
        assert all(exercise.title.startswith("Exercise") for exercise in exercises), [e.title for e in exercises]
    assert len(EXERCISES) == len(SOLUTIONS)


@pytest.mark.slow
def test_progress_table_for_a_learner_with_two_exercises_half_done(learner):
    before = _snapshot(learner.parent)

    result = _progress(learner)

    assert result.returncode == 0, result.stdout + result.stderr
    rows = _rows(result.stdout)
    assert rows["00-start-here"][:3] == ["2 of 4", "1 of 2 pass", "1 of 1"], result.stdout
    assert rows["00-start-here"][3].startswith("fix Exercise 2"), result.stdout
    assert rows["09-data-in-production"][:3] == ["3 of 4", "2 of 2 pass", "0 of 1"], result.stdout
    assert rows["09-data-in-production"][3].startswith("start Exercise 3"), result.stdout
    assert rows["03-labeling"] == ["0 of 6", "-", "1 of 1", "not started"], result.stdout
    # The failing test's own teaching message is shown, for the exercise answered wrongly.
    failing = result.stdout.split("Visible tests that fail:", 1)[1]
    assert "00-start-here, Exercise 2" in failing and "AssertionError" in failing, result.stdout
    assert "Exercise 1" not in failing and "09-data" not in failing, result.stdout
    assert _snapshot(learner.parent) == before, "progress changed or added files in the learner's copy"


@pytest.mark.slow
def test_a_notebook_that_is_not_json_gets_a_message_and_the_others_are_still_checked(learner):
    broken = learner / "03-labeling" / "03-labeling.ipynb"
    broken.write_text('{"cells": [\n  {"cell_type": "code",, }\n')
    before = _snapshot(learner.parent)

    result = _progress(learner)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert "exercises/03-labeling/03-labeling.ipynb is not valid JSON (line 2, column 24" in result.stdout, (
        result.stdout
    )
    assert "left as it is" in result.stdout, result.stdout
    rows = _rows(result.stdout)
    assert rows["03-labeling"][:3] == ["?", "?", "?"], result.stdout
    assert rows["00-start-here"][:2] == ["2 of 4", "1 of 2 pass"], result.stdout
    assert _snapshot(learner.parent) == before, "progress changed the learner's files"
