"""A revised copy of a book compared with the stored English: its differences as edits of the stored text.

Publishers send the book to a proofreader, who sends back a revised copy (with tracked
changes, or simply edited), of the whole book or of part of it. This module owns turning that
copy, read into blocks by `align.formats.read_revised`, into what the correction workflow can
take: word-level edits in the stored text's offsets, each inside one sentence of the stored
Segmentation, and, said apart with where they are, the differences no correction can make (an
edit across a sentence boundary, a paragraph added, removed, moved, split or joined, a stretch
not in the copy), which people propose by hand: nothing is dropped without a word. `preview`
numbers them, says which are already recorded (a copy made by our own export holds the
corrections we know of) and which part of the text the copy covers. It is pure (no files, no
log), so the CLI and the workbench show the same preview; `align.corrections.review` reads the
file and records the proposals.

Book scale stays near linear: paragraphs are matched first with diff-match-patch's line
mode (an untouched paragraph reads exactly as stored, so most of a book is a few equal
runs); the paragraphs between two equal runs are paired by a dynamic programme over a band
(revised, added, removed, split or joined, by word similarity, in C by rapidfuzz), and only
a revised pair is diffed word by word (`align.corrections.diff.edits`).

The rules for what the copy holds:

- Coverage. The copy covers the stored paragraphs from the first it holds to the last (held:
  paired with one of its paragraphs, or moved); those before and after are outside it, left as
  they are, and `Coverage` says so in people's terms ("the copy covers ¶120–¶245 of 1,519;
  ¶1–¶119 and ¶246–¶1519 are not in it and left as they are"), so that a whole copy whose first
  paragraph was cut, which reads the same, is seen to start at ¶2. Where the copy begins or ends
  inside the stored text, only the stored paragraphs nearest its first (last) unchanged one are
  paired with its paragraphs before (after) it, and across a long stretch it does not hold, only
  those nearest either end of the stretch: the pairing's cost does not grow with what is left out.
- Gaps. Inside, GAP or more stored paragraphs in a row that the copy does not hold (the chapters
  between two sent back together, or a stretch the proofreader cut) are one difference, "not in
  the copy", to propose by hand if they were cut, and the coverage names them; fewer are removed,
  one difference each.
- Another book. A copy holding fewer than MIN_SHARED of the stored paragraphs it covers (gaps left
  out) or of its own paragraphs is another book: refused, not made into thousands of proposals.
- Moves. A paragraph removed in one place and added in another is one difference, moved (and
  whether it was edited too), paragraphs moved together one: the added ones are matched with the
  removed ones by their exact text first, then, among the few left, by the word similarity that
  pairs a revised paragraph (PAIRED). Of the stored paragraphs outside the stretch the copy pairs,
  only the GAP nearest it are looked at (the first paragraph of a chapter sent back alone moved
  to its end), so that a paragraph added to a chapter is not found to come from far away.
- Edits across sentences. The word diff merges nearby changes ("tines. He" -> "times. She"); an
  edit so crossing a sentence boundary is diffed again unmerged and, if every part lies within
  one sentence and the changed text cut into sentences again gives those same sentences, made one
  edit per sentence. A change of the boundary itself (two sentences joined, a full stop added
  inside one) stays one difference crossing it, to propose by hand.
"""
from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict, deque
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import accumulate
from os.path import commonprefix
from pathlib import PurePath

from diff_match_patch import diff_match_patch
from rapidfuzz import process
from rapidfuzz.distance import Indel

from align.corrections.diff import TOKEN, Edit, apply_edits, edits
from align.corrections.model import Correction
from align.corrections.relocate import Located
from align.errors import InputError
from align.formats.model import Block, Tracked
from align.hygiene import escape
from align.segment import Paragraph, Segment, Segmentation, sentence_spans

MIN_SHARED = 0.5  # a copy sharing fewer of its paragraphs with the stretch it covers is another book
PAIRED = 0.4  # word similarity above which two paragraphs are one paragraph revised (or moved)
BAND = 8  # how far from a block's diagonal the pairing looks (paragraphs of the block's shorter side)
CELLS = 100_000  # how many cells a lopsided block's pairing may take to look at its whole width
GAP = 3  # stored paragraphs in a row not in the copy from which they are one stretch left out of it
_REGROUP = 1  # what a split or join costs beyond the words it changes
_WORD = re.compile(r"\w+")
_SHOWN = 8  # words shown at either end of a stretch not in the copy


