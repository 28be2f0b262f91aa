"""Loading texts exactly as stored, refusing what cannot be a text, importing other encodings.

The stored files are never rewritten: every offset the library hands out indexes the
decoded text of the file as it is on disk.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from align.errors import InputError, NotFoundError
from align.project import Project, check_doc_id, check_lang

MAX_TEXT_BYTES = 16 * 1024 * 1024  # about ten long books; larger files are refused, not truncated
# Encodings Russian and English texts are commonly found in, tried in this order.
LEGACY_ENCODINGS = ("cp1251", "koi8_r", "cp866", "mac_cyrillic", "cp1252")
_COMMON_RU = set("оеаинтсрвлкмдпуяызьгбчйхжшюцщэф")


@dataclass(frozen=True)
class Document:
    """One language side of a document: its id, language and exact text."""

    id: str
    lang: str
    text: str
    path: Path


def guess_encoding(data: bytes) -> str | None:
    """Best guess at the legacy encoding of bytes that are not UTF-8 (None when unknown)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    best, best_score = None, 0.0
    for enc in LEGACY_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        letters = sum(ch.isalpha() for ch in text)
        high = [ch for ch in text if ord(ch) > 127]
        common = sum(ch in _COMMON_RU for ch in high)
        if not high or common < 0.2 * letters:
            continue  # hardly any Russian letters: Latin text, or a wrong decoding
        # Right Cyrillic decodings turn most non-ASCII bytes into common lowercase letters;
        # near-miss ones (mac_cyrillic for cp1251) turn the capitals into symbols instead.
        score = common / len(high)
        if score > best_score:
            best, best_score = enc, score
    if best is not None:
        return best
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return None


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
    if controls > 0.01 * min(len(text), 65536):
        raise InputError(f"{name} looks binary (control characters), not a text file")
    return text


def read_text(path: Path) -> str:
    """Read a text file as stored, with checks; newlines are kept as they are on disk."""
    try:
        check_size(path.stat().st_size, str(path))
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a text file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    return decode_text(data, str(path))


def load(project: Project, doc_id: str, lang: str = "en") -> Document:
    """Load one side of a document from the project's texts folder."""
    path = project.text_path(doc_id, lang)
    if not path.is_file():
        raise NotFoundError(f"no document {doc_id!r} in {lang}: {path} does not exist")
    return Document(id=doc_id, lang=lang, text=read_text(path), path=path)


def import_text(
    project: Project,
    source: Path,
    doc_id: str,
    lang: str,
    encoding: str | None = None,
    title: str | None = None,
    force: bool = False,
) -> Path:
    """Copy a text file into texts/LANG/ID.txt as UTF-8, converting from `encoding` if given.

    Refuses to overwrite an existing text unless `force`, since texts are the originals
    that corrections point into.
    """
    check_doc_id(doc_id)
    check_lang(lang)
    try:
        check_size(source.stat().st_size, str(source))
        data = source.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror})") from None
    return import_text_bytes(project, data, str(source), doc_id, lang, encoding, title, force)


def import_text_bytes(
    project: Project,
    data: bytes,
    name: str,
    doc_id: str,
    lang: str,
    encoding: str | None = None,
    title: str | None = None,
    force: bool = False,
) -> Path:
    """`import_text` of bytes already read (an upload); `name` is what messages call them."""
    check_doc_id(doc_id)
    check_lang(lang)
    if encoding:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"{name}: cannot decode as {encoding} ({exc})") from None
        text = text.lstrip("\ufeff")
        decode_text(text.encode("utf-8"), name)  # same checks as for stored texts
    else:
        text = decode_text(data, name)
    target = project.text_path(doc_id, lang)
    if target.exists() and not force:
        raise InputError(f"{target} exists; texts are originals and are not overwritten (use --force to replace)")
    store_text(project, text, doc_id, lang, Path(name).name, title)
    return target


def store_text(project: Project, text: str, doc_id: str, lang: str, source_name: str, title: str | None) -> Path:
    """Write texts/LANG/ID.txt atomically, and the metadata file if the document has none yet."""
    target = project.text_path(doc_id, lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".txt.tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    os.replace(tmp, target)
    meta = project.meta_path(doc_id)
    if not meta.exists():
        # TOML basic strings accept JSON's escapes, so json.dumps writes valid values.
        meta.write_text(
            f"title = {json.dumps(title or doc_id, ensure_ascii=False)}\n"
            'source_language = "ru"\ntarget_language = "en"\n\n[provenance]\n'
            f"{lang} = {json.dumps(f'imported from {source_name}', ensure_ascii=False)}\n",
            encoding="utf-8",
        )
    return target
