"""The wrong-answer suite: known-wrong and correct alternative answers, run through the real tests.

Entries live beside the tests, one TOML file per assignment: ``tests/wrong_answers/<assignment>.toml``
(format: docs/wrong-answers.md). Each entry replaces one answer cell of the instructor notebook
(``solutions/<assignment>/<assignment>.ipynb``) and is scored by :func:`grading_tools.scoring.score_candidates`
against the test cells of its exercise (the answer cell and the test cells after it, up to the next
answer cell, from nbgrader metadata), twice: with the whole test cells, and with their hidden parts
removed (what learners see before they submit). A wrong entry must be rejected by the whole tests, a
correct one accepted.

    python -m grading_tools wrong-answers                    # every assignment with entries
    python -m grading_tools wrong-answers 01-data-detective  # one assignment
"""

from __future__ import annotations

import concurrent.futures
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import scoring

FIELDS = {"answer", "kind", "description", "source"}
KINDS = ("wrong", "correct")
DEFAULT_TIMEOUT = 30.0


@dataclass
class Entry:
    answer: str  # grade_id of the answer cell it replaces
    kind: str  # "wrong" or "correct"
    description: str  # the mistake, in one line (or what makes a correct alternative different)
    source: str  # the whole answer cell
    number: int  # position in the file, from 1

    @property
    def key(self) -> str:
        return f"{self.number:03d}"


@dataclass
class Outcome:
    entry: Entry
    rejected_visible: bool
    rejected_full: bool
    failing: list[str] = field(default_factory=list)  # "test-id: message" of the full tests that failed
    stopped: str | None = None

    @property
    def ok(self) -> bool:
        return self.rejected_full if self.entry.kind == "wrong" else not self.rejected_full


@dataclass
class AssignmentOutcome:
    assignment: str
    outcomes: list[Outcome]
    reference_problems: list[str]  # answer cells whose own solution fails its tests here: nothing can be judged

    @property
    def wrong(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.entry.kind == "wrong"]

    @property
    def correct(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.entry.kind == "correct"]

    def counts(self) -> dict[str, int]:
        return {
            "wrong": len(self.wrong),
            "rejected_visible": sum(o.rejected_visible for o in self.wrong),
            "rejected_full": sum(o.rejected_full for o in self.wrong),
            "correct": len(self.correct),
            "accepted": sum(not o.rejected_full for o in self.correct),
        }


def entries_folder(course_root: Path) -> Path:
    return Path(course_root) / "tests" / "wrong_answers"


def load_entries(path: Path, notebook: dict | None = None) -> list[Entry]:
    """Read and check one assignment's entries; errors say which entry and what to fix."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path}: not valid TOML: {error}") from None
    unknown_top = set(data) - {"entry"}
    if unknown_top:
        raise ValueError(f"{path}: unknown top-level keys {sorted(unknown_top)}; write each entry as [[entry]]")
    answers = None
    if notebook is not None:
        cells, _ = scoring.plan_cells(notebook)
        answers = [cell.grade_id for cell in cells if cell.kind == "answer"]
    entries = []
    for number, raw in enumerate(data.get("entry", []), start=1):
        where = f"{path}, entry {number}"
        missing, unknown = FIELDS - set(raw), set(raw) - FIELDS
        if missing or unknown:
            raise ValueError(
                f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}; fields are {sorted(FIELDS)}"
            )
        if raw["kind"] not in KINDS:
            raise ValueError(f"{where}: kind must be one of {KINDS}, not {raw['kind']!r}")
        if not str(raw["description"]).strip() or "\n" in str(raw["description"]).strip():
            raise ValueError(f"{where}: description must be one non-empty line")
        if answers is not None and raw["answer"] not in answers:
            raise ValueError(f"{where}: no answer cell {raw['answer']!r} in the notebook; its answer cells: {answers}")
        entries.append(Entry(raw["answer"], raw["kind"], str(raw["description"]).strip(), raw["source"], number))
    if not entries:
        raise ValueError(f"{path}: no [[entry]] tables")
    return entries


def assignments_with_entries(course_root: Path) -> list[str]:
    return sorted(path.stem for path in entries_folder(course_root).glob("*.toml"))


def run_assignment(course_root: Path, assignment: str, *, timeout: float = DEFAULT_TIMEOUT) -> AssignmentOutcome:
    """Score every entry of one assignment against the instructor notebook's tests."""
    course_root = Path(course_root)
    folder = course_root / "solutions" / assignment
    notebook = scoring.load_notebook(folder / f"{assignment}.ipynb")
    entries = load_entries(entries_folder(course_root) / f"{assignment}.toml", notebook)
    candidates = [scoring.Candidate(entry.key, entry.answer, entry.source) for entry in entries]
    limits = scoring.RunnerLimits(test_timeout=timeout, cell_timeout=max(timeout, 120.0))
    results = {r.key: r for r in scoring.score_candidates(notebook, candidates, cwd=folder, limits=limits)}
    problems = []
    for result in results.values():
        if result.key == "__reference__" and not result.passed_full:
            failing = [f"{v.grade_id}: {v.message[:200]}" for v in result.full.values() if not v.passed]
            problems.append(f"{result.answer}: {'; '.join(failing) or result.stopped}")
    outcomes = []
    for entry in entries:
        result = results[entry.key]
        failing = [f"{v.grade_id}: {v.ename}: {v.message[:300]}" for v in result.full.values() if not v.passed]
        outcomes.append(Outcome(entry, not result.passed_visible, not result.passed_full, failing, result.stopped))
    return AssignmentOutcome(assignment, outcomes, problems)


