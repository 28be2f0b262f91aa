"""Corrections written back into an ODT: `odt` (clean) and `odt-tracked` (ODF tracked changes).

The originals are made by real programs: the Word manuscript of book_fixtures (python-docx:
italic and bold runs, headings, a comment, a tab, a line break, a soft hyphen, a non-breaking
space, a table) and the hand-written flat ODT with a footnote, each converted to ODT by
LibreOffice headless and imported. The tracked file is read back with every change accepted
(`apply`'s text, exactly) and rejected (the original text, exactly) by resolving its marks
here, and as a revised copy; LibreOffice opens both files: the clean one converted to text
reads as `apply`, the tracked one converted to Word holds each change by its proposer, the
approval as a comment, and accepting or rejecting them there gives the same texts. Every zip
member but content.xml, and every untouched paragraph in it, stays byte-identical."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from people import who
from test_formats_writeback import fix, resolve
from test_hostile_input import _rewrite_log

from align.cli import main
from align.corrections import review, workspace
from align.corrections.apply import corrected
from align.errors import InputError
from align.export import FORMATS, available_formats, export, log_state
from align.formats import import_book, load_book, odt, properties, read_revised, splice, word
from align.formats.model import Block, Style
from align.project import Project

import book_fixtures as bf
from test_bad_input import refused

T, OFFICE, DC = odt.TEXT, odt.OFFICE, odt.DC
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
W = word.W
DOC = "ms"
# (quote, replacement) in the Word manuscript converted by LibreOffice: from inside an italic span to
# past its end, across a soft hyphen, an insertion at the end of a bold span (before a comment's range),
# a paragraph's first words, after a non-breaking space, a deletion, a heading, a doubled space in a table
# cell, a plain word. Written back narrowed to the words that change.
STYLED_FIXES = [("cold day", "chilly morning"), ("striking thirteen", "striking twelve"),
                ("Prinkipo and", "Prinkipo, and"), ("The ferry", "The boat"), ("noon", "midday"),
                ("on board ", ""), ("Chapter Two", "Chapter 2"), ("Right cell", "Right  cell"), ("tines", "times")]
# In the flat ODT: inside the footnote, the word before the note mark, inside an italic span.
FOOTNOTE_FIXES = [("Büyükada", "Buyukada"), ("thirteen.", "twelve."), ("bright cold", "bright and cold")]
BOOKS = {"styled": STYLED_FIXES, "footnote": FOOTNOTE_FIXES}
TOC_ENTRY = "Chapter One\t1"  # the manuscript's table-of-contents line, which Word's reader leaves out


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the LibreOffice-made originals (styled.odt, footnote.odt) and a LibreOffice profile."""
    if not bf.SOFFICE:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("office")
    (folder / "styled.docx").write_bytes(bf.styled_docx(drop_cap=False))
    (folder / "footnote.fodt").write_text(bf.FODT, encoding="utf-8")
    for src in ("styled.docx", "footnote.fodt"):
        bf.libreoffice(folder / src, "odt", folder, folder / "profile")
    return folder


def convert(office: Path, src: Path, fmt: str) -> Path:
    """`src` converted by LibreOffice headless into a folder of its own."""
    out = src.parent / f"{src.stem}-{fmt.split(':')[0]}"
    out.mkdir(exist_ok=True)
    return bf.libreoffice(src, fmt, out, office / "profile")


def manuscript(project: Project, office: Path, book: str) -> bytes:
    """Import the LibreOffice-made `book` as DOC and approve its fixes (Anna proposes, Boris approves)."""
    original = (office / f"{book}.odt").read_bytes()
    import_book(project, original, DOC, "en", name=f"{book}.odt")
    for quote, new in BOOKS[book]:
        fix(project, DOC, quote, new)
    return original


def members(data: bytes) -> dict[str, bytes]:
    z = zipfile.ZipFile(io.BytesIO(data))
    return {n: z.read(n) for n in z.namelist()}


def content(data: bytes) -> etree._Element:
    return etree.fromstring(members(data)[odt.CONTENT])


def _drop(el: etree._Element) -> None:
    """Remove an element, keeping the text after it."""
    prev, parent = el.getprevious(), el.getparent()
    if prev is not None:
        prev.tail = (prev.tail or "") + (el.tail or "")
    else:
        parent.text = (parent.text or "") + (el.tail or "")
    parent.remove(el)


