"""Inline text of an XML element with a map back to the XML, and edits written through it.

FB2, the XHTML of EPUB, HTML and ODT paragraphs are mixed content: text, inline elements
(emphasis, links, spans), footnote references and empty elements standing for characters
(a line break, ODT's `text:s`). `collect` reads one block element into its text, spans,
note references and ranged marks (align.formats.model.Marks: ODT's comments, and, for a revised
copy, its tracked changes' marks),
with whitespace collapsed as XML renderers collapse it and soft hyphens dropped; with
`mapped=True` it also says, for every character, which text node (an element's `.text` or
`.tail`, or an element itself) and which range of it the character came from. `apply_edits`
uses that map to replace ranges of a block's text inside the original element, so the inline
markup around an edit stays where it was. What it is made of serves ODT's write-back too:
places in mixed content (`Point`, `point_before`/`point_after` a character), `cut` (characters
out of their text nodes), `insert` (text and elements at a place), and `lift` (split the inline
elements around a place, both parts keeping their attributes, so that marks can go between them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from lxml import etree

from align.errors import InputError
from align.formats.model import Change, Collected, Marks, Remark, Span, Style, Tracked, finish


class Act(Enum):
    INLINE = "inline"  # descend; the content is text (optionally with a style)
    SKIP = "skip"  # leave out with its content (images, scripts, nested notes)
    NOTE = "note"  # a footnote reference: left out of the text, its place recorded
    CHARS = "chars"  # an empty element standing for characters (a line break, spaces)
    # A ranged mark (`Rule.mark`: a tracked change, a comment; `Rule.note` its id), left out of the text with its
    # content, its place recorded (align.formats.model.Marks):
    MARK_AT = "mark-at"  # at a point (where a deletion was, a comment on no range)
    MARK_START = "mark-start"  # where its range begins
    MARK_END = "mark-end"  # ...and ends


@dataclass(frozen=True)
class Rule:
    act: Act
    style: Style | None = None
    chars: str = ""
    note: str = ""
    mark: Tracked | Remark | None = None  # a ranged mark's author, date (and a comment's text)


XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
INLINE = Rule(Act.INLINE)
SKIP = Rule(Act.SKIP)
Classify = Callable[[etree._Element], Rule]


class Slot(NamedTuple):
    """Where one character of the text came from: node.text, node.tail, or the element node (a tuple: one is
    made per character)."""

    node: etree._Element
    kind: str  # "text" | "tail" | "elem"
    start: int
    end: int


_TOKEN = re.compile(r"([ \t\n\r]+)|(\xad+)|([^ \t\n\r\xad]+)")
_WS = re.compile(r"[ \t\n\r]+")


class _Collector:
    def __init__(self, classify: Classify, mapped: bool) -> None:
        self.classify = classify
        self.mapped = mapped
        self.parts: list[str] = []
        self.pos = 0
        self.space = True  # the last character is a space (or there is none yet)
        self.spans: list[Span] = []
        self.notes: list[tuple[int, str]] = []
        self.slots: list[Slot] = []
        self.marks = Marks()

    def emit(self, s: str | None, node: etree._Element, kind: str) -> None:
        if not s:
            return
        if not self.mapped:
            out = _WS.sub(" ", s.replace("\xad", ""))
            if self.space and out.startswith(" "):
                out = out[1:]
            if out:
                self.parts.append(out)
                self.pos += len(out)
                self.space = out.endswith(" ")
            return
        for m in _TOKEN.finditer(s):
            if m.group(1):
                if not self.space:
                    self._put(" ", node, kind, m.start(), m.end())
                    self.space = True
            elif m.group(3):
                self.parts.append(m.group(3))
                self.slots += [Slot(node, kind, k, k + 1) for k in range(m.start(), m.end())]
                self.pos += m.end() - m.start()
                self.space = False

    def _put(self, ch: str, node: etree._Element, kind: str, start: int, end: int) -> None:
        self.parts.append(ch)
        self.slots.append(Slot(node, kind, start, end))
        self.pos += 1

    def walk(self, el: etree._Element) -> None:
        self.emit(el.text, el, "text")
        for child in el:
            rule = self.classify(child) if isinstance(child.tag, str) else SKIP
            if rule.act is Act.INLINE:
                start = self.pos
                self.walk(child)
                if rule.style is not None and self.pos > start:
                    self.spans.append(Span(start, self.pos, rule.style))
            elif rule.act is Act.NOTE:
                self.notes.append((self.pos, rule.note))
            elif rule.mark is not None:
                self.place(rule, rule.mark)
            elif rule.act is Act.CHARS and rule.chars:
                for ch in rule.chars:
                    if self.mapped:
                        self._put(ch, child, "elem", 0, 0)
                    else:
                        self.parts.append(ch)
                        self.pos += 1
                self.space = rule.chars[-1] == " "
            self.emit(child.tail, child, "tail")

    def place(self, rule: Rule, mark: Tracked | Remark) -> None:
        if rule.act is Act.MARK_START:
            self.marks.begin(mark, rule.note, self.pos)
        elif rule.act is Act.MARK_END:
            self.marks.end(mark, rule.note, self.pos)
        else:
            self.marks.at(mark, self.pos)


def collect(el: etree._Element, classify: Classify, mapped: bool = False) -> tuple[Collected, list[Slot]]:
    """The element's inline text (raw, before `finish`) and, if `mapped`, one Slot per character."""
    c = _Collector(classify, mapped)
    c.walk(el)
    tracked, remarks = c.marks.close(c.pos)
    return Collected("".join(c.parts), c.spans, c.notes, tracked, remarks), c.slots


