"""Every notebook's first cell, run as Colab would run it, and as any other Jupyter would.

On "Colab" here: a stand-in ``google.colab`` module is imported first (Colab's kernel
imports the real one), a local git repository made from this working tree stands in for
GitHub (``COURSE_REPO``), ``/content`` is a temporary folder (``COURSE_DIR``), and the
Python is a throwaway environment that sees this environment's packages as if Colab had
preinstalled them. pip gets no index at all, so the install can only succeed by keeping
the preinstalled packages: if a range in pyproject.toml excluded them, pip would have to
download another version and the test fails. (Under ``tasks.py test-min`` the
"preinstalled" packages are the oldest supported versions; under ``tasks.py test-colab``,
Colab's own, tests/colab-runtime.txt.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
import venv
from pathlib import Path

import nbformat
import pytest

from conftest import EXERCISES, LESSONS, REPO, SOLUTIONS, copy_working_tree

NOTEBOOKS = LESSONS + SOLUTIONS + EXERCISES
STAND_IN = '"""Stand-in for Colab\'s google.colab module (tests/test_colab_setup.py)."""\n'


def _setup_cells() -> list[tuple[str, str]]:
    """(notebook path in the repo, its first cell's source) for every notebook."""
    return [
        (path.relative_to(REPO).as_posix(), nbformat.read(path, as_version=4).cells[0].source) for path in NOTEBOOKS
    ]


def _learner_folder(notebook: str) -> str:
    """Where a learner opens the notebook: solutions' student copies live in exercises/."""
    folder = notebook.rsplit("/", 1)[0]
    return "exercises" + folder.removeprefix("solutions") if folder.startswith("solutions") else folder


# What runs inside the simulated kernel: every notebook's set-up cell in turn, recording
# each command the cells start, then what a lesson's next cell would do with the course.
DRIVER = textwrap.dedent("""
    import json, os, subprocess, sys
    cells = json.load(open(sys.argv[1]))
    calls, real_run = [], subprocess.run
    def recording_run(args, *more, **options):
        calls.append([str(arg) for arg in args])
        return real_run(args, *more, **options)
    subprocess.run = recording_run
    if sys.argv[2] == "colab":
        import google.colab  # as Colab's kernel does at start-up
    start, path_before, cwds = os.getcwd(), list(sys.path), {}
    for notebook, source in cells:
        os.chdir(start)
        exec(compile(source, notebook, "exec"), {"__name__": "__main__"})
        cwds[notebook] = os.getcwd()
    report = {"calls": calls, "cwds": cwds, "start": start, "path_added": [p for p in sys.path if p not in path_before]}
    if sys.argv[2] == "colab":
        import utils
        from utils import data
        report["utils"] = utils.__file__
        report["rows"] = {name: len(data.load(name)) for name in data.list_datasets()}
    print(json.dumps(report))
""")