def resolve_odt(data: bytes, accept: bool) -> bytes:
    """The ODT with every tracked change accepted or rejected: accepted, the marks go; rejected, what an
    insertion put in goes (change-start to change-end) and each deletion's text comes back at its mark."""
    root = content(data)
    regions = {r.get(f"{T}id"): r for r in root.iter(f"{T}changed-region")}
    for mark in list(root.iter(f"{T}change", f"{T}change-start")):
        cid = mark.get(f"{T}change-id")
        if mark.tag == f"{T}change-start":
            end = next(el for el in mark.itersiblings() if el.get(f"{T}change-id") == cid)
            if not accept:
                mark.tail = None
                for el in list(mark.itersiblings()):
                    if el is end:
                        break
                    mark.getparent().remove(el)
            _drop(end)
        elif not accept:
            deleted = copy.deepcopy(regions[cid].find(f"{T}deletion/{T}p"))
            prev = mark.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + (deleted.text or "")
            else:
                mark.getparent().text = (mark.getparent().text or "") + (deleted.text or "")
            for child in list(deleted):
                mark.addprevious(child)
        _drop(mark)
    for changes in root.iter(f"{T}tracked-changes"):
        changes.getparent().remove(changes)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, etree.tostring(root) if info.filename == odt.CONTENT else src.read(info))
    return out.getvalue()


def text_of(data: bytes) -> str:
    return odt.read(data, "export.odt").text


def _touched(project: Project, original: bytes) -> set[int]:
    """Ordinals (in odt.SPLICED order) of the original's elements holding a corrected paragraph."""
    book = load_book(project, DOC, "en")
    applied = corrected(project, DOC)
    paras = applied.workspace.seg.paragraphs
    tree = etree.ElementTree(content(original))
    prefixes = {k: v for k, v in tree.getroot().nsmap.items() if k}
    changed = [tree.xpath(book.blocks[next(p.index for p in paras if p.start <= a.start <= p.end)].at["path"],
                          namespaces=prefixes)[0] for a in applied.applied]
    elements = list(tree.getroot().iter(f"{T}p", f"{T}h", f"{T}tracked-changes"))
    return {n for n, el in enumerate(elements) if any(el is c or el in c.iterancestors() for c in changed)}


def _own_ranges(xml: bytes) -> list[tuple[int, int]]:
    """Byte ranges of the document's own paragraphs and headings (not those of the annotations added)."""
    elements = list(etree.fromstring(xml).iter(f"{T}p", f"{T}h", f"{T}tracked-changes"))
    ranges = splice.element_ranges(xml, odt.SPLICED)
    assert len(ranges) == len(elements)
    return [r for r, el in zip(ranges, elements)
            if not any(a.get(f"{OFFICE}name", "").startswith("align") for a in el.iterancestors())]


def check_untouched(project: Project, original: bytes, data: bytes, tracked: bool) -> None:
    """Every member but content.xml byte-identical and in place, mimetype first and stored; in content.xml
    every paragraph without a correction, and the bytes before and after the paragraphs."""
    before, after = members(original), members(data)
    assert list(before) == list(after)
    assert {n for n in before if before[n] != after[n]} == {odt.CONTENT, "meta.xml"}
    # meta.xml gains the log state the export holds as a user-defined property, and is otherwise as it was
    meta = etree.fromstring(after["meta.xml"])
    [field] = [el for el in meta.iter(f"{META}user-defined") if el.get(f"{META}name") == properties.LABEL]
    assert field.text == log_state(project, DOC)
    field.getparent().remove(field)
    assert etree.tostring(meta, method="c14n") == etree.tostring(etree.fromstring(before["meta.xml"]), method="c14n")
    first = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert after["mimetype"] == b"application/vnd.oasis.opendocument.text"
    old, new = before[odt.CONTENT], after[odt.CONTENT]
    if tracked:  # the tracked changes come first in office:text, before every paragraph
        start, end = splice.element_ranges(new, odt.SPLICED)[0]
        assert new[start:end].startswith(b'<text:tracked-changes text:track-changes="false">')
        assert re.search(rb"<office:text[^>]*>$", new[:start])
        new = new[:start] + new[end:]
    old_ranges, new_ranges = _own_ranges(old), _own_ranges(new)
    assert len(old_ranges) == len(new_ranges)
    touched = _touched(project, original)
    assert touched
    for n, ((a, b), (c, d)) in enumerate(zip(old_ranges, new_ranges)):
        if n not in touched:
            assert old[a:b] == new[c:d], n
    assert old[: old_ranges[0][0]] == new[: new_ranges[0][0]]
    assert old[old_ranges[-1][1] :] == new[new_ranges[-1][1] :]


