"""Build every notebook of the course from its text source, or check that the committed ones are built.

    python3 tasks.py build            # write course/, solutions/, exercises/ and the README's badges
    python3 tasks.py build --check    # change nothing; exit 1 and list what differs (the tests run this)
    python3 tasks.py build --update-source course/03-labeling.ipynb
                                      # copy edits made in a built notebook back into its source

Each lesson and each assignment has one hand-edited text source in jupytext's percent format:
``sources/lessons/NN-slug.py`` becomes ``course/NN-slug.ipynb`` and ``sources/assignments/NN-slug.py``
becomes ``solutions/NN-slug/NN-slug.ipynb`` (the nbgrader instructor version). The build adds what
every notebook shares: the Colab set-up cell first, Colab and Binder badges under the title (both from
``[project.urls] Repository`` in pyproject.toml, the one place the address is configured), the
kernelspec, and stable cell ids (an nbgrader cell's id is its ``grade_id``). ``exercises/`` is then
generated from ``solutions/`` by nbgrader's own ``generate_assignment`` (without a gradebook), exactly
as an instructor would generate it.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parent.parent
LESSON_SOURCES = ROOT / "sources" / "lessons"
ASSIGNMENT_SOURCES = ROOT / "sources" / "assignments"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
# What a source keeps of the notebook: no notebook metadata (the build writes it), every cell's metadata.
SOURCE_METADATA = {"notebook_metadata_filter": "-all", "cell_metadata_filter": "-lines_to_next_cell"}
SETUP_MARKER = "# Course set-up"
SETUP_ID = "course-setup"
BADGE_LINE = re.compile(r"^\[!\[Open in Colab\].*\n?", re.MULTILINE)
README_BADGES = re.compile(r"<!-- badges -->.*?<!-- /badges -->", re.DOTALL)

SETUP_TEMPLATE = """\
# Course set-up (written by tools/build_notebooks.py, the same in every notebook).
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


def lesson_target(source: Path) -> Path:
    return ROOT / "course" / f"{source.stem}.ipynb"


def solution_target(source: Path) -> Path:
    return ROOT / "solutions" / source.stem / f"{source.stem}.ipynb"


def sources() -> list[tuple[Path, Path]]:
    """(text source, notebook it builds) for every lesson and assignment."""
    pairs = [(path, lesson_target(path)) for path in sorted(LESSON_SOURCES.glob("*.py"))]
    return pairs + [(path, solution_target(path)) for path in sorted(ASSIGNMENT_SOURCES.glob("*.py"))]


def learner_path(notebook: Path) -> str:
    """Where a learner opens the notebook: an assignment's student copy is in exercises/."""
    relative = notebook.resolve().relative_to(ROOT).as_posix()
    return "exercises/" + relative.removeprefix("solutions/") if relative.startswith("solutions/") else relative


def setup_source(notebook: Path, url: str) -> str:
    folder = learner_path(notebook).rsplit("/", 1)[0]
    return SETUP_TEMPLATE.format(url=url, name=url.rsplit("/", 1)[-1], folder=folder)


def badges(notebook_or_page: str, url: str) -> str:
    """Markdown badges opening ``notebook_or_page`` (a path in the repository) on Colab and Binder."""
    owner_repo = url.split("github.com/", 1)[1]
    colab = f"https://colab.research.google.com/github/{owner_repo}/blob/main/{notebook_or_page}"
    binder = f"https://mybinder.org/v2/gh/{owner_repo}/main?urlpath=lab/tree/{notebook_or_page}"
    return (
        f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab}) "
        f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder})"
    )


def _cell_ids(notebook: nbformat.NotebookNode, stem: str) -> None:
    """Give every cell a stable id: nbgrader cells their grade_id, others a hash of their text."""
    seen: set[str] = set()
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id:
            cell_id = grade_id
        else:
            digest = hashlib.sha1(f"{stem}\0{cell.cell_type}\0{cell.source}".encode()).hexdigest()
            cell_id = digest[:12]
            while cell_id in seen:  # the same text twice in one notebook
                digest = hashlib.sha1(digest.encode()).hexdigest()
                cell_id = digest[:12]
        if cell_id in seen:
            raise ValueError(f"{stem}: two cells have the id {cell_id!r} (grade_ids must be unique)")
        seen.add(cell_id)
        cell.id = cell_id


