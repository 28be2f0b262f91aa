"""Word documents (.docx): import, and corrections written back into a copy of the original.

Import: python-docx opens the package (and refuses what is not a Word document) and gives
the paragraph styles; the parts themselves are read with the hardened lxml parser. Every
`w:p` of word/document.xml with text is a block (headings from the outline level of the
paragraph or its style, or the built-in "Heading N"/"Title" styles; "Quote" styles are
quotes, numbered paragraphs list items); footnotes and endnotes (word/footnotes.xml,
word/endnotes.xml) come after the running text, their reference marks left out of it.
Text is what Word shows: `w:t`, tabs, breaks as spaces, non-breaking hyphens; soft
hyphens are dropped; field instructions, deleted text, drawings and text boxes are not
read, nor is a table of contents (its styles, or Word's TOC content control). Comments
(word/comments.xml) are not text either: each is kept on the block where its range begins
(`Remark`: author, date, its paragraphs a line each), on the text between its
`w:commentRangeStart` and `w:commentRangeEnd` (to the end of that paragraph at most), or, with
no range, at its `w:commentReference`. A drop cap
(a framed paragraph holding the first letter) is read with the paragraph it begins: the
block's place then also names the drop cap's `w:p` (`"dropcap"`). Run
formatting (italic, bold, super/subscript, strike-through) gives the spans. A
block's place is its part and the ordinal of its `w:p` there (`{"part", "p"}`).
A document with tracked changes pending is refused, naming how many, unless it is read as
a revised copy (`accepted`, for align.corrections.revision): then it reads as if every change
were accepted (the text of `w:ins`/`w:moveTo` kept, `w:del`/`w:moveFrom` dropped, a paragraph
whose mark was deleted run on into the next) and each block says where its changes are, by
whom and when (`Tracked`).

Write-back (`write_back`): only the changed paragraphs of a part are touched. Their runs
are split where a change starts or ends (both parts keep the run's `w:rPr`); the changed
runs are wrapped in `w:del` (their `w:t` become `w:delText`) and the new text follows as a
run with the first changed run's formatting inside `w:ins`, by the change's author and
date (tracked), or simply replace them (clean). A tracked change with a remark gets a Word
comment by the remark's author anchored on it (`w:commentRangeStart`/`End` and a
`w:commentReference` run around its `w:del`/`w:ins`), added to word/comments.xml after the
document's own comments (the part, its relationship and content type are made when the
document has none). The part's bytes outside the changed paragraphs are kept as they were:
each changed `w:p` is serialised alone and spliced into the original XML at its byte range,
so every other paragraph, the styles, headers, the existing comments, footnotes and section
settings stay byte-identical.
"""

from __future__ import annotations

import bisect
import copy
import io
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from lxml import etree

from align.errors import InputError
from align.formats import splice
from align.formats.model import (
    BlockKind,
    Book,
    BookBuilder,
    Change,
    Collected,
    Format,
    Marks,
    Remark,
    Span,
    Style,
    Tracked,
    finish,
)
from align.formats.safety import open_zip, parse_xml, read_member, repack

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
DOCUMENT = "word/document.xml"
NOTE_PARTS = {"word/footnotes.xml": ("footnote", "fn"), "word/endnotes.xml": ("endnote", "en")}
_REVISIONS = {f"{W}{t}" for t in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange",
                                    "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange", "numberingChange")}
# Not read as this paragraph's text: nested paragraphs' containers, alternatives, revisions.
_NOT_OURS = {f"{W}p", f"{W}txbxContent", _MC_FALLBACK, f"{W}del", f"{W}ins", f"{W}moveFrom", f"{W}moveTo"}
_INSERTED = {f"{W}ins", f"{W}moveTo"}  # tracked changes whose text is there once accepted
_DELETED = {f"{W}del", f"{W}moveFrom"}  # ...and those whose text is gone
_RANGE_MARKS = {f"{W}commentRangeStart", f"{W}commentRangeEnd"}
_CHARS = {f"{W}tab": "\t", f"{W}br": " ", f"{W}cr": " ", f"{W}noBreakHyphen": "\u2011"}
_OFF = {"0", "false", "off", "none"}
_HEADING_NAME = re.compile(r"^heading (\d)$", re.IGNORECASE)


