"""Run every autograding kernel inside a bubblewrap sandbox.

nbgrader runs student code with the instructor's permissions. ``nbgrader_config.py``
replaces the ``Execute`` step of ``nbgrader autograde`` by :class:`SandboxedExecute`,
which starts each kernel through `bubblewrap <https://github.com/containers/bubblewrap>`_
(``bwrap``, packaged by Debian, Ubuntu and Fedora) so that student code

- sees only the operating system (read-only), the Python environment and the course's
  ``utils`` and ``grading_tools`` packages and ``datasets/`` (read-only), a private ``/tmp``,
  and a **private copy** of its submission folder ``grading/autograded/<student>/<assignment>/``
  (a size-capped tmpfs mounted at the same path): regular files only, the notebooks being
  graded replaced by a notice (they hold the restored hidden tests). Nothing it writes reaches
  the host: the copy disappears with the sandbox, so nbgrader's later steps (its permission
  step, feedback) only ever see the files nbgrader itself put there;
- cannot see ``solutions/``, the gradebook, other students' folders, the instructor's home
  or anything else of the machine;
- has no network at all (its own empty network namespace), no other processes in view
  (its own PID namespace) and no capabilities;
- runs under the limits of :class:`GradingLimits` (memory, processes, file size, disk, output),
  as an unprivileged user (``nobody``) when grading runs as root, so that the process limit
  applies (the kernel exempts root from it).

The kernel talks to nbgrader through Unix sockets (ZeroMQ ``ipc`` transport) in a private
folder made for that one kernel, so no TCP port is needed across the network boundary.

If ``bwrap`` is missing or cannot create namespaces on this machine, grading refuses to
run and says how to install it, unless the instructor opts out explicitly with the
environment variable ``COURSE_GRADING_SANDBOX=off`` (or
``--SandboxedExecute.sandbox=off`` on the command line): then student code runs
unconfined, with a warning.

The same sandbox runs the scoring engine (``grading_tools.scoring``), which decides the
scores: see :func:`runner_command` and ``grading_tools.verdicts``. What neither can do is in
docs/instructor-guide.md ("What the sandbox and the scoring do and do not prevent").
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import CaselessStrEnum, Integer, List, Unicode, default
from traitlets.config import Configurable

from .scoring import tree_memory_mb

SWITCH_ENV = "COURSE_GRADING_SANDBOX"
"""Environment variable: ``off`` runs student code without a sandbox (explicit opt-out)."""

INSTALL_HINT = (
    "Install bubblewrap, then grade again:\n"
    "    Debian/Ubuntu:  sudo apt-get install bubblewrap\n"
    "    Fedora/RHEL:    sudo dnf install bubblewrap\n"
    "    Arch:           sudo pacman -S bubblewrap\n"
    "Check it with:  python -m grading_tools check-sandbox\n"
    f"Only if you accept that student code runs with your permissions (it can read "
    f"solutions/ and the gradebook, and reach the network), opt out explicitly:\n"
    f"    {SWITCH_ENV}=off nbgrader autograde ..."
)

# Files of /etc a Python process needs; the rest of /etc (shadow, ssh keys, ...) stays hidden.
ETC_FILES = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/passwd",
    "/etc/group",
    "/etc/nsswitch.conf",
    "/etc/hosts",
    "/etc/host.conf",
    "/etc/alternatives",
    "/etc/mime.types",
    "/etc/ssl/certs",
    "/etc/fonts",
)
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
SANDBOX_UID = 65534  # "nobody": the uid inside the sandbox, and the real one when grading runs as root
RUN_UID_BASE, RUN_UID_SPAN = 200_000, 800_000  # grading as root: each run's uid is drawn from this range
HIDDEN_NOTEBOOK_TEXT = "This notebook is being graded; its contents are hidden from the code under test.\n"


class SandboxUnavailable(RuntimeError):
    """Raised when grading would have to run student code without the sandbox."""


def course_root() -> Path:
    """The course's root folder: the repository holding ``utils`` (a clone or an editable install).

    When ``utils`` is installed into an environment's site-packages (a plain install, as on a
    JupyterHub), its parent is site-packages, not the course: then the course is the folder
    grading runs in (nbgrader and ``grading_tools`` run from the course's root folder).
    """
    import importlib.util

    spec = importlib.util.find_spec("utils")
    if spec is None or not spec.origin:
        raise SandboxUnavailable(
            "the course's `utils` package is not importable: run from the course's environment "
            "(python3 tasks.py test creates it; then source .venv/bin/activate)"
        )
    root = Path(spec.origin).resolve().parent.parent
    return root if (root / "nbgrader_config.py").exists() else Path.cwd().resolve()


def utils_package() -> Path:
    """The folder of the ``utils`` package grading imports: the course's (a clone, an editable install)
    or the environment's copy (a plain install, as on a JupyterHub, which carries the data inside)."""
    import importlib.util

    spec = importlib.util.find_spec("utils")
    if spec is None or not spec.origin:
        return course_root() / "utils"
    return Path(spec.origin).resolve().parent


def course_read_only_paths() -> list[str]:
    """What student code may read of the course: the ``utils`` package and the data folder."""
    from utils import data

    paths = [str(utils_package()), str(Path(__file__).resolve().parent)]  # utils, and grading_tools (the scorer)
    paths.append(str(data.data_dir().resolve()))
    return paths


def sandbox_user() -> int | None:
    """The uid student code runs as when grading runs as root: a fresh unprivileged one per run, else None.

    The kernel exempts root from the process limit, and a uid of its own gives each run its own
    process count. When grading does not run as root, student code keeps the instructor's uid inside a
    user namespace, where the process limit counts only the sandbox's own processes.
    """
    if os.geteuid() != 0:
        return None
    import secrets

    return RUN_UID_BASE + secrets.randbelow(RUN_UID_SPAN)


ROOT_ISOLATION = (
    # as root: no user namespace (its uid 0 would be exempt from the process limit); the launcher keeps just
    # enough capability to copy the submission and switch to the run's own unprivileged uid, then has none
    "--unshare-ipc",
    "--unshare-pid",
    "--unshare-net",
    "--unshare-uts",
    "--unshare-cgroup-try",
    "--cap-drop",
    "ALL",
    "--cap-add",
    "CAP_SETUID",
    "--cap-add",
    "CAP_SETGID",
    "--cap-add",
    "CAP_CHOWN",
    "--die-with-parent",
)


@functools.lru_cache(maxsize=8)
def probe(bwrap: str = "bwrap") -> tuple[bool, str, tuple[str, ...]]:
    """Can ``bwrap`` build the sandbox here?

    Returns
    -------
    (usable, explanation, isolation flags to use)
        As root, the flags of :data:`ROOT_ISOLATION`; otherwise the strongest set that works on this
        machine: a user namespace with an unprivileged uid when available, else dropped capabilities.
    """
    path = shutil.which(bwrap)
    if path is None:
        return False, f"bubblewrap ('{bwrap}') is not installed or not on PATH.", ()
    if os.geteuid() == 0:
        candidates = (ROOT_ISOLATION,)
    else:
        candidates = (
            (
                "--unshare-all",
                "--unshare-user",
                "--uid",
                str(SANDBOX_UID),
                "--gid",
                str(SANDBOX_UID),
                "--disable-userns",
                "--cap-drop",
                "ALL",
                "--die-with-parent",
            ),
            (
                "--unshare-all",
                "--unshare-user",
                "--uid",
                str(SANDBOX_UID),
                "--gid",
                str(SANDBOX_UID),
                "--cap-drop",
                "ALL",
                "--die-with-parent",
            ),
            ("--unshare-all", "--cap-drop", "ALL", "--die-with-parent"),
        )
    errors = []
    for flags in candidates:
        try:
            result = subprocess.run(
                [path, *flags, "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "true"],
                capture_output=True,
                text=True,
                timeout=30,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            errors.append(str(error))
            continue
        if result.returncode == 0:
            if flags is ROOT_ISOLATION:
                kind = "grading as root: student code runs as a fresh unprivileged uid per submission"
            elif "--unshare-user" in flags:
                kind = "user namespace, uid nobody"
            else:
                kind = "no user namespace, capabilities dropped"
            return True, f"{path} works ({kind}).", flags
        errors.append(result.stderr.strip() or f"exit status {result.returncode}")
    return (
        False,
        (
            f"{path} is installed but cannot create its namespaces on this machine: {errors[-1]}. "
            "(In a container, the host may forbid user namespaces; on Ubuntu 24.04+, AppArmor may need "
            "a profile for bwrap.)"
        ),
        (),
    )


class GradingLimits(Configurable):
    """Limits of one submission's run, in the sandbox (the kernel's run and the scoring run alike).

    Configure in nbgrader_config.py, e.g. ``c.GradingLimits.memory_mb = 2048``. The guide lists them
    (docs/instructor-guide.md, "Limits"); a run a limit stops says which limit in the grade report.
    """

    memory_mb = Integer(1536, help="Resident memory of all the run's processes together (PSS), in MiB.").tag(
        config=True
    )
    address_space_mb = Integer(
        8192, help="Virtual memory per process (RLIMIT_AS), in MiB: a backstop; libraries reserve more than they use."
    ).tag(config=True)
    processes = Integer(128, help="Processes and threads the run may have at once (RLIMIT_NPROC).").tag(config=True)
    file_size_mb = Integer(256, help="Largest file the run may write (RLIMIT_FSIZE), in MiB.").tag(config=True)
    workdir_mb = Integer(256, help="Size of the private copy of the submission folder (a tmpfs), in MiB.").tag(
        config=True
    )
    tmp_mb = Integer(256, help="Size of the sandbox's /tmp and of its /dev/shm (tmpfs), in MiB each.").tag(config=True)
    output_mb = Integer(
        8, help="Output kept per notebook in the kernel's run, in MiB; at 4 times this, the run is stopped."
    ).tag(config=True)
    submitted_file_mb = Integer(64, help="Submitted files larger than this are not copied into the sandbox.").tag(
        config=True
    )

    def rlimits(self) -> dict[str, int]:
        mib = 1024 * 1024
        return {
            "RLIMIT_AS": self.address_space_mb * mib,
            "RLIMIT_NPROC": self.processes,
            "RLIMIT_FSIZE": self.file_size_mb * mib,
            "RLIMIT_CORE": 0,
        }


def prepare_staging(workdir: str, staging: str, limits: GradingLimits, uid: int | None) -> list[str]:
    """Copy the submission folder's regular files into ``staging`` (the sandbox copies them into its tmpfs).

    Notebooks are not copied: the sandbox gets a short notice in their place (the graded notebook
    holds the restored hidden tests), so no copy of them is in view anywhere in it; links,
    devices, pipes and other non-regular files are left out, and so are files over the size limit.
    Returns what was left out, as sentences.
    """
    left_out, notebooks = [], []
    os.makedirs(staging, exist_ok=True)
    limit = limits.submitted_file_mb * 1024 * 1024
    for folder, folders, files in os.walk(workdir):  # does not follow links to folders
        relative = os.path.relpath(folder, workdir)
        target_folder = os.path.normpath(os.path.join(staging, relative))
        os.makedirs(target_folder, exist_ok=True)
        for name in [*folders]:
            if os.path.islink(os.path.join(folder, name)):
                left_out.append(f"{os.path.join(relative, name)} (a link to a folder)")
                folders.remove(name)
        for name in files:
            path, target = os.path.join(folder, name), os.path.join(target_folder, name)
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode):
                left_out.append(f"{os.path.normpath(os.path.join(relative, name))} (not a regular file)")
            elif name.endswith(".ipynb"):
                notebooks.append(os.path.normpath(os.path.join(relative, name)))
            elif info.st_size > limit:
                left_out.append(
                    f"{os.path.normpath(os.path.join(relative, name))} (over {limits.submitted_file_mb} MiB)"
                )
            else:
                with open(path, "rb") as source, open(target, "xb") as copy:
                    shutil.copyfileobj(source, copy)
    Path(_notebooks_manifest(staging)).write_text(json.dumps(notebooks))
    if uid is not None:
        _chown_tree(staging, uid)
    return left_out


def _notebooks_manifest(staging: str) -> str:
    """The notebooks of a staged submission: the launcher writes a notice in their place (never their text)."""
    return staging.rstrip("/") + ".notebooks.json"


def _chown_tree(folder: str, uid: int) -> None:
    os.chown(folder, uid, uid)
    for parent, folders, files in os.walk(folder):
        for name in folders + files:
            os.chown(os.path.join(parent, name), uid, uid, follow_symlinks=False)


# Runs first inside the sandbox (the kernel's Python, -I -S: standard library only): copies the staged
# submission into the private tmpfs, switches to the run's own uid when grading runs as root, sets the
# limits and no_new_privs, then becomes the real command.
LAUNCHER = r"""
import ctypes, json, os, resource, shutil, sys
spec = json.loads(sys.argv[1])
command = sys.argv[3:]
source, target, uid, root = spec["source"], spec["target"], spec["uid"], spec["root"]
os.makedirs(target, exist_ok=True)
for folder, folders, files in os.walk(source):
    relative = os.path.relpath(folder, source)
    os.makedirs(os.path.normpath(os.path.join(target, relative)), exist_ok=True)
    for name in files:
        try:
            shutil.copyfile(os.path.join(folder, name), os.path.normpath(os.path.join(target, relative, name)))
        except OSError as error:
            print(f"course grader: {os.path.join(relative, name)} was not copied into the sandbox: {error}",
                  file=sys.stderr)
for name in spec["notebooks"]:
    os.makedirs(os.path.dirname(os.path.join(target, name)), exist_ok=True)
    with open(os.path.join(target, name), "w") as notice:
        notice.write(spec["notice"])
if uid is not None:
    os.chmod(root, 0o700)
    for folder, folders, files in os.walk(root, topdown=False):  # contents first: we lose access as we go
        for name in [os.path.join(folder, entry) for entry in files + folders] + [folder]:
            os.chown(name, uid, uid, follow_symlinks=False)
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
for name, value in spec["rlimits"].items():
    try:
        resource.setrlimit(getattr(resource, name), (value, value))
    except (ValueError, OSError) as error:
        print(f"course grader: could not set {name}: {error}", file=sys.stderr)
try:
    ctypes.CDLL(None, use_errno=True).prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS
except (OSError, AttributeError):
    pass
os.chdir(target)
os.execv(command[0], command)
"""
STAGING_MOUNT = "/submission-as-submitted"


@functools.lru_cache(maxsize=8)
def interpreter_paths(python: str) -> tuple[str, ...]:
    """Folders a Python interpreter needs to start and import its packages (prefixes, sys.path)."""
    code = (
        "import json, sys, sysconfig; print(json.dumps([sys.prefix, sys.base_prefix, sys.exec_prefix, "
        "sys.base_exec_prefix, sysconfig.get_config_var('LIBDIR') or ''] + sys.path))"
    )
    try:
        out = subprocess.run([python, "-I", "-c", code], capture_output=True, text=True, timeout=60, check=True).stdout
        found = json.loads(out)
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        raise SandboxUnavailable(f"could not ask the kernel's interpreter {python} for its paths: {error}") from error
    # -I leaves out site-packages of a venv; add them from the non-isolated view too
    try:
        out = subprocess.run(
            [python, "-c", "import json, site, sys; print(json.dumps(site.getsitepackages() + sys.path))"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
            env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")},
        ).stdout
        found += json.loads(out)
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    executable = os.path.realpath(python)
    found.append(os.path.dirname(os.path.dirname(executable)))
    return tuple(os.path.realpath(p) for p in found if p and os.path.isabs(p))


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def read_only_binds(kernel_python: str, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Folders bound read-only into the sandbox besides the system: Python and the course."""
    root = str(course_root())
    wanted = []
    for path in [*interpreter_paths(kernel_python), *course_read_only_paths(), *extra]:
        path = os.path.realpath(path)
        if not os.path.exists(path) or any(
            _within(path, system) for system in SYSTEM_DIRS if os.path.isdir(system) and not os.path.islink(system)
        ):
            continue
        if _within(root, path):  # the course root itself or one of its parents: would expose solutions/
            continue
        wanted.append(path)
    kept: list[str] = []
    for path in sorted(set(wanted), key=len):
        if not any(_within(path, folder) for folder in kept):
            kept.append(path)
    return kept


def build_command(
    kernel_cmd: list[str],
    *,
    workdir: str,
    private_dir: str,
    isolation: tuple[str, ...],
    bwrap: str = "bwrap",
    staging: str | None = None,
    limits: GradingLimits | None = None,
    uid: int | None = None,
    extra_read_only: tuple[str, ...] = (),
) -> list[str]:
    """The command line that runs ``kernel_cmd`` in the sandbox.

    Parameters
    ----------
    kernel_cmd : list of str
        The kernel's own command (``python -m ipykernel_launcher -f <connection file>``), or the
        scoring runner's.
    workdir : str
        The submission folder's path. Inside the sandbox it holds a copy of ``staging`` (see
        :func:`prepare_staging`) on a private tmpfs mounted at its parent folder, and it is the
        command's working folder.
    private_dir : str
        Folder made for this run alone (connection file, sockets, HOME, caches); the only host
        folder the sandbox may write.
    isolation : tuple of str
        Namespace flags from :func:`probe`.
    uid : int, optional
        Grading as root: the uid the launcher switches to (:func:`sandbox_user`) after copying the submission.
    """
    limits = limits or GradingLimits()
    mib = 1024 * 1024
    args = [shutil.which(bwrap) or bwrap, *isolation, "--tmpfs", "/"]
    for folder in SYSTEM_DIRS:
        if os.path.islink(folder):
            args += ["--symlink", os.readlink(folder), folder]
        elif os.path.isdir(folder):
            args += ["--ro-bind", folder, folder]
    workdir, private_dir = os.path.realpath(workdir), os.path.realpath(private_dir)
    staging = os.path.realpath(staging or os.path.join(private_dir, "submission"))
    read_only = read_only_binds(kernel_cmd[0], extra_read_only)
    # bwrap makes the folders on the way to a mount point 0700 when it runs as root: make them 0755 first,
    # so that the run's unprivileged uid can reach what is mounted
    # the private copy is a tmpfs at the submission folder's parent (the student's folder), so code that keeps
    # files beside the assignment (../annotations) works too, and all of it vanishes with the sandbox
    private_root = os.path.dirname(workdir)
    destinations = [*ETC_FILES, "/tmp", *read_only, STAGING_MOUNT, private_root, private_dir]
    for folder in _ancestors(destinations):
        args += ["--perms", "0755", "--dir", folder]
    for path in ETC_FILES:
        args += ["--ro-bind-try", path, path]
    args += ["--proc", "/proc", "--dev", "/dev"]
    args += ["--perms", "1777", "--size", str(limits.tmp_mb * mib), "--tmpfs", "/tmp"]
    # POSIX shared memory and semaphores (multiprocessing, joblib) for the run's unprivileged uid
    args += ["--perms", "1777", "--size", str(limits.tmp_mb * mib), "--tmpfs", "/dev/shm"]
    for path in read_only:
        args += ["--ro-bind", path, path]
    args += ["--ro-bind", staging, STAGING_MOUNT]
    # (the launcher closes the private copy to the run's uid)
    args += ["--perms", "0777" if uid is None else "0755", "--size", str(limits.workdir_mb * mib)]
    args += ["--tmpfs", private_root]
    args += ["--bind", private_dir, private_dir]
    # jupyter_client adds JPY_PARENT_PID after our allow-list; inside the PID namespace that pid
    # means nothing and would make ipykernel think its parent died.
    # The skeleton bwrap builds around the binds (the root tmpfs) becomes read-only too.
    args += ["--remount-ro", "/", "--unsetenv", "JPY_PARENT_PID", "--chdir", "/", "--"]
    manifest = _notebooks_manifest(staging)
    notebooks = json.loads(Path(manifest).read_text()) if os.path.exists(manifest) else []
    spec = json.dumps(
        {
            "source": STAGING_MOUNT,
            "target": workdir,
            "root": private_root,
            "uid": uid,
            "rlimits": limits.rlimits(),
            "notebooks": notebooks,
            "notice": HIDDEN_NOTEBOOK_TEXT,
        }
    )
    return args + [kernel_cmd[0], "-I", "-S", "-c", LAUNCHER, spec, "--", *kernel_cmd]


def _ancestors(paths) -> list[str]:
    """Every folder above the given paths (not "/", nor inside a system folder bwrap binds whole), shallowest first."""
    found = set()
    for path in paths:
        parts = Path(path).parts[1:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/" + "/".join(parts[:depth])
            if not any(_within(folder, system) for system in SYSTEM_DIRS):
                found.add(folder)
    return sorted(found, key=lambda folder: (folder.count("/"), folder))


class MemoryWatch:
    """Stop a run whose processes together use more than ``limit_mb`` of memory (PSS), checked 4 times a second.

    ``__call__(process)`` returns the reason to stop it, or None; :meth:`thread` watches in the background.
    """

    def __init__(self, limit_mb: int):
        self.limit_mb = limit_mb
        self.reason: str | None = None
        self._last = 0.0

    def __call__(self, process) -> str | None:
        now = time.monotonic()
        if self.reason or now - self._last < 0.25:
            return self.reason
        self._last = now
        used = tree_memory_mb(process.pid)
        if used > self.limit_mb:
            self.reason = (
                f"the run used more than {self.limit_mb} MiB of memory ({used:.0f} MiB) and was stopped (memory limit)"
            )
        return self.reason

    def thread(self, process, on_limit) -> threading.Thread:
        def watch():
            while process.poll() is None:
                if self(process):
                    on_limit(self.reason)
                    return
                time.sleep(0.25)

        worker = threading.Thread(target=watch, name="course-memory-watch", daemon=True)
        worker.start()
        return worker


def kill_tree(process) -> None:
    """Kill a sandbox (its process group; bwrap's PID namespace takes everything inside with it)."""
    for action in (lambda: os.killpg(process.pid, signal.SIGKILL), process.kill):
        try:
            action()
        except (ProcessLookupError, PermissionError, OSError):
            pass


def sandbox_env(parent: dict[str, str] | None, private_dir: str, kernel_python: str) -> dict[str, str]:
    """The kernel's environment: a short allow-list, nothing of the instructor's secrets."""
    parent = dict(parent or os.environ)
    keep = {
        "LANG",
        "LANGUAGE",
        "TZ",
        "PYTHONHASHSEED",
        "NBGRADER_EXECUTION",
        "DCAI_DATA_DIR",
        "MPLBACKEND",
        "PYDEVD_DISABLE_FILE_VALIDATION",
        "JPY_SESSION_NAME",
    }
    env = {
        key: value
        for key, value in parent.items()
        if key in keep or key.startswith("LC_") or key.endswith("_NUM_THREADS")
    }
    home = os.path.join(private_dir, "home")
    env.update(
        HOME=home,
        TMPDIR="/tmp",
        USER="student",
        LOGNAME="student",
        PATH=os.pathsep.join([os.path.dirname(kernel_python), "/usr/local/bin", "/usr/bin", "/bin"]),
        MPLCONFIGDIR=os.path.join(private_dir, "matplotlib"),
        IPYTHONDIR=os.path.join(private_dir, "ipython"),
        XDG_CACHE_HOME=os.path.join(private_dir, "cache"),
        XDG_CONFIG_HOME=os.path.join(private_dir, "config"),
        JUPYTER_CONFIG_DIR=os.path.join(private_dir, "jupyter"),
        JUPYTER_RUNTIME_DIR=os.path.join(private_dir, "runtime"),
        PYTHONNOUSERSITE="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.setdefault("LANG", "C.UTF-8")
    return env


def _seed_private_dir(private_dir: str, uid: int | None = None) -> None:
    """HOME and caches for the kernel; copy matplotlib's font cache so plotting starts fast."""
    import glob

    for name in ("home", "matplotlib", "ipython", "cache", "config", "jupyter", "runtime"):
        os.makedirs(os.path.join(private_dir, name), exist_ok=True)
    cache = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "matplotlib"
    )
    for fontlist in glob.glob(os.path.join(cache, "fontlist-*.json")):
        shutil.copy(fontlist, os.path.join(private_dir, "matplotlib"))
    if uid is not None:
        _chown_tree(private_dir, uid)


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel inside bubblewrap (see the module docstring)."""

    bwrap = Unicode("bwrap", help="The bubblewrap executable.").tag(config=True)
    extra_read_only_paths = List(Unicode(), help="More host folders student code may read.").tag(config=True)

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"  # Unix sockets work across the network namespace; TCP on localhost would not

    _private_dir: str | None = None
    limit_reason: str | None = None

    async def _async_pre_start_kernel(self, **kw):
        usable, why, isolation = probe(self.bwrap)
        if not usable:
            raise SandboxUnavailable(f"Refusing to run student code without a sandbox: {why}\n{INSTALL_HINT}")
        uid = sandbox_user()
        if self._private_dir is None:
            self._private_dir = tempfile.mkdtemp(prefix="course-kernel-")
            # removed at shutdown (below), and in any case when this manager goes away or Python exits
            weakref.finalize(self, shutil.rmtree, self._private_dir, ignore_errors=True)
            _seed_private_dir(self._private_dir, uid)
            self.connection_file = os.path.join(self._private_dir, "kernel.json")
            self.ip = os.path.join(self._private_dir, "kernel-ipc")
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        if uid is not None:
            os.chown(self.connection_file, uid, uid)
        # Interrupt through the control channel: a SIGINT to the process group would stop
        # bwrap itself (and with it the kernel) instead of the student's endless loop.
        self.kernel_spec.interrupt_mode = "message"
        workdir = str(kw.get("cwd") or os.getcwd())
        staging = os.path.join(self._private_dir, "submission")
        shutil.rmtree(staging, ignore_errors=True)
        limits = GradingLimits(parent=self)
        prepare_staging(workdir, staging, limits, uid)  # what it leaves out, preflight reports
        kw["env"] = sandbox_env(kw.get("env"), self._private_dir, kernel_cmd[0])
        kw.setdefault("stdout", subprocess.DEVNULL)  # ipykernel's banner; errors still go to stderr
        command = build_command(
            kernel_cmd,
            workdir=workdir,
            private_dir=self._private_dir,
            isolation=isolation,
            bwrap=self.bwrap,
            staging=staging,
            limits=limits,
            uid=uid,
            extra_read_only=tuple(self.extra_read_only_paths),
        )
        self.log.debug("Sandboxed kernel command: %s", command)
        return command, kw

    async def _async_post_start_kernel(self, **kw) -> None:
        await super()._async_post_start_kernel(**kw)
        process = getattr(self.provisioner, "process", None)
        if process is not None:
            self.limit_reason = None

            def stop(reason: str) -> None:
                self.limit_reason = reason
                kill_tree(process)

            MemoryWatch(GradingLimits(parent=self).memory_mb).thread(process, stop)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self._private_dir:
            shutil.rmtree(self._private_dir, ignore_errors=True)
            self._private_dir = None


@contextlib.contextmanager
def sandboxed(
    command: list[str],
    *,
    workdir: str,
    bwrap: str = "bwrap",
    limits: GradingLimits | None = None,
    extra_read_only: tuple[str, ...] = (),
):
    """Prepare a sandboxed run of ``command`` (whose first word is the Python to use) on a copy of ``workdir``.

    Yields a dict: ``command`` (the bwrap command line), ``env``, ``cwd``, ``watch`` (a
    :class:`MemoryWatch` for :func:`grading_tools.scoring.run_runner`) and ``left_out`` (what the
    private copy of the submission left out, as sentences). Everything made for the run is removed after.
    """
    usable, why, isolation = probe(bwrap)
    if not usable:
        raise SandboxUnavailable(f"Refusing to run student code without a sandbox: {why}\n{INSTALL_HINT}")
    limits = limits or GradingLimits()
    uid = sandbox_user()
    private_dir = tempfile.mkdtemp(prefix="course-run-")
    try:
        _seed_private_dir(private_dir, uid)
        staging = os.path.join(private_dir, "submission")
        left_out = prepare_staging(workdir, staging, limits, uid)
        if uid is not None:
            os.chown(private_dir, uid, uid)
        yield {
            "command": build_command(
                command,
                workdir=workdir,
                private_dir=private_dir,
                isolation=isolation,
                bwrap=bwrap,
                staging=staging,
                limits=limits,
                uid=uid,
                extra_read_only=extra_read_only,
            ),
            "env": sandbox_env(None, private_dir, command[0]),
            "cwd": private_dir,
            "watch": MemoryWatch(limits.memory_mb),
            "left_out": left_out,
        }
    finally:
        shutil.rmtree(private_dir, ignore_errors=True)


def sandbox_mode_default() -> str:
    value = os.environ.get(SWITCH_ENV, "bwrap").strip().lower()
    return "off" if value in {"off", "0", "no", "false", "none"} else "bwrap"


def _execute_base():
    from nbgrader.preprocessors import Execute

    return Execute


class SandboxedExecute(_execute_base()):
    """nbgrader's ``Execute`` step, with every kernel started in the sandbox.

    Configure it in ``nbgrader_config.py`` in place of ``Execute`` in
    ``Autograde.autograde_preprocessors``; ``c.Execute.*`` settings (timeout, ...) still apply.

    It also keeps one bad submission from stopping its own grading: when a timed-out cell
    ignores the interrupt (student code that swallows ``KeyboardInterrupt``), or the kernel
    dies (``os._exit``, a crash, a limit of :class:`GradingLimits`), the cells after it are not
    run but marked with an error saying why, instead of nbgrader failing the whole submission
    or waiting a timeout per cell. Output beyond ``GradingLimits.output_mb`` per notebook is
    dropped (with a note), and at four times that the run is stopped. (Scores come from the
    scoring step that follows, ``grading_tools.verdicts.ScoreTestCells``; this run is the feedback.)
    """

    sandbox = CaselessStrEnum(
        ["bwrap", "off"],
        help=f"'bwrap' (default) or 'off' to run student code unconfined; "
        f"the environment variable {SWITCH_ENV}=off does the same.",
    ).tag(config=True)
    bwrap = Unicode("bwrap", help="The bubblewrap executable (a name on PATH or a path).").tag(config=True)
    interrupt_grace = Integer(
        10, help="Seconds a timed-out kernel gets to answer after the interrupt before it counts as unresponsive."
    ).tag(config=True)

    _stop_reason: str | None = None

    @default("sandbox")
    def _default_sandbox(self) -> str:
        return sandbox_mode_default()

    @default("raise_on_iopub_timeout")
    def _default_raise_on_iopub_timeout(self) -> bool:
        # nbgrader turns this on: on a loaded machine, a flood of outputs can arrive more than
        # iopub_timeout seconds after the cell ended, and nbgrader then failed the whole submission.
        # This run is the feedback (scores come from the scoring step): late outputs are dropped instead.
        return False

    @default("iopub_timeout")
    def _default_iopub_timeout(self) -> int:
        return 10

    def check_sandbox(self) -> None:
        """Raise :class:`SandboxUnavailable` unless the sandbox works or the instructor opted out."""
        if self.sandbox == "off":
            self.log.warning("GRADING WITHOUT A SANDBOX (%s=off): student code runs with your permissions.", SWITCH_ENV)
            return
        usable, why, _ = probe(self.bwrap)
        if not usable:
            raise SandboxUnavailable(f"Refusing to run student code without a sandbox: {why}\n{INSTALL_HINT}")

    def create_kernel_manager(self):
        if self.sandbox != "off":
            self.kernel_manager_class = SandboxedKernelManager
        km = super().create_kernel_manager()
        if isinstance(km, SandboxedKernelManager):
            km.bwrap = self.bwrap
        return km

    def preprocess(self, nb, resources=None, km=None):
        self.check_sandbox()
        self._stop_reason = None
        self._output_bytes = 0
        self._output_limit = GradingLimits(parent=self).output_mb * 1024 * 1024
        self._noted_cells: set[int] = set()
        return super().preprocess(nb, resources, km=km)

    def output(self, outs, msg, display_id, cell_index):
        """Count output; beyond the limit drop it (with a note), far beyond it stop the run."""
        self._output_bytes += _message_size(msg)
        if self._output_bytes > 4 * self._output_limit and self._stop_reason is None:
            mib = self._output_limit // (1024 * 1024)
            reason = f"the notebook printed more than {4 * mib} MiB of output (output limit), so the run was stopped"
            if getattr(self.km, "limit_reason", None) is None:
                self.km.limit_reason = reason
            process = getattr(getattr(self.km, "provisioner", None), "process", None)
            if process is not None:
                kill_tree(process)
        if self._output_bytes > self._output_limit:
            if cell_index not in self._noted_cells:
                self._noted_cells.add(cell_index)
                from nbformat.v4 import new_output

                outs.append(
                    new_output(
                        "stream",
                        name="stdout",
                        text=f"\n[course grader: output limit of {self._output_limit // (1024 * 1024)} MiB per "
                        "notebook reached; later output is not kept]\n",
                    )
                )
            return None
        return super().output(outs, msg, display_id, cell_index)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if self._stop_reason is not None:
            cell.outputs = [_not_run_output(self._stop_reason)]
            return cell, resources
        from nbclient.exceptions import DeadKernelError

        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            limit = getattr(self.km, "limit_reason", None)
            why = limit or "the kernel died while running this cell (crash, os._exit, or memory exhausted)"
            self._stop_reason = limit or (
                "the kernel died while running an earlier cell (crash, os._exit, or memory exhausted)"
            )
            self.log.error("Kernel stopped in cell %d (%s); the remaining cells are marked as not run.", index, why)
            cell.outputs = list(cell.get("outputs", [])) + [_not_run_output(why, here=True)]
            return cell, resources

    async def _async_handle_timeout(self, timeout, cell=None):
        reply = await super()._async_handle_timeout(timeout, cell)
        if self.interrupt_on_timeout and not await self._async_kernel_responds(self.interrupt_grace):
            self._stop_reason = (
                f"a cell ran over the {timeout} s time limit and its code ignored the interrupt, "
                "so the rest of the notebook could not run"
            )
            self.log.error("The kernel ignored the interrupt; the remaining cells are marked as not run.")
            self.raise_on_iopub_timeout = False  # the stuck cell will never report idle
        return reply

    async def _async_kernel_responds(self, grace: float) -> bool:
        """Whether the kernel finishes the interrupted cell and runs an empty one within ``grace`` s."""
        from queue import Empty
        from time import monotonic

        from jupyter_core.utils import ensure_async

        msg_id = self.kc.execute("", silent=True, store_history=False)
        deadline = monotonic() + grace
        while True:
            remaining = deadline - monotonic()
            if remaining <= 0:
                return False
            try:
                msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=remaining))
            except (TimeoutError, Empty):
                return False
            if msg["parent_header"].get("msg_id") == msg_id:
                return True


def _message_size(msg: dict) -> int:
    content = msg.get("content", {})
    size = len(content.get("text", "")) + sum(len(line) for line in content.get("traceback", []))
    for value in (content.get("data") or {}).values():
        size += len(value) if isinstance(value, str) else len(json.dumps(value))
    return size + 100  # each message costs something, so a flood of empty outputs counts too


def _not_run_output(reason: str, *, here: bool = False) -> dict:
    from nbformat.v4 import new_output

    text = f"Not graded: {reason}." if here else f"This cell was not run: {reason}."
    return new_output(
        "error",
        ename="NotRun" if not here else "KernelDied",
        evalue=text,
        traceback=[f"\x1b[0;31m{'NotRun' if not here else 'KernelDied'}\x1b[0m: {text}"],
    )


def check_sandbox_cli(bwrap: str = "bwrap") -> int:
    """``python -m grading_tools check-sandbox``: say whether grading can run sandboxed here."""
    if sandbox_mode_default() == "off":
        print(f"{SWITCH_ENV}=off is set: autograding would run student code WITHOUT a sandbox.")
    usable, why, flags = probe(bwrap)
    print(why)
    if not usable:
        print(INSTALL_HINT)
        return 1
    print("Isolation flags:", " ".join(flags))
    print("Student code will see, read-only:", ", ".join(["/usr (system)", *read_only_binds(sys.executable)]))
    limits = GradingLimits()
    who = "a fresh unprivileged uid per run" if os.geteuid() == 0 else "your uid, in its own user namespace"
    print(
        f"Limits per run: {limits.memory_mb} MiB of memory, {limits.processes} processes and threads, files up to "
        f"{limits.file_size_mb} MiB, {limits.workdir_mb} MiB of private disk, {limits.output_mb} MiB of output "
        f"kept; student code runs as {who}."
    )
    return 0
