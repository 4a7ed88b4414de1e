"""Run the parts of the full test suite side by side and summarize them.

``python3 tasks.py test`` is several plain, independent pytest runs, each in its own
environment (the main run in ``.venv``, the oldest versions in ``.venv-min``, the Colab
replica in ``.venv-colab``). All parts start at once: each makes its environment first (pip:
mostly network and disk, so the set-ups overlap each other and the tests already running),
then runs its tests. A part can run at a lower CPU priority (``nice``): it then uses what the
others leave idle (the main part's servers and browser wait a lot) without slowing them, and
gets the whole machine once they are done. Every line a part prints goes to
``build/test-logs/<part>.log`` and to the terminal behind the part's name; at the end one
summary gives each part's result, test counts, time and CPU time. Any failed part, and any
part that collected no test (pytest's exit code 5), makes the whole run fail.

Standard library only: tasks.py imports this before any environment exists.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / "build" / "test-logs"
# pip's noise from this machine's configured local indexes, dropped from the terminal (kept in the log)
NOISE = re.compile(r"^WARNING: Location '.*' is ignored")
PYTEST_TOTALS = re.compile(r"^=*\s*((?:\d+ \w+(?:, )?)+|\d+(?:/\d+)? tests? collected.*) in [0-9.]+s")


class Skip(Exception):
    """A part that cannot run on this machine; the message says why and how to make it run."""


@dataclass
class Part:
    name: str
    what: str  # one line for the summary
    prepare: Callable[[IO[str]], Path]  # makes the environment (pip output to the file), returns its Python
    pytest_args: list[str]
    nice: int = 0  # CPU priority of the run and everything it starts (higher: runs on what others leave idle)
    describe: Callable[[Path], str] | None = None  # a line about the environment (versions), checked there


@dataclass
class Result:
    part: Part
    status: str = "not run"  # passed, failed, skipped
    detail: str = ""
    set_up_s: float = 0.0
    run_s: float = 0.0
    cpu_s: float | None = None
    log: Path = field(default_factory=Path)


_print_lock = threading.Lock()


def say(part: str, line: str, width: int = 5) -> None:
    with _print_lock:
        print(f"{part:<{width}} | {line}", flush=True)


def _environment(python: Path) -> dict[str, str]:
    """The run's environment: its venv first on PATH, no user site, one thread per numeric library.

    (Notebooks here are small, and on a busy 2-core machine OpenMP/BLAS threads spinning
    against each other made a 10 s notebook take minutes.)
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    env.update(PYTHONNOUSERSITE="1", PATH=os.pathsep.join([str(python.parent), env.get("PATH", "")]))
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(variable, "1")
    return env


def _pytest(part: Part, python: Path, log: IO[str], width: int) -> tuple[int, str, float | None]:
    """Run pytest for ``part``, echoing its output; return (exit code, pytest's totals line, CPU seconds)."""
    process = subprocess.Popen(
        [str(python), "-m", "pytest", *part.pytest_args],
        cwd=ROOT,
        env=_environment(python),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        bufsize=1,
    )
    if part.nice and sys.platform != "linux" and hasattr(os, "setpriority"):
        # (on Linux pytest inherits the part's thread's priority, set in _run) before pytest starts its
        # workers and kernels, which inherit it
        os.setpriority(os.PRIO_PROCESS, process.pid, os.getpriority(os.PRIO_PROCESS, os.getpid()) + part.nice)
    totals = ""
    for line in process.stdout:
        log.write(line)
        line = line.rstrip("\n")
        if match := PYTEST_TOTALS.match(line):
            totals = match.group(1)
        say(part.name, line, width)
    process.stdout.close()
    if hasattr(os, "wait4"):  # the CPU time of the run and of everything it started (workers, kernels)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        return process.returncode, totals, usage.ru_utime + usage.ru_stime
    return process.wait(), totals, None


def _run(part: Part, result: Result, width: int, logs: Path) -> None:
    result.log = logs / f"{part.name}.log"
    if part.nice and sys.platform == "linux":
        # Linux keeps a priority per thread, and processes inherit the starting thread's: the part's
        # set-up (pip) then runs at its priority too, leaving the CPU to the main part's set-up first.
        os.setpriority(
            os.PRIO_PROCESS, threading.get_native_id(), os.getpriority(os.PRIO_PROCESS, os.getpid()) + part.nice
        )
    with open(result.log, "w", buffering=1) as log:
        started = time.monotonic()
        try:
            python = part.prepare(log)
            if part.describe is not None:
                description = part.describe(python)
                log.write(description + "\n")
                say(part.name, description, width)
        except Skip as reason:
            result.status, result.detail = "skipped", str(reason)
            log.write(f"SKIPPED: {reason}\n")
            say(part.name, f"SKIPPED: {reason}", width)
            return
        except Exception as error:  # a failed set-up fails the part, with the reason and pip's output in the log
            result.status, result.detail = "failed", f"set-up failed: {error}"
            log.write(traceback.format_exc())
            say(part.name, f"set-up FAILED: {error} (see {_shown(result.log)})", width)
            return
        finally:
            result.set_up_s = time.monotonic() - started
        say(part.name, f"environment ready ({_duration(result.set_up_s)})", width)
        started = time.monotonic()
        priority = f"nice +{part.nice}: " if part.nice else ""
        say(part.name, f"running ({priority}pytest {' '.join(part.pytest_args)})", width)
        code, totals, result.cpu_s = _pytest(part, python, log, width)
        result.run_s = time.monotonic() - started
    if code == 0:
        result.status, result.detail = "passed", totals
    elif code == 5:
        result.status, result.detail = "failed", "pytest collected no tests (exit code 5)"
    else:
        result.status, result.detail = "failed", f"{totals or 'no totals'} (pytest exit code {code})"


def _shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


def run_parts(parts: list[Part], strict_skips: bool = False, logs: Path = LOGS) -> int:
    """Run ``parts`` side by side, print the summary, return the exit code.

    ``strict_skips``: a skipped part fails the run (under CI, where every part must run).
    ``logs``: the folder for each part's log and the summary.
    """
    logs.mkdir(parents=True, exist_ok=True)
    width = max(4, *(len(part.name) for part in parts))
    results = [Result(part) for part in parts]
    started = time.monotonic()
    threads = [
        threading.Thread(target=_run, args=(part, result, width, logs), name=part.name)
        for part, result in zip(parts, results)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started

    failed = [
        result for result in results if result.status != "passed" and (result.status != "skipped" or strict_skips)
    ]
    lines = [
        "",
        f"== test summary: {len(parts)} part(s) on {os.cpu_count()} cores, wall time {_duration(wall)} ==",
        f"{'part':<{width}}  {'result':<7}  {'set-up':>6}  {'tests':>6}  {'cpu':>6}  details",
    ]
    for result in results:
        lines.append(
            f"{result.part.name:<{width}}  {result.status:<7}  {_duration(result.set_up_s):>6}  "
            f"{_duration(result.run_s if result.status != 'skipped' else None):>6}  {_duration(result.cpu_s):>6}  "
            f"{result.part.what}: {result.detail} (log: {_shown(result.log)})"
        )
    for result in failed:
        if result.status == "skipped":
            lines.append(f"{result.part.name}: skipped, and skips are failures here (CI=true): {result.detail}")
    lines.append("FAILED: " + ", ".join(result.part.name for result in failed) if failed else "ALL PARTS PASSED")
    print("\n".join(lines), flush=True)
    (logs / "summary.txt").write_text("\n".join(lines[1:]) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit("run this through tasks.py: python3 tasks.py test")
