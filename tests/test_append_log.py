"""utils.append_log: the one append-only file behind the labeling log (03) and the quarantine (04)."""

from __future__ import annotations

import pytest

from utils import data
from utils.append_log import AppendOnlyFile, DamagedLog, writable_path


class Refused(RuntimeError):
    pass


def _lines(text: str) -> list[str]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line and not line.startswith("ok"):
            raise DamagedLog(f"does not start with 'ok': {line!r}", number)
        rows.append(line)
    return rows


def _file(path):
    return AppendOnlyFile(path, parse=_lines, damaged=lambda problem, line: Refused(f"line {line}: {problem}"))


def test_records_are_appended_after_the_header_and_never_rewritten(tmp_path):
    log = _file(tmp_path / "sub" / "log.txt")
    assert log.read() == []
    log.append("ok 1\n", header="ok header\n")
    log.append("ok 2\n", header="ok header\n")
    assert (tmp_path / "sub" / "log.txt").read_text() == "ok header\nok 1\nok 2\n"
    assert log.read() == ["ok header", "ok 1", "ok 2"]


def test_a_last_line_left_open_by_an_editor_is_not_joined_to_the_next_record(tmp_path):
    path = tmp_path / "log.txt"
    path.write_text("ok 1")
    _file(path).append("ok 2\n")
    assert path.read_text() == "ok 1\nok 2\n"


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"ok 1\nnot a record\n", "line 2"), (b"ok\x00\n", "NUL"), (b"ok \xff\xfe\n", "not UTF-8")],
    ids=["bad line", "binary", "not utf-8"],
)
def test_a_damaged_file_is_refused_and_left_exactly_as_it_was(tmp_path, content, problem):
    path = tmp_path / "log.txt"
    path.write_bytes(content)
    log = _file(path)
    with pytest.raises(Refused, match=problem):
        log.append("ok 2\n")
    assert path.read_bytes() == content


def test_a_file_changed_by_someone_else_is_checked_again_before_appending(tmp_path):
    path = tmp_path / "log.txt"
    log = _file(path)
    log.append("ok 1\n")
    with open(path, "a") as handle:
        handle.write("garbage\n")
    with pytest.raises(Refused, match="line 2"):
        log.append("ok 2\n")
    assert path.read_text() == "ok 1\ngarbage\n"


def test_logs_are_never_kept_in_datasets_or_given_a_folder(tmp_path):
    with pytest.raises(ValueError, match="datasets/ folder"):
        writable_path(data.data_dir() / "my_labels.csv", example="annotations/my_labels.csv")
    with pytest.raises(ValueError, match="is a folder"):
        writable_path(tmp_path, example="annotations/my_labels.csv")
    assert writable_path(tmp_path / "a.csv", example="x") == tmp_path / "a.csv"
