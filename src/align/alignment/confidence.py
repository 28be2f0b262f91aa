"""Bead confidence: how likely each bead of an alignment is right, as a number 0..1.

Owns the step from an aligned document to one confidence per bead; the aligner
(`align.alignment.aligner`) calls it once its search is done, and everything showing or
ranking confidence (`align --presegmented`'s third column, the Alignment view,
`store.least_confident`) reads the result. Beads fixed by people are sure (1.0) and are not rated.

The main evidence is the aligner's margin for each bead (how much more the cheapest alignment
that disagrees with it costs), put on the document's own scale: divided by the median margin
of its 1-1 beads, so that it means the same whatever the cost model's weights. Around it:

- the bead's shape: 1-1, one-sided (1-0, 0-1), or 3, 4, 5 or more sentences (a 1-3 bead is
  wrong far more often than a 1-1 bead of the same margin);
- its neighbours: a wrong bead seldom comes alone (a shift by one sentence leaves a weak,
  one-sided or merged bead beside it), so the margins of the beads before and after it count,
  and whether one of them is one-sided or holds 3 sentences or more;
- a short sentence (a fragment such as "Stop!" or "said Kitty.") just outside it on either
  side, which could as well have joined it: the commonest disagreement with the gold.

- how far the bead's length ratio is from the document's typical one (its 1-1 beads' median):
  with embeddings the aligner caps the length cost (`aligner.Params.len_cap`), so past the cap the
  margin no longer holds it, and model-free it added a little on the dev sets as well.

Agreement of anchor keys and (with a model) the cosine of embeddings, measured afresh, added
nothing on the dev sets: the margin already weighs them. A logistic model turns the features
into a confidence; its coefficients were fitted on the dev splits only (Text+Berg dev and
Karenina val; the LIMSI dev books kept out as a check) by `bench/confidence_fit.py`, once
model-free and once with use-m3 embeddings in the costs (their margins spread differently),
last after the length cap and the sentence-end cost came in (dev AUROC model-free 0.855 ->
0.866, with use-m3 0.868 -> 0.871). The second pass reads these confidences (which beads to
learn from and keep), so a refit moves a few beads too. On Text+Berg test and Karenina test
together: AUROC 0.853 model-free, 0.846 with use-m3 (before the cap and the refit 0.855 and
0.857; 0.856 and 0.845 before `aligner.Params.start_mismatch`); wrong among the least confident
5%: 53% and 50% (bench/align_bench.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

import numpy as np

Span = tuple[tuple[int, ...], tuple[int, ...]]
"""A bead as the indices of its source and of its target sentences."""

SHORT = 30  # characters: a sentence shorter than this beside a bead could as well belong to it
RELATIVE_CAP = 4.0  # a margin over 4 times the document's typical one says nothing more
LENGTH_OFF_CAP = 2.0  # a length ratio over e² times the document's typical one says nothing more
TYPICAL_MARGIN = 3.3  # median margin of 1-1 beads on the dev sets, for documents with few of them
TYPICAL_WEIGHT = 20  # ... counted as this many beads beside the document's own median


class Feature(Enum):
    """The evidence about one bead, in the order of the columns of `features`."""

    BIAS = "bias"
    MARGIN = "margin / typical margin, capped"
    LOG_MARGIN = "log1p(margin / typical margin)"
    ONE_SIDED = "one-sided"
    SIZE_3 = "3 sentences (2-1, 1-2)"
    SIZE_4 = "4 sentences (2-2, 1-3, 3-1)"
    SIZE_5 = "5 sentences or more"
    MARGIN_BEFORE = "log1p(margin of the bead before / typical)"
    MARGIN_AFTER = "log1p(margin of the bead after / typical)"
    ONE_SIDED_BESIDE = "a two-sided bead with a one-sided one beside it"
    MERGED_BESIDE = "a bead of 1 or 2 sentences with one of 3 or more beside it"
    SHORT_BESIDE = "a short sentence just before or after the bead, on either side"
    LENGTH_OFF = "|log of the bead's length ratio / the document's typical ratio|, capped"


def features(spans: Sequence[Span], margins: np.ndarray, src_len: np.ndarray, tgt_len: np.ndarray) -> np.ndarray:
    """One row per bead of a document (in order), one column per `Feature`. A margin may be inf:
    a bead nothing can disagree with (fixed by a person); `src_len`/`tgt_len` are the characters
    of every sentence of the two sides."""
    k = len(spans)
    if not k:
        return np.zeros((0, len(Feature)))
    a = np.array([len(s) for s, _ in spans])
    b = np.array([len(t) for _, t in spans])
    one_sided = (a == 0) | (b == 0)
    one_one = (a == 1) & (b == 1)
    margin = np.asarray(margins, float)
    rel = np.minimum(margin / _typical(margin[one_one & np.isfinite(margin)]), RELATIVE_CAP)  # inf: the cap
    before = np.append(RELATIVE_CAP, rel[:-1])
    after = np.append(rel[1:], RELATIVE_CAP)
    merged = a + b >= 3
    chars_s = np.array([sum(src_len[i] for i in s) for s, _ in spans], float)
    chars_t = np.array([sum(tgt_len[j] for j in t) for _, t in spans], float)
    ratio = np.log((chars_t + 1.0) / (chars_s + 1.0))
    typical = float(np.median(ratio[one_one])) if one_one.any() else 0.0
    off = np.where(one_sided, 0.0, np.minimum(np.abs(ratio - typical), LENGTH_OFF_CAP))
    columns: dict[Feature, np.ndarray] = {
        Feature.BIAS: np.ones(k),
        Feature.MARGIN: rel,
        Feature.LOG_MARGIN: np.log1p(rel),
        Feature.ONE_SIDED: one_sided,
        Feature.SIZE_3: a + b == 3,
        Feature.SIZE_4: a + b == 4,
        Feature.SIZE_5: a + b >= 5,
        Feature.MARGIN_BEFORE: np.log1p(before),
        Feature.MARGIN_AFTER: np.log1p(after),
        Feature.ONE_SIDED_BESIDE: _beside(one_sided) & ~one_sided,
        Feature.MERGED_BESIDE: _beside(merged) & ~merged,
        Feature.SHORT_BESIDE: _short_beside(spans, 0, src_len) | _short_beside(spans, 1, tgt_len),
        Feature.LENGTH_OFF: off,
    }
    return np.column_stack([columns[f] for f in Feature]).astype(float)


def _typical(margins: np.ndarray) -> float:
    """The document's typical margin of a 1-1 bead: the median, drawn towards TYPICAL_MARGIN when few."""
    n = len(margins)
    own = float(np.median(margins)) if n else 0.0
    return max((own * n + TYPICAL_MARGIN * TYPICAL_WEIGHT) / (n + TYPICAL_WEIGHT), 1e-6)


