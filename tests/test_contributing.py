"""CONTRIBUTING.md's "Add a module" recipe, run exactly as written, gives a module the suite accepts.

The first step's command is read from CONTRIBUTING.md itself (so the recipe and the tools cannot
drift apart), run in a copy of this working tree, and the copy's own tests then check the new
module: its notebooks are built from its sources and pass ruff, the lesson follows the skeleton,
the lesson and the solution run (nbval), the grading round trip gives the solution full marks
and the untouched exercise zero, and its wrong-answer entries are all rejected (and the correct one accepted).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest

from conftest import REPO, copy_working_tree

pytestmark = pytest.mark.slow


def recipe_command() -> list[str]:
    """The command of step 1 of "## Add a module" in CONTRIBUTING.md."""
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## Add a module", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)\n\s*```", section, re.DOTALL)
    assert block, "CONTRIBUTING.md's 'Add a module' has no bash block for step 1"
    return shlex.split(block.group(1).strip())


def test_recipe_command_is_the_new_module_command():
    command = recipe_command()
    assert command[:3] == ["python3", "tasks.py", "new-module"] and len(command) == 5, command


def test_following_the_recipe_gives_a_module_the_suite_accepts():
    command = recipe_command()
    module = command[3]
    # Inside the repository (git-ignored build/): the grading sandbox hides /tmp from the kernel.
    copy = REPO / "build" / "contributing-recipe"
    shutil.rmtree(copy, ignore_errors=True)
    copy_working_tree(copy, exclude=("build/",))
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "COV_"))}
    env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), env.get("PATH", "")])
    try:
        # tasks.py would make a venv of its own in the copy: run the step's script in this environment.
        made = subprocess.run(
            [sys.executable, "tools/new_module.py", *command[3:]], cwd=copy, env=env, capture_output=True, text=True
        )
        assert made.returncode == 0, made.stdout + made.stderr
        for path in (
            f"sources/lessons/{module}.py",
            f"sources/assignments/{module}.py",
            f"course/{module}.ipynb",
            f"solutions/{module}/{module}.ipynb",
            f"exercises/{module}/{module}.ipynb",
        ):
            assert (copy / path).exists(), f"the recipe did not make {path}"
        assert f"| [{module}](course/{module}.ipynb) |" in (copy / "README.md").read_text(), "no module-map row"
        checks = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-v",
                "-p",
                "no:cacheprovider",
                "-p",
                "no:xdist",
                "tests/test_notebook_hygiene.py",
                "tests/test_lint.py",
                "tests/test_grading_roundtrip.py",
                f"course/{module}.ipynb",
                f"solutions/{module}/{module}.ipynb",
                "-k",
                f"{module} or built or ruff",
            ],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=1200,
        )
        wrong = subprocess.run(
            [sys.executable, "-m", "grading_tools", "wrong-answers", module],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert wrong.returncode == 0, (
            f"the recipe's wrong-answer entries fail:\n{wrong.stdout[-3000:]}{wrong.stderr[-2000:]}"
        )
        assert re.search(rf"{module}\s+\d+/\d+ \(\d+%\)\s+\d+/\d+ \(100%\)\s+\d+/\d+ \(100%\)", wrong.stdout), (
            wrong.stdout
        )
        summary = checks.stdout[-6000:] + checks.stderr[-2000:]
        assert checks.returncode == 0, f"the suite rejects the recipe's module:\n{summary}"
        for test in (
            f"test_round_trip[{module}]",
            f"test_lesson_follows_skeleton[course/{module}.ipynb]",
            f"test_assignment_test_cells_follow_conventions[solutions/{module}/{module}.ipynb]",
            "test_every_notebook_is_built_from_its_text_source",
            f"course/{module}::ipynb::Cell 0",  # (how nbval names a notebook's cells)
            f"solutions/{module}/{module}::ipynb::Cell 0",
        ):
            assert re.search(re.escape(test) + r".* PASSED", checks.stdout), f"{test} did not run and pass:\n{summary}"
        assert re.search(r"\d+ passed", checks.stdout.strip().splitlines()[-1]), summary
    finally:
        shutil.rmtree(copy, ignore_errors=True)
