"""The full suite's runner (tools/suite.py): sibling pytest runs, one summary, an honest exit code.

Each test runs tiny real pytest runs as parts, with their logs in a temporary folder (and
without pytest's plugins, which take seconds to load).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO))
try:
    from tools import suite
finally:
    sys.path.remove(str(REPO))


def _part(name: str, folder: Path, *, prepare=None, nice: int = 0) -> suite.Part:
    return suite.Part(
        name,
        f"the {name} part",
        prepare or (lambda output: Path(sys.executable)),
        [
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "--rootdir",
            str(folder),
            "-c",
            str(folder / "none.ini"),
            str(folder),
        ],
        nice=nice,
    )


@pytest.fixture(autouse=True)
def _bare_pytest(monkeypatch):
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")


def _tests(folder: Path, source: str) -> Path:
    folder.mkdir()
    (folder / "none.ini").write_text("[pytest]\n")
    if source:
        (folder / "test_it.py").write_text(source)
    return folder


def test_passing_parts_pass_and_the_summary_names_each(tmp_path, capsys):
    first = _tests(tmp_path / "first", "def test_one():\n    assert 1 + 1 == 2\n")
    second = _tests(tmp_path / "second", "def test_a():\n    pass\n\ndef test_b():\n    pass\n")
    code = suite.run_parts([_part("one", first), _part("two", second, nice=5)], logs=tmp_path / "logs")
    out = capsys.readouterr().out
    assert code == 0, out
    assert "ALL PARTS PASSED" in out
    assert "one   passed" in out and "1 passed" in out and "2 passed" in out, out
    assert "one  | " in out and "two  | " in out, "each part's output is shown behind its name"
    assert "2 passed" in (tmp_path / "logs" / "two.log").read_text()
    assert (tmp_path / "logs" / "summary.txt").read_text().count("passed") >= 2


def test_a_failing_part_fails_the_run_and_the_others_still_run(tmp_path, capsys):
    good = _tests(tmp_path / "good", "def test_fine():\n    pass\n")
    bad = _tests(tmp_path / "bad", "def test_broken():\n    assert False, 'broken on purpose'\n")
    code = suite.run_parts([_part("good", good), _part("bad", bad)], logs=tmp_path / "logs")
    out = capsys.readouterr().out
    assert code == 1, out
    assert "FAILED: bad" in out and "pytest exit code 1" in out, out
    assert "good  passed" in out, out


def test_a_part_that_collects_no_test_is_a_failure(tmp_path, capsys):
    empty = _tests(tmp_path / "empty", "")
    code = suite.run_parts([_part("empty", empty)], logs=tmp_path / "logs")
    out = capsys.readouterr().out
    assert code == 1, out
    assert "collected no tests (exit code 5)" in out, out


def test_a_failed_set_up_fails_its_part_with_the_reason(tmp_path, capsys):
    def broken(output):
        raise RuntimeError("pip could not install numpy==0.0")

    code = suite.run_parts([_part("broken", tmp_path, prepare=broken)], logs=tmp_path / "logs")
    out = capsys.readouterr().out
    assert code == 1 and "set-up failed: pip could not install numpy==0.0" in out, out


@pytest.mark.parametrize("strict", [False, True])
def test_a_skipped_part_passes_locally_but_fails_when_skips_are_not_allowed(tmp_path, capsys, strict):
    def no_python(output):
        raise suite.Skip("no Python 3.13 here")

    code = suite.run_parts([_part("skipper", tmp_path, prepare=no_python)], strict_skips=strict, logs=tmp_path / "logs")
    out = capsys.readouterr().out
    assert "skipped" in out and "no Python 3.13 here" in out, out
    assert code == (1 if strict else 0), out


@pytest.mark.skipif(sys.platform != "linux", reason="a priority per thread is Linux's")
def test_a_niced_part_sets_up_and_runs_at_its_priority_and_the_others_do_not(tmp_path, capsys):
    import os
    import subprocess

    base = os.nice(0)
    seen = {}

    def prepare(name):
        def run(output):  # what pip would see: a process started by the part's set-up
            ask = [sys.executable, "-c", "import os; print(os.nice(0))"]
            seen[name] = int(subprocess.run(ask, capture_output=True, text=True, check=True).stdout)
            return Path(sys.executable)

        return run

    niced = _tests(
        tmp_path / "niced", f"import os\n\ndef test_priority():\n    assert os.nice(0) == {min(base + 5, 19)}\n"
    )
    plain = _tests(tmp_path / "plain", f"import os\n\ndef test_priority():\n    assert os.nice(0) == {base}\n")
    parts = [_part("niced", niced, prepare=prepare("niced"), nice=5), _part("plain", plain, prepare=prepare("plain"))]
    code = suite.run_parts(parts, logs=tmp_path / "logs")
    out = capsys.readouterr().out
    assert code == 0, out
    assert seen == {"niced": min(base + 5, 19), "plain": base}
    assert os.nice(0) == base, "the runner's own priority is unchanged"
