"""utils.data: loading by name, checksum verification, and clear errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from conftest import REPO
from utils import checks, data


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of datasets/ that a test may damage."""
    copy = tmp_path / "datasets"
    shutil.copytree(REPO / "datasets", copy, ignore=shutil.ignore_patterns("generators", "__pycache__"))
    monkeypatch.setenv(data.DATA_DIR_ENV, str(copy))
    return copy


def test_every_registered_dataset_loads_and_matches_registry():
    registry = data.registry()
    assert registry
    for name, entry in registry.items():
        loaded = data.load(name)
        if "shape" in entry:  # an array (the label-errors probabilities and labels)
            assert isinstance(loaded, np.ndarray) and list(loaded.shape) == entry["shape"], name
            assert str(loaded.dtype) == entry["dtype"] and len(loaded) == entry["rows"], name
        else:
            assert isinstance(loaded, pd.DataFrame)
            assert len(loaded) == entry["rows"] and list(loaded.columns) == entry["columns"], name
        assert (REPO / "datasets" / entry["card"]).exists(), f"{name}: missing data card"
        assert entry["licence"], name


def test_load_returns_a_fresh_copy():
    first = data.load("apple_grading")
    first.loc[0, "grade"] = "changed"
    assert data.load("apple_grading").loc[0, "grade"] != "changed"


def test_unknown_name_lists_known_names():
    with pytest.raises(data.UnknownDatasetError) as error:
        data.load("apple_grdaing")
    message = str(error.value)
    assert "apple_grdaing" in message and "apple_grading" in message and "house_listings" in message


def test_modified_file_is_refused_with_restore_instructions(data_copy):
    target = data_copy / "apple_grading.csv"
    target.write_bytes(target.read_bytes().replace(b"premium", b"premiun", 1))
    with pytest.raises(data.DatasetChecksumError) as error:
        data.load("apple_grading")
    assert "git checkout -- datasets/apple_grading.csv" in str(error.value)
    report = checks.data_check()
    assert report.set_index("dataset").loc["apple_grading", "status"].startswith("DatasetChecksumError")


def test_missing_file_says_how_to_restore(data_copy):
    (data_copy / "house_listings.csv").unlink()
    with pytest.raises(FileNotFoundError, match="git checkout -- datasets/house_listings.csv"):
        data.load("house_listings")


def test_missing_registry_is_explained(tmp_path, monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(tmp_path))
    with pytest.raises(FileNotFoundError, match="registry.json"):
        data.list_datasets()


def test_truth_is_kept_apart_from_the_table():
    table, truth = data.load("house_listings"), data.load_truth("house_listings")
    assert "issue" not in table.columns and {"listing_id", "issue"} <= set(truth.columns)


def test_registry_json_is_sorted_and_valid():
    text = (REPO / "datasets" / "registry.json").read_text()
    assert list(json.loads(text)) == sorted(json.loads(text))


def test_datasets_regenerate_byte_for_byte():
    """Every generator, re-run, reproduces the committed files and registry exactly."""
    sys.path.insert(0, str(REPO / "datasets"))
    try:
        import build
    finally:
        sys.path.pop(0)
    assert build.check() == []


def test_import_utils_is_fast_and_light():
    code = (
        "import sys, time; t = time.perf_counter(); import utils, utils.data, utils.plots, utils.checks; "
        "print(time.perf_counter() - t); print(any(m in sys.modules for m in ('pandas', 'sklearn', 'cleanlab', 'matplotlib')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[1] == "False", "import utils must not import pandas, sklearn, cleanlab or matplotlib"


def test_environment_report_flags_missing_and_old_packages():
    report = checks.environment_report({"pandas": "2.2", "surely-not-installed-pkg": "1.0", "numpy": "999.0"})
    status = report.set_index("package")["ok"]
    assert status["pandas"] and not status["surely-not-installed-pkg"] and not status["numpy"]
    assert report.set_index("package").loc["surely-not-installed-pkg", "installed"] == "missing"


def test_version_comparison_is_numeric():
    import numpy

    major, minor = (int(part) for part in numpy.__version__.split(".")[:2])
    report = checks.environment_report({"numpy": f"{major}.{minor + 10}", "pandas": "0.9"}).set_index("package")
    assert not report.loc["numpy", "ok"], f"numpy {numpy.__version__} is older than {major}.{minor + 10}"
    assert report.loc["pandas", "ok"]


def test_required_versions_are_the_floors_written_in_pyproject():
    """utils.checks reads the floors from the installed course: the same as pyproject.toml's, for every dependency."""
    import tomllib

    from packaging.requirements import Requirement

    with open(REPO / "pyproject.toml", "rb") as handle:
        dependencies = tomllib.load(handle)["project"]["dependencies"]
    written = {}
    for text in dependencies:
        requirement = Requirement(text)
        written[requirement.name] = next(spec.version for spec in requirement.specifier if spec.operator == ">=")
    assert checks.required_versions() == written, (
        "the installed course's metadata differs from pyproject.toml: reinstall it (python3 tasks.py check does)"
    )
    assert set(checks.environment_report()["package"]) == {"python", *written}


def test_data_cards_state_the_planted_counts():
    """Each card's planted-issue table names every planted issue with its true count."""
    import re

    for name in data.list_datasets():
        truth_name = f"{name}_truth"
        if truth_name not in data.registry():
            continue
        truth = data.load(truth_name)
        if "issue" not in truth.columns:
            continue
        card = data.card(name)
        section = card[card.index("## Planted") :] if "## Planted" in card else card
        rows = {match.group(1): match.group(2) for match in re.finditer(r"^\| `(\w+)` \|(.*)$", section, re.M)}
        for issue, count in truth["issue"].value_counts().items():
            assert issue in rows, f"{name}: the card's planted-issue table does not mention {issue!r}"
            numbers = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", rows[issue])}
            assert count in numbers, f"{name}: the card's row for {issue!r} does not state its count {count}"
