"""Module 08's review decisions: the example log's stand-in policy, and that a learner's own log drives the results.

The lesson and the assignment of 08-capstone-spam compute the audit estimate, the relabeled
training set and the review's precision and recall from the learner's decisions (their widget
logs under annotations/), falling back to the course's example log. The slow tests run the lesson
and score the assignment with a second log, made by a different policy (a reviewer who judges the
subtle twins by their tone and calls them all spam), and check that the numbers change.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import REPO
from utils import data
from utils.labeling import AnnotationLog, learner_decisions

EXAMPLE = "spam_emails_review_example"


def _pool():
    truth = data.load_truth("spam_emails").set_index("email_id")
    given = data.load("spam_emails").set_index("email_id")["label"]
    return truth[truth["split"] == "train"], given


def test_example_log_follows_the_documented_stand_in_policy():
    pool, given = _pool()
    log = AnnotationLog(data.path(EXAMPLE), read_only=True)
    history = log.read()
    assert (history["action"] == "label").all() and (history["annotator"] == "me").all()
    assert history["item_id"].tolist() == given.index.tolist(), "one decision per pool email, in pool order"
    decided = log.current_labels("me")
    subtle = pool.loc[decided.index, "subtle"].astype(bool)
    expected = pool.loc[decided.index, "true_label"].where(~subtle, given.loc[decided.index])
    assert decided.equals(expected.rename("label").rename_axis("item_id")), (
        "the truth, except the given label on subtle twins"
    )
    # the figures the data card states
    wrong_given = given != pool.loc[given.index, "true_label"]
    assert (len(decided), int(subtle.sum()), int(wrong_given.sum())) == (774, 254, 115)
    assert int((decided != given.loc[decided.index]).sum()) == 33
    assert int((decided != pool.loc[decided.index, "true_label"]).sum()) == 82
    card = data.card(EXAMPLE)
    for figure in ("774", "254", "115", "82", "33"):
        assert figure in card, f"the card should state {figure}"


def test_learner_decisions_use_the_example_until_the_learner_decides(tmp_path):
    queue = ["E0003", "E0005", "E0010"]
    mine = tmp_path / "annotations" / "08-capstone-spam-review.csv"
    before = learner_decisions(mine, example=EXAMPLE, items=queue)
    assert not before.from_learner and list(before.labels.index) == queue
    assert "example log" in before.source
    AnnotationLog(mine).append("E0005", "spam", "me")
    after = learner_decisions(mine, example=EXAMPLE, items=queue)
    assert after.from_learner and dict(after.labels) == {"E0005": "spam"}
    assert "Your decisions: 1 of 3" in after.source


def _tone_reader_log(path: Path) -> None:
    """A second review, by another policy: every email right, except the subtle twins, all called spam."""
    pool, _ = _pool()
    log = AnnotationLog(path)
    for email_id, row in pool.iterrows():
        log.append(email_id, "spam" if row["subtle"] else row["true_label"], "me")


PROBE = """
import json as _json
print("PROBE" + _json.dumps({
    "from_learner": bool(review.from_learner),
    "audit_wrong": int(n_wrong),
    "reviewers": list(review_table.columns),
    "used": review_table["your review" if review.from_learner else "stand-in reviewer"].round(6).to_dict(),
    "final": float(experiments["test accuracy"].iloc[-1]),
}))
"""


def _run_lesson(folder: Path) -> dict:
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(REPO / "course" / "08-capstone-spam.ipynb", as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    printed = "".join(output.get("text", "") for output in notebook.cells[-1].outputs)
    return json.loads(printed.split("PROBE", 1)[1])


@pytest.mark.slow
def test_a_different_review_log_changes_the_lessons_numbers(tmp_path):
    example_run, own_run = tmp_path / "example", tmp_path / "own"
    example_run.mkdir()
    for name in ("08-lesson-audit.csv", "08-lesson-review.csv"):
        _tone_reader_log(own_run / "annotations" / name)
    with_example, with_own = _run_lesson(example_run), _run_lesson(own_run)
    assert not with_example["from_learner"] and with_own["from_learner"]
    assert with_own["reviewers"][0] == "your review" and "your review" not in with_example["reviewers"]
    assert with_example["used"]["precision"] == 1.0 and with_own["used"]["precision"] < 1.0
    assert with_own["used"]["recall"] != with_example["used"]["recall"]
    assert with_own["final"] != with_example["final"], "the relabeled training set follows the learner's decisions"
    assert with_own["audit_wrong"] != with_example["audit_wrong"], "the audit estimate follows the learner's decisions"


def _score_solution(tmp_path: Path, annotations: Path | None):
    from grading_tools import scoring

    work = tmp_path / "08-capstone-spam"
    shutil.copytree(
        REPO / "solutions" / "08-capstone-spam",
        work,
        ignore=shutil.ignore_patterns("annotations", ".ipynb_checkpoints"),
    )
    if annotations is not None:
        shutil.copytree(annotations, work / "annotations")
    notebook = scoring.load_notebook(work / "08-capstone-spam.ipynb")
    return scoring.score_notebook(notebook, cwd=work, limits=scoring.RunnerLimits(test_timeout=180, cell_timeout=300))


@pytest.mark.slow
def test_submitted_review_logs_drive_the_assignments_results(tmp_path):
    own = tmp_path / "submitted-annotations"
    for name in ("08-capstone-spam-audit.csv", "08-capstone-spam-review.csv"):
        _tone_reader_log(own / name)
    with_example = _score_solution(tmp_path / "example", None)
    with_own = _score_solution(tmp_path / "own", own)
    assert with_example.score == with_example.max_score, {k: v.message for k, v in with_example.verdicts.items()}
    checkpoint = with_own.verdicts["checkpoint-visible"]
    assert not checkpoint.passed and "below 0.85" in checkpoint.message, checkpoint.message
    assert "review decisions by: me" in checkpoint.stdout
    assert with_example.verdicts["checkpoint-visible"].passed
    assert "review decisions by: stand-in reviewer" in with_example.verdicts["checkpoint-visible"].stdout
    passed_other_tests = [v.passed for k, v in with_own.verdicts.items() if not k.startswith("checkpoint")]
    assert all(passed_other_tests), "only the checkpoint depends on the review; the functions still pass"


def test_the_assignment_reads_decisions_whether_or_not_a_switch_is_set():
    source = (REPO / "sources" / "assignments" / "08-capstone-spam.py").read_text(encoding="utf-8")
    assert "INTERACTIVE" not in source, "decision logs drive the results; there is no switch to set"
    notebook = json.loads((REPO / "solutions" / "08-capstone-spam" / "08-capstone-spam.ipynb").read_text())
    read_only = {
        cell["metadata"]["nbgrader"]["grade_id"]: "".join(cell["source"])
        for cell in notebook["cells"]
        if cell.get("metadata", {}).get("nbgrader", {}).get("locked")
        and not cell["metadata"]["nbgrader"].get("grade")
        and cell["cell_type"] == "code"
    }
    assert "reviewer_decisions(queue, REVIEW_LOG)" in read_only["review-decisions"]
    assert "reviewer_decisions(audit[" in read_only["audit-decisions"]
    assert pd.Series(list(read_only)).isin(["setup", "fixed", "clean-emails"]).sum() == 3
