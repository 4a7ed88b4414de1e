"""Append-only files: the storage under the labeling widget's log and the quarantine.

Introduced in module 03-labeling (``utils.labeling.AnnotationLog``) and used again in module
04-cleaning (``utils.quarantine.Quarantine``). Both keep a person's decisions, so both follow the
same rules, kept here once:

* records are only ever appended, and flushed to disk at once: nothing is rewritten or deleted,
  so closing the browser or restarting the kernel loses nothing, and the history keeps every
  decision, including the ones taken back;
* a file that cannot be read as such a log (another file, a damaged line, binary data) is
  refused with an error that names the problem, and is never modified;
* the course's ``datasets/`` folder (the checked, read-only data) is never written to.

Each user of this module says how its records look (``parse``) and how to explain a damaged file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


class DamagedLog(ValueError):
    """Raised by a ``parse`` function: the text is not a valid log (``line`` where known)."""

    def __init__(self, problem: str, line: int | None = None):
        super().__init__(problem)
        self.problem, self.line = problem, line


def writable_path(path, *, example: str) -> Path:
    """``path`` as a Path, if a log may live there.

    Parameters
    ----------
    path : str or os.PathLike
        Where the log is (or will be) kept.
    example : str
        A good path to suggest in the error message, e.g. ``"annotations/my_labels.csv"``.

    Raises
    ------
    ValueError
        If ``path`` is a folder, or lies inside the course's ``datasets/`` folder.
    """
    from utils.data import data_dir

    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{path} is a folder: give the path of a file, e.g. {example!r}.")
    protected = Path(os.path.realpath(data_dir()))
    target = Path(os.path.realpath(path))
    if target == protected or protected in target.parents:
        raise ValueError(
            f"Refusing to keep a log at {path}: it is inside the course's datasets/ folder ({protected}), "
            f"which holds the checked, read-only data sets and is never written to. Use a path next to "
            f"your notebook instead, e.g. {example!r}."
        )
    return path


class AppendOnlyFile:
    """A text file that only grows; read through ``parse``, checked before every append.

    Parameters
    ----------
    path : pathlib.Path
        The file (see :func:`writable_path`); created, with its folders, on the first append.
    parse : callable
        ``parse(text) -> list`` of records; raises :class:`DamagedLog` for text that is not a log.
    damaged : callable
        ``damaged(problem, line) -> Exception``: the error to raise for a file that is not a
        valid log, with the owner's advice on what to do. The file is never modified then.
    """

    def __init__(self, path: Path, *, parse: Callable[[str], list], damaged: Callable[[str, int | None], Exception]):
        self.path, self._parse, self._damaged = Path(path), parse, damaged
        self._valid_as_of: tuple[int, int] | None = None  # (size, mtime_ns) of the file last read without error

    def read(self) -> list:
        """Every record, in the order written; an empty list when the file does not exist yet."""
        if not self.path.exists():
            return []
        stat = self.path.stat()
        data = self.path.read_bytes()
        if b"\x00" in data:
            raise self._damaged("it contains binary data (NUL bytes)", None)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise self._damaged(f"it is not UTF-8 text (byte {error.start})", None) from None
        try:
            records = self._parse(text) if text.strip() else []
        except DamagedLog as error:
            raise self._damaged(error.problem, error.line) from None
        self._valid_as_of = (stat.st_size, stat.st_mtime_ns)
        return records

    def append(self, text: str, *, header: str = "") -> None:
        """Append ``text`` (whole records, each ending in a newline) and flush it to disk.

        ``header`` is written first when the file is new or empty. An existing file is checked
        first (unless it is unchanged since it was last read): a damaged one raises the owner's
        error and nothing is written.
        """
        prefix = header
        if self.path.exists():
            stat = self.path.stat()
            if self._valid_as_of != (stat.st_size, stat.st_mtime_ns):
                self.read()
            if stat.st_size:
                prefix = ""
                with open(self.path, "rb") as handle:
                    handle.seek(-1, os.SEEK_END)
                    if handle.read(1) not in (b"\n", b"\r"):
                        prefix = "\n"  # someone's editor left the last line open: never join two records
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8", newline="") as handle:
            handle.write(prefix + text)
            handle.flush()
            os.fsync(handle.fileno())
        stat = self.path.stat()
        self._valid_as_of = (stat.st_size, stat.st_mtime_ns)
