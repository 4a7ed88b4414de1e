"""Tests for utils.labeling: the annotation log and the labeling widget, driven through its callbacks."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import pandas as pd
import pytest

from conftest import REPO
from utils import data
from utils.labeling import AnnotationFileError, AnnotationLog, LabelingWidget, demo, disputed

LABELS = ["spam", "ham"]


@pytest.fixture
def items():
    return pd.DataFrame(
        {
            "item_id": [10, 11, 12, 13],
            "text": ["win cash", "lunch?", "invoice", "cheap pills"],
            "sender": ["a@x", "b@y", "c@z", "d@w"],
        }
    )


def make(items, path, annotator="ana", **options):
    return LabelingWidget(items, labels=LABELS, annotator=annotator, log_path=path, **options)


def actions(path):
    frame = AnnotationLog(path).read()
    return list(zip(frame["item_id"], frame["label"], frame["annotator"], frame["action"]))


# -- the log -----------------------------------------------------------------------------
def test_log_creates_folders_and_writes_each_row_at_once(tmp_path):
    path = tmp_path / "deep" / "er" / "log.csv"
    log = AnnotationLog(path)
    assert not path.exists() and list(log.read().columns) == ["item_id", "label", "annotator", "timestamp", "action"]
    log.append(7, "spam", "ana")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "item_id,label,annotator,timestamp,action" and len(lines) == 2
    log.append('x,"y"', None, "bob", action="skip")
    frame = log.read()
    assert list(frame.columns) == ["item_id", "label", "annotator", "timestamp", "action"]
    assert frame["item_id"].tolist() == ["7", 'x,"y"']
    assert frame["label"].tolist() == ["spam", ""]
    assert frame["action"].tolist() == ["label", "skip"]
    stamp = datetime.fromisoformat(frame["timestamp"].iloc[0])
    assert stamp.utcoffset() == UTC.utcoffset(None)
    assert abs((datetime.now(UTC) - stamp).total_seconds()) < 60


def test_log_rejects_bad_rows(tmp_path):
    log = AnnotationLog(tmp_path / "log.csv")
    with pytest.raises(ValueError, match="action"):
        log.append(1, "spam", "ana", action="delete")
    with pytest.raises(ValueError, match="non-empty label"):
        log.append(1, "", "ana")
    with pytest.raises(ValueError, match="annotator"):
        log.append(1, "spam", "")
    assert not (tmp_path / "log.csv").exists()


def test_current_labels_apply_undos_per_annotator(tmp_path):
    log = AnnotationLog(tmp_path / "log.csv")
    log.append("a", "spam", "ana")
    log.append("a", "ham", "bob")
    log.append("b", "ham", "ana")
    log.append("b", None, "ana", action="undo")
    log.append("c", "spam", "ana")
    log.append("c", "ham", "ana")  # relabel: latest wins
    log.append("c", None, "ana", action="undo")  # back to spam
    assert log.current_labels("ana").to_dict() == {"a": "spam", "c": "spam"}
    assert log.current_labels("bob").to_dict() == {"a": "ham"}
    assert log.current_labels().to_dict() == {"a": "ham", "c": "spam"}
    assert log.current_labels().index.name == "item_id"
    table = log.label_table()
    assert sorted(map(tuple, table.to_numpy().tolist())) == [
        ("a", "ana", "spam"),
        ("a", "bob", "ham"),
        ("c", "ana", "spam"),
    ]
    assert disputed(table)["item_id"].tolist() == ["a", "a"]
    assert len(log.read()) == 7, "undo must append, never delete"


def test_an_undo_of_another_annotator_changes_nothing(tmp_path):
    log = AnnotationLog(tmp_path / "log.csv")
    log.append("a", "spam", "ana")
    log.append("a", None, "bob", action="undo")
    assert log.current_labels("ana").to_dict() == {"a": "spam"}


JUNK = {
    "foreign.csv": b"id,price,city\n1,300000,Lyon\n2,250000,Nice\n",
    "binary.csv": bytes(range(256)) * 4,
    "latin1.csv": "item_id,label,annotator,timestamp,action\n1,caf\xe9,ana,2024-01-01T00:00:00+00:00,label\n".encode(
        "latin-1"
    ),
    "short_row.csv": b"item_id,label,annotator,timestamp,action\n1,spam,ana,2024-01-01T00:00:00+00:00,label\n2,ham\n",
    "bad_action.csv": b"item_id,label,annotator,timestamp,action\n1,spam,ana,2024-01-01T00:00:00+00:00,delete\n",
    "bad_time.csv": b"item_id,label,annotator,timestamp,action\n1,spam,ana,yesterday,label\n",
    "no_header.csv": b"1,spam,ana,2024-01-01T00:00:00+00:00,label\n",
}


@pytest.mark.parametrize("name", sorted(JUNK))
def test_corrupt_or_foreign_file_raises_and_is_left_untouched(tmp_path, items, name):
    path = tmp_path / name
    path.write_bytes(JUNK[name])
    log = AnnotationLog(path)
    with pytest.raises(AnnotationFileError) as caught:
        log.read()
    message = str(caught.value)
    assert str(path) in message and "untouched" in message and "another path" in message
    with pytest.raises(AnnotationFileError):
        log.append(1, "spam", "ana")
    with pytest.raises(AnnotationFileError):
        make(items, path)
    assert path.read_bytes() == JUNK[name]


def test_file_damaged_after_the_widget_started_is_not_written(tmp_path, items):
    path = tmp_path / "log.csv"
    w = make(items, path)
    w.label("spam")
    path.write_bytes(path.read_bytes() + b"garbage line\n")
    before = path.read_bytes()
    with pytest.raises(AnnotationFileError):
        w.label("ham")
    w.buttons["ham"].click()  # through the button: the error is shown, not lost in a log console
    assert "AnnotationFileError" in w.status_html.value
    assert path.read_bytes() == before


def test_empty_file_and_missing_final_newline_are_accepted(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    AnnotationLog(empty).append(1, "spam", "ana")
    assert AnnotationLog(empty).current_labels().to_dict() == {"1": "spam"}
    edited = tmp_path / "edited.csv"
    edited.write_bytes(b"item_id,label,annotator,timestamp,action\r\n1,spam,ana,2024-01-01T00:00:00+00:00,label")
    AnnotationLog(edited).append(2, "ham", "ana")
    assert AnnotationLog(edited).current_labels().to_dict() == {"1": "spam", "2": "ham"}


def test_paths_inside_datasets_are_refused(tmp_path, items):
    inside = data.data_dir() / "annotations" / "mine.csv"
    with pytest.raises(ValueError, match="datasets/"):
        AnnotationLog(inside)
    with pytest.raises(ValueError, match="datasets/"):
        AnnotationLog(data.data_dir() / "sub" / ".." / "x.csv")
    with pytest.raises(ValueError, match="datasets/"):
        make(items, inside)
    assert not inside.parent.exists()
    with pytest.raises(ValueError, match="folder"):
        AnnotationLog(tmp_path)


# -- the widget --------------------------------------------------------------------------
def test_label_skip_undo_sequence_and_csv(tmp_path, items):
    path = tmp_path / "log.csv"
    w = make(items, path)
    assert w.current_item_id == "10" and w.progress == (0, 4)
    assert "win cash" in w.item_html.value and "10" in w.item_html.value and "a@x" in w.item_html.value
    assert w.buttons["Undo"].disabled
    w.label("spam")
    assert w.current_item_id == "11" and w.progress == (1, 4)
    assert w.progress_html.value.startswith("1 / 4") and w.progress_bar.value == 1
    w.skip()
    assert w.current_item_id == "12" and w.progress == (1, 4)
    w.label("ham")
    w.undo()  # takes back "ham" on 12
    assert w.current_item_id == "12" and w.progress == (1, 4)
    w.undo()  # takes back the skip of 11
    assert w.current_item_id == "11"
    w.label("ham")
    assert w.current_item_id == "12"
    assert actions(path) == [
        ("10", "spam", "ana", "label"),
        ("11", "", "ana", "skip"),
        ("12", "ham", "ana", "label"),
        ("12", "", "ana", "undo"),
        ("11", "", "ana", "undo"),
        ("11", "ham", "ana", "label"),
    ]
    assert w.log.current_labels("ana").to_dict() == {"10": "spam", "11": "ham"}


def test_skipped_items_come_back_after_the_others_then_done(tmp_path, items):
    path = tmp_path / "log.csv"
    w = make(items, path)
    w.skip()  # 10
    w.skip()  # 11
    w.label("spam")  # 12
    w.label("ham")  # 13
    assert w.current_item_id == "10", "skipped items come back, oldest skip first"
    assert "2 skipped" in w.progress_html.value
    w.skip()  # 10 again: now 11 is the oldest skip
    assert w.current_item_id == "11"
    w.label("ham")
    w.label("spam")  # 10
    assert w.current_item_id is None and w.progress == (4, 4)
    assert "All 4 items are labeled" in w.item_html.value
    assert all(w.buttons[name].disabled for name in ["spam", "ham", "Skip"]) and not w.buttons["Undo"].disabled
    with pytest.raises(RuntimeError, match="Every item is labeled"):
        w.label("spam")
    w.undo()
    assert w.current_item_id == "10" and not w.buttons["spam"].disabled


def test_undo_with_nothing_to_undo_writes_nothing(tmp_path, items):
    path = tmp_path / "log.csv"
    w = make(items, path)
    w.undo()
    assert "Nothing to undo" in w.status_html.value and not path.exists()
    w.label("spam")
    w.undo()
    w.undo()
    assert [a[3] for a in actions(path)] == ["label", "undo"]


def test_resume_after_restart(tmp_path, items):
    path = tmp_path / "log.csv"
    w = make(items, path)
    w.label("spam")
    w.label("ham")
    w.label("spam")
    w.undo()  # 12 is unlabeled again
    del w
    again = make(items, path)  # a "restarted kernel": a new object on the same file
    assert again.current_item_id == "12" and again.progress == (2, 4)
    again.undo()  # undo reaches back into the earlier session: 11
    assert again.current_item_id == "11" and again.progress == (1, 4)
    third = make(items, path)
    assert third.current_item_id == "11"
    assert len(AnnotationLog(path).read()) == 5


def test_two_annotators_share_one_file(tmp_path, items):
    path = tmp_path / "log.csv"
    ana, bob = make(items, path, "ana"), make(items, path, "bob")
    ana.label("spam")
    ana.label("ham")
    bob.label("ham")
    assert ana.current_item_id == "12" and bob.current_item_id == "11"
    bob.undo()
    assert bob.progress == (0, 4) and ana.progress == (2, 4), "an undo only touches its own annotator"
    log = AnnotationLog(path)
    assert log.current_labels("ana").to_dict() == {"10": "spam", "11": "ham"}
    assert log.current_labels("bob").empty
    assert set(log.read()["annotator"]) == {"ana", "bob"}
    assert make(items, path, "carl").current_item_id == "10"


def test_clicking_buttons_is_the_same_as_calling_methods(tmp_path, items):
    clicked, called = tmp_path / "clicked.csv", tmp_path / "called.csv"
    w_click, w_call = make(items, clicked), make(items, called)
    assert {name: b.description for name, b in w_click.buttons.items()} == {
        "spam": "spam",
        "ham": "ham",
        "Skip": "Skip",
        "Undo": "Undo",
    }
    w_click.buttons["spam"].click()
    w_click.buttons["Skip"].click()
    w_click.buttons["ham"].click()
    w_click.buttons["Undo"].click()
    w_call.label("spam")
    w_call.skip()
    w_call.label("ham")
    w_call.undo()
    assert (
        actions(clicked)
        == actions(called)
        == [
            ("10", "spam", "ana", "label"),
            ("11", "", "ana", "skip"),
            ("12", "ham", "ana", "label"),
            ("12", "", "ana", "undo"),
        ]
    )
    assert w_click.current_item_id == w_call.current_item_id == "12"
    assert w_click.item_html.value == w_call.item_html.value


def test_review_mode_shows_earlier_labels(tmp_path, items):
    earlier = AnnotationLog(tmp_path / "round1.csv")
    for item, who, label in [
        (10, "ana", "spam"),
        (10, "bob", "ham"),
        (11, "ana", "ham"),
        (11, "bob", "ham"),
        (13, "ana", "spam"),
        (13, "bob", "ham"),
    ]:
        earlier.append(item, label, who)
    review = disputed(earlier.label_table())
    assert sorted(set(review["item_id"])) == ["10", "13"]
    to_review = items[items["item_id"].astype(str).isin(review["item_id"])]
    w = make(to_review, tmp_path / "review.csv", "lead", review=review)
    assert w.current_item_id == "10" and w.progress == (0, 2)
    assert "Earlier labels" in w.review_html.value
    assert "ana: <b>spam</b>" in w.review_html.value and "bob: <b>ham</b>" in w.review_html.value
    w.label("spam")
    assert w.current_item_id == "13" and "bob: <b>ham</b>" in w.review_html.value
    assert w.review_html in w.widget.children
    plain = make(items, tmp_path / "plain.csv")
    assert plain.review_html not in plain.widget.children


def test_text_columns_render_and_instructions(tmp_path, items):
    w = make(items, tmp_path / "a.csv", text_columns=["text"], instructions="<i>Spam = bulk mail</i>")
    assert "win cash" in w.item_html.value and "a@x" not in w.item_html.value
    assert any("Spam = bulk mail" in getattr(child, "value", "") for child in w.widget.children)
    tricky = pd.DataFrame({"item_id": ["q"], "text": ["<script>alert(1)</script>"]})
    assert "<script>" not in make(tricky, tmp_path / "b.csv").item_html.value, "item text must be escaped"
    w = make(items, tmp_path / "c.csv", render=lambda row: f"<h3>{row['text'].upper()}</h3>")
    assert "<h3>WIN CASH</h3>" in w.item_html.value
    w = make(items, tmp_path / "d.csv", id_column="sender")
    assert w.current_item_id == "a@x" and "item_id" in w.item_html.value


@pytest.mark.parametrize(
    "options, error, pattern",
    [
        (dict(labels=[]), ValueError, "labels is empty"),
        (dict(labels="spam"), TypeError, "list of label names"),
        (dict(labels=["spam", 1]), TypeError, "non-empty string"),
        (dict(labels=["spam", "spam"]), ValueError, "duplicates"),
        (dict(labels=["spam", "Skip"]), ValueError, "widget's own buttons"),
        (dict(annotator=""), ValueError, "annotator"),
        (dict(id_column="id"), ValueError, "no id column 'id'"),
        (dict(text_columns=["body"]), ValueError, r"text_columns \['body'\]"),
        (dict(review=pd.DataFrame({"item_id": [1]})), ValueError, "review needs the columns"),
    ],
)
def test_bad_widget_inputs(tmp_path, items, options, error, pattern):
    arguments = dict(labels=LABELS, annotator="ana", log_path=tmp_path / "log.csv")
    arguments.update(options)
    with pytest.raises(error, match=pattern):
        LabelingWidget(items, **arguments)


def test_duplicate_and_missing_ids_are_refused(tmp_path, items):
    duplicated = pd.concat([items, items.iloc[[1]]])
    with pytest.raises(ValueError, match="duplicate ids"):
        make(duplicated, tmp_path / "log.csv")
    as_text = pd.DataFrame({"item_id": [1, "1"], "text": ["a", "b"]})
    with pytest.raises(ValueError, match="duplicate ids"):
        make(as_text, tmp_path / "log.csv")
    missing = items.astype({"item_id": "float"})
    missing.loc[0, "item_id"] = float("nan")
    with pytest.raises(ValueError, match="missing ids"):
        make(missing, tmp_path / "log.csv")
    with pytest.raises(TypeError, match="DataFrame"):
        LabelingWidget([1, 2], labels=LABELS, annotator="ana", log_path=tmp_path / "log.csv")


def test_unknown_label_is_refused_and_writes_nothing(tmp_path, items):
    path = tmp_path / "log.csv"
    w = make(items, path)
    with pytest.raises(ValueError, match=r"Unknown label 'eggs'.*\['spam', 'ham'\]"):
        w.label("eggs")
    assert not path.exists() and w.current_item_id == "10"


def test_demo_and_display_in_a_notebook(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    w = demo(tmp_path / "demo.csv")
    assert w.current_item_id == "m1" and w.progress == (0, 6)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            f"import sys; sys.path.insert(0, {str(REPO)!r})\n"
            "import pandas as pd\nfrom utils.labeling import LabelingWidget\n"
            "items = pd.DataFrame({'item_id': [1, 2], 'text': ['a', 'b']})\n"
            "w = LabelingWidget(items, labels=['spam', 'ham'], annotator='ana', log_path='log.csv')\nw"
        ),
        nbformat.v4.new_code_cell("w.buttons['spam'].click(); print(w.progress, w.current_item_id)"),
    ]
    nbclient.NotebookClient(
        notebook, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = notebook.cells[0].outputs
    assert outputs and outputs[0]["output_type"] == "display_data"
    assert "application/vnd.jupyter.widget-view+json" in outputs[0]["data"]
    assert notebook.cells[1].outputs[0]["text"].strip() == "(1, 2) 2"
    assert (tmp_path / "log.csv").exists()


def test_import_stays_light():
    code = "import sys, utils.labeling; print(any(m in sys.modules for m in ('pandas', 'ipywidgets')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "False"


def _example_registry(tmp_path, monkeypatch, rows):
    """A data folder holding one example annotation log, registered as 'demo_decisions'."""
    import json

    from utils.data import DATA_DIR_ENV, file_sha256

    folder = tmp_path / "datasets"
    folder.mkdir()
    text = "item_id,label,annotator,timestamp,action\n" + "".join(
        f"{item},{label},me,2026-01-01T00:00:00+00:00,label\n" for item, label in rows
    )
    (folder / "demo.csv").write_text(text)
    entry = {"file": "demo.csv", "sha256": file_sha256(folder / "demo.csv"), "card": "cards/demo.md"}
    (folder / "registry.json").write_text(json.dumps({"demo_decisions": entry}))
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


def test_learner_decisions_come_from_the_learners_log_once_there_are_any(tmp_path, monkeypatch):
    from utils.labeling import AnnotationLog, learner_decisions

    _example_registry(tmp_path, monkeypatch, [("1", "spam"), ("2", "ham"), ("3", "ham")])
    mine = tmp_path / "work" / "annotations" / "mine.csv"
    before = learner_decisions(mine, example="demo_decisions")
    assert not before.from_learner and dict(before.labels) == {"1": "spam", "2": "ham", "3": "ham"}
    assert "example log 'demo_decisions'" in before.source and "3 decisions" in before.source
    log = AnnotationLog(mine)
    log.append("1", "ham", "me")
    log.append("2", "spam", "me")
    log.append("9", "spam", "someone else")
    after = learner_decisions(mine, example="demo_decisions", items=["1", "2", "3"])
    assert after.from_learner and dict(after.labels) == {"1": "ham", "2": "spam"}
    assert "2 of 3" in after.source


def test_an_example_log_is_read_only(tmp_path, monkeypatch):
    from utils import data
    from utils.labeling import AnnotationLog

    folder = _example_registry(tmp_path, monkeypatch, [("1", "spam")])
    example = AnnotationLog(data.path("demo_decisions"), read_only=True)
    assert dict(example.current_labels("me")) == {"1": "spam"}
    before = (folder / "demo.csv").read_bytes()
    with pytest.raises(PermissionError, match="read-only"):
        example.append("2", "ham", "me")
    assert (folder / "demo.csv").read_bytes() == before
    with pytest.raises(ValueError, match="datasets/ folder"):
        AnnotationLog(folder / "demo.csv")
