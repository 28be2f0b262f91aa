"""Speed of comparing a proofreader's revised copy with a book (`compare`, the workbench's preview).

Builds the 150,000-word Word manuscript of bench/formats_bench.py, imports it, and makes a revised
copy the way a proofreader would, with python-docx: `--changes` words changed in runs across the
book, plus one paragraph deleted and one split. Times `review.preview_revision` (reading the DOCX,
matching paragraphs, word diffs, the sentence each change lies in) and `propose_revision` (the
same, then every proposal recorded in one write), wall and CPU, and the comparison alone on the
same revision as plain text. Then the same for a copy of one chapter alone (the middle one, a
word changed in every third of its paragraphs), and of two chapters apart (the 10th and the 30th).

    .venv/bin/python bench/revision_bench.py [--words 150000] [--changes 300]
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
from demo_accounts import who

from align.corrections import review
from align.formats import import_book, read_revised

import formats_bench
from formats_bench import book_paragraphs, empty_project, make_docx

ROOT = Path(__file__).resolve().parents[1]


def revised_copy(manuscript: bytes, changes: int) -> bytes:
    """The manuscript with `changes` words changed inside runs (a comma added after every third), and, between
    them, one paragraph deleted and one split."""
    d = docx.Document(io.BytesIO(manuscript))
    body = [p for p in d.paragraphs if len(p.runs) == 3]
    step = len(body) // changes
    assert step >= 3, "more changes than the book has paragraphs for"
    for k in range(changes):
        run = body[k * step].runs[2]
        words = run.text.split(" ")
        words[2] = words[2] + "," if k % 3 == 0 else words[2] + "s"
        run.text = " ".join(words)
    gone = body[1]._p
    gone.getparent().remove(gone)
    split = body[step + 1]
    half = split.runs[2].text.split(" ")
    split.runs[2].text = " ".join(half[: len(half) // 2])
    after = d.add_paragraph(" ".join(half[len(half) // 2 :]))  # added at the end, moved after the first half
    split._p.addnext(after._p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def chapters_copy(revised: bytes, keep: set[int]) -> bytes:
    """The revised copy cut down to the chapters numbered in `keep` (from 1), as a proofreader sends back part of
    the book, a word changed in every third paragraph of theirs that is not changed yet."""
    d = docx.Document(io.BytesIO(revised))
    chapter = 0
    for k, p in enumerate(d.paragraphs):
        if p.style.name.startswith("Heading"):
            chapter += 1
        if chapter not in keep:
            p._p.getparent().remove(p._p)
        elif k % 3 == 0 and len(p.runs) == 3:
            p.runs[2].text = p.runs[2].text.replace(" the ", " that ", 1)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float, float]:
    """fn(*args, **kwargs), its wall-clock seconds and this process's CPU seconds."""
    cpu = time.process_time()
    out, wall = formats_bench.timed(fn, *args, **kwargs)
    return out, wall, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=150_000)
    ap.add_argument("--changes", type=int, default=300)
    args = ap.parse_args()
    chapters = book_paragraphs(args.words)
    manuscript = make_docx(chapters)
    revised = revised_copy(manuscript, args.changes)
    with tempfile.TemporaryDirectory() as tmp:
        project = empty_project(Path(tmp))
        done = import_book(project, manuscript, "ms", "en", name="manuscript.docx")
        text = project.text_path("ms", "en").read_text(encoding="utf-8")
        print(f"book: {len(text.split())} words, {done.paragraphs} paragraphs; load {os.getloadavg()[0]:.2f}")
        review.preview_revision(project, "ms", revised, "warm.docx")  # segmentation cached, as in a session
        found, wall, cpu = timed(review.preview_revision, project, "ms", revised, "proofread.docx")
        counts = Counter(str(i.outcome) for i in found.items)
        print(f"preview of the revised DOCX: {len(found.items)} differences ({dict(counts)}) in {wall:.2f} s wall, "
              f"{cpu:.2f} s CPU")
        as_text = read_revised(revised, "proofread.docx").text.encode()
        _, wall, cpu = timed(review.preview_revision, project, "ms", as_text, "proofread.txt")
        print(f"  the same revision as plain text (no DOCX to read): {wall:.2f} s wall, {cpu:.2f} s CPU")
        made, wall, cpu = timed(review.propose_revision, project, "ms", who("anna"), revised, "proofread.docx")
        print(f"propose_revision: {made[0]} proposals recorded in {wall:.2f} s wall, {cpu:.2f} s CPU")
        for what, keep in (("one chapter alone", {len(chapters) // 2}), ("two chapters apart", {10, 30})):
            part = chapters_copy(revised, keep)
            found, wall, cpu = timed(review.preview_revision, project, "ms", part, "chapter.docx")
            counts = Counter(str(i.outcome) for i in found.items)
            print(f"preview of {what} (DOCX): {len(found.items)} differences ({dict(counts)}) in {wall:.2f} s wall, "
                  f"{cpu:.2f} s CPU; {found.coverage}")


if __name__ == "__main__":
    main()
