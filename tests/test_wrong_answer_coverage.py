"""Every autograded exercise has its wrong-answer entries (the suite itself runs in test_wrong_answers.py).

Exercises are found from nbgrader metadata (an answer cell with autograded test cells after it), so
an exercise added to a notebook without entries fails here, in the quick loop.
"""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import REPO
from grading_tools import scoring, wrong_answers

MIN_WRONG, MIN_CORRECT = 4, 1
ASSIGNMENTS = sorted(path.name for path in (REPO / "solutions").iterdir() if (path / f"{path.name}.ipynb").exists())


def autograded_answers(assignment: str) -> list[str]:
    """grade_ids of the answer cells followed by at least one autograded test cell."""
    notebook = scoring.load_notebook(REPO / "solutions" / assignment / f"{assignment}.ipynb")
    cells, _ = scoring.plan_cells(notebook)
    return [exercise.answer for exercise in scoring.exercises(cells) if exercise.tests]


def test_assignments_are_found():
    assert len(ASSIGNMENTS) >= 10, ASSIGNMENTS


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_autograded_exercise_has_wrong_and_correct_entries(assignment):
    path = wrong_answers.entries_folder(REPO) / f"{assignment}.toml"
    assert path.exists(), f"{path.relative_to(REPO)} is missing: write its entries (docs/wrong-answers.md)"
    notebook = scoring.load_notebook(REPO / "solutions" / assignment / f"{assignment}.ipynb")
    entries = wrong_answers.load_entries(path, notebook)
    wrong = Counter(entry.answer for entry in entries if entry.kind == "wrong")
    correct = Counter(entry.answer for entry in entries if entry.kind == "correct")
    answers = autograded_answers(assignment)
    assert answers, f"no autograded exercise found in {assignment}"
    short = [
        f"{answer}: {wrong[answer]} wrong, {correct[answer]} correct"
        for answer in answers
        if wrong[answer] < MIN_WRONG or correct[answer] < MIN_CORRECT
    ]
    assert not short, (
        f"{assignment}: each autograded exercise needs at least {MIN_WRONG} wrong answers and "
        f"{MIN_CORRECT} correct alternative in {path.relative_to(REPO)}; short: " + "; ".join(short)
    )
