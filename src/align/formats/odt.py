"""OpenDocument text (.odt), read from its content.xml with lxml.

`text:h` are headings (their outline level), `text:p` paragraphs (style "Quotations" or
"Quote": quotes), list items items, table cells paragraphs; `text:note` bodies are
footnotes, the note citation leaves the running text. Spans: automatic and named text
styles that set italic, bold, super/subscript or strike-through. `text:s`, `text:tab` and
`text:line-break` stand for their characters; a table of contents, frames (images, text
boxes) and bookmarks are left out. A comment (`office:annotation`) is not text: it is kept on
its block (`Remark`: dc:creator, dc:date, its paragraphs a line each), on the range that ends
at the `office:annotation-end` of its office:name, or at its place when there is none.
A document with pending tracked changes, or an encrypted one, is refused; a revised copy
(`accepted`, for align.corrections.revision) is read with them: the body as it stands is the
text with every change accepted (what was deleted lives apart, in `text:tracked-changes`), and
each change's marks in it (`text:change`, `text:change-start`/`-end`) give its place, its
region's `office:change-info` who made it when.

Write-back (`write_back`): only content.xml changes, and in it only the changed paragraphs
(align.formats.splice), so every other paragraph and member (styles, meta, pictures, the
manifest; `mimetype` first and stored) stays byte-identical. A change is made inside the
original spans (align.formats.xmltext): the removed characters leave the text nodes they
were in and the new text goes where the first of them was (an insertion: after the character
before it), so the formatting around it holds on both sides; white space that a reader would
collapse is written as `text:s`/`text:tab`. Tracked, each change is what LibreOffice writes:
a `text:changed-region` per deletion (holding the removed text, in copies of its spans) and
per insertion in `text:tracked-changes` first in office:text, by the change's author at its
date, a `text:change` where the deletion was and `text:change-start`/`-end` around the
inserted text; its remark is an `office:annotation` before them, its `office:annotation-end`
after them (outside the insertion, so rejecting the change keeps the annotation).
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from lxml import etree

from align.errors import InputError
from align.formats import splice
from align.formats.model import BlockKind, Book, BookBuilder, Change, Format, Remark, Style, Tracked, finish
from align.formats.safety import open_zip, parse_xml, read_member, repack
from align.formats.xmltext import (
    INLINE,
    SKIP,
    XML_ID,
    Act,
    Classify,
    Point,
    Rule,
    Slot,
    collect,
    cut,
    insert,
    lift,
    pieces,
    point_after,
    point_before,
    shallow_copy,
)

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
_CHANGE_MARKS = {f"{TEXT}change": Act.MARK_AT, f"{TEXT}change-start": Act.MARK_START,
                 f"{TEXT}change-end": Act.MARK_END}
_AN_END = Remark("", "", "")  # what an annotation-end says: nothing (its annotation said it)
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
        self.ranged = {el.get(f"{OFFICE}name") for el in tree.iter(f"{OFFICE}annotation-end")}  # comments' ranges

    def classify(self, el: etree._Element) -> Rule:
        tag = el.tag
        if tag == f"{TEXT}note":
            return Rule(Act.NOTE, note=el.get(f"{TEXT}id", ""))
        if tag in _CHANGE_MARKS:
            cid = el.get(f"{TEXT}change-id", "")
            return Rule(_CHANGE_MARKS[tag], note=cid, mark=self.changes.get(cid, Tracked(0, 0, "", "")))
        if tag == f"{OFFICE}annotation":
            name = el.get(f"{OFFICE}name")
            return Rule(Act.MARK_START if name in self.ranged else Act.MARK_AT, note=name or "", mark=self.remark(el))
        if tag == f"{OFFICE}annotation-end":
            return Rule(Act.MARK_END, note=el.get(f"{OFFICE}name", ""), mark=_AN_END)
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

    def remark(self, annotation: etree._Element) -> Remark:
        """What a comment says: its author, date and paragraphs (a line each)."""
        lines = [finish(collect(p, self.classify)[0]).text for p in annotation.iter(f"{TEXT}p", f"{TEXT}h")]
        return Remark(*_who(annotation), "\n".join(lines))

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
        """Each note's paragraphs (not those of a comment on its text)."""
        for note in body.iter(f"{TEXT}note"):
            for p in note.iter(f"{TEXT}p", f"{TEXT}h"):
                if any(a.tag == f"{OFFICE}annotation" for a in p.iterancestors()):
                    continue
                self.builder.add_footnote(note.get(f"{TEXT}id", ""), collect(p, self.classify)[0],
                                          {"path": self.tree.getpath(p)})


