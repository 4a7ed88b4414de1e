"""Tests for utils.label_studio: the widget's labels out to Label Studio and a Label Studio export back in."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from utils import agreement, label_studio
from utils.labeling import AnnotationLog

SAMPLE_EXPORT = Path(__file__).parent / "data" / "label_studio_export.json"
ROUND_TRIP_EXPORT = Path(__file__).parent / "data" / "label_studio_roundtrip_export.json"
USERS = {1: "ana", 2: "ben", 3: "cara"}


def test_the_sample_export_reads_into_a_label_table():
    table = label_studio.read_export(SAMPLE_EXPORT, users=USERS)
    assert list(table.columns) == ["item_id", "annotator", "label"]
    # 6 tasks x 3 users, minus one skipped annotation (was_cancelled)
    assert len(table) == 17
    skipped = table[(table["item_id"] == "T1090") & (table["annotator"] == "cara")]
    assert skipped.empty, "a cancelled (skipped) annotation is not a label"
    assert table.set_index(["item_id", "annotator"]).loc[("T1029", "ben"), "label"] == "shipping_inquiry"
    assert "order placed today?" not in set(table["label"]), "the notes box is not a label"


def test_the_sample_export_feeds_the_agreement_and_consensus_functions():
    table = label_studio.read_export(SAMPLE_EXPORT, users=USERS)
    wide = agreement.to_wide(table)
    assert wide.shape == (6, 3) and wide.loc["T1090", "cara"] != wide.loc["T1090", "cara"]  # NaN: skipped
    consensus = agreement.majority_vote(wide, priority=["ana", "ben", "cara"])
    assert consensus.to_dict() == {
        "T1029": "order_status",
        "T1038": "returns_refunds",
        "T1055": "shipping_inquiry",
        "T1090": "account_access",
        "T1106": "billing",
        "T1135": "shipping_inquiry",
    }
    assert agreement.item_agreement(wide).to_dict()["T1038"] == 1.0
    kappas = agreement.agreement_matrix(wide)
    both = wide[["ana", "ben"]].dropna()
    assert kappas.loc["ana", "ben"] == pytest.approx(agreement.cohens_kappa(both["ana"], both["ben"]))


def test_without_users_annotators_are_named_by_label_studio_id():
    table = label_studio.read_export(SAMPLE_EXPORT)
    assert set(table["annotator"]) == {"user 1", "user 2", "user 3"}


def test_widget_log_round_trip_through_the_import_format(tmp_path):
    log = AnnotationLog(tmp_path / "annotations" / "log.csv")
    log.append("T2", "billing", "me")
    log.append("T1", "order_status", "me")
    log.append("T1", None, "me", action="undo")
    log.append("T1", "shipping_inquiry", "me")
    log.append("T1", "order_status", "ana")
    items = pd.DataFrame({"ticket_id": ["T1", "T2", "T3"], "subject": ["a", "b", "c"], "message": ["x", "y", None]})
    tasks = label_studio.to_tasks(items, log.label_table(), id_column="ticket_id", text_columns=["subject", "message"])
    assert [task["data"]["item_id"] for task in tasks] == ["T1", "T2", "T3"]
    assert tasks[0]["data"]["text"] == "a\n\nx" and tasks[2]["data"]["text"] == "c\n\n"
    assert tasks[2]["annotations"] == [], "an unlabeled item is a task without annotations"
    region = tasks[1]["annotations"][0]["result"][0]
    assert region == {"from_name": "label", "to_name": "text", "type": "choices", "value": {"choices": ["billing"]}}
    path = label_studio.write_json(tasks, tmp_path / "annotations" / "import.json")
    back = label_studio.read_export(path)
    expected = log.label_table().sort_values(["item_id", "annotator"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(back.sort_values(["item_id", "annotator"]).reset_index(drop=True), expected)


def test_a_real_label_studio_export_of_to_tasks_output_keeps_the_course_names():
    """Label Studio 1.23.2 exported the tasks to_tasks wrote, plus one annotation made in Label Studio."""
    exported = json.loads(ROUND_TRIP_EXPORT.read_text())
    assert all(annotation["completed_by"] == 1 for task in exported for annotation in task["annotations"])
    table = label_studio.read_export(ROUND_TRIP_EXPORT)
    assert table.values.tolist() == [
        ["T1029", "me", "order_status"],
        ["T1029", "ana", "shipping_inquiry"],
        ["T1055", "me", "shipping_inquiry"],
        ["T1135", "ana", "order_status"],
        ["T1135", "user 1", "shipping_inquiry"],
    ]
    assert agreement.to_wide(table).shape == (3, 3)


def test_imported_annotations_keep_their_names_after_label_studio_adds_its_fields():
    """What Label Studio exports after importing to_tasks' file: ids and completed_by of the importer added."""
    items = pd.DataFrame({"item_id": ["a"], "text": ["hello"]})
    labels = pd.DataFrame({"item_id": ["a", "a"], "annotator": ["me", "ana"], "label": ["spam", "ham"]})
    task = label_studio.to_tasks(items, labels)[0]
    task["id"] = 41
    for number, annotation in enumerate(task["annotations"]):
        annotation.update({"id": 900 + number, "completed_by": 1, "was_cancelled": False, "task": 41})
    task["annotations"].append(
        {"id": 902, "completed_by": 2, "was_cancelled": False, "result": [label_studio._choice("spam")]}
    )
    table = label_studio.read_export([task], users={2: "ben"})
    assert table.values.tolist() == [["a", "me", "spam"], ["a", "ana", "ham"], ["a", "ben", "spam"]]