class Reason(StrEnum):
    """Why a difference cannot be proposed as a correction (people propose it by hand)."""

    ACROSS = "it crosses a sentence boundary"
    BETWEEN = "it changes only the space between two sentences"
    REMOVED = "a whole paragraph removed"
    ADDED = "a whole paragraph added"
    SPLIT = "a paragraph split in two"
    JOINED = "two paragraphs joined into one"
    MOVED = "a paragraph moved"
    LEFT_OUT = "a stretch of paragraphs not in the copy"


@dataclass(frozen=True)
class Difference:
    """The stored text[start:end] (`old`) reads `new` in the revised copy.

    `paragraph` is the stored paragraph it lies in (an added one: the paragraph it follows, -1
    before the first; a move or a stretch not in the copy: the first of them); `reason` says why it is no
    correction (None: it lies within one sentence); `tracked` are the copy's tracked changes it comes from;
    `to`, of a move only, the stored paragraph the moved ones now follow (-1: they now open the text).
    Paragraphs of a split, join, move or stretch are separated by a line break in `old` or `new`."""

    start: int
    end: int
    old: str
    new: str
    paragraph: int
    reason: Reason | None = None
    tracked: tuple[Tracked, ...] = ()
    to: int = -1

    def paragraphs(self) -> int:
        """How many stored paragraphs it takes (of a regrouping, a move or a stretch; 1 for the rest)."""
        return self.old.count("\n") + 1


@dataclass(frozen=True)
class Coverage:
    """The stored paragraphs a revised copy covers: `parts`, runs of paragraph indices (first, last) in text
    order, of the `total` stored; the paragraphs outside the parts are not in the copy and left as they are."""

    parts: tuple[tuple[int, int], ...]
    total: int

    def whole(self) -> bool:
        return self.parts == ((0, self.total - 1),)

    def holds(self, paragraph: int) -> bool:
        """Whether stored paragraph `paragraph` (an index) lies in one of the parts."""
        k = bisect.bisect_right(self.parts, (paragraph, self.total)) - 1
        return k >= 0 and paragraph <= self.parts[k][1]

    def gaps(self) -> list[tuple[int, int]]:
        """The runs of stored paragraphs between two parts."""
        return [(a + 1, b - 1) for (_, a), (b, _) in zip(self.parts, self.parts[1:])]

    def outside(self) -> list[tuple[int, int]]:
        """Every run of stored paragraphs not in the copy: before it, between its parts, after it."""
        ends = [(-1, -1), *self.parts, (self.total, self.total)]
        return [(a + 1, b - 1) for (_, a), (b, _) in zip(ends, ends[1:]) if b - a > 1]

    def __str__(self) -> str:
        """The part of the text the copy covers, as people count: "the copy covers ¶120–¶245 of 1,519; ¶1–¶119
        and ¶246–¶1519 are not in it and left as they are"."""
        if self.whole():
            return f"the copy covers all {self.total:,} paragraphs"
        out = self.outside()
        one = len(out) == 1 and out[0][0] == out[0][1]
        return (f"the copy covers {_listed(self.parts)} of {self.total:,}; {_listed(out)} "
                f"{'is' if one else 'are'} not in it and left as {'it is' if one else 'they are'}")


@dataclass(frozen=True)
class Comparison:
    """The differences of a revised copy from the stored text, in text order, and the part of it the copy covers."""

    differences: list[Difference]
    coverage: Coverage


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
        """'old' -> 'new', paragraphs of a split, join or move shown with ¶ between them, a stretch not in the copy
        by the words at its two ends."""
        old, new = (t.replace("\n", " ¶ ") for t in (self.difference.old, self.difference.new))
        if self.difference.reason is Reason.LEFT_OUT:
            words = old.split(" ")
            if len(words) > 2 * _SHOWN:
                old = " ".join([*words[:_SHOWN], "…", *words[-_SHOWN:]])
        return f"{old!r} -> {new!r}"


@dataclass(frozen=True)
class Preview:
    """The numbered items of a revised copy, and the part of the text it covers."""

    items: list[Item]
    coverage: Coverage


def without_title(blocks: Sequence[Block], seg: Segmentation, title: str) -> Sequence[Block]:
    """`blocks` less a first block that is the document's title where the stored text does not open with it: the
    title our own `docx` and `markdown` exports put above the text, which a copy coming back from them holds."""
    first = seg.text[seg.paragraphs[0].start : seg.paragraphs[0].end].strip() if seg.paragraphs else ""
    if blocks and title.strip() and blocks[0].text.strip() == title.strip() != first:
        return blocks[1:]
    return blocks


