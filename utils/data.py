"""Load the course's data sets by name, with checksum verification.

Introduced in module 00-start-here. Every data set is listed in
``datasets/registry.json`` (file, sha256, licence, data card). ``load`` refuses a
file whose bytes no longer match the registry, so a learner who edited a CSV by
accident finds out at once, with the command that restores it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

DATA_DIR_ENV = "DCAI_DATA_DIR"


class UnknownDatasetError(KeyError):
    """Raised when a name is not in the registry."""

    def __str__(self) -> str:  # KeyError would show the message with quotes
        return str(self.args[0])


class DatasetChecksumError(RuntimeError):
    """Raised when a data file's bytes differ from the registry."""


def data_dir() -> Path:
    """Folder holding ``registry.json`` and the data files.

    The repository's ``datasets/`` folder, or ``$DCAI_DATA_DIR`` if set.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "datasets"


def registry() -> dict[str, dict]:
    """The registry as a dict: name -> entry (file, sha256, licence, card, ...)."""
    path = data_dir() / "registry.json"
    if not path.exists():
        raise FileNotFoundError(
            f"No data registry at {path}. Run the course from a full clone of the "
            "repository (the datasets/ folder ships with it), or set "
            f"${DATA_DIR_ENV} to the folder that holds registry.json."
        )
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def list_datasets() -> list[str]:
    """Names of all registered data sets, sorted."""
    return sorted(registry())


def _entry(name: str) -> dict:
    entries = registry()
    if not isinstance(name, str) or name not in entries:
        known = ", ".join(sorted(entries))
        raise UnknownDatasetError(
            f"Unknown data set {name!r}. Known data sets: {known}. "
            "Check the spelling, or see datasets/README.md for what each one holds."
        )
    return entries[name]


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def path(name: str, *, verify: bool = True) -> Path:
    """Path of a registered data file, after checking its sha256.

    Raises
    ------
    UnknownDatasetError
        If ``name`` is not registered (the message lists the known names).
    DatasetChecksumError
        If the file was modified; the message says how to restore it.
    """
    entry = _entry(name)
    file_path = data_dir() / entry["file"]
    if not file_path.exists():
        raise FileNotFoundError(
            f"Data set {name!r} should be at {file_path}, but the file is missing. "
            f"Restore it with:  git checkout -- datasets/{entry['file']}"
        )
    if verify:
        actual = file_sha256(file_path)
        if actual != entry["sha256"]:
            raise DatasetChecksumError(
                f"Data set {name!r} ({file_path}) has been modified: its sha256 is "
                f"{actual[:12]}..., the registry expects {entry['sha256'][:12]}.... "
                "The course's exercises are graded against the original, so restore it "
                f"with:  git checkout -- datasets/{entry['file']}  "
                "(or regenerate every data set with:  python3 tasks.py data). "
                "To work on a changed copy, save it under a new name instead."
            )
    return file_path


def load(name: str):
    """Load a registered table as a pandas DataFrame.

    Parameters
    ----------
    name : str
        A name from ``list_datasets()``, e.g. ``"house_listings"``. Ground truth
        tables are registered as ``"<name>_truth"`` (see ``load_truth``).

    Returns
    -------
    pandas.DataFrame
        A fresh copy each call, so changing it never changes the file.
    """
    import pandas as pd

    entry = _entry(name)
    file_path = path(name)
    read_options = entry.get("read_csv", {})
    return pd.read_csv(file_path, **read_options)


def load_truth(name: str):
    """Load the planted ground truth of data set ``name`` (kept apart from the table)."""
    return load(f"{name}_truth")


def card(name: str) -> str:
    """The data card (datasheet) of ``name`` as Markdown text."""
    entry = _entry(name)
    return (data_dir() / entry["card"]).read_text(encoding="utf-8")


def show_card(name: str):
    """Display the data card of ``name`` in a notebook."""
    from IPython.display import Markdown

    return Markdown(card(name))
