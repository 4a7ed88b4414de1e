"""Shared paths and helpers for the course's tests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LESSONS = sorted((REPO / "course").glob("*.ipynb"))
SOLUTIONS = sorted((REPO / "solutions").glob("*/*.ipynb"))
EXERCISES = sorted((REPO / "exercises").glob("*/*.ipynb"))
ASSIGNMENTS = sorted(path.parent.name for path in SOLUTIONS)


def run_nbgrader(
    course_root: Path, *args: str, timeout: int = 600, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run an nbgrader command in ``course_root`` (which holds its own nbgrader_config.py); ``env``: more variables."""
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course_root,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(
            os.environ,
            PYTHONNOUSERSITE="1",
            PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
            **(env or {}),
        ),
    )
    if result.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result


def _grading_sandbox_status() -> str:
    """Decide how this test run autogrades, and say so in pytest's header.

    The round-trip tests grade the course's own notebooks (trusted code). In CI, bubblewrap is
    installed and every autograde runs sandboxed; on a machine where it cannot run (macOS, a
    container without user namespaces) the suite opts out of the sandbox instead of failing,
    and the sandbox's own tests say they were skipped.
    """
    try:
        from grading_tools import sandbox
    except ImportError:  # the minimum-versions environment has no nbgrader and runs no grading test
        return "grading sandbox: not applicable (nbgrader is not installed in this environment)"

    usable, why, _ = sandbox.probe()
    if usable:
        return "grading sandbox: bubblewrap"
    if os.environ.get("CI") == "true":
        return f"grading sandbox: NOT usable in CI ({why}); sandboxed tests will fail"
    os.environ.setdefault(sandbox.SWITCH_ENV, "off")
    return f"grading sandbox: off for this run ({why}); install bubblewrap to test it"


SANDBOX_STATUS = _grading_sandbox_status()


def pytest_report_header(config):
    return SANDBOX_STATUS


def pytest_terminal_summary(terminalreporter):
    """The wrong-answer suite's figures (tests/test_wrong_answers.py), when it ran."""
    module = sys.modules.get("test_wrong_answers")
    results = getattr(module, "RESULTS", None)
    if results:
        from grading_tools.wrong_answers import problems_text, summary_table

        terminalreporter.section("wrong-answer suite (tests/wrong_answers/)")
        for line in summary_table(results).splitlines():
            terminalreporter.write_line(line)
        problems = problems_text(results)
        for line in problems.splitlines():
            terminalreporter.write_line(line)


def copy_working_tree(destination: Path, exclude: tuple[str, ...] = ()) -> None:
    """Copy the files a clone of this working tree would have (tracked and new, not ignored) into
    ``destination``, except names starting with one of ``exclude``. Outside a git checkout (an
    unpacked archive): everything but local state."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO, capture_output=True
    )
    if listed.returncode != 0:
        ignore = shutil.ignore_patterns(".git", ".venv*", ".cache", "grading", "build", "__pycache__", "*.egg-info")
        shutil.copytree(REPO, destination, ignore=ignore, dirs_exist_ok=True)
        return
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = REPO / name
        if source.is_file() and not (exclude and name.startswith(exclude)):
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)


REPORTS = Path(os.environ.get("COURSE_TEST_REPORTS", REPO / "build" / "test-logs"))
# Tests that share no fixture beyond the function: xdist may run them on different workers
SPREAD = ("tests/test_grading_roundtrip.py::test_round_trip[",)


def write_report(name: str, text: str) -> Path:
    """Keep a table a test computed (the hostile-submission scores, the wrong-answer figures) in
    build/test-logs/, beside the suite's logs: pytest hides a passing test's output, and under xdist
    the terminal summary cannot see the workers' results."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    path = REPORTS / f"{name}.txt"
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    return path


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown to runs without it (-p no:xdist)
def pytest_xdist_make_scheduler(config, log):
    """xdist's loadscope, except that the grading round trips (SPREAD) are scheduled one by one:
    as one module they would run one after another on a single worker for many minutes."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SpreadRoundTrips(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return nodeid if nodeid.startswith(SPREAD) else super()._split_scope(nodeid)

    return SpreadRoundTrips(config, log)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Slow tests first: xdist (``-n 2 --dist loadscope --no-loadscope-reorder``, tasks.py) hands out
    test files and notebooks in this order, so the long grading and server tests start early instead of leaving one core idle
    at the end. The sort is stable: the cells of a notebook keep their order."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A notebook cell (nbval) that writes a warning to stderr fails, deprecations included.

    Learners read every line a lesson prints; a warning there is either noise to remove or a change
    a future library version will break. Fix the cause (or, for a warning a library raises that the
    lesson cannot avoid, catch it in the cell with ``warnings.catch_warnings`` and say why).
    """
    result = yield
    outputs = getattr(item, "test_outputs", None) or []
    stderr = "".join(
        output.get("text", "")
        for output in outputs
        if output.get("output_type") == "stream" and output.get("name") == "stderr"
    )
    if re.search(r"warn", stderr, re.IGNORECASE):
        raise AssertionError(f"{item.name} wrote a warning to stderr:\n{stderr[-3000:]}")
    return result