def preview(seg: Segmentation, revised: Sequence[Block], recorded: Iterable[Located], source: str) -> Preview:
    """Every difference of the revised copy (blocks of the file called `source`) from the stored text `seg`,
    numbered, with what proposing would do with it: propose it, skip it as already recorded (a correction in
    any status makes the same change of its sentence), or leave it to be proposed by hand; and which part of
    the text the copy covers."""
    known = _Known(seg, recorded)
    name = escape(PurePath(source.replace("\\", "/")).name)
    comparison = compare(seg, revised, source)
    items = []
    for n, d in enumerate(comparison.differences, start=1):
        if d.reason:
            outcome, why = Outcome.BY_HAND, _why(d)
        elif same := known.same(d):
            outcome, why = Outcome.KNOWN, "recorded as " + ", ".join(f"{c.id} ({c.status})" for c in same)
        else:
            outcome, why = Outcome.PROPOSE, ""
        items.append(Item(n, d, outcome, where(seg, d), why, _source(name, d.tracked)))
    return Preview(items, comparison.coverage)


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
    (between two sentences: "¶3, sentence 2", the one before; a move or a stretch: "¶3", "¶3–¶9")."""
    p = d.paragraph + 1
    s = seg.at(d.start)
    if d.reason is None and s is not None:
        return seg.number(s.id)
    if d.reason is Reason.ADDED:
        return f"after ¶{p}" if p else "before ¶1"
    if d.reason in (Reason.MOVED, Reason.LEFT_OUT):
        return _span(d.paragraph, d.paragraph + d.paragraphs() - 1)
    if d.reason in (Reason.REMOVED, Reason.SPLIT):
        return f"¶{p}"
    if d.reason is Reason.JOINED:
        return f"¶{p}–{p + 1}"
    numbers = [k for k, s in enumerate(seg.in_paragraph(d.paragraph), start=1) if s.start < d.end and d.start <= s.end]
    if len(numbers) < 2:
        return f"¶{p}, sentence {numbers[0] if numbers else '–'}"
    return f"¶{p}, sentences {numbers[0]}–{numbers[-1]}"


def _why(d: Difference) -> str:
    """Why a difference is left to be proposed by hand, with where a move went."""
    n = d.paragraphs()
    if d.reason is Reason.MOVED:
        what = "a paragraph" if n == 1 else f"{n} paragraphs"
        to = f"after ¶{d.to + 1}" if d.to >= 0 else "before ¶1"
        edited = ", and edited" if d.old != d.new else ""
        return f"{what} moved from {_span(d.paragraph, d.paragraph + n - 1)} to {to}{edited}"
    if d.reason is Reason.LEFT_OUT:
        return f"{n} paragraphs in a row not in the copy: left out of it, or removed"
    return str(d.reason)


def _span(first: int, last: int) -> str:
    """Stored paragraphs first..last (indices) as people count them: "¶3", "¶3–¶9"."""
    return f"¶{first + 1}" if first == last else f"¶{first + 1}–¶{last + 1}"


def _listed(runs: Sequence[tuple[int, int]]) -> str:
    """Runs of stored paragraphs as people list them: "¶1–¶4, ¶9 and ¶30–¶54"."""
    names = [_span(a, b) for a, b in runs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def compare(seg: Segmentation, revised: Sequence[Block], source: str) -> Comparison:
    """The differences of the revised blocks from the stored text, in text order, and the part of it they cover;
    a copy holding fewer than MIN_SHARED of the paragraphs it covers, or of its own, is refused as another
    book."""
    old = [seg.text[p.start : p.end] for p in seg.paragraphs]
    new = [b.text for b in revised]
    steps = list(_steps(old, new))
    moved = _moves(old, new, steps)
    held = sorted({i + k for di, dj, i, _ in steps if di and dj for k in range(di)} | set(moved))
    coverage = _coverage(held, len(old))
    covered = sum(last - first + 1 for first, last in coverage.parts)
    if not held or len(held) < MIN_SHARED * max(covered, len(new)):
        raise InputError(f"{escape(source)} is not a revised copy of this text: only {len(held)} of its "
                         f"{len(new)} paragraphs match any of the {len(old)} stored (another book?); nothing compared")
    return Comparison(list(_differences(seg, revised, steps, moved, coverage)), coverage)


def _coverage(held: list[int], total: int) -> Coverage:
    """The parts of the stored text the copy covers: the paragraphs it holds (indices, in order), cut where GAP
    or more in a row are not in it."""
    if not held:
        return Coverage((), total)
    parts, first = [], held[0]
    for a, b in zip(held, held[1:]):
        if b - a - 1 >= GAP:
            parts.append((first, a))
            first = b
    return Coverage((*parts, (first, held[-1])), total)


def _differences(seg: Segmentation, revised: Sequence[Block], steps: list[tuple[int, int, int, int]],
                 moved: dict[int, int], coverage: Coverage) -> Iterator[Difference]:
    """The differences the steps make, in text order: paired paragraphs' edits, regroupings, moves (where the
    moved paragraphs were), stretches not in the copy; nothing for the paragraphs outside it."""
    old = seg.paragraphs
    runs = _runs(moved)
    placed = {j: i for di, _, i, j in steps if not di}  # where each added paragraph of the copy stands
    taken = set(moved.values())
    gaps = dict(coverage.gaps())
    for di, dj, i, j in steps:
        if (di, dj) == (1, 1):
            if seg.text[old[i].start : old[i].end] != revised[j].text:
                yield from _revised(seg, old[i], revised[j])
        elif dj:  # split, joined, or added (but where moved there: said where the paragraph was)
            if di or j not in taken:
                yield _regrouped(seg, di, dj, i, revised[j : j + dj])
        elif i in runs:
            to = moved[i]
            yield _moved(seg, i, runs[i], revised[to : to + runs[i]], placed[to] - 1)
        elif i in gaps:
            yield _left_out(seg, i, gaps[i])
        elif i not in moved and coverage.holds(i):
            yield _regrouped(seg, 1, 0, i, ())


def _steps(old: list[str], new: list[str]) -> Iterator[tuple[int, int, int, int]]:
    """How the paragraphs correspond, in order: (old taken, new taken, first old, first new) with the counts
    (1, 1) paired (equal or revised), (1, 0) removed, (0, 1) added, (1, 2) split, (2, 1) joined. Between two
    pairs, paragraphs added come before those removed (they stand where those were); before the first pair,
    after them (the copy begins there)."""
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
            leading = not (i or j)
            for di, dj in _ordered(_block(old[i : i + k], new[j : j + m], leading, not chunk), leading):
                yield di, dj, i, j
                i, j = i + di, j + dj
            for _ in chunk:
                yield 1, 1, i, j
                i, j = i + 1, j + 1
            k = m = 0


def _block(old: list[str], new: list[str], leading: bool, trailing: bool) -> list[tuple[int, int]]:
    """The pairing of a block of changed paragraphs. In a block opening (`leading`) or closing (`trailing`) the
    text, and not both, where the copy may begin or end inside the stored text, only the stored paragraphs
    nearest the rest of the text are paired, those beyond removed (outside the copy, as the caller tells); in a
    block between two equal runs with far more stored paragraphs than copied ones (a stretch not in the copy
    between two parts of it), only those nearest either end, those between removed (unless a pair would take
    paragraphs from both sides of them: then the whole block is paired)."""
    near = min(len(old), 2 * len(new) + BAND)  # room for the copy's paragraphs split, joined or removed among them
    beyond = [(1, 0)] * (len(old) - near)
    if leading and not trailing:
        return beyond + _pair(old[len(old) - near :], new)
    if trailing and not leading:
        return _pair(old[:near], new) + beyond
    if leading or len(old) <= 2 * near:
        return _pair(old, new)
    path = _pair(old[:near] + old[len(old) - near :], new)
    before = list(accumulate((di for di, _ in path), initial=0))  # stored paragraphs taken before each step
    if near not in before:
        return _pair(old, new)
    at = before.index(near)
    return path[:at] + [(1, 0)] * (len(old) - 2 * near) + path[at:]


def _ordered(path: list[tuple[int, int]], removed_first: bool) -> list[tuple[int, int]]:
    """`path` with each run of paragraphs added and removed (in any order the pairing found) in one order: the
    added first, or the removed first."""
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for step in [*path, (1, 1)]:
        if step in ((1, 0), (0, 1)):
            run.append(step)
            continue
        out += sorted(run, reverse=removed_first)
        out.append(step)
        run = []
    return out[:-1]


def _pair(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """The cheapest way through a block of changed paragraphs (dynamic programming over a band around its
    diagonal, so a long block costs a multiple of its length, not its area)."""
    k, m = len(old), len(new)
    if not k or not m:
        return [(1, 0)] * k + [(0, 1)] * m
    a = [_word_list(p) for p in old]
    b = [_word_list(p) for p in new]
    cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    reach = _reach(k, m)
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


def _reach(k: int, m: int) -> float:
    """How far (in paragraphs of the copy) from a block's diagonal its pairing looks: BAND paragraphs of the
    block's shorter side, and, in a lopsided block (a stretch not in the copy between two of its parts, a run
    of paragraphs added), as far as its pairs may lie at either end of it, unless that takes over CELLS cells."""
    reach = BAND * m / min(k, m)
    lopsided = abs(k - m) * m / max(k, m)
    return reach + lopsided if k * min(m, 2 * (reach + lopsided)) <= CELLS else reach


def _word_list(text: str) -> list[str]:
    """A paragraph's words, as the pairing compares them."""
    return _WORD.findall(text.casefold())


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


