"""HTML and XHTML: block elements become blocks, inline elements spans; shared by EPUB and Markdown.

A block is an element of a block type (p, h1-h6, li, blockquote, td, …) holding no further
block elements; a container mixing loose text with blocks is read as one block, so no text
is lost. Headings keep their level; paragraphs under a blockquote are quotes, under ul/ol
list items. Emphasis is an element's (i, em, b, strong, sup…) or its class's or style attribute's
(align.formats.css: publishing tools write `<span class="span2">` and put the italic in CSS); the
stylesheets are the page's own `<style>` elements and, in an e-book, the ones it links to.
Footnotes are found by their semantics (epub:type or ARIA role footnote, endnote, rearnote; or
any element a note reference points at) and collected apart from the running text; the
reference itself leaves the text and is recorded as a note mark.
Scripts, styles, images, navigation (an e-book's table of contents) are left out.

Plain HTML is parsed by lxml's HTML parser (which expands no entities and loads nothing);
the XHTML of an e-book by the hardened XML parser (align.formats.safety), so it can be
written back faithfully.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from lxml import etree

from align.errors import InputError
from align.formats import css
from align.formats.model import BlockKind, Book, BookBuilder, Collected, Format, Style
from align.formats.safety import check_depth
from align.formats.xmltext import INLINE, SKIP, Act, Rule, collect

OPS_TYPE = "{http://www.idpf.org/2007/ops}type"
_HEADINGS = {f"h{k}": k for k in range(1, 7)}
BLOCK_TAGS = {
    "p", "li", "dt", "dd", "td", "th", "pre", "blockquote", "div", "section", "article", "aside", "header",
    "footer", "figure", "figcaption", "caption", "table", "thead", "tbody", "tfoot", "tr", "ul", "ol", "dl",
    "main", "body", "hgroup", "address", "center", "details", "summary", "html", "hr", *_HEADINGS,
}
_LEFT_OUT = {"script", "style", "head", "img", "svg", "math", "object", "video", "audio", "iframe", "noscript",
             "template", "title", "nav", "button", "input", "select", "textarea", "picture", "map"}
_STYLES = {"em": Style.ITALIC, "i": Style.ITALIC, "cite": Style.ITALIC, "dfn": Style.ITALIC, "var": Style.ITALIC,
           "strong": Style.BOLD, "b": Style.BOLD, "sup": Style.SUP, "sub": Style.SUB, "s": Style.STRIKE,
           "strike": Style.STRIKE, "del": Style.STRIKE, "code": Style.CODE, "kbd": Style.CODE, "samp": Style.CODE,
           "tt": Style.CODE}
_NOTE_TYPES = {"footnote", "endnote", "rearnote", "note", "doc-footnote", "doc-endnote"}
_NOTE_CLASSES = {"footnote", "endnote"}
_REF_TYPES = {"noteref", "doc-noteref"}


def local(tag: object) -> str:
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""


def semantics(el: etree._Element) -> set[str]:
    words = f"{el.get(OPS_TYPE, '')} {el.get('epub:type', '')} {el.get('role', '')}".split()
    return set(words)


def is_note_body(el: etree._Element, targets: set[str], part: str) -> bool:
    if semantics(el) & _NOTE_TYPES or set(el.get("class", "").split()) & _NOTE_CLASSES:
        return True
    nid = el.get("id")
    return nid is not None and f"{part}#{nid}" in targets


def _href_target(part: str, href: str | None) -> str | None:
    """`part#id` an href points at, resolved against the part it is in."""
    if not href:
        return None
    u = urlsplit(href)
    if u.scheme or u.netloc or not u.fragment:
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(part), unquote(u.path))) if u.path else part
    return f"{path}#{unquote(u.fragment)}"


def explicit_note_targets(part: str, root: etree._Element) -> set[str]:
    """Targets of links marked as note references (epub:type/role noteref)."""
    out = set()
    for a in root.iter():
        if local(a.tag) == "a" and semantics(a) & _REF_TYPES:
            target = _href_target(part, a.get("href"))
            if target:
                out.add(target)
    return out


@dataclass
class HtmlReader:
    """Reads one HTML/XHTML tree into a BookBuilder; `targets` are `part#id` of every known note."""

    builder: BookBuilder
    part: str
    tree: etree._ElementTree
    targets: set[str] = field(default_factory=set)
    classes: Mapping[str, Style] = field(default_factory=dict)  # the emphasis the stylesheets give by class

    def classify(self, el: etree._Element) -> Rule:
        tag = local(el.tag)
        if tag in _LEFT_OUT or is_note_body(el, self.targets, self.part):
            return SKIP
        if tag == "a":
            target = _href_target(self.part, el.get("href"))
            if target and (target in self.targets or semantics(el) & _REF_TYPES):
                return Rule(Act.NOTE, note=target.rpartition("#")[2])
        if tag == "br":
            return Rule(Act.CHARS, chars=" ")
        style = _STYLES.get(tag) or _inline_style(el.get("style", "")) or next(
            (self.classes[c] for c in el.get("class", "").split() if c in self.classes), None)
        return Rule(Act.INLINE, style) if style else INLINE

    def _at(self, el: etree._Element) -> dict[str, str]:
        return {"part": self.part, "path": self.tree.getpath(el)}

    def _is_leaf(self, el: etree._Element) -> bool:
        if (el.text or "").strip():
            return True
        for child in el:
            tag = local(child.tag)
            if (child.tail or "").strip():
                return True
            if not tag or tag in _LEFT_OUT or is_note_body(child, self.targets, self.part):
                continue
            if tag in BLOCK_TAGS:
                return False
        return True

    def read(self, el: etree._Element, kind: BlockKind = BlockKind.PARAGRAPH) -> None:
        """Add the blocks under `el` (footnote bodies are skipped; `notes` reads them)."""
        tag = local(el.tag)
        if not tag or tag in _LEFT_OUT or is_note_body(el, self.targets, self.part):
            return
        if tag in _HEADINGS:
            self.builder.add(BlockKind.HEADING, self.text(el), self._at(el), level=_HEADINGS[tag])
            return
        if tag == "blockquote":
            kind = BlockKind.QUOTE
        elif tag == "li":
            kind = BlockKind.ITEM
        if tag in BLOCK_TAGS and not self._is_leaf(el):
            for child in el:
                self.read(child, kind)
        elif tag in BLOCK_TAGS or tag in _STYLES or tag in ("a", "span", "font", "small", "big", "u"):
            self.builder.add(kind, self.text(el), self._at(el))

    def text(self, el: etree._Element) -> Collected:
        return collect(el, self.classify)[0]

    def notes(self, root: etree._Element) -> None:
        """Every outermost note body under `root`, as footnote blocks."""
        for el in _outermost(root, lambda e: is_note_body(e, self.targets, self.part)):
            nid = el.get("id") or next((d.get("id") for d in el.iter() if d.get("id")), "") or ""
            inner = NoteReader(self.builder, self.part, self.tree, self.targets, self.classes, nid)
            if inner._is_leaf(el):
                inner.builder.add_footnote(nid, inner.text(el), inner._at(el))
            else:
                for child in el:
                    inner.read(child)


@dataclass
class NoteReader(HtmlReader):
    """Reads the inside of a footnote: every block becomes a footnote paragraph of note `nid`."""

    nid: str = ""

    def classify(self, el: etree._Element) -> Rule:
        if local(el.tag) == "a" and _href_target(self.part, el.get("href")):
            return SKIP  # the back-link to the reference ("1", "↩")
        return super().classify(el) if not is_note_body(el, self.targets, self.part) else INLINE

    def read(self, el: etree._Element, kind: BlockKind = BlockKind.PARAGRAPH) -> None:
        tag = local(el.tag)
        if not tag or tag in _LEFT_OUT:
            return
        if tag in BLOCK_TAGS and not self._is_leaf(el):
            for child in el:
                self.read(child)
        else:
            self.builder.add_footnote(self.nid, self.text(el), self._at(el))


def _outermost(root: etree._Element, pred: Callable[[etree._Element], bool]) -> Iterable[etree._Element]:
    stack = [root]
    while stack:
        el = stack.pop()
        if pred(el):
            yield el
            continue
        stack.extend(reversed([c for c in el if isinstance(c.tag, str)]))


@lru_cache(maxsize=4096)
def _inline_style(attribute: str) -> Style | None:
    """css.inline_style, once per different attribute (a Word page repeats a few of them on every span)."""
    return css.inline_style(attribute)


def stylesheets(root: etree._Element, part: str, linked: Callable[[str], str | None] | None = None) -> list[str]:
    """The CSS of a page in its order: each `<style>` element's, and, given `linked` (a path inside the book ->
    its text, or None), each stylesheet a `<link rel="stylesheet">` names by a relative address."""
    out = []
    for el in root.iter():
        tag = local(el.tag)
        if tag == "style":
            out.append("".join(el.itertext()))
        elif tag == "link" and linked and "stylesheet" in el.get("rel", "").lower().split():
            u = urlsplit(el.get("href", ""))
            if u.path and not (u.scheme or u.netloc):
                sheet = linked(posixpath.normpath(posixpath.join(posixpath.dirname(part), unquote(u.path))))
                if sheet is not None:
                    out.append(sheet)
    return out


def body_of(root: etree._Element) -> etree._Element:
    for el in root.iter():
        if local(el.tag) == "body":
            return el
    return root


def title_of(root: etree._Element) -> str:
    for el in root.iter():
        if local(el.tag) == "title" and (el.text or "").strip():
            return " ".join(el.text.split())
    return ""


def parse_html(data: bytes, name: str, encoding: str | None = None) -> etree._ElementTree:
    """Parse an HTML page (bytes) with lxml's HTML parser; UTF-8 unless the page or `encoding` says otherwise."""
    head = data[:4096].lower()
    if encoding is None and b"charset" not in head and b"encoding=" not in head:
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            raise InputError(f"{name} is not UTF-8 and does not say its encoding; give it with --encoding") from None
    parser = etree.HTMLParser(encoding=encoding, no_network=True, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, LookupError) as exc:
        raise InputError(f"{name} cannot be read as HTML ({exc})") from None
    check_depth(parser.error_log, name)
    if root is None:
        raise InputError(f"{name} is empty")
    return etree.ElementTree(root)


def read_tree(tree: etree._ElementTree, fmt: Format, part: str, title: str = "") -> Book:
    """A one-file HTML book: its body's blocks, then its footnotes."""
    root = tree.getroot()
    targets = explicit_note_targets(part, root)
    builder = BookBuilder(fmt, title or title_of(root))
    reader = HtmlReader(builder, part, tree, targets, css.class_styles(stylesheets(root, part)))
    reader.read(body_of(root))
    reader.notes(body_of(root))
    return builder.build()


def read(data: bytes, name: str, encoding: str | None = None) -> Book:
    return read_tree(parse_html(data, name, encoding), Format.HTML, "index.html")
