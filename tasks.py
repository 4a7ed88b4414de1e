#!/usr/bin/env python3
"""The course's commands. Each one sets up a local environment first if needed.

    python3 tasks.py lab       open the course in JupyterLab, on the start page
    python3 tasks.py progress  your exercises at a glance: attempted, visible tests passing, what to do next
    python3 tasks.py check     the quick loop while editing (lint, sources in sync, data, unit tests; < 90 s)
    python3 tasks.py test      the whole test suite: its three parts below, side by side, and one summary
    python3 tasks.py test-main   part 1: unit, server, browser and grading tests and every notebook (.venv)
    python3 tasks.py test-min    part 2: unit tests and every notebook on the oldest supported versions
    python3 tasks.py test-colab  part 3: unit tests and every notebook on a replica of Google Colab
    python3 tasks.py build     build every notebook from its text source in sources/ (and exercises/ from solutions/)
    python3 tasks.py new-module NN-slug "Title"   start a module from templates (CONTRIBUTING.md, "Add a module")
    python3 tasks.py bench     time every notebook and `import utils`, print a table
    python3 tasks.py data      regenerate datasets/ from its generators
    python3 tasks.py site      execute every lesson and build a static HTML course in build/site/

Extra arguments go to the underlying tool, e.g. `python3 tasks.py test -k registry` (to the
main part; the other parts run in full) or `python3 tasks.py lab --no-browser --port 8899`.

Set-up: a virtual environment in `.venv/` with `pip install -e .[lab,test]`, redone
whenever pyproject.toml changes. `test-min` uses a second one, `.venv-min/`, where every
runtime dependency is held to the release series of its lower bound in pyproject.toml
(`pandas>=2.2` -> `pandas==2.2.*`). `test-colab` uses `.venv-colab/`: Colab's Python with
exactly Colab's preinstalled versions (tests/colab-runtime.txt) and the course installed on
top as the notebooks' set-up cell does it (tools/colab_replica.py). `test` runs the three as
separate pytest runs (tools/suite.py), logs in build/test-logs/. Only the standard library
is used here, so this file runs with any Python 3.11+.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import venv
from pathlib import Path

from tools import colab_replica, suite

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".course-installed"
VENV_MIN = ROOT / ".venv-min"
# What the min and Colab parts run: the unit tests (not the slow server, browser and grading
# tests) and every notebook, found by folder like in the main part, each kernel in the part's
# own environment.
NOTEBOOKS_AND_UNIT_TESTS = (
    "-m",
    "not slow",
    "-p",
    "no:cacheprovider",
    "--nbval-current-env",
    "tests",
    "course",
    "solutions",
)
START_PAGE = "course/00-start-here.ipynb"
# JupyterLab setting defaults the course ships (no "Jupyter news" prompt, no update check):
# the lab command and Binder's postBuild put them in the environment's JupyterLab.
LAB_OVERRIDES = ROOT / "tools" / "jupyterlab-overrides.json5"


def venv_python(where: Path = VENV) -> Path:
    return where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _install(where: Path, wanted: str, pip_args: list[str], what: str, output=None) -> Path:
    """Create the venv ``where`` and run ``pip install *pip_args`` in it, unless its stamp is ``wanted``.

    ``output``: a file for pip's output (the test suite's logs); the terminal by default.
    """
    if sys.version_info < (3, 11):  # noqa: UP036 (this file must explain itself on an older Python)
        sys.exit(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python, stamp = venv_python(where), where / ".course-installed"
    if python.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return python
    if not python.exists():
        print(f"Creating a virtual environment in {where} ...", file=output or sys.stdout, flush=True)
        venv.EnvBuilder(with_pip=True).create(where)
    print(f"Installing {what} (first time only, a few minutes) ...", file=output or sys.stdout, flush=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *pip_args],
        check=True,
        cwd=ROOT,
        stdout=output,
        stderr=subprocess.STDOUT if output is not None else None,
    )
    stamp.write_text(wanted + "\n")
    return python


def ensure_environment(output=None) -> Path:
    """Create .venv and install the course into it, unless it is already up to date."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return _install(VENV, wanted, ["-e", f"{ROOT}[lab,test]"], "the course and its tools", output)