def test_labeling_config_matches_the_tasks():
    config = label_studio.labeling_config(["spam", "not_spam"], instructions='Is it "spam"?')
    root = ET.fromstring(config)
    text, choices = root.find("Text"), root.find("Choices")
    assert text.get("name") == "text" and text.get("value") == "$text"
    assert choices.get("name") == "label" and choices.get("toName") == "text" and choices.get("choice") == "single"
    assert [choice.get("value") for choice in choices.findall("Choice")] == ["spam", "not_spam"]
    assert root.find("Header").get("value") == 'Is it "spam"?'
    with pytest.raises(ValueError, match="distinct"):
        label_studio.labeling_config(["a", "a"])
    with pytest.raises(TypeError, match="single string"):
        label_studio.labeling_config("spam")


def test_write_json_never_overwrites(tmp_path):
    path = tmp_path / "tasks.json"
    path.write_text("[]")
    with pytest.raises(FileExistsError, match="left untouched"):
        label_studio.write_json([{"data": {"text": "x"}}], path)
    assert path.read_text() == "[]"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"not": "tasks"}', "list of tasks"),
        ("item_id,label\n1,spam\n", "not JSON"),
        ("[1, 2]", "no 'data' object"),
        ('[{"data": {"text": "x"}}]', "neither"),
        ('[{"id": 1, "data": {}, "annotations": [{"result": [], "completed_by": 1}, "x"]}]', "no 'result' list"),
    ],
)
def test_bad_exports_are_refused_with_a_reason(tmp_path, content, message):
    path = tmp_path / "export.json"
    path.write_text(content)
    with pytest.raises(label_studio.LabelStudioFormatError, match=message):
        label_studio.read_export(path)


def test_two_choices_or_two_annotations_by_one_user_are_refused():
    two_choices = [
        {
            "id": 1,
            "data": {"item_id": "a"},
            "annotations": [
                {"completed_by": 1, "result": [{**label_studio._choice("x"), "value": {"choices": ["x", "y"]}}]}
            ],
        }
    ]
    with pytest.raises(label_studio.LabelStudioFormatError, match="exactly one"):
        label_studio.read_export(two_choices)
    twice = [
        {
            "id": 1,
            "data": {"item_id": "a"},
            "annotations": [
                {"completed_by": 1, "result": [label_studio._choice("x")]},
                {"completed_by": 1, "result": [label_studio._choice("y")]},
            ],
        }
    ]
    with pytest.raises(label_studio.LabelStudioFormatError, match="two annotations by user 1"):
        label_studio.read_export(twice)
    with pytest.raises(label_studio.LabelStudioFormatError, match="not in users"):
        label_studio.read_export(
            twice[:1] and [{**twice[0], "annotations": twice[0]["annotations"][:1]}], users={2: "b"}
        )


def test_an_export_of_one_task_and_the_old_completions_key_are_read():
    task = {
        "id": 5,
        "data": {"text": "x"},
        "completions": [{"completed_by": 3, "result": [label_studio._choice("ok")]}],
    }
    assert label_studio.read_export(json.loads(json.dumps(task))).values.tolist() == [["5", "user 3", "ok"]]


def test_to_tasks_refuses_labels_for_unknown_items_and_repeated_ids():
    items = pd.DataFrame({"item_id": ["a", "b"], "text": ["x", "y"]})
    with pytest.raises(ValueError, match="not in items"):
        label_studio.to_tasks(items, pd.DataFrame({"item_id": ["z"], "annotator": ["me"], "label": ["x"]}))
    with pytest.raises(ValueError, match="unique"):
        label_studio.to_tasks(pd.DataFrame({"item_id": ["a", "a"], "text": ["x", "y"]}))
    with pytest.raises(ValueError, match="no column"):
        label_studio.to_tasks(items, text_columns=["body"])
