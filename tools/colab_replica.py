"""The Colab replica: the course as a learner on today's Google Colab gets it.

An environment, ``.venv-colab/``, on Colab's Python (3.13) holding exactly the versions
Colab preinstalls (``tests/colab-runtime.txt``), then the course installed on top exactly
as the notebooks' set-up cell does it (``pip install --quiet -e <course>``). Colab's packages
must survive that install: if pip would upgrade or downgrade any of them, the set-up fails
and says which (a range in pyproject.toml then excludes Colab's version). pytest and nbval
are added last, held to the same versions. ``python3 tasks.py test-colab`` then runs the
unit tests and every lesson and solution notebook there.

Standard library only: tasks.py imports this before any environment exists.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "tests" / "colab-runtime.txt"
VENV_COLAB = ROOT / ".venv-colab"
# Where a Python of the right series may be, besides PATH: pyenv's versions, Debian's and
# a source build's interpreter. COURSE_COLAB_PYTHON names one explicitly.
SYSTEM_PLACES = ("/usr/bin", "/usr/local/bin")
# Bump when the way the environment is made changes, so existing ones are remade.
RECIPE = "colab-replica 1"


class NoPython(Exception):
    """No interpreter of Colab's Python series exists on this machine."""


class PreinstalledChanged(Exception):
    """Installing the course would change (or changed) a package Colab preinstalls."""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime() -> tuple[str, dict[str, str]]:
    """Colab's Python series (``"3.13"``) and preinstalled versions (canonical name -> version)."""
    text = RUNTIME.read_text()
    python = re.search(r"^#\s*python:\s*([0-9]+\.[0-9]+)\s*$", text, re.MULTILINE)
    if python is None:
        raise ValueError(f"{RUNTIME.relative_to(ROOT)}: no '# python: 3.X' line saying which Python Colab runs")
    pins = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][A-Za-z0-9.+!-]*)", line)
        if match is None:
            raise ValueError(
                f"{RUNTIME.relative_to(ROOT)}, line {number}: {line!r} is not an exact pin (name==version)"
            )
        pins[canonical(match.group(1))] = match.group(2)
    return python.group(1), pins


def _pyenv_pythons(series: str) -> list[Path]:
    roots = [os.environ.get("PYENV_ROOT", ""), str(Path.home() / ".pyenv")]
    found = []
    for root in filter(None, dict.fromkeys(roots)):
        versions = Path(root) / "versions"
        if not versions.is_dir():
            continue
        # the newest patch release first: 3.13.10 before 3.13.9
        for folder in sorted(
            versions.glob(f"{series}.*"),
            key=lambda path: [int(part) if part.isdigit() else -1 for part in path.name.split(".")],
            reverse=True,
        ):
            found.append(folder / "bin" / f"python{series}")
    return found


def find_python(series: str) -> Path:
    """An interpreter of the Python series ``series`` that can make virtual environments.

    Looks at ``$COURSE_COLAB_PYTHON``, pyenv's versions, ``python3.X`` on PATH and in
    /usr/bin and /usr/local/bin (Debian's package). Raises NoPython saying where it looked.
    """
    named = os.environ.get("COURSE_COLAB_PYTHON")
    candidates = [Path(named)] if named else []
    candidates += _pyenv_pythons(series)
    on_path = shutil.which(f"python{series}")
    candidates += [Path(on_path)] if on_path else []
    candidates += [Path(place) / f"python{series}" for place in SYSTEM_PLACES]
    tried = []
    probe = "import sys, venv, ensurepip; print('%d.%d' % sys.version_info[:2])"
    for candidate in dict.fromkeys(candidates):
        if not candidate.exists():
            continue
        result = subprocess.run([str(candidate), "-c", probe], capture_output=True, text=True)
        if result.returncode == 0 and result.stdout.strip() == series:
            return candidate
        problem = (result.stderr.strip().splitlines() or [f"Python {result.stdout.strip()}"])[-1]
        if "ensurepip" in problem:
            problem += f" (Debian: apt-get install python{series}-venv)"
        tried.append(f"{candidate}: {problem}")
    raise NoPython(
        f"no usable Python {series} found (Colab runs {series}). Looked at $COURSE_COLAB_PYTHON, pyenv's "
        f"versions/{series}.*, python{series} on PATH, /usr/bin and /usr/local/bin"
        + (": " + "; ".join(tried) if tried else ", and found none.")
        + f" Install one (pyenv install {series}, or apt-get install python{series} python{series}-venv"
        " on Debian 13) or set COURSE_COLAB_PYTHON to its path."
    )


def venv_python(where: Path = VENV_COLAB) -> Path:
    return where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def installed(python: Path) -> dict[str, str]:
    """Canonical name -> version of every distribution ``python`` sees."""
    code = (
        "import importlib.metadata as m, json; "
        "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))"
    )
    # -I: not the current folder (a course checkout holds an .egg-info that would count as installed)
    out = subprocess.run([str(python), "-I", "-c", code], capture_output=True, text=True, check=True).stdout
    return {canonical(name): version for name, version in json.loads(out).items()}


