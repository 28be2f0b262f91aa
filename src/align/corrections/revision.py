"""A revised copy of a book compared with the stored English: its differences as edits of the stored text.

Publishers send the book to a proofreader, who sends back a revised copy (with tracked
changes, or simply edited). This module owns turning that copy, read into blocks by
`align.formats.read_revised`, into what the correction workflow can take: word-level edits
in the stored text's offsets, each inside one sentence of the stored Segmentation, and,
said apart with where they are, the differences no correction can make (an edit across a
sentence boundary, a paragraph added, removed, split or joined), which people propose by
hand: nothing is dropped without a word. `preview` numbers them and says which are already
recorded (a copy made by our own export holds the corrections we know of). It is pure (no
files, no log), so the CLI and the workbench show the same preview; `align.corrections.review`
reads the file and records the proposals.

Book scale stays near linear: paragraphs are matched first with diff-match-patch's line
mode (an untouched paragraph reads exactly as stored, so most of a book is a few equal
runs); the paragraphs between two equal runs are paired by a dynamic programme over a band
(revised, added, removed, split or joined, by word similarity, in C by rapidfuzz), and only
a revised pair is diffed word by word (`align.corrections.diff.edits`). A copy of which
fewer than half the paragraphs match is another book: refused, not made into thousands of
proposals.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from os.path import commonprefix
from pathlib import PurePath

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

from align.corrections.diff import TOKEN, Edit, apply_edits, edits
from align.corrections.model import Correction
from align.corrections.relocate import Located
from align.errors import InputError
from align.formats.model import Block, Tracked
from align.hygiene import escape
from align.segment import Paragraph, Segment, Segmentation

MIN_SHARED = 0.5  # a copy sharing fewer of its paragraphs with the stored text is another book
PAIRED = 0.4  # word similarity above which two paragraphs are one paragraph revised
BAND = 8  # how far from a block's diagonal the pairing looks (paragraphs of the block's shorter side)
_REGROUP = 1  # what a split or join costs beyond the words it changes
_WORD = re.compile(r"\w+")


class Reason(StrEnum):
    """Why a difference cannot be proposed as a correction (people propose it by hand)."""

    ACROSS = "it crosses a sentence boundary"
    BETWEEN = "it changes only the space between two sentences"
    REMOVED = "a whole paragraph removed"
    ADDED = "a whole paragraph added"
    SPLIT = "a paragraph split in two"
    JOINED = "two paragraphs joined into one"


@dataclass(frozen=True)
class Difference:
    """The stored text[start:end] (`old`) reads `new` in the revised copy.

    `paragraph` is the stored paragraph it lies in (an added one: the paragraph it follows, -1
    before the first); `reason` says why it is no correction (None: it lies within one sentence);
    `tracked` are the copy's tracked changes it comes from. Paragraphs of a split or join are
    separated by a line break in `old` or `new`."""

    start: int
    end: int
    old: str
    new: str
    paragraph: int
    reason: Reason | None = None
    tracked: tuple[Tracked, ...] = ()


class Outcome(StrEnum):
    """What proposing a revised copy does with one difference."""

    PROPOSE = "to propose"
    KNOWN = "already recorded"
    BY_HAND = "propose by hand"


@dataclass(frozen=True)
class Item:
    """One difference of the preview, numbered from 1 in text order: where it is ("¶3, sentence 2"), what
    becomes of it and why, and where it came from (`source`: the file, and the tracked change's author and
    date), which the proposal's note says."""

    number: int
    difference: Difference
    outcome: Outcome
    where: str
    why: str
    source: str

    def note(self, extra: str = "") -> str:
        """The proposal's note: what the person adds, then where the change came from."""
        return "; ".join(part for part in (extra.strip(), self.source) if part)

    def change(self) -> str:
        """'old' -> 'new', paragraphs of a split or join shown with ¶ between them."""
        old, new = (t.replace("\n", " ¶ ") for t in (self.difference.old, self.difference.new))
        return f"{old!r} -> {new!r}"


