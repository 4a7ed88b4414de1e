"""Run every autograding kernel inside a bubblewrap sandbox.

nbgrader runs student code with the instructor's permissions. ``nbgrader_config.py``
replaces the ``Execute`` step of ``nbgrader autograde`` by :class:`SandboxedExecute`,
which starts each kernel through `bubblewrap <https://github.com/containers/bubblewrap>`_
(``bwrap``, packaged by Debian, Ubuntu and Fedora) so that student code

- sees only the operating system (read-only), the Python environment and the course's
  ``utils`` package and ``datasets/`` (read-only), a private ``/tmp``, and its own
  submission folder ``grading/autograded/<student>/<assignment>/`` (read-write) in which
  the notebooks being graded are hidden (they hold the restored hidden tests);
- cannot see ``solutions/``, the gradebook, other students' folders, the instructor's home
  or anything else of the machine;
- has no network at all (its own empty network namespace), no other processes in view
  (its own PID namespace) and no capabilities.

The kernel talks to nbgrader through Unix sockets (ZeroMQ ``ipc`` transport) in a private
folder made for that one kernel, so no TCP port is needed across the network boundary.

If ``bwrap`` is missing or cannot create namespaces on this machine, grading refuses to
run and says how to install it, unless the instructor opts out explicitly with the
environment variable ``COURSE_GRADING_SANDBOX=off`` (or
``--SandboxedExecute.sandbox=off`` on the command line): then student code runs
unconfined, with a warning.

What the sandbox does not do: it cannot stop student code from inspecting the test that
is calling it inside the same kernel (nbgrader runs tests and answers in one kernel), and
it sets no memory limit (the tmpfs ``/tmp`` is capped). See docs/instructor-guide.md.
"""

from __future__ import annotations

import functools
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import weakref
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import CaselessStrEnum, Integer, List, Unicode, default

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
SANDBOX_UID = 65534  # "nobody" inside the sandbox's user namespace
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


def course_read_only_paths() -> list[str]:
    """What student code may read of the course: the ``utils`` package and the data folder."""
    root = course_root()
    paths = [str(root / "utils")]
    data = os.environ.get("DCAI_DATA_DIR") or str(root / "datasets")
    paths.append(str(Path(data).resolve()))
    return paths


@functools.lru_cache(maxsize=8)
def probe(bwrap: str = "bwrap") -> tuple[bool, str, tuple[str, ...]]:
    """Can ``bwrap`` build the sandbox here?

    Returns
    -------
    (usable, explanation, isolation flags to use)
        The flags are the strongest set that works on this machine: a user namespace with
        an unprivileged uid when available, else dropped capabilities.
    """
    path = shutil.which(bwrap)
    if path is None:
        return False, f"bubblewrap ('{bwrap}') is not installed or not on PATH.", ()
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
            kind = (
                "user namespace, uid nobody" if "--unshare-user" in flags else "no user namespace, capabilities dropped"
            )
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
    hide: list[str] | tuple[str, ...] = (),
    extra_read_only: tuple[str, ...] = (),
    tmp_size_mb: int = 512,
) -> list[str]:
    """The ``bwrap`` command line that runs ``kernel_cmd`` in the sandbox.

    Parameters
    ----------
    kernel_cmd : list of str
        The kernel's own command (``python -m ipykernel_launcher -f <connection file>``).
    workdir : str
        The submission folder: the only host folder the kernel may write, and its cwd.
    private_dir : str
        Folder made for this kernel alone (connection file, sockets, HOME, caches); read-write.
    isolation : tuple of str
        Namespace flags from :func:`probe`.
    hide : list of str
        Files inside ``workdir`` replaced by a short notice (the notebooks being graded).
    """
    args = [shutil.which(bwrap) or bwrap, *isolation, "--tmpfs", "/"]
    for folder in SYSTEM_DIRS:
        if os.path.islink(folder):
            args += ["--symlink", os.readlink(folder), folder]
        elif os.path.isdir(folder):
            args += ["--ro-bind", folder, folder]
    for path in ETC_FILES:
        args += ["--ro-bind-try", path, path]
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(tmp_size_mb * 1024 * 1024), "--tmpfs", "/tmp"]
    for path in read_only_binds(kernel_cmd[0], extra_read_only):
        args += ["--ro-bind", path, path]
    workdir, private_dir = os.path.realpath(workdir), os.path.realpath(private_dir)
    args += ["--bind", workdir, workdir, "--bind", private_dir, private_dir]
    notice = os.path.join(private_dir, "hidden-notebook.txt")
    if hide:
        Path(notice).write_text(HIDDEN_NOTEBOOK_TEXT)
    for path in hide:
        args += ["--ro-bind", notice, os.path.realpath(path)]
    # jupyter_client adds JPY_PARENT_PID after our allow-list; inside the PID namespace that pid
    # means nothing and would make ipykernel think its parent died.
    # The skeleton bwrap builds around the binds (the root tmpfs) becomes read-only too.
    args += ["--remount-ro", "/", "--unsetenv", "JPY_PARENT_PID", "--chdir", workdir, "--"]
    return args + list(kernel_cmd)


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


