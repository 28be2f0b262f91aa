"""Books in and out: importing DOCX, ODT, EPUB, FB2, HTML, Markdown and text, and writing
corrections back into the original file.

`import_book(project, source, doc_id, lang)` finds the format from the content (a zip's
members, an XML root, magic bytes; the extension only tells Markdown from plain text),
parses it with that format's module and stores, for a book (anything but plain text):

- `texts/LANG/ID.txt`: the text, one block (paragraph, heading, verse line, footnote…) a
  line, footnotes last: the stored original that corrections point into, as for any text;
- `texts/LANG/ID.structure.json`: the book's structure beside it: per line its kind,
  heading level, chapter, emphasis spans, note marks, its place in the original and the
  manuscript's comments on it (`align.formats.model`: `Remark`s, at most MAX_REMARKS a book of at
  most MAX_REMARK_TEXT characters each, the rest cut and counted), plus the chapters;
- `texts/originals/ID.LANG.EXT`: the original file, byte for byte.

Plain text is decoded by `align.document.import_text` (and leaves no structure).
Every check runs first (`prepare_import`: a character no text may hold, in the text or in a
comment, is refused as in a plain text, align.hygiene), so a refused file writes nothing; the files are
then written as temporary files beside their places (`stage`: a full disk stops it there,
nothing stored) and renamed into place together (`Staged.commit`, through a journal that
finishes the renames after a crash: align.formats.journal). `import_book` stores a
new side only: a side stored already is replaced through align.editions, which keeps it.

`load_book` reads a stored structure back (with each block's text from the .txt), and
`write_back` makes changes inside a copy of the original (DOCX and ODT tracked or clean,
EPUB, FB2), for the exporters. `read_revised` reads a revised copy of a book (any of these
formats) the way import would, through the same checks, without storing anything: a DOCX
or ODT with tracked changes pending reads as if every change were accepted, each block
saying where its changes are, by whom and when (align.corrections.revision compares it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from align import document
from align.errors import InputError, StorageError
from align.formats import epub, fb2, html, journal, markdown, odt, word
from align.formats.model import (
    CUT_MARK,
    MAX_REMARK_NAME,
    MAX_REMARK_TEXT,
    MAX_REMARKS,
    Block,
    BlockKind,
    Book,
    Change,
    Chapter,
    Format,
    Remark,
    Tracked,
)
from align.formats.places import SUFFIX, original_path, side_files, side_places, structure_path
from align.formats.safety import MAX_BOOK_BYTES, open_zip, read_member
from align.hygiene import check_text
from align.project import Project, check_doc_id, check_lang
from align.safe_io import stage as stage_file
from align.segment import paragraph_spans

__all__ = ["Book", "Block", "BlockKind", "Change", "Chapter", "Format", "Imported", "Prepared", "Remark", "Staged",
           "Tracked", "import_book", "load_book", "prepare_import", "read_revised", "read_source", "refuse_existing",
           "side_files", "side_places", "sniff", "stage", "write_back", "structure_path", "WRITABLE"]

WRITABLE = {Format.DOCX, Format.ODT, Format.EPUB, Format.FB2}  # formats whose original can take corrections back
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")


@dataclass(frozen=True)
class Imported:
    format: Format
    text_path: Path
    paragraphs: int = 0
    chapters: int = 0
    footnotes: int = 0
    original: Path | None = None
    remarks: int = 0  # the manuscript's comments kept
    remarks_cut: int = 0  # ...of which cut to MAX_REMARK_TEXT characters
    remarks_left_out: int = 0  # comments beyond MAX_REMARKS, not kept

    def said(self) -> str:
        """What a book's import kept, for its report line: paragraphs, chapters, footnotes and comments."""
        cut = [f"{self.remarks_cut} cut to {MAX_REMARK_TEXT:,} characters"] if self.remarks_cut else []
        cut += [f"{self.remarks_left_out} beyond {MAX_REMARKS:,} left out"] if self.remarks_left_out else []
        return (f"{self.paragraphs} paragraphs in {self.chapters} chapter(s), {self.footnotes} footnote paragraph(s), "
                f"{self.remarks} comment(s)" + (f" ({', '.join(cut)})" if cut else ""))


def _xml_head(data: bytes) -> str:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore").lower()
    return head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n").lower()


# OpenDocument types whose body is office:text: a text, its template, and the text-web type LibreOffice gives a
# document first opened from HTML and saved as ODT (a master document's chapters live in other files: refused)
_ODF_TEXT = {f"application/vnd.oasis.opendocument.{kind}".encode() for kind in ("text", "text-template", "text-web")}