def preview(seg: Segmentation, revised: Sequence[Block], recorded: Iterable[Located], source: str) -> list[Item]:
    """Every difference of the revised copy (blocks of the file called `source`) from the stored text `seg`,
    numbered, with what proposing would do with it: propose it, skip it as already recorded (a correction in
    any status makes the same change of its sentence), or leave it to be proposed by hand."""
    known = _Known(seg, recorded)
    name = escape(PurePath(source.replace("\\", "/")).name)
    items = []
    for n, d in enumerate(compare(seg, revised, source), start=1):
        if d.reason:
            outcome, why = Outcome.BY_HAND, str(d.reason)
        elif same := known.same(d):
            outcome, why = Outcome.KNOWN, "recorded as " + ", ".join(f"{c.id} ({c.status})" for c in same)
        else:
            outcome, why = Outcome.PROPOSE, ""
        items.append(Item(n, d, outcome, where(seg, d), why, _source(name, d.tracked)))
    return items


def chosen(items: Sequence[Item], only: Collection[int] | None = None) -> list[Item]:
    """The items a proposal takes (to propose, or to skip as already recorded): every one not left to be proposed
    by hand, or those of the numbers in `only` (a number not in the preview, or of one to propose by hand, is
    refused)."""
    if only is None:
        return [i for i in items if i.outcome is not Outcome.BY_HAND]
    by_number = {i.number: i for i in items}
    for n in sorted(set(only)):
        item = by_number.get(n)
        if item is None:
            raise InputError(f"there is no difference {n}: the comparison found {len(items)} (numbered from 1)")
        if item.outcome is Outcome.BY_HAND:
            raise InputError(f"difference {n} ({item.where}) cannot be proposed from the copy: {item.why}; "
                             "propose it by hand")
    return [by_number[n] for n in sorted(set(only))]


def where(seg: Segmentation, d: Difference) -> str:
    """Where a difference is, as people count: "¶3, sentence 2", "¶3, sentences 2–3", "after ¶3", "¶3–4"
    (between two sentences: "¶3, sentence 2", the one before)."""
    p = d.paragraph + 1
    s = seg.at(d.start)
    if d.reason is None and s is not None:
        return seg.number(s.id)
    if d.reason is Reason.ADDED:
        return f"after ¶{p}" if p else "before ¶1"
    if d.reason in (Reason.REMOVED, Reason.SPLIT):
        return f"¶{p}"
    if d.reason is Reason.JOINED:
        return f"¶{p}–{p + 1}"
    numbers = [k for k, s in enumerate(seg.in_paragraph(d.paragraph), start=1) if s.start < d.end and d.start <= s.end]
    if len(numbers) < 2:
        return f"¶{p}, sentence {numbers[0] if numbers else '–'}"
    return f"¶{p}, sentences {numbers[0]}–{numbers[-1]}"


def compare(seg: Segmentation, revised: Sequence[Block], source: str) -> list[Difference]:
    """The differences of the revised blocks from the stored text, in text order; a copy sharing fewer than
    MIN_SHARED of its paragraphs with it is refused as another book."""
    old = [seg.text[p.start : p.end] for p in seg.paragraphs]
    new = [b.text for b in revised]
    steps = list(_steps(old, new))
    shared = sum(di for di, dj, _, _ in steps if di and dj)
    if shared < MIN_SHARED * max(len(old), len(new)):
        raise InputError(f"{escape(source)} is not a revised copy of this text: only {shared} of its "
                         f"{len(new)} paragraphs match any of the {len(old)} stored (another book?); nothing compared")
    out: list[Difference] = []
    for di, dj, i, j in steps:
        if (di, dj) == (1, 1):
            if old[i] != new[j]:
                out += _revised(seg, seg.paragraphs[i], revised[j])
        else:
            out.append(_regrouped(seg, di, dj, i, revised[j : j + dj]))
    return out


