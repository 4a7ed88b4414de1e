"""Build a notebook (with nbgrader cell metadata) from a plain-text outline.

    python tools/make_notebook.py outline.txt solutions/03-labeling/03-labeling.ipynb

For authors: writing JSON by hand is error-prone, so a lesson or an assignment
can be drafted as text and turned into a notebook once; from then on the notebook
is the source. Cells start with a marker line:

    %%% md                      a Markdown cell
    %%% code [tag ...]          a code cell, optionally with cell tags
    %%% answer ID               an autograded answer cell (code, with BEGIN/END SOLUTION)
    %%% tests ID POINTS         an autograded test cell (locked; may hold HIDDEN TESTS)
    %%% written ID POINTS       a manually graded Markdown answer (rubric inside BEGIN/END SOLUTION)

The shared Colab set-up cell and badges are added afterwards by tools/sync_notebooks.py.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _nbgrader(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float | None = None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return meta


def build(outline: str, name: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    chunks = outline.split("\n%%% ")
    if chunks[0].startswith("%%% "):
        chunks[0] = chunks[0][4:]
    for index, chunk in enumerate(c for c in chunks if c.strip()):
        header, _, body = chunk.partition("\n")
        kind, *args = header.split()
        body = body.strip("\n")
        cell_id = hashlib.sha1(f"{name}:{index}".encode()).hexdigest()[:12]
        if kind == "md":
            cell = nbformat.v4.new_markdown_cell(body)
        elif kind == "code":
            cell = nbformat.v4.new_code_cell(body)
            if args:
                cell.metadata["tags"] = args
        elif kind == "answer":
            cell = nbformat.v4.new_code_cell(body)
            cell.metadata["nbgrader"] = _nbgrader(args[0], grade=False, solution=True, locked=False)
            cell_id = args[0]
        elif kind == "tests":
            cell = nbformat.v4.new_code_cell(body)
            cell.metadata["nbgrader"] = _nbgrader(
                args[0], grade=True, solution=False, locked=True, points=float(args[1])
            )
            cell.metadata["editable"] = False
            cell.metadata["deletable"] = False
            cell_id = args[0]
        elif kind == "written":
            cell = nbformat.v4.new_markdown_cell(body)
            cell.metadata["nbgrader"] = _nbgrader(
                args[0], grade=True, solution=True, locked=False, points=float(args[1])
            )
            cell_id = args[0]
        else:
            raise ValueError(f"unknown cell kind {kind!r} in header {header!r}")
        cell.id = cell_id
        nb.cells.append(cell)
    return nb


def main(argv: list[str]) -> int:
    source, target = Path(argv[0]), Path(argv[1])
    nb = build(source.read_text(encoding="utf-8"), target.stem)
    nbformat.validate(nb)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    print(f"wrote {target} ({len(nb.cells)} cells)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
