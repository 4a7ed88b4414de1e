"""A class on a real JupyterHub, built by the recipe of docs/jupyterhub.md, end to end.

A throwaway hub on 127.0.0.1 (JupyterHub from PyPI, configurable-http-proxy from npm, PAM
login, one Unix user per person) with one instructor and two students, configured with the
files the course ships in deploy/jupyterhub/, in a shared environment made the recipe's way
(a plain install of the course, from a copy of this repository, with a Python every user can
run). Then the whole round trip:

1. the instructor and student B log in through the REST API (tokens from their PAM
   passwords) and start their servers; the formgrader generates and releases the assignment;
2. student A fetches, works and submits on the command line; student B only through the
   hub's REST API (nbgrader's ``/user/<name>/assignments`` endpoints, the contents API);
3. the roles hold: students have no formgrader and cannot reach the instructor's server,
   cannot list the exchange's inbound folder or read each other's homes (mode 700);
4. the formgrader collects, the instructor autogrades in the sandbox on the command line, and
   the formgrader, through the hub, shows every test cell's score: full marks for the correct
   submission, partial for the partial one;
5. the formgrader generates and releases feedback; A fetches it on the command line, B through
   the REST API.

Everything the test makes (users, their processes, the hub and its proxy, folders) is removed
at the end, whatever happened. It needs root (to create users): elsewhere it is skipped, saying
so; under CI=true (root, bubblewrap installed) it must run. The environment's packages and the
proxy are kept in the git-ignored .cache/hub-test/ (see build_environment).
"""

from __future__ import annotations

import pytest

pytest.importorskip("nbgrader")  # the minimum-versions environment has no grading tools

import grp
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from test_grading_batch import ASSIGNMENT, _require_sandbox

from conftest import REPO, copy_working_tree
from grading_tools import fake_class

pytestmark = pytest.mark.slow

DEPLOY = REPO / "deploy" / "jupyterhub"
CACHE = REPO / ".cache" / "hub-test"
SYSTEM_PYTHON = Path("/usr/bin/python3")  # a Python every user can run (not one under /root)
PROXY_PACKAGE = "configurable-http-proxy@5"
HUB_REQUIREMENT = "jupyterhub>=6,<7"
COURSE_ID = "data-centric-ai"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"


def _missing_requirement() -> str | None:
    """Why this machine cannot run the hub test, or None."""
    if sys.platform != "linux":
        return "a JupyterHub with Unix users needs Linux"
    if os.geteuid() != 0:
        return "needs root to create throwaway Unix users (CI runs it as root)"
    if not SYSTEM_PYTHON.exists():
        return f"{SYSTEM_PYTHON} is missing: the hub's shared environment needs a Python every user can run"
    for program in ("npm", "useradd", "userdel", "chpasswd"):
        if shutil.which(program) is None:
            return f"{program} is not installed"
    if subprocess.run([sys.executable, "-m", "uv", "--version"], capture_output=True).returncode != 0:
        return "uv is not installed in the test environment (the test extra has it)"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Steps:
    """Times each step, wall clock and CPU (this process and the finished processes it started);
    the summary is printed at the end (pytest -s shows it). The users' servers are counted when
    they end, in the clean-up."""

    def __init__(self):
        self.times: list[tuple[str, float, float]] = []
        self.start = self._last = time.perf_counter()
        self.cpu_start = self._last_cpu = self._cpu()

    @staticmethod
    def _cpu() -> float:
        times = os.times()
        return times.user + times.system + times.children_user + times.children_system

    def done(self, name: str) -> None:
        now, cpu = time.perf_counter(), self._cpu()
        self.times.append((name, now - self._last, cpu - self._last_cpu))
        self._last, self._last_cpu = now, cpu

    def summary(self) -> str:
        lines = [f"  {wall:6.1f} s  {cpu:6.1f} s  {name}" for name, wall, cpu in self.times]
        total = f"  {time.perf_counter() - self.start:6.1f} s  {self._cpu() - self.cpu_start:6.1f} s  in all"
        return "\n".join(["    wall     CPU", *lines, total])