def _runs(el: etree._Element, accepted: bool = False) -> Iterator[etree._Element]:
    """The runs of a paragraph in order (not those of nested text boxes or of revisions), and the marks of
    comments' ranges between them.

    `accepted`: as if every tracked change were accepted: the runs of insertions and moves
    to here are read, and each deletion or move away is given itself, where it stood."""
    for child in el:
        tag = child.tag
        if tag == f"{W}r" or tag in _RANGE_MARKS or accepted and tag in _DELETED:
            yield child
        elif isinstance(tag, str) and (tag not in _NOT_OURS or accepted and tag in _INSERTED):
            yield from _runs(child, accepted)


def _on(rpr: etree._Element | None, tag: str) -> bool:
    el = rpr.find(f"{W}{tag}") if rpr is not None else None
    return el is not None and el.get(f"{W}val", "true").lower() not in _OFF


def _run_styles(run: etree._Element) -> list[Style]:
    rpr = run.find(f"{W}rPr")
    if rpr is None:
        return []
    out = [s for s, tag in ((Style.ITALIC, "i"), (Style.BOLD, "b"), (Style.STRIKE, "strike")) if _on(rpr, tag)]
    va = rpr.find(f"{W}vertAlign")
    if va is not None and va.get(f"{W}val") in ("superscript", "subscript"):
        out.append(Style.SUP if va.get(f"{W}val") == "superscript" else Style.SUB)
    return out


@dataclass(frozen=True)
class Slot:
    """A character of a paragraph's text: in `run`, child `child`, at `offset` of the child's text."""

    run: etree._Element
    child: etree._Element
    offset: int


@dataclass(frozen=True)
class Piece:
    """Text positions start..start+length of a paragraph, read from `child` of `run` from `offset` on."""

    run: etree._Element
    child: etree._Element
    start: int
    offset: int
    length: int


class TextMap:
    """Where each character of a paragraph's text lives (pieces in text order, found by bisection)."""

    def __init__(self, pieces: list[Piece]) -> None:
        self.pieces = pieces
        self.starts = [pc.start for pc in pieces]
        self.length = pieces[-1].start + pieces[-1].length if pieces else 0

    def at(self, pos: int) -> Slot:
        pc = self.pieces[bisect.bisect_right(self.starts, pos) - 1]
        return Slot(pc.run, pc.child, pc.offset + pos - pc.start)

    def runs(self, start: int, end: int) -> list[etree._Element]:
        """The runs holding text[start:end], in order."""
        out: list[etree._Element] = []
        for pc in self.pieces[max(bisect.bisect_right(self.starts, start) - 1, 0) :]:
            if pc.start >= end:
                break
            if pc.start + pc.length > start and (not out or out[-1] is not pc.run):
                out.append(pc.run)
        return out


@dataclass(frozen=True)
class Remarks:
    """A Word file's comments by id, and the ids of those whose range begins in a paragraph (the others are
    at their reference mark)."""

    said: Mapping[str, Remark]
    ranged: frozenset[str]


