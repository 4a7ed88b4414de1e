"""LMS archives that cannot hurt the class: ``nbgrader zip_collect`` plugins (set in nbgrader_config.py).

nbgrader's own extractor unpacks archives recursively and stops the whole collection at the first
bad one, and its collector matches file names at any folder depth, so one student's zip (with
``../`` names, a duplicate name, or files named after another student) could stop the class's
collection, write outside the collection folder, or plant a submission for someone else.

- :class:`SafeExtractor` reads each archive on its own (one that cannot be read is reported and
  the others are still collected) and extracts member by member: absolute names, ``..``
  components, duplicate names, links and other non-regular members, and members over the size
  limits are refused, each with a reason; archives inside the archive are not unpacked (they are
  kept as plain files, and reported).
- :class:`TopLevelCollector` matches ``FileNameCollectorPlugin.named_regexp`` only on files at the
  top level of an archive (or ``archive_depth`` folders below it, for an LMS that puts each student
  in a folder), so nothing inside a student's own upload can pass for another submission.

Every refusal is logged as a warning and written to ``grading/downloaded/<assignment>/zip_collect-report.txt``.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

from nbgrader.plugins.zipcollect import ExtractorPlugin, FileNameCollectorPlugin
from traitlets import Integer

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".gz", ".bz2", ".xz", ".7z", ".rar")
REPORT_NAME = "zip_collect-report.txt"


def _is_archive(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def member_problem(name: str, seen: set[str]) -> tuple[str | None, str]:
    """(why the member is refused or None, its normalised relative path)."""
    clean = name.replace("\\", "/")
    if "\x00" in clean:
        return "its name holds a NUL character", clean
    if clean.startswith("/") or re.match(r"^[A-Za-z]:", clean):
        return "an absolute name (it would be written outside the collection folder)", clean
    parts = [part for part in PurePosixPath(clean).parts if part not in ("", ".")]
    if ".." in parts:
        return "a name with '..' (it would be written outside the collection folder)", clean
    if not parts:
        return "an empty name", clean
    normalized = "/".join(parts)
    if normalized in seen:
        return "a duplicate name (an earlier member has the same name; the first one is kept)", normalized
    return None, normalized


class SafeExtractor(ExtractorPlugin):
    """Extract each archive on its own, member by member, refusing unsafe members (see the module docstring)."""

    max_member_mb = Integer(200, help="Largest member extracted from an archive, in MiB.").tag(config=True)
    max_archive_mb = Integer(4096, help="Most bytes extracted from one archive, in MiB.").tag(config=True)

    def extract(self, archive_path: str, extracted_path: str) -> None:
        self.report: list[str] = []
        if not os.path.isdir(archive_path) or not os.listdir(archive_path):
            self.log.warning("No files found in directory: %s", archive_path)
            return
        for root, _folders, names in os.walk(archive_path):
            relative = os.path.relpath(root, archive_path)
            target_root = Path(extracted_path) / relative
            for name in sorted(names):
                path = Path(root) / name
                where = os.path.normpath(os.path.join(relative, name))
                if not stat.S_ISREG(path.lstat().st_mode):
                    self._refuse(where, "it is not a regular file (a link?)")
                    continue
                try:
                    if name.lower().endswith(".zip"):
                        self._extract_zip(path, target_root / name[: -len(".zip")], where)
                    elif name.lower().endswith((".tar", ".tar.gz", ".tgz")):
                        stem = re.sub(r"\.(tar\.gz|tgz|tar)$", "", name, flags=re.I)
                        self._extract_tar(path, target_root / stem, where)
                    else:
                        target_root.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(path, target_root / name)
                except Exception as error:  # one archive that cannot be read never stops the others
                    self._refuse(
                        where,
                        f"the archive could not be read ({type(error).__name__}: {error}); "
                        "the other archives were still collected",
                    )
        self._write_report(Path(extracted_path).parent)

    def _refuse(self, where: str, why: str) -> None:
        message = f"{where}: not collected: {why}"
        self.report.append(message)
        self.log.warning(message)

    def _target(self, root: Path, normalized: str) -> Path:
        target = root.joinpath(*normalized.split("/"))
        if os.path.commonpath([os.path.realpath(target), os.path.realpath(root)]) != os.path.realpath(root):
            raise ValueError("outside the collection folder")
        return target

    def _extract_zip(self, path: Path, root: Path, where: str) -> None:
        limit, budget = self.max_member_mb * 1024 * 1024, self.max_archive_mb * 1024 * 1024
        seen: set[str] = set()
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                why, normalized = member_problem(info.filename, seen)
                label = f"{where}: {info.filename}"
                if why:
                    self._refuse(label, why)
                    continue
                if info.is_dir():
                    continue
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    self._refuse(label, "a symbolic link")
                    continue
                if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # 0: no Unix type recorded (most LMS archives)
                    self._refuse(label, "not a regular file")
                    continue
                if info.file_size > limit or info.file_size > budget:
                    self._refuse(label, f"over the size limit ({info.file_size / 1024 / 1024:.0f} MiB)")
                    continue
                seen.add(normalized)
                if _is_archive(normalized):
                    self._refuse(label, "an archive inside the archive: kept as a file, not unpacked")
                target = None
                try:
                    target = self._target(root, normalized)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with archive.open(info) as source, open(target, "xb") as copy:
                        budget -= _copy_capped(source, copy, info.file_size)
                except (OSError, ValueError, zipfile.BadZipFile, RuntimeError) as error:
                    self._refuse(label, f"could not be extracted ({error})")
                    if target is not None and target.is_file():
                        target.unlink()  # never leave half a member behind

    def _extract_tar(self, path: Path, root: Path, where: str) -> None:
        limit = self.max_member_mb * 1024 * 1024
        seen: set[str] = set()
        with tarfile.open(path) as archive:
            for member in archive:
                why, normalized = member_problem(member.name, seen)
                label = f"{where}: {member.name}"
                if why:
                    self._refuse(label, why)
                    continue
                if member.isdir():
                    continue
                if not member.isfile():
                    self._refuse(label, "a link or another non-regular member")
                    continue
                if member.size > limit:
                    self._refuse(label, f"over the size limit ({member.size / 1024 / 1024:.0f} MiB)")
                    continue
                seen.add(normalized)
                if _is_archive(normalized):
                    self._refuse(label, "an archive inside the archive: kept as a file, not unpacked")
                target = self._target(root, normalized)
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as source, open(target, "xb") as copy:
                    _copy_capped(source, copy, member.size)

    def _write_report(self, folder: Path) -> None:
        path = folder / REPORT_NAME
        if self.report:
            path.write_text("\n".join(self.report) + "\n", encoding="utf-8")
        elif path.exists():
            path.unlink()


def _copy_capped(source, target, declared: int) -> int:
    """Copy at most ``declared`` bytes (an archive's header may lie about a member's size)."""
    written = 0
    while True:
        block = source.read(1 << 20)
        if not block:
            return written
        written += len(block)
        if written > declared:
            raise ValueError("the member is larger than its header says")
        target.write(block)


class TopLevelCollector(FileNameCollectorPlugin):
    """nbgrader's file-name collector, for files at an archive's top level only (see the module docstring)."""

    archive_depth = Integer(
        0,
        help="Folders allowed between an archive's top level and a file (0: Canvas's flat archive; 1: one "
        "folder per student, as Moodle makes).",
    ).tag(config=True)

    def collect(self, submitted_file: str):
        root = self._extracted_root()
        if root is not None:
            parts = Path(os.path.relpath(submitted_file, root)).parts
            if len(parts) > 2 + self.archive_depth:  # <archive>/<folders...>/<file>
                self.log.warning(
                    "%s: not collected: it is not at the top level of its archive (files inside a student's own "
                    "upload never count as submissions)",
                    submitted_file,
                )
                return None
        return super().collect(submitted_file)

    def _extracted_root(self) -> str | None:
        app = self.parent
        try:
            return app._format_collect_path(app.extracted_directory)
        except AttributeError:
            return None
