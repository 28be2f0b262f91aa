"""Every occurrence of a word or phrase in a document's English: where "replace throughout" proposes.

A translator who finds "Spinosa" for "Spinoza" in a long book proposes the change at each place it
occurs, each an ordinary correction reviewed on its own (align.corrections.review.propose_throughout).
This module owns what is looked for and where it is found: the checks of what a person typed, the
search (a literal, never a person's regular expression, so a book is read once however the text to
find is made), whole words, the replacement each occurrence gets when case is ignored, and the
occurrences that cannot become a correction (one running across two sentences, one that already
reads as it would). Pure: it reads a Segmentation and writes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from align.errors import InputError
from align.hygiene import check_text
from align.segment import Segment, Segmentation

MAX_FIND = 200  # characters of the text to find: a word or phrase, not a passage
MAX_OCCURRENCES = 2000  # more at once is a slip ("e" for "a"), not a correction to review one by one
CONTEXT = 40  # characters shown on each side of an occurrence
_LINE_BREAK = re.compile(r"[\r\n]")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place the text to find occurs: `text[start:end] == quote`, to become `replacement`."""

    start: int
    end: int
    quote: str
    replacement: str
    segment: Segment | None  # the sentence it starts in (None when it starts between two)
    skip: str = ""  # why no correction is proposed here, in one line ("" when one is)
    overlaps: str = ""  # the pending corrections it overlaps, in one line (align.corrections.review tells them)

    @property
    def proposable(self) -> bool:
        return not self.skip


def check_find(find: str, replacement: str, *, match_case: bool = True) -> None:
    """InputError, in one line, for a text to find or a replacement that cannot be used."""
    if not find.strip():
        raise InputError("the text to find is empty: give a word or phrase")
    if _LINE_BREAK.search(find):
        raise InputError("the text to find holds a line break: give a word or phrase within one line")
    if len(find) > MAX_FIND:
        raise InputError(f"the text to find is {len(find)} characters long; at most {MAX_FIND} are accepted")
    check_text(find, "the text to find")
    check_text(replacement, "the replacement")
    if match_case and replacement == find:
        raise InputError(f"the replacement equals {find!r}: nothing to change")


def _is_word_char(ch: str) -> bool:
    """A letter, a digit, an underscore or a combining mark (the accent of a decomposed "é")."""
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def _whole_word(text: str, find: str, start: int, end: int) -> bool:
    """No word character runs on from either end of the match (an end of `find` that is not a word
    character, as in "Mr." or "’s", takes any neighbour)."""
    before = start > 0 and _is_word_char(find[0]) and _is_word_char(text[start - 1])
    after = end < len(text) and _is_word_char(find[-1]) and _is_word_char(text[end])
    return not (before or after)


def _matches(text: str, find: str, whole_word: bool, match_case: bool) -> list[tuple[int, int]]:
    """(start, end) of each occurrence, left to right, none overlapping."""
    pattern = re.compile(re.escape(find), 0 if match_case else re.IGNORECASE)
    spans = []
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        if whole_word and not _whole_word(text, find, m.start(), m.end()):
            pos = m.start() + 1  # a whole word may still start inside this match ("a a" in "aa a a")
            continue
        spans.append(m.span())
        pos = m.end()
    return spans


def follow_case(quote: str, replacement: str) -> str:
    """The replacement as an occurrence found regardless of case gets it: upper-cased for an occurrence in
    capitals (more than one letter), its first letter capitalised for one with an initial capital
    where the replacement starts in lower case, else as typed."""
    if quote.isupper() and sum(ch.isalpha() for ch in quote) > 1:
        return replacement.upper()
    if quote[:1].isupper() and replacement[:1].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


def find_occurrences(
    seg: Segmentation, find: str, replacement: str, *, whole_word: bool = True, match_case: bool = True
) -> list[Occurrence]:
    """Every occurrence of `find` in the text of `seg`, in text order, each with the replacement it gets.

    `whole_word`: no word character directly before or after (Unicode letters and digits; "Spinosa’s"
    holds the word "Spinosa"). `match_case=False` finds any case and adapts the replacement
    (`follow_case`). An occurrence running across two sentences, or already reading as it would,
    is kept with the reason it is not proposed. More than MAX_OCCURRENCES is refused.
    """
    check_find(find, replacement, match_case=match_case)
    text = seg.text
    spans = _matches(text, find, whole_word, match_case)
    if len(spans) > MAX_OCCURRENCES:
        raise InputError(
            f"{find!r} occurs {len(spans)} times, more than the {MAX_OCCURRENCES} changes proposed at once; "
            "find whole words only and match case, or a longer phrase"
        )
    out = []
    for start, end in spans:
        quote = text[start:end]
        new = replacement if match_case else follow_case(quote, replacement)
        sentence = seg.at(start)
        if sentence is None or end > sentence.end:
            skip = "runs across two sentences; a correction lies within one"
        elif new == quote:
            skip = f"already reads {quote!r}"
        else:
            skip = ""
        out.append(Occurrence(start, end, quote, new, sentence, skip))
    return out


def in_context(text: str, occurrence: Occurrence, width: int = CONTEXT) -> str:
    """The occurrence in its line, the change in brackets: "…especially [Spinosa → Spinoza] attracts me."."""
    # one character more than shown on each side: whether the line goes on beyond what is shown
    before = _LINE_BREAK.split(text[max(0, occurrence.start - width - 1) : occurrence.start])[-1]
    after = _LINE_BREAK.split(text[occurrence.end : occurrence.end + width + 1])[0]
    lead = "…" if len(before) > width else ""
    tail = "…" if len(after) > width else ""
    return f"{lead}{before[-width:]}[{occurrence.quote} → {occurrence.replacement}]{after[:width]}{tail}"