def read_paragraph(*ps: etree._Element, accepted: bool = False,
                   remarks: Remarks | None = None) -> tuple[Collected, TextMap]:
    """The text of a paragraph (or of a drop cap and its paragraph) as Word shows it (raw, before
    `finish`), spans, note marks, the `remarks` it holds, and where it lives.

    `accepted`: the text as if every tracked change were accepted, with where each change is
    (`Collected.tracked`: what an insertion put in, the place of a deletion)."""
    parts: list[str] = []
    pieces: list[Piece] = []
    spans: list[Span] = []
    notes: list[tuple[int, str]] = []
    tracked: list[Tracked] = []
    marks = Marks()
    pos = 0
    for run in (r for p in ps for r in _runs(p, accepted)):
        if run.tag in _RANGE_MARKS:
            said = remarks.said.get(run.get(f"{W}id", "")) if remarks is not None else None
            if said is not None:
                (marks.begin if run.tag == f"{W}commentRangeStart" else marks.end)(said, run.get(f"{W}id", ""), pos)
            continue
        if run.tag in _DELETED:
            tracked.append(_tracked(run, pos, pos))
            continue
        start = pos
        for child in run:
            tag = child.tag
            if tag == f"{W}t":
                raw = child.text or ""
                offset = 0
                for chunk in raw.split("\xad"):  # soft hyphens are not text; the pieces skip them
                    if chunk:
                        pieces.append(Piece(run, child, pos, offset, len(chunk)))
                        parts.append(chunk)
                        pos += len(chunk)
                    offset += len(chunk) + 1
            elif tag in _CHARS:
                pieces.append(Piece(run, child, pos, 0, 1))
                parts.append(_CHARS[tag])
                pos += 1
            elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                prefix = "fn" if tag == f"{W}footnoteReference" else "en"
                notes.append((pos, f"{prefix}{child.get(f'{W}id')}"))
            elif tag == f"{W}commentReference" and remarks is not None:
                cid = child.get(f"{W}id", "")
                if cid in remarks.said and cid not in remarks.ranged:
                    marks.at(remarks.said[cid], pos)
        if pos > start:
            spans += [Span(start, pos, s) for s in _run_styles(run)]
            around = next(run.iterancestors(*_INSERTED, f"{W}p"), None) if accepted else None
            if around is not None and around.tag in _INSERTED:  # the run is in an insertion of this paragraph
                tracked.append(_tracked(around, start, pos))
    return Collected("".join(parts), _merge(spans), notes, tracked, marks.close(pos)[1]), TextMap(pieces)


def _tracked(change: etree._Element, start: int, end: int) -> Tracked:
    return Tracked(start, end, change.get(f"{W}author", ""), change.get(f"{W}date", ""))


