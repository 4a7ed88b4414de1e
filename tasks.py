#!/usr/bin/env python3
"""The course's commands. Each one sets up a local environment first if needed.

    python3 tasks.py lab     open the course in JupyterLab, on the start page
    python3 tasks.py test    run the whole test suite (unit tests, every notebook, grading round trips)
    python3 tasks.py bench   time every notebook and `import utils`, print a table
    python3 tasks.py data    regenerate datasets/ from its generators
    python3 tasks.py sync    rewrite every notebook's set-up cell and badges from pyproject.toml

Extra arguments go to the underlying tool, e.g. `python3 tasks.py test -k registry`
or `python3 tasks.py lab --no-browser --port 8899`.

Set-up: a virtual environment in `.venv/` with `pip install -e .[lab,test]`, redone
whenever pyproject.toml changes. Only the standard library is used here, so this
file runs with any Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".course-installed"
START_PAGE = "course/00-start-here.ipynb"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment() -> Path:
    """Create .venv and install the course into it, unless it is already up to date."""
    if sys.version_info < (3, 11):
        sys.exit(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    python = venv_python()
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return python
    if not python.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing the course and its tools (first time only, a few minutes) ...", flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-e", f"{ROOT}[lab,test]"], check=True, cwd=ROOT)
    STAMP.write_text(wanted + "\n")
    return python


def run(python: Path, *args: str) -> int:
    # The venv's bin/ goes first on PATH: nbgrader runs `alembic` from there to create a gradebook.
    env = dict(os.environ, PYTHONNOUSERSITE="1", PATH=os.pathsep.join([str(python.parent), os.environ.get("PATH", "")]))
    return subprocess.run([str(python), *args], cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"lab", "test", "bench", "data", "sync"}:
        print(__doc__)
        return 2
    command, extra = argv[0], argv[1:]
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
    if command == "bench":
        return run(python, "tools/benchmark.py", *extra)
    if command == "data":
        return run(python, "datasets/build.py", *extra)
    return run(python, "tools/sync_notebooks.py", *extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