def _changes(root: etree._Element) -> dict[str, Tracked]:
    """Each tracked change's id -> its author and date (positions are filled in where its marks are)."""
    out = {}
    for region in root.iter(f"{TEXT}changed-region"):
        info = region.find(f".//{OFFICE}change-info")
        out[region.get(f"{TEXT}id", "")] = Tracked(0, 0, *(_who(info) if info is not None else ("", "")))
    return out


def _who(said: etree._Element) -> tuple[str, str]:
    """Who and when an `office:change-info` or `office:annotation` says (dc:creator, dc:date; either may be empty)."""
    return said.findtext(f"{DC}creator") or "", said.findtext(f"{DC}date") or ""


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


# --- write-back ---------------------------------------------------------------------------------------------

CONTENT = "content.xml"
_NSMAP = {"office": OFFICE[1:-1], "text": TEXT[1:-1], "dc": DC[1:-1]}
_ATTRS = rb"(?:[^>\"']|\"[^\"]*\"|'[^']*')*?"  # a start tag's attributes (a quoted value may hold ">")
# The elements content.xml is spliced by (align.formats.splice): paragraphs, headings, the tracked changes.
SPLICED = re.compile(rb"<(/?)text:(?:p|h|tracked-changes)(?=[\s/>])" + _ATTRS + rb"(/?)>")
_OFFICE_TEXT = re.compile(rb"<office:text(?=[\s/>])" + _ATTRS + rb">")
_WHITE = re.compile(r"( +)|(\t)|([\n\r])|([^ \t\n\r]+)")
_COLLAPSED = re.compile(r"[ \t\n\r]+")  # white space in an ODF text node, read as one space


def _new(tag: str, **attrib: str) -> etree._Element:
    """A new ODF element; attributes named without a namespace are text: ones (change-id, style-name…)."""
    return etree.Element(tag, {(k if k.startswith("{") else f"{TEXT}{k}"): v for k, v in attrib.items()},
                         nsmap=_NSMAP)


def odf_text(text: str, space: bool) -> tuple[list[str | etree._Element], bool]:
    """`text` as ODF paragraph content that reads back as `text`: a space after a space (`space`: the content
    follows one, or starts a paragraph) as `text:s`, tabs as `text:tab`, line breaks as `text:line-break`,
    since readers collapse white space in text; and whether it ends in a space."""
    out: list[str | etree._Element] = []
    for m in _WHITE.finditer(text):
        spaces, tab, newline, word = m.groups()
        if spaces:
            n = len(spaces)
            if not space:
                out.append(" ")
                n -= 1
            if n:
                out.append(_new(f"{TEXT}s", **({"c": str(n)} if n > 1 else {})))
        elif tab:
            out.append(_new(f"{TEXT}tab"))
        elif newline:
            out.append(_new(f"{TEXT}line-break"))
        else:
            out.append(word)
        space = not (tab or word)
    return out, space


def _said(tag: str, author: str, date: str, lines: Sequence[str] = ()) -> etree._Element:
    """An `office:change-info` or `office:annotation`: who, when, and the lines said (a paragraph each)."""
    el = _new(tag)
    etree.SubElement(el, f"{DC}creator").text = author or "align"
    etree.SubElement(el, f"{DC}date").text = date
    for line in lines:
        p = etree.SubElement(el, f"{TEXT}p")
        for item in odf_text(line, True)[0]:
            _append(p, item)
    return el


def _append(el: etree._Element, item: str | etree._Element) -> None:
    """Put text or an element at the end of el's content."""
    if not isinstance(item, str):
        el.append(item)
    elif len(el):
        el[-1].tail = (el[-1].tail or "") + item
    else:
        el.text = (el.text or "") + item


