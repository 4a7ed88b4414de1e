"""Time `import utils` and the execution of every notebook; print a table (not a test).

    python3 tasks.py bench [--repeat 3]

Machines are shared and noisy, so each figure is the median of --repeat runs. The
course's target is under 20 s per notebook on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 20.0


def time_import(repeat: int) -> list[float]:
    code = "import time; t = time.perf_counter(); import utils, utils.data, utils.plots, utils.checks; print(time.perf_counter() - t)"
    return [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(repeat)
    ]


def time_notebook(path: Path) -> float:
    """Wall time to execute a notebook in a fresh kernel, kernel start-up included."""
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per item; the median is reported")
    parser.add_argument("notebooks", nargs="*", help="notebooks to time (default: course/ and solutions/)")
    args = parser.parse_args(argv)
    paths = [Path(p).resolve() for p in args.notebooks] or sorted(
        list((ROOT / "course").glob("*.ipynb")) + list((ROOT / "solutions").glob("*/*.ipynb"))
    )
    load_at_start = os.getloadavg()[0]
    rows = [("import utils", time_import(args.repeat))]
    for path in paths:
        rows.append((path.relative_to(ROOT).as_posix(), [time_notebook(path) for _ in range(args.repeat)]))
    width = max(len(name) for name, _ in rows)
    print(f"{'item':<{width}}  {'median s':>8}  {'min s':>7}  {'max s':>7}  under {TARGET_SECONDS:.0f} s")
    for name, times in rows:
        median = statistics.median(times)
        print(
            f"{name:<{width}}  {median:8.2f}  {min(times):7.2f}  {max(times):7.2f}  {'yes' if median < TARGET_SECONDS else 'NO'}"
        )
    print(
        f"({args.repeat} runs each, {len(paths)} notebooks, Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        f"load average {load_at_start:.1f} at start and {os.getloadavg()[0]:.1f} at the end: figures move with the load)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
