"""Final scores as a CSV that Canvas's gradebook import takes (beside nbgrader's own CSV).

Canvas imports a CSV laid out like its own gradebook export: the columns ``Student``
("Last, First"), ``ID`` (the Canvas user id), ``SIS User ID``, ``SIS Login ID``, ``Section``,
then one column per assignment headed ``Name (Canvas assignment id)``; a row whose first cell
is ``Points Possible`` may follow the header. Canvas matches each row to a student by ``ID``
(or the SIS columns) and each column to an assignment by the id in parentheses; a column
without an id makes Canvas create a new assignment of that name. Sources: Instructure's
guides "How do I import grades in the Gradebook?" and "How do I export grades in the
Gradebook?" (community.canvaslms.com, Instructor Guide), which show this layout.

The course's roster uses the Canvas user id as the nbgrader student id (the instructor
guide's zip_collect pattern reads it from Canvas's submission archives), so ``ID`` is the
nbgrader student id. Scores are those of ``nbgrader export``: the autograded and manual
points minus the late penalty (never below 0), and 0 for a student with no submission.

Nothing is exported while a score is still incomplete: a submission waiting for manual
grading, or one collected but not autograded, stops the export with the list of who is
affected (``allow_pending`` exports the current scores anyway).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
POINTS_ROW = "Points Possible"


class IncompleteScores(RuntimeError):
    """Raised when exporting would send Canvas a score that is not final yet."""


@dataclass
class CanvasExport:
    header: list[str]
    rows: list[list[str]]  # the Points Possible row first, then one row per student
    pending: list[str]  # "student assignment: why" for scores that are not final


def _number(value: float) -> str:
    return f"{round(float(value), 2):g}"


def canvas_table(
    db_url: str,
    *,
    assignments: list[str] | None = None,
    canvas_ids: dict[str, str] | None = None,
    collected: Callable[[str], set[str]] | None = None,
) -> CanvasExport:
    """The Canvas import table of a gradebook.

    Parameters
    ----------
    db_url : str
        nbgrader's gradebook (``CourseDirectory.db_url``).
    assignments : list of str, optional
        Only these assignments, in this order (default: every assignment in the gradebook).
    canvas_ids : dict, optional
        nbgrader assignment name -> Canvas assignment id (the number in the assignment's
        Canvas address), written into the column header so Canvas updates that assignment.
    collected : callable, optional
        assignment name -> ids of the students whose submission was collected; such a student
        missing from the gradebook is reported as not autograded yet instead of scoring 0.
    """
    from nbgrader.api import Gradebook, MissingEntry

    canvas_ids = canvas_ids or {}
    pending: list[str] = []
    with Gradebook(db_url) as gradebook:
        known = {assignment.name: assignment for assignment in gradebook.assignments}
        names = list(assignments) if assignments else sorted(known)
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(
                f"no assignment {', '.join(unknown)} in the gradebook (it has: {', '.join(sorted(known)) or 'none'})"
            )
        stray = sorted(set(canvas_ids) - set(names))
        if stray:
            raise ValueError(f"--canvas-id names an assignment that is not exported: {', '.join(stray)}")
        header = HEADER + [f"{name} ({canvas_ids[name]})" if name in canvas_ids else name for name in names]
        rows = [[POINTS_ROW, "", "", "", ""] + [_number(known[name].max_score) for name in names]]
        gathered = {name: collected(name) if collected else set() for name in names}
        for student in sorted(gradebook.students, key=lambda s: ((s.last_name or "").lower(), s.id)):
            full = ", ".join(part for part in (student.last_name, student.first_name) if part) or student.id
            scores = []
            for name in names:
                try:
                    submission = gradebook.find_submission(name, student.id)
                except MissingEntry:
                    if student.id in gathered[name]:
                        pending.append(f"{student.id} {name}: collected but not autograded yet")
                    scores.append("0")
                    continue
                if submission.needs_manual_grade:
                    pending.append(f"{student.id} {name}: answers still to grade by hand (formgrader)")
                scores.append(_number(max(0.0, submission.score - submission.late_submission_penalty)))
            rows.append([full, student.id, "", "", ""] + scores)
    return CanvasExport(header, rows, pending)


def write_canvas_csv(export: CanvasExport, path: Path, *, allow_pending: bool = False) -> Path:
    """Write the table; refuse (``IncompleteScores``) while a score is not final, unless allowed."""
    if export.pending and not allow_pending:
        raise IncompleteScores(
            "some scores are not final, so nothing was written:\n  "
            + "\n  ".join(export.pending)
            + "\nGrade them first (python -m grading_tools autograde ..., then the formgrader), "
            "or pass --allow-pending to export the current scores."
        )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(export.header)
        writer.writerows(export.rows)
    return path


def parse_canvas_ids(values: list[str] | None) -> dict[str, str]:
    """``["00-start-here=123456", ...]`` -> ``{"00-start-here": "123456"}``, with a clear error otherwise."""
    ids = {}
    for value in values or []:
        name, sep, number = value.partition("=")
        if not sep or not name or not number.strip().isdigit():
            raise ValueError(
                f"--canvas-id {value!r}: expected ASSIGNMENT=NUMBER, e.g. 00-start-here=123456 "
                "(the number at the end of the assignment's Canvas address)"
            )
        ids[name] = number.strip()
    return ids
