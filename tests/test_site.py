"""The static HTML course (tools/build_site.py, `python3 tasks.py site`)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from conftest import LESSONS, REPO

_spec = importlib.util.spec_from_file_location("build_site", REPO / "tools" / "build_site.py")
build_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_site)
URL = "https://github.com/o/r"


def test_links_to_lessons_become_pages_and_other_files_go_to_github():
    text = (
        "See [the exercise](../exercises/02-x/02-x.ipynb), [next](03-y.ipynb#part-2), "
        "[not built](04-z.ipynb), [a card](../datasets/cards/a.md), [web](https://example.org/a.ipynb), [up](#top)"
    )
    out = build_site.rewrite_links(text, built={"03-y"}, repo_url=URL)
    assert f"[the exercise]({URL}/blob/main/exercises/02-x/02-x.ipynb)" in out
    assert "[next](03-y.html#part-2)" in out
    assert f"[not built]({URL}/blob/main/course/04-z.ipynb)" in out
    assert f"[a card]({URL}/blob/main/datasets/cards/a.md)" in out
    assert "[web](https://example.org/a.ipynb)" in out and "[up](#top)" in out


def test_module_map_is_read_from_the_readme():
    rows = build_site.module_map((REPO / "README.md").read_text())
    ids = [identifier for identifier, _, _ in rows]
    assert ids[:2] == ["00-start-here", "01-data-detective"], ids
    assert all(module and outcome for _, module, outcome in rows)
    readme = "# T\n\n## Module map\n\n| id | module | you will |\n|---|---|---|\n| [a-1](course/a-1.ipynb) | A | do `x` |\n| b-2 | B | y |\n\n## Next\n| c | d | e |\n"
    assert build_site.module_map(readme) == [("a-1", "A", "do `x`"), ("b-2", "B", "y")]


def test_refuses_to_empty_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(SystemExit):
        build_site.prepare_output(tmp_path)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


@pytest.mark.slow
def test_site_builds_an_executed_lesson_page_and_the_index(tmp_path):
    lesson = LESSONS[0]
    out = tmp_path / "site"
    course_before = sorted(path.relative_to(REPO) for path in (REPO / "course").rglob("*"))
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "build_site.py"), lesson.stem, "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest[lesson.stem]["error"] is None and manifest[lesson.stem]["plots"] > 0, manifest
    page = (out / f"{lesson.stem}.html").read_text()
    assert page.count("data:image/png;base64,") >= manifest[lesson.stem]["plots"], "plots are not embedded in the page"
    assert "# Course set-up" not in page, "the Colab set-up cell should not be on the page"
    assert 'href="index.html"' in page
    index = (out / "index.html").read_text()
    assert f'href="{lesson.stem}.html"' in index
    for identifier, _, _ in build_site.module_map((REPO / "README.md").read_text()):
        assert identifier in index, f"{identifier} missing from the module map"
    course_after = sorted(path.relative_to(REPO) for path in (REPO / "course").rglob("*"))
    assert course_after == course_before, "building the site wrote into course/ (lessons must run in a scratch copy)"