def differences(wanted: dict[str, str], have: dict[str, str]) -> list[str]:
    """``name wanted -> have`` for each package of ``wanted`` whose version differs in ``have``."""
    return [
        f"{name} {version} -> {have.get(name, 'missing')}"
        for name, version in sorted(wanted.items())
        if have.get(name) != version
    ]


def test_requirements() -> list[str]:
    """pyproject.toml's `test` extra: pytest, nbval and the rest of what the unit tests use."""
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["optional-dependencies"]["test"]


def _pip(python: Path, args: list[str], output) -> None:
    subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", *args],
        cwd=ROOT,
        stdout=output,
        stderr=subprocess.STDOUT if output is not None else None,
        check=True,
    )


def planned_changes(preinstalled: dict[str, str], planned: list[dict]) -> list[str]:
    """``name old -> new`` for each package of pip's plan (``--report``'s "install" list) that is preinstalled."""
    changes = []
    for item in planned:
        name, version = canonical(item["metadata"]["name"]), item["metadata"]["version"]
        if name in preinstalled:
            changes.append(f"{name} {preinstalled[name]} -> {version}")
    return changes


def _check_course_install_keeps(python: Path, preinstalled: dict[str, str], output) -> None:
    """Ask pip what installing the course would install; fail if that touches a preinstalled package."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        _pip(python, ["install", "--quiet", "--dry-run", "--report", str(report), "-e", str(ROOT)], output)
        planned = json.loads(report.read_text())["install"]
    if changes := planned_changes(preinstalled, planned):
        raise PreinstalledChanged(
            "installing the course as the Colab set-up cell does (pip install -e) would change packages Colab "
            f"preinstalls: {', '.join(changes)}. Colab learners would lose the versions they were given: widen "
            "the range in pyproject.toml so that Colab's version is accepted."
        )


def ensure_environment(output=None) -> Path:
    """Make ``.venv-colab`` (unless it is up to date) and return its Python.

    ``output`` (a file) receives pip's output. Raises NoPython, PreinstalledChanged or
    subprocess.CalledProcessError.
    """
    series, pins = runtime()
    python = venv_python()
    wanted = hashlib.sha256(
        b"\n".join([RECIPE.encode(), (ROOT / "pyproject.toml").read_bytes(), RUNTIME.read_bytes()])
    ).hexdigest()
    stamp = VENV_COLAB / ".course-installed"
    if python.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return python
    interpreter = find_python(series)

    def say(text: str) -> None:
        print(text, file=output or sys.stdout, flush=True)

    # A stale replica is removed, not updated: Colab starts from its own packages, not from ours.
    if VENV_COLAB.exists():
        shutil.rmtree(VENV_COLAB)
    say(f"Creating the Colab replica in {VENV_COLAB.name}/ with {interpreter} ...")
    subprocess.run([str(interpreter), "-m", "venv", str(VENV_COLAB)], check=True, stdout=output, stderr=output)
    say(f"Installing Colab's preinstalled packages ({RUNTIME.relative_to(ROOT)}) ...")
    _pip(python, ["install", "--quiet", "-r", str(RUNTIME)], output)
    preinstalled = installed(python)
    if problems := differences(pins, preinstalled):
        raise PreinstalledChanged(f"the replica does not hold Colab's versions: {', '.join(problems)}")
    say("Installing the course as the notebooks' set-up cell does (pip install -e) ...")
    _check_course_install_keeps(python, preinstalled, output)
    _pip(python, ["install", "--quiet", "-e", str(ROOT)], output)  # the set-up cell's own command
    if problems := differences(preinstalled, installed(python)):
        raise PreinstalledChanged(f"installing the course changed Colab's packages: {', '.join(problems)}")
    say("Adding the test tools (pytest, nbval, ...) without changing Colab's versions ...")
    _pip(python, ["install", "--quiet", "-c", str(RUNTIME), *test_requirements()], output)
    if problems := differences(pins, installed(python)):
        raise PreinstalledChanged(f"adding the test tools changed Colab's packages: {', '.join(problems)}")
    stamp.write_text(wanted + "\n")
    return python


def describe(python: Path) -> str:
    """One line for the test log: the replica's Python and Colab's packages in it, checked again."""
    series, pins = runtime()
    have = installed(python)
    if problems := differences(pins, have):
        raise PreinstalledChanged(
            f"{VENV_COLAB.name}/ no longer holds Colab's versions ({', '.join(problems)}): delete it and run again"
        )
    version = subprocess.run(
        [str(python), "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not version.startswith(series + "."):
        raise PreinstalledChanged(f"{VENV_COLAB.name}/ runs Python {version}, not Colab's {series}: delete it")
    return f"Python {version}; " + ", ".join(f"{name} {have[name]}" for name in pins)
