"""The course on its oldest supported versions, as Colab learners may have them.

Runs ``python3 tasks.py test-min``: a second environment, ``.venv-min/`` (git-ignored,
made once and reused until pyproject.toml changes), where every runtime dependency is held
to the release series of its lower bound in pyproject.toml (pandas 2.2, ipywidgets 7.7,
scikit-learn 1.4, matplotlib 3.8, numpy 1.26, ...), and there the unit tests and every
notebook in course/ and solutions/. Newer versions can hide errors (an API that only
exists since, a changed default); this is where they show.

Set ``COURSE_TEST_MIN=0`` to skip it locally (pytest's summary then says so); CI runs it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow


def test_unit_tests_and_every_notebook_pass_on_the_oldest_supported_versions():
    if os.environ.get("COURSE_TEST_MIN") == "0":
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("COURSE_TEST_MIN=0 under CI: the minimum-versions run must not be skipped there")
        pytest.skip("COURSE_TEST_MIN=0: the minimum-versions environment (.venv-min) did NOT run")
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "VIRTUAL_ENV", "PYTHONPATH"))
    }
    # Two notebooks at a time, each whole notebook on one worker (nbval runs its cells in order).
    result = subprocess.run(
        [sys.executable, str(REPO / "tasks.py"), "test-min", "-q", "-n", "2", "--dist", "loadfile"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=3000,
    )
    output = "\n".join(
        line for line in (result.stdout + result.stderr).splitlines() if not line.startswith("WARNING: Location")
    )
    assert result.returncode == 0, f"python3 tasks.py test-min failed ({result.returncode}):\n{output[-6000:]}"
    versions = next((line for line in output.splitlines() if line.startswith("versions:")), "")
    sys.path.insert(0, str(REPO))
    try:
        import tasks
    finally:
        sys.path.remove(str(REPO))
    # Each runtime dependency at its lower bound's series, and Colab's pandas and ipywidgets among them.
    expected = [constraint.replace("==", " ").rstrip("*") for constraint in tasks.minimum_constraints()]
    for wanted in [*expected, "pandas 2.2.", "ipywidgets 7.7."]:
        assert wanted in versions, f"the minimum-versions environment has {versions!r}, expected {wanted}*"
