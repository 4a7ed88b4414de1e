"""The wrong-answer suite: tests/wrong_answers/<assignment>.toml run through the instructor's tests.

Every wrong answer must be rejected by the whole tests, every correct alternative accepted
(docs/wrong-answers.md). All assignments run once, two at a time, in a module fixture; the
per-assignment table (rejected by the visible tests / by all tests, correct accepted) is printed
in pytest's terminal summary (tests/conftest.py).
"""

from __future__ import annotations

import pytest

from conftest import REPO, write_report
from grading_tools import wrong_answers

pytestmark = pytest.mark.slow

WITH_ENTRIES = wrong_answers.assignments_with_entries(REPO)
RESULTS: list[wrong_answers.AssignmentOutcome] = []  # read by pytest_terminal_summary in conftest.py


def test_there_are_entries():
    assert WITH_ENTRIES, f"no *.toml files in {wrong_answers.entries_folder(REPO)}"


@pytest.fixture(scope="module")
def outcomes():
    found = {outcome.assignment: outcome for outcome in wrong_answers.run_all(REPO, WITH_ENTRIES, jobs=2)}
    RESULTS[:] = [found[name] for name in WITH_ENTRIES]
    write_report("wrong-answers", wrong_answers.summary_table(RESULTS))
    return found


@pytest.mark.parametrize("assignment", WITH_ENTRIES)
def test_wrong_answers_are_rejected_and_correct_ones_accepted(outcomes, assignment):
    outcome = outcomes[assignment]
    assert not outcome.reference_problems, (
        "the instructor's own answer fails its tests in this run, so no verdict can be trusted: "
        + "; ".join(outcome.reference_problems)
    )
    problems = wrong_answers.problems_text([outcome])
    assert not problems, problems
    wrong = [result for result in outcome.outcomes if result.entry.kind == "wrong"]
    caught_early = sum(result.rejected_visible for result in wrong)
    assert caught_early >= len(wrong) / 2, (
        f"{assignment}: the visible tests alone reject {caught_early} of {len(wrong)} wrong answers; "
        "at least half should fail before submission (docs/wrong-answers.md)"
    )


def test_entry_files_are_checked(tmp_path):
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {"nbgrader": {"grade_id": "f-answer", "solution": True, "grade": False}},
                "source": "def f(): ...",
                "outputs": [],
            }
        ]
    }
    cases = {
        'answer = "f-answer"\n': "write each entry as [[entry]]",
        '[[entry]]\nanswer = "f-answer"\nkind = "bad"\ndescription = "x"\nsource = "def f(): ..."\n': "kind must be",
        '[[entry]]\nanswer = "nope"\nkind = "wrong"\ndescription = "x"\nsource = "def f(): ..."\n': "no answer cell 'nope'",
        '[[entry]]\nanswer = "f-answer"\nkind = "wrong"\nsource = "def f(): ..."\n': "missing ['description']",
        '[[entry]]\nanswer = "f-answer"\nkind = "wrong"\ndescription = ""\nsource = "x"\n': "one non-empty line",
        "[[entry]\n": "not valid TOML",
    }
    for text, message in cases.items():
        path = tmp_path / "a.toml"
        path.write_text(text)
        with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
            wrong_answers.load_entries(path, notebook)
    path.write_text('[[entry]]\nanswer = "f-answer"\nkind = "correct"\ndescription = "fine"\nsource = "def f(): ..."\n')
    (entry,) = wrong_answers.load_entries(path, notebook)
    assert (entry.answer, entry.kind, entry.number) == ("f-answer", "correct", 1)


def test_summary_table_counts_per_assignment():
    def outcome(kind, visible, full):
        entry = wrong_answers.Entry("a", kind, "d", "s", 1)
        return wrong_answers.Outcome(entry, visible, full)

    first = wrong_answers.AssignmentOutcome(
        "01-x", [outcome("wrong", True, True), outcome("wrong", False, True), outcome("correct", False, False)], []
    )
    second = wrong_answers.AssignmentOutcome("02-y", [outcome("wrong", False, False)], [])
    table = wrong_answers.summary_table([first, second])
    lines = table.splitlines()
    assert lines[2].split()[0] == "01-x" and "2/2 (100%)" in lines[2] and "1/1 (100%)" in lines[2]
    assert lines[3].split()[0] == "02-y" and "0/1 (0%)" in lines[3] and lines[-1].startswith("all")
    assert "ESCAPE" in wrong_answers.problems_text([second])


def test_the_command_names_unknown_assignments(capsys):
    from grading_tools.__main__ import main

    assert main(["--course", str(REPO), "wrong-answers", "99-nothing"]) == 2
    out = capsys.readouterr().out
    assert "no entries for ['99-nothing']" in out and "01-data-detective" in out
