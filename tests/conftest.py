"""Shared paths and helpers for the course's tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LESSONS = sorted((REPO / "course").glob("*.ipynb"))
SOLUTIONS = sorted((REPO / "solutions").glob("*/*.ipynb"))
EXERCISES = sorted((REPO / "exercises").glob("*/*.ipynb"))
ASSIGNMENTS = sorted(path.parent.name for path in SOLUTIONS)


def run_nbgrader(course_root: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run an nbgrader command in ``course_root`` (which holds its own nbgrader_config.py)."""
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=course_root, capture_output=True, text=True,
        timeout=timeout, env=dict(os.environ, PYTHONNOUSERSITE="1", PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])),
    )
    if result.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result

