"""Loading texts exactly as stored, refusing what cannot be a text, importing other encodings.

The stored files are never rewritten: every offset the library hands out indexes the
decoded text of the file as it is on disk. So a stored text that starts with a byte-order
mark keeps it as character 0 (offsets recorded against it stay valid) and segmentation
leaves it out of the first sentence; `import` strips it, so new texts never start with one.
Texts are regular files inside texts/ (no symbolic links) holding no control characters
(align.hygiene). A line ends at LF, CR LF or CR only (`lines`): paragraphs, files of one
sentence per line and manifests all split there, never at U+2028/U+2029 as `str.splitlines` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from align.errors import InputError, NotFoundError
from align.hygiene import check_text
from align.project import Project
from align.safe_io import inside, read_regular, write_atomic
from align.schema import toml_string

_LINE_END = re.compile(r"\r\n|\r|\n")
MAX_TEXT_BYTES = 16 * 1024 * 1024  # about ten long books; larger files are refused, not truncated
# Encodings Russian and English texts are commonly found in: the only ones guessed.
LEGACY_ENCODINGS = ("cp1251", "koi8_r", "cp866", "mac_cyrillic", "cp1252", "utf_16", "utf_32")
BINARY_CONTROLS = 8  # more control characters than this (and over 1%) and a file is not a text
_SNIFF_BYTES = 256 * 1024  # enough of a book to tell its encoding, quick to examine


@dataclass(frozen=True)
class Document:
    """One language side of a document: its id, language and exact text."""

    id: str
    lang: str
    text: str
    path: Path


def guess_encoding(data: bytes) -> str | None:
    """Best guess at the legacy encoding of bytes that are not UTF-8 (None when unknown).

    charset-normalizer decides, among the encodings Russian and English texts are found in;
    bytes that read as none of them (random data) get no guess rather than a wrong one.
    """
    best = charset_normalizer.from_bytes(data[:_SNIFF_BYTES], cp_isolation=list(LEGACY_ENCODINGS)).best()
    return None if best is None else best.encoding


def check_size(size: int, name: str) -> None:
    """Refuse a text over MAX_TEXT_BYTES (checked before reading, so a huge file is not loaded)."""
    if size > MAX_TEXT_BYTES:
        raise InputError(
            f"{name} is {size / 1e6:.1f} MB; the workbench takes texts up to "
            f"{MAX_TEXT_BYTES / 1e6:.0f} MB (split the book into documents)"
        )


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 text or raise InputError saying why not (empty, binary, other encoding, too big)."""
    check_size(len(data), name)
    if not data.strip():
        raise InputError(f"{name} is empty")
    guessed_utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data[:65536] and not guessed_utf16:
        raise InputError(f"{name} looks binary (it contains NUL bytes), not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        enc = guess_encoding(data)
        hint = f" (it looks like {enc})" if enc else ""
        fix = f" --encoding {enc}" if enc else " --encoding ENCODING"
        raise InputError(
            f"{name} is not UTF-8{hint}; convert it with: python -m align import {name} "
            f"--doc ID --lang LANG{fix}"
        ) from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(BINARY_CONTROLS, 0.01 * min(len(text), 65536)):
        raise InputError(f"{name} looks binary (control characters), not a text file")
    return check_text(text, name)  # one stray control character: named with its line and column


def read_text(path: Path) -> str:
    """Read a regular text file as stored, with checks; newlines are kept as they are on disk.

    A symbolic link is refused (align.safe_io), not followed.
    """
    return decode_text(read_regular(path, lambda size: check_size(size, str(path))), str(path))


def lines(text: str) -> Iterator[str]:
    """The lines of `text` with their line breaks: LF, CR LF or CR end a line, as in universal newlines.

    Not str.splitlines, which also breaks at U+2028 and U+2029: a text holding them lost them from
    every export (each side of one became a paragraph of its own) while `apply` kept them.
    """
    pos = 0
    for m in _LINE_END.finditer(text):
        yield text[pos : m.end()]
        pos = m.end()
    if pos < len(text):
        yield text[pos:]


def split_lines(text: str) -> list[str]:
    """The `lines` of `text` without their line breaks."""
    return [line.rstrip("\r\n") for line in lines(text)]


def read_lines(path: Path) -> list[str]:
    """A file of one sentence per line (`read_text`), as its lines without their line breaks."""
    return split_lines(read_text(path))


def load(project: Project, doc_id: str, lang: str = "en") -> Document:
    """Load one side of a document from the project's texts folder."""
    path = project.text_path(doc_id, lang)
    if not path.exists() and not path.is_symlink():
        raise NotFoundError(f"no document {doc_id!r} in {lang}: {path} does not exist")
    inside(path.parent, project.texts_dir)  # texts/en itself may not lead out of the project
    return Document(id=doc_id, lang=lang, text=read_text(path), path=path)


def import_text(data: bytes, name: str, encoding: str | None = None) -> str:
    """The text a plain-text file (`data`, called `name` in messages) is imported as: decoded from `encoding`
    if given, else UTF-8, through the checks stored texts pass, without a byte-order mark."""
    if encoding:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"{name}: cannot decode as {encoding} ({exc})") from None
        text = text.lstrip("\ufeff")
        decode_text(text.encode("utf-8"), name)  # same checks as for stored texts
        return text
    return decode_text(data, name).removeprefix("\ufeff")  # a BOM is not part of the text


def write_meta(project: Project, doc_id: str, lang: str, source_name: str, title: str | None) -> None:
    """Write the document's metadata file atomically if it has none yet (a first import)."""
    meta = project.meta_path(doc_id)
    if not meta.exists():
        write_atomic(meta, (
            f"title = {toml_string(title or doc_id)}\n"
            'source_language = "ru"\ntarget_language = "en"\n\n[provenance]\n'
            f"{lang} = {toml_string(f'imported from {source_name}')}\n"
        ).encode())
