"""Check submissions before grading, and explain each student's grade after it.

``preflight`` runs before autograding. It only fixes what would otherwise stop nbgrader
or cost a student points for a file-handling accident, and never deletes or overwrites
a student's file:

- a notebook that is not valid notebook JSON (cut off, edited by hand, an empty file)
  is renamed ``<name>.ipynb.invalid``: nbgrader then grades it as missing (0 points)
  instead of failing, and the finding says how to regrade once it is fixed;
- a notebook saved under another name (``00-start-here-Copy1.ipynb``,
  ``00-start-here (1).ipynb``, an LMS's ``00-start-here-1.ipynb``) is copied to the
  expected name when it is recognisably this assignment's notebook (it carries its
  nbgrader cell ids) and the expected file is missing;
- links, devices, pipes, hard links and huge files are moved out of the submission into
  ``grading/refused/`` before anything else (``grading_tools.files``).

``diagnose`` runs after autograding and compares, for one student, what was submitted
with what was released and with what was graded, to give readable reasons: a test cell
deleted, edited or emptied (and restored from the gradebook), a cell whose type was
changed (changed back), an answer cell deleted, a cell that ran out of time, a kernel
that died, an output that was trimmed, a missing or invalid notebook; what scoring left out of
an answer cell and why; files refused before grading; answer cells that touch the kernel's
machinery (``grading_tools.flags``, for a human look); a submission that contains the
instructor's solution or hidden tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

INVALID_SUFFIX = ".invalid"


@dataclass
class Finding:
    """Something about one student's submission worth telling the instructor."""

    student: str
    kind: str  # invalid-notebook, renamed-notebook, missing-notebook, ...
    message: str

    def __str__(self) -> str:
        return self.message


def read_notebook(path: Path) -> tuple[dict | None, str | None]:
    """(notebook, None) if ``path`` holds a valid notebook, else (None, why not)."""
    import nbformat

    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, f"it is not UTF-8 text ({error.reason} at byte {error.start})"
    if not text.strip():
        return None, "the file is empty"
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        return None, f"it is not valid JSON ({error.msg}: line {error.lineno}, column {error.colno})"
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # nbformat raises several kinds
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return None, f"it is JSON but not a Jupyter notebook ({first[:160]})"
    return raw, None