class _Marks:
    """What a tracked write-back adds to content.xml: a `text:changed-region` per deletion and insertion in the
    body's `text:tracked-changes` (made first in office:text when the document has none) and the annotations,
    under ids and names no element of the document has."""

    def __init__(self, root: etree._Element, body: etree._Element) -> None:
        keys = (f"{TEXT}id", XML_ID, f"{OFFICE}name")
        taken = {el.get(k) for el in root.iter() for k in keys if el.get(k) is not None}
        self.ids = (i for i in (f"align{n}" for n in itertools.count(1)) if i not in taken)
        found = body.find(f"{TEXT}tracked-changes")
        self.made = found is None
        self.regions = _new(f"{TEXT}tracked-changes", **{"track-changes": "false"}) if found is None else found
        if found is None:
            body.insert(0, self.regions)

    def region(self, kind: str, change: Change, content: Sequence[etree._Element] = ()) -> str:
        """A deletion (of `content`) or an insertion by the change's author at its date; its id."""
        cid = next(self.ids)
        region = etree.SubElement(self.regions, f"{TEXT}changed-region", {XML_ID: cid, f"{TEXT}id": cid})
        what = etree.SubElement(region, f"{TEXT}{kind}")
        what.append(_said(f"{OFFICE}change-info", change.author, change.date))
        what.extend(content)
        return cid

    def annotation(self, remark: Remark) -> tuple[etree._Element, etree._Element]:
        """An annotation saying the remark, by its author at its date, and the end of the range it is on."""
        name = next(self.ids)
        note = _said(f"{OFFICE}annotation", remark.author, remark.date, remark.text.split("\n"))
        note.set(f"{OFFICE}name", name)
        return note, _new(f"{OFFICE}annotation-end", **{f"{OFFICE}name": name})


def _deleted(p: etree._Element, span: Sequence[Slot]) -> etree._Element:
    """The text of `span` (slots of paragraph p) as a paragraph of its own, inside copies of the spans
    (links, …) it was in, as a deletion keeps it (soft hyphens too)."""
    style = p.get(f"{TEXT}style-name")
    out = _new(f"{TEXT}p", **({"style-name": style} if style else {}))
    opened: list[tuple[etree._Element, etree._Element]] = [(p, out)]  # containers entered, their copies
    space = True  # white space starting a paragraph is not read: a space there must be a text:s
    for first, lo, hi in pieces(span):
        inner = first.node if first.kind == "text" else first.node.getparent()
        chain = [inner, *inner.iterancestors()]
        chain = chain[: chain.index(p)][::-1]  # p's descendants down to the one the piece is in
        keep = 0
        while keep < min(len(chain), len(opened) - 1) and opened[keep + 1][0] is chain[keep]:
            keep += 1
        del opened[keep + 1 :]
        for src in chain[keep:]:
            opened[-1][1].append(shallow_copy(src))
            opened.append((src, opened[-1][1][-1]))
        if first.kind == "elem":
            item = copy.deepcopy(first.node)
            item.tail = None
            _append(opened[-1][1], item)
            space = item.tag != f"{TEXT}tab"
            continue
        source = (first.node.text if first.kind == "text" else first.node.tail) or ""
        items, space = odf_text(_COLLAPSED.sub(" ", source[lo:hi]), space)
        for piece in items:
            _append(opened[-1][1], piece)
    return out


def _edit(p: etree._Element, classify: Classify, change: Change, marks: _Marks | None) -> None:
    """Make one change (in offsets of p's raw text) inside p: the new text goes where the first replaced
    character was (an insertion: after the character before it), in the spans around it; tracked, the
    removed text goes into a deletion and the new text, marked as an insertion, into copies of those
    spans (the marks go between spans, as LibreOffice writes them), the remark annotated on both."""
    raw, slots = collect(p, classify, mapped=True)
    start, end = change.start, change.end
    new, spaced = odf_text(change.text, start == 0 or raw.text[start - 1] == " ")
    if spaced and end < len(slots) and raw.text[end] == " " and slots[end].kind != "elem":
        following = slots[end]  # would collapse into the space before it: hold it with a text:s
        cut([following])
        insert(Point(following.node, following.kind, following.start), [_new(f"{TEXT}s")])
    at = point_after(slots[start - 1]) if start == end and start > 0 else point_before(slots[start])
    if marks is None:
        cut(slots[start:end])
        insert(at, new)
        return
    deleted = _deleted(p, slots[start:end]) if start < end else None
    cut(slots[start:end])
    at, around = lift(at, p)
    items: list[str | etree._Element] = []
    if deleted is not None:
        items.append(_mark("change", marks.region("deletion", change, [deleted])))
    if new:
        cid = marks.region("insertion", change)
        items += [_mark("change-start", cid), *_wrapped(around, new), _mark("change-end", cid)]
    if change.remark is not None:
        note, note_end = marks.annotation(change.remark)
        items = [note, *items, note_end]
    insert(at, items)


