"""Lesson 03's agreement numbers come from the learner's own labels: a different log changes them.

The lesson is executed twice in a scratch folder: once with no annotation log (it falls back to the
course's example logs and says so), once with logs a learner could have written with the widget.
The printed numbers must follow the logs.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from utils import data
from utils.labeling import AnnotationLog

REPO = Path(__file__).resolve().parents[1]
LESSON = REPO / "course" / "03-labeling.ipynb"


def _run_lesson(folder: Path) -> str:
    """Execute the lesson with ``folder`` as its working directory; all its printed text."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(shutil.copy(LESSON, folder / LESSON.name), as_version=4)
    NotebookClient(notebook, timeout=600, resources={"metadata": {"path": str(folder)}}).execute()
    printed = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                printed.append(output["text"])
    return "".join(printed)


def _youtube_batch_ids() -> list[str]:
    comments = data.load("youtube_spam")
    batch = comments.drop_duplicates("comment_id").drop_duplicates("content").sample(n=40, random_state=0)
    return batch["comment_id"].tolist()


@pytest.mark.slow
def test_a_learners_logs_change_the_numbers_the_lesson_shows(tmp_path):
    example_run = tmp_path / "example"
    example_run.mkdir()
    example_text = _run_lesson(example_run)
    assert "using the course's example log 'support_tickets_example_log'" in example_text
    assert "You agree with gold on 19 of 24 tickets" in example_text
    assert "'agree': 37" in example_text

    learner_run = tmp_path / "learner"
    learner_run.mkdir()
    gold = data.load("support_tickets_gold")
    calibration = AnnotationLog(learner_run / "annotations" / "03-calibration.csv")
    for ticket, label in gold.head(20).itertuples(index=False):  # 20 of 24 labeled, all as gold says
        calibration.append(ticket, label, "me")
    youtube = AnnotationLog(learner_run / "annotations" / "03-youtube.csv")
    for comment_id in _youtube_batch_ids():  # someone who calls everything spam
        youtube.append(comment_id, "spam", "me")
    learner_text = _run_lesson(learner_run)
    assert "Your decisions: 20 of 24 from annotations/03-calibration.csv" in learner_text
    assert "You agree with gold on 20 of 20 tickets" in learner_text
    assert "Your decisions: 40 of 40 from annotations/03-youtube.csv" in learner_text
    summary = re.search(
        r"\{'comments': 40, 'agree': (\d+), 'percent agreement': ([\d.]+), \"Cohen's kappa\": (\S+),", learner_text
    )
    assert summary is not None, learner_text[-2000:]
    published_spam = int(re.search(r"'published spam': (\d+)", learner_text).group(1))
    assert int(summary.group(1)) == published_spam == 22, "calling everything spam agrees on the published spam only"
    assert float(summary.group(3)) == pytest.approx(0.0), "always the same label: kappa 0 (chance level)"
    # the learner's log was read, never written
    assert len(calibration.read()) == 20 and len(youtube.read()) == 40
