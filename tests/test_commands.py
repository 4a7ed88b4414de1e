"""The README's lab command serves the course; CI runs exactly the README's test command."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text()
    assert "python3 tasks.py test" in readme and "python3 tasks.py lab" in readme
    assert "python3 tasks.py test" in (REPO / ".ci" / "run").read_text()


def test_lab_command_serves_the_course():
    port, token = _free_port(), "course-test-token"
    server = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "tasks.py"),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline, listing = time.time() + 90, None
        while time.time() < deadline and listing is None:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/contents/course", headers={"Authorization": f"token {token}"}
                )
                listing = json.load(urllib.request.urlopen(request, timeout=5))
            except OSError:
                assert server.poll() is None, "the lab command exited early"
                time.sleep(1)
        assert listing is not None, "JupyterLab did not answer within 90 s"
        names = {item["name"] for item in listing["content"]}
        assert "00-start-here.ipynb" in names
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=10).read()
        assert b"JupyterLab" in page or b"jupyter" in page.lower()
        # The course's defaults are in force (tools/jupyterlab-overrides.json5): no news prompt, no update check.
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/lab/api/settings/@jupyterlab/apputils-extension:notification",
            headers={"Authorization": f"token {token}"},
        )
        defaults = json.load(urllib.request.urlopen(request, timeout=10))["schema"]["properties"]
        assert (defaults["fetchNews"]["default"], defaults["checkForUpdates"]["default"]) == ("false", False), (
            "the lab command did not apply tools/jupyterlab-overrides.json5: JupyterLab would ask about news"
        )
    finally:
        import os
        import signal

        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
