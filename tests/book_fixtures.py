"""Fixture books the format tests build themselves: a styled DOCX from python-docx, an FB2 and
an EPUB written by hand (chapters, headings, footnotes, emphasis, a table of contents, an image,
soft hyphens, non-breaking spaces, a drop cap, verse), and ODT/DOCX produced by LibreOffice
headless from a hand-written flat ODT. No binary fixtures: every file is regenerated here."""

from __future__ import annotations

import io
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

SOFFICE = shutil.which("soffice")
# Whether LibreOffice has Calc (spreadsheets): Debian's libreoffice-writer-nogui alone has no Calc filters.
CALC = bool(SOFFICE) and any(Path(SOFFICE).resolve().parent.glob("libsclo.*"))
NBSP, SHY = "\u00a0", "\u00ad"

# What every fixture book says, chapter by chapter: (heading, paragraphs).
CHAPTERS = [
    ("Chapter One", ["It was a bright cold day in April, and the clocks were striking thirteen.",
                     "Trotsky sat at his desk in Prinkipo and wrote."]),
    ("Chapter Two", ["The ferry left at noon.", "Nobody on board knew who he was."]),
]
POEM = ["Ветер, ветер —", "На всём божьем свете!"]
NOTE = "The island is now called Büyükada."


def styled_docx(drop_cap: bool = True) -> bytes:
    """A Word manuscript: title, a table of contents entry, headings, italic and bold runs, a quote,
    a drop cap, a table, a tab, a line break, a soft hyphen, a non-breaking space, a header and a comment."""
    d = docx.Document()
    d.core_properties.title = "Meetings"
    d.sections[0].header.paragraphs[0].text = "Running head"
    d.add_heading("Meetings", level=0)
    toc = d.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph(f"{CHAPTERS[0][0]}\t1", style=toc)  # a table of contents, as Word writes its entries
    d.add_heading(CHAPTERS[0][0], level=1)
    p = d.add_paragraph("It was a ")
    p.add_run("bright cold").italic = True
    p.add_run(" day in April, and the clocks were striking thir" + SHY + "teen.")
    p = d.add_paragraph()
    r = p.add_run("Trotsky sat at his desk in Prinkipo")
    r.bold = True
    r.font.size = Pt(13)
    p.add_run(" and wrote.")
    d.add_comment(p.runs[1], text="Check the place name", author="Editor", initials="ED")
    d.add_paragraph("A whole quoted paragraph, in the Quote style.", style="Quote")
    d.add_heading(CHAPTERS[1][0], level=1)
    if drop_cap:  # as Word makes one: the letter in a framed paragraph of its own
        drop = d.add_paragraph("T")
        frame = OxmlElement("w:framePr")
        for key, value in (("dropCap", "drop"), ("lines", "3"), ("wrap", "around"), ("vAnchor", "text"),
                           ("hAnchor", "text")):
            frame.set(qn(f"w:{key}"), value)
        drop._p.get_or_add_pPr().append(frame)
    d.add_paragraph(f"{'' if drop_cap else 'T'}he ferry left at{NBSP}noon.\tExactly.")
    p = d.add_paragraph("Nobody on board knew who he was.")
    p.add_run().add_break(WD_BREAK.LINE)
    p.add_run("Not even the captain.")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Left cell"
    table.cell(0, 1).text = "Right cell"
    d.add_paragraph("Plain closing paragraph with tines in it.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def fb2_book(encoding: str = "utf-8") -> bytes:
    body = []
    for n, (title, paras) in enumerate(CHAPTERS, start=1):
        ps = "".join(f"<p>{p}</p>" for p in paras)
        if n == 1:
            ps = ("<p>It was a <emphasis>bright cold</emphasis> day in April, and the clocks were striking "
                  f"thir{SHY}teen.<a l:href=\"#n1\" type=\"note\">[1]</a></p><empty-line/>"
                  f"<p>Trotsky sat at his desk in{NBSP}Prinkipo and <strong>wrote</strong>.</p>")
        poem = "<poem><stanza>" + "".join(f"<v>{v}</v>" for v in POEM) + "</stanza></poem>" if n == 2 else ""
        body.append(f"<section><title><p>{title}</p></title>{ps}{poem}<image l:href=\"#cover.png\"/></section>")
    xml = (f'<?xml version="1.0" encoding="{encoding}"?>\n'
           '<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0" xmlns:l="http://www.w3.org/1999/xlink">'
           "<description><title-info><book-title>Meetings</book-title><lang>en</lang></title-info></description>"
           "<body><title><p>Meetings</p></title>"
           "<epigraph><p>All happy families are alike.</p><text-author>Tolstoy</text-author></epigraph>"
           + "".join(body) + "</body>"
           f'<body name="notes"><section id="n1"><title><p>1</p></title><p>{NOTE}</p></section></body>'
           '<binary id="cover.png" content-type="image/png">iVBORw0KGgo=</binary></FictionBook>')
    return xml.encode(encoding, errors="xmlcharrefreplace")


def _xhtml(title: str, body: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
            f"<head><title>{title}</title></head><body>{body}</body></html>")


def epub_book(chapters: list[tuple[str, list[str]]] | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """An EPUB 3 with a nav table of contents, one XHTML file a chapter, footnotes (aside) and a cover image."""
    chapters = chapters or CHAPTERS
    files: dict[str, str] = {}
    for n, (title, paras) in enumerate(chapters, start=1):
        ps = "".join(f"<p>{p}</p>" for p in paras)
        if n == 1 and chapters is CHAPTERS:
            ps = ('<p><span class="dropcap">I</span>t was a <em>bright cold</em> day in April, and the clocks '
                  f'were striking thir{SHY}teen.<sup><a epub:type="noteref" href="#fn1" id="r1">1</a></sup></p>'
                  '<p>Trotsky sat at his desk in&nbsp;Prinkipo and <strong>wrote</strong>.</p>'
                  '<p><img src="cover.png" alt="cover"/></p>'
                  f'<aside epub:type="footnote" id="fn1"><p><a href="#r1">1</a> {NOTE}</p></aside>')
        files[f"ch{n}.xhtml"] = _xhtml(title, f"<section><h1>{title}</h1>{ps}</section>")
    nav = "".join(f'<li><a href="ch{n}.xhtml">{t}</a></li>' for n, (t, _) in enumerate(chapters, start=1))
    files["nav.xhtml"] = _xhtml("Contents", f'<nav epub:type="toc"><h1>Contents</h1><ol>{nav}</ol></nav>')
    manifest = "".join(f'<item id="c{n}" href="ch{n}.xhtml" media-type="application/xhtml+xml"/>'
                       for n in range(1, len(chapters) + 1))
    spine = "".join(f'<itemref idref="c{n}"/>' for n in range(1, len(chapters) + 1))
    opf = ('<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
           'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
           f'<dc:identifier id="id">urn:uuid:{uuid.UUID(int=1)}</dc:identifier><dc:title>Meetings</dc:title>'
           '<dc:language>en</dc:language></metadata><manifest>'
           '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
           '<item id="img" href="cover.png" media-type="image/png"/>'
           f'{manifest}</manifest><spine><itemref idref="nav"/>{spine}</spine></package>')
    members: dict[str, str | bytes] = {"OEBPS/content.opf": opf, "OEBPS/cover.png": b"\x89PNG\r\n\x1a\n"}
    return _zip_epub({**members, **{f"OEBPS/{fname}": text for fname, text in files.items()}, **(extra or {})})


def _zip_epub(members: dict[str, str | bytes]) -> bytes:
    """An EPUB's zip: the stored mimetype first, a container naming OEBPS/content.opf, then `members`."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml",
                   '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:'
                   'container"><rootfiles><rootfile full-path="OEBPS/content.opf" '
                   'media-type="application/oebps-package+xml"/></rootfiles></container>',
                   compress_type=zipfile.ZIP_DEFLATED)
        for fname, data in members.items():
            z.writestr(fname, data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles>
  <style:style style:name="T1" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
 </office:automatic-styles>
 <office:body><office:text>
  <text:h text:outline-level="1">Chapter One</text:h>
  <text:p>It was a <text:span text:style-name="T1">bright cold</text:span> day in April, and the clocks were \
striking thirteen.<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation>\
<text:note-body><text:p>The island is now called Büyükada.</text:p></text:note-body></text:note></text:p>
  <text:p>Trotsky sat at his desk in Prinkipo and wrote.</text:p>
  <text:h text:outline-level="1">Chapter Two</text:h>
  <text:p>The ferry left at noon.</text:p>
  <text:p>Nobody on board knew who he was.</text:p>
 </office:text></office:body>
</office:document>
"""


def epub2_styled_book(css: str = ".title { font-size: 18pt }\n.it { font-style: italic }\n"
                      "@media print { .pr { font-style: italic } }\n") -> bytes:
    """An EPUB 2 as publishing tools write one: an NCX table of contents, both chapters in one file behind
    anchors, titles as classed paragraphs (the second split over two), emphasis by class and by style attribute
    from a linked stylesheet, and a last entry whose title is no paragraph's."""
    body = ('<div id="ch1"><p class="title">Chapter One</p>'
            '<p>It was a <span class="it">bright cold</span> day in April.</p>'
            '<p>Trotsky <span style="font-weight: bold">wrote</span> in a <span class="pr">room</span>.</p></div>'
            '<div id="ch2"><p class="title">Chapter Two</p><p class="title">The Ferry</p>'
            '<p id="noon">The ferry left at noon.</p></div>')
    page = _xhtml("Book", body).replace("<head><title>Book</title>",
                                         '<head><title>Book</title><link rel="stylesheet" href="../styles/book.css"/>')
    points = "".join(f'<navPoint id="p{n}" playOrder="{n}"><navLabel><text>{label}</text></navLabel>'
                     f'<content src="text/book.xhtml#{target}"/></navPoint>'
                     for n, (label, target) in enumerate([("Chapter One", "ch1"), ("Chapter Two The Ferry", "ch2"),
                                                           ("At noon", "noon")], start=1))
    ncx = ('<?xml version="1.0" encoding="utf-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
           f'<head/><docTitle><text>Book</text></docTitle><navMap>{points}</navMap></ncx>')
    opf = ('<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0" '
           'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
           '<dc:identifier id="id">urn:uuid:2</dc:identifier><dc:title>Book</dc:title></metadata><manifest>'
           '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
           '<item id="css" href="styles/book.css" media-type="text/css"/>'
           '<item id="b" href="text/book.xhtml" media-type="application/xhtml+xml"/></manifest>'
           '<spine toc="ncx"><itemref idref="b"/></spine></package>')
    return _zip_epub({"OEBPS/content.opf": opf, "OEBPS/toc.ncx": ncx, "OEBPS/styles/book.css": css,
                      "OEBPS/text/book.xhtml": page})


def libreoffice(src: Path, fmt: str, out_dir: Path, profile: Path) -> Path:
    """Convert with LibreOffice headless in a private profile; returns the converted file."""
    assert SOFFICE, "LibreOffice (soffice) is needed for this fixture"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                    "--outdir", str(out_dir), str(src)], check=True, capture_output=True, timeout=180)
    out = out_dir / (src.stem + "." + fmt.split(":")[0])
    assert out.is_file(), f"LibreOffice did not write {out}"
    return out
