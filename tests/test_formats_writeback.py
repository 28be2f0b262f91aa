"""Corrections written back into the original file: DOCX tracked and clean, EPUB, FB2.

The tracked Word file is read back the way Word would show it with every change rejected
(the original text, exactly) and accepted (`apply`'s text, exactly); LibreOffice headless
opens it and sees the changes; every paragraph without a correction, and every other part
of the package, is byte-identical to the original."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from people import who

from align.corrections import review, workspace
from align.corrections.apply import corrected
from align.export import available_formats, export, log_state
from align.formats import import_book, load_book, word
from align.formats.model import Style
from align.formats.safety import repack
from align.project import Project

import book_fixtures as bf
from test_bad_input import refused

W = word.W
COMMENTS, CORE = "word/comments.xml", "docProps/core.xml"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
# (quote, replacement): inside an italic run, across a soft hyphen, across a bold and a plain run
# and a comment's range, from a drop cap into its paragraph, after a non-breaking space, a deletion,
# and a plain word. Written back narrowed to the words that change.
DOCX_FIXES = [("cold", "chilly"), ("striking thirteen", "striking twelve"), ("Prinkipo and", "Prinkipo, and"),
              ("The ferry", "The boat"), ("noon", "midday"), ("on board ", ""), ("tines", "times")]

OPF = "OEBPS/content.opf"  # the package document of book_fixtures' EPUB
FB = "{http://www.gribuser.ru/xml/fictionbook/2.0}"


def fix(project: Project, doc: str, quote: str, replacement: str, nth: int = 0) -> None:
    text = workspace.open_workspace(project, doc).text
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    cid = review.propose(project, doc, who("anna"), start, start + len(quote), replacement, "other", note="fix").id
    review.approve(project, doc, who("boris"), cid)


def resolve(data: bytes, accept: bool) -> bytes:
    """The Word file with every tracked change accepted or rejected, as Word does it."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            raw = src.read(info)
            if info.filename.startswith("word/") and info.filename.endswith(".xml") and b"<w:ins " in raw:
                root = etree.fromstring(raw)
                for el in list(root.iter(f"{W}ins", f"{W}del")):
                    if (el.tag == f"{W}ins") == accept:
                        for t in el.iter(f"{W}delText"):
                            t.tag = f"{W}t"
                        for child in list(el):
                            el.addprevious(child)
                    el.getparent().remove(el)
                raw = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, raw)
    return out.getvalue()


def text_of(data: bytes) -> str:
    return word.read(data, "export.docx").text


def _members(data: bytes) -> dict[str, bytes]:
    z = zipfile.ZipFile(io.BytesIO(data))
    return {n: z.read(n) for n in z.namelist()}


def _changed_paragraphs(project: Project, doc: str) -> dict[str, set[int]]:
    book = load_book(project, doc, "en")
    applied = corrected(project, doc)
    paras = applied.workspace.seg.paragraphs
    out: dict[str, set[int]] = {}
    for a in applied.applied:
        k = next(p.index for p in paras if p.start <= a.start <= p.end)
        at = book.blocks[k].at
        out.setdefault(at["part"], set()).update(int(at[key]) for key in ("p", "dropcap") if key in at)
    return out


def check_round_trip(project: Project, doc: str, original: bytes, out: Path) -> bytes:
    tracked = out / f"{doc}-tracked.docx"
    clean = out / f"{doc}-clean.docx"
    result = export(project, doc, "docx-tracked", tracked)
    export(project, doc, "docx", clean)
    data = tracked.read_bytes()
    stored = project.text_path(doc, "en").read_text(encoding="utf-8")
    apply_text = corrected(project, doc).text
    assert text_of(resolve(data, accept=False)) == stored
    assert text_of(resolve(data, accept=True)) == apply_text
    assert text_of(clean.read_bytes()) == apply_text
    assert f"{len(corrected(project, doc).applied)} tracked change(s)" in result.notes[0]
    changed = _changed_paragraphs(project, doc)
    before, after = _members(original), _members(data)
    had_comments = COMMENTS in before
    assert list(after) == list(before) + ([] if had_comments else [COMMENTS])  # a new comments part goes last
    declared = () if had_comments else ("[Content_Types].xml", "word/_rels/document.xml.rels")  # ...declared
    for name in before:
        if name not in changed and name not in (COMMENTS, CORE, *declared):
            assert before[name] == after[name], name  # styles, headers, settings, untouched notes
    own = before.get(COMMENTS, b'<w:comments xmlns:w="' + W[1:-1].encode() + b'"></w:comments>')
    cut = own.rindex(b"</")
    if had_comments:  # the document's own comments stay as they were; one comment per change follows them
        assert after[COMMENTS].startswith(own[:cut]) and after[COMMENTS].endswith(own[cut:])
    added = list(etree.fromstring(after[COMMENTS]))[len(etree.fromstring(own)) :]
    assert len(added) == len(corrected(project, doc).applied)
    assert {c.get(f"{W}author") for c in added} == {"Boris"}
    assert all("Proposed by Anna" in "".join(c.itertext()) for c in added)
    if CORE in before:
        assert etree.fromstring(after[CORE]).findtext(f"{CP}version") == result.log_state
    for part, touched in changed.items():
        old_ranges, new_ranges = word.paragraph_ranges(before[part]), word.paragraph_ranges(after[part])
        assert len(old_ranges) == len(new_ranges)
        for n, ((a, b), (c, d)) in enumerate(zip(old_ranges, new_ranges)):
            if n not in touched:
                assert before[part][a:b] == after[part][c:d], (part, n)
        assert before[part][: old_ranges[0][0]] == after[part][: new_ranges[0][0]]
        assert before[part][old_ranges[-1][1] :] == after[part][new_ranges[-1][1] :]  # section settings
    root = etree.fromstring(after["word/document.xml"])
    authors = {el.get(f"{W}author") for el in root.iter(f"{W}ins", f"{W}del")}
    assert authors == {"Anna"}  # the proposer; who approved is in the comment
    parts = [etree.fromstring(after[part]) for part in changed]  # the running text, footnotes…
    starts = {el.get(f"{W}id") for r in parts for el in r.iter(f"{W}commentRangeStart")}
    refs = {el.get(f"{W}id") for r in parts for el in r.iter(f"{W}commentReference")}
    assert {c.get(f"{W}id") for c in added} <= starts & refs  # each anchored, with its mark
    return data


