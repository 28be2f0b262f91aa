"""The workbench in a real browser: Debian's Chromium, driven by Playwright, against `streamlit run`.

An editor signs in, approves anna's "tines" -> "times" proposal in the review queue and
reads the clean corrected text; then each daily journey: unlink, link back and undo in
Alignment; proposing the same change twice; the diff following the typing; a download made
after a later approval; search and keyboard approve-and-next in Review; an editor importing a book. Screenshots of each
step go to test-artifacts/.
"""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from people import who

from align.alignment.run import run_alignment
from align.alignment.store import load_alignment
from align.corrections import apply, review, workspace
from align.project import Project
from align.segment import load_segmentation

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


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / f"browser-{name}.png"), full_page=True)


@contextmanager
def browser_page(server: str, login: str = ""):
    """A Chromium page on the workbench, signed in as `login` (with its demo password) when given."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)  # the machine is shared: a rerun can take seconds
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            page.set_default_timeout(20_000)
            page.goto(server)
            expect(page.get_by_label("Login")).to_be_visible()
            expect(page.get_by_text("tines")).to_have_count(0)  # nothing of the book before sign-in
            if login:
                sign_in(page, login)
            yield page
        finally:
            browser.close()


def sign_in(page, login: str, password: str = "") -> None:
    """Sign in with the password form (the demo password unless another is given)."""
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password", exact=True).fill(password or f"demo-{login}")
    page.get_by_role("button", name="Sign in").click()


def go(page, view: str) -> None:
    page.get_by_test_id("stSidebar").get_by_test_id("stRadioGroup").get_by_text(view, exact=True).click()


def settle(page) -> None:
    """Wait until the app's current run is over (a click during a rerun can land on a vanishing element, or
    be lost): the app says its script is not running (the status widget shows only after a while) and no
    element is left over from the run before (Streamlit marks those data-stale)."""
    page.wait_for_timeout(250)
    page.wait_for_function("document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'"
                           " && !document.querySelector('[data-testid=stStatusWidget]')"
                           " && !document.querySelector('[data-stale=\"true\"]')")


def no_traceback(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_editor_approves_tines_in_the_browser(server: str, project: Project) -> None:
    from playwright.sync_api import expect

    with browser_page(server) as page:
        sidebar = page.get_by_test_id("stSidebar")
        expect(page.get_by_text("Demo accounts with published passwords")).to_be_visible()
        shot(page, "1-start")

        sign_in(page, "boris", "not-his-password")
        expect(page.get_by_text("Wrong login or password.")).to_be_visible()
        sign_in(page, "boris")
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
    assert "walked several times" in apply.corrected(project, DOC).text


def pick(page, label: str, option: str, narrow: bool = False) -> None:
    """Choose `option` (the start of its text) in the select or multiselect labelled `label`; `narrow`
    types it first, so an option far down a long list is among those drawn."""
    settle(page)
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    if narrow:
        box.press_sequentially(option.strip())
    page.get_by_role("option").filter(has_text=re.compile("^" + re.escape(option))).first.click()
    page.keyboard.press("Escape")


def test_unlink_link_back_and_undo(server: str, project: Project) -> None:
    from playwright.sync_api import expect

    run_alignment(project, DOC)
    row, b = next((n, x) for n, x in enumerate(load_alignment(project, DOC), start=1)
                  if n > 2 and len(x.ru) == len(x.en) == 1)
    ru_n = load_segmentation(project, DOC, "ru").number(b.ru[0])
    en_n = load_segmentation(project, DOC, "en").number(b.en[0])
    with browser_page(server, "boris") as page:
        go(page, "Alignment")
        expect(page.locator("#alignment-table")).to_be_visible()
        settle(page)
        page.get_by_text("Change the alignment").click()
        pick(page, "Row", f"row {row} (")
        page.get_by_role("button", name="Unlink", exact=True).click()
        expect(page.get_by_text(f"Unlinked row {row}")).to_be_visible()
        shot(page, "7-unlinked")
        # link the same sentences back: the row picker still holds the label of before the unlink
        pick(page, "Russian sentences", f"{ru_n}:", narrow=True)
        pick(page, "English sentences", f"{en_n}:", narrow=True)
        page.get_by_role("button", name="Link these sentences").click()
        expect(page.get_by_text("Linked the chosen sentences")).to_be_visible()
        no_traceback(page)
        assert any(x.ru == b.ru and x.en == b.en and x.manual for x in load_alignment(project, DOC))
        expect(page.locator("#alignment-table .al-manual").first).to_be_visible()
        shot(page, "8-linked-back")
        page.get_by_role("button", name="Undo the last change").click()
        expect(page.get_by_text("Undid the last alignment change.")).to_be_visible()
        page.get_by_role("button", name="Undo the last change").click()
        expect(page.get_by_text("Undid the last alignment change.")).to_be_visible()
        no_traceback(page)
        shot(page, "9-undone")
    assert any(x.ru == b.ru and x.en == b.en and not x.manual for x in load_alignment(project, DOC))


def test_proposing_twice_makes_one_proposal(server: str, project: Project) -> None:
    from playwright.sync_api import expect

    i = workspace.open_workspace(project, DOC).text.index("Glavcontsesscom")
    assert i
    with browser_page(server, "anna") as page:
        page.get_by_label("Find a sentence").fill("entered Glavcontsesscom")
        page.get_by_label("Find a sentence").press("Enter")
        box = page.locator('[data-stale="false"] textarea[aria-label="Revised sentence"]')
        expect(box).to_have_value(re.compile("Glavcontsesscom"))
        for n in range(2):
            settle(page)  # typing into a box the app is still redrawing can land on the one it replaces
            box.fill("I entered Glavkontsesskom and reported Trotsky’s secretary of my coming.")
            page.get_by_role("button", name="Propose", exact=True).first.click()
            if n == 0:
                expect(page.get_by_text("Proposed 1 correction")).to_be_visible()
                expect(box).to_have_value(re.compile("Glavcontsesscom"))  # the form starts afresh
        expect(page.get_by_text("already proposed as c-")).to_be_visible()
        shot(page, "10-duplicate-refused")
        page.get_by_role("button", name=re.compile(r"^Show c-.* in Review$")).click()
        expect(page.get_by_role("heading", name="Review corrections")).to_be_visible()
        settle(page)  # until the run is over the Edit view's diffs of the same change are still on the page
        expect(page.locator("ins", has_text="Glavkontsesskom")).to_be_visible()
    mine = [a for a in workspace.list_corrections(project, DOC) if a.correction.quote == "Glavcontsesscom"]
    assert len(mine) == 1


def test_the_diff_follows_the_typing(server: str, project: Project) -> None:
    from playwright.sync_api import expect

    with browser_page(server, "anna") as page:
        page.get_by_label("Find a sentence").fill("walked several tines")
        page.get_by_label("Find a sentence").press("Enter")
        box = page.locator('[data-stale="false"] textarea[aria-label="Revised sentence"]')
        expect(box).to_have_value(re.compile("several tines"))
        settle(page)
        box.click()
        box.press("End")
        box.press_sequentially(" Indeed", delay=40)  # keys only: no Ctrl+Enter, the box keeps the focus
        expect(page.locator("ins", has_text="Indeed")).to_be_visible()
        expect(box).to_be_focused()
        box.press_sequentially(" so", delay=40)  # typing on after the app's run keeps every key
        expect(page.locator("ins", has_text=re.compile("Indeed so"))).to_be_visible()
        expect(box).to_have_value(re.compile(r"several tines.* Indeed so$"))
        shot(page, "10a-live-diff")
    assert len(workspace.list_corrections(project, DOC)) == 1  # typing proposed nothing: anna's "tines" only


def test_download_after_a_later_approval_holds_it(server: str, project: Project) -> None:
    from playwright.sync_api import expect

    [a] = workspace.list_corrections(project, DOC)
    with browser_page(server, "boris") as page:
        go(page, "Export")
        button = page.get_by_role("button", name="Download corrected text (.txt)")
        expect(button).to_be_visible()
        with page.expect_download() as got:
            button.click()
        before = Path(got.value.path()).read_text(encoding="utf-8")
        review.approve(project, DOC, who("clara"), a.correction.id)  # another editor approves; this page is not redrawn
        with page.expect_download() as got:
            button.click()
        after = Path(got.value.path()).read_text(encoding="utf-8")
        with page.expect_download() as got:
            page.get_by_role("button", name="Download docx-tracked").click()
        tracked = Path(got.value.path()).read_bytes()
        shot(page, "11-export")
    assert "several tines" in before and "several times" in after
    word = zipfile.ZipFile(io.BytesIO(tracked))
    document = word.read("word/document.xml").decode("utf-8")
    comments = word.read("word/comments.xml").decode("utf-8")
    # the change is anna's (the proposer), with clara's approval and the rationale in an anchored comment
    assert re.search(r'<w:ins w:id="\d+" w:author="Anna"', document) and "<w:commentReference " in document
    assert 'w:author="Clara"' in comments and "Rationale: typo: tines" in comments


def test_search_and_keyboard_approve_and_next(server: str, project: Project) -> None:
    from playwright.sync_api import expect

    text = workspace.open_workspace(project, DOC).text
    for word, new in (("Glavcontsesscom", "Glavkontsesskom"), ("pince-nez", "pince‑nez"), ("menshevik", "Menshevik")):
        i = text.index(word)
        review.propose(project, DOC, who("anna"), i, i + len(word), new)
    with browser_page(server, "boris") as page:
        search = page.get_by_role("textbox", name="Search")
        search.fill("tines")
        search.press("Enter")
        cards = page.locator('[class*="st-key-card_"]')
        expect(cards).to_have_count(1)
        expect(cards.first.locator("del", has_text="tines")).to_be_visible()
        shot(page, "12-search-tines")
        search.fill("")
        search.press("Enter")
        expect(cards).to_have_count(4)
        settle(page)
        page.locator("h2", has_text="Review corrections").click()  # keys go to the page, not the search box
        # the key script runs in a component's frame, which a loaded machine may load after the cards
        page.wait_for_function("window.alReviewKeys === true")
        page.keyboard.press("j")
        page.keyboard.press("k")  # next, previous: back on the first card
        for left in (3, 2, 1):  # A approves the highlighted card; the next one moves up into its place
            settle(page)
            page.keyboard.press("a")
            expect(cards).to_have_count(left)
            expect(page.get_by_text("Approved c-")).to_be_visible()
        shot(page, "13-keyboard-approved-three")
    statuses = [a.correction.status for a in workspace.list_corrections(project, DOC)]
    assert statuses.count("approved") == 3 and statuses.count("proposed") == 1


def test_editor_imports_a_book(server: str, project: Project, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    book = tmp_path / "short-story.md"
    book.write_text("# A short story\n\nOne sentence here. Another one there.\n", encoding="utf-8")
    with browser_page(server, "boris") as page:
        go(page, "Document")
        page.get_by_text("Import a book").click()
        page.locator('.st-key-imp_file input[type="file"]').set_input_files(str(book))  # not the revised copy's
        expect(page.get_by_text("short-story.md")).to_be_visible()  # uploaded before Import is clicked
        settle(page)
        page.get_by_label("Document name").fill("short-story")
        page.get_by_label("Document name").press("Enter")
        settle(page)
        page.get_by_role("button", name="Import", exact=True).click()
        expect(page.get_by_text("Imported short-story.md")).to_be_visible()
        shot(page, "14-imported")
    assert "short-story" in project.documents()
