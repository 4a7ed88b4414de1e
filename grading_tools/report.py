"""The grade report of one assignment, from the gradebook and the autograded notebooks.

    python -m grading_tools report 00-start-here      # writes grading/reports/00-start-here/

Writes, in ``grading/reports/<assignment>/``:

- ``report.md``: the tables below and the plot, readable on GitHub or in JupyterLab;
- ``exercises.csv``: per exercise, its points and the distribution of students' scores
  (mean, median, share with full marks, share with zero);
- ``scores.png``: one histogram of scores per exercise;
- ``tests.csv``: every autograded test cell, by how many students failed it, with the
  most common error message (what to explain again in class);
- ``students.csv``: every student's score and the reasons behind it (bad submissions,
  timeouts, restored cells; see ``grading_tools.preflight.diagnose``).
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

EXERCISE_HEADING = re.compile(r"^##\s+(Exercise[^\n]*)", re.MULTILINE)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def exercise_of_cells(source_notebook: dict) -> dict[str, str]:
    """Grade cell id -> the ``## Exercise ...`` heading it sits under."""
    current, found = "(before the first exercise)", {}
    for cell in source_notebook["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            match = EXERCISE_HEADING.search(text)
            if match:
                current = match.group(1).strip()
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade"):
            found[meta["grade_id"]] = current
    return found


def first_error(cell: dict) -> str | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            value = ANSI.sub("", str(output.get("evalue", ""))).strip().splitlines()
            return f"{output.get('ename')}: {value[0][:160]}" if value else str(output.get("ename"))
    return None


def collect(app, assignment: str) -> dict:
    """Scores per student and cell, errors per test cell, and the exercise of every cell."""
    from nbgrader.api import Gradebook

    cd = app.coursedir
    source = Path(cd.format_path(cd.source_directory, ".", assignment))
    exercise, kinds = {}, {}
    for path in sorted(source.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for grade_id, title in exercise_of_cells(notebook).items():
            exercise[(path.stem, grade_id)] = title
    rows, errors, students = [], {}, {}
    with Gradebook(cd.db_url, cd.course_id) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            students[submission.student_id] = (submission.score, submission.max_score, submission.needs_manual_grade)
            for notebook in submission.notebooks:
                graded_path = (
                    Path(cd.format_path(cd.autograded_directory, submission.student_id, assignment))
                    / f"{notebook.name}.ipynb"
                )
                cells = {}
                if graded_path.exists():
                    try:
                        graded = json.loads(graded_path.read_text(encoding="utf-8"))
                        cells = {
                            c["metadata"]["nbgrader"]["grade_id"]: c
                            for c in graded["cells"]
                            if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                        }
                    except (ValueError, KeyError):
                        cells = {}
                for grade in notebook.grades:
                    kinds[(notebook.name, grade.name)] = grade.cell.cell_type
                    rows.append(
                        dict(
                            student=submission.student_id,
                            notebook=notebook.name,
                            cell=grade.name,
                            kind="test" if grade.cell.cell_type == "code" else "written",
                            exercise=exercise.get((notebook.name, grade.name), "(unknown)"),
                            score=grade.score,
                            max_score=grade.max_score,
                            graded=grade.score is not None and not grade.needs_manual_grade,
                        )
                    )
                    if grade.cell.cell_type == "code" and (grade.score or 0) < grade.max_score:
                        message = first_error(cells.get(grade.name, {})) or NOT_RUN
                        errors.setdefault((notebook.name, grade.name), Counter())[message] += 1
    return dict(rows=rows, errors=errors, students=students, kinds=kinds)


def join_notes(notes: list[str]) -> str:
    return "; ".join(note.rstrip(".") for note in notes) + ("." if notes else "")


def exercise_table(rows: list[dict]):
    """One row per exercise: points and the distribution of students' scores on it."""
    import pandas as pd

    if not rows:
        return pd.DataFrame(columns=["exercise", "points", "students", "mean", "median", "full marks", "zero"])
    frame = pd.DataFrame(rows)
    per_student = (
        frame.groupby(["exercise", "student"], sort=False)
        .agg(score=("score", lambda s: s.fillna(0).sum()), points=("max_score", "sum"), graded=("graded", "all"))
        .reset_index()
    )
    records = []
    for name in dict.fromkeys(frame["exercise"]):
        part = per_student.loc[per_student["exercise"] == name]
        done = part.loc[part["graded"]]  # written answers count once a person has graded them
        records.append(
            {
                "exercise": name,
                "points": float(part["points"].max()),
                "students": int(part["student"].nunique()),
                "graded": int(len(done)),
                "mean": float(done["score"].mean()) if len(done) else float("nan"),
                "median": float(done["score"].median()) if len(done) else float("nan"),
                "full marks": float((done["score"] >= done["points"]).mean()) if len(done) else float("nan"),
                "zero": float((done["score"] <= 0).mean()) if len(done) else float("nan"),
            }
        )
    return pd.DataFrame(records)


def tests_table(rows: list[dict], errors: dict):
    """Every autograded test cell, most often failed first, with its most common error."""
    import pandas as pd

    frame = pd.DataFrame([row for row in rows if row["kind"] == "test"])
    if frame.empty:
        return pd.DataFrame(
            columns=["test cell", "exercise", "failed", "students", "share failed", "most common error"]
        )
    frame["failed"] = frame["score"].fillna(0) < frame["max_score"]
    table = (
        frame.groupby(["notebook", "cell", "exercise"], sort=False)
        .agg(failed=("failed", "sum"), students=("student", "nunique"))
        .reset_index()
    )
    table["share failed"] = table["failed"] / table["students"]
    table["most common error"] = [
        _most_common(errors.get((n, c), Counter())) for n, c in zip(table["notebook"], table["cell"])
    ]
    table = table.rename(columns={"cell": "test cell"}).sort_values(
        ["failed", "test cell"], ascending=[False, True], kind="stable"
    )
    return table.drop(columns=["notebook"]).reset_index(drop=True)


NOT_RUN = "no notebook, or the cell did not run"


def _most_common(counts: Counter) -> str:
    """The most frequent real error message (a missing notebook only when there is nothing else)."""
    real = Counter({message: n for message, n in counts.items() if message != NOT_RUN})
    message, n = (real or counts).most_common(1)[0] if counts else ("", 0)
    return f"{message} ({n}x)" if message else ""


def plot_distributions(rows: list[dict], path: Path) -> Path:
    """One bar chart per exercise: how many students got each score."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    frame = pd.DataFrame(rows)
    exercises = list(dict.fromkeys(frame["exercise"])) if not frame.empty else []
    figure, axes = plt.subplots(1, max(1, len(exercises)), figsize=(3.2 * max(1, len(exercises)), 3.0), squeeze=False)
    for axis, name in zip(axes[0], exercises):
        part = frame[frame["exercise"] == name]
        per_student = part.groupby("student").agg(
            score=("score", lambda v: v.fillna(0).sum()), top=("max_score", "sum"), graded=("graded", "all")
        )
        done = per_student[per_student["graded"]]
        top = float(per_student["top"].max())
        values = sorted(set(float(v) for v in range(int(top) + 1)) | set(done["score"].round(2)))
        counts = done["score"].round(2).value_counts()
        axis.bar([f"{value:g}" for value in values], [int(counts.get(value, 0)) for value in values], color="#4C72B0")
        axis.set_title(name if len(name) < 38 else name[:35] + "...", fontsize=9)
        waiting = len(per_student) - len(done)
        axis.set_xlabel(f"score (of {top:g})" + (f"; {waiting} not graded yet" if waiting else ""))
        axis.set_ylabel("students")
    if not exercises:
        axes[0][0].text(0.5, 0.5, "no submissions graded yet", ha="center")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _markdown(frame, floats: tuple[str, ...] = ()) -> str:
    columns = list(frame.columns)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for _, row in frame.iterrows():
        cells = []
        for column in columns:
            value = row[column]
            if isinstance(value, float) and value != value:  # NaN: nothing graded yet
                cells.append("not graded yet")
            elif column in floats or isinstance(value, float):
                cells.append(f"{value:.0%}" if column in ("full marks", "zero", "share failed") else f"{value:.2f}")
            else:
                cells.append(str(value).replace("|", "\\|"))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_report(
    course_root: Path,
    assignment: str,
    *,
    notes: dict[str, list[str]] | None = None,
    out: Path | None = None,
    extra_args: tuple[str, ...] = (),
) -> Path:
    """Write the report files (see the module docstring); return the folder."""
    import os

    from . import preflight as checks
    from .parallel import nbgrader_app

    here = os.getcwd()
    try:
        app = nbgrader_app(Path(course_root).resolve(), extra_args)
        cd = app.coursedir
        data = collect(app, assignment)
        folder = Path(out) if out else Path(cd.root) / "grading" / "reports" / assignment
        folder.mkdir(parents=True, exist_ok=True)
        exercises, tests = exercise_table(data["rows"]), tests_table(data["rows"], data["errors"])
        exercises.to_csv(folder / "exercises.csv", index=False)
        tests.to_csv(folder / "tests.csv", index=False)
        plot_distributions(data["rows"], folder / "scores.png")
        release = Path(cd.format_path(cd.release_directory, ".", assignment))
        if notes is None:
            found = checks.preflight(
                Path(cd.format_path(cd.submitted_directory, ".", ".")),
                release,
                assignment,
                sorted(data["students"]),
                fix=False,
            )
            notes = {
                student: checks.diagnose(
                    student,
                    Path(cd.format_path(cd.submitted_directory, student, assignment)),
                    release,
                    Path(cd.format_path(cd.autograded_directory, student, assignment)),
                    found.get(student),
                    source_folder=Path(cd.format_path(cd.source_directory, ".", assignment)),
                )
                for student in data["students"]
            }
        with open(folder / "students.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["student", "score", "max_score", "waiting_for_manual_grading", "notes"])
            for student, (score, top, manual) in sorted(data["students"].items()):
                writer.writerow([student, f"{score:g}", f"{top:g}", manual, join_notes(notes.get(student, []))])
        flagged = {s: n for s, n in sorted(notes.items()) if n}
        failed = tests[tests["failed"] > 0].head(10) if len(tests) else tests
        text = [
            f"# Grade report: {assignment}",
            "",
            f"{len(data['students'])} submissions in the gradebook. Autograded tests count at once; written "
            "answers once a person has graded them (column *graded*: students whose exercise is fully graded).",
            "",
            "## Score distribution per exercise",
            "",
            _markdown(exercises),
            "",
            "![scores](scores.png)",
            "",
            "## The tests most students fail",
            "",
            _markdown(failed) if len(failed) else "Every test passed for every student.",
            "",
            "## Submissions that need a look",
            "",
        ]
        text += [f"- **{student}**: " + join_notes(items) for student, items in flagged.items()] or ["None."]
        (folder / "report.md").write_text("\n".join(text) + "\n", encoding="utf-8")
        return folder
    finally:
        os.chdir(here)
