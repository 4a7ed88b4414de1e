"""Execute every lesson and build a static HTML version of the course, to read or to host.

    python3 tasks.py site                      # every lesson in course/ -> build/site/
    python3 tasks.py site 00-start-here        # only these lessons (ids or paths)
    python3 tasks.py site --out /tmp/course    # another folder

What it writes (``build/site/`` is git-ignored):

- ``index.html``: the module map (the README's table), each module linked to its page;
- ``NN-slug.html``: each lesson executed top to bottom, with its tables and plots;
- ``manifest.json``: per lesson, the seconds it took, its plots and any error.

Lessons run in a temporary copy of ``course/``, so nothing a lesson writes (an annotation
log, say) lands in the repository or touches a learner's own files. Links between lessons
point to their pages; links to other files of the course (exercises, data cards) point
to the repository on GitHub (``[project.urls] Repository`` in pyproject.toml). The Colab
set-up cell is left out of the pages: it does nothing outside Colab.

Exits 1, after building every page it can, if any lesson raised an error.
"""

from __future__ import annotations

import argparse
import html
import json
import posixpath
import re
import shutil
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = ".course-site"  # written into the output folder; only such a folder is ever cleared
SETUP_MARKER = "# Course set-up"
LINK = re.compile(r"(\]\()([^)\s]+)(\))")
STYLE = """
body { margin: 0; }
nav.course { font: 15px/1.5 system-ui, sans-serif; padding: 8px 24px; background: #f3f5f7;
             border-bottom: 1px solid #d0d7de; display: flex; gap: 24px; }
nav.course a { color: #0b5cad; text-decoration: none; }
main.index { font: 16px/1.55 system-ui, sans-serif; max-width: 980px; margin: 32px auto; padding: 0 24px; }
main.index table { border-collapse: collapse; width: 100%; }
main.index th, main.index td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #d0d7de; vertical-align: top; }
main.index code { background: #f3f5f7; padding: 0 4px; border-radius: 3px; }
"""


def repository_url() -> str:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["urls"]["Repository"].rstrip("/")


def lesson_id(path: Path) -> str:
    return path.stem


def rewrite_links(markdown: str, *, built: set[str], repo_url: str, folder: str = "course") -> str:
    """Point a lesson's relative links at the site: other lessons' pages, or files on GitHub.

    Parameters
    ----------
    markdown : str
        A markdown cell's source.
    built : set of str
        Ids of the lessons that get a page (``"00-start-here"``).
    repo_url : str
        The repository's address, for links to files that have no page.
    folder : str
        The lesson's folder in the repository, to resolve relative links.
    """

    def replace(match: re.Match) -> str:
        target = match.group(2)
        if re.match(r"^([a-z][a-z0-9+.-]*:|#|/)", target, re.IGNORECASE):
            return match.group(0)  # absolute URL, anchor or site-absolute: leave alone
        path, _, anchor = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(folder, path))
        stem = posixpath.splitext(posixpath.basename(resolved))[0]
        if resolved.startswith("course/") and resolved.endswith(".ipynb") and stem in built:
            new = f"{stem}.html"
        else:
            new = f"{repo_url}/blob/main/{resolved}"
        return f"{match.group(1)}{new}{'#' + anchor if anchor else ''}{match.group(3)}"

    return LINK.sub(replace, markdown)


def module_map(readme: str) -> list[tuple[str, str, str]]:
    """(id, module, outcome) for each row of the README's "## Module map" table."""
    section = readme.split("## Module map", 1)[1].split("\n## ", 1)[0] if "## Module map" in readme else ""
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or set(cells[0]) <= {"-", ":", " "} or cells[0] == "id":
            continue
        identifier = re.sub(r"^\[([^\]]+)\]\([^)]*\)$", r"\1", cells[0])
        rows.append((identifier, cells[1], cells[2]))
    return rows


def inline_markdown(text: str) -> str:
    """The little markdown the README's table uses (code, emphasis, links) as HTML."""
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*([^*]+)\*", r"<em>\1</em>", out)
    return re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r'<a href="\2">\1</a>', out)


def nav(links: list[tuple[str, str]]) -> str:
    return (
        '<nav class="course">' + "".join(f'<a href="{href}">{html.escape(text)}</a>' for text, href in links) + "</nav>"
    )


def notebook_title(notebook) -> str:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "Lesson"