def minimum_constraints() -> list[str]:
    """Pip constraints holding each runtime dependency to the release series of its lower bound.

    ``pandas>=2.2`` becomes ``pandas==2.2.*`` (the newest 2.2.x), ``cleanlab[datalab]>=2.8,<3``
    becomes ``cleanlab==2.8.*``. Every runtime dependency must have a ``>=`` lower bound.
    """
    with open(ROOT / "pyproject.toml", "rb") as handle:
        dependencies = tomllib.load(handle)["project"]["dependencies"]
    constraints = []
    for requirement in dependencies:
        name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement).group(1)
        lower = re.search(r">=\s*([0-9]+(?:\.[0-9]+)*)", requirement)
        if lower is None:
            sys.exit(
                f"pyproject.toml: the runtime dependency {requirement!r} needs a lower bound (>=) "
                "so that test-min knows which oldest version to test."
            )
        constraints.append(f"{name}=={lower.group(1)}.*")
    return constraints


def ensure_min_environment(output=None) -> Path:
    """Create .venv-min: the course with its runtime dependencies at their oldest supported series."""
    constraints = minimum_constraints()
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + "\n".join(constraints).encode()).hexdigest()
    VENV_MIN.mkdir(exist_ok=True)
    constraints_file = VENV_MIN / "constraints.txt"
    constraints_file.write_text("\n".join(constraints) + "\n")
    # ipykernel runs the notebooks; the lab extra (JupyterLab, nbgrader) is not what Colab has.
    return _install(
        VENV_MIN,
        wanted,
        ["-c", str(constraints_file), "-e", f"{ROOT}[test]", "ipykernel"],
        "the course at its oldest supported versions (" + ", ".join(constraints) + ")",
        output,
    )


def describe_min_environment(python: Path) -> str:
    """The versions in .venv-min, checked: each runtime dependency in the series of its lower bound."""
    wanted = dict(constraint.removesuffix(".*").split("==") for constraint in minimum_constraints())
    show = "import importlib.metadata as m, json, sys; print(json.dumps({n: m.version(n) for n in sys.argv[1:]}))"
    have = json.loads(
        subprocess.run([str(python), "-c", show, *wanted], capture_output=True, text=True, check=True).stdout
    )
    wrong = [
        f"{name} {have[name]} (wanted {series}.*)"
        for name, series in wanted.items()
        if not (have[name] + ".").startswith(series + ".")
    ]
    if wrong:
        raise RuntimeError(f".venv-min does not hold the oldest supported versions: {', '.join(wrong)}; delete it")
    return "versions: " + ", ".join(f"{name} {version}" for name, version in have.items())


def install_lab_overrides(python: Path) -> Path:
    """Put the course's JupyterLab setting defaults into the JupyterLab of ``python``'s environment.

    They go to ``<JupyterLab app dir>/settings/overrides.d/`` (the environment's own, made by
    this file; never the user's ~/.jupyter), where JupyterLab reads packages' defaults.
    """
    ask = "from jupyterlab.commands import get_app_dir; print(get_app_dir())"
    app_dir = subprocess.run([str(python), "-c", ask], capture_output=True, text=True, check=True).stdout.strip()
    target = Path(app_dir) / "settings" / "overrides.d" / "data-centric-ai-course.json5"
    if not target.exists() or target.read_bytes() != LAB_OVERRIDES.read_bytes():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}")  # a JupyterLab starting now never reads half a file
        shutil.copyfile(LAB_OVERRIDES, partial)
        os.replace(partial, target)
    return target


