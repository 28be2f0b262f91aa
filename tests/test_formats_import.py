"""Importing real book formats: DOCX, ODT, EPUB, FB2 (plain and zipped), HTML, Markdown;
the stored text, structure and original; and the files that must be refused."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from align.cli import main
from align.formats import import_book, load_book, structure_path
from align.formats.model import BlockKind, Style
from align.project import Project

import book_fixtures as bf
from test_bad_input import refused

BODY = [p for _, paras in bf.CHAPTERS for p in paras]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def lo_books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The hand-written flat ODT converted by LibreOffice headless to ODT and DOCX."""
    if not bf.SOFFICE:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("lo")
    src = folder / "book.fodt"
    src.write_text(bf.FODT, encoding="utf-8")
    made = {fmt: bf.libreoffice(src, fmt, folder, folder / "profile").read_bytes() for fmt in ("odt", "docx")}
    made["epub"] = bf.libreoffice(src, "epub:EPUB", folder, folder / "profile").read_bytes()  # libepubgen's
    return made


def _import(project: Project, inputs: Path, name: str, data: bytes, capsys, doc: str = "book") -> str:
    src = inputs / name
    src.write_bytes(data)
    assert main(["--project", str(project.root), "import", str(src), "--doc", doc, "--lang", "en"]) == 0
    return capsys.readouterr().out


def _lines(project: Project, doc: str = "book") -> list[str]:
    return project.text_path(doc, "en").read_text(encoding="utf-8").splitlines()


def _structure(project: Project, doc: str = "book") -> dict:
    return json.loads(structure_path(project, doc, "en").read_text(encoding="utf-8"))


def _check_common_book(project: Project, data: bytes, note: str | None = bf.NOTE) -> None:
    """Chapters, headings, footnote last and apart, italics as a span, the original kept byte for byte."""
    lines = _lines(project)
    book = load_book(project, "book", "en")
    assert book is not None
    for para in BODY[1:]:  # the first paragraph has the emphasis and, in most fixtures, the note
        assert any(line.replace("\u00a0", " ") == para for line in lines), para
    first = next(b for b in book.blocks if b.text.endswith("striking thirteen."))
    assert "\u00ad" not in first.text and "[1]" not in first.text
    italic = [first.text[s.start : s.end] for s in first.spans if s.style is Style.ITALIC]
    assert italic == ["bright cold"]
    heads = [b.text for b in book.blocks if b.kind is BlockKind.HEADING]
    assert [h for h, _ in bf.CHAPTERS] == [h for h in heads if h.startswith("Chapter")]
    titled = [c.title for c in book.chapters]
    assert "Chapter One" in titled and "Chapter Two" in titled and (titled[-1] == "notes" or not note)
    if note:
        assert book.blocks[-1].kind is BlockKind.FOOTNOTE and book.blocks[-1].text == note
        assert lines[-1] == note and sum(note in line for line in lines) == 1  # not spliced into a sentence
        assert first.notes and first.notes[0][0] == len(first.text)  # the mark stood at the sentence end
    raw = _structure(project)
    assert (project.texts_dir / raw["original"]).read_bytes() == data
    assert project.documents() == sorted({"book", *project.documents()})  # listed, structure files not


def test_fb2_with_chapters_notes_verse_and_epigraph(project: Project, inputs: Path, capsys) -> None:
    out = _import(project, inputs, "book.fb2", bf.fb2_book(), capsys)
    assert "fb2:" in out and "original kept as texts/originals/book.en.fb2" in out
    _check_common_book(project, bf.fb2_book())
    book = load_book(project, "book", "en")
    kinds = {b.text: b.kind for b in book.blocks}
    assert kinds["All happy families are alike."] is BlockKind.QUOTE
    assert [b.text for b in book.blocks if b.kind is BlockKind.VERSE] == bf.POEM
    assert "Trotsky sat at his desk in\u00a0Prinkipo and wrote." in _lines(project)  # the nbsp is kept
    assert project.meta("book").title == "Meetings"