def notebook_from_source(source: Path, target: Path, url: str) -> str:
    """The JSON text of the notebook ``target`` built from the percent-format ``source``."""
    notebook = jupytext.reads(source.read_text(encoding="utf-8"), fmt="py:percent")
    notebook.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    for cell in notebook.cells:
        cell.metadata.pop("lines_to_next_cell", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    title = next((cell for cell in notebook.cells if cell.cell_type == "markdown"), None)
    if title is None or not title.source.startswith("# "):
        raise ValueError(f"{source.relative_to(ROOT)}: the first cell must be a markdown title ('# NN · ...')")
    head, _, rest = title.source.partition("\n")
    title.source = f"{head}\n\n{badges(learner_path(target), url)}\n{rest}".rstrip("\n")
    notebook.cells.insert(0, nbformat.v4.new_code_cell(setup_source(target, url)))
    _cell_ids(notebook, source.stem)
    notebook.cells[0].id = SETUP_ID
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def source_from_notebook(notebook_path: Path) -> str:
    """The percent-format text of a built notebook, without what the build adds (set-up cell, badges, ids)."""
    notebook = nbformat.read(notebook_path, as_version=4)
    if notebook.cells and notebook.cells[0].source.startswith(SETUP_MARKER):
        notebook.cells = notebook.cells[1:]
    title = next((cell for cell in notebook.cells if cell.cell_type == "markdown"), None)
    match = BADGE_LINE.search(title.source) if title is not None else None
    if match:  # the build wrote "title\n\nbadges\nrest": take out "\nbadges\n"
        title.source = (title.source[: match.start() - 1] + title.source[match.end() :]).rstrip("\n")
    for cell in notebook.cells:
        cell.pop("id", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    notebook.metadata = {"jupytext": dict(SOURCE_METADATA)}
    return jupytext.writes(notebook, fmt="py:percent")


def generated_exercises(solution_texts: dict[Path, str]) -> dict[Path, bytes]:
    """exercises/ as nbgrader's generate_assignment writes it from these solutions (no gradebook)."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    with tempfile.TemporaryDirectory() as folder:
        course = Path(folder)
        shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
        for target, text in solution_texts.items():
            (course / target.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
            (course / target.relative_to(ROOT)).write_text(text, encoding="utf-8")
        config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
        config.GenerateAssignment.no_database = True
        config.GenerateAssignment.force = True
        config.SaveCells.enabled = False
        for target in sorted(solution_texts):
            coursedir = CourseDirectory(config=config)
            coursedir.assignment_id = target.parent.name
            GenerateAssignment(coursedir=coursedir, config=config).start()
        released = course / "exercises"
        return {ROOT / path.relative_to(course): path.read_bytes() for path in released.rglob("*") if path.is_file()}


def readme_text(url: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = f"<!-- badges -->\n{badges('course/00-start-here.ipynb', url)}\n<!-- /badges -->"
    return README_BADGES.sub(lambda _: block, text)


def wanted_files() -> dict[Path, bytes]:
    """Every file the build writes, with its bytes."""
    url = repository_url()
    built = {target: notebook_from_source(source, target, url) for source, target in sources()}
    files = {target: text.encode("utf-8") for target, text in built.items()}
    solutions = {target: text for target, text in built.items() if target.is_relative_to(ROOT / "solutions")}
    files.update(generated_exercises(solutions))
    files[ROOT / "README.md"] = readme_text(url).encode("utf-8")
    return files


def committed_notebooks() -> set[Path]:
    patterns = ("course/*.ipynb", "solutions/*/*.ipynb", "exercises/*/*.ipynb")
    return {path for pattern in patterns for path in ROOT.glob(pattern)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report what differs from the build; change nothing")
    parser.add_argument(
        "--update-source",
        metavar="NOTEBOOK",
        type=Path,
        nargs="+",
        help="write these built notebooks' edits back into their text sources",
    )
    args = parser.parse_args(argv)
    if args.update_source:
        by_target = {target.resolve(): source for source, target in sources()}
        for notebook in args.update_source:
            source = by_target.get(notebook.resolve())
            if source is None:
                print(f"{notebook} is not built from a source (only course/*.ipynb and solutions/*/*.ipynb are)")
                return 2
            source.write_text(source_from_notebook(notebook), encoding="utf-8")
            # jupytext's blank lines between cells differ from ruff's; the committed sources are ruff-formatted
            subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", str(source)], cwd=ROOT, check=True)
            print(f"updated {source.relative_to(ROOT)}; now run: python3 tasks.py build")
        return 0
    wanted = wanted_files()
    stale = sorted(
        path.relative_to(ROOT).as_posix()
        for path, data in wanted.items()
        if not path.exists() or path.read_bytes() != data
    )
    orphans = sorted(path.relative_to(ROOT).as_posix() for path in committed_notebooks() - set(wanted))
    if args.check:
        for name in stale:
            print(f"differs from its source: {name}")
        for name in orphans:
            print(f"not built from any source: {name} (add its source under sources/, or delete it)")
        if stale or orphans:
            print("Fix: python3 tasks.py build   (then commit the sources and the built notebooks together)")
            return 1
        print(f"all {len(wanted) - 1} notebooks and the README are built from their sources")
        return 0
    for path, data in wanted.items():
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    for name in orphans:
        print(f"not built from any source (left alone): {name}")
    print(f"built: {', '.join(stale)}" if stale else "nothing to build: everything is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
