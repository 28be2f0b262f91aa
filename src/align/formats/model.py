"""The book-structure model every importer produces and every write-back reads.

A `Book` is a list of `Block`s in reading order: headings, paragraphs, block quotes,
verse lines, list items and, last, the footnotes (kept apart from the running text, so
they are never spliced into a sentence). Each block is one line of the stored text
(`texts/LANG/ID.txt`), so block k is paragraph k of `align.segment`. A block carries its
inline emphasis as spans, the places where footnote references stood, the chapter it
belongs to, and `at`: where it lives in the original file (for XML formats the part and
the element's XPath, for DOCX the part and the ordinal of its `w:p`), which is what
write-back needs. A block of a revised copy (`align.formats.read_revised`) also says where
its tracked changes are, by whom and when (`Tracked`); that is never stored.

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
        )


@dataclass(frozen=True)
class Remark:
    """A comment on a change, by `author` at `date` (Word writes it as a comment anchored on the change)."""

    author: str
    date: str
    text: str


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
    tracked = [Tracked(clip(t.start), clip(t.end), t.author, t.date) for t in c.tracked]
    return Collected(body, spans, [(clip(o), nid) for o, nid in c.notes], tracked)


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
        block = Block(kind, c.text, at, level, 0, tuple(c.spans), tuple(c.notes), tracked=tuple(c.tracked))
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
                                        tracked=tuple(c.tracked)))

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
