"""The book-structure model every importer produces and every write-back reads.

A `Book` is a list of `Block`s in reading order: headings, paragraphs, block quotes,
verse lines, list items and, last, the footnotes (kept apart from the running text, so
they are never spliced into a sentence). Each block is one line of the stored text
(`texts/LANG/ID.txt`), so block k is paragraph k of `align.segment`. A block carries its
inline emphasis as spans, the places where footnote references stood, the chapter it
belongs to, and `at`: where it lives in the original file (for XML formats the part and
the element's XPath, for DOCX the part and the ordinal of its `w:p`), which is what
write-back needs, and the comments the manuscript holds on its text (`Remark`s: a Word comment,
an ODT annotation). A block of a revised copy (`align.formats.read_revised`) also says where
its tracked changes are, by whom and when (`Tracked`); that is never stored. Readers meet
both kinds of mark as a beginning, an end or a point between pieces of text (`Marks`).

`BookBuilder` turns what a parser finds into blocks: it normalises text (soft hyphens
dropped, line-breaking characters made spaces, ends stripped exactly as the segmenter
strips them) and numbers chapters: a chapter starts at a run of headings of the book's
two top levels, or where a format says a new file or section begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from os.path import commonprefix
from typing import Any

from align.hygiene import codepoint, find_bad


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"  # block quotes, epigraphs, citations
    VERSE = "verse"  # one line of a poem
    ITEM = "item"  # a list item
    FOOTNOTE = "footnote"  # one paragraph of a footnote or endnote


class Style(StrEnum):
    ITALIC = "italic"
    BOLD = "bold"
    SUP = "sup"
    SUB = "sub"
    STRIKE = "strike"
    CODE = "code"


class Format(StrEnum):
    TXT = "txt"
    MARKDOWN = "md"
    HTML = "html"
    FB2 = "fb2"
    EPUB = "epub"
    DOCX = "docx"
    ODT = "odt"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    style: Style


@dataclass(frozen=True)
class Tracked:
    """A tracked change of a revised copy read as if every change were accepted: it inserted
    text[start:end] of its block (start == end: it deleted text there), by `author` at `date`
    (as the file gives them, either may be empty)."""

    start: int
    end: int
    author: str
    date: str


@dataclass(frozen=True)
class Remark:
    """A comment by `author` at `date` (either may be empty): on a change (Word writes it as a comment anchored on
    the change), or one a manuscript holds, on text[start:end] of its block (start == end: at a point)."""

    author: str
    date: str
    text: str
    start: int = 0
    end: int = 0

    def row(self) -> list[Any]:
        """As the structure file stores it."""
        return [self.start, self.end, self.author, self.date, self.text]


MAX_REMARK_TEXT = 10_000  # characters of a manuscript's comment kept (a longer one cut, ending with CUT_MARK)
MAX_REMARK_NAME = 200  # characters of a comment's author or date
MAX_REMARKS = 10_000  # comments kept per book, the first ones
CUT_MARK = " […]"


def remark_from_row(row: object, text: str) -> Remark:
    """A stored comment ([start, end, author, date, text]) on a block's `text`; ValueError saying what is wrong."""
    if not isinstance(row, list) or len(row) != 5:
        raise ValueError("a comment must be [start, end, author, date, text]")
    start, end, author, date, said = row
    if type(start) is not int or type(end) is not int or not 0 <= start <= end <= len(text):
        raise ValueError(f"a comment's range {start!r}..{end!r} is not within the block's {len(text)} characters")
    for name, value, limit in (("author", author, MAX_REMARK_NAME), ("date", date, MAX_REMARK_NAME),
                               ("text", said, MAX_REMARK_TEXT)):
        if not isinstance(value, str) or len(value) > limit:
            raise ValueError(f"a comment's {name} must be a string of at most {limit} characters")
        bad = find_bad(value)
        if bad is not None:
            raise ValueError(f"a comment's {name} holds a character no text may hold ({codepoint(bad.group())})")
    return Remark(author, date, said, start, end)


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    at: dict[str, Any]
    level: int = 0  # heading level from 1; 0 for everything else
    chapter: int = 0
    spans: tuple[Span, ...] = ()
    notes: tuple[tuple[int, str], ...] = ()  # (offset in text, note id) where a reference stood
    note: str = ""  # for footnotes: the note's id
    tracked: tuple[Tracked, ...] = ()  # a revised copy's tracked changes in this block (never stored)
    remarks: tuple[Remark, ...] = ()  # the manuscript's comments beginning in this block

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind.value, "len": len(self.text), "chapter": self.chapter, "at": self.at}
        if self.level:
            out["level"] = self.level
        if self.spans:
            out["spans"] = [[s.start, s.end, s.style.value] for s in self.spans]
        if self.notes:
            out["notes"] = [list(n) for n in self.notes]
        if self.note:
            out["note"] = self.note
        if self.remarks:
            out["remarks"] = [r.row() for r in self.remarks]
        return out

    @classmethod
    def from_dict(cls, row: dict[str, Any], text: str) -> Block:
        return cls(
            kind=BlockKind(row["kind"]),
            text=text,
            at=dict(row["at"]),
            level=int(row.get("level", 0)),
            chapter=int(row["chapter"]),
            spans=tuple(Span(int(s), int(e), Style(st)) for s, e, st in row.get("spans", [])),
            notes=tuple((int(o), str(n)) for o, n in row.get("notes", [])),
            note=str(row.get("note", "")),
            remarks=tuple(remark_from_row(r, text) for r in _listed(row.get("remarks", []), "remarks", MAX_REMARKS)),
        )


