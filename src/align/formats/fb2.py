"""FictionBook 2 (FB2, the common Russian e-book format; also zipped as .fb2.zip).

The main `<body>` is read in order: its title and each `<section>`'s `<title>` become
headings (level = nesting depth, the book title 1), `<subtitle>` a heading one level
lower, `<p>` paragraphs, `<epigraph>` and `<cite>` quotes, `<poem>`'s `<v>` verse lines;
`<empty-line/>` and images are left out. Every top-level section starts a chapter.
Footnotes live in the `<body name="notes">` as sections with an id; the links to them
(`<a l:href="#n1" type="note">`) leave the running text and are kept as note marks.
Inline `<emphasis>`, `<strong>`, `<strikethrough>`, `<sub>`, `<sup>`, `<code>` are spans.

Write-back (`write_back`) edits the text inside the original elements and re-serialises
the XML in its own encoding; the stylesheet, binaries and description are untouched.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence

from lxml import etree

from align.errors import InputError
from align.formats.model import BlockKind, Book, BookBuilder, Change, Format, Style
from align.formats.safety import open_zip, parse_xml, read_member, repack
from align.formats.xmltext import INLINE, SKIP, Act, Rule, apply_edits, collect

FB = "{http://www.gribuser.ru/xml/fictionbook/2.0}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_STYLES = {"emphasis": Style.ITALIC, "strong": Style.BOLD, "strikethrough": Style.STRIKE, "sub": Style.SUB,
           "sup": Style.SUP, "code": Style.CODE}
_NOTE_BODIES = ("notes", "comments")


def _local(el: etree._Element) -> str:
    return el.tag.rpartition("}")[2] if isinstance(el.tag, str) else ""


def _href(el: etree._Element) -> str:
    for key, value in el.attrib.items():
        if key.endswith("href"):
            return str(value)
    return ""


def unpack(data: bytes, name: str) -> bytes:
    """The FB2 inside a .fb2.zip (exactly one .fb2 member)."""
    zf = open_zip(data, name)
    members = [n for n in zf.namelist() if n.lower().endswith(".fb2")]
    if len(members) != 1:
        raise InputError(f"{name} is a zip archive with {len(members)} .fb2 files; expected exactly one")
    return read_member(zf, members[0], name)


class _Reader:
    def __init__(self, tree: etree._ElementTree, builder: BookBuilder, notes: set[str]) -> None:
        self.tree = tree
        self.builder = builder
        self.notes = notes

    def classify(self, el: etree._Element) -> Rule:
        tag = _local(el)
        if tag in _STYLES:
            return Rule(Act.INLINE, _STYLES[tag])
        if tag == "a":
            target = _href(el).lstrip("#")
            if el.get("type") == "note" or target in self.notes:
                return Rule(Act.NOTE, note=target)
            return INLINE
        if tag == "image":
            return SKIP
        return INLINE

    def add(self, kind: BlockKind, el: etree._Element, level: int = 0) -> None:
        self.builder.add(kind, collect(el, self.classify)[0], {"path": self.tree.getpath(el)}, level)

    def read(self, el: etree._Element, depth: int, kind: BlockKind = BlockKind.PARAGRAPH) -> None:
        for child in el:
            tag = _local(child)
            if tag == "title":
                for p in child:
                    if _local(p) == "p":
                        self.add(BlockKind.HEADING, p, depth)
            elif tag == "subtitle":
                self.add(BlockKind.HEADING, child, depth + 1)
            elif tag == "section":
                if depth == 1:
                    self.builder.boundary()
                self.read(child, depth + 1, kind)
            elif tag in ("epigraph", "cite"):
                self.read(child, depth, BlockKind.QUOTE)
            elif tag in ("poem", "stanza"):
                self.read(child, depth, BlockKind.VERSE)
            elif tag in ("p", "v", "text-author"):
                self.add(kind, child)
            elif tag in ("table", "tr"):
                self.read(child, depth, kind)
            elif tag in ("td", "th"):
                self.add(kind, child)

    def footnotes(self, body: etree._Element) -> None:
        for section in body.iter(f"{FB}section"):
            nid = section.get("id")
            if not nid:
                continue
            for p in section.iter(f"{FB}p", f"{FB}v"):
                if any(_local(a) == "title" for a in p.iterancestors()):
                    continue  # the note's number
                self.builder.add_footnote(nid, collect(p, self.classify)[0], {"path": self.tree.getpath(p)})


def parse(data: bytes, name: str) -> etree._ElementTree:
    tree = parse_xml(data, name)
    if _local(tree.getroot()) != "FictionBook":
        raise InputError(f"{name} is XML but not a FictionBook (FB2) document")
    return tree


def read(data: bytes, name: str) -> Book:
    tree = parse(data, name)
    root = tree.getroot()
    bodies = [b for b in root if _local(b) == "body"]
    main = [b for b in bodies if b.get("name") not in _NOTE_BODIES]
    if not main:
        raise InputError(f"{name} has no <body>: the FB2 is empty or truncated")
    note_bodies = [b for b in bodies if b.get("name") in _NOTE_BODIES]
    notes = {s.get("id") for b in note_bodies for s in b.iter(f"{FB}section") if s.get("id")}
    title = " ".join(w for t in root.iter(f"{FB}book-title") for w in "".join(t.itertext()).split())
    builder = BookBuilder(Format.FB2, title)
    reader = _Reader(tree, builder, notes)
    for body in main:
        reader.read(body, 1)
    for body in note_bodies:
        reader.footnotes(body)
    return builder.build()


def edit_tree(tree: etree._ElementTree, book: Book, edits: Mapping[int, Sequence[Change]],
              name: str) -> None:
    notes = {s.get("id") for s in tree.getroot().iter(f"{FB}section") if s.get("id")}
    reader = _Reader(tree, BookBuilder(Format.FB2), notes)
    for k, block_edits in edits.items():
        block = book.blocks[k]
        found = tree.xpath(block.at["path"])
        if len(found) != 1:
            raise InputError(f"{name}: paragraph {k + 1} is no longer where it was imported from; re-import it")
        apply_edits(found[0], reader.classify, block.text, block_edits, f"{name} paragraph {k + 1}")


def write_back(original: bytes, name: str, book: Book, edits: Mapping[int, Sequence[Change]]) -> bytes:
    """The original FB2 (or .fb2.zip) with the edits made in its paragraphs."""
    zipped = original.startswith(b"PK")
    data = unpack(original, name) if zipped else original
    tree = parse(data, name)
    edit_tree(tree, book, edits, name)
    out = etree.tostring(tree, xml_declaration=True, encoding=tree.docinfo.encoding or "utf-8")
    if not zipped:
        return bytes(out)
    return repack(original, {member(original): bytes(out)})


def member(original: bytes) -> str:
    """The name of the FB2 inside a .fb2.zip."""
    with zipfile.ZipFile(io.BytesIO(original)) as zf:
        return next(n for n in zf.namelist() if n.lower().endswith(".fb2"))
