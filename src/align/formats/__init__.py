"""Books in and out: importing DOCX, ODT, EPUB, FB2, HTML, Markdown and text, and writing
corrections back into the original file.

`import_book(project, source, doc_id, lang)` finds the format from the content (a zip's
members, an XML root, magic bytes; the extension only tells Markdown from plain text),
parses it with that format's module and stores, for a book (anything but plain text):

- `texts/LANG/ID.txt`: the text, one block (paragraph, heading, verse line, footnote…) a
  line, footnotes last: the stored original that corrections point into, as for any text;
- `texts/LANG/ID.structure.json`: the book's structure beside it: per line its kind,
  heading level, chapter, emphasis spans, note marks and its place in the original
  (`align.formats.model`), plus the chapters;
- `texts/originals/ID.LANG.EXT`: the original file, byte for byte.

Plain text goes through `align.document.import_text` as before (and leaves no structure).
Nothing stored is overwritten without `force`; every check runs before the first write,
so a refused file writes nothing; each file is written atomically.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from align import document
from align.errors import InputError, StorageError
from align.formats import epub, fb2, html, markdown, odt, word
from align.formats.model import Block, BlockKind, Book, Change, Chapter, Format, Tracked
from align.formats.safety import MAX_BOOK_BYTES, open_zip, read_member
from align.project import Project, check_doc_id, check_lang
from align.safe_io import write_atomic
from align.segment import paragraph_spans

__all__ = ["Book", "Block", "BlockKind", "Change", "Chapter", "Format", "Imported", "Tracked", "import_book",
           "load_book", "read_revised", "read_source", "sniff", "write_back", "structure_path", "WRITABLE"]

STRUCTURE_SUFFIX = ".structure.json"
ORIGINALS = "originals"
_SUFFIX = {Format.DOCX: "docx", Format.ODT: "odt", Format.EPUB: "epub", Format.FB2: "fb2", Format.HTML: "html",
           Format.MARKDOWN: "md"}
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


def structure_path(project: Project, doc_id: str, lang: str) -> Path:
    return project.texts_dir / check_lang(lang) / f"{check_doc_id(doc_id)}{STRUCTURE_SUFFIX}"


def _original_path(project: Project, doc_id: str, lang: str, fmt: Format, zipped: bool) -> Path:
    ext = _SUFFIX[fmt] + (".zip" if zipped else "")
    return project.texts_dir / ORIGINALS / f"{check_doc_id(doc_id)}.{check_lang(lang)}.{ext}"


def _xml_head(data: bytes) -> str:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore").lower()
    return head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n").lower()


def _sniff_zip(data: bytes, name: str) -> Format:
    zf = open_zip(data, name)
    names = set(zf.namelist())
    mimetype = read_member(zf, "mimetype", name).strip() if "mimetype" in names else b""
    if "word/document.xml" in names:
        return Format.DOCX
    if mimetype == b"application/epub+zip" or "META-INF/container.xml" in names and "content.xml" not in names:
        return Format.EPUB
    if mimetype == b"application/vnd.oasis.opendocument.text" or (not mimetype and "content.xml" in names):
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


def _atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)


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


def _remove_stale(project: Project, doc_id: str, lang: str) -> None:
    """After --force, a text imported as plain text must not keep an older book's structure."""
    structure_path(project, doc_id, lang).unlink(missing_ok=True)
    for old in (project.texts_dir / ORIGINALS).glob(f"{doc_id}.{lang}.*"):
        old.unlink()


def import_book(
    project: Project,
    source: Path | bytes,
    doc_id: str,
    lang: str,
    *,
    name: str | None = None,
    encoding: str | None = None,
    title: str | None = None,
    force: bool = False,
) -> Imported:
    """Import a file (a path, or the bytes of an upload called `name`) as one side of a document."""
    check_doc_id(doc_id)
    check_lang(lang)
    name = name or (str(source) if isinstance(source, Path) else "upload")
    if isinstance(source, Path) and source.is_file():
        with source.open("rb") as fh:
            head = fh.read(8192)
        if not head.startswith((b"PK", _OLE)) and sniff(head, name) is Format.TXT:
            path = document.import_text(project, source, doc_id, lang, encoding, title, force)
            _remove_stale(project, doc_id, lang)
            return Imported(Format.TXT, path)
    data = read_source(source, name)
    fmt = sniff(data, name)
    if fmt is Format.TXT:
        path = document.import_text_bytes(project, data, name, doc_id, lang, encoding, title, force)
        _remove_stale(project, doc_id, lang)
        return Imported(Format.TXT, path)
    book = _parse(fmt, data, name, encoding)
    if not book.blocks:
        raise InputError(f"{name} has no text to import (only images, or an empty {fmt.value})")
    text = book.text
    document.check_size(len(text.encode("utf-8")), name)
    target = project.text_path(doc_id, lang)
    original = _original_path(project, doc_id, lang, fmt, fmt is Format.FB2 and data.startswith(b"PK"))
    structure = structure_path(project, doc_id, lang)
    if not force:
        for path in (target, structure, original):
            if path.exists():
                raise InputError(f"{path} exists; texts are originals and are not overwritten (use --force to replace)")
    _remove_stale(project, doc_id, lang)
    _atomic(original, data)
    _atomic(structure, _structure_json(book, original, data, Path(name).name, project))
    document.store_text(project, text, doc_id, lang, Path(name).name, title or book.title or None)
    footnotes = sum(1 for b in book.blocks if b.kind is BlockKind.FOOTNOTE)
    return Imported(fmt, target, len(book.blocks), len(book.chapters), footnotes, original)


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
        return Book(Format(raw["format"]), [Block.from_dict(r, t.strip()) for r, t in zip(rows, lines)],
                    str(raw.get("title", "")))
    except (ValueError, KeyError, TypeError) as exc:
        raise StorageError(f"{path}: not a structure file ({exc})") from None


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
