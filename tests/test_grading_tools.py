"""Unit tests for the instructor's grading tools (grading_tools/), on tiny inputs; no kernel runs."""

from __future__ import annotations

import pytest

# Grading tests need nbgrader (the lab extra); the minimum-versions environment has only what
# notebooks import, so these modules are skipped there.
pytest.importorskip("nbgrader")

import json
import os
from pathlib import Path

from conftest import ASSIGNMENTS, REPO
from grading_tools import fake_class, outputs, preflight, report, sandbox
from grading_tools.parallel import compare_gradebooks


# -- sandbox command line ------------------------------------------------------------------
def test_missing_bwrap_is_reported_with_install_hint():
    usable, why, flags = sandbox.probe("/nonexistent/bwrap")
    assert not usable and not flags and "not installed" in why
    assert "apt-get install bubblewrap" in sandbox.INSTALL_HINT and "COURSE_GRADING_SANDBOX=off" in sandbox.INSTALL_HINT


def test_execute_refuses_without_sandbox_unless_opted_out(monkeypatch):
    monkeypatch.delenv(sandbox.SWITCH_ENV, raising=False)
    step = sandbox.SandboxedExecute(bwrap="/nonexistent/bwrap")
    with pytest.raises(sandbox.SandboxUnavailable, match="apt-get install bubblewrap"):
        step.check_sandbox()
    monkeypatch.setenv(sandbox.SWITCH_ENV, "off")
    sandbox.SandboxedExecute(bwrap="/nonexistent/bwrap").check_sandbox()  # explicit opt-out: runs, with a warning


def test_sandbox_command_exposes_only_what_student_code_needs(tmp_path):
    workdir, private = tmp_path / "grading" / "autograded" / "s1" / "a1", tmp_path / "private"
    workdir.mkdir(parents=True)
    (private / "submission").mkdir(parents=True)
    kernel = ["/usr/bin/python3", "-m", "ipykernel_launcher"]
    command = sandbox.build_command(
        kernel, workdir=str(workdir), private_dir=str(private), isolation=("--unshare-all",), uid=300_000
    )
    pairs = {(command[i], command[i + 2]) for i in range(len(command) - 2) if command[i].startswith("--")}
    writable = {dest for flag, dest in pairs if flag == "--bind"}
    assert writable == {str(private.resolve())}, "the only host folder student code may write is its own private one"
    tmpfs = {command[i + 1] for i in range(len(command) - 1) if command[i] == "--tmpfs"}
    assert str(workdir.resolve().parent) in tmpfs, "the submission folder is a private, size-capped copy"
    assert ("--ro-bind", sandbox.STAGING_MOUNT) in {(flag, dest) for flag, dest in pairs}
    read_only = {dest for flag, dest in pairs if flag == "--ro-bind"}
    assert {str(REPO / "utils"), str(REPO / "datasets"), str(REPO / "grading_tools")} <= read_only
    for secret in (REPO, REPO / "solutions", REPO / "grading", REPO / "exercises", Path.home()):
        assert str(secret) not in read_only | writable, f"{secret} must not be visible in the sandbox"
    launched = command[command.index("--") + 1 :]
    assert launched[:4] == ["/usr/bin/python3", "-I", "-S", "-c"] and launched[-3:] == kernel[:3][-3:]
    spec = json.loads(launched[5])
    assert spec["uid"] == 300_000 and spec["rlimits"]["RLIMIT_NPROC"] == sandbox.GradingLimits().processes
    assert "--unshare-all" in command and "--remount-ro" in command


def test_staging_copies_regular_files_only_and_hides_notebooks(tmp_path):
    workdir, staging = tmp_path / "work", tmp_path / "staging"
    (workdir / "data").mkdir(parents=True)
    (workdir / "a1.ipynb").write_text('{"hidden": "tests"}')
    (workdir / "data" / "rows.csv").write_text("a,b\n")
    (workdir / "link").symlink_to("/etc/passwd")
    (workdir / "folder-link").symlink_to(tmp_path)
    os.mkfifo(workdir / "pipe")
    left_out = sandbox.prepare_staging(str(workdir), str(staging), sandbox.GradingLimits(), None)
    assert (staging / "data" / "rows.csv").read_text() == "a,b\n"
    assert sorted(p.name for p in staging.iterdir()) == ["data"], "no notebook text is staged"
    command = sandbox.build_command(
        ["/usr/bin/python3"], workdir=str(workdir), private_dir=str(tmp_path), staging=str(staging), isolation=()
    )
    spec = json.loads(command[command.index("--") + 6])
    assert spec["notebooks"] == ["a1.ipynb"] and spec["notice"] == sandbox.HIDDEN_NOTEBOOK_TEXT
    assert len(left_out) == 3 and all("not a regular file" in x or "link to a folder" in x for x in left_out)


