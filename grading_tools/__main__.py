"""Command line: ``python -m grading_tools <command> ...`` from the course's root folder.

    check-sandbox                     can autograding run sandboxed here? (exit 1 if not)
    preflight ASSIGNMENT              check submissions; rename invalid notebooks, recover renamed ones
    autograde ASSIGNMENT [--jobs N]   preflight + autograde every submission + explain each score
    report ASSIGNMENT                 grade report in grading/reports/ASSIGNMENT/
    make-class ASSIGNMENT --into DIR  write a generated class of submissions (for trying things out)
    wrong-answers [ASSIGNMENT ...]    run tests/wrong_answers/*.toml through the tests (docs/wrong-answers.md)

Options after ``--`` go to nbgrader (e.g. ``-- --Execute.timeout=30``). See
docs/instructor-guide.md for the whole workflow.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _course_root(value: str | None) -> Path:
    root = Path(value or os.getcwd()).resolve()
    if not (root / "nbgrader_config.py").exists():
        sys.exit(f"{root} has no nbgrader_config.py: run from the course's root folder or pass --course PATH")
    return root


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1 :]
        argv = argv[: argv.index("--")]
    parser = argparse.ArgumentParser(prog="python -m grading_tools", description=__doc__.splitlines()[0])
    parser.add_argument("--course", help="the course's root folder (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check-sandbox", help="say whether autograding can run sandboxed here")
    check.add_argument("--bwrap", default="bwrap")
    pre = commands.add_parser("preflight", help="check submissions before grading")
    pre.add_argument("assignment")
    pre.add_argument("--student", action="append", help="only this student (repeatable)")
    pre.add_argument("--dry-run", action="store_true", help="report only; rename and copy nothing")
    grade = commands.add_parser("autograde", help="preflight + autograde a class in parallel + explain scores")
    grade.add_argument("assignment")
    grade.add_argument(
        "--jobs",
        type=int,
        default=min(4, os.cpu_count() or 1),
        help="worker processes (default: the number of cores, at most 4); 1 = no workers",
    )
    grade.add_argument("--student", action="append", help="only this student (repeatable)")
    grade.add_argument("--timeout", type=int, help="seconds per cell (default: Execute.timeout in nbgrader_config.py)")
    grade.add_argument("--no-progress", action="store_true")
    report = commands.add_parser("report", help="write the grade report")
    report.add_argument("assignment")
    report.add_argument("--out", help="folder for the report (default: grading/reports/ASSIGNMENT)")
    make = commands.add_parser("make-class", help="write a generated class of submissions")
    make.add_argument("assignment")
    make.add_argument("--into", required=True, help="the submitted folder to write into (e.g. grading/submitted)")
    make.add_argument("--students", type=int, default=30)
    wrong = commands.add_parser("wrong-answers", help="run the wrong-answer suite (tests/wrong_answers/)")
    wrong.add_argument("assignments", nargs="*", help="default: every assignment with entries")
    wrong.add_argument("--jobs", type=int, default=2, help="assignments scored at once (default 2)")
    wrong.add_argument("--timeout", type=float, default=30.0, help="seconds per test cell (default 30)")
    args = parser.parse_args(argv)

    if args.command == "check-sandbox":
        from .sandbox import check_sandbox_cli

        return check_sandbox_cli(args.bwrap)
    root = _course_root(args.course)
    if args.command == "preflight":
        from .parallel import grading_lock, nbgrader_app
        from .preflight import dumps_findings, preflight, prepare

        here = os.getcwd()
        app = nbgrader_app(root, extra)
        os.chdir(here)
        cd = app.coursedir
        if args.dry_run:
            found = preflight(
                Path(cd.format_path(cd.submitted_directory, ".", ".")),
                Path(cd.format_path(cd.release_directory, ".", args.assignment)),
                args.assignment,
                args.student,
                fix=False,
            )
        else:
            with grading_lock(root):
                found, _ = prepare(app, args.assignment, args.student)
        print(dumps_findings(found))
        return 0
    if args.command == "autograde":
        from .parallel import autograde_class
        from .report import join_notes, write_report
        from .sandbox import SandboxUnavailable

        if args.timeout:
            extra = [*extra, f"--Execute.timeout={args.timeout}"]
        try:
            results = autograde_class(
                root,
                args.assignment,
                jobs=args.jobs,
                students=args.student,
                extra_args=extra,
                progress=not args.no_progress,
            )
        except (SandboxUnavailable, RuntimeError, ValueError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        width = max([len(r.student) for r in results] + [7])
        print(f"\n{'student':<{width}}  {'score':>11}  notes")
        for result in results:
            score = f"{result.score:g}/{result.max_score:g}" if result.score is not None else "not graded"
            print(f"{result.student:<{width}}  {score:>11}  {join_notes(result.notes) or '-'}")
        folder = write_report(
            root, args.assignment, notes={r.student: r.notes for r in results}, extra_args=tuple(extra)
        )
        failed = [r.student for r in results if not r.success]
        print(f"\n{len(results) - len(failed)} of {len(results)} submissions graded; report: {folder / 'report.md'}")
        if failed:
            print(f"nbgrader could not grade: {', '.join(failed)} (see the notes above)", file=sys.stderr)
        return 1 if failed else 0
    if args.command == "report":
        from .report import write_report

        folder = write_report(root, args.assignment, out=Path(args.out) if args.out else None, extra_args=tuple(extra))
        print((folder / "report.md").read_text(encoding="utf-8"))
        return 0
    if args.command == "wrong-answers":
        from .wrong_answers import main as wrong_answers

        return wrong_answers(root, args.assignments, jobs=args.jobs, timeout=args.timeout)
    if args.command == "make-class":
        from .fake_class import make_class

        made = make_class(root, args.assignment, Path(args.into), students=args.students)
        for student, submission in made.items():
            print(f"{student}: {submission.description}")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
