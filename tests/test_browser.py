"""JupyterLab in a real browser: the start page opens with nothing to dismiss, a lesson runs
with its plots, the labeling widget logs its clicks, and an exercise passes nbgrader's Validate.

Playwright drives Debian's Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``; never a
downloaded browser) against a JupyterLab that this module starts from the project's
environment, on a free local port with a token, serving a throwaway copy of ``course/``
and ``exercises/`` (so running cells never writes into the repository), with the course's
JupyterLab defaults installed as ``python3 tasks.py lab`` installs them. The server is
always stopped at the end.

Without a Chromium the tests are skipped and pytest's summary says so; under CI
(``CI=true``, where ``.ci/run`` installs Chromium) a missing Chromium is a failure.

Screenshots go to the git-ignored ``build/browser-test/``: one per failing test, and with
``COURSE_SCREENSHOTS=1`` also the lesson after "Run All Cells" (its end, and its first plot),
the labeling widget after the clicks, and both Validate dialogs.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from conftest import EXERCISES, LESSONS, REPO

pytestmark = pytest.mark.slow

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = REPO / "build" / "browser-test"
START_LESSON = "00-start-here.ipynb"
SERVER_START_S, RUN_ALL_S, VALIDATE_S, STEP_S = 120, 300, 300, 60
# The test's own user setting: every cell kept in the page, so the test can see all outputs.
# (Nothing about pop-ups here: those defaults are the course's, tools/jupyterlab-overrides.json5.)
LAB_SETTINGS = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"}}
ACTIVE = ".jp-NotebookPanel:not(.lm-mod-hidden)"
# What a learner would have to dismiss: dialogs, and notifications popping up ("toasts").
POPUPS = ".jp-Dialog, .Toastify__toast"
NOTIFICATIONS = "@jupyterlab/apputils-extension:notification"
QUIET_S = 10  # JupyterLab asks about news a moment after start-up: watch this long


def _chromium_or_skip() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    message = (
        f"no Chromium at {CHROMIUM}: the browser tests did NOT run. Install Debian's chromium "
        "(apt-get install chromium) or set CHROMIUM to its path."
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " CI must run them (.ci/run installs chromium).")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Lab:
    url: str
    token: str
    root: Path  # the folder JupyterLab serves
    log: Path

    def page_url(self, path: str) -> str:
        # A workspace of its own for each page, so no tab from an earlier test is restored.
        workspace = re.sub(r"[^a-z0-9]+", "-", path.lower())
        return f"{self.url}/lab/workspaces/{workspace}/tree/{path}?token={self.token}"

    def kernel_state(self, path: str) -> str | None:
        """The execution state of the kernel the server runs for the notebook ``path``, if any."""
        request = urllib.request.Request(f"{self.url}/api/sessions", headers={"Authorization": f"token {self.token}"})
        for session in json.load(urllib.request.urlopen(request, timeout=10)):
            if session.get("path") == path and session.get("kernel"):
                return session["kernel"].get("execution_state")
        return None

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else "(no server log)"


@pytest.fixture(scope="module")
def chromium():
    return _chromium_or_skip()


@pytest.fixture(scope="module")
def lab(chromium, tmp_path_factory):
    """JupyterLab from this environment on a free port, serving a copy of the course."""
    base = tmp_path_factory.mktemp("lab")
    root = base / "serve"
    for folder in ("course", "exercises"):
        shutil.copytree(REPO / folder, root / folder)
    # nbgrader's Validate reads nbgrader_config.py from the server's working directory, as
    # when a learner starts JupyterLab in the course folder.
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    _install_course_lab_settings()
    for name, values in LAB_SETTINGS.items():
        target = base / "settings" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    port, token = _free_port(), "browser-test-token"
    env = dict(
        os.environ,
        PYTHONNOUSERSITE="1",
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        JUPYTER_CONFIG_DIR=str(base / "config"),
        JUPYTER_DATA_DIR=str(base / "data"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
    )
    as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    log = base / "jupyter.log"
    with open(log, "wb") as handle:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                "--ip=127.0.0.1",
                f"--port={port}",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                *as_root,
            ],
            cwd=root,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Lab(f"http://127.0.0.1:{port}", token, root, log)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            try:
                request = urllib.request.Request(
                    f"{running.url}/api/status", headers={"Authorization": f"token {token}"}
                )
                urllib.request.urlopen(request, timeout=5)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"JupyterLab exited early ({server.returncode}):\n{running.log_tail()}")
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer within {SERVER_START_S} s:\n{running.log_tail()}")
                time.sleep(0.5)
        yield running
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


def _install_course_lab_settings() -> None:
    """What `python3 tasks.py lab` does before it starts JupyterLab, on this environment."""
    sys.path.insert(0, str(REPO))
    try:
        import tasks
    finally:
        sys.path.remove(str(REPO))
    tasks.install_lab_overrides(Path(sys.executable))


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives each launch a fresh, temporary profile (user data dir).
        launched = playwright.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser, lab):
    """A fresh browser page (its own context: no cookies or storage shared between tests)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(STEP_S * 1000)
    try:
        yield context.new_page()
    finally:
        context.close()