def test_sandbox_environment_keeps_no_secrets(tmp_path):
    env = sandbox.sandbox_env(
        {
            "AWS_SECRET_ACCESS_KEY": "x",
            "GITHUB_TOKEN": "y",
            "PATH": "/secret/bin",
            "LANG": "C.UTF-8",
            "OMP_NUM_THREADS": "1",
            "JPY_PARENT_PID": "12",
        },
        str(tmp_path),
        "/usr/bin/python3",
    )
    assert "AWS_SECRET_ACCESS_KEY" not in env and "GITHUB_TOKEN" not in env and "JPY_PARENT_PID" not in env
    assert env["HOME"].startswith(str(tmp_path)) and "/secret/bin" not in env["PATH"]
    assert env["OMP_NUM_THREADS"] == "1" and env["LANG"] == "C.UTF-8"


# -- output size cap --------------------------------------------------------------------
def test_limit_output_size_trims_long_lines_and_big_rich_outputs():
    from nbformat.v4 import new_code_cell, new_output

    cell = new_code_cell(
        "x",
        outputs=[
            new_output("stream", name="stdout", text="y" * 50_000),
            new_output("execute_result", data={"text/html": "<td>" * 30_000, "text/plain": "frame"}, execution_count=1),
            new_output("display_data", data={"image/png": "i" * 1000}),
        ],
    )
    step = outputs.LimitOutputSize(max_chars=1000)
    cell, _ = step.preprocess_cell(cell, {}, 0)
    assert len(cell.outputs[0].text) < 1200 and "trimmed" in cell.outputs[0].text
    assert "text/html" not in cell.outputs[1].data and cell.outputs[1].data["text/plain"] == "frame"
    assert cell.outputs[2].data["image/png"] == "i" * 1000, "a normal-size plot is kept"


