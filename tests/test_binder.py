"""Binder: environment.yml installs what pyproject.toml says, and postBuild leaves learners
without nbgrader's instructor-only extensions and with the course's quiet JupyterLab defaults.

postBuild is run for real, in a throwaway environment that shares this environment's
packages but has its own copy of the Jupyter settings (``etc/jupyter``, ``share/jupyter``),
so the script's ``--sys-prefix`` changes land there and never in this environment.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest
import yaml
from packaging.specifiers import SpecifierSet

from conftest import REPO

INSTRUCTOR_ONLY = {
    "lab": {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:course-list"},
    "server": {"nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list"},
}
LEARNERS_KEEP = {
    "lab": {"@jupyter/nbgrader:validate-assignment", "@jupyter/nbgrader:assignment-list"},
    "server": {"nbgrader.server_extensions.validate_assignment", "nbgrader.server_extensions.assignment_list"},
}


def _pyproject() -> dict:
    with open(REPO / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)


def _environment() -> tuple[list[str], list[str]]:
    """(conda dependencies, pip dependencies) of environment.yml."""
    spec = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = [item for item in spec["dependencies"] if isinstance(item, str)]
    pip = next(item["pip"] for item in spec["dependencies"] if isinstance(item, dict) and "pip" in item)
    return conda, pip


def test_environment_yml_installs_the_course_and_repeats_no_version():
    """The floors live in pyproject.toml only: environment.yml installs the course with its `lab` extra."""
    project = _pyproject()["project"]
    conda, pip = _environment()
    assert pip == ["-e .[lab]"], (
        f"environment.yml's pip list must be exactly ['-e .[lab]'] (versions are written in pyproject.toml), got {pip}"
    )
    assert "lab" in project["optional-dependencies"]
    pythons = [item for item in conda if item.startswith("python")]
    assert len(pythons) == 1, f"pin exactly one python in environment.yml, found {pythons}"
    version = re.fullmatch(r"python\s*=+\s*([0-9.]+)\*?", pythons[0])
    assert version, f"pin python as python=3.X, found {pythons[0]!r}"
    assert SpecifierSet(project["requires-python"]).contains(version.group(1) + ".0"), (
        f"environment.yml's {pythons[0]} is outside requires-python {project['requires-python']}"
    )
    others = [item for item in conda if not item.startswith(("python", "pip"))]
    assert not others, f"conda packages {others} are not in pyproject.toml: list dependencies there"


def test_postbuild_is_executable_bash():
    script = REPO / "postBuild"
    assert script.exists(), "Binder needs postBuild at the repository root"
    assert script.stat().st_mode & stat.S_IXUSR, "postBuild must be executable (chmod +x postBuild)"
    tracked = subprocess.run(["git", "ls-files", "-s", "postBuild"], cwd=REPO, capture_output=True, text=True).stdout
    if tracked:  # what a clone gets: the mode git records
        assert tracked.startswith("100755"), (
            f"git records postBuild as {tracked.split()[0]}: git update-index --chmod=+x postBuild"
        )
    assert script.read_text().startswith("#!/usr/bin/env bash\n")
    syntax = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr


def test_readme_binder_badge_opens_the_start_page():
    url = _pyproject()["project"]["urls"]["Repository"].rstrip("/")
    owner_repo = url.split("github.com/", 1)[1]
    readme = (REPO / "README.md").read_text()
    assert f"https://mybinder.org/v2/gh/{owner_repo}/main?urlpath=lab/tree/course/00-start-here.ipynb" in readme


def _throwaway_jupyter(where: Path) -> Path:
    """An environment using this one's packages, with its own copy of the Jupyter settings."""
    venv.EnvBuilder(with_pip=False, symlinks=True).create(where)
    python = where / "bin" / "python"
    site_dir = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site_dir, "shared_packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    prefix = Path(sys.prefix)
    shutil.copytree(prefix / "etc" / "jupyter", where / "etc" / "jupyter")
    shutil.copytree(prefix / "share" / "jupyter", where / "share" / "jupyter")
    for script in (prefix / "bin").glob("jupyter*"):  # the same commands, run by the throwaway Python
        lines = script.read_text().splitlines(keepends=True)
        if lines and lines[0].startswith("#!"):
            (where / "bin" / script.name).write_text(f"#!{python}\n" + "".join(lines[1:]))
            (where / "bin" / script.name).chmod(0o755)
    return where


def _jupyter(env_dir: Path, env: dict, *args: str) -> str:
    result = subprocess.run(
        [str(env_dir / "bin" / "jupyter"), *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"jupyter {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)


@pytest.mark.slow
@pytest.mark.skipif(
    not (Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter" / "nbgrader").exists(),
    reason="nbgrader's lab extension is not installed here (the `lab` extra)",
)
def test_postbuild_disables_instructor_extensions_only(tmp_path):
    env_dir = _throwaway_jupyter(tmp_path / "binder-env")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("JUPYTER", "PYTHON", "VIRTUAL_ENV"))}
    env.update(
        PATH=os.pathsep.join([str(env_dir / "bin"), "/usr/bin", "/bin"]),
        JUPYTER_CONFIG_DIR=str(tmp_path / "home-jupyter"),
        PYTHONNOUSERSITE="1",
    )
    result = subprocess.run([str(REPO / "postBuild")], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"postBuild failed:\n{result.stdout}\n{result.stderr}"

    lab = _jupyter(env_dir, env, "labextension", "list")
    disabled = set(
        re.findall(r"^\s+(@jupyter/nbgrader:[a-z-]+)\s*$", lab.split("Disabled extensions:", 1)[-1], re.MULTILINE)
    )
    assert disabled == INSTRUCTOR_ONLY["lab"], f"disabled lab plugins: {disabled}\n{lab}"
    locked = re.search(r"plugins: ([^)]*) locked", lab)
    assert locked and set(re.findall(r"@jupyter/nbgrader:[a-z-]+", locked.group(1))) == INSTRUCTOR_ONLY["lab"], lab

    server = _jupyter(env_dir, env, "server", "extension", "list")
    states = dict(
        (name, state) for name, state in re.findall(r"(nbgrader\.server_extensions\.\w+) (enabled|disabled)", server)
    )
    assert {name for name, state in states.items() if state == "disabled"} == INSTRUCTOR_ONLY["server"], server
    assert all(states.get(name) == "enabled" for name in LEARNERS_KEEP["server"]), server
    assert not LEARNERS_KEEP["lab"] & disabled

    # The course's JupyterLab defaults, where that environment's JupyterLab reads them: no news prompt.
    read_back = (
        "import json, os; from jupyterlab.commands import get_app_dir; "
        "from jupyterlab_server.settings_utils import _get_overrides; "
        "print(json.dumps(_get_overrides(os.path.join(get_app_dir(), 'settings'))))"
    )
    result = subprocess.run([str(env_dir / "bin" / "python"), "-c", read_back], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    overrides, error = json.loads(result.stdout)
    assert not error, f"JupyterLab could not read the course's overrides: {error}"
    assert overrides.get("@jupyterlab/apputils-extension:notification") == {
        "fetchNews": "false",
        "checkForUpdates": False,
    }, f"after postBuild, Binder's JupyterLab would still ask about Jupyter news: overrides {overrides}"
