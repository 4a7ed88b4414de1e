"""Generator for the example decision logs of module 03-labeling.

In lesson 03 the learner labels two batches with the course's labeling widget: the 24
calibration tickets of ``support_tickets`` (against the lesson's guideline), and a sample of 40
real YouTube comments (``youtube_spam``, spam or not). The lesson's agreement numbers are
computed from the learner's own labels (``utils.labeling.learner_decisions``). A learner who has
not labeled yet, and CI, which cannot click, get these logs instead: decisions by a **stand-in
annotator** that applies each guideline literally, by keywords, in the order the guideline
gives (the first rule that matches wins). The rules are below; the card
(``datasets/cards/labeling_examples.md``) states them in words. They were written from the
guidelines once and not adjusted to the results.

Both logs have the widget's format (``item_id,label,annotator,timestamp,action``), annotator
``me``, one ``label`` row per item, and fixed timestamps, so the same code gives the same bytes.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parents[1]
SEED = 0  # the lesson's SEED: the YouTube batch is drawn with it
YOUTUBE_BATCH = 40
ANNOTATOR = "me"
START = pd.Timestamp("2026-01-05T09:00:00", tz="UTC")

DATASETS = {
    "support_tickets_example_log": {
        "module": "03-labeling",
        "description": (
            "Example decision log: a stand-in annotator's labels for the 24 calibration tickets of "
            "support_tickets (the guideline's decision tree applied by keywords), used when the learner has not labeled."
        ),
        "card": "cards/labeling_examples.md",
    },
    "youtube_spam_example_log": {
        "module": "03-labeling",
        "description": (
            "Example decision log: a stand-in annotator's spam/not_spam labels for the lesson's batch of 40 "
            "youtube_spam comments (the guideline applied by keywords), used when the learner has not labeled."
        ),
        "card": "cards/labeling_examples.md",
    },
}

# The lesson's decision tree for support tickets, read literally: (category, words that say "yes").
TICKET_RULES = [
    (
        "returns_refunds",
        r"send (?:it |them )?back|sent back|\breturn|exchange|refund|replacement|cracked|broken|damaged|faulty|wrong item|missing",
    ),
    ("order_status", r"order #|#\d+|i ordered|my order|pre-ordered|packed|tracking|\blate\b|on track|arrive"),
    ("billing", r"charge|invoice|promo|\bcode\b|\bpaid\b|payment|billing|gift card"),
    ("account_access", r"password|log ?in|account|two-factor|newsletter|e-?mail address"),
    ("shipping_inquiry", r"ship|deliver|postage|carrier|customs|pick-?up|po box"),
]
TICKET_DEFAULT = "product_question"

# The lesson's spam guideline for YouTube comments, read literally: promotion or attention-seeking.
SPAM_RULES = [
    ("link", r"https?://|www\.|\.com\b|\.net\b|\.org\b|bit\.ly"),
    ("channel", r"subscri|check (?:out|my)|my (?:channel|video|music|page|song)|visit"),
    ("likes", r"like this comment|thumbs up|please like|give (?:me|it) a like"),
    ("money", r"\bearn|money|\bfree\b|gift card|\$"),
]


def ticket_label(subject: str, message: str) -> str:
    """The stand-in's category: the first rule of the decision tree whose words appear."""
    text = f"{subject} {message}".lower()
    for category, pattern in TICKET_RULES:
        if re.search(pattern, text):
            return category
    return TICKET_DEFAULT


def comment_text(content: str) -> str:
    """A comment as a reader sees it: HTML tags removed, entities and invisible characters resolved."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", content)).replace("\ufeff", "")
    return " ".join(text.split())


def comment_label(content: str) -> str:
    """The stand-in's label: spam if any rule of the guideline matches, else not_spam."""
    text = comment_text(content).lower()
    return "spam" if any(re.search(pattern, text) for _, pattern in SPAM_RULES) else "not_spam"


def youtube_batch(comments: pd.DataFrame, seed: int = SEED, size: int = YOUTUBE_BATCH) -> pd.DataFrame:
    """The lesson's batch: ``size`` comments drawn with ``seed`` from the distinct contents."""
    distinct = comments.drop_duplicates("comment_id").drop_duplicates("content")
    return distinct.sample(n=size, random_state=seed)


def _log(items: list[str], labels: list[str]) -> pd.DataFrame:
    """A widget log: one label row per item, a minute apart from a fixed start."""
    times = [(START + pd.Timedelta(minutes=i)).isoformat(timespec="milliseconds") for i in range(len(items))]
    return pd.DataFrame(
        {
            "item_id": items,
            "label": labels,
            "annotator": ANNOTATOR,
            "timestamp": times,
            "action": "label",
        }
    )


def generate() -> dict[str, pd.DataFrame]:
    tickets = pd.read_csv(DATA_DIR / "support_tickets.csv").set_index("ticket_id")
    gold = pd.read_csv(DATA_DIR / "support_tickets_gold.csv")
    calibration = tickets.loc[gold["ticket_id"]]
    ticket_labels = [ticket_label(row.subject, row.message) for row in calibration.itertuples()]

    options = json.loads((DATA_DIR / "registry.json").read_text(encoding="utf-8"))["youtube_spam"]["read_csv"]
    comments = pd.read_csv(DATA_DIR / "youtube_spam.csv.gz", **options)  # as utils.data loads it
    batch = youtube_batch(comments)
    comment_labels = [comment_label(content) for content in batch["content"]]
    return {
        "support_tickets_example_log": _log(list(calibration.index), ticket_labels),
        "youtube_spam_example_log": _log(list(batch["comment_id"]), comment_labels),
    }