def _steps(old: list[str], new: list[str]) -> Iterator[tuple[int, int, int, int]]:
    """How the paragraphs correspond, in order: (old taken, new taken, first old, first new) with the counts
    (1, 1) paired (equal or revised), (1, 0) removed, (0, 1) added, (1, 2) split, (2, 1) joined."""
    dmp = diff_match_patch()
    text_old, text_new, _ = dmp.diff_linesToChars("".join(p + "\n" for p in old), "".join(p + "\n" for p in new))
    i = j = 0
    k = m = 0  # the paragraphs of the changed block being gathered
    for op, chunk in [*dmp.diff_main(text_old, text_new, False), (dmp.DIFF_EQUAL, "")]:
        if op == dmp.DIFF_DELETE:
            k += len(chunk)
        elif op == dmp.DIFF_INSERT:
            m += len(chunk)
        else:
            for di, dj in _pair(old[i : i + k], new[j : j + m]):
                yield di, dj, i, j
                i, j = i + di, j + dj
            for _ in chunk:
                yield 1, 1, i, j
                i, j = i + 1, j + 1
            k = m = 0


def _pair(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """The cheapest way through a block of changed paragraphs (dynamic programming over a band around its
    diagonal, so a long block costs a multiple of its length, not its area)."""
    k, m = len(old), len(new)
    if not k or not m:
        return [(1, 0)] * k + [(0, 1)] * m
    a = [_WORD.findall(p.casefold()) for p in old]
    b = [_WORD.findall(p.casefold()) for p in new]
    cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    reach = BAND * m / min(k, m)  # BAND paragraphs of the shorter side, either way of the diagonal
    for i in range(k + 1):
        centre = i * m / k
        for j in range(max(0, math.floor(centre - reach)), min(m, math.ceil(centre + reach)) + 1):
            best: tuple[float, tuple[int, int]] | None = None
            for di, dj in ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1)):
                before = cost.get((i - di, j - dj))
                if before is None:
                    continue
                here = before + _cost(a[i - di : i], b[j - dj : j])
                if best is None or here < best[0]:
                    best = (here, (di, dj))
            if best is not None:
                cost[(i, j)], back[(i, j)] = best
    path, at = [], (k, m)
    while at != (0, 0):
        path.append(back[at])
        at = (at[0] - back[at][0], at[1] - back[at][1])
    return path[::-1]


def _cost(a: list[list[str]], b: list[list[str]]) -> float:
    """What taking these paragraphs (as words) together costs, in words: a paragraph added or removed all of
    its words; a pair, split or join the words it changes (and one more for a split or join, so a paragraph
    removed beside a revised one is not read as joined to it), if they are more than PAIRED alike."""
    x, y = [w for p in a for w in p], [w for p in b for w in p]
    if not a or not b:
        return max(len(x) + len(y), 1)
    alike = Indel.normalized_similarity(x, y)
    if alike < PAIRED:
        return math.inf
    return (1 - alike) * (len(x) + len(y)) + (_REGROUP if len(a) + len(b) > 2 else 0)


def _regrouped(seg: Segmentation, di: int, dj: int, i: int, blocks: Sequence[Block]) -> Difference:
    """A paragraph added, removed, split or joined: a difference no correction can make."""
    paras = seg.paragraphs[i : i + di]
    new = "\n".join(b.text for b in blocks)
    tracked = tuple(t for b in blocks for t in b.tracked)
    if not paras:
        end = seg.paragraphs[i - 1].end if i else 0
        return Difference(end, end, "", new, i - 1, Reason.ADDED, tracked)
    reason = Reason.REMOVED if not dj else Reason.SPLIT if dj > di else Reason.JOINED
    old = "\n".join(seg.text[p.start : p.end] for p in paras)
    return Difference(paras[0].start, paras[-1].end, old, new, i, reason, tracked)


def _revised(seg: Segmentation, p: Paragraph, block: Block) -> Iterator[Difference]:
    """The word-level differences of a revised paragraph, each fitted into one sentence if it can be."""
    old = seg.text[p.start : p.end]
    shift = 0  # where the revised text is ahead of the stored one
    for e in edits(old, block.text):
        start, end = e.start + shift, e.start + shift + len(e.replacement)  # in the revised paragraph
        shift += len(e.replacement) - (e.end - e.start)
        tracked = tuple(t for t in block.tracked if t.start <= end and start <= t.end)
        yield _fitted(seg, Difference(p.start + e.start, p.start + e.end, old[e.start : e.end], e.replacement,
                                      p.index, None, tracked))


