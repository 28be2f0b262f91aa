"""EPUB 2 and 3: the XHTML documents of the spine, in reading order.

Read with the standard library's zipfile (through align.formats.safety) and lxml: the
container names the package document (OPF), whose spine orders the content documents.
EbookLib would do the same but is AGPL; what we need of it is a few dozen lines. Any spine item
that is not XHTML is left out, and so is the navigation document's text. Each content document
starts a chapter; within it HTML's rules apply (align.formats.html), footnotes included, wherever in
the book their bodies are, and emphasis by class too, from the stylesheets each document links to.

The table of contents (EPUB 3's navigation document, else EPUB 2's NCX) names where chapters start.
Where it points at a paragraph (or up to three in a row) whose text is its entry's title, those are
headings of the entry's depth: publishing tools (LibreOffice's EPUB export, InDesign, Calibre) often
write a chapter title as a styled `<p>`, so the chapter keeps its title. A table of contents that
cannot be read adds nothing; the book is read without it.

An EPUB whose META-INF/encryption.xml encrypts content (anything but font obfuscation), or
that carries Adobe's rights.xml, is DRM-protected and refused.

Write-back (`write_back`) edits the changed paragraphs inside their XHTML documents and
repacks the archive with every other member as it was.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from lxml import etree

from align.errors import InputError
from align.formats import css, html
from align.formats.model import BlockKind, Book, BookBuilder, Change, Format
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
    toc: str = ""  # the zip member name of the EPUB 3 navigation document, else of the EPUB 2 NCX, else ""


class TocEntry(NamedTuple):
    """One entry of the table of contents: the id it points at in its document ("" for the top), its title and
    how deep it is (1 for a top-level entry)."""

    fragment: str
    title: str
    depth: int


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
    ncx = next((items.get(sp.get("toc"), ("",))[0] for sp in opf.iter(f"{_OPF}spine")), "")
    nav = next((href for href, _, props in items.values() if "nav" in props), "")
    return Package(title, docs, rootfile, nav or ncx)


def read(data: bytes, name: str) -> Book:
    zf = open_zip(data, name)
    pkg = package(zf, name)
    trees = {doc: parse_xml(read_member(zf, doc, name), f"{name}: {doc}") for doc in pkg.documents}
    targets: set[str] = set()
    for doc, tree in trees.items():
        targets |= html.explicit_note_targets(doc, tree.getroot())
    sheets = _Sheets(zf, name)
    classes = {doc: css.class_styles(html.stylesheets(tree.getroot(), doc, sheets.text)) for doc, tree in trees.items()}
    toc = _toc(zf, pkg, name)
    builder = BookBuilder(Format.EPUB, pkg.title)
    for doc, tree in trees.items():
        builder.boundary()
        start = len(builder.body)
        html.HtmlReader(builder, doc, tree, targets, classes[doc]).read(html.body_of(tree.getroot()))
        _titles_as_headings(builder, start, tree, toc.get(doc, []))
    for doc, tree in trees.items():
        html.HtmlReader(builder, doc, tree, targets, classes[doc]).notes(html.body_of(tree.getroot()))
    return builder.build()


@dataclass
class _Sheets:
    """The book's stylesheets by member name, each read once however many documents link it."""

    zf: zipfile.ZipFile
    name: str
    read: dict[str, str | None] = field(default_factory=dict)

    def text(self, member: str) -> str | None:
        if member not in self.read:
            known = member in self.zf.namelist()
            self.read[member] = read_member(self.zf, member, self.name).decode("utf-8", "replace") if known else None
        return self.read[member]


def _toc(zf: zipfile.ZipFile, pkg: Package, name: str) -> dict[str, list[TocEntry]]:
    """The table of contents' entries by the document they point into, in its order; {} without a readable one."""
    if not pkg.toc or pkg.toc not in zf.namelist():
        return {}
    try:
        root = parse_xml(read_member(zf, pkg.toc, name), f"{name}: {pkg.toc}").getroot()
    except InputError:
        return {}
    out: dict[str, list[TocEntry]] = {}
    links = _ncx_links(root) if html.local(root.tag) == "ncx" else _nav_links(root)
    for href, title, depth in links:
        u = urlsplit(href)
        if title and u.path and not (u.scheme or u.netloc):
            doc = posixpath.normpath(posixpath.join(posixpath.dirname(pkg.toc), unquote(u.path)))
            out.setdefault(doc, []).append(TocEntry(unquote(u.fragment), title, depth))
    return out