@contextlib.contextmanager
def screenshot_on_failure(page, lab: Lab, name: str):
    """Save ``build/browser-test/<name>-failure.png`` and add the server log if the block fails."""
    try:
        yield
    except BaseException as error:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shot = SHOTS / f"{name}-failure.png"
        with contextlib.suppress(Exception):
            page.screenshot(path=str(shot))
        raise AssertionError(
            f"{error}\n(screenshot: {shot.relative_to(REPO)}; server log tail:\n{lab.log_tail()})"
        ) from error


# -- what a learner does, step by step ---------------------------------------------------


def open_notebook(page, lab: Lab, path: str) -> None:
    """Open ``path`` (relative to the served folder) and wait until its kernel is up and idle."""
    page.goto(lab.page_url(path))
    page.locator(f"{ACTIVE} .jp-Notebook").wait_for(state="visible", timeout=SERVER_START_S * 1000)
    select_kernel = page.locator(".jp-Dialog", has_text="Select Kernel")
    deadline, state = time.monotonic() + SERVER_START_S, None
    while time.monotonic() < deadline:
        if select_kernel.count():  # JupyterLab sometimes asks; a learner would accept its choice
            select_kernel.get_by_role("button", name="Select", exact=True).click()
        state = lab.kernel_state(path)
        if state == "idle" and page.locator(f"{ACTIVE} .jp-Notebook-ExecutionIndicator[data-status='idle']").count():
            return
        time.sleep(0.5)
    raise AssertionError(f"the kernel of {path} was not idle within {SERVER_START_S} s (server says {state!r})")


NOTEBOOK_STATE = """(active) => {
    const panel = document.querySelector(active);
    if (!panel) return null;
    const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
    return {
        status: indicator ? indicator.dataset.status : null,
        prompts: [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent.trim()),
    };
}"""
SETTLE_S = 3  # Run All is over when nothing is queued or running for this long


def focus_notebook(page) -> None:
    """Menu and keyboard commands act on the notebook that has focus: click into it, as a person would."""
    page.locator(f"{ACTIVE} .jp-Cell .jp-InputArea-prompt").first.click()


def run_all_cells(page) -> None:
    """Run > Run All Cells from the menu bar, and wait until the run is over.

    Over means: some cell has run, no cell is queued or running (``[*]``) and the kernel
    is idle, for SETTLE_S seconds in a row. (After an error JupyterLab drops the rest of
    the queue, so waiting for every cell would only wait for the time-out.)
    """
    focus_notebook(page)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(
        ".lm-Menu-item:visible", has=page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$"))
    ).click()
    deadline, state, quiet_since = time.monotonic() + RUN_ALL_S, None, None
    while time.monotonic() < deadline:
        state = page.evaluate(NOTEBOOK_STATE, ACTIVE)
        settled = (
            state
            and state["status"] in (None, "idle")
            and not any("*" in p for p in state["prompts"])
            and any(re.fullmatch(r"\[\d+\]:", p) for p in state["prompts"])
        )
        quiet_since = (quiet_since or time.monotonic()) if settled else None
        if quiet_since and time.monotonic() - quiet_since >= SETTLE_S:
            return
        time.sleep(0.5)
    raise AssertionError(f"Run All did not finish within {RUN_ALL_S} s: {state}")


def saved_notebook(page, lab: Lab, path: str) -> nbformat.NotebookNode:
    """Save the open notebook (Ctrl+S) and read what JupyterLab wrote, outputs included."""
    focus_notebook(page)
    page.keyboard.press("Control+s")
    page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").wait_for(state="detached")
    request = urllib.request.Request(
        f"{lab.url}/api/contents/{path}?content=1&type=notebook", headers={"Authorization": f"token {lab.token}"}
    )
    content = json.load(urllib.request.urlopen(request, timeout=30))["content"]
    return nbformat.from_dict(content)


