"""The grading round trip for every assignment found in solutions/ (never a hand-kept list).

For each assignment, in a throwaway copy of the course:
1. `nbgrader generate_assignment` must reproduce the committed exercises/ byte for byte;
2. autograding the instructor's solution must give full marks on every autograded test cell;
3. autograding the untouched student exercise must give zero on every one of them.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import ASSIGNMENTS, REPO, run_nbgrader

pytestmark = pytest.mark.slow


def _files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _autograded_scores(course, assignment, student):
    """(cell name, cell type, auto score, max score) for every graded cell of a submission."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'grading' / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return [
            (grade.name, grade.cell.cell_type, grade.auto_score, grade.max_score)
            for notebook in submission.notebooks
            for grade in notebook.grades
        ]


def test_assignments_are_found():
    assert ASSIGNMENTS, "no assignment notebooks found under solutions/*/"


# What a learner makes while working (git-ignored, so a clean clone has none): running a solution
# notebook in place, as nbval and the wrong-answer suite do, may leave some in solutions/.
WORKING_FILES = shutil.ignore_patterns("annotations", "quarantine", ".ipynb_checkpoints")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_round_trip(assignment, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(REPO / "solutions" / assignment, course / "solutions" / assignment, ignore=WORKING_FILES)
    shutil.copy(REPO / "nbgrader_config.py", course / "nbgrader_config.py")

    run_nbgrader(course, "generate_assignment", assignment, "--force")
    generated = _files(course / "exercises" / assignment)
    committed = _files(REPO / "exercises" / assignment)
    assert generated.keys() == committed.keys(), "exercises/ lists other files than generation produces"
    drifted = [name for name in generated if generated[name] != committed[name]]
    assert not drifted, (
        f"exercises/{assignment}: {drifted} differ from what nbgrader generates. Never edit "
        f"exercises/ by hand; run: nbgrader generate_assignment {assignment} --force"
    )

    for student, folder in (("solution", REPO / "solutions" / assignment), ("blank", REPO / "exercises" / assignment)):
        shutil.copytree(folder, course / "grading" / "submitted" / student / assignment, ignore=WORKING_FILES)
    # The solution is graded here as a student's submission, so grading's own check of the reference
    # (tests/test_grading_environment.py tests it) would only grade it once more: skip it, as the
    # course's parallel command does for its workers once it has checked.
    from grading_tools.parallel import ENVIRONMENT_CHECKED

    run_nbgrader(course, "autograde", assignment, "--force", env={ENVIRONMENT_CHECKED: assignment})

    full = _autograded_scores(course, assignment, "solution")
    blank = _autograded_scores(course, assignment, "blank")
    tests = [row for row in full if row[1] == "code"]
    assert tests and sum(row[3] for row in tests) > 0, "the assignment has no autograded test cells"
    assert any(row[1] == "markdown" for row in full), "each assignment needs a manually graded written answer"
    not_full = [(name, score, top) for name, kind, score, top in tests if score != top]
    assert not not_full, f"the solution lost points in {not_full}"
    not_zero = [(name, score) for name, kind, score, top in blank if kind == "code" and score != 0]
    assert not not_zero, f"the untouched exercise earned points in {not_zero}: those tests accept anything"