def _seed_private_dir(private_dir: str) -> None:
    """HOME and caches for the kernel; copy matplotlib's font cache so plotting starts fast."""
    for name in ("home", "matplotlib", "ipython", "cache", "config", "jupyter", "runtime"):
        os.makedirs(os.path.join(private_dir, name), exist_ok=True)
    cache = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "matplotlib"
    )
    for fontlist in glob.glob(os.path.join(cache, "fontlist-*.json")):
        shutil.copy(fontlist, os.path.join(private_dir, "matplotlib"))


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel inside bubblewrap (see the module docstring)."""

    bwrap = Unicode("bwrap", help="The bubblewrap executable.").tag(config=True)
    extra_read_only_paths = List(Unicode(), help="More host folders student code may read.").tag(config=True)
    tmp_size_mb = Integer(512, help="Size cap of the sandbox's /tmp (a tmpfs, in memory).").tag(config=True)

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"  # Unix sockets work across the network namespace; TCP on localhost would not

    _private_dir: str | None = None

    async def _async_pre_start_kernel(self, **kw):
        usable, why, isolation = probe(self.bwrap)
        if not usable:
            raise SandboxUnavailable(f"Refusing to run student code without a sandbox: {why}\n{INSTALL_HINT}")
        if self._private_dir is None:
            self._private_dir = tempfile.mkdtemp(prefix="course-kernel-")
            # removed at shutdown (below), and in any case when this manager goes away or Python exits
            weakref.finalize(self, shutil.rmtree, self._private_dir, ignore_errors=True)
            _seed_private_dir(self._private_dir)
            self.connection_file = os.path.join(self._private_dir, "kernel.json")
            self.ip = os.path.join(self._private_dir, "kernel-ipc")
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        # Interrupt through the control channel: a SIGINT to the process group would stop
        # bwrap itself (and with it the kernel) instead of the student's endless loop.
        self.kernel_spec.interrupt_mode = "message"
        workdir = str(kw.get("cwd") or os.getcwd())
        hide = sorted(glob.glob(os.path.join(glob.escape(workdir), "**", "*.ipynb"), recursive=True))
        kw["env"] = sandbox_env(kw.get("env"), self._private_dir, kernel_cmd[0])
        kw.setdefault("stdout", subprocess.DEVNULL)  # ipykernel's banner; errors still go to stderr
        command = build_command(
            kernel_cmd,
            workdir=workdir,
            private_dir=self._private_dir,
            isolation=isolation,
            bwrap=self.bwrap,
            hide=hide,
            extra_read_only=tuple(self.extra_read_only_paths),
            tmp_size_mb=self.tmp_size_mb,
        )
        self.log.debug("Sandboxed kernel command: %s", command)
        return command, kw

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self._private_dir:
            shutil.rmtree(self._private_dir, ignore_errors=True)
            self._private_dir = None


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
    dies (``os._exit``, a crash, memory exhausted), the cells after it are not run but
    marked with an error saying why, so they score 0 and everything before them keeps its
    score, instead of nbgrader failing the whole submission or waiting a timeout per cell.
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
        return super().preprocess(nb, resources, km=km)

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
            self._stop_reason = "the kernel died while running an earlier cell (crash, os._exit, or memory exhausted)"
            self.log.error("Kernel died in cell %d; the remaining cells are marked as not run.", index)
            cell.outputs = list(cell.get("outputs", [])) + [
                _not_run_output(
                    "the kernel died while running this cell (crash, os._exit, or memory exhausted)", here=True
                )
            ]
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
    return 0
