"""Unit tests for the grading-integrity helpers: regular files only, machinery flags, leak detection."""

from __future__ import annotations

import pytest

pytest.importorskip("nbgrader")

import json
import os

from conftest import ASSIGNMENTS, REPO
from grading_tools import files, flags, preflight, scoring


def test_only_regular_files_stay_in_a_submission(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("gradebook rows")
    folder = tmp_path / "grading" / "submitted" / "ann" / "hw"
    (folder / "sub").mkdir(parents=True)
    (folder / "hw.ipynb").symlink_to(tmp_path / "solution.ipynb")
    (folder / "notes.txt").write_text("mine")
    os.link(outside, folder / "hard.txt")
    os.mkfifo(folder / "sub" / "pipe")
    (folder / "sub" / "up").symlink_to(tmp_path)
    (folder / "big.bin").write_bytes(b"x" * (2 * 1024 * 1024))
    sentences = files.clean_submission(folder, "ann", "hw", max_file_mb=1)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == ["notes.txt", "sub"]
    refused = tmp_path / "grading" / "refused" / "ann" / "hw"
    assert (refused / "hw.ipynb").is_symlink() and outside.read_text() == "gradebook rows", "moved, never followed"
    assert (
        len(sentences) == 5 and any("hard link" in s for s in sentences) and any("named pipe" in s for s in sentences)
    )
    notes = files.refused_notes(folder, "ann", "hw")
    assert len(notes) == 5 and any("symbolic link" in n for n in notes) and any("MiB" in n for n in notes)


def test_a_linked_submission_folder_is_refused_whole(tmp_path):
    (tmp_path / "solutions" / "hw").mkdir(parents=True)
    student = tmp_path / "grading" / "submitted" / "bob"
    student.mkdir(parents=True)
    (student / "hw").symlink_to(tmp_path / "solutions" / "hw")
    sentences = files.clean_submission(student / "hw", "bob", "hw")
    assert not (student / "hw").exists() and "symbolic link" in sentences[0]
    assert (tmp_path / "solutions" / "hw").is_dir(), "the link's target is untouched"


def test_pre_convert_hook_drops_refused_notebooks_from_nbgraders_list(tmp_path):
    folder = tmp_path / "grading" / "submitted" / "cat" / "hw"
    folder.mkdir(parents=True)
    (folder / "hw.ipynb").write_text("{}")
    (folder / "other.ipynb").symlink_to(tmp_path / "x.ipynb")
    notebooks = [str(folder / "hw.ipynb"), str(folder / "other.ipynb")]
    files.PreConvertHook("sqlite:///unused.db")(assignment="hw", student="*", notebooks=notebooks)
    assert notebooks == [str(folder / "hw.ipynb")], "the ids come from the path, not nbgrader's pattern"
    assert (tmp_path / "grading" / "refused" / "cat" / "hw" / "other.ipynb").is_symlink()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_honest_answers_raise_no_flag(assignment):
    notebook = scoring.load_notebook(REPO / "solutions" / assignment / f"{assignment}.ipynb")
    cells, _ = scoring.plan_cells(notebook)
    flagged = {c.grade_id: flags.machinery_flags(c.source) for c in cells if c.kind == "answer"}
    assert not {k: v for k, v in flagged.items() if v}, flagged


@pytest.mark.parametrize(
    "source, word",
    [
        ("get_ipython().input_transformers_cleanup.append(lambda lines: [])", "input_transformers_cleanup"),
        ("import sys\nsys.displayhook = lambda value: print(1.0)", "displayhook"),
        ("def f(x):\n    np.isclose = lambda *a, **k: True\n    return x", "assigns np.isclose"),
        ("def f():\n    setattr(data, 'load_truth', None)", "setattr(data"),
        ("class A:\n    def __eq__(self, other):\n        return True", "def __eq__"),
        ("import ctypes", "import ctypes"),
        ("import os\ndef f():\n    os._exit(0)", "_exit"),
        ("def f():\n    import threading\n    threading.Thread(target=print).start()", "Thread"),
        ("def f():\n    return sys._getframe(1).f_locals", "_getframe"),
        ("import sys\nsys.modules['numpy'] = None", "modules"),
        ("import builtins\nbuiltins.len = None", "builtins"),
        ("def f():\n    return open('/proc/self/fd/3')", "/proc/self"),
    ],
)
def test_machinery_is_flagged_with_its_line(source, word):
    found = flags.machinery_flags(source)
    assert any(word in flag for flag in found), found
    assert all(flag.startswith("line ") for flag in found)


def test_leaked_solution_and_hidden_tests_are_flagged(tmp_path):
    name = ASSIGNMENTS[0]
    source_path = REPO / "solutions" / name / f"{name}.ipynb"
    release = json.loads((REPO / "exercises" / name / f"{name}.ipynb").read_text())
    assert preflight._leak_notes(f"{name}.ipynb", source_path, release) == [], "the release leaks nothing"
    leaked = json.loads(source_path.read_text())
    notes = preflight._leak_notes(f"{name}.ipynb", source_path, leaked)
    assert notes and "markers" in notes[0] and "hidden tests" in notes[0] and "solution of" in notes[0]


def test_machinery_notes_skip_the_released_cells_and_flag_the_learners():
    setup = {"cell_type": "code", "metadata": {}, "source": "import subprocess, sys\nsys.modules.get('google.colab')"}
    release = {"cells": [setup]}
    scratch = {"cell_type": "code", "metadata": {}, "source": "import sys\nsys.modules['numpy'] = None"}
    assert preflight._machinery_notes("a.ipynb", release, {"cells": [setup]}) == []
    notes = preflight._machinery_notes("a.ipynb", release, {"cells": [setup, scratch]})
    assert len(notes) == 1 and "scratch cell 2" in notes[0], notes
