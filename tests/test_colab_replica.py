"""The Colab replica's recipe (tools/colab_replica.py, tests/colab-runtime.txt), checked offline.

The replica itself runs as a part of the full suite (`python3 tasks.py test-colab`); these
tests check, in seconds, what it is built from: the pinned runtime file, the ranges of
pyproject.toml against Colab's versions, how pip's plan is read, and how Python 3.13 is found.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO

sys.path.insert(0, str(REPO))
try:
    from tools import colab_replica
finally:
    sys.path.remove(str(REPO))


def test_runtime_file_pins_exact_versions_and_says_its_python_and_source():
    series, pins = colab_replica.runtime()
    assert series.startswith("3.") and series.count(".") == 1, series
    assert {"numpy", "pandas", "scikit-learn", "matplotlib", "ipywidgets", "ipykernel", "ipython"} <= set(pins), pins
    assert "cleanlab" not in pins, "cleanlab is not preinstalled on Colab: the set-up cell installs it"
    header = colab_replica.RUNTIME.read_text().split("\n\n")[0]
    assert "github.com/googlecolab/backend-info" in header and "20" in header, (
        "say where the versions come from, and when"
    )


def test_colabs_versions_are_inside_the_course_ranges():
    """The fast form of the replica's check: pip keeps a preinstalled package only if it fits the range."""
    _, pins = colab_replica.runtime()
    with open(REPO / "pyproject.toml", "rb") as handle:
        dependencies = [Requirement(text) for text in tomllib.load(handle)["project"]["dependencies"]]
    outside = [
        f"{requirement} excludes Colab's {pins[canonicalize_name(requirement.name)]}"
        for requirement in dependencies
        if canonicalize_name(requirement.name) in pins
        and not requirement.specifier.contains(pins[canonicalize_name(requirement.name)], prereleases=True)
    ]
    assert not outside, "installing the course on Colab would replace Colab's packages: " + "; ".join(outside)


def test_a_planned_change_to_a_preinstalled_package_is_refused():
    preinstalled = {"numpy": "2.1.3", "pandas": "2.2.3"}
    keeps = [{"metadata": {"name": "data-centric-ai-course", "version": "0.1.0"}}, _planned("cleanlab", "2.9.0")]
    assert colab_replica.planned_changes(preinstalled, keeps) == []
    upgrade = [*keeps, _planned("NumPy", "2.3.4")]
    assert colab_replica.planned_changes(preinstalled, upgrade) == ["numpy 2.1.3 -> 2.3.4"]


def _planned(name: str, version: str) -> dict:
    """One entry of the "install" list of pip's --report."""
    return {"metadata": {"name": name, "version": version}}


def test_differences_name_each_changed_or_missing_package():
    assert colab_replica.differences({"numpy": "2.1.3"}, {"numpy": "2.1.3", "extra": "1"}) == []
    assert colab_replica.differences({"numpy": "2.1.3", "tqdm": "4.67.3"}, {"numpy": "2.2.0"}) == [
        "numpy 2.1.3 -> 2.2.0",
        "tqdm 4.67.3 -> missing",
    ]


@pytest.fixture
def nowhere(tmp_path, monkeypatch):
    """A machine without pyenv, without python3.X on PATH or in the system folders."""
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.delenv("COURSE_COLAB_PYTHON", raising=False)
    monkeypatch.setattr(colab_replica, "SYSTEM_PLACES", ())
    return tmp_path


def test_without_python_313_the_reason_says_where_it_looked_and_how_to_get_one(nowhere):
    with pytest.raises(colab_replica.NoPython) as raised:
        colab_replica.find_python("3.13")
    message = str(raised.value)
    assert "no usable Python 3.13" in message and "pyenv install 3.13" in message and "COURSE_COLAB_PYTHON" in message


def test_an_interpreter_of_another_series_is_not_taken_for_the_wanted_one(nowhere):
    impostor = nowhere / "pyenv" / "versions" / "3.99.1" / "bin" / "python3.99"
    impostor.parent.mkdir(parents=True)
    impostor.symlink_to(sys.executable)  # this Python under a 3.99 name
    with pytest.raises(colab_replica.NoPython) as raised:
        colab_replica.find_python("3.99")
    assert f"{impostor}: Python {sys.version_info.major}.{sys.version_info.minor}" in str(raised.value)


def test_the_python_named_by_course_colab_python_is_used(nowhere, monkeypatch):
    series = f"{sys.version_info.major}.{sys.version_info.minor}"
    monkeypatch.setenv("COURSE_COLAB_PYTHON", sys.executable)
    assert colab_replica.find_python(series) == Path(sys.executable)