def _merge(spans: list[Span]) -> list[Span]:
    """Adjacent spans of one style (a word split over several runs) as one."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.style.value, s.start)):
        if out and out[-1].style is s.style and out[-1].end == s.start:
            out[-1] = Span(out[-1].start, s.end, s.style)
        else:
            out.append(s)
    return sorted(out, key=lambda s: (s.start, s.style.value))


@dataclass(frozen=True)
class _StyleInfo:
    kind: BlockKind
    level: int


def _styles(document: Any) -> dict[str, _StyleInfo]:
    """Paragraph style id -> what it makes a paragraph (heading level, quote, list item)."""
    out: dict[str, _StyleInfo] = {}
    for style in document.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        info = _StyleInfo(BlockKind.PARAGRAPH, 0)
        chain = style
        while chain is not None:
            name = chain.name or ""
            lvl = chain.element.find(f"{W}pPr/{W}outlineLvl")
            m = _HEADING_NAME.match(name)
            if m or name == "Title" or (lvl is not None and lvl.get(f"{W}val", "9").isdigit()
                                        and int(lvl.get(f"{W}val", "9")) < 9):
                level = int(m.group(1)) if m else 1 if name == "Title" else int(lvl.get(f"{W}val")) + 1
                info = _StyleInfo(BlockKind.HEADING, level)
                break
            if "Quote" in name:
                info = _StyleInfo(BlockKind.QUOTE, 0)
                break
            if name.startswith("List"):
                info = _StyleInfo(BlockKind.ITEM, 0)
                break
            chain = chain.base_style
        out[style.style_id] = info
    return out


def _kind(p: etree._Element, styles: Mapping[str, _StyleInfo]) -> _StyleInfo:
    ppr = p.find(f"{W}pPr")
    if ppr is not None:
        lvl = ppr.find(f"{W}outlineLvl")
        if lvl is not None and lvl.get(f"{W}val", "9").isdigit() and int(lvl.get(f"{W}val", "9")) < 9:
            return _StyleInfo(BlockKind.HEADING, int(lvl.get(f"{W}val")) + 1)
        ps = ppr.find(f"{W}pStyle")
        info = styles.get(ps.get(f"{W}val", "")) if ps is not None else None
        if info is not None and info.kind is not BlockKind.PARAGRAPH:
            return info
        if ppr.find(f"{W}numPr") is not None:
            return _StyleInfo(BlockKind.ITEM, 0)
    return _StyleInfo(BlockKind.PARAGRAPH, 0)


def _toc_styles(document: Any) -> set[str]:
    """Ids of the paragraph styles of a table of contents ("toc 1"…, "TOC Heading")."""
    return {st.style_id for st in document.styles
            if st.type == WD_STYLE_TYPE.PARAGRAPH and (st.name or "").lower().startswith("toc")}


def _left_out(p: etree._Element, toc_styles: set[str]) -> bool:
    """A paragraph not read: the alternative copy of a text box, or a table of contents."""
    style = p.find(f"{W}pPr/{W}pStyle")
    if style is not None and style.get(f"{W}val") in toc_styles:
        return True
    for a in p.iterancestors():
        if a.tag == _MC_FALLBACK:
            return True
        gallery = a.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery") if a.tag == f"{W}sdt" else None
        if gallery is not None and gallery.get(f"{W}val") == "Table of Contents":
            return True
    return False


def _is_drop_cap(p: etree._Element) -> bool:
    """A drop cap: Word keeps the large first letter in a framed paragraph of its own."""
    frame = p.find(f"{W}pPr/{W}framePr")
    return frame is not None and frame.get(f"{W}dropCap") in ("drop", "margin")


def pending_revisions(root: etree._Element) -> int:
    return sum(1 for el in root.iter() if el.tag in _REVISIONS)


def _open(data: bytes, name: str) -> tuple[Any, dict[str, etree._ElementTree], etree._Element | None]:
    """python-docx's document (styles, properties), our parse of the text parts, and of the comments part."""
    zf = open_zip(data, name)
    parts = {p: parse_xml(read_member(zf, p, name), f"{name}: {p}")
             for p in (DOCUMENT, *NOTE_PARTS) if p in zf.namelist() or p == DOCUMENT}
    part, comments, _ = _comments_part(zf, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, its own errors… for a broken package
        raise InputError(f"{name} is not a readable Word document ({type(exc).__name__}: {exc})") from None
    return document, parts, parse_xml(comments, f"{name}: {part}").getroot() if comments is not None else None


def _remarks(comments: etree._Element | None, parts: Mapping[str, etree._ElementTree]) -> Remarks | None:
    """The comments (each paragraph a line) and which of them have a range in a paragraph of the text parts."""
    if comments is None:
        return None
    said = {c.get(f"{W}id", ""): Remark(c.get(f"{W}author", ""), c.get(f"{W}date", ""),
                                        "\n".join(finish(read_paragraph(p)[0]).text for p in c.iter(f"{W}p")))
            for c in comments.iter(f"{W}comment")}
    ranged = frozenset(el.get(f"{W}id", "") for t in parts.values() for el in t.getroot().iter(f"{W}commentRangeStart")
                       if next(el.iterancestors(f"{W}p"), None) is not None)
    return Remarks(said, ranged)


def _mark_deleted(p: etree._Element) -> bool:
    """A tracked change deleted the paragraph's mark: once accepted, it runs on into the next paragraph."""
    rpr = p.find(f"{W}pPr/{W}rPr")
    return rpr is not None and any(rpr.find(tag) is not None for tag in _DELETED)


def read(data: bytes, name: str, accepted: bool = False) -> Book:
    """The book in a Word file; one with tracked changes pending is refused, unless `accepted`: then it is read
    as if every change were accepted (a revised copy, align.formats.read_revised), each block with its changes."""
    document, parts, comments = _open(data, name)
    remarks = _remarks(comments, parts)
    pending = sum(pending_revisions(t.getroot()) for t in parts.values())
    if pending and not accepted:
        raise InputError(f"{name} has {pending} tracked change(s) pending; accept or reject them in Word first, "
                         "then import it")
    styles, toc = _styles(document), _toc_styles(document)
    builder = BookBuilder(Format.DOCX, document.core_properties.title or "")
    held: list[tuple[int, etree._Element]] = []  # a drop cap, paragraphs whose mark was deleted: read with the next
    for n, p in enumerate(parts[DOCUMENT].getroot().iter(f"{W}p")):
        if _left_out(p, toc):
            continue
        if _is_drop_cap(p) or accepted and _mark_deleted(p):
            held.append((n, p))
            continue
        info = _kind(p, styles)
        at: dict[str, Any] = {"part": DOCUMENT, "p": n}
        if held and _is_drop_cap(held[0][1]):
            at["dropcap"] = held[0][0]
        builder.add(info.kind, read_paragraph(*(q for _, q in held), p, accepted=accepted, remarks=remarks)[0], at,
                    info.level)
        held = []
    if held:
        builder.add(BlockKind.PARAGRAPH, read_paragraph(*(q for _, q in held), accepted=accepted, remarks=remarks)[0],
                    {"part": DOCUMENT, "p": held[0][0]})
    for part, (tag, prefix) in NOTE_PARTS.items():
        if part not in parts:
            continue
        root = parts[part].getroot()
        paragraphs = list(root.iter(f"{W}p"))  # kept alive, so iterating again gives the same proxies
        ordinal = {p: n for n, p in enumerate(paragraphs)}
        for note in root.iter(f"{W}{tag}"):
            if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            for p in note.iter(f"{W}p"):
                builder.add_footnote(f"{prefix}{note.get(f'{W}id')}",
                                     read_paragraph(p, accepted=accepted, remarks=remarks)[0],
                                     {"part": part, "p": ordinal[p]})
    return builder.build()


# --- write-back ---------------------------------------------------------------------------------------------


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _text_el(tag: str, text: str) -> etree._Element:
    el = etree.Element(f"{W}{tag}")
    el.text = text
    el.set(_XML_SPACE, "preserve")
    return el


def _split(slot: Slot) -> None:
    """Cut slot.run so that the character at `slot` starts a run; the left part stays the original element."""
    run, child = slot.run, slot.child
    content = [c for c in run if c.tag != f"{W}rPr"]
    k = content.index(child)
    if k == 0 and slot.offset == 0:
        return
    right = copy.deepcopy(run)
    right_content = [c for c in right if c.tag != f"{W}rPr"]
    for c in right_content[:k]:
        right.remove(c)
    for c in content[k + 1 :]:
        run.remove(c)
    if slot.offset > 0:
        text = child.text or ""
        child.text = text[: slot.offset]
        child.set(_XML_SPACE, "preserve")
        right_content[k].text = text[slot.offset :]
        right_content[k].set(_XML_SPACE, "preserve")
    else:
        run.remove(child)
    run.addnext(right)


def _boundary(ps: Sequence[etree._Element], pos: int) -> TextMap:
    """Make raw text position `pos` a run boundary; the paragraph's fresh map."""
    where = read_paragraph(*ps)[1]
    if pos < where.length:
        _split(where.at(pos))
        where = read_paragraph(*ps)[1]
    return where


def _revision(runs: list[etree._Element], tag: str, change: Change, ids: Iterator[int]) -> etree._Element:
    """Wrap runs (consecutive siblings, or a new run) in a w:ins/w:del by the change's author; returns it."""
    wrapper = etree.Element(f"{W}{tag}")
    wrapper.set(f"{W}id", str(next(ids)))
    wrapper.set(f"{W}author", change.author or "align")
    wrapper.set(f"{W}date", change.date)
    if runs[0].getparent() is not None:
        runs[0].addprevious(wrapper)
    for r in runs:
        wrapper.append(r)
    return wrapper


def _groups(runs: list[etree._Element]) -> list[list[etree._Element]]:
    """Runs split into groups of immediately consecutive siblings."""
    out: list[list[etree._Element]] = []
    for r in runs:
        if out and out[-1][-1].getnext() is r:
            out[-1].append(r)
        else:
            out.append([r])
    return out


COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_RELS = "word/_rels/document.xml.rels"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def comment_element(cid: int, remark: Remark) -> etree._Element:
    """A `w:comment` holding the remark's text, one paragraph per line, by its author at its date."""
    el = etree.Element(f"{W}comment", nsmap={"w": W_NS})
    el.set(f"{W}id", str(cid))
    el.set(f"{W}author", remark.author or "align")
    el.set(f"{W}date", remark.date)
    el.set(f"{W}initials", "".join(w[0] for w in remark.author.split() if w)[:4])
    for k, line in enumerate(remark.text.split("\n")):
        p = etree.SubElement(el, f"{W}p")
        if k == 0:
            etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}annotationRef")
        etree.SubElement(p, f"{W}r").append(_text_el("t", line))
    return el


