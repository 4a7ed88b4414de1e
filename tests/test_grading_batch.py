"""A class with every kind of bad and hostile submission, graded in parallel and sequentially.

One batch per test session (module fixture), in a throwaway copy of the course:

- ``parallel``: every scenario of ``grading_tools.fake_class`` (bad, hostile, correct,
  partial), graded by ``python -m grading_tools autograde --jobs 2``, in the sandbox;
- ``sequential``: a mix of correct, partial and bad submissions, prepared the same way
  (``python -m grading_tools preflight``) and graded by plain ``nbgrader autograde``.

The tests then check each submission's score cell by cell against what it deserves, the
reasons given, that the hostile submissions changed nothing outside their own folder,
and that the parallel gradebook rows equal the sequential ones.

Cell timeout here: 15 s (the course uses 60 s), so the endless loops cost less time.
"""

from __future__ import annotations

import pytest

# Grading tests need nbgrader (the lab extra); the minimum-versions environment has only what
# notebooks import, so these modules are skipped there.
pytest.importorskip("nbgrader")

import csv
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from nbgrader_cells import gradebook_scores

from conftest import ASSIGNMENTS, REPO, run_nbgrader
from grading_tools import fake_class, sandbox

pytestmark = pytest.mark.slow

TIMEOUT = 15
ASSIGNMENT = next((a for a in ASSIGNMENTS if a in fake_class.SPECIFIC), ASSIGNMENTS[0])
SEQUENTIAL = [
    "correct",
    "partial",
    "malformed-json",
    "renamed-notebook",
    "missing-notebook",
    "deleted-test-cell",
    "endless-loop",
]


def _require_sandbox():
    usable, why, _ = sandbox.probe()
    if not usable:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must exercise the grading sandbox: {why}")
        pytest.skip(f"the grading sandbox cannot run here: {why}")


