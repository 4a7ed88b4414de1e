"""The data is found in every kind of install: a clone, an editable install, a plain ``pip install``.

A JupyterHub's shared environment installs the course with a plain (non-editable) ``pip
install``; there the data must come from the installed package itself, or grading would find
no data and give correct work zero marks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import REPO, copy_working_tree
from utils import data


@pytest.fixture
def places(tmp_path, monkeypatch):
    """Stand-ins for the checkout's datasets/ and the installed copy, both empty at first."""
    checkout, installed = tmp_path / "checkout" / "datasets", tmp_path / "site" / "utils" / "_datasets"
    checkout.mkdir(parents=True)
    installed.mkdir(parents=True)
    monkeypatch.setattr(data, "CHECKOUT_DATA_DIR", checkout)
    monkeypatch.setattr(data, "INSTALLED_DATA_DIR", installed)
    monkeypatch.delenv(data.DATA_DIR_ENV, raising=False)
    return checkout, installed


def test_data_dir_looks_at_the_variable_then_the_checkout_then_the_installed_copy(places, tmp_path, monkeypatch):
    checkout, installed = places
    (installed / "registry.json").write_text("{}")
    assert data.data_dir() == installed
    (checkout / "registry.json").write_text("{}")
    assert data.data_dir() == checkout
    monkeypatch.setenv(data.DATA_DIR_ENV, str(tmp_path / "mine"))
    assert data.data_dir() == tmp_path / "mine"


def test_no_data_anywhere_says_what_to_set(places):
    checkout, installed = places
    with pytest.raises(FileNotFoundError) as error:
        data.list_datasets()
    message = str(error.value)
    assert data.DATA_DIR_ENV in message and str(checkout) in message and str(installed) in message


def test_a_variable_pointing_nowhere_is_named_in_the_error(places, tmp_path, monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match=f"{data.DATA_DIR_ENV} is set to .*nowhere"):
        data.registry()


def test_restore_hint_for_an_installed_copy_says_reinstall(places):
    _, installed = places
    shutil.copy(REPO / "datasets" / "registry.json", installed / "registry.json")
    with pytest.raises(FileNotFoundError, match="reinstall the course"):
        data.path("sms_spam")


def _python_seeing_this_environment(where: Path) -> Path:
    """A fresh venv that sees this environment's packages but not its editable install of the course."""
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(where)
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site_dir = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    # Plain folder lines: this environment's .pth files (its editable install) are not processed.
    (Path(site_dir) / "this_environment.pth").write_text("\n".join(sorted(ours)) + "\n")
    return python


LOAD_EVERYTHING = """
import json, sys
import utils
from utils import data
rows = {name: len(data.load(name)) for name in data.list_datasets()}
mnist = data.load_label_errors("mnist")
print(json.dumps({
    "utils": utils.__file__,
    "data_dir": str(data.data_dir()),
    "rows": rows,
    "mnist_errors": int(mnist.verdicts["label_error"].sum()),
    "card": data.card("spam_assassin")[:40],
}))
"""


@pytest.mark.slow
def test_a_plain_pip_install_finds_and_verifies_the_data(tmp_path):
    source, elsewhere = tmp_path / "course", tmp_path / "somewhere-else"
    source.mkdir()
    elsewhere.mkdir()
    copy_working_tree(source)
    python = _python_seeing_this_environment(tmp_path / "hub-env")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))}
    env.pop(data.DATA_DIR_ENV, None)
    env.update(PYTHONNOUSERSITE="1", PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--no-build-isolation", "--no-deps", str(source)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-3000:]
    shutil.rmtree(source)  # nothing may come from the source folder any more

    result = subprocess.run(
        [str(python), "-c", LOAD_EVERYTHING], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    site = str(tmp_path / "hub-env")
    assert report["utils"].startswith(site), f"utils came from {report['utils']}, not the plain install"
    assert report["data_dir"].startswith(site) and report["data_dir"].endswith(os.path.join("utils", "_datasets"))
    registry = json.loads((REPO / "datasets" / "registry.json").read_text(encoding="utf-8"))
    assert report["rows"] == {name: entry["rows"] for name, entry in registry.items()}
    assert report["mnist_errors"] == 15 and report["card"].startswith("# Data card: `spam_assassin`")