def anchor_comment(first: etree._Element, last: etree._Element, cid: int) -> None:
    """Mark first..last (siblings in a paragraph) as the range of comment `cid`, with its reference mark."""
    start = etree.Element(f"{W}commentRangeStart")
    start.set(f"{W}id", str(cid))
    end = etree.Element(f"{W}commentRangeEnd")
    end.set(f"{W}id", str(cid))
    ref = etree.Element(f"{W}r")
    etree.SubElement(ref, f"{W}commentReference").set(f"{W}id", str(cid))
    first.addprevious(start)
    last.addnext(end)
    end.addnext(ref)


def _comments_part(zf: Any, name: str) -> tuple[str, bytes | None, etree._ElementTree | None]:
    """Where the document's comments live, their bytes (None when it has none), and its relationships."""
    rels = parse_xml(read_member(zf, _RELS, name), f"{name}: {_RELS}") if _RELS in zf.namelist() else None
    for rel in rels.getroot().iter(f"{_PKG_RELS}Relationship") if rels is not None else ():
        if rel.get("Type") == COMMENTS_TYPE:
            part = "word/" + rel.get("Target", "comments.xml").lstrip("/").removeprefix("word/")
            return part, read_member(zf, part, name) if part in zf.namelist() else None, rels
    return "word/comments.xml", None, rels