def _moves(old: list[str], new: list[str], steps: list[tuple[int, int, int, int]]) -> dict[int, int]:
    """The paragraphs moved: stored paragraph removed -> the copy's paragraph added that is it, by the same text
    first, then, among those left, by the most alike (at least PAIRED) in turn. Of the paragraphs removed outside
    the stretch the copy pairs, only the GAP nearest either end of it are looked at (the first paragraph of a
    chapter sent back alone, or of a whole copy, moved further on)."""
    held = [i for di, dj, i, _ in steps if di and dj]
    if not held:
        return {}
    first, last = held[0] - GAP, held[-1] + GAP
    removed = [i for di, dj, i, _ in steps if not dj and first <= i <= last]
    added = [j for di, _, _, j in steps if not di]
    by_text: dict[str, deque[int]] = defaultdict(deque)
    for i in removed:
        by_text[old[i]].append(i)
    moved: dict[int, int] = {}
    for j in added:
        if by_text.get(new[j]):
            moved[by_text[new[j]].popleft()] = j
    left = [i for i in removed if i not in moved and _word_list(old[i])]
    words = [_word_list(old[i]) for i in left]
    taken = set(moved.values())
    for j in added:
        query = _word_list(new[j])
        found = None if j in taken or not query else process.extractOne(
            query, words, scorer=Indel.normalized_similarity, score_cutoff=PAIRED)
        if found is not None:
            moved[left.pop(found[2])] = j
            words.pop(found[2])
    return moved


