"""Finding a correction's span again in the current text (relocating it).

A correction remembers its quote, some context and its offsets. When the English base
text changes (a new edition), the quote is looked for near where diff-match-patch's
fuzzy matcher places the old context; a correction whose quote is gone is orphaned,
shown to people and never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from diff_match_patch import diff_match_patch
from rapidfuzz.fuzz import ratio

from align.corrections.model import Correction

MAX_SHIFT = 2000  # how far from its expected place a quote may be found
MIN_CONTEXT = 60.0  # rapidfuzz ratio of the context needed to accept a moved match


class Placement(StrEnum):
    """Where a correction stands in the current text, in the order reports give them."""

    EXACT = "exact"  # its words are where it was recorded
    MOVED = "moved"  # found again nearby, the text before it having changed
    ORPHANED = "orphaned"  # its words are gone


@dataclass(frozen=True)
class Located:
    """A correction with where it applies in the current text."""

    correction: Correction
    start: int
    end: int
    state: Placement

    @property
    def orphaned(self) -> bool:
        return self.state is Placement.ORPHANED

    def overlaps(self, start: int, end: int) -> bool:
        """Whether the span it applies to shares a character with [start, end)."""
        return self.start < end and start < self.end


def _matcher() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Match_Threshold = 0.4
    dmp.Match_Distance = MAX_SHIFT
    return dmp


def _context_score(text: str, c: Correction, start: int) -> float:
    before = text[max(0, start - len(c.prefix)) : start]
    after = text[start + len(c.quote) : start + len(c.quote) + len(c.suffix)]
    scores = [ratio(before, c.prefix)] if c.prefix else []
    if c.suffix:
        scores.append(ratio(after, c.suffix))
    return max(scores) if scores else 100.0


def _expected_start(text: str, c: Correction, dmp: diff_match_patch) -> int:
    """Where the quote should begin: after the old prefix, as fuzzy matching finds it."""
    guess = min(c.start, len(text))
    pattern = c.prefix[-dmp.Match_MaxBits :]
    if not pattern:
        return guess
    loc = dmp.match_main(text, pattern, max(0, guess - len(pattern)))
    return guess if loc < 0 else loc + len(pattern)


def locate(text: str, c: Correction, dmp: diff_match_patch | None = None) -> Located:
    """Locate `c` in `text`."""
    if text[c.start : c.end] == c.quote and _context_score(text, c, c.start) == 100.0:
        return Located(c, c.start, c.end, Placement.EXACT)
    dmp = dmp or _matcher()
    expected = _expected_start(text, c, dmp)
    lo, hi = max(0, expected - MAX_SHIFT), min(len(text), expected + MAX_SHIFT + len(c.quote))
    best: tuple[float, int] | None = None
    pos = text.find(c.quote, lo, hi)
    while pos >= 0 and c.quote:
        score = _context_score(text, c, pos) - abs(pos - expected) / 100
        if best is None or score > best[0]:
            best = (score, pos)
        pos = text.find(c.quote, pos + 1, hi)
    if best is None or best[0] < MIN_CONTEXT:
        return Located(c, c.start, c.end, Placement.ORPHANED)
    start = best[1]
    return Located(c, start, start + len(c.quote), Placement.EXACT if start == c.start else Placement.MOVED)


def locate_all(text: str, corrections: list[Correction]) -> list[Located]:
    """Locate every correction in `text` (one matcher shared by all)."""
    dmp = _matcher()
    return [locate(text, c, dmp) for c in corrections]

