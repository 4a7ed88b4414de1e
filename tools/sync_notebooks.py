"""Write the shared Colab set-up cell and the badges into every notebook, from one URL.

    python3 tasks.py sync           # rewrite notebooks and README in place
    python3 tasks.py sync --check   # exit 1 if anything is out of date (the tests run this)

The repository address is configured once, as ``[project.urls] Repository`` in
pyproject.toml. Every notebook's first cell is the set-up cell below (only the
folder it moves to differs), and its title cell carries Colab and Binder badges.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
# exercises/ is generated from solutions/ by nbgrader, so it inherits the synced cells.
NOTEBOOK_GLOBS = ("course/*.ipynb", "solutions/*/*.ipynb")
SETUP_MARKER = "# Course set-up"
BADGE_PATTERN = re.compile(r"^\[!\[Open in Colab\].*$", re.MULTILINE)
README_BADGES = re.compile(r"<!-- badges -->.*?<!-- /badges -->", re.DOTALL)

SETUP_TEMPLATE = """\
# Course set-up (written by tools/sync_notebooks.py, the same in every notebook).
# On Google Colab it fetches the course, installs it without upgrading Colab's own
# packages, and moves to this notebook's folder. Anywhere else it does nothing.
import os, subprocess, sys
if "google.colab" in sys.modules:
    COURSE_DIR = os.environ.get("COURSE_DIR", "/content/{name}")
    if not os.path.isdir(COURSE_DIR):
        subprocess.run(["git", "clone", "--depth", "1", os.environ.get("COURSE_REPO", "{url}.git"), COURSE_DIR], check=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-e", COURSE_DIR], check=True)
    sys.path.insert(0, COURSE_DIR)
    os.chdir(os.path.join(COURSE_DIR, "{folder}"))"""


def repository_url() -> str:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["urls"]["Repository"].rstrip("/")


def learner_path(notebook: Path) -> str:
    """Where a learner finds this notebook: a solution's student copy is in exercises/."""
    relative = notebook.resolve().relative_to(ROOT).as_posix()
    return "exercises/" + relative.removeprefix("solutions/") if relative.startswith("solutions/") else relative


def setup_source(notebook: Path, url: str) -> str:
    folder = learner_path(notebook).rsplit("/", 1)[0]
    return SETUP_TEMPLATE.format(url=url, name=url.rsplit("/", 1)[-1], folder=folder)


def badges(notebook_or_page: str, url: str) -> str:
    """Markdown badges opening ``notebook_or_page`` (a path in the repo) on Colab and Binder."""
    owner_repo = url.split("github.com/", 1)[1]
    colab = f"https://colab.research.google.com/github/{owner_repo}/blob/main/{notebook_or_page}"
    binder = f"https://mybinder.org/v2/gh/{owner_repo}/main?urlpath=lab/tree/{notebook_or_page}"
    return (
        f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab}) "
        f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder})"
    )


def synced_notebook(path: Path, url: str) -> nbformat.NotebookNode:
    """The notebook at ``path`` with its set-up cell and badges brought up to date."""
    nb = nbformat.read(path, as_version=4)
    source = setup_source(path, url)
    if nb.cells and nb.cells[0].cell_type == "code" and nb.cells[0].source.startswith(SETUP_MARKER):
        nb.cells[0].source = source
    else:
        cell = nbformat.v4.new_code_cell(source)
        cell.id = "course-setup"
        nb.cells.insert(0, cell)
    title = next((cell for cell in nb.cells if cell.cell_type == "markdown"), None)
    if title is not None:
        line = badges(learner_path(path), url)
        if BADGE_PATTERN.search(title.source):
            title.source = BADGE_PATTERN.sub(lambda _: line, title.source, count=1)
        else:
            head, _, rest = title.source.partition("\n")
            title.source = f"{head}\n\n{line}\n{rest}".rstrip("\n")
    return nb


def notebooks() -> list[Path]:
    return sorted(path for pattern in NOTEBOOK_GLOBS for path in ROOT.glob(pattern))


def synced_readme(url: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = f"<!-- badges -->\n{badges('course/00-start-here.ipynb', url)}\n<!-- /badges -->"
    return README_BADGES.sub(lambda _: block, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report what is out of date, change nothing")
    args = parser.parse_args(argv)
    url = repository_url()
    stale = []
    for path in notebooks():
        wanted = nbformat.writes(synced_notebook(path, url)) + "\n"
        if path.read_text(encoding="utf-8") != wanted:
            stale.append(path.relative_to(ROOT).as_posix())
            if not args.check:
                path.write_text(wanted, encoding="utf-8")
    readme = ROOT / "README.md"
    if readme.exists() and readme.read_text(encoding="utf-8") != synced_readme(url):
        stale.append("README.md")
        if not args.check:
            readme.write_text(synced_readme(url), encoding="utf-8")
    verb = "out of date" if args.check else "updated"
    print(f"{verb}: {', '.join(stale)}" if stale else "all notebooks and README are in sync")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