def _runs(moved: dict[int, int]) -> dict[int, int]:
    """Paragraphs moved together (stored ones in a row become the copy's in a row) as runs: first stored -> how
    many."""
    runs: dict[int, int] = {}
    first = -1
    for i in sorted(moved):
        if first >= 0 and i == first + runs[first] and moved[i] == moved[first] + runs[first]:
            runs[first] += 1
        else:
            first, runs[i] = i, 1
    return runs


def _regrouped(seg: Segmentation, di: int, dj: int, i: int, blocks: Sequence[Block]) -> Difference:
    """A paragraph added, removed, split or joined: a difference no correction can make."""
    paras = seg.paragraphs[i : i + di]
    new = "\n".join(b.text for b in blocks)
    tracked = tuple(t for b in blocks for t in b.tracked)
    if not paras:
        end = seg.paragraphs[i - 1].end if i else 0
        return Difference(end, end, "", new, i - 1, Reason.ADDED, tracked)
    reason = Reason.REMOVED if not dj else Reason.SPLIT if dj > di else Reason.JOINED
    return Difference(paras[0].start, paras[-1].end, _text(seg, i, i + di - 1), new, i, reason, tracked)


def _moved(seg: Segmentation, i: int, n: int, blocks: Sequence[Block], to: int) -> Difference:
    """Stored paragraphs i.. (n of them) moved to follow stored paragraph `to`, where the copy reads `blocks`."""
    paras = seg.paragraphs[i : i + n]
    return Difference(paras[0].start, paras[-1].end, _text(seg, i, i + n - 1), "\n".join(b.text for b in blocks), i,
                      Reason.MOVED, tuple(t for b in blocks for t in b.tracked), to)


def _left_out(seg: Segmentation, first: int, last: int) -> Difference:
    """Stored paragraphs first..last, a stretch not in the copy."""
    start, end = seg.paragraphs[first].start, seg.paragraphs[last].end
    return Difference(start, end, _text(seg, first, last), "", first, Reason.LEFT_OUT)


def _text(seg: Segmentation, first: int, last: int) -> str:
    """Stored paragraphs first..last, one a line."""
    return "\n".join(seg.text[p.start : p.end] for p in seg.paragraphs[first : last + 1])