def problems(notebook: nbformat.NotebookNode) -> list[str]:
    """Cells that raised, and cells with code that did not run, in an executed notebook."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"cell {index} raised {output.get('ename')}: {output.get('evalue')}")
        if n_runnable([cell]) and cell.get("execution_count") is None:
            found.append(f"cell {index} did not run")
    return found


def n_runnable(cells) -> int:
    """Code cells with code in them (not only comments or blank lines)."""
    return sum(
        cell.cell_type == "code"
        and any(line.strip() and not line.strip().startswith("#") for line in cell.source.splitlines())
        for cell in cells
    )


def n_plots(notebook: nbformat.NotebookNode) -> int:
    return sum(
        "image/png" in output.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )


def popups(page) -> list[str]:
    """The text of every dialog and notification on the page."""
    return [text.strip() for text in page.locator(POPUPS).all_inner_texts()]


def put_user_setting(lab: Lab, plugin: str, values: dict) -> None:
    """Save ``values`` as the user's settings of ``plugin``, as the Settings editor would."""
    request = urllib.request.Request(
        f"{lab.url}/lab/api/settings/{plugin}",
        data=json.dumps({"raw": json.dumps(values)}).encode(),
        method="PUT",
        headers={"Authorization": f"token {lab.token}", "Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=30)


# -- the tests -------------------------------------------------------------------------------


def test_start_page_opens_with_nothing_to_dismiss(page, lab):
    start = f"course/{START_LESSON}"
    with screenshot_on_failure(page, lab, "quiet-start"):
        open_notebook(page, lab, start)
        time.sleep(QUIET_S)
        assert popups(page) == [], f"the start page shows something a learner must dismiss: {popups(page)}"
        # The check can fail: with JupyterLab's own default (the news question not answered yet),
        # the same page shows the prompt.
        put_user_setting(lab, NOTIFICATIONS, {"fetchNews": "none"})
        try:
            page.reload()
            page.locator(POPUPS, has_text="Jupyter news").wait_for(state="visible", timeout=QUIET_S * 3 * 1000)
        finally:
            put_user_setting(lab, NOTIFICATIONS, {})  # back to the course's defaults for the other tests


def test_lesson_runs_in_jupyterlab_with_its_plots(page, lab):
    lesson = REPO / "course" / START_LESSON if (REPO / "course" / START_LESSON).exists() else LESSONS[0]
    with screenshot_on_failure(page, lab, "lesson"):
        open_notebook(page, lab, f"course/{lesson.name}")
        run_all_cells(page)
        executed = saved_notebook(page, lab, f"course/{lesson.name}")
        assert not problems(executed), f"{lesson.name} in JupyterLab: {problems(executed)}"
        images = page.locator(f"{ACTIVE} .jp-RenderedImage img")
        assert n_plots(executed) > 0, f"{lesson.name} made no plot"
        assert images.count() == n_plots(executed), f"the page shows {images.count()} of the {n_plots(executed)} plots"
        sizes = images.evaluate_all("imgs => imgs.map(img => [img.complete, img.naturalWidth, img.naturalHeight])")
        blank = [
            index
            for index, (complete, width, height) in enumerate(sizes)
            if not (complete and width > 100 and height > 100)
        ]
        assert not blank, f"plots {blank} of {len(sizes)} did not render (sizes {sizes})"
        if os.environ.get("COURSE_SCREENSHOTS"):
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "lesson-after-run-all-end.png"))
            images.first.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "lesson-after-run-all-plot.png"))


LABELING_CELLS = [
    "import pandas as pd\n"
    "from utils.labeling import LabelingWidget\n"
    "items = pd.DataFrame({'item_id': ['a1', 'a2', 'a3'],\n"
    "                      'text': ['WIN a FREE cruise!!!', 'Lunch at 12?', 'Your invoice #4411']})\n"
    "widget = LabelingWidget(items, labels=['spam', 'ham'], annotator='browser',\n"
    "                        log_path='annotations/browser-check.csv')\n"
    "widget",
]


def test_labeling_widget_clicks_are_logged(page, lab):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in LABELING_CELLS]
    nbformat.write(notebook, lab.root / "labeling-check.ipynb")
    log_path = lab.root / "annotations" / "browser-check.csv"
    with screenshot_on_failure(page, lab, "labeling"):
        open_notebook(page, lab, "labeling-check.ipynb")
        run_all_cells(page)
        trouble = problems(saved_notebook(page, lab, "labeling-check.ipynb"))
        assert not trouble, trouble
        output = page.locator(f"{ACTIVE} .jp-OutputArea")

        def click(text: str, then: str) -> None:
            output.get_by_role("button", name=text, exact=True).click()
            output.get_by_text(then).wait_for(state="visible")  # the kernel handled the click

        output.get_by_text("Item a1", exact=True).wait_for(state="visible")
        click("spam", "Saved spam for item a1.")
        click("ham", "Saved ham for item a2.")
        click("Undo", "Undid the label ham of item a2.")
        output.get_by_text("Item a2", exact=True).wait_for(state="visible")
        click("spam", "Saved spam for item a2.")
        output.get_by_text("2 / 3 labeled").wait_for(state="visible")
        if os.environ.get("COURSE_SCREENSHOTS"):
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "labeling-after-clicks.png"))

    assert log_path.exists(), f"clicking the buttons wrote no annotation log at {log_path}"
    with open(log_path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["item_id"], row["label"], row["action"]) for row in rows] == [
        ("a1", "spam", "label"),
        ("a2", "ham", "label"),
        ("a2", "", "undo"),
        ("a2", "spam", "label"),
    ], rows
    assert {row["annotator"] for row in rows} == {"browser"}
    from utils.labeling import AnnotationLog

    assert AnnotationLog(log_path).current_labels("browser").to_dict() == {"a1": "spam", "a2": "spam"}