def _fitted(seg: Segmentation, d: Difference) -> Difference:
    """`d` if it lies within one sentence, else the same change said within one (a word added at a sentence's
    start is first read as the space before it), else `d` as changing only the spaces between two sentences
    or as crossing a sentence boundary."""
    s = seg.at(d.start)
    if s is not None and d.end <= s.end:
        return d
    if f"{d.old}{d.new}".isspace():  # spaces that are no sentence's
        return replace(d, reason=Reason.BETWEEN)
    head = len(commonprefix([d.old, d.new]))
    tail = len(commonprefix([d.old[head:][::-1], d.new[head:][::-1]]))
    start, end, new = d.start + head, d.end - tail, d.new[head : len(d.new) - tail]
    s = seg.at(start) if start < end else seg.at(start) or seg.at(start - 1)
    if s is None or end > s.end:
        return replace(d, reason=Reason.ACROSS)
    lo, hi = _words(s, start, end)
    text = seg.text
    return Difference(lo, hi, text[lo:hi], text[lo:start] + new + text[end:hi], d.paragraph, None, d.tracked)


def _words(s: Segment, start: int, end: int) -> tuple[int, int]:
    """start:end widened to whole tokens of sentence `s`; an insertion (start == end) to the token before it
    (after it, at the sentence's start), so the change quotes some text."""
    if start == end:
        start, end = (start - 1, end) if start > s.start else (start, end + 1)
    spans = [(s.start + m.start(), s.start + m.end()) for m in TOKEN.finditer(s.text)]
    return next(a for a, b in spans if a <= start < b), next(b for a, b in spans if a < end <= b)


def _source(name: str, tracked: Sequence[Tracked]) -> str:
    """Where a change came from: "from proofread.docx (tracked change by Petra Proof, 2024-05-01)"."""
    who = [w for w in dict.fromkeys(", ".join(x for x in (escape(t.author), t.date[:10]) if x) for t in tracked) if w]
    if not tracked:
        return f"from {name}"
    if not who:
        return f"from {name} (tracked change)"
    return f"from {name} (tracked change{'s' * (len(who) > 1)} by {'; '.join(who)})"


class _Known:
    """The corrections recorded (in any status) by the sentence they lie in, to tell a difference already known:
    one whose sentence reads the same with a recorded correction made, or with those inside its span made."""

    def __init__(self, seg: Segmentation, recorded: Iterable[Located]) -> None:
        self.seg = seg
        self.by_sentence: dict[str, list[Located]] = defaultdict(list)
        for a in recorded:
            s = None if a.orphaned else seg.at(a.start)
            if s is not None and a.end <= s.end:
                self.by_sentence[s.id].append(a)

    def same(self, d: Difference) -> list[Correction]:
        """The recorded corrections making the change `d` makes to its sentence (none: it is new)."""
        s = self.seg.at(d.start)
        near = self.by_sentence.get(s.id, []) if s is not None else []
        if s is None or not near:
            return []
        target = self._made(s, [Edit(d.start, d.end, d.new)])
        for a in near:
            if self._made(s, [Edit(a.start, a.end, a.correction.replacement)]) == target:
                return [a.correction]
        inside = sorted((a for a in near if d.start <= a.start and a.end <= d.end), key=lambda a: a.start)
        apart = all(x.end <= y.start for x, y in zip(inside, inside[1:]))
        if len(inside) > 1 and apart and self._made(s, [Edit(a.start, a.end, a.correction.replacement)
                                                         for a in inside]) == target:
            return [a.correction for a in inside]
        return []

    @staticmethod
    def _made(s: Segment, changes: list[Edit]) -> str:
        """Sentence `s` with `changes` (in text offsets) made."""
        return apply_edits(s.text, [Edit(e.start - s.start, e.end - s.start, e.replacement) for e in changes])