def _run_driver(python: Path, cells_file: Path, mode: str, cwd: Path, env: dict) -> dict:
    result = subprocess.run(
        [str(python), "-c", DRIVER, str(cells_file), mode],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"the set-up cells failed ({mode}):\n{result.stderr[-4000:]}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_notebook_starts_with_the_same_setup_cell():
    cells = _setup_cells()
    assert cells, "no notebooks found"
    folders = {cell.replace(f'"{_learner_folder(name)}"', '"<folder>"') for name, cell in cells}
    assert len(folders) == 1, "the set-up cells differ by more than their folder: run python3 tasks.py build"
    assert 'if "google.colab" in sys.modules:' in cells[0][1]


def test_setup_cell_does_nothing_outside_colab(tmp_path):
    cells_file = tmp_path / "cells.json"
    cells_file.write_text(json.dumps(_setup_cells()))
    env = dict(os.environ, COURSE_DIR=str(tmp_path / "never"), COURSE_REPO=str(tmp_path / "nowhere"))
    report = _run_driver(Path(sys.executable), cells_file, "jupyter", tmp_path, env)
    assert report["calls"] == [], f"outside Colab the set-up cell ran commands: {report['calls']}"
    assert set(report["cwds"].values()) == {report["start"]}, "outside Colab the set-up cell changed folder"
    assert report["path_added"] == [], f"outside Colab the set-up cell changed sys.path: {report['path_added']}"
    assert not (tmp_path / "never").exists()


def _snapshot_repository(destination: Path) -> None:
    """A git repository holding this working tree's files (committed or not, minus ignored ones)."""
    copy_working_tree(destination)
    git = [
        "git",
        "-c",
        "user.name=course-test",
        "-c",
        "user.email=course-test@example.invalid",
        "-c",
        "init.defaultBranch=main",
    ]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot for the Colab test"]):
        subprocess.run([*git, *command], cwd=destination, check=True, capture_output=True)


def _colab_like_python(where: Path) -> Path:
    """A fresh environment whose 'preinstalled' packages are this environment's (read-only to it)."""
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(where)
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site_dir = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    # Plain folder lines: this environment's own .pth files (its editable install of the
    # course, pointing at this checkout) are deliberately not processed.
    (site_dir / "colab_preinstalled.pth").write_text("\n".join(sorted(ours)) + "\n")
    return python


@pytest.mark.slow  # installs the course into a fresh environment
def test_setup_cell_installs_the_course_on_simulated_colab(tmp_path):
    origin, content = tmp_path / "github" / "course", tmp_path / "content"
    origin.mkdir(parents=True)
    _snapshot_repository(origin)
    python = _colab_like_python(tmp_path / "colab-python")
    stand_in = tmp_path / "stand-in"
    (stand_in / "google" / "colab").mkdir(parents=True)
    (stand_in / "google" / "__init__.py").write_text("")
    (stand_in / "google" / "colab" / "__init__.py").write_text(STAND_IN)
    cells = _setup_cells()
    cells_file = tmp_path / "cells.json"
    cells_file.write_text(json.dumps(cells))
    course_dir = content / "data-centric-ai"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(
        COURSE_DIR=str(course_dir),
        COURSE_REPO=f"file://{origin}",
        PYTHONPATH=str(stand_in),
        PYTHONNOUSERSITE="1",
        # No network: the install must make do with what is "preinstalled".
        PIP_CONFIG_FILE=os.devnull,
        PIP_NO_INDEX="1",
        PIP_NO_BUILD_ISOLATION="0",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    content.mkdir()
    before = _own_packages(python)

    report = _run_driver(python, cells_file, "colab", content, env)

    clones = [call for call in report["calls"] if call[:2] == ["git", "clone"]]
    installs = [call for call in report["calls"] if call[1:4] == ["-m", "pip", "install"]]
    assert len(clones) == 1 and len(installs) == 1, (
        f"expected one clone and one install for all notebooks, got {report['calls']}"
    )
    assert "--upgrade" not in installs[0] and "-U" not in installs[0], installs[0]
    assert installs[0][-2:] == ["-e", str(course_dir)], installs[0]
    for notebook, cwd in report["cwds"].items():
        assert cwd == str(course_dir / _learner_folder(notebook)), f"{notebook}: the set-up cell moved to {cwd}"
        assert (Path(cwd) / Path(notebook).name).exists(), f"{notebook}: not found in {cwd} of the clone"
    assert report["utils"].startswith(str(course_dir)), f"utils came from {report['utils']}, not the clone"
    assert report["rows"] and all(rows > 0 for rows in report["rows"].values()), report["rows"]
    added = sorted(set(_own_packages(python)) - set(before))
    assert [name for name, _ in added] == ["data-centric-ai-course"], (
        f"installing the course on Colab installed or upgraded {added}: it must keep Colab's packages"
    )

    # A restarted kernel finds the installed course without the set-up cell's sys.path entry.
    fresh = subprocess.run(
        [str(python), "-c", "import utils; print(utils.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert fresh.stdout.strip().startswith(str(course_dir)), fresh.stdout


def _own_packages(python: Path) -> list[tuple[str, str]]:
    """(name, version) of the distributions installed in ``python``'s own site-packages."""
    code = (
        "import importlib.metadata as m, json, sysconfig; site = sysconfig.get_paths()['purelib']; "
        "print(json.dumps(sorted({(d.metadata['Name'], d.version) for d in m.distributions(path=[site])})))"
    )
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True).stdout
    return [tuple(item) for item in json.loads(out)]
