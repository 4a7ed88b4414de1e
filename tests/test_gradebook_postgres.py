"""Several graders, one gradebook: PostgreSQL as nbgrader's database (docs/instructor-guide.md).

A private PostgreSQL cluster on 127.0.0.1 (Debian's ``postgresql`` programs; the server runs
as an unprivileged user, since PostgreSQL refuses to run as root) holds the gradebook. Two
graders, each in their own copy of the course, point ``COURSE_DB_URL`` at it (the password
only in a ``PGPASSFILE``, never on a command line) and autograde their half of the class at
the same time. Every test cell's score in the shared gradebook must be what the submission
deserves, and the Canvas export reads the same database.

Skipped where PostgreSQL is not installed, except under CI=true (``.ci/run`` installs it).
"""

from __future__ import annotations

import pytest

pytest.importorskip("nbgrader")  # the minimum-versions environment has no grading tools

import csv
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from test_grading_batch import ASSIGNMENT, _require_sandbox

from conftest import REPO
from grading_tools import fake_class

pytestmark = pytest.mark.slow

GRADERS = {
    "grader-a": {"2001": fake_class.correct, "2002": fake_class.partial},
    "grader-b": {"2003": fake_class.blank, "2004": fake_class.correct},
}


def postgres_programs() -> Path | None:
    """The folder holding initdb and pg_ctl (Debian keeps them out of PATH), or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl", path=str(Path(found).resolve().parent)):
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """A throwaway PostgreSQL server owned by an unprivileged user, listening on 127.0.0.1 only."""

    def __init__(self, programs: Path):
        self.programs = programs
        self.folder = Path(tempfile.mkdtemp(prefix="dcai-postgres-"))
        self.folder.chmod(0o755)
        self.data, self.log = self.folder / "data", self.folder / "server.log"
        self.port = _free_port()
        self.user = None
        if os.geteuid() == 0:
            self.user = "postgres" if _user_exists("postgres") else "nobody"
            os.chown(self.folder, pwd.getpwnam(self.user).pw_uid, pwd.getpwnam(self.user).pw_gid)
        self.started = False

    def run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.programs / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.folder)
        if result.returncode != 0:
            raise AssertionError(f"{' '.join(args[:2])} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
        return result

    def start(self) -> None:
        # trust on the Unix socket in our own folder (to create the grader's role), passwords over TCP
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder}"
        self.started = True
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")

    def stop(self) -> None:
        if self.started:
            try:
                self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            finally:
                self.started = False
        shutil.rmtree(self.folder, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture
def gradebook_server(tmp_path):
    """(COURSE_DB_URL, environment with PGPASSFILE, password) of a fresh database on a private cluster."""
    programs = postgres_programs()
    if programs is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the PostgreSQL gradebook test: .ci/run installs Debian's postgresql")
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed: sudo apt-get install postgresql")
    import psycopg
    from psycopg import sql

    cluster = Cluster(programs)
    try:
        cluster.start()
        password = secrets.token_urlsafe(16)
        with psycopg.connect(host=str(cluster.folder), port=cluster.port, user="postgres", dbname="postgres") as admin:
            admin.autocommit = True
            admin.execute(sql.SQL("CREATE ROLE grader LOGIN PASSWORD {}").format(sql.Literal(password)))
            admin.execute("CREATE DATABASE gradebook OWNER grader")
        passfile = tmp_path / "pgpass"
        passfile.write_text(f"127.0.0.1:{cluster.port}:gradebook:grader:{password}\n")
        passfile.chmod(0o600)
        url = f"postgresql+psycopg://grader@127.0.0.1:{cluster.port}/gradebook"
        yield url, dict(os.environ, PGPASSFILE=str(passfile), COURSE_DB_URL=url), password
    finally:
        cluster.stop()


def _env(env: dict) -> dict:
    return dict(env, PYTHONNOUSERSITE="1", PATH=os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]]))


def _course_copy(folder: Path) -> Path:
    for part in ("solutions", "exercises"):
        shutil.copytree(REPO / part / ASSIGNMENT, folder / part / ASSIGNMENT)
    shutil.copy(REPO / "nbgrader_config.py", folder / "nbgrader_config.py")
    return folder


def test_two_graders_grade_into_one_postgresql_gradebook(tmp_path, gradebook_server):
    _require_sandbox()
    url, env, password = gradebook_server
    env = _env(env)
    info = fake_class.Assignment.load(REPO, ASSIGNMENT)
    courses = {grader: _course_copy(tmp_path / grader) for grader in GRADERS}
    expected = {}
    for grader, students in GRADERS.items():
        for student, scenario in students.items():
            submission = scenario(info, {})
            folder = courses[grader] / "grading" / "submitted" / student / ASSIGNMENT
            folder.mkdir(parents=True)
            for name, content in submission.files.items():
                (folder / name).write_bytes(content)
            expected[student] = submission.expected

    # The gradebook's tables and the assignment are made once, before the graders start.
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "id,first_name,last_name,email\n" + "".join(f"{s},Student,S{s},\n" for s in sorted(expected)), encoding="utf-8"
    )
    first = courses["grader-a"]
    for args in (("db", "student", "import", str(roster)), ("generate_assignment", ASSIGNMENT, "--force")):
        done = subprocess.run(
            [sys.executable, "-m", "nbgrader", *args], cwd=first, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr[-3000:]

    # Both graders at once, each on their own students, into the one database.
    commands = {
        grader: [sys.executable, "-m", "grading_tools", "autograde", ASSIGNMENT, "--jobs", "1", "--no-progress"]
        for grader in GRADERS
    }
    running = {
        grader: subprocess.Popen(
            command, cwd=courses[grader], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for grader, command in commands.items()
    }
    outputs = {grader: process.communicate(timeout=900) for grader, process in running.items()}
    for grader, (out, err) in outputs.items():
        assert running[grader].returncode == 0, f"{grader}:\n{out[-3000:]}\n{err[-3000:]}"
        assert password not in out + err, "the database password must never be printed"
        for student in GRADERS[grader]:
            assert student in out, f"{grader} reports {student}"
    assert all(password not in " ".join(command) for command in commands.values())

    from nbgrader.api import Gradebook

    previous = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = env["PGPASSFILE"]
    try:
        with Gradebook(url) as gradebook:
            got = {}
            for submission in gradebook.assignment_submissions(ASSIGNMENT):
                notebook = submission.notebooks[0]
                got[submission.student_id] = {
                    grade.name: grade.score for grade in notebook.grades if grade.name in info.points
                }
                assert submission.max_score > sum(info.points.values()), "the written answers count too"
    finally:
        if previous is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = previous
    assert got == expected, "every test cell of every student, graded by two processes, is in the one gradebook"
    assert sum(got["2001"].values()) == sum(info.points.values())
    assert 0 < sum(got["2002"].values()) < sum(info.points.values())
    assert sum(got["2003"].values()) == 0

    # The LMS export reads the same database (manual grading is still open, so it must be allowed).
    refused = subprocess.run(
        [sys.executable, "-m", "grading_tools", "export-canvas"], cwd=first, env=env, capture_output=True, text=True
    )
    assert refused.returncode == 1 and "answers still to grade by hand" in refused.stderr, refused.stderr[-2000:]
    exported = subprocess.run(
        [sys.executable, "-m", "grading_tools", "export-canvas", "--allow-pending", "--to", str(tmp_path / "c.csv")],
        cwd=first,
        env=env,
        capture_output=True,
        text=True,
    )
    assert exported.returncode == 0, exported.stderr[-2000:]
    with open(tmp_path / "c.csv", newline="", encoding="utf-8") as handle:
        rows = {row["ID"]: row for row in csv.DictReader(handle)}
    assert {student: float(rows[student][ASSIGNMENT]) for student in expected} == {
        student: sum(scores.values()) for student, scores in expected.items()
    }