def execute(notebook, workdir: Path) -> tuple[str | None, float]:
    """Run ``notebook`` in place (cwd ``workdir``); (error summary or None, seconds)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    start = time.perf_counter()
    try:
        NotebookClient(
            notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
        ).execute()
        error = None
    except CellExecutionError as failure:
        error = str(failure).strip().splitlines()[-1] if str(failure).strip() else repr(failure)
    return error, time.perf_counter() - start


def render(notebook, title: str, links: list[tuple[str, str]]) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    page, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title}})
    page = page.replace("</head>", f"<style>{STYLE}</style>\n</head>", 1)
    return re.sub(r"(<body[^>]*>)", lambda match: match.group(1) + "\n" + nav(links), page, count=1)


def index_page(rows, lessons: dict[str, str], manifest: dict, repo_url: str) -> str:
    listed = {identifier for identifier, _, _ in rows}
    rows = list(rows) + [(identifier, title, "") for identifier, title in lessons.items() if identifier not in listed]
    body = []
    for identifier, module, outcome in rows:
        name = (
            f'<a href="{identifier}.html">{html.escape(identifier)}</a>'
            if identifier in lessons
            else html.escape(identifier)
        )
        status = manifest.get(identifier, {})
        note = " (raised an error)" if status.get("error") else ""
        body.append(
            f"<tr><td>{name}{note}</td><td>{inline_markdown(module)}</td><td>{inline_markdown(outcome)}</td></tr>"
        )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Data-Centric AI, hands-on</title><style>{STYLE}</style></head>
<body>
{nav([("Course index", "index.html"), ("Repository", repo_url)])}
<main class="index">
<h1>Data-Centric AI, hands-on</h1>
<p>Each lesson below was executed top to bottom to make its page, so every table and plot is what
the code computes. To run them yourself, open the notebooks in JupyterLab, Colab or Binder
(see the <a href="{repo_url}">repository</a>); the graded exercises are there too.</p>
<h2>Module map</h2>
<table>
<thead><tr><th>id</th><th>module</th><th>you will be able to</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
<p>Built with Python {sys.version.split()[0]}; {len(lessons)} lesson page(s).</p>
</main>
</body></html>
"""


def prepare_output(out: Path) -> None:
    """Empty ``out`` if this tool made it; refuse to write into any other non-empty folder."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            sys.exit(f"{out} is not empty and was not made by this tool; choose another --out.")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("made by tools/build_site.py; emptied on each build\n")


def select_lessons(names: list[str]) -> list[Path]:
    lessons = sorted((ROOT / "course").glob("*.ipynb"))
    if not names:
        return lessons
    chosen = []
    for name in names:
        stem = Path(name).stem
        match = [path for path in lessons if path.stem == stem]
        if not match:
            sys.exit(f"no lesson {name!r}; the lessons are: {', '.join(path.stem for path in lessons)}")
        chosen += match
    return chosen


def main(argv: list[str] | None = None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson ids or paths (default: every lesson in course/)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site", help="output folder (default build/site)")
    args = parser.parse_args(argv)
    lessons = select_lessons(args.lessons)
    out = args.out.resolve()
    prepare_output(out)
    repo_url = repository_url()
    built = {lesson_id(path) for path in lessons}
    manifest: dict[str, dict] = {}
    titles: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="course-site-") as scratch:
        workdir = Path(scratch) / "course"
        shutil.copytree(ROOT / "course", workdir, ignore=shutil.ignore_patterns("annotations", ".ipynb_checkpoints"))
        for position, path in enumerate(lessons):
            identifier = lesson_id(path)
            notebook = nbformat.read(workdir / path.name, as_version=4)
            if (
                notebook.cells
                and notebook.cells[0].cell_type == "code"
                and notebook.cells[0].source.startswith(SETUP_MARKER)
            ):
                notebook.cells.pop(0)
            for cell in notebook.cells:
                if cell.cell_type == "markdown":
                    cell.source = rewrite_links(cell.source, built=built, repo_url=repo_url)
            print(f"executing {path.relative_to(ROOT)} ...", flush=True)
            error, seconds = execute(notebook, workdir)
            titles[identifier] = notebook_title(notebook)
            links = [("Course index", "index.html")]
            if position > 0:
                links.append((f"← {lesson_id(lessons[position - 1])}", f"{lesson_id(lessons[position - 1])}.html"))
            if position + 1 < len(lessons):
                links.append((f"{lesson_id(lessons[position + 1])} →", f"{lesson_id(lessons[position + 1])}.html"))
            links.append(("Notebook on GitHub", f"{repo_url}/blob/main/course/{path.name}"))
            (out / f"{identifier}.html").write_text(render(notebook, titles[identifier], links), encoding="utf-8")
            plots = sum(
                1
                for cell in notebook.cells
                if cell.cell_type == "code"
                for output in cell.get("outputs", [])
                if "image/png" in output.get("data", {})
            )
            manifest[identifier] = {
                "page": f"{identifier}.html",
                "title": titles[identifier],
                "seconds": round(seconds, 1),
                "plots": plots,
                "error": error,
            }
            print(f"  {identifier}: {seconds:.1f} s, {plots} plot(s){', ERROR: ' + error if error else ''}", flush=True)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (out / "index.html").write_text(index_page(module_map(readme), titles, manifest, repo_url), encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    failed = [identifier for identifier, entry in manifest.items() if entry["error"]]
    print(
        f"wrote {out / 'index.html'} and {len(manifest)} lesson page(s)"
        + (f"; lessons that raised an error: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