def grade_ids(notebook: dict) -> set[str]:
    return {cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") for cell in notebook.get("cells", [])} - {None}


def released_notebooks(release_folder: Path) -> dict[str, dict]:
    """Notebook file name -> released student notebook, for one assignment."""
    return {
        path.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted(Path(release_folder).glob("*.ipynb"))
    }


def preflight_student(folder: Path, released: dict[str, dict], student: str, *, fix: bool = True) -> list[Finding]:
    """Check (and, with ``fix``, repair: see the module docstring) one student's submission folder."""
    folder = Path(folder)
    findings = []
    for path in sorted(folder.rglob("*.ipynb")) if fix else []:
        if ".ipynb_checkpoints" in path.parts:
            continue
        _, problem = read_notebook(path)
        if problem:
            target = path.with_name(path.name + INVALID_SUFFIX)
            number = 1
            while target.exists():
                number += 1
                target = path.with_name(f"{path.name}{INVALID_SUFFIX}{number}")
            path.rename(target)
    for path in sorted(folder.rglob("*.ipynb" + INVALID_SUFFIX + "*")):
        original = path.name.split(INVALID_SUFFIX)[0]
        _, problem = read_notebook(path)
        findings.append(
            Finding(
                student,
                "invalid-notebook",
                (
                    f"{original} is not a valid notebook: {problem or 'see the file'}. It was renamed to {path.name} and is "
                    f"graded as missing (0 points). Once you have a fixed copy, put it back as {original} and regrade: "
                    f"python -m grading_tools autograde {folder.name} --student {student}"
                ),
            )
        )
    candidates = {}
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts or path.name in released:
            continue
        notebook, problem = read_notebook(path)
        if notebook is not None:
            candidates[path] = grade_ids(notebook)
    for name, release in released.items():
        expected = folder / name
        wanted = grade_ids(release)
        scored = sorted(
            ((len(ids & wanted), str(path)) for path, ids in candidates.items() if ids & wanted), reverse=True
        )
        if expected.exists():
            same = [path for _, path in scored if Path(path).read_bytes() == expected.read_bytes()]
            if same:
                findings.append(
                    Finding(
                        student,
                        "renamed-notebook",
                        (f"{Path(same[0]).name} was graded as {name} (renamed notebook, copied to the expected name)."),
                    )
                )
            continue
        if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            source = Path(scored[0][1])
            if not fix:
                findings.append(
                    Finding(student, "renamed-notebook", f"{source.name} looks like {name} under another name.")
                )
                continue
            shutil.copy2(source, expected)
            findings.append(
                Finding(
                    student,
                    "renamed-notebook",
                    (f"{source.name} was graded as {name} (renamed notebook, copied to the expected name)."),
                )
            )
        elif scored:
            findings.append(
                Finding(
                    student,
                    "missing-notebook",
                    (
                        f"no {name}; several other notebooks look like it ({', '.join(Path(p).name for _, p in scored)}): "
                        f"copy the right one to {name} and regrade."
                    ),
                )
            )
        elif not any(f.kind == "invalid-notebook" for f in findings):
            present = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
            findings.append(
                Finding(
                    student,
                    "missing-notebook",
                    (
                        f"no notebook {name} was submitted (the folder holds: {', '.join(present) or 'nothing'}); "
                        "it is graded as missing (0 points)."
                    ),
                )
            )
    return findings


def has_notebooks(folder: Path, release_folder: Path) -> bool:
    """Whether a submission folder holds at least one of the assignment's notebooks."""
    return any((Path(folder) / name).exists() for name in released_notebooks(release_folder))


def record_missing(app, assignment: str, student: str) -> Finding:
    """Record a submission without any notebook as 0 points, the way nbgrader scores a missing notebook.

    A submission already in the gradebook (an earlier, valid one) is left as it is.
    """
    import warnings

    from nbgrader.api import Gradebook, MissingEntry

    cd = app.coursedir
    timestamp = cd.get_existing_timestamp(cd.format_path(cd.submitted_directory, student, assignment))
    with Gradebook(cd.db_url, cd.course_id) as gradebook, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy's autoflush notes from inside nbgrader's API
        gradebook.update_or_create_student(student)
        try:
            gradebook.find_submission(assignment, student)
        except MissingEntry:
            extra = {"timestamp": timestamp} if timestamp else {}
            submission = gradebook.update_or_create_submission(assignment, student, **extra)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    grade.auto_score = 0
                    grade.needs_manual_grade = False
            gradebook.db.commit()
            return Finding(student, "recorded-missing", "recorded in the gradebook with 0 points (nothing to grade).")
    return Finding(student, "recorded-missing", "nothing to grade now; the grade of an earlier submission is kept.")


def preflight(
    submitted: Path, release_folder: Path, assignment: str, students: list[str] | None = None, *, fix: bool = True
) -> dict[str, list[Finding]]:
    """Run :func:`preflight_student` for every student who submitted ``assignment``."""
    from .files import clean_submission

    released = released_notebooks(release_folder)
    if not released:
        raise FileNotFoundError(
            f"no released notebooks in {release_folder}: run nbgrader generate_assignment {assignment}"
        )
    found = {}
    for folder in sorted(Path(submitted).glob(f"*/{assignment}")):
        student = folder.parent.name
        if students is None or student in students:
            moved = clean_submission(folder, student, assignment, fix=fix)
            checks = preflight_student(folder, released, student, fix=fix) if folder.is_dir() else []
            found[student] = [Finding(student, "unsafe-file", sentence) for sentence in moved] + checks
    return found


def prepare(app, assignment: str, students: list[str] | None = None) -> tuple[dict[str, list[Finding]], list[str]]:
    """Preflight every submission, and record the ones with no notebook left as 0 points.

    Returns the findings per student and the students with nothing to grade (nbgrader
    skips their folders). Run before ``nbgrader autograde`` (``python -m grading_tools
    preflight``); ``python -m grading_tools autograde`` runs it itself.
    """
    cd = app.coursedir
    release = Path(cd.format_path(cd.release_directory, ".", assignment))
    found = preflight(Path(cd.format_path(cd.submitted_directory, ".", ".")), release, assignment, students)
    empty = [
        s for s in found if not has_notebooks(Path(cd.format_path(cd.submitted_directory, s, assignment)), release)
    ]
    for student in empty:
        found[student].append(record_missing(app, assignment, student))
    return found, empty


# -- after grading ---------------------------------------------------------------------
def _cells_by_id(notebook: dict) -> dict[str, dict]:
    return {
        cell["metadata"]["nbgrader"]["grade_id"]: cell
        for cell in notebook.get("cells", [])
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    }


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def diagnose(
    student: str,
    submitted_folder: Path,
    release_folder: Path,
    autograded_folder: Path,
    findings: list[Finding] | None = None,
    source_folder: Path | None = None,
) -> list[str]:
    """Readable reasons behind one student's autograded score (see the module docstring)."""
    from .files import refused_notes

    notes = [str(f) for f in findings or []]
    assignment = Path(submitted_folder).name
    notes += [n for n in refused_notes(Path(submitted_folder), student, assignment) if n not in " ".join(notes)]
    for name, release in released_notebooks(release_folder).items():
        submitted_path = Path(submitted_folder) / name
        is_file = submitted_path.is_file() and not submitted_path.is_symlink()
        notebook, _ = read_notebook(submitted_path) if is_file else (None, None)
        if notebook is not None:
            notes += _machinery_notes(name, release, notebook)
            if source_folder is not None and (Path(source_folder) / name).exists():
                notes += _leak_notes(name, Path(source_folder) / name, notebook)
            released_cells, submitted_cells = _cells_by_id(release), _cells_by_id(notebook)
            for grade_id, cell in released_cells.items():
                meta = cell["metadata"]["nbgrader"]
                is_test = meta.get("grade") and cell["cell_type"] == "code" and not meta.get("solution")
                mine = submitted_cells.get(grade_id)
                if mine is None:
                    if is_test:
                        notes.append(f"{name}: test cell {grade_id} was deleted; it was put back and graded.")
                    elif meta.get("solution") and cell["cell_type"] == "code":
                        notes.append(
                            f"{name}: answer cell {grade_id} was deleted, so its function is missing "
                            "and its tests fail."
                        )
                    elif meta.get("solution"):
                        notes.append(f"{name}: written answer {grade_id} was deleted.")
                    continue
                if mine.get("cell_type") != cell["cell_type"]:
                    notes.append(
                        f"{name}: cell {grade_id} was changed to {mine.get('cell_type')}; it was changed back "
                        f"to {cell['cell_type']} and graded."
                    )
                if is_test and _source(mine).strip() != _source(cell).strip():
                    how = "emptied" if not _source(mine).strip() else "edited"
                    notes.append(
                        f"{name}: test cell {grade_id} was {how}; the original was restored from the gradebook."
                    )
        graded_path = Path(autograded_folder) / name
        graded, _ = read_notebook(graded_path) if graded_path.exists() else (None, None)
        if graded is None:
            continue
        notes += _scoring_notes(name, graded)
        for index, cell in enumerate(graded.get("cells", [])):
            label = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"
            for output in cell.get("outputs", []):
                kind = output.get("output_type")
                if kind == "error" and output.get("ename") == "CellTimeoutError":
                    notes.append(f"{name}: {label} ran out of time and was interrupted; the rest was still graded.")
                elif kind == "error" and output.get("ename") == "KernelDied":
                    notes.append(f"{name}: {label}: {output.get('evalue')}")
                elif kind == "error" and output.get("ename") == "NotRun":
                    notes.append(f"{name}: from {label} on, nothing ran: {output.get('evalue')}")
                    break
                elif kind == "stream" and any(
                    marker in _source({"source": output.get("text", "")})
                    for marker in ("Output truncated", "output trimmed", "output limit of")
                ):
                    text = _source({"source": output.get("text", "")})
                    why = " (output limit per notebook reached)" if "output limit of" in text else ""
                    notes.append(f"{name}: {label} printed a huge output; it was trimmed{why}.")
            else:
                continue
            break
    deduplicated = list(dict.fromkeys(notes))
    return deduplicated


def _answer_ids(release: dict) -> list[str]:
    return [
        cell["metadata"]["nbgrader"]["grade_id"]
        for cell in release.get("cells", [])
        if cell.get("cell_type") == "code"
        and cell.get("metadata", {}).get("nbgrader", {}).get("solution")
        and not cell["metadata"]["nbgrader"].get("grade")
    ]


def _machinery_notes(name: str, release: dict, notebook: dict) -> list[str]:
    """Answer cells (and scratch cells) that touch the kernel's machinery: for a human look."""
    from .flags import machinery_flags

    answers = set(_answer_ids(release))
    known = set(_cells_by_id(release))
    released_plain = {  # cells the release itself holds outside nbgrader (the course's Colab set-up cell)
        _normalized(_source(cell))
        for cell in release.get("cells", [])
        if cell.get("cell_type") == "code" and "nbgrader" not in cell.get("metadata", {})
    }
    notes = []
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in known and grade_id not in answers:
            continue  # instructor cells are restored from the gradebook
        if grade_id is None and _normalized(_source(cell)) in released_plain:
            continue  # as released, not the learner's code
        flags = machinery_flags(_source(cell))
        if flags:
            where = f"answer cell {grade_id}" if grade_id in answers else f"scratch cell {index + 1} (not scored)"
            notes.append(f"{name}: {where} touches the kernel's machinery, look at it: {'; '.join(flags[:6])}")
    return notes


def _normalized(code: str) -> str:
    return "\n".join(line.strip() for line in code.splitlines() if line.strip() and not line.strip().startswith("#"))


def _leak_notes(name: str, source_path: Path, notebook: dict) -> list[str]:
    """A submission holding the instructor's solution or hidden tests: how did it get them?"""
    from .scoring import HIDDEN_BLOCK, SOLUTION_MARKERS

    try:
        source = json.loads(source_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    text = "\n".join(_source(cell) for cell in notebook.get("cells", []))
    found = []
    if "BEGIN HIDDEN TESTS" in text or "### BEGIN SOLUTION" in text:
        found.append("nbgrader's solution or hidden-test markers")
    submitted = _normalized(text)
    copied = []
    for cell in source.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        body = _source(cell)
        if meta.get("solution") and cell.get("cell_type") == "code":
            match = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", body, re.S)
            solution = _normalized(match.group(1) if match else SOLUTION_MARKERS.sub("", body))
            if solution.count("\n") >= 2 and solution in submitted:
                copied.append(meta.get("grade_id"))
        elif meta.get("grade"):
            for block in HIDDEN_BLOCK.findall(body):
                hidden = _normalized(block.replace("### BEGIN HIDDEN TESTS", "").replace("### END HIDDEN TESTS", ""))
                if hidden.count("\n") >= 1 and hidden in submitted:
                    found.append(f"the hidden tests of {meta.get('grade_id')}")
    if copied:
        found.append(f"the instructor's solution of {', '.join(copied)}, character for character")
    if not found:
        return []
    return [f"{name}: the submission contains {'; '.join(found)}: check how it got them (a link, a leaked file)"]


def _scoring_notes(name: str, graded: dict) -> list[str]:
    """What the scoring engine left out of answer cells, and tests it stopped, from the autograded notebook."""
    from .verdicts import NOTE_PREFIX

    notes = []
    for cell in graded.get("cells", []):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        for output in cell.get("outputs", []):
            text = _source({"source": output.get("text", "")})
            if output.get("output_type") == "stream" and text.startswith(NOTE_PREFIX + "When this notebook"):
                items = [line.strip()[2:] for line in text.splitlines()[1:] if line.strip().startswith("- ")]
                notes.append(f"{name}: answer cell {grade_id}, when scoring: {'; '.join(items)}")
            elif output.get("output_type") == "stream" and text.startswith(NOTE_PREFIX + "this cell's nbgrader"):
                notes.append(f"{name}: a cell has forged nbgrader metadata (made-up ids); it was not run when scoring")
            elif output.get("output_type") == "error" and output.get("ename") in (
                "NotRun",
                "TestDied",
                "MemoryLimit",
                "TimeoutError",
            ):
                notes.append(f"{name}: test {grade_id}: {output.get('evalue')}")
            elif output.get("output_type") == "error" and output.get("ename") == "GradingRefusal":
                notes.append(f"{name}: test {grade_id} refused the answer: {output.get('evalue')}")
    return notes


def dumps_findings(found: dict[str, list[Finding]]) -> str:
    lines = [f"{student}: {finding}" for student, items in found.items() for finding in items]
    return "\n".join(lines) if lines else "no problems found"


def file_listing(folder: Path) -> list[str]:
    return sorted(os.path.relpath(path, folder) for path in Path(folder).rglob("*") if path.is_file())