def test_parts(extra: list[str], alone: bool = False) -> dict[str, suite.Part]:
    """The parts of the full suite; ``extra`` (pytest arguments) goes to the main part.

    In the full run the min and Colab parts run beside the main one, one process each at a low
    CPU priority (nice +10): they use the time the main part's servers and browser leave idle
    and get both cores when it is done. Starved of CPU, a notebook cell may take longer there,
    so its time-out is longer. ``alone``: a part run by itself uses both cores.
    """
    # each notebook (one nbval kernel) and test file on one worker, in the order tests/conftest.py gives
    # (slow tests first; xdist would otherwise start the files with the most tests first)
    both_cores = ["-n", "2", "--dist", "loadscope", "--no-loadscope-reorder"]
    main_args = extra if any(arg.startswith(("-n", "--numprocesses")) for arg in extra) else [*both_cores, *extra]
    beside = both_cores if alone else ["--nbval-cell-timeout=600"]
    nice = 0 if alone else 10

    def colab_environment(output) -> Path:
        try:
            return colab_replica.ensure_environment(output)
        except colab_replica.NoPython as reason:
            raise suite.Skip(str(reason)) from None

    return {
        "main": suite.Part(
            "main",
            "unit, server, browser and grading tests, every notebook (.venv)",
            lambda output: ensure_environment(output),
            ["--durations=15", *main_args],
        ),
        "min": suite.Part(
            "min",
            "unit tests and every notebook, oldest supported versions (.venv-min)",
            lambda output: ensure_min_environment(output),
            [*NOTEBOOKS_AND_UNIT_TESTS, *beside],
            nice=nice,
            describe=describe_min_environment,
        ),
        "colab": suite.Part(
            "colab",
            "unit tests and every notebook, Colab replica (.venv-colab)",
            colab_environment,
            [*NOTEBOOKS_AND_UNIT_TESTS, *beside],
            nice=nice,
            describe=colab_replica.describe,
        ),
    }


def run(python: Path, *args: str) -> int:
    # The venv's bin/ goes first on PATH: nbgrader runs `alembic` from there to create a gradebook.
    env = dict(os.environ, PYTHONNOUSERSITE="1", PATH=os.pathsep.join([str(python.parent), os.environ.get("PATH", "")]))
    return subprocess.run([str(python), *args], cwd=ROOT, env=env).returncode


COMMANDS = {
    "lab",
    "progress",
    "check",
    "test",
    "test-main",
    "test-min",
    "test-colab",
    "build",
    "new-module",
    "bench",
    "data",
    "site",
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    command, extra = argv[0], argv[1:]
    strict = os.environ.get("CI", "").lower() == "true"  # under CI every part must run: a skip fails
    if command == "test":
        # Separate pytest runs side by side; pytest's exit code 5 (no test collected) fails a part.
        return suite.run_parts(list(test_parts(extra).values()), strict_skips=strict)
    if command.startswith("test-"):
        part = test_parts(extra if command == "test-main" else [], alone=True)[command.removeprefix("test-")]
        if command != "test-main":
            part.pytest_args += extra
        return suite.run_parts([part], strict_skips=strict)
    python = ensure_environment()
    if command == "lab":
        install_lab_overrides(python)
        as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []  # containers, CI
        return run(python, "-m", "jupyter", "lab", f"--ServerApp.root_dir={ROOT}", *as_root, *extra, START_PAGE)
    if command == "progress":
        return run(python, "tools/progress.py", *extra)
    if command == "check":
        # The edit loop: no notebook is executed and no server started (the full suite does that).
        started = time.monotonic()
        code = (
            run(python, "-m", "ruff", "check", ".")
            or run(python, "-m", "ruff", "format", "--check", ".")
            or run(python, "-m", "pytest", "-m", "not slow", "-n", "2", "-p", "no:cacheprovider", "tests", *extra)
        )
        print(f"check: {'passed' if code == 0 else 'FAILED'} in {time.monotonic() - started:.0f} s")
        return code
    if command == "build":
        return run(python, "tools/build_notebooks.py", *extra)
    if command == "new-module":
        return run(python, "tools/new_module.py", *extra)
    if command == "bench":
        return run(python, "tools/benchmark.py", *extra)
    if command == "data":
        return run(python, "datasets/build.py", *extra)
    return run(python, "tools/build_site.py", *extra)  # site


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