class ThrowawayHub:
    """Users, folders and processes of one test hub, all removed by :meth:`cleanup`."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="dcai-hub-", dir="/tmp"))
        self.folder.chmod(0o755)  # every user traverses it (the environment, the exchange, homes)
        self.homes = self.folder / "home"
        self.homes.mkdir(mode=0o755)
        self.exchange = self.folder / "exchange"
        self.state = self.folder / "hub"  # the hub's database, cookie secret, configuration: root only
        self.state.mkdir(mode=0o700)
        self.set_environment(self.folder / "env")
        self.users: list[str] = []
        self.passwords: dict[str, str] = {}
        self.hub: subprocess.Popen | None = None
        self.hub_log = self.state / "hub.log"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def set_environment(self, env: Path) -> None:
        self.env = env

    # -- users --------------------------------------------------------------------------
    def add_user(self, name: str) -> None:
        subprocess.run(
            ["useradd", "--create-home", "--base-dir", str(self.homes), "--key", "HOME_MODE=0700"]
            + ["--shell", "/bin/bash", "--user-group", name],
            check=True,
            capture_output=True,
        )
        self.users.append(name)
        password = secrets.token_urlsafe(12)
        subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True)  # not on a command line
        self.passwords[name] = password

    def home(self, user: str) -> Path:
        return Path(pwd.getpwnam(user).pw_dir)

    def user_env(self, user: str) -> dict[str, str]:
        """What a terminal in the user's JupyterLab on this hub has (c.Spawner.environment)."""
        return {
            "HOME": str(self.home(user)),
            "USER": user,
            "LOGNAME": user,
            "SHELL": "/bin/bash",
            "LANG": "C.UTF-8",
            "PATH": os.pathsep.join([str(self.env / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
        }

    def as_user(self, user: str, *command: str, cwd: Path | None = None, stdin: bytes | None = None, check=True):
        """Run a command as that Unix user, in their home by default."""
        entry = pwd.getpwnam(user)
        result = subprocess.run(
            list(command),
            cwd=cwd or entry.pw_dir,
            env=self.user_env(user),
            user=entry.pw_uid,
            group=entry.pw_gid,
            extra_groups=[],
            input=stdin,
            capture_output=True,
            timeout=900,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"as {user}: {' '.join(command)} failed ({result.returncode}):\n"
                f"{result.stdout.decode(errors='replace')[-3000:]}\n{result.stderr.decode(errors='replace')[-3000:]}"
            )
        return result

    def write_as(self, user: str, path: Path, content: bytes) -> None:
        code = "import pathlib, sys; pathlib.Path(sys.argv[1]).write_bytes(sys.stdin.buffer.read())"
        self.as_user(user, str(self.env / "bin" / "python"), "-c", code, str(path), stdin=content)

    # -- the hub ------------------------------------------------------------------------
    def start_hub(self) -> None:
        log = open(self.hub_log, "wb")
        self.hub = subprocess.Popen(
            [
                str(self.env / "bin" / "jupyterhub"),
                "-f",
                str(self.state / "jupyterhub_config.py"),
                f"--JupyterHub.bind_url={self.url}",
                f"--JupyterHub.hub_bind_url=http://127.0.0.1:{_free_port()}",
                f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{_free_port()}",
            ],
            cwd=self.state,
            env={"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        import requests

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.hub.poll() is not None:
                raise AssertionError(f"the hub exited ({self.hub.returncode}):\n{self.log_tail()}")
            try:
                if requests.get(f"{self.url}/hub/api", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise AssertionError(f"the hub did not answer within 120 s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        try:
            return self.hub_log.read_text(errors="replace")[-6000:]
        except OSError:
            return "(no hub log)"

    # -- clean-up -------------------------------------------------------------------------
    def cleanup(self) -> list[str]:
        """Stop every process, remove every user and folder; return what could not be removed."""
        problems = []
        # the users' servers and kernels first (by process id), so the hub has nothing left to wait for
        _kill_all([pid for user in self.users for pid in _pids_of(pwd.getpwnam(user).pw_uid)], problems)
        if self.hub is not None and self.hub.poll() is None:
            self.hub.send_signal(signal.SIGTERM)  # the hub stops its proxy
            try:
                self.hub.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.hub.pid, signal.SIGKILL)
                self.hub.wait(timeout=30)
        proxy_pid = self.state / "jupyterhub-proxy.pid"
        if proxy_pid.exists():
            _kill_pid(int(proxy_pid.read_text().strip() or 0), problems)
        _kill_all([pid for user in self.users for pid in _pids_of(pwd.getpwnam(user).pw_uid)], problems)
        for user in self.users:
            result = subprocess.run(["userdel", user], capture_output=True, text=True)
            if result.returncode != 0:
                problems.append(f"userdel {user}: {result.stderr.strip()}")
            try:
                grp.getgrnam(user)
            except KeyError:
                pass
            else:
                subprocess.run(["groupdel", user], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.folder.exists():
            problems.append(f"{self.folder} remains")
        return problems


def _pids_of(uid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def _kill_pid(pid: int, problems: list[str]) -> None:
    if pid > 1:
        _kill_all([pid], problems)


def _kill_all(pids: list[int], problems: list[str]) -> None:
    """SIGTERM these processes (by id), then SIGKILL whichever is still there after 10 s."""
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        while pids and time.monotonic() < deadline:
            pids = [pid for pid in pids if _alive(pid)]
            time.sleep(0.1)
        if not pids:
            return
    problems.extend(f"process {pid} survived SIGKILL" for pid in pids)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (ended, not yet reaped by its parent) counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


# -- building the environment the recipe's way ---------------------------------------------
def _proxy_install() -> Path:
    """configurable-http-proxy from npm, cached in .cache/hub-test/ (what the recipe installs into the env)."""
    folder = CACHE / "proxy"
    program = folder / "node_modules" / ".bin" / "configurable-http-proxy"
    stamp = folder / ".installed"
    if not (program.exists() and stamp.exists() and stamp.read_text() == PROXY_PACKAGE):
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--loglevel=error", PROXY_PACKAGE],
            check=True,
            capture_output=True,
            timeout=600,
        )
        stamp.write_text(PROXY_PACKAGE)
    return folder


def _traversable_by_everyone(path: Path) -> bool:
    return all(os.stat(folder).st_mode & 0o001 for folder in [path, *path.parents])


def _environment_key() -> str:
    """What the environment's third-party packages depend on: pyproject.toml, the hub, the Python."""
    digest = hashlib.sha256((REPO / "pyproject.toml").read_bytes())
    digest.update(HUB_REQUIREMENT.encode() + os.path.realpath(SYSTEM_PYTHON).encode())
    return digest.hexdigest()[:16]


def build_environment(hub: ThrowawayHub) -> None:
    """docs/jupyterhub.md, steps 2-3, with uv in place of pip (the recipe gives both).

    The environment's packages are kept between runs in .cache/hub-test/ when every user can
    reach that folder; the course itself is installed afresh (plain, not editable) every run.
    Where the repository sits in a folder others cannot enter, the environment is made in the
    throwaway folder and removed with it.
    """
    key = _environment_key()
    if _traversable_by_everyone(REPO):
        CACHE.mkdir(parents=True, exist_ok=True)
        for stale in CACHE.glob("env-*"):
            if stale.name != f"env-{key}":
                shutil.rmtree(stale, ignore_errors=True)
        hub.set_environment(CACHE / f"env-{key}")
    stamp = hub.env / ".course-test-complete"
    source = hub.folder / "src"  # root's copy of the course, like the recipe's clone
    source.mkdir(mode=0o700)
    copy_working_tree(source)
    uv = [sys.executable, "-m", "uv"]
    install = [*uv, "pip", "install", "--quiet", "--python", str(hub.env / "bin" / "python")]
    course = f"{source}[lab]"  # a plain install, not editable
    if stamp.exists():
        subprocess.run([*install, "--reinstall-package", "data-centric-ai-course", course], check=True, timeout=900)
    else:
        shutil.rmtree(hub.env, ignore_errors=True)
        subprocess.run([*uv, "venv", "--quiet", "--python", str(SYSTEM_PYTHON), str(hub.env)], check=True)
        subprocess.run([*install, HUB_REQUIREMENT, course], check=True, timeout=900)
    (hub.env / "etc" / "jupyter").mkdir(parents=True, exist_ok=True)
    shared = (DEPLOY / "nbgrader_config.py").read_text()
    assert shared.count('"/srv/nbgrader/exchange"') == 1, "the template names the exchange root once"
    (hub.env / "etc" / "jupyter" / "nbgrader_config.py").write_text(
        shared.replace('"/srv/nbgrader/exchange"', repr(str(hub.exchange)))
    )
    shutil.rmtree(hub.env / "etc" / "jupyter-student", ignore_errors=True)
    shutil.copytree(DEPLOY / "student-config", hub.env / "etc" / "jupyter-student")
    proxy = hub.env / "proxy"
    if proxy.is_symlink() or proxy.exists():
        proxy.unlink()
    proxy.symlink_to(_proxy_install(), target_is_directory=True)
    hub.exchange.mkdir()
    hub.exchange.chmod(0o1777)
    # pip compiles bytecode as it installs; uv does not: compile what the servers and kernels import
    warm = (
        "import jupyterhub.singleuser, jupyterlab, notebook, jupyter_server, ipykernel.kernelapp, nbconvert, "
        "nbgrader.apps, nbgrader.server_extensions.formgrader, nbgrader.server_extensions.assignment_list, "
        "jupyterhub.app, numpy, pandas, sklearn, matplotlib.pyplot, scipy.stats, utils.data, grading_tools.parallel"
    )
    writes_bytecode = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([str(hub.env / "bin" / "python"), "-c", warm], check=True, timeout=600, env=writes_bytecode)
    stamp.write_text(key)
    shutil.rmtree(source)


def configure_hub(hub: ThrowawayHub, instructors: list[str], students: list[str]) -> None:
    shutil.copy(DEPLOY / "jupyterhub_config.py", hub.state / "jupyterhub_config.py")
    (hub.state / "instructors.txt").write_text("\n".join(instructors) + "\n")
    (hub.state / "students.txt").write_text("# the class\n" + "\n".join(students) + "\n")


def instructor_course(hub: ThrowawayHub, user: str) -> Path:
    """The instructor's course folder (what grading reads of a clone) and ~/.jupyter config."""
    home = hub.home(user)
    course = home / "data-centric-ai"
    for part in ("solutions", "exercises"):
        shutil.copytree(REPO / part / ASSIGNMENT, course / part / ASSIGNMENT)
    shutil.copy(REPO / "nbgrader_config.py", course / "nbgrader_config.py")
    (home / ".jupyter").mkdir()
    shutil.copy(DEPLOY / "instructor_nbgrader_config.py", home / ".jupyter" / "nbgrader_config.py")
    entry = pwd.getpwnam(user)
    for path in [course, home / ".jupyter", *course.rglob("*"), *(home / ".jupyter").rglob("*")]:
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return course


# -- talking to the hub as a person would ----------------------------------------------------
class HubUser:
    """One user's REST session: a token from their PAM password, their server, their endpoints."""

    def __init__(self, hub: ThrowawayHub, name: str):
        import requests

        self.hub, self.name = hub, name
        reply = requests.post(
            f"{hub.url}/hub/api/users/{name}/tokens",
            json={"auth": {"username": name, "password": hub.passwords[name]}, "note": "course test"},
            timeout=60,
        )
        assert reply.status_code in (200, 201), f"no token for {name} by PAM login: {reply.status_code} {reply.text}"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {reply.json()['token']}"

    def request_server(self) -> None:
        reply = self.session.post(f"{self.hub.url}/hub/api/users/{self.name}/server", timeout=60)
        assert reply.status_code in (201, 202), f"{self.name}'s server: {reply.status_code} {reply.text}"

    def wait_for_server(self) -> None:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            model = self.session.get(f"{self.hub.url}/hub/api/users/{self.name}", timeout=30).json()
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                return
            time.sleep(1)
        raise AssertionError(f"{self.name}'s server did not start:\n{self.hub.log_tail()}")

    def get(self, path: str, **kw):
        return self.session.get(f"{self.hub.url}/user/{self.name}/{path}", timeout=120, **kw)

    def post(self, path: str, **kw):
        return self.session.post(f"{self.hub.url}/user/{self.name}/{path}", timeout=600, **kw)

    def put(self, path: str, **kw):
        return self.session.put(f"{self.hub.url}/user/{self.name}/{path}", timeout=120, **kw)

    def nbgrader(self, action: str) -> list[dict]:
        """POST /user/<name>/assignments/<action> (nbgrader's assignment list) -> the assignment list."""
        reply = self.post(f"assignments/{action}", params={"course_id": COURSE_ID, "assignment_id": ASSIGNMENT})
        assert reply.status_code == 200, f"{action}: {reply.status_code} {reply.text[:2000]}"
        answer = reply.json()
        assert answer["success"], f"{action} failed: {answer.get('value')}"
        return answer["value"]

    def formgrader(self, action: str) -> dict:
        """POST /user/<name>/formgrader/api/assignment/<assignment>/<action>: a formgrader button."""
        reply = self.post(f"formgrader/api/assignment/{ASSIGNMENT}/{action}")
        assert reply.status_code == 200, f"formgrader {action}: {reply.status_code} {reply.text[:2000]}"
        answer = reply.json()
        assert answer["success"], f"formgrader {action} failed:\n{answer.get('error') or answer.get('log')}"
        return answer

    def page_config(self) -> dict:
        reply = self.get("lab")
        assert reply.status_code == 200, reply.status_code
        found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', reply.text, re.S)
        assert found, "JupyterLab's page has its configuration"
        return json.loads(found.group(1))


def _lab_disabled(config: dict) -> set[str]:
    disabled = config.get("disabledExtensions", [])
    return set(disabled if isinstance(disabled, list) else [k for k, v in disabled.items() if v])


# -- the test -------------------------------------------------------------------------------
def test_a_class_on_jupyterhub_end_to_end():
    why = _missing_requirement()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the JupyterHub test: {why}")
        pytest.skip(f"JupyterHub class test: {why}")
    _require_sandbox()
    steps = Steps()
    hub = ThrowawayHub()
    tag = secrets.token_hex(3)
    teacher, cli_student, api_student = f"dcai{tag}-teach", f"dcai{tag}-ann", f"dcai{tag}-bob"
    try:
        build_environment(hub)
        steps.done("shared environment (uv, from the course's source) and the proxy")
        for user in (teacher, cli_student, api_student):
            hub.add_user(user)
        course = instructor_course(hub, teacher)
        configure_hub(hub, [teacher], [cli_student, api_student])
        hub.start_hub()
        steps.done("three Unix users, the hub and its proxy")
        run_class(hub, steps, teacher, cli_student, api_student, course)
    finally:
        problems = hub.cleanup()
        steps.done("clean-up")
        print("\nJupyterHub class test, step times:\n" + steps.summary())
    assert not problems, f"clean-up left things behind: {problems}"
    for user in (teacher, cli_student, api_student):
        with pytest.raises(KeyError):
            pwd.getpwnam(user)


def run_class(hub: ThrowawayHub, steps: Steps, teacher: str, ann: str, bob: str, course: Path) -> None:
    nbgrader = str(hub.env / "bin" / "nbgrader")
    python = str(hub.env / "bin" / "python")
    info = fake_class.Assignment.load(REPO, ASSIGNMENT)
    full = sum(info.points.values())

    # Private homes, before anything happens.
    for user in (teacher, ann, bob):
        assert hub.home(user).stat().st_mode & 0o777 == 0o700, f"{user}'s home must be mode 700"
    peek = hub.as_user(ann, python, "-c", f"import os; os.listdir({str(hub.home(bob))!r})", check=False)
    assert peek.returncode != 0 and b"PermissionError" in peek.stderr, "a student cannot read another's home"
    # The plain install carries the data: a student loads a data set with no folder or variable set.
    where = hub.as_user(ann, python, "-c", "from utils import data; data.load('sms_spam'); print(data.data_dir())")
    assert Path(where.stdout.decode().strip()).is_relative_to(hub.env), f"data from {where.stdout!r}, not the install"

    # The instructor and Bob log in through the REST API (PAM passwords) and start their servers.
    teacher_api, bob_api = HubUser(hub, teacher), HubUser(hub, bob)
    teacher_api.request_server()
    bob_api.request_server()
    teacher_api.wait_for_server()
    bob_api.wait_for_server()
    steps.done("the instructor's and student B's servers (REST API)")

    # 1. generate and release: the formgrader's buttons, in the instructor's server
    teacher_api.formgrader("assign")
    assert (course / "exercises" / ASSIGNMENT / NOTEBOOK).read_bytes() == (
        REPO / "exercises" / ASSIGNMENT / NOTEBOOK
    ).read_bytes(), "the formgrader generated the release from the course's own configuration"
    teacher_api.formgrader("release")
    steps.done("generate and release (formgrader through the hub)")

    # 2a. Ann: fetch, work (half the exercises), submit, on the command line, no course id given
    hub.as_user(ann, nbgrader, "fetch_assignment", ASSIGNMENT)
    fetched = hub.home(ann) / ASSIGNMENT / NOTEBOOK
    assert fetched.read_bytes() == (REPO / "exercises" / ASSIGNMENT / NOTEBOOK).read_bytes()
    half = {answer for answer, _ in info.groups[: max(1, len(info.groups) // 2)]}
    hub.write_as(ann, fetched, fake_class.dump(info.filled(half)))
    hub.as_user(ann, nbgrader, "submit", ASSIGNMENT)
    steps.done("student A: fetch, work, submit (command line)")

    # 2b. Bob: only the hub's REST API and nbgrader's endpoints of his server
    listed = bob_api.get("assignments", params={"course_id": COURSE_ID}).json()
    statuses = [a["status"] for a in listed.get("value", []) if a["assignment_id"] == ASSIGNMENT]
    assert listed["success"] and statuses == ["released"], listed
    after_fetch = bob_api.nbgrader("fetch")
    assert "fetched" in {a["status"] for a in after_fetch if a["assignment_id"] == ASSIGNMENT}, after_fetch
    path = f"api/contents/{ASSIGNMENT}/{NOTEBOOK}"
    assert bob_api.get(path).json()["type"] == "notebook"
    saved = bob_api.put(path, json={"type": "notebook", "format": "json", "content": info.filled()})
    assert saved.status_code in (200, 201), saved.text[:2000]
    after_submit = bob_api.nbgrader("submit")
    assert "submitted" in {a["status"] for a in after_submit if a["assignment_id"] == ASSIGNMENT}, after_submit
    steps.done("student B: fetch, work, submit (REST API only)")

    # 5. the roles, through the hub and on the machine
    assert "@jupyter/nbgrader:formgrader" in _lab_disabled(bob_api.page_config()), "students' JupyterLab hides it"
    assert "@jupyter/nbgrader:formgrader" not in _lab_disabled(teacher_api.page_config()), "instructors keep it"
    assert bob_api.get("formgrader").status_code == 404, "students' servers have no formgrader"
    intrude = bob_api.session.get(f"{hub.url}/user/{teacher}/formgrader/api/submissions/{ASSIGNMENT}", timeout=60)
    assert intrude.status_code == 403, f"a student's token cannot reach the instructor's server: {intrude.status_code}"
    inbound = hub.exchange / COURSE_ID / "inbound"
    listing = hub.as_user(ann, python, "-c", f"import os; print(os.listdir({str(inbound)!r}))", check=False)
    assert listing.returncode != 0 and b"PermissionError" in listing.stderr, "students cannot list the inbound"
    steps.done("roles checked")

    # 3. collect (formgrader), autograde in the sandbox (command line), the formgrader's view
    teacher_api.formgrader("collect")
    graded = hub.as_user(
        teacher, python, "-m", "grading_tools", "autograde", ASSIGNMENT, "--jobs", "1", "--no-progress", cwd=course
    )
    out = graded.stdout.decode()
    assert "2 of 2 submissions graded" in out, out[-3000:]
    steps.done("collect (formgrader) and autograde (sandboxed, command line)")

    reply = teacher_api.get(f"formgrader/api/submissions/{ASSIGNMENT}")
    assert reply.status_code == 200, reply.text[:2000]
    submissions = {row["student"]: row for row in reply.json()}
    assert set(submissions) == {ann, bob} and all(row["autograded"] for row in submissions.values()), submissions
    assert submissions[bob]["score"] == full and submissions[bob]["max_score"] > full, submissions[bob]
    notebooks = teacher_api.get(f"formgrader/api/submitted_notebooks/{ASSIGNMENT}/{ASSIGNMENT}").json()
    grades = {}
    for notebook in notebooks:
        rows = teacher_api.get("formgrader/api/grades", params={"submission_id": notebook["id"]}).json()
        grades[notebook["student"]] = {
            row["name"]: row["auto_score"] if row["manual_score"] is None else row["manual_score"]
            for row in rows
            if row["name"] in info.points
        }
    assert grades[bob] == info.points, "the correct submission gets full marks on the hub's plain install"
    assert grades[ann] == info.scores({a for a, _ in info.groups} - half)
    assert 0 < sum(grades[ann].values()) < full
    steps.done("the formgrader lists the submissions and every test cell's score")

    # 4. feedback: generated and released (formgrader), fetched by both students
    teacher_api.formgrader("generate_feedback")
    teacher_api.formgrader("release_feedback")
    hub.as_user(ann, nbgrader, "fetch_feedback", ASSIGNMENT)
    pages = list((hub.home(ann) / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
    assert len(pages) == 1 and "<html" in pages[0].read_text()[:3000].lower(), "Ann has her feedback"
    bob_api.nbgrader("fetch_feedback")
    folders = bob_api.get(f"api/contents/{ASSIGNMENT}/feedback").json()["content"]
    assert len(folders) == 1, folders
    page = bob_api.get(f"api/contents/{folders[0]['path']}/{ASSIGNMENT}.html").json()
    assert page["type"] == "file" and "<html" in page["content"][:3000].lower(), "Bob has his feedback"
    steps.done("feedback generated and released (formgrader), fetched by both")
