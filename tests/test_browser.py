"""The workbench in a real browser: Debian's Chromium, driven by Playwright, against `streamlit run`.

An editor signs in, approves anna's "tines" -> "times" proposal in the review queue and
reads the clean corrected text. Screenshots of each step go to test-artifacts/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from people import who

from align.corrections import apply, review, workspace
from align.project import Project

from conftest import copy_project

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
DOC = "meetings-with-trotsky"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium (make chromium)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not become healthy at {url} within {timeout:.0f} s")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    proj = copy_project(tmp_path)
    text = workspace.open_workspace(proj, DOC).text
    start = text.index("walked several tines") + len("walked several ")
    review.propose(proj, DOC, who("anna"), start, start + len("tines"), "times", note="typo: tines")
    return proj


@pytest.fixture
def server(project: Project, tmp_path: Path):
    port = free_port()
    env = {**os.environ, "ALIGN_PROJECT": str(project.root)}
    log = (tmp_path / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "app/workbench.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_editor_approves_tines_in_the_browser(server: str, project: Project) -> None:
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)

    def shot(page, name: str) -> None:
        page.wait_for_timeout(300)
        page.screenshot(path=str(ARTIFACTS / f"browser-{name}.png"), full_page=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(20_000)
            page.goto(server)
            sidebar = page.get_by_test_id("stSidebar")
            expect(page.get_by_text("Demo accounts with published passwords")).to_be_visible()
            expect(page.get_by_text("tines")).to_have_count(0)  # nothing of the book before sign-in
            shot(page, "1-start")

            page.get_by_label("Login").fill("boris")
            page.get_by_label("Password", exact=True).fill("not-his-password")
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_text("Wrong login or password.")).to_be_visible()
            page.get_by_label("Password", exact=True).fill("demo-boris")
            page.get_by_role("button", name="Sign in").click()
            expect(sidebar.get_by_text("Signed in as Boris (boris, editor)")).to_be_visible()
            expect(page.get_by_role("heading", name="Review corrections")).to_be_visible()
            expect(page.get_by_text("typo: tines")).to_be_visible()  # the one proposal, with its rationale
            expect(page.locator("del", has_text="tines")).to_be_visible()
            expect(page.locator("ins", has_text="times")).to_be_visible()
            shot(page, "2-review-queue")

            page.get_by_role("button", name="Approve", exact=True).click()
            expect(page.get_by_text("Approved c-")).to_be_visible()
            shot(page, "3-approved")

            sidebar.get_by_test_id("stRadioGroup").get_by_text("Document", exact=True).click()
            expect(page.locator("#tracked-text ins", has_text="times")).to_be_visible()
            shot(page, "4-document-tracked")

            page.get_by_text("Clean corrected text").click()
            expect(page.locator("#clean-text")).to_contain_text("walked several times to and fro")
            shot(page, "5-clean-text")

            sidebar.get_by_test_id("stRadioGroup").get_by_text("Alignment", exact=True).click()
            page.get_by_role("button", name="Run the aligner").click()
            expect(page.locator("#alignment-table")).to_contain_text("Троцким")
            shot(page, "6-alignment")
        finally:
            browser.close()
    assert "walked several times" in apply.corrected(project, DOC).text