def test_fb2_with_an_undeclared_link_prefix_as_found_in_the_wild(project: Project, inputs: Path, capsys) -> None:
    data = bf.fb2_book().replace(b' xmlns:l="http://www.w3.org/1999/xlink"', b"")
    _import(project, inputs, "book.fb2", data, capsys)
    _check_common_book(project, data)


@pytest.mark.parametrize("packing", ["cp1251", "zip"])
def test_fb2_in_windows_1251_and_zipped(project: Project, inputs: Path, packing: str, capsys) -> None:
    data = bf.fb2_book("windows-1251" if packing == "cp1251" else "utf-8")
    if packing == "zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("book.fb2", data)
        data = buf.getvalue()
    _import(project, inputs, "book.fb2.zip" if packing == "zip" else "book.fb2", data, capsys)
    _check_common_book(project, data)
    assert bf.POEM[1] in _lines(project)


def test_epub_reads_the_spine_not_the_table_of_contents(project: Project, inputs: Path, capsys) -> None:
    data = bf.epub_book()
    _import(project, inputs, "book.txt", data, capsys)  # the content says EPUB, whatever the name
    _check_common_book(project, data)
    lines = _lines(project)
    assert "Contents" not in lines and "cover" not in " ".join(lines)
    assert lines[0] == "Chapter One" and lines[1].startswith("It was a bright cold day")  # drop cap joined
    assert [c.title for c in load_book(project, "book", "en").chapters][:2] == ["Chapter One", "Chapter Two"]


def test_epub_titles_from_its_table_of_contents_and_emphasis_from_its_stylesheet(project: Project, inputs: Path,
                                                                                  capsys) -> None:
    _import(project, inputs, "book.epub", bf.epub2_styled_book(), capsys)
    book = load_book(project, "book", "en")
    assert [(b.kind, b.text) for b in book.blocks if b.kind is BlockKind.HEADING] == [
        (BlockKind.HEADING, "Chapter One"), (BlockKind.HEADING, "Chapter Two"), (BlockKind.HEADING, "The Ferry")]
    assert [c.title for c in book.chapters] == ["Chapter One", "Chapter Two"]  # one file, two chapters
    noon = next(b for b in book.blocks if b.text == "The ferry left at noon.")
    assert noon.kind is BlockKind.PARAGRAPH  # "At noon" titles no paragraph: none is made a heading
    styled = {(b.text[s.start : s.end], s.style) for b in book.blocks for s in b.spans}
    assert {("bright cold", Style.ITALIC), ("wrote", Style.BOLD)} <= styled  # a class's, a style attribute's
    assert not any(text == "room" for text, _ in styled)  # @media print is no emphasis of the text


@pytest.mark.parametrize("css", ["." + "(" * 100_000, ".it { font-style: " + "[" * 100_000 + " }",
                                 ".it { font-style: italic }" * 40_000], ids=["brackets", "deep-value", "huge"])
def test_a_hostile_stylesheet_gives_no_emphasis_and_the_book_is_read(project: Project, inputs: Path, css: str,
                                                                     capsys) -> None:
    _import(project, inputs, "book.epub", bf.epub2_styled_book(css), capsys)
    book = load_book(project, "book", "en")
    assert "It was a bright cold day in April." in _lines(project)
    italic = [b.text[s.start : s.end] for b in book.blocks for s in b.spans if s.style is Style.ITALIC]
    assert italic == []  # none of these is read: too deep, or (the last) over a million characters


def test_an_odt_libreoffice_saved_from_html_is_a_text(project: Project, inputs: Path, tmp_path: Path,
                                                       capsys) -> None:
    if not bf.SOFFICE:
        pytest.skip("LibreOffice is not installed")
    page = tmp_path / "page.html"
    page.write_text("<html><body><h1>Chapter One</h1><p>It was a <i>bright cold</i> day.</p></body></html>",
                    encoding="utf-8")
    odt = bf.libreoffice(page, "odt:writer8", tmp_path, tmp_path / "profile")  # LibreOffice's Writer/Web
    with zipfile.ZipFile(odt) as z:
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text-web"
    _import(project, inputs, "page.odt", odt.read_bytes(), capsys)
    assert _lines(project) == ["Chapter One", "It was a bright cold day."]


