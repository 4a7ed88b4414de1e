"""Committed notebooks are clean and follow the course's skeleton."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import EXERCISES, LESSONS, REPO, SOLUTIONS

ALL_NOTEBOOKS = LESSONS + SOLUTIONS + EXERCISES


def _ids(paths):
    return [path.relative_to(REPO).as_posix() for path in paths]


def test_notebooks_are_found():
    assert LESSONS and SOLUTIONS and EXERCISES


def dirty_reasons(notebook: dict) -> list[str]:
    """Why a notebook is not clean to commit (empty list if it is)."""
    reasons = []
    if "widgets" in notebook.get("metadata", {}):
        reasons.append("widget state in metadata.widgets")
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            reasons.append(f"cell {index} has outputs or an execution count")
    return reasons


def test_dirty_notebook_is_detected():
    dirty = {"metadata": {"widgets": {}}, "cells": [{"cell_type": "code", "outputs": [{"x": 1}], "execution_count": 3}]}
    assert len(dirty_reasons(dirty)) == 2


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_ids(ALL_NOTEBOOKS))
def test_notebook_is_stripped(path):
    reasons = dirty_reasons(json.loads(path.read_text(encoding="utf-8")))
    assert not reasons, f"{path.name}: {reasons}. Notebooks are built without outputs: run python3 tasks.py build"


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_lesson_follows_skeleton(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    text = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    for heading in (
        "In this lesson you will",
        "## Check your understanding",
        "<details>",
        "## Summary",
        "## Going further",
        "exercises/",
    ):
        assert heading in text, f"{path.name} lacks '{heading}' (see CONTRIBUTING.md, the lesson skeleton)"
    code = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
    assert "SEED = 0" in code, f"{path.name} must set SEED = 0 in its set-up cell"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_assignment_test_cells_follow_conventions(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    graded = [
        cell
        for cell in notebook["cells"]
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade") and cell["cell_type"] == "code"
    ]
    assert graded, f"{path.name} has no autograded test cells"
    for cell in graded:
        source = "".join(cell["source"]).strip()
        name = cell["metadata"]["nbgrader"]["grade_id"]
        assert source.startswith('"""'), f"{name}: a test cell opens with a one-line docstring saying what it checks"
        last = [line for line in source.splitlines() if line.strip() and not line.strip().startswith("#")][-1]
        assert not last.strip().replace(".", "").isdigit(), f"{name}: never end a test cell with a bare number"
    headings = [
        line
        for cell in notebook["cells"]
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if line.startswith("## Exercise")
    ]
    assert headings and all(
        line.rstrip().endswith("points)") or line.rstrip().endswith("point)") for line in headings
    ), headings


def test_every_notebook_is_built_from_its_text_source():
    """course/, solutions/, exercises/ and the README's badges are exactly what `tasks.py build` writes."""
    pytest.importorskip("nbgrader", reason="building exercises/ needs nbgrader: the main part checks this")
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "build_notebooks.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_ids(ALL_NOTEBOOKS))
def test_first_cell_is_the_colab_setup(path):
    first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
    assert first["cell_type"] == "code" and "".join(first["source"]).startswith("# Course set-up")


@pytest.mark.slow  # starts a kernel
def test_a_notebook_cell_that_writes_a_warning_fails(tmp_path):
    """The conftest hook fails an nbval cell whose stderr holds a warning, and passes a quiet one."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("import warnings\nprint('quiet')"),
        nbformat.v4.new_code_cell("warnings.warn('this API will change', FutureWarning)"),
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "noisy.ipynb"
    nbformat.write(notebook, path)
    shutil.copy(REPO / "tests" / "conftest.py", tmp_path / "conftest.py")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "--nbval-lax", "-v", str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert "Cell 0 PASSED" in result.stdout and "Cell 1 FAILED" in result.stdout, result.stdout[-3000:]
    assert "wrote a warning to stderr" in result.stdout and "FutureWarning" in result.stdout
