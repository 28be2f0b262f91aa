"""How fast the workbench opens a page of a long book (issue #6: under 2 s for 5,000+ sentences).

Builds a tmp project whose English and Russian are the sample copied N times (default 25,
about 5,900 English sentences), stores its alignment and some proposals, then times
Streamlit's headless AppTest (the whole script run, server side) for: the first opening
of each view (cold: segmentation and alignment loaded), the same view again (warm, from
the cache) and a page change. With --browser it also times a real Chromium from page
load to the alignment table being visible, and in Review from the Enter that applies a
search to the matching cards being drawn.

    .venv/bin/python bench/workbench_load.py [--copies 25] [--proposals 800] [--browser]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from demo_accounts import who

from sample_book import DOC, REPO, repeated_sample


def timed(label: str, fn) -> float:
    t = time.perf_counter()
    fn()
    took = time.perf_counter() - t
    print(f"{label:<48} {took:6.2f} s")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=25)
    parser.add_argument("--proposals", type=int, default=200,
                        help="pending proposals to record, spread over the book (plus one per 'tines' found)")
    parser.add_argument("--browser", action="store_true", help="also time Chromium (needs /usr/bin/chromium)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="wb-bench-"))
    repeated_sample(root, args.copies)
    os.environ["ALIGN_PROJECT"] = str(root)

    from streamlit.testing.v1 import AppTest

    from align import segment
    from align.alignment.run import run_alignment
    from align.corrections import review, workspace
    from align.project import Project

    project = Project(root)
    ws = workspace.open_workspace(project, DOC)
    print(f"book: {len(ws.seg.sentences)} English sentences, {len(ws.text):,} characters ({args.copies} copies)")
    t = time.perf_counter()
    beads = run_alignment(project, DOC)
    print(
        f"aligned once for the bench: {len(beads)} beads in {time.perf_counter() - t:.1f} s (not part of the UI timing)"
    )
    tines = [i for i in range(len(ws.text)) if ws.text.startswith("tines", i)]
    for i in tines:  # what the browser timing searches for
        review.propose(project, DOC, who("anna"), i, i + len("tines"), "times")
    starts = sorted({s.start for pos in range(0, len(ws.text) - 10, max(1, len(ws.text) // args.proposals))
                     if (s := ws.seg.at(pos)) is not None})
    for n, start in enumerate(starts[: max(0, args.proposals - len(tines))]):
        review.propose(project, DOC, who("anna"), start, start + 1, f"X{n}")
    print(f"recorded {len(workspace.list_corrections(project, DOC))} proposals")

    at = AppTest.from_file(str(REPO / "app/workbench.py"), default_timeout=120).run()
    at.text_input(key="sign_in_login").set_value("boris")
    at.text_input(key="sign_in_password").set_value("demo-boris")
    next(b for b in at.button if b.label == "Sign in").click().run()  # editors land on Review

    def to_view(name: str) -> None:
        at.sidebar.radio(key="view").set_value(name).run()
        assert not at.exception, at.exception

    import streamlit as st

    def cold_alignment() -> None:
        st.cache_resource.clear()  # the views' caches
        segment._cached.cache_clear()  # the library's segmentation cache
        to_view("Alignment")

    timed("Alignment view, first opening (cold caches)", cold_alignment)
    timed("Alignment view, rerun (warm)", lambda: at.run())
    timed("Alignment view, go to page 40", lambda: at.number_input(key="al_page").set_value(40).run())
    timed("Alignment, least confident first", lambda: at.button(key="al_jump").click().run())
    timed(f"Review view (20 of {len(workspace.list_corrections(project, DOC))} proposals)", lambda: to_view("Review"))
    timed("Edit view (sentence list)", lambda: to_view("Edit"))
    timed("Document view (tracked, 40 paragraphs)", lambda: to_view("Document"))
    if args.browser:
        browser_time(root)
    shutil.rmtree(root)


def browser_time(root: Path) -> None:
    """Chromium: load the page, sign in as boris, open Alignment; time until the table shows."""
    import socket
    import urllib.request

    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "app/workbench.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env={**os.environ, "ALIGN_PROJECT": str(root)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            sidebar = page.get_by_test_id("stSidebar")
            page.get_by_label("Login").fill("boris")
            page.get_by_label("Password", exact=True).fill("demo-boris")
            page.get_by_role("button", name="Sign in").click()
            page.get_by_role("heading", name="Review corrections").wait_for()
            t = time.perf_counter()
            sidebar.get_by_test_id("stRadioGroup").get_by_text("Alignment", exact=True).click()
            page.locator("#alignment-table").wait_for()
            print(f"{'Chromium: click Alignment -> table visible (cold)':<48} {time.perf_counter() - t:6.2f} s")
            page.get_by_text("Change the alignment").wait_for()  # the end of the page
            page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')")  # run over
            print(f"{'Chromium: click Alignment -> run finished':<48} {time.perf_counter() - t:6.2f} s")
            t = time.perf_counter()
            page.get_by_label("Page (1–").fill("40")
            page.get_by_label("Page (1–").press("Enter")
            page.get_by_text("1951–2000 of").wait_for()
            print(f"{'Chromium: go to page 40 -> table updated':<48} {time.perf_counter() - t:6.2f} s")
            t = time.perf_counter()
            page.get_by_label("Page (1–").fill("41")
            page.get_by_label("Page (1–").press("Enter")
            page.get_by_text("2001–2050 of").wait_for()
            print(f"{'Chromium: then page 41 -> table updated':<48} {time.perf_counter() - t:6.2f} s")
            (REPO / "test-artifacts").mkdir(exist_ok=True)
            page.screenshot(path=str(REPO / "test-artifacts" / "bench-alignment-page41.png"), full_page=False)
            review_search(page, sidebar)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def review_search(page, sidebar) -> None:
    """Chromium, Review: type "tines" in the search and press Enter; time until only matching cards show."""
    sidebar.get_by_test_id("stRadioGroup").get_by_text("Review", exact=True).click()
    page.get_by_role("heading", name="Review corrections").wait_for()
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')")
    search = page.get_by_role("textbox", name="Search")
    search.fill("tines")
    only_tines = """() => {
        const cards = [...document.querySelectorAll('[class*="st-key-card_"]')];
        return cards.length > 0 && cards.every(c => c.innerText.includes('tines'));
    }"""
    t = time.perf_counter()
    search.press("Enter")
    page.wait_for_function(only_tines, polling="raf")
    took = time.perf_counter() - t
    cards = page.locator('[class*="st-key-card_"]').count()
    print(f"{'Chromium: Review search Enter -> cards drawn':<48} {took:6.2f} s ({cards} cards)")
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", polling="raf")
    print(f"{'Chromium: Review search Enter -> run finished':<48} {time.perf_counter() - t:6.2f} s")
    page.screenshot(path=str(REPO / "test-artifacts" / "bench-review-search.png"), full_page=False)


if __name__ == "__main__":
    main()