@pytest.mark.slow
@pytest.mark.parametrize("book", list(BOOKS))
def test_corrections_written_into_the_odt(project: Project, office: Path, tmp_path: Path, book: str,
                                          capsys) -> None:
    original = manuscript(project, office, book)
    stored = project.text_path(DOC, "en").read_text(encoding="utf-8")
    apply_text = corrected(project, DOC).text
    clean, tracked = tmp_path / "clean.odt", tmp_path / "tracked.odt"
    result = export(project, DOC, "odt", clean)
    assert main(["--project", str(project.root), "export", DOC, "--to", "odt-tracked", "-o", str(tracked)]) == 0
    assert f"{len(BOOKS[book])} tracked change(s) in a copy of the original odt" in capsys.readouterr().err
    assert result.notes == (f"{len(BOOKS[book])} correction(s) applied in a copy of the original odt",)
    data = tracked.read_bytes()
    assert text_of(clean.read_bytes()) == apply_text
    assert text_of(resolve_odt(data, accept=True)) == apply_text
    assert text_of(resolve_odt(data, accept=False)) == stored
    assert read_revised(data, "tracked.odt").text == apply_text  # how `compare` reads it: every change accepted
    check_untouched(project, original, clean.read_bytes(), tracked=False)
    check_untouched(project, original, data, tracked=True)
    root = content(data)
    regions = list(root.iter(f"{T}changed-region"))
    assert [el.tag for el in root.find(f"{OFFICE}body/{OFFICE}text")][0] == f"{T}tracked-changes"
    kinds = [r[0].tag.rpartition("}")[2] for r in regions]
    assert {r[0].findtext(f"{OFFICE}change-info/{DC}creator") for r in regions} == {"Anna"}  # the proposer
    deletions = {spelled(p) for r in regions if (p := r.find(f"{T}deletion/{T}p")) is not None}
    inserted = {spelled(el) for el in _insertions(root)}
    if book == "styled":  # narrowed to the words that change; the soft hyphen stays in the deleted word
        assert deletions == {"cold day", "thir\u00adteen", "ferry", "noon", "on board ", "Two", " ", "tines"}
        assert inserted == {"chilly morning", "twelve", ",", "boat", "midday", "2", "  ", "times"}
    else:
        assert deletions == {"Büyükada", "thirteen"} and inserted == {"Buyukada", "twelve", "and "}
    assert kinds.count("deletion") == len(deletions) and kinds.count("insertion") == len(inserted)
    marks = {el.get(f"{T}change-id") for el in root.iter(f"{T}change", f"{T}change-start", f"{T}change-end")}
    assert marks == {r.get(f"{T}id") for r in regions}  # each region has its place in the text
    notes = [a for a in root.iter(f"{OFFICE}annotation") if a.findtext(f"{DC}creator") == "Boris"]
    assert len(notes) == len(BOOKS[book])  # one per change, by the approver, anchored on a range
    assert all("Approved by Boris" in "".join(a.itertext()) and "Rationale: fix" in "".join(a.itertext())
               for a in notes)
    ends = {el.get(f"{OFFICE}name") for el in root.iter(f"{OFFICE}annotation-end")}
    assert {a.get(f"{OFFICE}name") for a in notes} <= ends
    if book == "styled":  # the document's own comment is still there
        assert sum("Check the place name" in "".join(a.itertext()) for a in root.iter(f"{OFFICE}annotation")) == 1
    else:  # the footnote and its mark are still there, after the changed word
        back = odt.read(clean.read_bytes(), "clean.odt")
        first = next(b for b in back.blocks if "twelve" in b.text)
        assert first.notes == ((first.text.index("twelve.") + len("twelve."), "ftn1"),)
        assert back.blocks[-1].text == "The island is now called Buyukada." and back.blocks[-1].note == "ftn1"
    with pytest.raises(InputError, match=f"has {len(regions)} tracked change"):  # import refuses it as it is
        import_book(project, data, "again", "en", name="tracked.odt")


