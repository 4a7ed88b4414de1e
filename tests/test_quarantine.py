"""utils.quarantine: rows set aside for review are never lost, and come back exactly."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from conftest import REPO
from utils.quarantine import Quarantine, QuarantineFileError


@pytest.fixture
def table():
    """A small table with every kind of column a cleaning notebook meets."""
    return pd.DataFrame(
        {
            "record_id": ["V1", "V2", "V3", "V4", "V5"],
            "heart_rate": [72.0, 31.0, np.nan, 0.0, 188.0],
            "age": [34, 71, 55, 40, 23],
            "admitted": [False, True, False, True, True],
            "visit": pd.to_datetime(["2025-01-03", "2025-02-11", None, "2025-03-01", "2025-03-02"]),
            "ward": pd.Categorical(["ED", "Cardiology", "ED", "ED", "Cardiology"]),
            "note": pd.array(["ok", None, "walked in", "lead off?", "svt"], dtype="string"),
            "visits": pd.array([1, None, 3, 2, 1], dtype="Int64"),
            "glucose": [5.1, 6.3, 38.2, np.inf, 4.9],
        },
        index=pd.Index([10, 11, 12, 13, 14], name="row"),
    )


@pytest.fixture
def q(tmp_path):
    return Quarantine(tmp_path / "quarantine" / "q.jsonl")


def test_round_trip_keeps_values_dtypes_and_index(q, table):
    ids = q.add(table.loc[[11, 12, 13]], reason="outside the typical range", source="vitals")
    assert ids == ["vitals:11", "vitals:12", "vitals:13"]
    pd.testing.assert_frame_equal(q.rows(), table.loc[[11, 12, 13]])
    assert q.counts() == {"pending": 3, "accepted": 0, "rejected": 0, "restored": 0}


def test_accept_reject_restore_loses_nothing(q, table):
    suspicious = [11, 12, 13]
    ids = q.add(table.loc[suspicious], reason="check by hand", source="vitals")
    working = table.drop(index=suspicious)
    q.accept([ids[0], ids[1]], reviewer="dr_osei", note="confirmed in the chart")
    q.reject(ids[2], reviewer="dr_osei", note="monitor lead came off")
    restored = q.restore(working)
    pd.testing.assert_frame_equal(restored.sort_index(), table.drop(index=[13]))
    pd.testing.assert_frame_equal(q.rows("rejected"), table.loc[[13]])
    assert sorted(restored.index.tolist() + q.rows("rejected").index.tolist()) == table.index.tolist()
    entries = q.entries().set_index("id")
    assert entries.loc["vitals:11", "status"] == "restored" and entries.loc["vitals:13", "status"] == "rejected"
    assert (
        entries.loc["vitals:13", "reviewer"] == "dr_osei"
        and entries.loc["vitals:13", "note"] == "monitor lead came off"
    )
    pd.testing.assert_frame_equal(working, table.drop(index=suspicious), obj="restore must not modify its input")


def test_restore_is_idempotent_and_only_restores_accepted_rows(q, table):
    ids = q.add(table.loc[[11, 12]], reason="r", source="vitals")
    working = table.drop(index=[11, 12])
    assert q.restore(working).equals(working), "nothing is accepted yet: nothing comes back"
    q.accept(ids[0], reviewer="a")
    once = q.restore(working)
    twice = q.restore(once)
    pd.testing.assert_frame_equal(once, twice)
    assert len(once) == len(working) + 1
    assert (q.history()["event"] == "restore").sum() == 1, "a row already back is not restored twice"


def test_restore_after_fresh_rerun_brings_accepted_rows_back_again(q, table):
    ids = q.add(table.loc[[12]], reason="r", source="vitals")
    q.accept(ids, reviewer="a")
    q.restore(table.drop(index=[12]))
    again = q.restore(table.drop(index=[12]))  # the pipeline re-ran from the raw data
    pd.testing.assert_frame_equal(again.sort_index(), table)


def test_requarantining_the_same_row_does_not_duplicate_it(q, table):
    first = q.add(table.loc[[11]], reason="heart rate below 40", source="vitals")
    q.accept(first, reviewer="dr_osei")
    second = q.add(table.loc[[11]], reason="flagged by Datalab", source="vitals")
    third = q.add(table.loc[[11]], reason="flagged by Datalab", source="vitals")
    assert first == second == third
    assert len(q) == 1
    entry = q.entries().iloc[0]
    assert entry["status"] == "accepted", "an earlier decision on the very same row stands"
    assert entry["reasons"] == "heart rate below 40; flagged by Datalab"


def test_a_changed_row_becomes_a_new_version(q, table):
    q.add(table.loc[[11]], reason="low heart rate", source="vitals")
    changed = table.loc[[11]].copy()
    changed.loc[11, "heart_rate"] = 33.0
    assert q.add(changed, reason="low heart rate", source="vitals") == ["vitals:11#2"]
    assert q.add(table.loc[[11]], reason="x", source="other") == ["other:11"], "another source is another entry"
    assert len(q) == 3
    pd.testing.assert_frame_equal(q.rows(source="vitals").iloc[[1]], changed)


def test_a_reviewer_may_change_their_mind_and_history_keeps_both(q, table):
    ids = q.add(table.loc[[14]], reason="very fast heart rate", source="vitals")
    q.reject(ids, reviewer="nurse_a")
    q.accept(ids, reviewer="dr_osei", note="SVT, confirmed on ECG")
    assert q.entries().iloc[0]["status"] == "accepted"
    decisions = q.history().query("event == 'decision'")
    assert decisions["detail"].tolist() == ["reject", "accept"]
    assert decisions["reviewer"].tolist() == ["nurse_a", "dr_osei"]


def test_rejecting_a_restored_row_is_refused(q, table):
    ids = q.add(table.loc[[14]], reason="r", source="vitals")
    q.accept(ids, reviewer="a")
    q.restore(table.drop(index=[14]))
    with pytest.raises(ValueError, match="already restored"):
        q.reject(ids, reviewer="a")
    assert q.entries().iloc[0]["status"] == "restored"


def test_the_file_is_append_only_and_shared_between_objects(q, table):
    ids = q.add(table.loc[[11, 12]], reason="r", source="vitals")
    before = q.path.read_bytes()
    q.accept(ids[0], reviewer="a")
    q.reject(ids[1], reviewer="a")
    q.restore(table.drop(index=[11, 12]))
    after = q.path.read_bytes()
    assert after.startswith(before), "earlier records must never be rewritten"
    other = Quarantine(q.path)
    assert other.counts() == {"pending": 0, "accepted": 0, "rejected": 1, "restored": 1}
    assert all(json.loads(line) for line in after.decode().splitlines())


@pytest.mark.parametrize(
    "damage",
    [
        b'{"event": "quarantine", "entry": "vitals:11", "sour',  # a write cut short
        b"this is not json\n",
        b'{"event": "decision", "entry": "vitals:999", "decision": "accept"}\n',  # unknown entry
        b'{"event": "decision", "entry": "vitals:11", "decision": "maybe"}\n',
        b'["a list"]\n',
    ],
)
def test_a_damaged_file_is_refused_clearly_and_kept_as_it_was(q, table, damage):
    q.add(table.loc[[11]], reason="r", source="vitals")
    with open(q.path, "ab") as handle:
        handle.write(damage)
    original = q.path.read_bytes()
    with pytest.raises(QuarantineFileError, match=r"damaged at line 2.*Nothing was changed"):
        Quarantine(q.path)
    for action in (
        lambda: q.add(table.loc[[12]], reason="r", source="vitals"),
        lambda: q.accept("vitals:11", reviewer="a"),
        lambda: q.restore(table),
        lambda: q.entries(),
    ):
        with pytest.raises(QuarantineFileError):
            action()
    assert q.path.read_bytes() == original, "a damaged quarantine file must never be modified"


def test_missing_trailing_newline_is_repaired_not_merged(q, table):
    q.add(table.loc[[11]], reason="r", source="vitals")
    q.path.write_bytes(q.path.read_bytes().rstrip(b"\n"))  # e.g. edited by hand in an editor
    q.add(table.loc[[12]], reason="r", source="vitals")
    assert len(Quarantine(q.path)) == 2


def test_bad_inputs_get_clear_errors(q, table, tmp_path):
    with pytest.raises(TypeError, match="DataFrame"):
        q.add(table["age"], reason="r", source="s")
    with pytest.raises(ValueError, match="reason"):
        q.add(table, reason=" ", source="s")
    with pytest.raises(ValueError, match="source"):
        q.add(table, reason="r", source="")
    with pytest.raises(ValueError, match="unique"):
        q.add(pd.concat([table.loc[[11]], table.loc[[11]]]), reason="r", source="s")
    with pytest.raises(TypeError, match="cannot store"):
        q.add(pd.DataFrame({"x": [object()]}), reason="r", source="s")
    ids = q.add(table.loc[[11]], reason="r", source="s")
    with pytest.raises(KeyError, match="unknown quarantine entries"):
        q.accept(["s:999"], reviewer="a")
    with pytest.raises(ValueError, match="reviewer"):
        q.accept(ids, reviewer="")
    with pytest.raises(ValueError, match="status"):
        q.entries("approved")
    with pytest.raises(ValueError, match="columns"):
        q.accept(ids, reviewer="a")
        q.restore(table[["age", "heart_rate"]])
    with pytest.raises(ValueError, match="different rows"):
        q.restore(table.assign(age=table["age"] + 1))
    with pytest.raises(ValueError, match="folder"):
        Quarantine(tmp_path)
    assert len(q) == 1, "failed calls must not write anything"


def test_refuses_to_write_inside_datasets():
    with pytest.raises(ValueError, match="datasets/"):
        Quarantine(REPO / "datasets" / "quarantine.jsonl")


def test_empty_quarantine_is_harmless(q, table):
    assert len(q) == 0 and q.rows().empty and q.entries().empty
    assert q.restore(table).equals(table)
    assert not q.path.exists(), "reading must not create the file"


def test_import_is_light():
    code = "import sys, utils.quarantine; print(any(m in sys.modules for m in ('pandas', 'sklearn', 'cleanlab')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