def _manuscript(project: Project, tmp_path: Path, drop_cap: bool) -> tuple[Project, bytes, Path]:
    data = bf.styled_docx(drop_cap)
    import_book(project, data, "ms", "en", name="manuscript.docx")
    for quote, new in DOCX_FIXES:
        fix(project, "ms", quote, new)
    out = tmp_path / "out"
    out.mkdir()
    return project, data, out


@pytest.fixture
def manuscript(project: Project, tmp_path: Path) -> tuple[Project, bytes, Path]:
    return _manuscript(project, tmp_path, drop_cap=True)


@pytest.fixture
def manuscript_for_libreoffice(project: Project, tmp_path: Path) -> tuple[Project, bytes, Path]:
    """Without the drop cap: LibreOffice 7.4 drops every tracked change after a Word drop cap
    (checked with a python-docx file holding nothing but a drop cap and one w:del/w:ins)."""
    return _manuscript(project, tmp_path, drop_cap=False)


def test_docx_tracked_round_trip(manuscript, capsys) -> None:
    project, original, out = manuscript
    data = check_round_trip(project, "ms", original, out)
    root = etree.fromstring(_members(data)["word/document.xml"])
    ins = {"".join(el.itertext()): el for el in root.iter(f"{W}ins")}
    dels = {"".join(el.itertext()): el for el in root.iter(f"{W}del")}
    # Each change is narrowed to the words it changes: "The ferry" -> "The boat" leaves the drop cap alone.
    assert set(ins) == {"chilly", "twelve", ",", "boat", "midday", "times"}
    assert set(dels) == {"cold", "thir\u00adteen", "ferry", "noon", "on board ", "tines"}
    # Italics inside the changed run survive: the deleted and the inserted word, and the untouched rest.
    assert ins["chilly"].find(f"{W}r/{W}rPr/{W}i") is not None
    assert dels["cold"].find(f"{W}r/{W}rPr/{W}i") is not None
    bright = next(r for r in root.iter(f"{W}r") if "".join(r.itertext()) == "bright ")
    assert bright.find(f"{W}rPr/{W}i") is not None
    # Bold (and its size) kept on the part of a split run and on what is inserted after it.
    assert ins[","].find(f"{W}r/{W}rPr/{W}b") is not None
    # Importing the tracked file is refused until its changes are accepted or rejected.
    src = out / "ms-tracked.docx"
    msg = refused(project, capsys, "import", str(src), "--doc", "again", "--lang", "en", code=2, extra=out)
    assert f"has {len(list(root.iter(f'{W}ins', f'{W}del')))} tracked change(s) pending" in msg


@pytest.mark.slow
def test_libreoffice_opens_the_tracked_file_and_sees_the_changes(manuscript_for_libreoffice, tmp_path: Path) -> None:
    if not bf.SOFFICE:
        pytest.skip("LibreOffice is not installed")
    project, original, out = manuscript_for_libreoffice
    export(project, "ms", "docx-tracked", out / "ms.docx")
    odt = bf.libreoffice(out / "ms.docx", "odt", tmp_path, tmp_path / "profile")
    content = etree.fromstring(zipfile.ZipFile(odt).read("content.xml"))
    text_ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    regions = list(content.iter(f"{text_ns}changed-region"))
    assert len(regions) == 12  # 6 deletions and 6 insertions ("on board" is only deleted, "," only inserted)
    creators = {el.text for r in regions for el in r.iter("{http://purl.org/dc/elements/1.1/}creator")}
    assert creators == {"Anna"}
    office_ns = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    comments = ["".join(a.itertext()) for a in content.iter(f"{office_ns}annotation")]
    assert len(comments) == 1 + 7  # the document's own comment came through, and one per change
    assert sum("Check the place name" in c for c in comments) == 1
    assert sum("Approved by Boris" in c and "Rationale: fix" in c for c in comments) == 7


