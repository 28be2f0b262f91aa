"""Cutting a text into paragraphs and sentences with stable ids and exact offsets.

Paragraphs are lines, ended by LF, CR LF or CR (blank lines separate nothing but are
skipped). Sentences come from razdel, which handles quotes, ellipses and most abbreviations
in both Russian and English and is ~40x faster than pysbd on our texts; a thin layer below fixes the cases it gets
wrong on memoir prose (initials, a few abbreviations, a year ending a sentence).

Ids: a paragraph's id is a hash of its own text, so editing one paragraph never changes
the ids in another; a sentence id is `<paragraph id>.<n>`. People read a sentence's place
instead (`Segmentation.number`: "¶12, sentence 3").
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import razdel

from align import document
from align.document import Document, lines
from align.errors import NotFoundError
from align.project import LANGUAGE, Project

_UPPER = "A-ZА-ЯЁ"
# An initial ("L." "Д.") at the end of a piece: the next piece continues the name.
_INITIAL_END = re.compile(rf"(?:^|[\s.])[{_UPPER}]\.$")
# Abbreviations after which razdel sometimes cuts although the sentence goes on.
_ABBREV_END = re.compile(
    r"(?:^|[\s(])(?:i\.\s?e|e\.\s?g|cf|pp?|vol|ch|nos?|т\.\s?е|т\.\s?к|т\.\s?н|т\.\s?д|т\.\s?п|"
    r"г|гг|с|кн|гл|см|им|ул|тов|св|стр|др|пр|проф|акад)\.$",
    re.IGNORECASE,
)
# The end of a piece that the two rules above read: longer than any initial or abbreviation,
# so `^` in them can only match at a real piece start.
_TAIL = 16
_NON_SPACE = re.compile(r"\S")
_STARTS_LOWER_OR_DIGIT = re.compile(r"^[\s\"“«„(]*[a-zа-яё0-9]")
# Cuts razdel misses inside a piece: a year closing a sentence ("itself. 1918. Red army"),
# and an ellipsis run straight into the next sentence ("working class…All the").
_MISSED_CUT = re.compile(rf"(?<=\s)\d{{3,4}}\.(?=\s+[{_UPPER}])|[a-zа-яё,](?:…|\.\.\.?)(?=[{_UPPER}])")


@dataclass(frozen=True, slots=True)
class Paragraph:
    id: str
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence: `text == document text[start:end]`."""

    id: str
    index: int
    paragraph: str
    paragraph_index: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "index": self.index,
            "paragraph": self.paragraph,
            "paragraph_index": self.paragraph_index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(frozen=True)
class Segmentation:
    """All paragraphs and sentences of one side of a document."""

    doc_id: str
    lang: str
    text: str
    paragraphs: list[Paragraph]
    sentences: list[Segment]
    _starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [s.start for s in self.sentences])

    @cached_property
    def by_id(self) -> dict[str, Segment]:
        return {s.id: s for s in self.sentences}

    def get(self, seg_id: str) -> Segment | None:
        return self.by_id.get(seg_id)

    def at(self, offset: int) -> Segment | None:
        """The sentence containing character `offset`, if any."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < max(self.sentences[i].end, self.sentences[i].start + 1):
            return self.sentences[i]
        return None

    def overlapping(self, start: int, end: int) -> list[Segment]:
        """The sentences sharing a character with text[start:end], in order."""
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        out = []
        while i < len(self.sentences) and self.sentences[i].start < end:
            if self.sentences[i].end > start:
                out.append(self.sentences[i])
            i += 1
        return out

    @cached_property
    def _paragraph_firsts(self) -> dict[int, int]:
        """Paragraph index -> index of its first sentence."""
        firsts: dict[int, int] = {}
        for s in self.sentences:
            firsts.setdefault(s.paragraph_index, s.index)
        return firsts

    def number(self, seg_id: str) -> str:
        """Where a sentence is, as people count: "¶12, sentence 3" (both from 1); NotFoundError for an id
        not in this text."""
        s = self.by_id.get(seg_id)
        if s is None:
            raise NotFoundError(f"no sentence {seg_id!r} in the {LANGUAGE[self.lang]} text of {self.doc_id}")
        return f"¶{s.paragraph_index + 1}, sentence {s.index - self._paragraph_firsts[s.paragraph_index] + 1}"

    def in_paragraph(self, paragraph_index: int) -> list[Segment]:
        return [s for s in self.sentences if s.paragraph_index == paragraph_index]


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, without its line break or surrounding spaces."""
    pos = 0
    for line in lines(text):
        body = line.rstrip("\r\n")
        if pos == 0:  # a byte-order mark opening the file is not text: no sentence starts with it
            body = " " * (len(body) - len(body.lstrip("\ufeff"))) + body.lstrip("\ufeff")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            yield pos + lead, pos + lead + len(stripped)
        pos += len(line)


