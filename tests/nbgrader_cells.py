"""Build small nbgrader notebooks in tests: read-only, answer, test, scratch and markdown cells."""

from __future__ import annotations

KINDS = {
    "readonly": {"grade": False, "locked": True, "solution": False},
    "answer": {"grade": False, "locked": False, "solution": True},
    "test": {"grade": True, "locked": True, "solution": False},
    "written": {"grade": True, "locked": False, "solution": True},
}


def cell(kind: str, source: str, grade_id: str | None = None, points: float = 1.0) -> dict:
    """One cell: kind is readonly, answer, test, written (markdown graded by hand), scratch or markdown."""
    cell_type = "markdown" if kind in ("markdown", "written") else "code"
    made = {
        "cell_type": cell_type,
        "id": grade_id or f"cell-{abs(hash(source)) % 10**8}",
        "metadata": {},
        "source": source,
    }
    if cell_type == "code":
        made.update(execution_count=None, outputs=[])
    if kind in KINDS:
        meta = dict(KINDS[kind], grade_id=grade_id, schema_version=3)
        if kind in ("test", "written"):
            meta["points"] = points
        made["metadata"]["nbgrader"] = meta
    return made


def notebook(*cells: dict) -> dict:
    return {
        "cells": list(cells),
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def gradebook_scores(course, assignment: str) -> dict[str, dict[str, float]]:
    """Autograded points per student and code cell, read from the course's SQLite gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'grading' / 'gradebook.db'}") as gradebook:
        return {
            sub.student_id: {
                g.name: g.auto_score for nb in sub.notebooks for g in nb.grades if g.cell.cell_type == "code"
            }
            for sub in gradebook.assignment_submissions(assignment)
        }
