"""Generator of the example review log of module 08-capstone-spam: a stand-in reviewer's decisions.

In module 08 the relabeled training set, the audit's error estimate and the review's precision and
recall are computed from the learner's own decisions, made in the labeling widget
(``utils.labeling.LabelingWidget``, annotator ``"me"``). A learner who has not reviewed yet, and the
course's tests, get these decisions instead (``utils.labeling.learner_decisions(...,
example="spam_emails_review_example")``), and the notebook says so on screen.

The stand-in policy (also in the data card): the reviewer follows the labeling guide and decides
every email of the training pool correctly, except the **subtle twins** (``subtle`` in
``spam_emails_truth``: mail whose only tell is the sender's or the link's domain). On those it keeps
the label the email was given: it does not check domains. The log holds a decision for every email
of the pool, so any review queue can be answered from it; notebooks read only the emails they ask
about.

Deterministic: no randomness at all; the timestamps are fixed (one decision every 20 seconds from
2025-07-01 09:00 UTC).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd

DATASETS = {
    "spam_emails_review_example": {
        "module": "08-capstone-spam",
        "description": (
            "Example review log (annotation-log format) for spam_emails: a stand-in reviewer's decision "
            "on every pool email, used when a learner has not reviewed yet."
        ),
        "card": "cards/spam_emails_review_example.md",
    },
}

ANNOTATOR = "me"  # the name the course's notebooks read a learner's decisions under
START = pd.Timestamp("2025-07-01 09:00:00", tz="UTC")
STEP = pd.Timedelta(seconds=20)


def _spam_corpus():
    """The corpus generator of module 08 (generators are plain files, not a package)."""
    path = Path(__file__).with_name("spam_corpus.py")
    spec = importlib.util.spec_from_file_location("generators.spam_corpus", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stand_in_decisions(emails: pd.DataFrame, truth: pd.DataFrame) -> pd.Series:
    """email_id -> the stand-in reviewer's label: the true label, except the given one on subtle twins."""
    pool = truth[truth["split"] == "train"].set_index("email_id")
    given = emails.set_index("email_id")["label"]
    decided = pool["true_label"].where(~pool["subtle"].astype(bool), given.reindex(pool.index))
    return decided.loc[emails["email_id"]]


def generate() -> dict[str, pd.DataFrame]:
    corpus = _spam_corpus().generate()
    decisions = stand_in_decisions(corpus["spam_emails"], corpus["spam_emails_truth"])
    stamps = [(START + i * STEP).isoformat() for i in range(len(decisions))]
    log = pd.DataFrame(
        {
            "item_id": decisions.index.to_list(),
            "label": decisions.to_list(),
            "annotator": ANNOTATOR,
            "timestamp": stamps,
            "action": "label",
        }
    )
    return {"spam_emails_review_example": log}
