"""Speed of book import and of writing corrections back into a Word manuscript.

Generates (in memory) a 150,000-word book from the generated book's English sentences
(bench/generate_book.py): 40 chapters with headings, paragraphs with emphasis and a
footnote per chapter, as EPUB (one XHTML file a chapter), FB2 and DOCX (python-docx, with an
editor's comment on the italic words of every `--comment-every`th paragraph, 0 for none).
Times `align.formats.import_book` of the EPUB and the FB2, then imports the DOCX,
proposes and approves 500 corrections spread over the book and times
`export --to docx-tracked` (corrections applied, every one a tracked change inside the
original file) and, within it, the write-back alone. The same for an ODT manuscript:
LibreOffice headless converts the DOCX (left out, saying so, when soffice is not
installed), and `export --to odt-tracked` and `--to odt` are timed.

    .venv/bin/python bench/formats_bench.py [--words 150000] [--changes 500] [--comment-every 10]
"""

from __future__ import annotations

import argparse
import html
import io
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
from demo_accounts import who

from align.corrections import review
from align.corrections.apply import corrected
from align.corrections.workspace import open_workspace
from align.export import FORMATS, export
from align.export.base import ExportContext
from align.export.original import write_into_original
from align.formats import import_book, load_book
from align.project import Project

from generate_book import sample_book_pair

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = 40