# -- preflight ----------------------------------------------------------------------------
RELEASED = {
    "cells": [
        {
            "cell_type": "code",
            "id": "c1",
            "metadata": {"nbgrader": {"grade_id": "answer", "solution": True}},
            "source": "",
            "outputs": [],
            "execution_count": None,
        }
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def _release(tmp_path) -> Path:
    folder = tmp_path / "release" / "hw"
    folder.mkdir(parents=True)
    (folder / "hw.ipynb").write_text(json.dumps(RELEASED))
    return folder


def test_preflight_renames_invalid_notebook_and_keeps_it(tmp_path):
    release = _release(tmp_path)
    student = tmp_path / "submitted" / "ann" / "hw"
    student.mkdir(parents=True)
    (student / "hw.ipynb").write_text('{"cells": [')
    found = preflight.preflight(tmp_path / "submitted", release, "hw")
    assert not (student / "hw.ipynb").exists() and (student / "hw.ipynb.invalid").read_text() == '{"cells": ['
    assert [f.kind for f in found["ann"]] == ["invalid-notebook"] and "not valid JSON" in found["ann"][0].message
    assert not preflight.has_notebooks(student, release)


def test_preflight_recovers_renamed_notebook_without_overwriting(tmp_path):
    release = _release(tmp_path)
    bob = tmp_path / "submitted" / "bob" / "hw"
    bob.mkdir(parents=True)
    (bob / "hw (1).ipynb").write_text(json.dumps(RELEASED))
    (bob / "scratch.ipynb").write_text(json.dumps({**RELEASED, "cells": []}))  # no nbgrader ids: not a candidate
    found = preflight.preflight(tmp_path / "submitted", release, "hw")
    assert (bob / "hw.ipynb").read_bytes() == (bob / "hw (1).ipynb").read_bytes()
    assert found["bob"][0].kind == "renamed-notebook" and "hw (1).ipynb" in found["bob"][0].message
    later = json.dumps({**RELEASED, "metadata": {"edited": "later"}})
    (bob / "hw.ipynb").write_text(later)
    preflight.preflight(tmp_path / "submitted", release, "hw")
    assert (bob / "hw.ipynb").read_text() == later, "an existing notebook is never overwritten"


def test_preflight_reports_missing_notebook(tmp_path):
    release = _release(tmp_path)
    cat = tmp_path / "submitted" / "cat" / "hw"
    cat.mkdir(parents=True)
    (cat / "notes.txt").write_text("sorry")
    found = preflight.preflight(tmp_path / "submitted", release, "hw")
    assert found["cat"][0].kind == "missing-notebook" and "notes.txt" in found["cat"][0].message


def test_read_notebook_explains_bad_files(tmp_path):
    cases = {"empty.ipynb": "", "cut.ipynb": '{"cells": [', "list.ipynb": "[1, 2]"}
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
    assert "empty" in preflight.read_notebook(tmp_path / "empty.ipynb")[1]
    assert "not valid JSON" in preflight.read_notebook(tmp_path / "cut.ipynb")[1]
    assert "not a Jupyter notebook" in preflight.read_notebook(tmp_path / "list.ipynb")[1]


# -- the generated class ------------------------------------------------------------------
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_scenario_builds_for_every_assignment(assignment, tmp_path):
    made = fake_class.make_class(
        REPO, assignment, tmp_path, names=sorted(fake_class.scenarios(assignment, hostile=True))
    )
    info = fake_class.Assignment.load(REPO, assignment)
    for student, submission in made.items():
        assert set(submission.expected) == set(info.points), student
        files = sorted(p.name for p in (tmp_path / student / assignment).iterdir())
        assert files == sorted(submission.files), student
    assert made["correct"].expected == info.points and not any(made["blank"].expected.values())


def test_class_mix_cycles_through_scenarios(tmp_path):
    made = fake_class.make_class(REPO, ASSIGNMENTS[0], tmp_path, students=40)
    assert len(made) == 40 and {s.scenario for s in made.values()} >= {
        "correct",
        "partial",
        "malformed-json",
        "hard-coded" if ASSIGNMENTS[0] in fake_class.SPECIFIC else "blank",
    }


# -- report tables and gradebook comparison ------------------------------------------------
def test_report_tables_summarise_scores():
    rows = [
        dict(student=s, notebook="hw", cell=c, kind="test", exercise=e, score=score, max_score=1.0, graded=True)
        for s, c, e, score in [
            ("a", "t1", "Exercise 1", 1.0),
            ("b", "t1", "Exercise 1", 0.0),
            ("a", "t2", "Exercise 2", 0.0),
            ("b", "t2", "Exercise 2", 0.0),
        ]
    ]
    table = report.exercise_table(rows).set_index("exercise")
    assert table.loc["Exercise 1", "mean"] == 0.5 and table.loc["Exercise 2", "zero"] == 1.0
    from collections import Counter

    tests = report.tests_table(rows, {("hw", "t2"): Counter({"AssertionError: off by one": 2})})
    assert list(tests["test cell"]) == ["t2", "t1"] and "off by one (2x)" in tests.iloc[0]["most common error"]


def test_exercise_headings_map_grade_cells():
    notebook = json.loads((REPO / "solutions" / ASSIGNMENTS[0] / f"{ASSIGNMENTS[0]}.ipynb").read_text())
    mapping = report.exercise_of_cells(notebook)
    assert mapping and all(title.startswith("Exercise") for title in mapping.values())


def test_compare_gradebooks_finds_a_changed_score():
    first = {"students": ["a"], "grades": {("a", "hw", "hw", "t1"): {"auto_score": 1.0}}}
    second = {"students": ["a"], "grades": {("a", "hw", "hw", "t1"): {"auto_score": 0.0}}}
    assert compare_gradebooks(first, first) == []
    assert "auto_score" in compare_gradebooks(first, second)[0]


def test_ci_installs_the_sandbox():
    text = (REPO / ".ci" / "run").read_text()
    assert "bubblewrap" in text and text.rstrip().endswith("python3 tasks.py test")
    assert os.access(REPO / ".ci" / "run", os.X_OK)


def test_two_grading_runs_cannot_overlap(tmp_path):
    from grading_tools.parallel import grading_lock

    with grading_lock(tmp_path):
        with pytest.raises(RuntimeError, match="another grading run"):
            with grading_lock(tmp_path):
                pass
    with grading_lock(tmp_path):  # free again once the first run ends
        pass
