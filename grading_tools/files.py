"""Only regular files are graded: links, devices, pipes, hard links and huge files are moved out first.

A submitted notebook that is a symbolic link to ``solutions/`` would be graded as the solution; an
extra file linked to the gradebook would be copied, gradebook and all, into the folder the student's
code runs in and into the feedback; a hard link shares its bytes with a file outside the submission.
Before anything is graded, :func:`clean_submission` moves every entry of a submission folder that is
not a regular file with a single link (and every file over the size limit) out of it, into
``grading/refused/<student>/<assignment>/`` (nothing is deleted: moving a link moves the link, not
what it points to), and records why in ``reasons.json`` there; the grade report lists it.

It runs in both ways of grading: ``python -m grading_tools autograde`` calls it in its preflight, and
``nbgrader autograde`` calls :func:`nbgrader_pre_convert_hook` (``c.Autograde.pre_convert_hook`` in
nbgrader_config.py) before it copies a submission. A refused notebook is then graded as missing.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

REFUSED_FOLDER = "refused"
REASONS_FILE = "reasons.json"
MAX_FILE_MB = 64


def refused_folder(submitted_folder: Path, student: str, assignment: str) -> Path:
    """grading/refused/<student>/<assignment>, beside grading/submitted (nbgrader's folder layout)."""
    return Path(submitted_folder).parent.parent.parent / REFUSED_FOLDER / student / assignment


def _why(path: Path, info: os.stat_result, max_bytes: int) -> str | None:
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return f"a symbolic link (to {os.readlink(path)}), not a file"
    if stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe, not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    if info.st_nlink > 1:
        return f"a hard link ({info.st_nlink} names for the same bytes, possibly outside the submission)"
    if info.st_size > max_bytes:
        return f"{info.st_size / 1024 / 1024:.0f} MiB, over the {max_bytes // 1024 // 1024} MiB limit for a file"
    return None


def unsafe_entries(folder: Path, max_file_mb: int = MAX_FILE_MB) -> list[tuple[Path, str]]:
    """(path, why) for every entry of ``folder`` that must not be graded; links are not followed."""
    folder = Path(folder)
    found = []
    max_bytes = max_file_mb * 1024 * 1024
    for parent, folders, files in os.walk(folder):  # os.walk lists links to folders but does not enter them
        for name in list(folders) + files:
            path = Path(parent) / name
            try:
                info = path.lstat()
            except OSError:
                continue
            why = _why(path, info, max_bytes)
            if why:
                found.append((path, why))
                if name in folders:
                    folders.remove(name)
    return found


def _move_out(path: Path, folder: Path, target_root: Path) -> Path:
    relative = path.relative_to(folder)
    target = target_root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    number = 1
    while target.exists() or target.is_symlink():
        number += 1
        target = target.with_name(f"{relative.name}.{number}")
    os.rename(path, target)  # a rename moves a link or a device entry itself, never what it points to
    return target


def clean_submission(
    folder: Path, student: str, assignment: str, *, max_file_mb: int = MAX_FILE_MB, fix: bool = True
) -> list[str]:
    """Move what must not be graded out of one submission folder; return one sentence per entry moved.

    A submission folder that is itself a link (or whose student folder is) is moved out whole.
    """
    folder = Path(folder)
    target_root = refused_folder(folder, student, assignment)
    sentences = []
    for candidate in (folder.parent, folder):
        if candidate.is_symlink():
            why = f"the submission folder {candidate.name} is a symbolic link (to {os.readlink(candidate)})"
            if fix:
                target_root.mkdir(parents=True, exist_ok=True)
                os.rename(candidate, target_root / f"{candidate.name}.link")
                _record(target_root, {f"{candidate.name}.link": why})
            return [f"{why}; it was not graded (moved to {target_root})."]
    if not folder.is_dir():
        return []
    reasons = {}
    for path, why in unsafe_entries(folder, max_file_mb):
        relative = path.relative_to(folder).as_posix()
        if fix:
            moved = _move_out(path, folder, target_root)
            reasons[moved.relative_to(target_root).as_posix()] = why
        sentences.append(f"{relative} is {why}; it was not graded (moved to {target_root}).")
    if fix and reasons:
        _record(target_root, reasons)
    return sentences


def _record(target_root: Path, reasons: dict[str, str]) -> None:
    path = target_root / REASONS_FILE
    known = json.loads(path.read_text()) if path.exists() else {}
    known.update(reasons)
    path.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n")


def refused_notes(submitted_folder: Path, student: str, assignment: str) -> list[str]:
    """The grade report's sentences for what was moved out of a submission before grading."""
    path = refused_folder(submitted_folder, student, assignment) / REASONS_FILE
    if not path.exists():
        return []
    reasons = json.loads(path.read_text())
    return [
        f"{name} was not graded: it is {why}" if not why.startswith("the ") else why for name, why in reasons.items()
    ]


class PreConvertHook:
    """``c.Autograde.pre_convert_hook``: clean each submission before ``nbgrader autograde`` copies it.

    Notebooks moved out are removed from nbgrader's list (the list object nbgrader keeps), so it grades
    them as missing instead of following a link. When none is left, nbgrader stops with "No notebooks
    found" for that student; the hook records the zero in the gradebook first, so the grade is there
    and the report says why.
    """

    def __init__(self, db_url: str, course_id: str = ""):
        self.db_url, self.course_id = db_url, course_id

    def __call__(self, assignment: str, student: str, notebooks: list[str]) -> None:
        # nbgrader passes the command line's ids (often the pattern "*"): the submission's own are in its path,
        # .../submitted/<student>/<assignment>/<notebook>.ipynb
        if not notebooks:
            return
        folder = Path(notebooks[0]).parent
        assignment, student = folder.name, folder.parent.name
        moved = clean_submission(folder, student, assignment)
        notebooks[:] = [path for path in notebooks if Path(path).is_file() and not Path(path).is_symlink()]
        if moved and not notebooks:
            record_zero(self.db_url, self.course_id, assignment, student)


def record_zero(db_url: str, course_id: str, assignment: str, student: str) -> None:
    """Record 0 on every autograded cell of a submission with nothing to grade (an earlier grade is kept)."""
    import warnings

    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url, course_id) as gradebook, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gradebook.update_or_create_student(student)
        try:
            gradebook.find_submission(assignment, student)
            return
        except MissingEntry:
            submission = gradebook.update_or_create_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
        gradebook.db.commit()