def _nav_links(root: etree._Element) -> Iterator[tuple[str, str, int]]:
    """EPUB 3: the links of the `<nav epub:type="toc">` (else the first nav), with their depth in its lists."""
    navs = [el for el in root.iter() if html.local(el.tag) == "nav"]
    toc = next((n for n in navs if "toc" in html.semantics(n)), navs[0] if navs else None)
    for a in toc.iter() if toc is not None else ():
        if html.local(a.tag) == "a" and a.get("href"):
            depth = sum(1 for up in a.iterancestors() if html.local(up.tag) in ("ol", "ul"))
            yield a.get("href", ""), " ".join("".join(a.itertext()).split()), max(depth, 1)


def _ncx_links(root: etree._Element) -> Iterator[tuple[str, str, int]]:
    """EPUB 2: each navPoint's content link and label, with its depth among navPoints."""
    for point in root.iter():
        if html.local(point.tag) != "navpoint":
            continue
        label = next((el for el in point if html.local(el.tag) == "navlabel"), None)
        content = next((el for el in point if html.local(el.tag) == "content"), None)
        if label is not None and content is not None:
            depth = 1 + sum(1 for up in point.iterancestors() if html.local(up.tag) == "navpoint")
            yield content.get("src", ""), " ".join("".join(label.itertext()).split()), depth


_NEAR = 200  # elements looked through from where an entry points for its title's paragraph
_HEADING_PARTS = 3  # a title split over a few paragraphs ("ГЛАВА ПЕРВАЯ", "Детство") is still one title


def _titles_as_headings(builder: BookBuilder, start: int, tree: etree._ElementTree, entries: list[TocEntry]) -> None:
    """Make the paragraphs each table of contents entry titles (read from `start` on) headings of its depth."""
    paths = {b.at["path"]: k for k, (b, _) in enumerate(builder.body[start:], start)}
    if not paths or not entries:
        return
    root = tree.getroot()
    ids = {el.get("id"): el for el in root.iter() if el.get("id")} if any(e.fragment for e in entries) else {}
    for entry in entries:
        el = ids.get(entry.fragment) if entry.fragment else html.body_of(root)
        k = _block_at(tree, el, paths) if el is not None else None
        if k is None:
            continue
        title, text = _folded(entry.title), ""
        for n in range(k, min(k + _HEADING_PARTS, len(builder.body))):
            block = builder.body[n][0]
            if block.kind not in (BlockKind.PARAGRAPH, BlockKind.HEADING):
                break
            text = f"{text} {_folded(block.text)}".strip()
            if not title.startswith(text):
                break
            if text == title:
                for m in range(k, n + 1):
                    builder.make_heading(m, entry.depth)
                break


def _block_at(tree: etree._ElementTree, el: etree._Element, paths: dict[str, int]) -> int | None:
    """The block an element is in (an anchor inside a paragraph) or, failing that, the first block inside it
    within `_NEAR` elements of it (a title stands at the start of what its entry points at; and a bound keeps
    a table of contents of many entries into one long document linear)."""
    for node in chain(el.iterancestors(), islice(el.iter(), _NEAR)):
        k = paths.get(tree.getpath(node))
        if k is not None:
            return k
    return None


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


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
            reader = html.NoteReader(reader.builder, part, tree, targets, nid=block.note)
        apply_edits(found[0], reader.classify, block.text, block_edits, f"{name} paragraph {k + 1}")
        changed.add(part)
    replaced = {
        part: bytes(etree.tostring(trees[part], xml_declaration=True, encoding=trees[part].docinfo.encoding or "utf-8"))
        for part in changed
    }
    return repack(original, replaced)