def spelled(el: etree._Element) -> str:
    """An element's text with `text:s` as the spaces it stands for."""
    parts = [el.text or ""]
    for child in el:
        parts += [" " * int(child.get(f"{T}c", "1")) if child.tag == f"{T}s" else spelled(child), child.tail or ""]
    return "".join(parts)


def _insertions(root: etree._Element) -> list[etree._Element]:
    """What each insertion put in, as a paragraph: its change-start's tail and the siblings up to its end."""
    out = []
    for start in root.iter(f"{T}change-start"):
        holder = etree.Element(f"{T}p")
        holder.text = start.tail
        for el in start.itersiblings():
            if el.tag == f"{T}change-end":
                break
            holder.append(copy.deepcopy(el))
        out.append(holder)
    return out


def _both_exports(project: Project, office: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The styled manuscript imported and corrected, exported clean and tracked."""
    manuscript(project, office, "styled")
    clean, tracked = tmp_path / "clean.odt", tmp_path / "tracked.odt"
    export(project, DOC, "odt", clean)
    export(project, DOC, "odt-tracked", tracked)
    return clean, tracked


@pytest.mark.slow
def test_libreoffice_opens_both_files_and_sees_each_change(project: Project, office: Path, tmp_path: Path) -> None:
    clean, tracked = _both_exports(project, office, tmp_path)
    apply_text = corrected(project, DOC).text
    stored = project.text_path(DOC, "en").read_text(encoding="utf-8")

    def words(text: str) -> str:  # LibreOffice's text: a line break ends a line, soft hyphens are kept
        return re.sub(r"[ \t\n]+", " ", text.replace("\u00ad", "").lstrip("\ufeff")).strip()

    as_text = convert(office, clean, "txt:Text (encoded):UTF8").read_text(encoding="utf-8")
    assert words(as_text) == words(apply_text)
    docx = convert(office, tracked, "docx").read_bytes()
    body = etree.fromstring(members(docx)["word/document.xml"])
    changes = list(body.iter(f"{W}ins", f"{W}del"))
    assert len(changes) == len(list(content(tracked.read_bytes()).iter(f"{T}changed-region")))
    assert {el.get(f"{W}author") for el in changes} == {"Anna"}
    assert {el.get(f"{W}date") for el in changes} == {c.created[:19] + "Z" for c in _approved(project)}
    custom = etree.fromstring(members(docx)["docProps/custom.xml"])  # LibreOffice reads the log state
    assert {(el.get("name"), "".join(el.itertext())) for el in custom} >= {(properties.LABEL, log_state(project, DOC))}
    comments = etree.fromstring(members(docx)["word/comments.xml"])
    said = [(c.get(f"{W}author"), "".join(c.itertext())) for c in comments.iter(f"{W}comment")]
    assert sum(author == "Boris" and "Approved by Boris" in text for author, text in said) == len(STYLED_FIXES)
    assert sum(author == "Editor" for author, _ in said) == 1
    # Accepted and rejected in the Word file LibreOffice wrote, the texts are apply's and the original
    # (less the table-of-contents line, which Word's reader leaves out).
    assert word.read(resolve(docx, accept=True), "lo.docx").text == apply_text.replace(TOC_ENTRY + "\n", "")
    assert word.read(resolve(docx, accept=False), "lo.docx").text == stored.replace(TOC_ENTRY + "\n", "")
    # Formatting on both sides of the change that starts inside the italic span: the untouched "bright "
    # and what replaced "cold day" are italic. (LibreOffice 7.4 reads a deletion's text in the formatting of
    # the character before it, so the deleted " day" comes out italic too; it does so with its own files.)
    italic = {"".join(r.itertext()): r.find(f"{W}rPr/{W}i") is not None for r in body.iter(f"{W}r")}
    assert italic["bright "] and italic["chilly morning"] and not italic[" in April, and the clocks were striking "]
    assert "cold day" in {"".join(d.itertext()) for d in body.iter(f"{W}del")}
    bold = {"".join(r.itertext()) for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}b") is not None}
    assert "," in bold  # inserted after the bold span's last character, in its formatting


def _approved(project: Project) -> list:
    return [a.correction for a in corrected(project, DOC).applied]


def styled(block: Block, style: Style) -> list[str]:
    """The runs of a block's text in `style` (spans that touch as one: a tracked file splits them at its marks)."""
    runs: list[list[int]] = []
    for s in sorted((s for s in block.spans if s.style is style), key=lambda s: s.start):
        if runs and runs[-1][1] == s.start:
            runs[-1][1] = s.end
        else:
            runs.append([s.start, s.end])
    return [block.text[a:b] for a, b in runs]


@pytest.mark.slow
def test_formatting_kept_on_both_sides_of_a_change(project: Project, office: Path, tmp_path: Path) -> None:
    clean, tracked = _both_exports(project, office, tmp_path)
    for data in (clean.read_bytes(), resolve_odt(tracked.read_bytes(), accept=True)):
        book = odt.read(data, "back.odt")
        first = next(b for b in book.blocks if "chilly" in b.text)
        assert styled(first, Style.ITALIC) == ["bright chilly morning"]  # in the span of the first character replaced
        second = next(b for b in book.blocks if b.text.startswith("Trotsky"))
        assert styled(second, Style.BOLD) == ["Trotsky sat at his desk in Prinkipo,"]  # ...of the character before
    root = content(tracked.read_bytes())
    deleted = next(r.find(f"{T}deletion/{T}p") for r in root.iter(f"{T}changed-region")
                   if "".join(r.itertext()).endswith("cold day"))
    span = deleted.find(f"{T}span")  # the deleted text keeps its span: "cold" italic, " day" plain after it
    assert (span.text, span.tail) == ("cold", " day")
    styles = {s.get(f"{odt.STYLE}name"): s for s in root.iter(f"{odt.STYLE}style")}
    assert styles[span.get(f"{T}style-name")].find(f"{odt.STYLE}text-properties").get(
        f"{odt.FO}font-style") == "italic"


@pytest.mark.slow
def test_pending_proposals_only_when_asked(project: Project, office: Path, tmp_path: Path) -> None:
    manuscript(project, office, "styled")
    text = workspace.open_workspace(project, DOC).text
    start = text.index("captain")
    review.propose(project, DOC, who("clara"), start, start + len("captain"), "skipper", "other", note="nautical")
    without = export(project, DOC, "odt-tracked", tmp_path / "a.odt").path.read_bytes()
    with_pending = export(project, DOC, "odt-tracked", tmp_path / "b.odt", include_proposed=True).path.read_bytes()
    assert "skipper" not in text_of(resolve_odt(without, accept=True))
    assert "skipper" in text_of(resolve_odt(with_pending, accept=True))
    notes = ["".join(a.itertext()) for a in content(with_pending).iter(f"{OFFICE}annotation")
             if a.findtext(f"{DC}creator") == "Clara"]
    assert len(notes) == 1 and "Pending review (not approved)" in notes[0] and "Rationale: nautical" in notes[0]
    assert len(list(content(with_pending).iter(f"{T}changed-region"))) == len(
        list(content(without).iter(f"{T}changed-region"))) + 2


@pytest.mark.slow
def test_hostile_names_and_notes_are_escaped(project: Project, office: Path, tmp_path: Path) -> None:
    """A display name and a note holding a bidi override, "<" and "&" are text in the file, escaped for XML;
    an old log line's control characters come out spelled; LibreOffice opens the file."""
    name = "Bo\u202eris <b>&amp; \u2067Co"
    users = project.corrections_dir / "users.toml"
    users.write_text(users.read_text(encoding="utf-8").replace('name = "Boris"', 'name = "Bo\\u202Eris <b>&amp; '
                                                                '\\u2067Co"'), encoding="utf-8")
    manuscript(project, office, "styled")
    note = "<script>alert(1)</script> & \u202egnp.exe"
    text = workspace.open_workspace(project, DOC).text
    start = text.index("captain")
    cid = review.propose(project, DOC, who("anna"), start, start + len("captain"), "skipper", "other", note=note).id
    review.approve(project, DOC, who("boris"), cid, reason="ok \u202e<&>")
    out = export(project, DOC, "odt-tracked", tmp_path / "hostile.odt").path
    raw = members(out.read_bytes())[odt.CONTENT]
    assert b"<script>" not in raw and b"&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in raw
    assert b"<b>" not in raw and b"&lt;b&gt;&amp;amp;" in raw
    root = etree.fromstring(raw)
    notes = [a for a in root.iter(f"{OFFICE}annotation") if a.findtext(f"{DC}creator") == name]
    assert len(notes) == len(STYLED_FIXES) + 1
    assert any(f"Rationale: {note}" in [p.text for p in a.iter(f"{T}p")] for a in notes)
    docx = convert(office, out, "docx").read_bytes()  # LibreOffice opens it, names and notes intact
    custom = etree.fromstring(members(docx)["docProps/custom.xml"])  # LibreOffice reads the log state
    assert {(el.get("name"), "".join(el.itertext())) for el in custom} >= {(properties.LABEL, log_state(project, DOC))}
    comments = etree.fromstring(members(docx)["word/comments.xml"])
    assert sum(c.get(f"{W}author") == name for c in comments.iter(f"{W}comment")) == len(STYLED_FIXES) + 1
    assert any(note in "".join(c.itertext()) for c in comments.iter(f"{W}comment"))

    def poison(e: dict) -> None:  # an old log line, written before control characters were refused
        if e["type"] == "proposed":
            e["data"]["note"] += " \x0b\x00"
            e["data"]["replacement"] += "\x1b[31m"

    _rewrite_log(project, poison, DOC)
    for fmt in ("odt", "odt-tracked"):
        result = export(project, DOC, fmt, tmp_path / f"poisoned-{fmt}.odt")
        assert any("written escaped" in n for n in result.notes)
        raw = members(result.path.read_bytes())[odt.CONTENT]
        etree.fromstring(raw)  # well-formed
        assert b"\x0b" not in raw and b"\x1b" not in raw and b"\\x1b[31m" in raw


@pytest.mark.slow
def test_only_documents_imported_from_odt(project: Project, office: Path, tmp_path: Path, capsys) -> None:
    plain = "meetings-with-trotsky"  # the sample, imported as plain text
    for fmt in ("odt", "odt-tracked"):
        msg = refused(project, capsys, "export", plain, "--to", fmt, "-o", str(tmp_path / "x.odt"), code=2,
                      extra=tmp_path)
        assert msg == (f"align: error: {plain} was imported from plain text, not odt: `--to {fmt}` writes "
                       "corrections back into an imported ODT only")
    import_book(project, bf.styled_docx(), "word", "en", name="manuscript.docx")
    assert "imported from docx, not odt" in refused(project, capsys, "export", "word", "--to", "odt-tracked", "-o",
                                                    str(tmp_path / "x.odt"), code=2, extra=tmp_path)
    manuscript(project, office, "footnote")

    def offered(doc: str) -> set[str]:
        return {f.name for f in available_formats(project, doc)} & {"odt", "odt-tracked", "epub", "fb2"}

    assert offered(plain) == offered("word") == set() and offered(DOC) == {"odt", "odt-tracked"}
    assert [FORMATS[f].file_name(DOC) for f in ("odt", "odt-tracked")] == ["ms.odt", "ms.tracked.odt"]


@pytest.mark.parametrize(("quote", "new"), [
    ("struck   thirteen", "struck  thirteen"),  # one of the three spaces out: the text:s of two keeps one
    ("struck   thirteen", "struck thirteen"),  # two out: the whole text:s
    ("struck   thirteen", "struck – thirteen"),  # a dash in the middle of the run of spaces
    ("with  two", "with two"),  # the text:s of one space, whole
])
def test_a_change_inside_a_run_of_spaces(project: Project, office: Path, tmp_path: Path, quote: str,
                                         new: str) -> None:
    """LibreOffice writes a run of spaces as one space and a text:s counting the rest: a change that takes some of
    them out keeps the others, in the clean and in the tracked ODT."""
    source = tmp_path / "spaces.txt"
    source.write_text("The clock struck   thirteen that day.\nA second paragraph, with  two spaces.\n",
                      encoding="utf-8")
    original = bf.libreoffice(source, "odt", tmp_path, office / "profile").read_bytes()
    assert b'struck <text:s text:c="2"/>thirteen' in members(original)[odt.CONTENT]
    import_book(project, original, DOC, "en", name="spaces.odt")
    fix(project, DOC, quote, new)
    stored = project.text_path(DOC, "en").read_text(encoding="utf-8")
    clean = export(project, DOC, "odt", tmp_path / "clean.odt").path.read_bytes()
    tracked = export(project, DOC, "odt-tracked", tmp_path / "tracked.odt").path.read_bytes()
    assert text_of(clean) == corrected(project, DOC).text
    assert text_of(resolve_odt(tracked, accept=True)) == corrected(project, DOC).text
    assert text_of(resolve_odt(tracked, accept=False)) == stored