def _listed(value: object, what: str, most: int) -> list[Any]:
    if not isinstance(value, list) or len(value) > most:
        raise ValueError(f"'{what}' must be a list of at most {most} entries")
    return value


@dataclass(frozen=True)
class Change:
    """Replace text[start:end] of one block by `text`, by `author` at `date` (ISO; tracked changes use them),
    with an optional remark on it."""

    start: int
    end: int
    text: str
    author: str = ""
    date: str = ""
    remark: Remark | None = None

    def narrowed(self, old: str) -> Change:
        """The same change without the whole words it leaves as they were at either end (`old` is
        text[start:end]): "The ferry" -> "The boat" becomes "ferry" -> "boat", so a tracked change
        shows what changed and the runs around it (a drop cap, a footnote mark) stay untouched."""
        a, b = _WORDS.findall(old), _WORDS.findall(self.text)
        head = len(commonprefix([a, b]))  # element-wise on lists too
        tail = len(commonprefix([a[head:][::-1], b[head:][::-1]]))
        cut_start = sum(map(len, a[:head]))
        cut_end = sum(map(len, a[len(a) - tail :]))
        new = self.text[cut_start : len(self.text) - sum(map(len, b[len(b) - tail :]))]
        return Change(self.start + cut_start, self.end - cut_end, new, self.author, self.date, self.remark)


@dataclass(frozen=True)
class Chapter:
    """Blocks first..end-1 (indices into Book.blocks); the title is its first heading's text."""

    index: int
    title: str
    first: int
    end: int


@dataclass(frozen=True)
class Book:
    format: Format
    blocks: list[Block]
    title: str = ""

    @property
    def text(self) -> str:
        """The stored text: one block a line."""
        return "".join(b.text + "\n" for b in self.blocks)

    @property
    def chapters(self) -> list[Chapter]:
        out: list[Chapter] = []
        for k, b in enumerate(self.blocks):
            if not out or b.chapter != out[-1].index:
                title = b.text if b.kind is BlockKind.HEADING else "notes" if b.kind is BlockKind.FOOTNOTE else ""
                out.append(Chapter(b.chapter, title, k, k + 1))
            else:
                out[-1] = Chapter(out[-1].index, out[-1].title, out[-1].first, k + 1)
        return out


_WORDS = re.compile(r"\w+|[^\w\s]+|\s+")  # a text as words, runs of marks and runs of spaces
# Line-breaking characters: inside a block they become spaces (a block is one line of the text).
_LINE_BREAKS = dict.fromkeys(map(ord, "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"), " ")


@dataclass
class Collected:
    """Raw inline text of one block as a parser gathered it, before normalising."""

    text: str
    spans: list[Span] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    tracked: list[Tracked] = field(default_factory=list)
    remarks: list[Remark] = field(default_factory=list)


