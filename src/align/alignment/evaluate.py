"""Alignment evaluation: Vecalign's bead format and its strict and lax precision, recall and F1.

Owns the one way this project reads, writes and scores sentence alignments by index, as
Vecalign's score.py and Bertalign's eval.py do in their packages: the gold alignments of the
public test sets (../shared/bench), the hand gold of the sample (tests/data/
sample_alignment_gold.txt), the generated book's gold (`align.alignment.synthetic`) and
`align align --presegmented`'s output all use it.

Format: one bead a line, `[i,j]:[k]` with 0-based sentence indices of the source and the
target (either list may be empty), optionally followed by `:score` as Vecalign prints it;
reading ignores the score.

Scores (re-implemented from Vecalign's definition): precision over every output bead that
is not empty on both sides, recall over the gold beads with both sides non-empty, both
micro-averaged over documents. Strict counts a bead equal to a gold bead; lax also counts one
that shares a source and a target sentence with the same gold bead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from align.errors import InputError

IndexBead = tuple[tuple[int, ...], tuple[int, ...]]
"""A bead as the 0-based indices of its source and of its target sentences."""


def format_bead(src: Sequence[int], tgt: Sequence[int], score: float | None = None) -> str:
    """One bead as a Vecalign line (no newline): `[0,1]:[2]`, or `[0,1]:[2]:0.412` with a score."""
    line = f"[{','.join(map(str, src))}]:[{','.join(map(str, tgt))}]"
    return line if score is None else f"{line}:{score:.3f}"


_LINE = re.compile(r"\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*(?::[^:]*)?")


def _indices(side: str) -> tuple[int, ...]:
    return tuple(int(x) for x in side.split(",") if x.strip())


def parse_bead(line: str) -> IndexBead:
    """The bead of one Vecalign line (a third `:score` field is ignored); ValueError if it is not one."""
    m = _LINE.fullmatch(line)
    if not m:
        raise ValueError(f"not a bead: {line!r}")
    return _indices(m[1]), _indices(m[2])


def read_alignment(path: Path) -> list[IndexBead]:
    """The beads of a Vecalign-format file, in file order; blank lines are skipped."""
    beads = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                beads.append(parse_bead(line))
            except ValueError:
                raise InputError(f"{path}:{number}: expected a bead like [0,1]:[2], got {line.strip()!r}") from None
    return beads


def write_alignment(path: Path, beads: Iterable[IndexBead]) -> None:
    """Write `beads` to `path` in Vecalign format, one a line, without scores."""
    path.write_text("".join(format_bead(src, tgt) + "\n" for src, tgt in beads), encoding="utf-8")


@dataclass(frozen=True)
class PRF:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Scores:
    """An alignment's scores against the gold, strict and lax."""

    strict: PRF
    lax: PRF


@dataclass
class _Counts:
    """True and false positives of test beads against gold beads, strict and lax."""

    tp_strict: int = 0
    fp_strict: int = 0
    tp_lax: int = 0
    fp_lax: int = 0

    def add(self, gold: Sequence[IndexBead], test: Sequence[IndexBead]) -> None:
        gold_set = {b for b in gold if b[0] or b[1]}
        gold_targets: dict[int, set[int]] = {}  # source sentence -> the targets of its gold bead
        for src, tgt in gold_set:
            for s in src:
                gold_targets.setdefault(s, set()).update(tgt)
        for src, tgt in {b for b in test if b[0] or b[1]}:
            if (src, tgt) in gold_set:
                self.tp_strict += 1
                self.tp_lax += 1
                continue
            self.fp_strict += 1
            if any(gold_targets.get(s, set()) & set(tgt) for s in src):
                self.tp_lax += 1
            else:
                self.fp_lax += 1

    @property
    def strict(self) -> float:
        return _ratio(self.tp_strict, self.fp_strict)

    @property
    def lax(self) -> float:
        return _ratio(self.tp_lax, self.fp_lax)


def _ratio(tp: int, fp: int) -> float:
    return tp / (tp + fp) if tp + fp else 0.0


def _two_sided(beads: Sequence[IndexBead]) -> list[IndexBead]:
    return [b for b in beads if b[0] and b[1]]


def score(golds: Sequence[Sequence[IndexBead]], tests: Sequence[Sequence[IndexBead]]) -> Scores:
    """Scores of `tests[k]` against `golds[k]`, micro-averaged over the documents k."""
    precision, recall = _Counts(), _Counts()
    for gold, test in zip(golds, tests, strict=True):
        precision.add(gold, test)
        # Recall is the precision of the gold's two-sided beads against the output's.
        recall.add(_two_sided(test), _two_sided(gold))
    return Scores(strict=PRF(precision.strict, recall.strict), lax=PRF(precision.lax, recall.lax))


def confidence_auroc(golds: Sequence[Sequence[IndexBead]], tests: Sequence[Sequence[IndexBead]],
                     confidences: Sequence[Sequence[float]]) -> tuple[float, float]:
    """How well bead confidences tell right beads (in the gold, strictly) from wrong ones, pooled
    over documents: (AUROC, share wrong among the least confident 5%); AUROC is nan when every
    bead is right or every bead is wrong.

    AUROC is the chance that a right bead is more confident than a wrong one (ties count half):
    the Mann-Whitney U statistic over the number of right-wrong pairs.
    """
    gold_sets = [set(gold) for gold in golds]
    right = np.array([b in gold for gold, test in zip(gold_sets, tests, strict=True) for b in test], dtype=bool)
    conf = np.array([c for cs in confidences for c in cs], dtype=float)
    if len(conf) != len(right):
        raise ValueError("one confidence per output bead")
    n_right, n_wrong = int(right.sum()), int((~right).sum())
    low = np.argsort(conf, kind="stable")[: max(1, round(0.05 * len(conf)))]
    wrong_low = float(1 - right[low].mean()) if len(conf) else float("nan")
    if not n_right or not n_wrong:
        return float("nan"), wrong_low
    from scipy.stats import rankdata  # imported here: 0.35 s every `align` command would pay, for the benches

    ranks = rankdata(conf)
    auroc = (ranks[right].sum() - n_right * (n_right + 1) / 2) / (n_right * n_wrong)
    return float(auroc), wrong_low