def _beside(flag: np.ndarray) -> np.ndarray:
    """Whether the bead before or the bead after has `flag`."""
    return np.append(False, flag[:-1]) | np.append(flag[1:], False)


def _short_beside(spans: Sequence[Span], side: int, lengths: np.ndarray) -> np.ndarray:
    """Whether the sentence just before or just after each bead on one side is short."""
    short = np.append(np.asarray(lengths) < SHORT, False)  # index -1 (before the first) is not short
    first = np.array([span[side][0] - 1 if span[side] else -1 for span in spans])
    after = np.array([span[side][-1] + 1 if span[side] else -1 for span in spans])
    return short[first] | short[np.where(after < len(lengths), after, -1)]


def confidences(spans: Sequence[Span], margins: np.ndarray, src_len: np.ndarray, tgt_len: np.ndarray,
                embeddings: bool = False) -> np.ndarray:
    """Confidence 0..1 of each bead of a document: the logistic model over its `features`, with
    the coefficients fitted on margins of costs with embeddings when `embeddings`."""
    weights = WITH_EMBEDDINGS if embeddings else MODEL_FREE
    x = features(spans, margins, src_len, tgt_len) @ np.array([weights[f] for f in Feature])
    return 1.0 / (1.0 + np.exp(-np.clip(x, -50.0, 50.0)))


# Fitted by bench/confidence_fit.py on Text+Berg dev and Karenina val (logistic regression of
# "the bead is in the gold", Newton's method, a small ridge); see its output for the figures.
MODEL_FREE: dict[Feature, float] = {
    Feature.BIAS: 1.603, Feature.MARGIN: -0.121, Feature.LOG_MARGIN: 2.187, Feature.ONE_SIDED: -2.346,
    Feature.SIZE_3: -1.268, Feature.SIZE_4: -2.893, Feature.SIZE_5: -3.534,
    Feature.MARGIN_BEFORE: 1.037, Feature.MARGIN_AFTER: 1.255, Feature.ONE_SIDED_BESIDE: -1.525,
    Feature.MERGED_BESIDE: -0.949, Feature.SHORT_BESIDE: -0.580, Feature.LENGTH_OFF: -0.975,
}
WITH_EMBEDDINGS: dict[Feature, float] = {
    Feature.BIAS: 0.490, Feature.MARGIN: 1.047, Feature.LOG_MARGIN: 1.043, Feature.ONE_SIDED: -1.283,
    Feature.SIZE_3: -0.741, Feature.SIZE_4: -2.376, Feature.SIZE_5: -2.772,
    Feature.MARGIN_BEFORE: 1.422, Feature.MARGIN_AFTER: 1.632, Feature.ONE_SIDED_BESIDE: -0.610,
    Feature.MERGED_BESIDE: -0.752, Feature.SHORT_BESIDE: -0.367, Feature.LENGTH_OFF: -0.334,
}