def _sniff_zip(data: bytes, name: str) -> Format:
    zf = open_zip(data, name)
    names = set(zf.namelist())
    mimetype = read_member(zf, "mimetype", name).strip() if "mimetype" in names else b""
    if "word/document.xml" in names:
        return Format.DOCX
    if mimetype == b"application/epub+zip" or "META-INF/container.xml" in names and "content.xml" not in names:
        return Format.EPUB
    if mimetype in _ODF_TEXT or (not mimetype and "content.xml" in names):
        return Format.ODT
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        kind = mimetype.decode("ascii", "replace").rpartition(".")[2]
        raise InputError(f"{name} is an OpenDocument {kind}, not a text document")
    if any(n.lower().endswith(".fb2") for n in names):
        return Format.FB2
    raise InputError(f"{name} is a zip archive but not a DOCX, ODT, EPUB or zipped FB2")


def sniff(data: bytes, name: str) -> Format:
    """The format of a file from its content (the extension only tells Markdown from text)."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data, name)
    if data.startswith(_OLE):
        if _ENCRYPTED_OOXML in data:
            raise InputError(f"{name} is password-protected; remove the password in Word and import it again")
        raise InputError(f"{name} is an old binary Office file (.doc); save it as .docx and import that")
    if data.startswith(b"%PDF"):
        raise InputError(f"{name} is a PDF; export it from its source program as DOCX, EPUB or text")
    if data.startswith(b"{\\rtf"):
        raise InputError(f"{name} is an RTF file; save it as .docx and import that")
    head = _xml_head(data)
    if head.startswith("<"):
        if "<fictionbook" in head:
            return Format.FB2
        if "<html" in head or "<!doctype html" in head or name.lower().endswith((".html", ".htm", ".xhtml")):
            return Format.HTML
    if name.lower().endswith((".md", ".markdown")):
        return Format.MARKDOWN
    return Format.TXT


def _parse(fmt: Format, data: bytes, name: str, encoding: str | None, accepted: bool = False) -> Book:
    """The book in `data`; `accepted`: tracked changes (DOCX, ODT) read as accepted instead of refused."""
    if fmt is Format.DOCX:
        return word.read(data, name, accepted)
    if fmt is Format.ODT:
        return odt.read(data, name, accepted)
    if fmt is Format.EPUB:
        return epub.read(data, name)
    if fmt is Format.FB2:
        return fb2.read(fb2.unpack(data, name) if data.startswith(b"PK") else data, name)
    if fmt is Format.HTML:
        return html.read(data, name, encoding)
    return markdown.read(data, name, encoding)


def read_source(source: Path | bytes, name: str) -> bytes:
    """The bytes of a file (or of an upload, checked), refused over MAX_BOOK_BYTES or unreadable, as import reads it."""
    if isinstance(source, bytes):
        data = source
    else:
        try:
            size = source.stat().st_size
            if size > MAX_BOOK_BYTES:
                raise InputError(f"{name} is {size / 1e6:.1f} MB; books up to {MAX_BOOK_BYTES / 1e6:.0f} MB "
                                 "can be imported")
            data = source.read_bytes()
        except IsADirectoryError:
            raise InputError(f"{name} is a folder, not a file") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    if len(data) > MAX_BOOK_BYTES:
        raise InputError(f"{name} is {len(data) / 1e6:.1f} MB; books up to {MAX_BOOK_BYTES / 1e6:.0f} MB "
                         "can be imported")
    return data


def _structure_json(book: Book, original: Path, data: bytes, source_name: str, project: Project) -> bytes:
    doc: dict[str, Any] = {
        "version": 1,
        "format": book.format.value,
        "title": book.title,
        "source": source_name,
        "original": original.relative_to(project.texts_dir).as_posix(),
        "original_sha256": hashlib.sha256(data).hexdigest(),
        "chapters": [{"title": c.title, "first": c.first, "end": c.end} for c in book.chapters],
        "blocks": [b.to_dict() for b in book.blocks],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def refuse_existing(project: Project, doc_id: str, lang: str) -> None:
    """InputError when one side of a document is stored already: texts are originals, not overwritten."""
    stored = side_files(project, doc_id, lang)
    if stored:
        raise InputError(f"{stored[0]} exists; texts are originals and are not overwritten (replace it with --force, "
                         "signed in as an editor, and the stored one is kept as an edition)")


@dataclass(frozen=True)
class Prepared:
    """A file read, checked and parsed for import, nothing stored yet: the files its side will be, each with its
    bytes (the text last), and what `Imported` will say."""

    doc_id: str
    lang: str
    source_name: str  # the file's name, without its folders
    title: str | None
    files: tuple[tuple[Path, bytes], ...]
    imported: Imported


def _read(source: Path | bytes, name: str) -> bytes:
    """The bytes of `source`; a plain-text file over the text limit is refused before it is read."""
    if isinstance(source, Path) and source.is_file():
        with source.open("rb") as fh:
            head = fh.read(8192)
        if not head.startswith((b"PK", _OLE)) and sniff(head, name) is Format.TXT:
            document.check_size(source.stat().st_size, name)
    return read_source(source, name)


def prepare_import(
    project: Project,
    source: Path | bytes,
    doc_id: str,
    lang: str,
    *,
    name: str | None = None,
    encoding: str | None = None,
    title: str | None = None,
) -> Prepared:
    """Read, check and parse a file (a path, or the bytes of an upload called `name`) for import as one side of a
    document, writing nothing: every refusal comes from here, before anything is stored."""
    check_doc_id(doc_id)
    check_lang(lang)
    check_text(title or "", "the title")
    name = name or (str(source) if isinstance(source, Path) else "upload")
    source_name = Path(name).name
    target = project.text_path(doc_id, lang)
    data = _read(source, name)
    fmt = sniff(data, name)
    if fmt is Format.TXT:
        text = document.import_text(data, name, encoding)
        return Prepared(doc_id, lang, source_name, title, ((target, text.encode("utf-8")),), Imported(fmt, target))
    book = _parse(fmt, data, name, encoding)
    if not book.blocks:
        raise InputError(f"{name} has no text to import (only images, or an empty {fmt.value})")
    text = book.text
    document.check_size(len(text.encode("utf-8")), name)
    check_text(text, f"the text of {name}")
    book, cut, left_out = _kept_remarks(book, name)
    zipped = fmt is Format.FB2 and data.startswith(b"PK")
    original = original_path(project, doc_id, lang, SUFFIX[fmt] + (".zip" if zipped else ""))
    files = ((original, data), (structure_path(project, doc_id, lang),
                                _structure_json(book, original, data, source_name, project)),
             (target, text.encode("utf-8")))
    footnotes = sum(1 for b in book.blocks if b.kind is BlockKind.FOOTNOTE)
    kept = sum(len(b.remarks) for b in book.blocks)
    done = Imported(fmt, target, len(book.blocks), len(book.chapters), footnotes, original, kept, cut, left_out)
    return Prepared(doc_id, lang, source_name, title or book.title or None, files, done)


def _cut(text: str, limit: int) -> str:
    """`text`, or its first characters ending with CUT_MARK, `limit` characters in all."""
    return text if len(text) <= limit else text[: limit - len(CUT_MARK)] + CUT_MARK


def _kept_remarks(book: Book, name: str) -> tuple[Book, int, int]:
    """The book with the comments kept (the first MAX_REMARKS, a text cut to MAX_REMARK_TEXT characters, an author
    or date to MAX_REMARK_NAME), how many texts were cut and how many comments left out; InputError for a
    comment holding a character no text may hold (as in the text)."""
    blocks, cut, room = [], 0, MAX_REMARKS
    for k, b in enumerate(book.blocks):
        if not b.remarks:
            blocks.append(b)
            continue
        kept = b.remarks[:room]
        room -= len(kept)
        for r in kept:
            check_text(f"{r.author} {r.date} {r.text}", f"{name}: the comment by {r.author or 'no one'} on "
                                                        f"paragraph {k + 1}")
        cut += sum(len(r.text) > MAX_REMARK_TEXT for r in kept)
        blocks.append(replace(b, remarks=tuple(
            replace(r, author=_cut(r.author, MAX_REMARK_NAME), date=_cut(r.date, MAX_REMARK_NAME),
                    text=_cut(r.text, MAX_REMARK_TEXT)) for r in kept)))
    left_out = sum(len(b.remarks) for b in book.blocks) - (MAX_REMARKS - room)
    return replace(book, blocks=blocks), cut, left_out


@dataclass(frozen=True)
class Staged:
    """A prepared import written beside its places as temporary files (`stage`), to be put in place together."""

    project: Project
    prepared: Prepared
    temporary: tuple[tuple[Path, Path], ...]  # (temporary file, where it goes)

    def discard(self) -> None:
        """Remove the temporary files: nothing was stored."""
        for tmp, _ in self.temporary:
            tmp.unlink(missing_ok=True)

    def commit(self) -> Imported:
        """Put the files in place together (align.formats.journal: a crash midway is finished later, never left a
        mix of old and new files) and write the metadata of a new document."""
        p = self.prepared
        plan = journal.Plan(p.doc_id, p.lang, p.source_name, p.title, self.temporary)
        try:
            journal.begin(self.project, plan)
        except BaseException:
            self.discard()
            raise
        journal.carry_out(self.project, plan)
        return p.imported


def stage(project: Project, prepared: Prepared) -> Staged:
    """Write a prepared import's files as temporary files beside their places (fsync'ed); a full disk stops it
    here, the temporary files removed and nothing stored."""
    done: list[tuple[Path, Path]] = []
    try:
        for path, data in prepared.files:
            path.parent.mkdir(parents=True, exist_ok=True)
            done.append((stage_file(path, data), path))
    except BaseException:
        Staged(project, prepared, tuple(done)).discard()
        raise
    return Staged(project, prepared, tuple(done))


def import_book(
    project: Project,
    source: Path | bytes,
    doc_id: str,
    lang: str,
    *,
    name: str | None = None,
    encoding: str | None = None,
    title: str | None = None,
) -> Imported:
    """Import a file (a path, or the bytes of an upload called `name`) as a new side of a document; a side stored
    already is refused (align.editions replaces one, keeping it)."""
    prepared = prepare_import(project, source, doc_id, lang, name=name, encoding=encoding, title=title)
    refuse_existing(project, doc_id, lang)
    return stage(project, prepared).commit()


def read_revised(data: bytes, name: str) -> Book:
    """A revised copy of a book (the bytes of a file called `name`) as blocks, normalised as import stores them
    (plain text: one block a non-blank line), its tracked changes read as accepted; refused as import refuses a
    file (size, zip bombs, entities…)."""
    data = read_source(data, name)
    fmt = sniff(data, name)
    if fmt is Format.TXT:
        text = document.decode_text(data, name)
        return Book(Format.TXT, [Block(BlockKind.PARAGRAPH, text[s:e], {})
                                 for s, e in paragraph_spans(text)])
    book = _parse(fmt, data, name, None, accepted=True)
    document.check_size(len(book.text.encode("utf-8")), name)
    return book


def load_book(project: Project, doc_id: str, lang: str) -> Book | None:
    """The stored structure of one side of a document (None when it was imported as plain text)."""
    path = structure_path(project, doc_id, lang)
    if not path.is_file():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        lines = [line for line in document.lines(document.load(project, doc_id, lang).text) if line.strip()]
        rows = raw["blocks"]
        if len(rows) != len(lines) or any(int(r["len"]) != len(t.strip()) for r, t in zip(rows, lines)):
            raise StorageError(f"{project.text_path(doc_id, lang)} no longer matches {path}: "
                               "re-import the original with --force")
        book = Book(Format(raw["format"]), [_block(k, r, t.strip()) for k, (r, t) in enumerate(zip(rows, lines))],
                    str(raw.get("title", "")))
        if sum(len(b.remarks) for b in book.blocks) > MAX_REMARKS:
            raise ValueError(f"more than {MAX_REMARKS} comments")
        return book
    except (ValueError, KeyError, TypeError) as exc:
        raise StorageError(f"{path}: not a structure file ({exc})") from None


def _block(k: int, row: dict[str, Any], text: str) -> Block:
    """Block k of a structure file; ValueError naming the block."""
    try:
        return Block.from_dict(row, text)
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"block {k + 1}: {exc}") from None


def original_of(project: Project, doc_id: str, lang: str) -> tuple[bytes, str]:
    """The stored original file's bytes and name."""
    path = structure_path(project, doc_id, lang)
    raw = json.loads(path.read_text(encoding="utf-8"))
    original = project.texts_dir / raw["original"]
    try:
        return original.read_bytes(), original.name
    except OSError as exc:
        raise StorageError(f"cannot read the original {original}: {exc.strerror}") from None


def write_back(project: Project, doc_id: str, lang: str, book: Book, changes: Mapping[int, Sequence[Change]],
               tracked: bool = False) -> bytes:
    """A copy of the stored original with `changes` (by block index) made inside it."""
    if book.format not in WRITABLE:
        raise InputError(f"{doc_id} was imported from {book.format.value}; corrections cannot be written back into it")
    data, name = original_of(project, doc_id, lang)
    if book.format is Format.DOCX:
        return word.write_back(data, name, book, changes, tracked)
    if book.format is Format.ODT:
        return odt.write_back(data, name, book, changes, tracked)
    writer = epub.write_back if book.format is Format.EPUB else fb2.write_back
    return writer(data, name, book, changes)