class Marks:
    """The ranged marks of one block's text as a reader meets them in order: a revised copy's tracked changes
    (`Tracked`) and a manuscript's comments (`Remark`), each named by an id unique among marks of its kind.

    A range begun (`begin`) is recorded when it ends (`end`), one still open when the block ends (`close`) ends
    with the block. An end whose beginning lay in an earlier block: a tracked change counts from the block's
    start (every block it runs through shows it), a comment is left out (it is recorded once, on the block where
    its range begins)."""

    def __init__(self) -> None:
        self.opened: dict[tuple[type, str], tuple[int, Tracked | Remark]] = {}
        self.found: list[Tracked | Remark] = []

    def begin(self, mark: Tracked | Remark, key: str, pos: int) -> None:
        self.opened[(type(mark), key)] = (pos, mark)

    def end(self, mark: Tracked | Remark, key: str, pos: int) -> None:
        """The end of a range: recorded with what its beginning said (a comment's end says nothing)."""
        begun = self.opened.pop((type(mark), key), None)
        if begun is not None:
            self.found.append(replace(begun[1], start=begun[0], end=pos))
        elif isinstance(mark, Tracked):
            self.found.append(replace(mark, start=0, end=pos))

    def at(self, mark: Tracked | Remark, pos: int) -> None:
        self.found.append(replace(mark, start=pos, end=pos))

    def close(self, pos: int) -> tuple[list[Tracked], list[Remark]]:
        """The marks found, by kind in text order, ranges still open ending at `pos` (the block's end)."""
        found = sorted(self.found + [replace(m, start=start, end=pos) for start, m in self.opened.values()],
                       key=lambda m: m.start)
        return [m for m in found if isinstance(m, Tracked)], [m for m in found if isinstance(m, Remark)]


def finish(c: Collected) -> Collected:
    """Strip the ends as the segmenter does and keep spans and note offsets in step.

    Parsers already removed soft hyphens and turned line breaks into spaces (they keep
    a character map for write-back, so they own every change of length)."""
    text = c.text.translate(_LINE_BREAKS)
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    n = len(body)

    def clip(x: int) -> int:
        return min(max(x - lead, 0), n)

    spans = [Span(clip(s.start), clip(s.end), s.style) for s in c.spans if clip(s.start) < clip(s.end)]
    tracked = [replace(t, start=clip(t.start), end=clip(t.end)) for t in c.tracked]
    remarks = [replace(r, start=clip(r.start), end=clip(r.end)) for r in c.remarks]
    return Collected(body, spans, [(clip(o), nid) for o, nid in c.notes], tracked, remarks)


@dataclass
class BookBuilder:
    """Collects blocks in reading order, footnotes apart, and numbers chapters at the end."""

    format: Format
    title: str = ""
    body: list[tuple[Block, bool]] = field(default_factory=list)  # (block, a format boundary before it)
    footnotes: list[Block] = field(default_factory=list)
    _boundary: bool = False

    def boundary(self) -> None:
        """The next block starts a new chapter (a new file of an e-book, a top-level section)."""
        self._boundary = True

    def add(self, kind: BlockKind, raw: Collected, at: dict[str, Any], level: int = 0) -> None:
        c = finish(raw)
        if not c.text:
            return
        block = Block(kind, c.text, at, level, 0, tuple(c.spans), tuple(c.notes), tracked=tuple(c.tracked),
                      remarks=tuple(c.remarks))
        self.body.append((block, self._boundary))
        self._boundary = False

    def make_heading(self, k: int, level: int) -> None:
        """Body block k is a heading of `level` (a paragraph an e-book's table of contents names)."""
        block, boundary = self.body[k]
        self.body[k] = (replace(block, kind=BlockKind.HEADING, level=level), boundary)

    def add_footnote(self, note_id: str, raw: Collected, at: dict[str, Any]) -> None:
        c = finish(raw)
        if c.text:
            self.footnotes.append(Block(BlockKind.FOOTNOTE, c.text, at, 0, 0, tuple(c.spans), note=note_id,
                                        tracked=tuple(c.tracked), remarks=tuple(c.remarks)))

    def build(self) -> Book:
        levels = sorted({b.level for b, _ in self.body if b.kind is BlockKind.HEADING})
        top = set(levels[:2])
        chapter, blocks, prev_heading = -1, [], False
        for b, boundary in self.body:
            is_top = b.kind is BlockKind.HEADING and b.level in top
            if chapter < 0 or boundary or (is_top and not prev_heading):
                chapter += 1
            prev_heading = is_top
            blocks.append(_with_chapter(b, chapter))
        if self.footnotes:
            chapter += 1
            blocks += [_with_chapter(b, chapter) for b in self.footnotes]
        return Book(self.format, blocks, self.title)


def _with_chapter(b: Block, chapter: int) -> Block:
    return replace(b, chapter=chapter)