def test_styled_docx(project: Project, inputs: Path, capsys) -> None:
    data = bf.styled_docx()
    _import(project, inputs, "manuscript.docx", data, capsys)
    book = load_book(project, "book", "en")
    by_text = {b.text: b for b in book.blocks}
    assert by_text["Meetings"].kind is BlockKind.HEADING and by_text["Chapter Two"].level == 1
    assert by_text["A whole quoted paragraph, in the Quote style."].kind is BlockKind.QUOTE
    assert "The ferry left at\u00a0noon.\tExactly." in by_text  # the drop cap "T" read with its paragraph
    assert "T" not in by_text and "dropcap" in by_text["The ferry left at\u00a0noon.\tExactly."].at
    assert "Nobody on board knew who he was. Not even the captain." in by_text  # a line break is a space
    assert {"Left cell", "Right cell"} <= set(by_text)  # table cells
    first = by_text["It was a bright cold day in April, and the clocks were striking thirteen."]
    assert [(s.start, s.end, s.style) for s in first.spans] == [(9, 20, Style.ITALIC)]
    assert [c.title for c in book.chapters] == ["Meetings", "Chapter Two"]
    assert book.blocks[0].at == {"part": "word/document.xml", "p": 0}
    assert "Chapter One\t1" not in by_text and book.blocks[1].at["p"] == 2  # the table of contents is left out


@pytest.mark.parametrize("fmt", ["odt", "docx", "epub"])
def test_libreoffice_made_files_with_footnotes(project: Project, inputs: Path, lo_books, fmt: str, capsys) -> None:
    _import(project, inputs, f"book.{fmt}", lo_books[fmt], capsys)
    _check_common_book(project, lo_books[fmt])


def test_html_and_markdown(project: Project, inputs: Path, capsys) -> None:
    page = ("<!DOCTYPE html><html><head><title>Meetings</title><script>var x = 1;</script></head><body>"
            "<nav><a href='#a'>Contents</a></nav><h1>Chapter One</h1><p>It was a <i>bright cold</i> day.</p>"
            "<blockquote><p>A quote.</p></blockquote><ul><li>An item</li></ul></body></html>")
    _import(project, inputs, "page.html", page.encode(), capsys)
    book = load_book(project, "book", "en")
    assert [(b.kind, b.text) for b in book.blocks] == [
        (BlockKind.HEADING, "Chapter One"), (BlockKind.PARAGRAPH, "It was a bright cold day."),
        (BlockKind.QUOTE, "A quote."), (BlockKind.ITEM, "An item")]
    md = "# Chapter One\n\nIt was a *bright cold* day.\n\n> A quote.\n\n- An item\n"
    _import(project, inputs, "page.md", md.encode(), capsys, doc="md")
    assert _lines(project, "md") == ["Chapter One", "It was a bright cold day.", "A quote.", "An item"]
    assert load_book(project, "md", "en").blocks[1].spans[0].style is Style.ITALIC


def test_nothing_is_overwritten_without_force(project: Project, inputs: Path, capsys) -> None:
    _import(project, inputs, "book.fb2", bf.fb2_book(), capsys)
    src = inputs / "book.epub"
    src.write_bytes(bf.epub_book())
    msg = refused(project, capsys, "import", str(src), "--doc", "book", "--lang", "en", code=2, extra=inputs)
    assert "exists" in msg and "--force" in msg
    replace = ["--force", "--user", "boris"]  # replacing keeps the stored side: an editor signs (align.editions)
    assert main(["--project", str(project.root), "import", str(src), "--doc", "book", "--lang", "en", *replace]) == 0
    assert _structure(project)["format"] == "epub"
    assert not (project.texts_dir / "originals" / "book.en.fb2").exists()
    txt = inputs / "plain.txt"
    txt.write_text("Just text.\n", encoding="utf-8")
    assert main(["--project", str(project.root), "import", str(txt), "--doc", "book", "--lang", "en", *replace]) == 0
    assert load_book(project, "book", "en") is None and not list((project.texts_dir / "originals").iterdir())


def test_upload_bytes(project: Project) -> None:
    done = import_book(project, bf.epub_book(), "up", "en", name="book.epub")
    assert done.chapters == 3 and done.footnotes == 1 and project.has_text("up", "en")


