"""How fast the workbench opens a page of a long book (issue #6: under 2 s for 5,000+ sentences).

Builds a tmp project whose English and Russian are the sample copied N times (default 25,
about 5,900 English sentences), stores its alignment and some proposals, then times
Streamlit's headless AppTest (the whole script run, server side) for: the first opening
of each view (cold: segmentation and alignment loaded), the same view again (warm, from
the cache) and a page change. With --browser it also times a real Chromium from page
load to the alignment table being visible.

    .venv/bin/python bench/workbench_load.py [--copies 25] [--browser]
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
    for n, pos in enumerate(range(0, len(ws.text) - 10, len(ws.text) // 200)):
        seg = ws.seg.at(pos)
        if seg:
            review.propose(project, DOC, who("anna"), seg.start, seg.start + 1, f"X{n}")
    print(f"recorded {len(workspace.list_corrections(project, DOC))} proposals")

    at = AppTest.from_file(str(REPO / "app/workbench.py"), default_timeout=120).run()
    at.sidebar.selectbox(key="login").set_value("boris").run()  # editors land on Review

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
    timed("Review view (20 of ~200 proposals)", lambda: to_view("Review"))
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
            sidebar.get_by_label("Sign in as").click()
            page.get_by_role("option", name="Boris (boris, editor)").click()
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
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