class Listener:
    """A TCP server on the host's loopback that records every connection (a student must reach none)."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.server.settimeout(0.5)
        self.port, self.connections, self._stop = self.server.getsockname()[1], [], False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self._stop:
            try:
                connection, address = self.server.accept()
            except OSError:
                continue
            self.connections.append(address)
            connection.close()

    def close(self):
        self._stop = True
        self.thread.join(timeout=5)
        self.server.close()


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _new_course(root: Path) -> Path:
    shutil.copytree(REPO / "solutions" / ASSIGNMENT, root / "solutions" / ASSIGNMENT)
    shutil.copytree(REPO / "exercises" / ASSIGNMENT, root / "exercises" / ASSIGNMENT)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    run_nbgrader(root, "generate_assignment", ASSIGNMENT, "--force")
    return root


def _tool(course: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    env = dict(
        os.environ, PYTHONNOUSERSITE="1", PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    )
    return subprocess.run(
        [sys.executable, "-m", "grading_tools", *args],
        cwd=course,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    _require_sandbox()
    listener, token = Listener(), uuid.uuid4().hex[:12]
    datasets_before = _digests(REPO / "datasets")
    parallel = _new_course(tmp_path_factory.mktemp("parallel"))
    context = {"course": str(parallel), "port": listener.port, "token": token}
    made = fake_class.make_class(
        parallel,
        ASSIGNMENT,
        parallel / "grading" / "submitted",
        names=sorted(set(fake_class.scenarios(ASSIGNMENT, hostile=True)) - {"missing-group"}),
        ctx=context,
    )
    sequential = _new_course(tmp_path_factory.mktemp("sequential"))
    fake_class.make_class(sequential, ASSIGNMENT, sequential / "grading" / "submitted", names=SEQUENTIAL)

    def grade_sequentially():
        prepared = _tool(sequential, "preflight", ASSIGNMENT)
        assert prepared.returncode == 0, prepared.stderr[-3000:]
        return run_nbgrader(sequential, "autograde", ASSIGNMENT, f"--Execute.timeout={TIMEOUT}", timeout=900)

    try:  # both classes at once, each in its own course (endless loops and set-ups leave the cores idle)
        with ThreadPoolExecutor(max_workers=2) as pool:
            tool = pool.submit(
                _tool, parallel, "autograde", ASSIGNMENT, "--jobs", "2", "--timeout", str(TIMEOUT), "--no-progress"
            )
            plain = pool.submit(grade_sequentially)
            tool, plain = tool.result(), plain.result()
    finally:
        listener.close()
    yield dict(
        parallel=parallel,
        sequential=sequential,
        made=made,
        tool=tool,
        plain=plain,
        token=token,
        listener=listener,
        datasets_before=datasets_before,
    )


def _scores(course: Path) -> dict[str, dict[str, float]]:
    return gradebook_scores(course, ASSIGNMENT)


def test_the_batch_finishes_and_grades_everyone(batch):
    assert batch["tool"].returncode == 0, batch["tool"].stdout[-3000:] + batch["tool"].stderr[-3000:]
    assert set(_scores(batch["parallel"])) == set(batch["made"]), "every student has a row in the gradebook"


def test_each_submission_gets_the_score_it_deserves(batch):
    scores = _scores(batch["parallel"])
    wrong = {
        student: {"got": scores.get(student), "expected": submission.expected}
        for student, submission in batch["made"].items()
        if scores.get(student) != submission.expected
    }
    assert not wrong, json.dumps(wrong, indent=1)


def test_each_bad_submission_is_explained(batch):
    with open(batch["parallel"] / "grading" / "reports" / ASSIGNMENT / "students.csv", newline="") as handle:
        rows = {row["student"]: row["notes"] for row in csv.DictReader(handle)}
    missing = {
        student: (submission.notes, rows.get(student))
        for student, submission in batch["made"].items()
        if not all(word in rows.get(student, "") for word in submission.notes)
    }
    assert not missing, missing
    # fake_class's correct answers are the instructor's own text, which the report flags (a leak, in real life)
    remarks = [note for note in rows["correct"].split("; ") if note]
    assert len(remarks) == 1 and "contains the instructor's solution" in remarks[0], rows["correct"]
    assert batch["tool"].stdout.count("\n") > len(batch["made"]), "the tool prints one line per student"


def test_parallel_gradebook_equals_sequential_nbgrader(batch):
    from grading_tools.parallel import compare_gradebooks, gradebook_contents

    parallel = gradebook_contents(f"sqlite:///{batch['parallel'] / 'grading' / 'gradebook.db'}", ASSIGNMENT)
    sequential = gradebook_contents(f"sqlite:///{batch['sequential'] / 'grading' / 'gradebook.db'}", ASSIGNMENT)
    same_students = {
        table: (
            {k: v for k, v in rows.items() if k[0] in SEQUENTIAL}
            if isinstance(rows, dict)
            else [s for s in rows if s in SEQUENTIAL]
        )
        for table, rows in parallel.items()
    }
    assert sequential["grades"] and len(sequential["submissions"]) == len(SEQUENTIAL)
    assert compare_gradebooks(same_students, sequential) == []


def test_warnings_on_stderr_cost_nothing_and_huge_output_is_trimmed(batch):
    scores = _scores(batch["parallel"])
    assert scores["stderr-warnings"] == batch["made"]["correct"].expected
    graded = batch["parallel"] / "grading" / "autograded" / "huge-output" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert graded.stat().st_size < 300_000, f"the graded notebook keeps {graded.stat().st_size:,} bytes of output"


def _hostile_report(batch) -> dict:
    graded = batch["parallel"] / "grading" / "autograded" / "hostile-probe" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    for cell in json.loads(graded.read_text())["cells"]:
        for output in cell.get("outputs", []):
            text = "".join(output.get("text", ""))
            if "HOSTILE-REPORT " in text:
                return json.loads(text.split("HOSTILE-REPORT ", 1)[1].splitlines()[0])
    raise AssertionError("the hostile submission's probe did not run")


def test_hostile_code_cannot_read_solutions_gradebook_or_other_students(batch):
    report = _hostile_report(batch)
    for attempt in (
        "read solutions",
        "read gradebook",
        "write gradebook",
        "list other students",
        "read other students' graded notebooks",
        "read the notebook being graded",
        "change a data set",
        "delete a data set",
        "reach the network",
        "see host processes",
    ):
        tried = {name: outcome for name, outcome in report.items() if name.startswith(attempt)}
        assert tried and all(outcome.startswith("blocked") for outcome in tried.values()), tried
    own = f"/hostile-probe/{ASSIGNMENT}/"  # its own folder (a worker's private copy when grading in parallel)
    in_view = report["notebooks and databases in view"]
    assert all(own in path for path in in_view), in_view
    assert _scores(batch["parallel"])["hostile-steal"] == batch["made"]["hostile-steal"].expected, (
        "copying the solution at grading time must fail"
    )


def test_hostile_code_left_no_trace_outside_its_folder(batch):
    token = batch["token"]
    places = [
        batch["parallel"],
        batch["parallel"] / "grading",
        batch["parallel"] / "grading" / "autograded",
        REPO,
        Path("/tmp"),
        Path.home(),
    ]
    traces = [str(place / f"PWNED-{token}") for place in places if (place / f"PWNED-{token}").exists()]
    assert not traces, traces
    assert not batch["listener"].connections, "a submission reached the host's network"
    assert _digests(REPO / "datasets") == batch["datasets_before"], "a submission changed datasets/"