def _revised(seg: Segmentation, p: Paragraph, block: Block) -> Iterator[Difference]:
    """The word-level differences of a revised paragraph, each fitted into one sentence if it can be (an edit
    the word diff merged across a sentence boundary split again into one per sentence, if it can be)."""
    old = seg.text[p.start : p.end]
    shift = 0  # where the revised text is ahead of the stored one
    for e in edits(old, block.text):
        d = _fitted(seg, _placed(seg, p, block, e, shift))
        yield from (_split(seg, p, block, e, shift) or [d]) if d.reason is Reason.ACROSS else [d]
        shift += len(e.replacement) - (e.end - e.start)


def _placed(seg: Segmentation, p: Paragraph, block: Block, e: Edit, shift: int) -> Difference:
    """Edit `e` of paragraph `p` (offsets in it; the revised text `shift` ahead of it there) in the text's offsets,
    with the tracked changes of `block` it comes from."""
    start, end = e.start + shift, e.start + shift + len(e.replacement)  # in the revised paragraph
    tracked = tuple(t for t in block.tracked if t.start <= end and start <= t.end)
    return Difference(p.start + e.start, p.start + e.end, seg.text[p.start + e.start : p.start + e.end],
                      e.replacement, p.index, None, tracked)


def _split(seg: Segmentation, p: Paragraph, block: Block, e: Edit, shift: int) -> list[Difference]:
    """Edit `e` of paragraph `p` (the revised text `shift` ahead there), which crosses a sentence boundary, as the
    edits of each sentence it changes (and of the spaces between them): its changes diffed unmerged, each fitted
    into one sentence, then each sentence diffed with its changes made. None if a change crosses a boundary, or
    if the changed text, cut into sentences again, does not give those sentences (the edit moves a boundary)."""
    old = seg.text[p.start : p.end]
    a, b = _context(old, e.start, e.end)  # a word on either side, to which a word added at an end is said
    pieces = [_fitted(seg, Difference(p.start + a + x.start, p.start + a + x.end, old[a + x.start : a + x.end],
                                      x.replacement, p.index))
              for x in edits(old[a:b], old[a : e.start] + e.replacement + old[e.end : b], merge=False)]
    if any(d.reason is Reason.ACROSS for d in pieces):
        return []
    sentences = seg.overlapping(p.start + a, p.start + b)
    made = [_made(s, [Edit(d.start, d.end, d.new) for d in pieces if d.reason is None and seg.at(d.start) == s])
            for s in sentences]
    lo, hi = min(sentences[0].start, p.start + a), max(sentences[-1].end, p.start + b)
    text = apply_edits(seg.text[lo:hi], [Edit(d.start - lo, d.end - lo, d.new) for d in pieces])
    if [text[x:y] for x, y in sentence_spans(text)] != made:
        return []
    changes = [*(Edit(s.start - p.start + x.start, s.start - p.start + x.end, x.replacement)
                 for s, new in zip(sentences, made) for x in edits(s.text, new)),
               *(Edit(d.start - p.start, d.end - p.start, d.new) for d in pieces if d.reason is Reason.BETWEEN)]
    out = []
    for x in sorted(changes, key=lambda x: x.start):
        out.append(_fitted(seg, _placed(seg, p, block, x, shift)))
        shift += len(x.replacement) - (x.end - x.start)
    return out


def _context(text: str, start: int, end: int) -> tuple[int, int]:
    """text[start:end] widened by the token before it and the token after it, if any."""
    before = [m.start() for m in TOKEN.finditer(text, max(0, start - 64), start) if m.end() == start]
    after = TOKEN.match(text, end)
    return (before[-1] if before else start), (after.end() if after else end)


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
        target = _made(s, [Edit(d.start, d.end, d.new)])
        for a in near:
            if _made(s, [Edit(a.start, a.end, a.correction.replacement)]) == target:
                return [a.correction]
        inside = sorted((a for a in near if d.start <= a.start and a.end <= d.end), key=lambda a: a.start)
        apart = all(x.end <= y.start for x, y in zip(inside, inside[1:]))
        if len(inside) > 1 and apart and _made(s, [Edit(a.start, a.end, a.correction.replacement)
                                                    for a in inside]) == target:
            return [a.correction for a in inside]
        return []


def _made(s: Segment, changes: list[Edit]) -> str:
    """Sentence `s` with `changes` (in text offsets) made."""
    return apply_edits(s.text, [Edit(e.start - s.start, e.end - s.start, e.replacement) for e in changes])