def _get(node: etree._Element, kind: str) -> str:
    return (node.text if kind == "text" else node.tail) or ""


def _set(node: etree._Element, kind: str, value: str) -> None:
    if kind == "text":
        node.text = value or None
    else:
        node.tail = value or None


def _before(node: etree._Element) -> tuple[etree._Element, str]:
    """The text slot just before an element: its previous sibling's tail, or its parent's text."""
    prev = node.getprevious()
    return (prev, "tail") if prev is not None else (node.getparent(), "text")


def _remove(node: etree._Element) -> None:
    target, kind = _before(node)
    _set(target, kind, _get(target, kind) + (node.tail or ""))
    node.getparent().remove(node)


@dataclass(frozen=True)
class Point:
    """A place in mixed content: `offset` characters into node.text ("text") or node.tail ("tail")."""

    node: etree._Element
    kind: str
    offset: int


def point_before(slot: Slot) -> Point:
    """Where a character starts (before an element standing for characters: the end of the text before it)."""
    if slot.kind != "elem":
        return Point(slot.node, slot.kind, slot.start)
    node, kind = _before(slot.node)
    return Point(node, kind, len(_get(node, kind)))


def point_after(slot: Slot) -> Point:
    """Where a character ends (after an element standing for characters: the start of its tail)."""
    return Point(slot.node, "tail", 0) if slot.kind == "elem" else Point(slot.node, slot.kind, slot.end)


def pieces(span: Sequence[Slot]) -> list[tuple[Slot, int, int]]:
    """The characters of consecutive slots as pieces of their text nodes, in order: (first slot, start, end)
    in one node's text or tail (a soft hyphen between two characters is in the piece), or an element."""
    groups: dict[tuple[int, str], tuple[Slot, int, int]] = {}
    for s in span:
        key = (id(s.node), s.kind)
        first, lo, hi = groups.get(key, (s, s.start, s.end))
        groups[key] = (first, min(lo, s.start), max(hi, s.end))
    return list(groups.values())


def cut(span: Sequence[Slot]) -> None:
    """Remove the characters of `span` (consecutive slots) from the XML; a `point_before` its first slot,
    taken before the cut, is where they were after it."""
    doomed: list[etree._Element] = []
    for first, lo, hi in pieces(span):
        if first.kind == "elem":
            doomed.append(first.node)
        else:
            value = _get(first.node, first.kind)
            _set(first.node, first.kind, value[:lo] + value[hi:])
    for node in doomed:
        _remove(node)


def insert(at: Point, items: Sequence[str | etree._Element]) -> None:
    """Put text and elements (without tails) at `at`, in order; the text that followed `at` follows them."""
    value = _get(at.node, at.kind)
    node, kind = at.node, at.kind
    _set(node, kind, value[: at.offset])
    for item in items:
        if isinstance(item, str):
            _set(node, kind, _get(node, kind) + item)
            continue
        if kind == "text":
            node.insert(0, item)
        else:
            node.addnext(item)
        node, kind = item, "tail"
    _set(node, kind, _get(node, kind) + value[at.offset :])


def shallow_copy(el: etree._Element) -> etree._Element:
    """An empty element with el's tag and attributes but its xml:id (an id names one element)."""
    return el.makeelement(el.tag, {k: v for k, v in el.attrib.items() if k != XML_ID})


def lift(at: Point, top: etree._Element) -> tuple[Point, list[etree._Element]]:
    """Split the elements `at` is inside, below `top`, in two there (both parts keep the element's
    attributes), so that `at` lies in top's own content: that place, and the elements it was inside,
    outermost first (copies of them around new text put there give it the formatting it had)."""
    chain: list[etree._Element] = []
    while True:
        outer = at.node if at.kind == "text" else at.node.getparent()
        if outer is top:
            return at, chain[::-1]
        chain.append(outer)
        value = _get(at.node, at.kind)
        later = list(outer) if at.kind == "text" else list(at.node.itersiblings())
        if at.kind == "text" and at.offset == 0:  # at its start: before it
            node, kind = _before(outer)
            at = Point(node, kind, len(_get(node, kind)))
            continue
        if at.offset < len(value) or later:
            right = shallow_copy(outer)
            right.text = value[at.offset :] or None
            _set(at.node, at.kind, value[: at.offset])
            right.extend(later)
            right.tail, outer.tail = outer.tail, None
            outer.addnext(right)
        at = Point(outer, "tail", 0)


def apply_edits(el: etree._Element, classify: Classify, expected: str,
                edits: Sequence[Change], where: str) -> None:
    """Replace text[start:end] by each edit's text inside `el` (edits in block-text offsets); the new text
    goes where the first replaced character was (or, at the end of the text, after the last one)."""
    raw, slots = collect(el, classify, mapped=True)
    body = finish(raw).text
    if body != expected:
        raise InputError(f"{where} no longer holds the imported text; re-import the original (--force)")
    lead = len(raw.text) - len(raw.text.lstrip())
    for start, end, repl in sorted(((e.start, e.end, e.text) for e in edits), reverse=True):
        at = point_before(slots[lead + start]) if start < len(body) else point_after(slots[lead + start - 1])
        cut(slots[lead + start : lead + end])
        if repl:
            insert(at, [repl])
