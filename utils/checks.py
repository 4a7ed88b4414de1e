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

DISTRIBUTION = "data-centric-ai-course"
"""The course's distribution name (``[project] name`` in pyproject.toml)."""


def required_versions() -> dict[str, str]:
    """Minimum version of every runtime dependency, read from the installed course's metadata.

    Introduced in module 00-start-here. The floors are written once, in pyproject.toml; an
    installed course (``pip install -e .``, as ``tasks.py`` and the Colab set-up cell do)
    carries them in its metadata, so this never repeats the list.

    Returns
    -------
    dict
        Package name -> lowest version allowed (the ``>=`` bound), e.g. ``{"pandas": "2.2", ...}``.
    """
    from packaging.requirements import Requirement

    try:
        requirements = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        raise RuntimeError(
            f"The course is not installed in this Python ({sys.executable}), so its required versions are "
            "unknown. From the course's folder run: python3 tasks.py lab (or: pip install -e .)"
        ) from None
    floors = {}
    for text in requirements:
        requirement = Requirement(text)
        if requirement.marker is not None:  # an extra (lab, test): not what the notebooks import
            continue
        lower = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        floors[requirement.name] = lower[0] if lower else "0"
    return floors


def environment_report(required: dict[str, str] | None = None):
    """One row per required package: installed version, minimum, and whether it is OK.

    Introduced in module 00-start-here.

    Parameters
    ----------
    required : dict, optional
        Package name -> minimum version; by default :func:`required_versions`.

    Returns
    -------
    pandas.DataFrame
        Columns ``package``, ``installed``, ``minimum``, ``ok`` (one row per package,
        plus one for Python itself).
    """
    import pandas as pd
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    python_floor = ">=3.11"
    try:
        python_floor = metadata.metadata(DISTRIBUTION)["Requires-Python"] or python_floor
    except metadata.PackageNotFoundError:
        pass
    python_version = ".".join(map(str, sys.version_info[:3]))
    rows = [
        {
            "package": "python",
            "installed": python_version,
            "minimum": python_floor.removeprefix(">="),
            "ok": SpecifierSet(python_floor).contains(python_version),
        }
    ]
    for package, minimum in (required_versions() if required is None else required).items():
        try:
            installed = metadata.version(package)
        except metadata.PackageNotFoundError:
            installed = None
        rows.append(
            {
                "package": package,
                "installed": installed or "missing",
                "minimum": minimum,
                "ok": installed is not None and Version(installed) >= Version(minimum),
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
