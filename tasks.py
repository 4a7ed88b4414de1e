#!/usr/bin/env python3
"""The course's commands. Each one sets up a local environment first if needed.

    python3 tasks.py lab     open the course in JupyterLab, on the start page
    python3 tasks.py test    run the whole test suite (unit tests, every notebook, grading round trips)
    python3 tasks.py check   the quick loop while editing (lint, sources in sync, data, unit tests; < 90 s)
    python3 tasks.py build   build every notebook from its text source in sources/ (and exercises/ from solutions/)
    python3 tasks.py new-module NN-slug "Title"   start a module from templates (CONTRIBUTING.md, "Add a module")
    python3 tasks.py bench   time every notebook and `import utils`, print a table
    python3 tasks.py data    regenerate datasets/ from its generators
    python3 tasks.py site    execute every lesson and build a static HTML course in build/site/
    python3 tasks.py test-min  unit tests and every notebook on the oldest supported versions (as on Colab)

Extra arguments go to the underlying tool, e.g. `python3 tasks.py test -k registry`
or `python3 tasks.py lab --no-browser --port 8899`.

Set-up: a virtual environment in `.venv/` with `pip install -e .[lab,test]`, redone
whenever pyproject.toml changes. `test-min` uses a second one, `.venv-min/`, where every
runtime dependency is held to the release series of its lower bound in pyproject.toml
(`pandas>=2.2` -> `pandas==2.2.*`): the versions Colab learners may have. `test` runs
`test-min` too (tests/test_min_versions.py). Only the standard library is used here, so
this file runs with any Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".course-installed"
VENV_MIN = ROOT / ".venv-min"
# What `test-min` runs: the unit tests (not the slow server, browser and grading tests)
# and every notebook, found by folder like in the main suite.
MIN_TEST_ARGS = ("-m", "not slow", "-p", "no:cacheprovider", "tests", "course", "solutions")
START_PAGE = "course/00-start-here.ipynb"


def venv_python(where: Path = VENV) -> Path:
    return where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _install(where: Path, wanted: str, pip_args: list[str], what: str) -> Path:
    """Create the venv ``where`` and run ``pip install *pip_args`` in it, unless its stamp is ``wanted``."""
    if sys.version_info < (3, 11):  # noqa: UP036 (this file must explain itself on an older Python)
        sys.exit(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python, stamp = venv_python(where), where / ".course-installed"
    if python.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return python
    if not python.exists():
        print(f"Creating a virtual environment in {where} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(where)
    print(f"Installing {what} (first time only, a few minutes) ...", flush=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *pip_args], check=True, cwd=ROOT
    )
    stamp.write_text(wanted + "\n")
    return python


def ensure_environment() -> Path:
    """Create .venv and install the course into it, unless it is already up to date."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return _install(VENV, wanted, ["-e", f"{ROOT}[lab,test]"], "the course and its tools")


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


def ensure_min_environment() -> Path:
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
    )


def run(python: Path, *args: str) -> int:
    # The venv's bin/ goes first on PATH: nbgrader runs `alembic` from there to create a gradebook.
    env = dict(os.environ, PYTHONNOUSERSITE="1", PATH=os.pathsep.join([str(python.parent), os.environ.get("PATH", "")]))
    return subprocess.run([str(python), *args], cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"lab", "test", "check", "build", "new-module", "bench", "data", "site", "test-min"}:
        print(__doc__)
        return 2
    command, extra = argv[0], argv[1:]
    if command == "test-min":
        python = ensure_min_environment()
        names = [constraint.split("==")[0] for constraint in minimum_constraints()]
        show = "import importlib.metadata as m, sys; print('versions:', ', '.join(f'{n} {m.version(n)}' for n in sys.argv[1:]))"
        subprocess.run([str(python), "-c", show, *names], cwd=ROOT, check=True)
        return run(python, "-m", "pytest", *MIN_TEST_ARGS, *extra)
    python = ensure_environment()
    if command == "lab":
        as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []  # containers, CI
        return run(python, "-m", "jupyter", "lab", f"--ServerApp.root_dir={ROOT}", *as_root, *extra, START_PAGE)
    if command == "test":
        # One thread per numeric library: notebooks here are small, and on a busy 2-core machine
        # OpenMP/BLAS threads spinning against each other made a 10 s notebook take minutes.
        for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(variable, "1")
        # Both cores; --dist loadscope keeps each notebook (one nbval kernel) and each test file on one worker.
        parallel = [] if any(arg.startswith("-n") for arg in extra) else ["-n", "2", "--dist", "loadscope"]
        # pytest exits 5 when it collected no test: that is a failure here, never a pass.
        return run(python, "-m", "pytest", *parallel, *extra)
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
