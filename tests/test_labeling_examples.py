"""The example decision logs of lesson 03: the stand-in policy their card documents, and their use as fallback."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from utils import data
from utils.labeling import AnnotationLog, learner_decisions

GENERATOR = Path(__file__).resolve().parents[1] / "datasets" / "generators" / "labeling_examples.py"


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("labeling_examples", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("subject", "message", "expected"),
    [
        ("Late", "Got the refund for my last order. My lamp (order #1) is late.", "returns_refunds"),  # first yes wins
        ("Where", "Where's my order? How long does shipping take?", "order_status"),
        ("Code", "The promo code did not apply.", "billing"),
        ("Login", "I cannot log in to my account.", "account_access"),
        ("PO box", "Can you deliver to a PO box?", "shipping_inquiry"),
        ("Mug", "Is the mug dishwasher safe?", "product_question"),
    ],
)
def test_ticket_stand_in_applies_the_decision_tree_in_order(generator, subject, message, expected):
    assert generator.ticket_label(subject, message) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("great game check it out! http://example.com\ufeff", "spam"),
        ("Subscribe me please. i&#39;ll sub back", "spam"),
        ("like this comment if your watching in 2015", "spam"),
        ("earn money for gift cards", "spam"),
        ("I love this song<br />so much\ufeff", "not_spam"),
        ("Aslamu Lykum... From Pakistan", "not_spam"),
    ],
)
def test_comment_stand_in_flags_promotion_only(generator, content, expected):
    assert generator.comment_label(content) == expected


def test_example_logs_cover_the_lessons_batches(generator):
    calibration = AnnotationLog(data.path("support_tickets_example_log"), read_only=True).read()
    assert calibration["item_id"].tolist() == data.load("support_tickets_gold")["ticket_id"].tolist()
    assert set(calibration["action"]) == {"label"} and set(calibration["annotator"]) == {"me"}
    youtube = AnnotationLog(data.path("youtube_spam_example_log"), read_only=True).current_labels("me")
    comments = data.load("youtube_spam")
    lesson_batch = comments.drop_duplicates("comment_id").drop_duplicates("content").sample(n=40, random_state=0)
    assert youtube.index.tolist() == lesson_batch["comment_id"].tolist(), "the lesson draws the same 40 comments"
    assert set(youtube) == {"spam", "not_spam"}
    expected = [generator.comment_label(content) for content in lesson_batch["content"]]
    assert youtube.tolist() == expected


def test_the_example_log_is_used_only_until_the_learner_labels(tmp_path):
    gold = data.load("support_tickets_gold")["ticket_id"]
    mine = tmp_path / "annotations" / "03-calibration.csv"
    fallback = learner_decisions(mine, example="support_tickets_example_log", items=gold)
    assert not fallback.from_learner and len(fallback.labels) == 24
    assert "support_tickets_example_log" in fallback.source
    AnnotationLog(mine).append("T1029", "shipping_inquiry", "me")
    own = learner_decisions(mine, example="support_tickets_example_log", items=gold)
    assert own.from_learner and dict(own.labels) == {"T1029": "shipping_inquiry"}