@pytest.mark.slow
def test_footnote_corrections_in_a_libreoffice_docx(project: Project, tmp_path: Path) -> None:
    if not bf.SOFFICE:
        pytest.skip("LibreOffice is not installed")
    src = tmp_path / "book.fodt"
    src.write_text(bf.FODT, encoding="utf-8")
    original = bf.libreoffice(src, "docx", tmp_path, tmp_path / "profile").read_bytes()
    import_book(project, original, "lo", "en", name="book.docx")
    fix(project, "lo", "Büyükada", "Buyukada")
    fix(project, "lo", "bright cold", "bright and cold")
    out = tmp_path / "out"
    out.mkdir()
    data = check_round_trip(project, "lo", original, out)
    notes = etree.fromstring(_members(data)["word/footnotes.xml"])
    assert ["Buyukada"] == ["".join(el.itertext()) for el in notes.iter(f"{W}ins")]


def test_plain_text_documents_keep_todays_word_export(sample) -> None:
    data = export(sample.project, "meetings-with-trotsky", "docx-tracked", sample.out / "plain.docx").path.read_bytes()
    assert b"<w:ins " in _members(data)["word/document.xml"]
    with pytest.raises(Exception, match="imported from plain text"):
        export(sample.project, "meetings-with-trotsky", "epub", sample.out / "x.epub")
    assert {"epub", "fb2"}.isdisjoint(f.name for f in available_formats(sample.project, "meetings-with-trotsky"))


@pytest.mark.parametrize("fmt", ["epub", "fb2"])
def test_ebook_corrected_in_its_own_format(project: Project, tmp_path: Path, fmt: str) -> None:
    original = bf.epub_book() if fmt == "epub" else bf.fb2_book("windows-1251")
    import_book(project, original, "eb", "en", name=f"book.{fmt}")
    fix(project, "eb", "cold", "chilly")  # inside <em>/<emphasis>
    fix(project, "eb", "striking thirteen.", "striking twelve.")  # across a soft hyphen, before the note mark
    fix(project, "eb", "Büyükada", "Buyukada")  # in the footnote
    fix(project, "eb", "ferry left", "boat sailed")
    out = tmp_path / f"out.{fmt}"
    export(project, "eb", fmt, out)
    import_book(project, out.read_bytes(), "back", "en", name=f"back.{fmt}")
    assert project.text_path("back", "en").read_text(encoding="utf-8") == corrected(project, "eb").text
    book = load_book(project, "back", "en")
    first = next(b for b in book.blocks if "striking twelve" in b.text)
    assert [first.text[s.start : s.end] for s in first.spans if s.style is Style.ITALIC] == ["bright chilly"]
    assert first.notes  # the note reference is still there
    offered = {f.name for f in available_formats(project, "eb")}
    assert fmt in offered and ({"epub", "fb2"} - {fmt}).isdisjoint(offered) and "docx-tracked" in offered
    state = log_state(project, "eb")
    if fmt == "epub":
        before, after = _members(original), _members(out.read_bytes())
        assert list(before) == list(after)
        assert {n for n in before if before[n] != after[n]} == {"OEBPS/ch1.xhtml", "OEBPS/ch2.xhtml", OPF}
        assert zipfile.ZipFile(out).infolist()[0].compress_type == zipfile.ZIP_STORED  # mimetype first, stored
        metadata = etree.fromstring(after[OPF]).find("{http://www.idpf.org/2007/opf}metadata")
        assert metadata[-1].get("name") == "align:corrections-log-state" and metadata[-1].get("content") == state
    else:
        assert out.read_bytes().startswith(b"<?xml version='1.0' encoding='windows-1251'?>")
        description = etree.fromstring(out.read_bytes()).find(f"{FB}description")
        names = [etree.QName(el).localname for el in description]
        assert names[-1] == "custom-info" and description[-1].text == state  # after the other parts, as FB2 orders


def test_a_pretty_printed_word_part_keeps_its_bytes_between_paragraphs(project: Project, tmp_path: Path) -> None:
    """The white space after a changed paragraph is written once (a paragraph is spliced without its tail)."""
    data = bf.styled_docx(drop_cap=False)
    pretty = etree.tostring(etree.fromstring(_members(data)[word.DOCUMENT]), pretty_print=True,
                            xml_declaration=True, encoding="UTF-8", standalone=True)
    import_book(project, repack(data, {word.DOCUMENT: pretty}), "ms", "en", name="pretty.docx")
    fix(project, "ms", "noon", "midday")  # a paragraph with others after it
    after = _members(export(project, "ms", "docx", tmp_path / "out.docx").path.read_bytes())[word.DOCUMENT]
    old, new = word.paragraph_ranges(pretty), word.paragraph_ranges(after)
    assert [pretty[b:c] for (_, b), (c, _) in zip(old, old[1:])] == [after[b:c] for (_, b), (c, _) in zip(new, new[1:])]
    assert pretty[old[0][1] : old[1][0]].strip() == b"" != pretty[old[0][1] : old[1][0]]  # white space to keep