def _solution_code(source: str) -> str:
    """A solution cell as a learner would write it: without nbgrader's markers."""
    return "\n".join(
        line for line in source.splitlines() if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
    )


def _validate(page, path: str, expect: str) -> str:
    """Click Validate in the notebook toolbar; return the result dialog's text once it shows."""
    with page.expect_response(
        lambda response: "assignments/validate" in response.url, timeout=VALIDATE_S * 1000
    ) as answer:
        page.locator(f"{ACTIVE} .jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).click()
    reply = answer.value.text()
    asked = urllib.parse.unquote(answer.value.request.url + (answer.value.request.post_data or ""))
    assert path in asked, f"Validate checked another notebook than {path}: {asked}"
    dialog = page.locator(".jp-Dialog", has_text="Validation Results")
    dialog.wait_for(state="visible", timeout=VALIDATE_S * 1000)
    text = dialog.inner_text()
    outcome = "success" if dialog.locator(".validation-success").count() else "failed"
    if os.environ.get("COURSE_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"validate-{outcome}.png"))
    dialog.get_by_role("button", name=re.compile("OK|Ok|Dismiss|Close")).first.click()
    dialog.wait_for(state="detached")
    assert outcome == expect, (
        f"Validate said {outcome!r}, expected {expect!r}:\n{text[:3000]}\n(server's reply: {reply[:2000]})"
    )
    return text


def test_exercise_passes_nbgrader_validate(page, lab):
    exercise = next((path for path in EXERCISES if path.name == START_LESSON), EXERCISES[0])
    assignment = exercise.parent.name
    solution = {
        cell.metadata["nbgrader"]["grade_id"]: cell.source
        for cell in nbformat.read(REPO / "solutions" / assignment / exercise.name, as_version=4).cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }
    cells = nbformat.read(exercise, as_version=4).cells
    # The answer cells a learner fills in: code stubs and written answers.
    stubs = [
        (index, cell.cell_type, cell.metadata["nbgrader"]["grade_id"])
        for index, cell in enumerate(cells)
        if cell.metadata.get("nbgrader", {}).get("solution")
        and ("raise NotImplementedError" in cell.source or "YOUR ANSWER HERE" in cell.source)
    ]
    assert any(kind == "code" for _, kind, _ in stubs), f"{exercise.name} has no code answer to fill in"
    with screenshot_on_failure(page, lab, "exercise"):
        open_notebook(page, lab, f"exercises/{assignment}/{exercise.name}")
        # Untouched, the exercise must fail validation: the check below can fail.
        _validate(page, f"exercises/{assignment}/{exercise.name}", expect="failed")
        for index, kind, grade_id in stubs:
            code = _solution_code(solution[grade_id])
            cell = page.locator(f"{ACTIVE} .jp-Notebook .jp-Cell").nth(index)
            if kind == "markdown":
                cell.locator(".jp-MarkdownOutput").dblclick()  # a rendered written answer opens for editing
            editor = cell.locator(".cm-content")
            editor.click()
            page.keyboard.press("Control+a")
            page.keyboard.insert_text(code)
            # (the editor shows an empty line as a line break of its own, so compare without them)
            typed = [line.rstrip() for line in editor.inner_text().splitlines() if line.strip()]
            wanted = [line.rstrip() for line in code.splitlines() if line.strip()]
            assert typed == wanted, f"cell {grade_id}: the editor holds\n{editor.inner_text()}\ninstead of\n{code}"
        page.keyboard.press("Escape")
        run_all_cells(page)  # also renders the written answers
        executed = saved_notebook(page, lab, f"exercises/{assignment}/{exercise.name}")
        assert not problems(executed), f"with the solutions filled in, the visible tests report: {problems(executed)}"
        for index, _kind, grade_id in stubs:
            wanted = [line.strip() for line in _solution_code(solution[grade_id]).splitlines() if line.strip()]
            got = [line.strip() for line in executed.cells[index].source.splitlines() if line.strip()]
            assert got == wanted, f"cell {grade_id} was saved as\n{executed.cells[index].source}"
        text = _validate(page, f"exercises/{assignment}/{exercise.name}", expect="success")
        assert "Success! Your notebook passes all the tests." in text, text
