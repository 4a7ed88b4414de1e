"""Environment checks and small self-check helpers.

Introduced in module 00-start-here: ``environment_report`` tells a learner, in
one table, whether their JupyterLab, Colab or Binder session has what the course
needs, before anything else can go wrong.
"""

from __future__ import annotations

import sys
from importlib import metadata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas

# Minimum versions the course's notebooks are written for (they match pyproject.toml).
REQUIRED = {
    "numpy": "2.0",
    "pandas": "2.2",
    "scikit-learn": "1.4",
    "matplotlib": "3.8",
    "cleanlab": "2.8",
    "statsmodels": "0.14",
    "ipywidgets": "7.7",
}


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def environment_report(required: dict[str, str] | None = None):
    """One row per required package: installed version, minimum, and whether it is OK.

    Returns
    -------
    pandas.DataFrame
        Columns ``package``, ``installed``, ``minimum``, ``ok`` (one row per package,
        plus one for Python itself).
    """
    import pandas as pd

    rows = [
        {
            "package": "python",
            "installed": ".".join(map(str, sys.version_info[:3])),
            "minimum": "3.11",
            "ok": sys.version_info[:2] >= (3, 11),
        }
    ]
    for package, minimum in (required or REQUIRED).items():
        try:
            installed = metadata.version(package)
        except metadata.PackageNotFoundError:
            installed = None
        rows.append(
            {
                "package": package,
                "installed": installed or "missing",
                "minimum": minimum,
                "ok": installed is not None and _version_tuple(installed) >= _version_tuple(minimum),
            }
        )
    return pd.DataFrame(rows)


def data_check() -> pandas.DataFrame:
    """Verify every registered data set's checksum; one row per data set."""
    import pandas as pd

    from utils import data

    rows = []
    for name in data.list_datasets():
        try:
            data.path(name)
            status = "ok"
        except Exception as error:  # report every problem, not just the first
            status = f"{type(error).__name__}: {error}"
        rows.append({"dataset": name, "status": status})
    return pd.DataFrame(rows)


def in_colab() -> bool:
    """True inside Google Colab."""
    return "google.colab" in sys.modules
