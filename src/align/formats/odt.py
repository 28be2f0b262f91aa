"""OpenDocument text (.odt), read from its content.xml with lxml.

`text:h` are headings (their outline level), `text:p` paragraphs (style "Quotations" or
"Quote": quotes), list items items, table cells paragraphs; `text:note` bodies are
footnotes, the note citation leaves the running text. Spans: automatic and named text
styles that set italic, bold, super/subscript or strike-through. `text:s`, `text:tab` and
`text:line-break` stand for their characters; a table of contents, frames (images, text
boxes), comments and bookmarks are left out. A document with pending tracked changes, or
an encrypted one, is refused; a revised copy (`accepted`, for align.corrections.revision) is
read with them: the body as it stands is the text with every change accepted (what was
deleted lives apart, in `text:tracked-changes`), and each change's marks in it (`text:change`,
`text:change-start`/`-end`) give its place, its region's `office:change-info` who made it when.
"""

from __future__ import annotations

from lxml import etree

from align.errors import InputError
from align.formats.model import BlockKind, Book, BookBuilder, Format, Style, Tracked
from align.formats.safety import open_zip, parse_xml, read_member
from align.formats.xmltext import INLINE, SKIP, Act, Rule, collect

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
_CHANGE_MARKS = {f"{TEXT}change": Act.CHANGE_AT, f"{TEXT}change-start": Act.CHANGE_START,
                 f"{TEXT}change-end": Act.CHANGE_END}
_LEFT_OUT = {f"{TEXT}table-of-content", f"{TEXT}alphabetical-index", f"{TEXT}illustration-index",
             f"{TEXT}sequence-decls", f"{TEXT}tracked-changes", f"{OFFICE}annotation", f"{OFFICE}annotation-end"}
_QUOTE_STYLES = {"Quotations", "Quote", "Intense_20_Quote"}


def _text_styles(*roots: etree._Element) -> dict[str, Style]:
    """Text style name -> the span style it sets (the first of italic, bold, sup/sub, strike)."""
    out: dict[str, Style] = {}
    for root in roots:
        for st in root.iter(f"{STYLE}style"):
            props = st.find(f"{STYLE}text-properties")
            if props is None:
                continue
            pos = props.get(f"{STYLE}text-position", "")
            if props.get(f"{FO}font-style") == "italic":
                out[st.get(f"{STYLE}name", "")] = Style.ITALIC
            elif props.get(f"{FO}font-weight") == "bold":
                out[st.get(f"{STYLE}name", "")] = Style.BOLD
            elif pos.startswith(("super", "33%")) or pos.startswith("sub"):
                out[st.get(f"{STYLE}name", "")] = Style.SUB if pos.startswith("sub") else Style.SUP
            elif props.get(f"{STYLE}text-line-through-style", "none") != "none":
                out[st.get(f"{STYLE}name", "")] = Style.STRIKE
    return out


class _Reader:
    def __init__(self, tree: etree._ElementTree, builder: BookBuilder, styles: dict[str, Style],
                 changes: dict[str, Tracked]) -> None:
        self.tree = tree
        self.builder = builder
        self.styles = styles
        self.changes = changes  # tracked change id -> who made it when (a revised copy's)

    def classify(self, el: etree._Element) -> Rule:
        tag = el.tag
        if tag == f"{TEXT}note":
            return Rule(Act.NOTE, note=el.get(f"{TEXT}id", ""))
        if tag in _CHANGE_MARKS:
            cid = el.get(f"{TEXT}change-id", "")
            return Rule(_CHANGE_MARKS[tag], note=cid, tracked=self.changes.get(cid, Tracked(0, 0, "", "")))
        if tag == f"{TEXT}s":
            return Rule(Act.CHARS, chars=" " * int(el.get(f"{TEXT}c", "1") or 1))
        if tag == f"{TEXT}tab":
            return Rule(Act.CHARS, chars="\t")
        if tag == f"{TEXT}line-break":
            return Rule(Act.CHARS, chars=" ")
        if tag in (f"{TEXT}span", f"{TEXT}a", f"{TEXT}meta", f"{TEXT}ruby-base"):
            return Rule(Act.INLINE, self.styles.get(el.get(f"{TEXT}style-name", "")))
        if tag in (f"{TEXT}bookmark-ref", f"{TEXT}reference-ref", f"{TEXT}page-number", f"{TEXT}date",
                   f"{TEXT}time", f"{TEXT}chapter", f"{TEXT}title", f"{TEXT}author-name"):
            return INLINE
        return SKIP

    def read(self, el: etree._Element, kind: BlockKind = BlockKind.PARAGRAPH) -> None:
        for child in el:
            tag = child.tag
            if tag in _LEFT_OUT or not isinstance(tag, str):
                continue
            at = {"path": self.tree.getpath(child)}
            if tag == f"{TEXT}h":
                level = int(child.get(f"{TEXT}outline-level", "1") or 1)
                self.builder.add(BlockKind.HEADING, collect(child, self.classify)[0], at, level)
            elif tag == f"{TEXT}p":
                quote = child.get(f"{TEXT}style-name", "") in _QUOTE_STYLES
                self.builder.add(BlockKind.QUOTE if quote else kind, collect(child, self.classify)[0], at)
            elif tag == f"{TEXT}list-item":
                self.read(child, BlockKind.ITEM)
            elif not tag.startswith(("{urn:oasis:names:tc:opendocument:xmlns:drawing", f"{TEXT}note")):
                self.read(child, kind)  # sections, lists, tables, rows, cells

    def footnotes(self, body: etree._Element) -> None:
        for note in body.iter(f"{TEXT}note"):
            for p in note.iter(f"{TEXT}p", f"{TEXT}h"):
                self.builder.add_footnote(note.get(f"{TEXT}id", ""), collect(p, self.classify)[0],
                                          {"path": self.tree.getpath(p)})


def _changes(root: etree._Element) -> dict[str, Tracked]:
    """Each tracked change's id -> its author and date (positions are filled in where its marks are)."""
    out = {}
    for region in root.iter(f"{TEXT}changed-region"):
        info = region.find(f".//{OFFICE}change-info")
        who = (info.findtext(f"{DC}creator") or "", info.findtext(f"{DC}date") or "") if info is not None else ("", "")
        out[region.get(f"{TEXT}id", "")] = Tracked(0, 0, *who)
    return out


def read(data: bytes, name: str, accepted: bool = False) -> Book:
    """The book in an ODT file; one with tracked changes pending is refused, unless `accepted` (a revised copy)."""
    zf = open_zip(data, name)
    if "META-INF/manifest.xml" in zf.namelist() and b"encryption-data" in read_member(
        zf, "META-INF/manifest.xml", name
    ):
        raise InputError(f"{name} is password-protected; remove the password and import it again")
    tree = parse_xml(read_member(zf, "content.xml", name), f"{name}: content.xml")
    root = tree.getroot()
    changes = len(root.findall(f".//{TEXT}tracked-changes/{TEXT}changed-region"))
    if changes and not accepted:
        raise InputError(f"{name} has {changes} tracked change(s) pending; accept or reject them first")
    styles_root = (parse_xml(read_member(zf, "styles.xml", name), f"{name}: styles.xml").getroot()
                   if "styles.xml" in zf.namelist() else root)
    body = root.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise InputError(f"{name} is an OpenDocument file without text (a spreadsheet or drawing?)")
    reader = _Reader(tree, BookBuilder(Format.ODT), _text_styles(styles_root, root), _changes(root) if accepted else {})
    reader.read(body)
    reader.footnotes(body)
    return reader.builder.build()