def run_all(
    course_root: Path, assignments: list[str] | None = None, *, jobs: int = 2, timeout: float = DEFAULT_TIMEOUT
) -> list[AssignmentOutcome]:
    """Run several assignments, ``jobs`` at a time (each assignment is one scoring process)."""
    assignments = assignments or assignments_with_entries(course_root)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(run_assignment, course_root, name, timeout=timeout) for name in assignments]
        return [future.result() for future in futures]


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "-"


def summary_table(outcomes: list[AssignmentOutcome]) -> str:
    """Per assignment: wrong answers rejected by the visible tests / by all tests, correct ones accepted."""
    header = ("assignment", "wrong rejected by visible tests", "wrong rejected by all tests", "correct accepted")
    rows = [header]
    totals = {"wrong": 0, "rejected_visible": 0, "rejected_full": 0, "correct": 0, "accepted": 0}
    for outcome in outcomes:
        counts = outcome.counts()
        for key in totals:
            totals[key] += counts[key]
        rows.append(
            (
                outcome.assignment,
                _share(counts["rejected_visible"], counts["wrong"]),
                _share(counts["rejected_full"], counts["wrong"]),
                _share(counts["accepted"], counts["correct"]),
            )
        )
    if len(outcomes) > 1:
        rows.append(
            (
                "all",
                _share(totals["rejected_visible"], totals["wrong"]),
                _share(totals["rejected_full"], totals["wrong"]),
                _share(totals["accepted"], totals["correct"]),
            )
        )
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def problems_text(outcomes: list[AssignmentOutcome]) -> str:
    """Escapes (wrong answers accepted), false rejections and broken references, one per line."""
    lines = []
    for outcome in outcomes:
        for problem in outcome.reference_problems:
            lines.append(f"{outcome.assignment}: the reference answer fails its own tests here: {problem}")
        for item in outcome.outcomes:
            entry = item.entry
            if item.ok:
                continue
            if entry.kind == "wrong":
                lines.append(
                    f"{outcome.assignment} entry {entry.number} ({entry.answer}): ESCAPE: wrong answer accepted "
                    f"by every test: {entry.description}"
                )
            else:
                lines.append(
                    f"{outcome.assignment} entry {entry.number} ({entry.answer}): FALSE REJECTION of a correct "
                    f"answer ({entry.description}): {'; '.join(item.failing) or item.stopped}"
                )
    return "\n".join(lines)


def main(course_root: Path, assignments: list[str], *, jobs: int, timeout: float) -> int:
    known = assignments_with_entries(course_root)
    unknown = sorted(set(assignments) - set(known))
    if unknown:
        print(f"no entries for {unknown} in {entries_folder(course_root)}; assignments with entries: {known}")
        return 2
    outcomes = run_all(course_root, assignments or known, jobs=jobs, timeout=timeout)
    print(summary_table(outcomes))
    problems = problems_text(outcomes)
    if problems:
        print("\n" + problems)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover (use python -m grading_tools wrong-answers)
    import sys

    sys.exit(main(Path(os.getcwd()), sys.argv[1:], jobs=2, timeout=DEFAULT_TIMEOUT))