def first_comment_id(data: bytes, name: str) -> int:
    """The first comment id not used by the Word file's own comments."""
    _, existing, _ = _comments_part(open_zip(data, name), name)
    return max((int(m) + 1 for m in re.findall(rb'w:id="(\d+)"', existing or b"")), default=0)


def add_comments(data: bytes, name: str, comments: Sequence[etree._Element]) -> bytes:
    """The Word file with `comments` (`comment_element`s, anchored already) after its own, making the
    comments part, its relationship and content type when it has none."""
    if not comments:
        return data
    zf = open_zip(data, name)
    part, existing, rels = _comments_part(zf, name)
    if existing is not None:
        root_ns = parse_xml(existing, f"{name}: {part}").getroot().nsmap
        cut = existing.rindex(b"</")
        return repack(data, {part: existing[:cut] + b"".join(splice.fragment(c, root_ns) for c in comments)
                             + existing[cut:]})
    if rels is None:
        raise InputError(f"{name} has no {_RELS}: the file is corrupt")
    root = etree.Element(f"{W}comments", nsmap={"w": W_NS})
    root.extend(comments)
    rel_root = rels.getroot()
    taken = {r.get("Id") for r in rel_root}
    rid = next(f"rId{n}" for n in range(1, len(taken) + 2) if f"rId{n}" not in taken)
    etree.SubElement(rel_root, f"{_PKG_RELS}Relationship", Id=rid, Type=COMMENTS_TYPE, Target="comments.xml")
    types = parse_xml(read_member(zf, "[Content_Types].xml", name), name).getroot()
    etree.SubElement(types, f"{_CT}Override", PartName="/" + part, ContentType=COMMENTS_CONTENT)
    return repack(data, {part: _xml(root), _RELS: _xml(rel_root), "[Content_Types].xml": _xml(types)})


