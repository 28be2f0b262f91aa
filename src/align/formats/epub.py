"""EPUB 2 and 3: the XHTML documents of the spine, in reading order.

Read with the standard library's zipfile (through align.formats.safety) and lxml: the
container names the package document (OPF), whose spine orders the content documents.
EbookLib would do the same but is AGPL; what we need of it is forty lines. The navigation
document (EPUB 3 nav, the table of contents) is left out, and so is any spine item that is
not XHTML. Each content document starts a chapter; within it HTML's rules apply
(align.formats.html), footnotes included, wherever in the book their bodies are.

An EPUB whose META-INF/encryption.xml encrypts content (anything but font obfuscation), or
that carries Adobe's rights.xml, is DRM-protected and refused.

Write-back (`write_back`) edits the changed paragraphs inside their XHTML documents and
repacks the archive with every other member as it was.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from align.errors import InputError
from align.formats import html
from align.formats.model import Book, BookBuilder, Change, Format
from align.formats.safety import open_zip, parse_xml, read_member, repack
from align.formats.xmltext import apply_edits

_OPF = "{http://www.idpf.org/2007/opf}"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_ENC = "{http://www.w3.org/2001/04/xmlenc#}"
_FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
_XHTML_TYPES = {"application/xhtml+xml", "text/html"}


@dataclass(frozen=True)
class Package:
    title: str
    documents: list[str]  # zip member names of the spine's XHTML documents, in order
    rootfile: str  # the zip member name of the package document (OPF)


def _check_drm(zf: zipfile.ZipFile, name: str) -> None:
    names = set(zf.namelist())
    if "META-INF/rights.xml" in names:
        raise InputError(f"{name} is DRM-protected (META-INF/rights.xml); only DRM-free e-books can be imported")
    if "META-INF/encryption.xml" not in names:
        return
    enc = parse_xml(read_member(zf, "META-INF/encryption.xml", name), f"{name}: META-INF/encryption.xml")
    locked = [m.get("Algorithm") for m in enc.getroot().iter(f"{_ENC}EncryptionMethod")
              if m.get("Algorithm") not in _FONT_OBFUSCATION]
    if locked:
        raise InputError(f"{name} is DRM-protected ({len(locked)} encrypted file(s)); "
                         "only DRM-free e-books can be imported")


def package(zf: zipfile.ZipFile, name: str) -> Package:
    _check_drm(zf, name)
    container = parse_xml(read_member(zf, "META-INF/container.xml", name), f"{name}: META-INF/container.xml")
    rootfile = next((el.get("full-path") for el in container.getroot().iter() if el.tag.endswith("rootfile")), None)
    if not rootfile:
        raise InputError(f"{name}: META-INF/container.xml names no package document; the EPUB is corrupt")
    opf = parse_xml(read_member(zf, rootfile, name), f"{name}: {rootfile}").getroot()
    base = posixpath.dirname(rootfile)
    items = {}
    for item in opf.iter(f"{_OPF}item"):
        href = posixpath.normpath(posixpath.join(base, unquote(item.get("href", ""))))
        items[item.get("id")] = (href, item.get("media-type", ""), item.get("properties", "").split())
    docs = []
    for ref in opf.iter(f"{_OPF}itemref"):
        href, media, props = items.get(ref.get("idref"), ("", "", []))
        if media in _XHTML_TYPES and "nav" not in props and href:
            docs.append(href)
    if not docs:
        raise InputError(f"{name}: the package lists no XHTML documents in its spine; nothing to import")
    title = " ".join(w for t in opf.iter(_DC_TITLE) for w in "".join(t.itertext()).split())
    return Package(title, docs, rootfile)


def read(data: bytes, name: str) -> Book:
    zf = open_zip(data, name)
    pkg = package(zf, name)
    trees = {doc: parse_xml(read_member(zf, doc, name), f"{name}: {doc}") for doc in pkg.documents}
    targets: set[str] = set()
    for doc, tree in trees.items():
        targets |= html.explicit_note_targets(doc, tree.getroot())
    builder = BookBuilder(Format.EPUB, pkg.title)
    for doc, tree in trees.items():
        builder.boundary()
        html.HtmlReader(builder, doc, tree, targets).read(html.body_of(tree.getroot()))
    for doc, tree in trees.items():
        html.HtmlReader(builder, doc, tree, targets).notes(html.body_of(tree.getroot()))
    return builder.build()


def write_back(original: bytes, name: str, book: Book, edits: Mapping[int, Sequence[Change]]) -> bytes:
    """The original EPUB with the edits made inside the changed XHTML documents."""
    zf = open_zip(original, name)
    pkg = package(zf, name)
    trees: dict[str, etree._ElementTree] = {}
    targets: set[str] = set()
    for doc in pkg.documents:
        trees[doc] = parse_xml(read_member(zf, doc, name), f"{name}: {doc}")
        targets |= html.explicit_note_targets(doc, trees[doc].getroot())
    changed: set[str] = set()
    for k, block_edits in edits.items():
        block = book.blocks[k]
        part = block.at["part"]
        tree = trees.get(part)
        found = tree.xpath(block.at["path"]) if tree is not None else []
        if len(found) != 1:
            raise InputError(f"{name}: paragraph {k + 1} is no longer where it was imported from; re-import it")
        reader = html.HtmlReader(BookBuilder(Format.EPUB), part, tree, targets)
        if block.note:
            reader = html.NoteReader(reader.builder, part, tree, targets, block.note)
        apply_edits(found[0], reader.classify, block.text, block_edits, f"{name} paragraph {k + 1}")
        changed.add(part)
    replaced = {
        part: bytes(etree.tostring(trees[part], xml_declaration=True, encoding=trees[part].docinfo.encoding or "utf-8"))
        for part in changed
    }
    return repack(original, replaced)