def book_paragraphs(words: int) -> list[list[str]]:
    """Chapters of paragraphs (English generated sentences) totalling about `words` words."""
    gen = sample_book_pair(n_ru=words // 12, seed=5, omission=0)
    pars = [" ".join(p) for p in gen.en]
    out: list[str] = []
    count = 0
    k = 0
    while count < words:
        p = pars[k % len(pars)]
        out.append(p)
        count += len(p.split())
        k += 1
    per = -(-len(out) // CHAPTERS)
    return [out[i : i + per] for i in range(0, len(out), per)]


def _emphasised(p: str, open_: str, close: str) -> str:
    words = html.escape(p).split(" ")
    if len(words) > 6:
        words[3] = f"{open_}{words[3]}{close}"
    return " ".join(words)


def make_epub(chapters: list[list[str]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:'
                   'tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="'
                   'application/oebps-package+xml"/></rootfiles></container>', zipfile.ZIP_DEFLATED)
        items = "".join(f'<item id="c{n}" href="c{n}.xhtml" media-type="application/xhtml+xml"/>'
                        for n in range(len(chapters)))
        spine = "".join(f'<itemref idref="c{n}"/>' for n in range(len(chapters)))
        z.writestr("content.opf", '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
                   '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Bench</dc:title></metadata>'
                   f"<manifest>{items}</manifest><spine>{spine}</spine></package>", zipfile.ZIP_DEFLATED)
        for n, paras in enumerate(chapters):
            body = "".join(f"<p>{_emphasised(p, '<em>', '</em>')}</p>" for p in paras)
            note = (f'<p>See<a epub:type="noteref" href="#n{n}">{n}</a>.</p>'
                    f'<aside epub:type="footnote" id="n{n}"><p>Note {n}.</p></aside>')
            z.writestr(f"c{n}.xhtml", '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/'
                       f'xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>{n}</title></head><body>'
                       f"<h1>Chapter {n + 1}</h1>{body}{note}</body></html>", zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def make_fb2(chapters: list[list[str]]) -> bytes:
    sections = "".join(
        f"<section><title><p>Chapter {n + 1}</p></title>"
        + "".join(f"<p>{_emphasised(p, '<emphasis>', '</emphasis>')}</p>" for p in paras)
        + f'<p>See<a l:href="#n{n}" type="note">{n}</a>.</p></section>'
        for n, paras in enumerate(chapters)
    )
    notes = "".join(f'<section id="n{n}"><title><p>{n}</p></title><p>Note {n}.</p></section>'
                    for n in range(len(chapters)))
    return ('<?xml version="1.0" encoding="utf-8"?><FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0" '
            'xmlns:l="http://www.w3.org/1999/xlink"><description><title-info><book-title>Bench</book-title>'
            f'</title-info></description><body>{sections}</body><body name="notes">{notes}</body></FictionBook>'
            ).encode()


def make_docx(chapters: list[list[str]], comment_every: int = 0) -> bytes:
    d = docx.Document()
    k = 0
    for n, paras in enumerate(chapters):
        d.add_heading(f"Chapter {n + 1}", level=1)
        for p in paras:
            words = p.split(" ")
            para = d.add_paragraph(" ".join(words[:3]) + " ")
            run = para.add_run(" ".join(words[3:6]))
            run.italic = True
            para.add_run(" " + " ".join(words[6:]))
            k += 1
            if comment_every and k % comment_every == 0:
                d.add_comment(run, text=f"Check this wording ({k}).", author="Editor", initials="ED")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """fn(*args, **kwargs) and its wall-clock seconds."""
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def empty_project(root: Path) -> Project:
    """A project in `root` with the repository's accounts and no documents."""
    shutil.copytree(ROOT / "corrections", root / "corrections",
                    ignore=shutil.ignore_patterns("log.jsonl*", "alignment*.jsonl", "meetings-with-trotsky"))
    (root / "texts").mkdir()
    return Project(root)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=150_000)
    ap.add_argument("--changes", type=int, default=500)
    ap.add_argument("--comment-every", type=int, default=10, help="an editor's comment on every Nth paragraph")
    args = ap.parse_args()
    chapters = book_paragraphs(args.words)
    words = sum(len(p.split()) for c in chapters for p in c)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        project = empty_project(root)
        for fmt, data in (("epub", make_epub(chapters)), ("fb2", make_fb2(chapters))):
            done, s = timed(import_book, project, data, fmt, "en", name=f"bench.{fmt}")
            print(f"import {fmt}: {words} words, {len(data) / 1e6:.1f} MB -> {done.paragraphs} paragraphs, "
                  f"{done.chapters} chapters, {done.footnotes} footnotes in {s:.2f} s")
        manuscript = make_docx(chapters, args.comment_every)
        done, s = timed(import_book, project, manuscript, "ms", "en", name="manuscript.docx")
        print(f"import docx: {len(manuscript) / 1e6:.1f} MB -> {done.paragraphs} paragraphs, {done.remarks} "
              f"comments in {s:.2f} s")
        approve_corrections(project, "ms", args.changes)
        time_write_back(project, "ms", root, "docx-tracked")
        odt = to_odt(manuscript, root)
        if odt is None:
            print("odt: LibreOffice (soffice) is not installed; the ODT write-back is not timed")
            return
        done, s = timed(import_book, project, odt, "ms-odt", "en", name="manuscript.odt")
        print(f"import odt (made by LibreOffice): {len(odt) / 1e6:.1f} MB -> {done.paragraphs} paragraphs, "
              f"{done.remarks} comments in {s:.2f} s")
        approve_corrections(project, "ms-odt", args.changes)
        time_write_back(project, "ms-odt", root, "odt-tracked")
        time_write_back(project, "ms-odt", root, "odt")


def approve_corrections(project: Project, doc: str, changes: int) -> None:
    """Anna proposes upper-casing the first word of `changes` sentences spread over the book; Boris approves."""
    seg = open_workspace(project, doc).seg
    step = len(seg.sentences) // changes
    t = time.perf_counter()
    for k in range(changes):
        sent = seg.sentences[k * step + 1]
        word_end = sent.text.index(" ")
        c = review.propose(project, doc, who("anna"), sent.start, sent.start + word_end,
                           sent.text[:word_end].upper(), "other", note="bench")
        review.approve(project, doc, who("boris"), c.id)
    print(f"{changes} corrections proposed and approved in {time.perf_counter() - t:.1f} s (setup)")


def time_write_back(project: Project, doc: str, root: Path, fmt: str) -> None:
    """Time `export --to fmt` and, within it, the write-back into the original file alone."""
    out = root / f"out-{fmt}{FORMATS[fmt].suffix}"
    result, s = timed(export, project, doc, fmt, out)
    print(f"export --to {fmt}: {result.notes[0]}, {out.stat().st_size / 1e6:.1f} MB in {s:.2f} s")
    ctx = ExportContext(project, doc, corrected(project, doc))
    _, s = timed(write_into_original, ctx, load_book(project, doc, "en"), fmt.endswith("-tracked"))
    print(f"  of which the write-back into the original file: {s:.2f} s")


def to_odt(manuscript: bytes, root: Path) -> bytes | None:
    """The Word manuscript as LibreOffice saves it as ODT (None without LibreOffice)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    src = root / "manuscript.docx"
    src.write_bytes(manuscript)
    subprocess.run([soffice, f"-env:UserInstallation=file://{root}/lo-profile", "--headless", "--convert-to", "odt",
                    "--outdir", str(root), str(src)], check=True, capture_output=True, timeout=600)
    return (root / "manuscript.odt").read_bytes()


if __name__ == "__main__":
    main()