def _fix_pieces(pieces: list[tuple[int, int]], para: str) -> list[tuple[int, int]]:
    """Merge cuts after initials/abbreviations and add cuts after a sentence-final year.

    Linear in the paragraph: only the last characters of the piece merged so far are
    looked at (its whole text would be re-read on every merge, quadratic on "A. " x 50,000).
    """
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        if merged:
            prev = para[max(merged[-1][0], merged[-1][1] - _TAIL) : merged[-1][1]]
            nxt = para[start:end]
            after_initial = _INITIAL_END.search(prev) and not prev.endswith(("..", "…"))
            after_abbrev = _ABBREV_END.search(prev) and _STARTS_LOWER_OR_DIGIT.match(nxt)
            if after_initial or after_abbrev:
                merged[-1] = (merged[-1][0], end)
                continue
        merged.append((start, end))
    out: list[tuple[int, int]] = []
    for start, end in merged:
        cut = start
        for m in _MISSED_CUT.finditer(para, start, end):
            out.append((cut, m.end()))
            text_after = _NON_SPACE.search(para, m.end(), end)
            cut = text_after.start() if text_after else end
        out.append((cut, end))
    return out


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in one paragraph, relative to it."""
    pieces = [(s.start, s.stop) for s in razdel.sentenize(paragraph)]
    return _fix_pieces(pieces, paragraph)


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def segment_text(text: str, doc_id: str = "", lang: str = "en") -> Segmentation:
    """Segment a text; ids depend only on each paragraph's own content."""
    paragraphs: list[Paragraph] = []
    sentences: list[Segment] = []
    seen: set[str] = set()
    tried: dict[str, int] = {}  # per hash, the last suffix found taken: repeats cost O(1), not O(repeats)
    for p_index, (p_start, p_end) in enumerate(paragraph_spans(text)):
        body = text[p_start:p_end]
        digest = _short_hash(body)
        n = tried.get(digest, 1)
        pid = "p" + digest if n == 1 else f"p{digest}-{n}"
        while pid in seen:  # a repeated paragraph (or a hash collision) gets a suffix
            n += 1
            pid = f"p{digest}-{n}"
        tried[digest] = n
        seen.add(pid)
        paragraphs.append(Paragraph(pid, p_index, p_start, p_end))
        for k, (s, e) in enumerate(sentence_spans(body), start=1):
            sentences.append(
                Segment(f"{pid}.{k}", len(sentences), pid, p_index, p_start + s, p_start + e, body[s:e])
            )
    return Segmentation(doc_id, lang, text, paragraphs, sentences)


def segment(doc: Document) -> Segmentation:
    """Segment a loaded document."""
    return segment_text(doc.text, doc.id, doc.lang)


@lru_cache(maxsize=16)
def _cached(project: Project, doc_id: str, lang: str, mtime_ns: int, size: int) -> Segmentation:
    return segment(document.load(project, doc_id, lang))


def load_segmentation(project: Project, doc_id: str, lang: str = "en") -> Segmentation:
    """One side of a document, segmented once per version of its file (mtime and size).

    The workbench and the correction workflow both call this, so a book is cut once.
    """
    path = project.text_path(doc_id, lang)
    try:
        st = path.stat()
    except FileNotFoundError:
        return segment(document.load(project, doc_id, lang))  # raises the usual "no document" error
    return _cached(project, doc_id, lang, st.st_mtime_ns, st.st_size)
