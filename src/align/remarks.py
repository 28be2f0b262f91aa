"""The comments a manuscript holds (its translator's or an editor's "check the date"), listed where people find them.

An imported DOCX or ODT keeps its comments on the blocks of its stored structure (align.formats: `Remark`s in
block-text offsets, never part of the book's text). This module owns turning them into what a reader of the
workbench or the command line needs: for each comment the place in the stored text as people count it
("¶12, sentence 3", align.segment), the sentence's id, the text it is on, its author, date and what it says.
Block k is paragraph k of the stored text (one block a line), so a comment's offsets are its paragraph's start
plus its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from align import formats
from align.project import Project
from align.segment import Segment, Segmentation, load_segmentation


@dataclass(frozen=True)
class RemarkAt:
    """A manuscript's comment with where it is: on text[start:end] of the stored text (start == end: at a point),
    in sentence `sentence` (the first it touches), which people call `where`."""

    where: str
    sentence: str
    start: int
    end: int
    quote: str
    author: str
    date: str
    text: str

    def to_dict(self) -> dict[str, object]:
        return {"where": self.where, "sentence": self.sentence, "start": self.start, "end": self.end,
                "quote": self.quote, "author": self.author, "date": self.date, "text": self.text}


def _sentence(seg: Segmentation, paragraph: int, start: int, end: int) -> Segment | None:
    """The first sentence text[start:end] touches; for a point between sentences, the one before it."""
    touched = seg.overlapping(start, max(end, start + 1))
    if touched and touched[0].paragraph_index == paragraph:
        return touched[0]
    before = seg.overlapping(seg.paragraphs[paragraph].start, start)
    return before[-1] if before else None


def listing(project: Project, doc_id: str, lang: str) -> list[RemarkAt]:
    """The comments of one side of a document, in text order (none for a side imported as plain text)."""
    book = formats.load_book(project, doc_id, lang)
    if book is None or not any(b.remarks for b in book.blocks):
        return []
    seg = load_segmentation(project, doc_id, lang)
    out: list[RemarkAt] = []
    for k, block in enumerate(book.blocks):
        at = seg.paragraphs[k].start
        for r in block.remarks:
            start, end = at + r.start, at + r.end
            s = _sentence(seg, k, start, end)
            out.append(RemarkAt(seg.number(s.id) if s else f"¶{k + 1}", s.id if s else "", start, end,
                               seg.text[start:end], r.author, r.date, r.text))
    return out
