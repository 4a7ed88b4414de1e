"""The whole tree, notebook sources included, passes ruff's lint and format checks (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"])
def test_ruff_finds_nothing(command):
    result = subprocess.run([sys.executable, "-m", "ruff", *command], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, (
        f"ruff {' '.join(command)} found problems (fix them, or run `ruff format .` / `ruff check --fix .`):\n"
        + result.stdout[-4000:]
        + result.stderr[-2000:]
    )