def test_a_title_or_upload_name_holding_del_makes_valid_metadata(project: Project) -> None:
    # JSON leaves DEL (U+007F) raw and TOML forbids it: the metadata file was unreadable, and with it
    # the document in every view and export (and the workbench's document picker).
    page = b"<html><head><title>Rubout&#127;Title</title></head><body><p>One sentence.</p></body></html>"
    import_book(project, page, "deleted", "en", name="page\x7f.html")
    meta = project.meta("deleted")
    assert meta.title == "Rubout\\x7fTitle"  # spelled out on reading, like any control character
    assert meta.provenance["en"] == "imported from page\\x7f.html"


def _docx_with(document_xml: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(bf.styled_docx()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, document_xml if info.filename == "word/document.xml" else src.read(info))
    return buf.getvalue()


def _epub_drm() -> bytes:
    enc = ('<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
           'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
           '<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
           '<enc:CipherData><enc:CipherReference URI="OEBPS/ch1.xhtml"/></enc:CipherData>'
           "</enc:EncryptedData></encryption>")
    return bf.epub_book(extra={"META-INF/encryption.xml": enc.encode()})


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("OEBPS/ch1.xhtml", b"\0" * (20 * 1024 * 1024))
    return buf.getvalue()


XXE = ('<?xml version="1.0"?>\n<!DOCTYPE FictionBook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       '<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0"><body><p>&xxe;</p></body></FictionBook>')
LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE FictionBook [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
          '<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0"><body><p>&b;</p></body></FictionBook>')
FB2_OPEN = '<?xml version="1.0"?><FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0"><body>'
FB2_CLOSE = "</body></FictionBook>"


def _nested(head: str, open_tag: str, close_tag: str, tail: str, depth: int = 300) -> bytes:
    """A file whose one sentence sits `depth` elements deep (lxml stops at 256)."""
    return (head + open_tag * depth + "<p>Deep text.</p>" + close_tag * depth + tail).encode()


ENCRYPTED_OOXML = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        ("locked.docx", lambda: ENCRYPTED_OOXML, "password-protected"),
        ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old binary Office file"),
        ("cut.docx", lambda: bf.styled_docx()[:6000], "corrupt or truncated"),
        ("cut.epub", lambda: bf.epub_book()[:-200], "corrupt or truncated"),
        ("cut.fb2", lambda: bf.fb2_book()[:-300], "corrupt or truncated"),
        ("bad.docx", lambda: _docx_with(b"<w:document xmlns:w='x'><w:body><w:p>"), "not well-formed XML"),
        ("bomb.epub", _zip_bomb, "zip bomb"),
        ("drm.epub", _epub_drm, "DRM-protected"),
        ("xxe.fb2", lambda: XXE.encode(), "declares XML entities"),
        ("laughs.fb2", lambda: LAUGHS.encode(), "declares XML entities"),
        ("xxe.docx", lambda: _docx_with(XXE.replace("FictionBook", "w:document").encode()), "declares XML entities"),
        ("empty.epub", lambda: bf.epub_book([("", [])]), "no text"),
        ("deep.fb2", lambda: _nested(FB2_OPEN, "<section>", "</section>", FB2_CLOSE), "levels deep"),
        ("deep.html", lambda: _nested("<html><body>", "<div>", "</div>", "</body></html>"), "levels deep"),
        ("deep.md", lambda: _nested("# Title\n\n", "<div>", "</div>", "\n"), "levels deep"),
        ("sheet.ods", lambda: _ods(), "spreadsheet"),
        ("paper.pdf", lambda: b"%PDF-1.7\n...", "is a PDF"),
    ],
    ids=lambda v: v if isinstance(v, str) and "." in v else "",
)
def test_refusals(project: Project, inputs: Path, name: str, make, says: str, capsys) -> None:
    src = inputs / name
    src.write_bytes(make())
    msg = refused(project, capsys, "import", str(src), "--doc", "book", "--lang", "en", code=2, extra=inputs)
    assert says in msg, msg


def _ods() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    return buf.getvalue()
