"""What a check reports (`Finding`) and what it reads (`CheckInput`)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from align.alignment.store import Bead
from align.glossary import Glossary
from align.segment import Segmentation

# A word: letters with inner apostrophes ("don’t", "Ilyich’s"); hyphenated parts are separate words.
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class Finding:
    """One suggestion: replace text[start:end] (`original`) by `replacement`, or only flag it (None)."""

    start: int
    end: int
    original: str
    replacement: str | None
    category: str
    rule: str
    message: str
    confidence: float
    segment: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "original": self.original,
            "replacement": self.replacement,
            "category": self.category,
            "rule": self.rule,
            "message": self.message,
            "confidence": round(self.confidence, 2),
            "segment": self.segment,
        }


def clear_of(findings: Iterable[Finding], spans: Sequence[tuple[int, int]]) -> list[Finding]:
    """The findings that overlap none of `spans` (start, end): O((n + m) log m), so that a text with
    a finding on every word costs no more than its findings do."""
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    reach: list[int] = []  # reach[k]: the furthest end among the first k + 1 spans
    for _, end in ordered:
        reach.append(max(end, reach[-1]) if reach else end)
    out = []
    for f in findings:
        k = bisect_left(starts, f.end)  # spans starting before the finding ends
        if not k or reach[k - 1] <= f.start:
            out.append(f)
    return out


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    sentence_initial: bool


@dataclass(frozen=True)
class CheckInput:
    """Everything a check may read: the English, its sentences, the glossary, the aligned Russian and,
    optionally, a sentence encoder (`embed`: sentences -> L2-normalised vectors, e.g.
    `align.alignment.neural.embed` with a model) through which the Russian has a say on a rewrite
    (`align.checks.source_fit`)."""

    text: str
    segmentation: Segmentation
    glossary: Glossary = field(default_factory=Glossary)
    ru: Segmentation | None = None
    beads: tuple[Bead, ...] | None = None
    embed: Callable[[Sequence[str]], np.ndarray] | None = None

    def finding(
        self, start: int, end: int, replacement: str | None, category: str, rule: str, message: str, confidence: float
    ) -> Finding:
        """A Finding at text[start:end], with its sentence id filled in."""
        seg = self.segmentation.at(start)
        return Finding(start, end, self.text[start:end], replacement, category, rule, message, confidence,
                       seg.id if seg else "")

    @cached_property
    def words(self) -> list[Word]:
        """Every word of the text with its offsets; sentence_initial marks a sentence's first word."""
        out: list[Word] = []
        for s in self.segmentation.sentences:
            first = True
            for m in WORD_RE.finditer(s.text):
                out.append(Word(m.group(), s.start + m.start(), s.start + m.end(), first))
                first = False
        return out

    def neighbour(self, i: int, step: int) -> Word | None:
        """The word before (step -1) or after (step 1) `words[i]` when only a space lies between
        them (so in the same sentence, no punctuation), else None."""
        j = i + step
        if not 0 <= j < len(self.words):
            return None
        a, b = (self.words[j], self.words[i]) if step < 0 else (self.words[i], self.words[j])
        return self.words[j] if self.text[a.end : b.start] == " " else None

    @cached_property
    def bead_of(self) -> dict[str, Bead]:
        """The bead holding each English sentence id (empty without an alignment)."""
        return {e: b for b in self.beads or () for e in b.en}

    @cached_property
    def capitalised(self) -> Counter[str]:
        """Counts of capitalised words that are not sentence-initial: the document's names."""
        return Counter(w.text for w in self.words if not w.sentence_initial and w.text[0].isupper())

    @cached_property
    def word_counts(self) -> Counter[str]:
        return Counter(w.text for w in self.words)

    @cached_property
    def glossary_words(self) -> set[str]:
        """Every word of every preferred English glossary form (the document's terms)."""
        return {w for term in self.glossary.english_terms() for w in WORD_RE.findall(term)}