def _mark(tag: str, cid: str) -> etree._Element:
    return _new(f"{TEXT}{tag}", **{"change-id": cid})


def _wrapped(around: Sequence[etree._Element], items: list[str | etree._Element]) -> list[str | etree._Element]:
    """`items` inside copies of the elements `around` (outermost first), or as they are when there are none."""
    if not around:
        return items
    outer = inner = shallow_copy(around[0])
    for el in around[1:]:
        inner.append(shallow_copy(el))
        inner = inner[-1]
    for item in items:
        _append(inner, item)
    return [outer]


def _edit_block(p: etree._Element, classify: Classify, expected: str, changes: Sequence[Change],
                marks: _Marks | None, where: str) -> None:
    """Make `changes` (in offsets of the block's stored text) inside its paragraph p, last first."""
    raw, _ = collect(p, classify)
    if finish(raw).text != expected:
        raise InputError(f"{where} no longer holds the imported text; re-import the original (--force)")
    lead = len(raw.text) - len(raw.text.lstrip())
    for ch in sorted(changes, key=lambda c: (c.start, c.end), reverse=True):
        _edit(p, classify, replace(ch, start=lead + ch.start, end=lead + ch.end), marks)


def _content(xml: bytes, root: etree._Element, spliced: Sequence[etree._Element], changed: Iterable[int],
             marks: _Marks | None) -> bytes:
    """content.xml with the changed elements spliced into its original bytes (the tracked changes, when new,
    first in office:text); the whole tree serialised when its prefixes are not the usual ones."""
    usual = root.nsmap.get("text") == TEXT[1:-1] and root.nsmap.get("office") == OFFICE[1:-1]
    out = splice.splice(xml, root, spliced, changed, SPLICED) if usual else None
    opening = _OFFICE_TEXT.search(xml)  # the bytes before the first paragraph are the original's
    if out is not None and marks is not None and marks.made:
        out = (out[: opening.end()] + splice.fragment(marks.regions, root.nsmap) + out[opening.end() :]
               if opening is not None else None)
    if out is None:
        return bytes(etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8"))
    return out


def write_back(original: bytes, name: str, book: Book, changes: Mapping[int, Sequence[Change]],
               tracked: bool) -> bytes:
    """The original ODT with `changes` (by block index) made in its content.xml, tracked (a deletion and an
    insertion by the change's author, its remark an annotation on it) or clean; every other member as it was."""
    zf = open_zip(original, name)
    xml = read_member(zf, CONTENT, name)
    tree = parse_xml(xml, f"{name}: {CONTENT}")
    root = tree.getroot()
    body = root.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise InputError(f"{name} has no text body any more; re-import the original (--force)")
    spliced = list(root.iter(f"{TEXT}p", f"{TEXT}h", f"{TEXT}tracked-changes"))
    places: dict[int, etree._Element] = {}
    prefixes = {prefix: uri for prefix, uri in root.nsmap.items() if prefix}  # the stored paths use them
    for k in changes:
        found = tree.xpath(book.blocks[k].at["path"], namespaces=prefixes)
        if len(found) != 1:
            raise InputError(f"{name}: paragraph {k + 1} is no longer where it was imported from; re-import it")
        places[k] = found[0]
    marks = _Marks(root, body) if tracked else None
    classify = _Reader(tree, BookBuilder(Format.ODT), {}, {}).classify
    for k, block_changes in changes.items():
        _edit_block(places[k], classify, book.blocks[k].text, block_changes, marks, f"{name} paragraph {k + 1}")
    ordinal = {el: n for n, el in enumerate(spliced)}
    changed = [ordinal[el] for el in places.values()]
    if marks is not None and not marks.made:
        changed.append(ordinal[marks.regions])
    return repack(original, {CONTENT: _content(xml, root, spliced, changed, marks)})