def _xml(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


class _Comments:
    """The comments a write-back adds, numbered after the document's own."""

    def __init__(self, first_id: int) -> None:
        self.ids = itertools.count(first_id)
        self.added: list[etree._Element] = []

    def add(self, first: etree._Element, last: etree._Element, remark: Remark) -> None:
        cid = next(self.ids)
        anchor_comment(first, last, cid)
        self.added.append(comment_element(cid, remark))


def edit_paragraph(ps: Sequence[etree._Element], expected: str, changes: Sequence[Change], tracked: bool,
                   ids: Iterator[int], name: str, comments: _Comments | None = None) -> None:
    """Make `changes` (in offsets of the block's stored text) inside the runs of its paragraph(s)."""
    raw, _ = read_paragraph(*ps)
    if finish(raw).text != expected:
        raise InputError(f"{name} no longer holds the imported text; re-import the original (--force)")
    lead = len(raw.text) - len(raw.text.lstrip())
    for ch in sorted(changes, key=lambda c: (c.start, c.end), reverse=True):
        start, end = lead + ch.start, lead + ch.end
        _boundary(ps, end)
        where = _boundary(ps, start)
        doomed = where.runs(start, end)
        if doomed:
            template = doomed[0]
        elif where.pieces:
            template = where.at(start - 1).run if start > 0 else where.at(start).run
        else:
            raise InputError(f"{name} has no text run to attach a change to")
        new = None
        if ch.text:
            new = etree.Element(f"{W}r")
            rpr = template.find(f"{W}rPr")
            if rpr is not None:
                new.append(copy.deepcopy(rpr))
            new.append(_text_el("t", ch.text))
        last = doomed[-1] if doomed else None
        if tracked:
            for r in doomed:
                for t in r.iter(f"{W}t", f"{W}instrText"):
                    t.tag = f"{W}delText" if t.tag == f"{W}t" else f"{W}delInstrText"
            last = ([_revision(group, "del", ch, ids) for group in _groups(doomed)] or [None])[-1]
            if new is not None:
                new = _revision([new], "ins", ch, ids)
        first = doomed[0].getparent() if tracked and doomed else new
        if new is not None:
            if last is not None:
                last.addnext(new)
            elif ch.start > 0:
                template.addnext(new)
            else:
                template.addprevious(new)
        closing = new if new is not None else last
        if tracked and comments is not None and ch.remark is not None and first is not None and closing is not None:
            comments.add(first, closing, ch.remark)
        if not tracked:
            for r in doomed:
                r.getparent().remove(r)


_P_TAG = re.compile(rb"<(/?)w:p(?=[\s/>])[^>]*?(/?)>")


def paragraph_ranges(xml: bytes) -> list[tuple[int, int]]:
    """Byte range of every `<w:p>` element, in document (start tag) order."""
    return splice.element_ranges(xml, _P_TAG)


def _rewrite_part(xml: bytes, where: str, paragraphs: Mapping[tuple[int, ...], tuple[str, Sequence[Change]]],
                  tracked: bool, ids: Iterator[int], comments: _Comments) -> bytes:
    tree = parse_xml(xml, where)
    root = tree.getroot()
    ps = list(root.iter(f"{W}p"))
    for ns, (expected, changes) in paragraphs.items():
        if max(ns) >= len(ps):
            raise InputError(f"{where}: paragraph {max(ns)} is gone; re-import the original (--force)")
        edit_paragraph([ps[n] for n in ns], expected, changes, tracked, ids, f"{where} paragraph {ns[-1]}", comments)
    spliced = splice.splice(xml, root, ps, (n for ns in paragraphs for n in ns), _P_TAG) if root.prefix == "w" else None
    return spliced if spliced is not None else bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                                                                    standalone=True))


def _max_id(xmls: Sequence[bytes]) -> int:
    ids = [int(m) for x in xmls for m in re.findall(rb'w:id="(\d+)"', x)]
    return max(ids, default=0)


def write_back(original: bytes, name: str, book: Book, changes: Mapping[int, Sequence[Change]],
               tracked: bool) -> bytes:
    """The original Word file with `changes` (by block index) made in place, tracked (with the changes'
    remarks as comments) or clean."""
    zf = open_zip(original, name)
    by_part: dict[str, dict[tuple[int, ...], tuple[str, list[Change]]]] = {}
    for k, block_changes in changes.items():
        block = book.blocks[k]
        ns = (int(block.at["dropcap"]), int(block.at["p"])) if "dropcap" in block.at else (int(block.at["p"]),)
        entry = by_part.setdefault(block.at["part"], {}).setdefault(ns, (block.text, []))
        entry[1].extend(block_changes)
    xmls = {part: read_member(zf, part, name) for part in by_part}
    ids = iter(range(_max_id(list(xmls.values())) + 1, 1 << 31))
    comments = _Comments(first_comment_id(original, name))
    replaced = {part: _rewrite_part(xmls[part], f"{name}: {part}", paras, tracked, ids, comments)
                for part, paras in by_part.items()}
    return add_comments(repack(original, replaced), name, comments.added)
