"""Sentence alignment of two sentence lists: beads, scoring, anchored banded search.

Works on plain lists of sentences (any language pair); `align.alignment.run` applies it to a
project's documents. The search follows Bertalign/Vecalign in spirit, without a model. The
module reads in the order `align` runs:

1. Anchors: sentence pairs sharing rare keys (numbers, names, glossary terms; see
   `align.alignment.anchors`) or several keys as frequent on both sides, paired in order (so
   a book of repeated chapters, where no key is rare, keeps its copies in step), reduced to
   the heaviest chain increasing on both sides; the
   length model (target/source character ratio and variance) comes from the stretches
   between them. Fixed beads (manual decisions) cut the sides into independent stretches.
   With embeddings, sentence pairs each other's nearest within the band and close enough are
   anchors too (see `Params.emb_anchor_min`), and the band is drawn again around them.
2. Per stretch (`_Stretch`), a band: the union of the rectangles between consecutive
   anchors, widened by a few sentences, so a 300-sentence omission between two anchors stays
   inside the band while a book costs O(n · band) cells, not O(n · m). The cost of every
   bead type ending at every band cell is computed at once (numpy, in chunks, two at a time on
   two threads: numpy lets go of the GIL on arrays this size).
3. Dynamic programming over the band: a forward pass, one row at a time, keeps the cheapest path
   into each cell and its last step (`_Step`: a bead, a source or target gap, a skipped
   paragraph), and a traceback from the end undoes those steps into beads. Bead types are 1-1,
   1-2, 2-1, 2-2, 1-3, 3-1, 2-3, 3-2, 1-4, 4-1, 3-3, 2-4, 4-2, 1-5, 5-1 (`BEAD_TYPES`), with an
   affine gap state per side: opening an unaligned run costs more than extending it, and less at
   a paragraph start, at a line that is mostly not letters (OCR debris, a page number), at a line
   whose numbers no sentence of the other side within the band has (a footnote, a caption) or, with
   embeddings, at a line that no sentence of the other side within the band resembles (a
   caption, a translator's credit: the junk the length score used to grow a neighbouring bead
   around), so long untranslated stretches come out as runs of 1-0 / 0-1 instead of forced
   matches. When both sides have paragraphs, a whole paragraph lying between two paragraph
   boundaries of the other side can be skipped at a lower cost per sentence (an untranslated
   note or preface), and each bead pays or gains by the anchor similarity of the two paragraphs
   it starts in, so the keys of a translated paragraph count against pairing its sentences with
   an unrelated one (on the generated book this took the untranslated English sentences wrongly
   aligned from 40% to 2%, see bench/align_bench.py --book).

A bead's cost combines the Gale–Church length model (length ratio and variance estimated
from the anchored stretches of the document itself; with embeddings its cost is capped, so a
loose translation's length does not outweigh them: see `Params.len_cap`), anchor similarity
(Dice of shared key weights), the same for the character 4-grams of the words no key matched
(partial cognates such as Präsident ~ président, scored apart: see `Params.w_gram`), paragraph
evidence, whether the two groups' last sentences end in the same punctuation mark (see
`Params.end_mismatch`), whether their first sentences both or neither start lowercase (the rest
of a sentence the splitter cut belongs to the bead before: see `Params.start_mismatch`) and,
optionally, the cosine of sentence embeddings (`align.alignment.neural`); a group of sentences
is the normalised sum of their embeddings, so every sentence is encoded once, and a group's
cosine is the sum of its sentence pairs' dot products over the two sums' norms, so only the
sentence pairs of the band are multiplied. Embedding the joined text of
each group of 2-3 sentences instead, as Bertalign does, was measured on all the dev sets with
USE-m3 and does not pay: in place of the sum, everywhere or only near the first pass's
low-margin beads, shifted, mixed with the sum, scored by how far it beats the best sentence
pair inside the group, or with milder length evidence, strict F1 pooled over the dev sets is
at best 0.917 against 0.914 (lowering the merged beads' priors alone gives 0.916), for twice
as many texts to encode, each ~1.6x as slow. A joined window of a sentence's translation and
an unrelated neighbour keeps the translation's cosine where the sum's is diluted, so beads
grow around junk lines (Text+Berg dev 0.904 -> 0.886).

4. Confidence: a backward pass gives the cheapest path from every cell to the end, so the
   cheapest complete path through any cell is known. A bead's margin is how much more the
   cheapest path that disagrees with it costs (one crossing its rows or columns elsewhere, or
   jumping them with another bead); `align.alignment.confidence` turns the margins of a
   document's beads, their shapes and neighbours into confidences 0..1.
5. A second pass (Moore 2002): word-stem pairs learned from the first pass's confident beads
   (`align.alignment.lexicon`) join the anchor keys, and the search runs again, only between
   the beads it keeps (confident ones the learned keys do not argue against), so it costs a
   fraction of the first (see `Params.lex_weight`). Most words are no cognates; this gives them
   a say (strict F1 on Candide into Spanish and Greek 0.801 -> 0.873 model-free, 0.853 -> 0.888
   with use-m3). Its stretches are too short to tell which lines are lone or have orphan numbers
   (a line's band there holds few sentences of the other side): it reads the first pass's gap costs.
"""

from __future__ import annotations

import bisect
import math
import re
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from scipy.special import erfc
from tqdm import tqdm

from align.alignment.anchors import AnchorFeatures, extract, with_keys
from align.alignment.confidence import confidences
from align.alignment.lexicon import learn

_Span = tuple[tuple[int, ...], tuple[int, ...]]  # a bead's source and target sentence indices
BEAD_TYPES: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (2, 3), (3, 2), (1, 4), (4, 1),
    (3, 3), (2, 4), (4, 2), (1, 5), (5, 1),
)
MAX_SIDE = max(max(t) for t in BEAD_TYPES)  # most sentences of one side in a bead
INF = 1e18
_SQRT_HALF = math.sqrt(0.5)


@dataclass(frozen=True)
class Params:
    """Weights of the cost model and search (tuned on the dev/val sets, see bench/); these defaults
    are those with embeddings, `MODEL_FREE` those without."""

    # per BEAD_TYPES entry; the five largest (3-3 .. 5-1, 2% of the dev gold beads) were added
    # with the priors tuned on the dev sets: strict F1 Text+Berg dev 0.896 -> 0.904, other LIMSI
    # books 0.939 -> 0.941, Karenina val 0.943 (model-free: 0.871 -> 0.876, 0.915 -> 0.917, 0.927)
    priors: tuple[float, ...] = (0.0, 2.2, 2.2, 4.5, 4.5, 4.5, 6.5, 6.5, 6.5, 6.5, 8.5, 10.0, 10.0, 10.0, 10.0)
    w_len: float = 1.0
    # The most the length term's -log P(length difference) may be (before w_len). The Gale–Church
    # tail is Gaussian: one loose translation (a sentence cut short, a clause moved to the next one)
    # costs without bound, so length outweighed any cosine, joining two right 1-1 beads into a 2-2
    # or leaving a sentence unaligned because every pairing cost more than a gap. Capped, a bead
    # whose length is off by over ~2.5 standard deviations pays the same and the embeddings decide
    # (Bertalign's length penalty, log2(1 + shorter / longer) times the cosine, is bounded too: a
    # bead-by-bead comparison with it on the dev sets found this class). Tuned on the dev sets with
    # use-m3 (caps 4-5 on a plateau; 3: Text+Berg dev 0.899, 6: 0.907): strict F1 Text+Berg dev
    # 0.907 -> 0.910, other LIMSI books 0.943 -> 0.946 (the same 3125 right beads, wrong ones 223 ->
    # 205: null beads output 35 -> 10, 29 -> 7 wrong), Candide into Spanish and Greek 0.889 -> 0.889,
    # Karenina val all 0.926 -> 0.927 (first 739x800 0.946 -> 0.946); injected null lines
    # (bench/null_bench.py, seeds 1, 2) pooled 0.891 -> 0.892, though fewer of them are left
    # unaligned (460 -> 444 of 824): a capped length no longer vetoes a neighbour joining a bead, and
    # on a generated book without paragraphs (1500 sentences, runs of English with no Russian) wrong
    # beads rose 74 -> 83 and 84 -> 85 (seeds 3, 4), the runs' edge sentences joined to the beads
    # beside them. Model-free (MODEL_FREE: no cap) length is the only evidence where no key is
    # shared: at cap 5 Candide into Greek 0.848 -> 0.833, though Text+Berg dev gained 0.897 -> 0.901;
    # capped only where the keys argue for the bead, every row within 0.002 of no cap; capped only in
    # documents with at least 0.1 anchors a sentence (not Greek), Text+Berg dev 0.901 and other LIMSI
    # books 0.931 -> 0.933, but the generated book above without embeddings 17 -> 35 wrong beads.
    len_cap: float = 4.5
    w_sim: float = 7.0
    sim0: float = 0.35  # anchor similarity that is neither for nor against a bead
    gap_open: float = 3.0
    gap_extend: float = 3.5
    par_gap_bonus: float = 2.0  # cheaper to open an unaligned run at a paragraph start
    junk_gap_bonus: float = 2.0  # ... or at a line that is mostly not letters
    # ... or, with embeddings, at a line no sentence of the other side within the band resembles:
    # up to lone_gap_bonus as its best cosine there falls from lone0 to 0 (a caption, a credit, a
    # sentence the translator left out; tuned on the dev sets)
    lone_gap_bonus: float = 4.5
    lone0: float = 0.3
    # ... or at a line with numbers none of which a sentence of the other side within the band has
    # (a page number, a footnote, a figure caption: numbers survive translation, so a genuine line
    # rarely loses all of them). Tuned on the dev sets with lines injected (bench/null_bench.py,
    # seeds 1, 2): no plain dev row worse (model-free Text+Berg dev 0.876 -> 0.878, the rest equal); injected
    # lines left unaligned 381 -> 451 of 824 with use-m3 (pooled strict F1 0.877 -> 0.881) and,
    # with MODEL_FREE's 3.0, 73 -> 224 (0.812 -> 0.820)
    orphan_gap_bonus: float = 2.0
    # With embeddings, sentence pairs each other's most similar within the band, at least this
    # cosine, join the anchors (weight: the cosine times emb_anchor_weight) and the band is made
    # again around them: on Karenina it has a third of the cells (and F1 is a little better)
    emb_anchor_min: float = 0.7
    emb_anchor_weight: float = 2.0
    par_skip_open: float = 1.0  # a whole paragraph unaligned, between paragraph boundaries of the other side
    par_skip_ext: float = 1.5  # ... per sentence
    par_span: float = 1.5  # a bead whose sentences straddle a paragraph boundary
    par_mismatch: float = 0.5  # a bead starting a paragraph on one side only
    w_neural: float = 7.0  # tuned with use-m3: cosines of translations ~0.4-0.8, of neighbours ~0.1-0.35
    neural0: float = 0.3  # cosine that is neither for nor against a bead
    w_par_sim: float = 4.0  # anchor similarity of the two paragraphs a bead starts in
    par_sim0: float = 0.3
    par_max_df: int = 40  # keys in at most this many sentences per side count for paragraphs
    band: int = 10  # sentences the search may stray from the anchor rectangles
    wide: int = 300  # rectangles wider than this become a diagonal band of this width
    anchor_max_df: int = 8  # keys in at most this many sentences per side make anchors
    anchor_min: float = 0.7  # minimum shared weight of an anchor pair
    ranked_max_df: int = 50  # keys in at most this many sentences, as many per side, pair by order
    ranked_min: int = 3  # ... where a pair shares at least this many such keys
    dense_df: int = 40  # keys more frequent than this are scored densely
    # A second pass with a word lexicon learned from the document itself (`align.alignment.lexicon`):
    # word-stem pairs learned from the first pass's beads at least lex_trust confident become
    # anchor keys of weight lex_weight (a word key's is 1; 0: no second pass), and the search runs
    # again except across the beads kept from the first pass: those at least lex_keep confident, or
    # lex_hold confident where the learned keys do not argue against them, each with lex_pad such
    # beads on either side (the rest is re-solved with some context). Tuned on the dev sets: with
    # use-m3 strict F1 Text+Berg dev 0.904 -> 0.904, other LIMSI books 0.941 -> 0.944, Candide into
    # Spanish and Greek 0.853 -> 0.888, Karenina val first 739x800 0.943 -> 0.946, all 0.927 -> 0.926
    # (at weight 0.5 Text+Berg dev 0.899, Karenina 0.943 / 0.925). Model-free: see MODEL_FREE.
    lex_weight: float = 0.3
    lex_trust: float = 0.7
    lex_keep: float = 0.95
    lex_hold: float = 0.7
    lex_pad: int = 3
    # Character 4-grams of the words that share no anchor key (partial cognates: Präsident ~
    # président, see `align.alignment.anchors.Grams`): their Dice over a bead's sentences, scored as
    # the anchor similarity is but apart from it, with weight w_gram and zero point gram0 (0: no
    # n-grams). Counted among the keys instead (weight 0.15-0.3), they diluted the word keys: pooled
    # model-free strict F1 on the dev sets 0.911 -> 0.908-0.909. Tuned on the dev sets (weights
    # 1.5-3, zero points 0-0.3, 3- or 5-grams, n-grams in up to 10 or 40 sentences: pooled within
    # 0.002 of this): model-free strict F1 Text+Berg dev 0.876 -> 0.883, other LIMSI books 0.925 ->
    # 0.927, Candide into Spanish 0.919 -> 0.927 and Greek 0.833 (no n-gram shared), Karenina val
    # all 0.925 -> 0.924; with use-m3 0.904 -> 0.907, 0.944 -> 0.943, 0.888 -> 0.889, 0.926 -> 0.926.
    # Injected null lines (bench/null_bench.py, seeds 1, 2) pooled 0.852 -> 0.854 model-free, 0.890
    # -> 0.891 with use-m3. It costs a novel ~15% more time model-free; the generated book shares no
    # 4-gram rare enough (its words repeat): there only the n-grams' extraction (~0.08 s CPU).
    w_gram: float = 2.0
    gram0: float = 0.1
    # A bead whose last source and last target sentence end in different punctuation (one a
    # question, the other a statement; see `_end_marks`) costs end_mismatch more: translators keep
    # a sentence's kind, so a bead's end where the two sides' kinds differ is more often a boundary
    # in the wrong place (a gold 2-2 split into two 1-1, a middle sentence given to the wrong
    # neighbour). Gold beads differ there 7-14% of the time on the dev sets, the wrong beads of the
    # output 17-30%. Model-free, the mean strict F1 of the four dev rows goes 0.910 -> 0.914; a
    # reward for ends that agree as well pays for more, smaller beads (0.909-0.910), and a mark
    # missing on one side says nothing (counted as a mismatch: 0.913). Tuned on the dev sets (0.2-0.5):
    # strict F1 with use-m3 Text+Berg dev 0.907 -> 0.907, other LIMSI books 0.943 -> 0.943, Candide
    # into Spanish and Greek 0.889 -> 0.895, Karenina val all 0.926 -> 0.926 (first 739x800 0.946 ->
    # 0.941: two of the four beads lost are off by one in the gold); injected null lines
    # (bench/null_bench.py, seeds 1, 2) pooled 0.891 -> 0.892. Model-free: see MODEL_FREE.
    end_mismatch: float = 0.3
    # A bead whose first sentence starts with a lowercase letter on one side only (see
    # `_lower_starts`) costs start_mismatch more: a sentence starting lowercase is most often the
    # rest of the one before it, cut by the sentence splitter (after a bracket, an abbreviation, a
    # semicolon), so a bead starting there on one side only has its start in the wrong place: the
    # rest was given to the next bead instead of its own sentence's. Gold beads differ there 0-4% of
    # the time on the dev sets (Text+Berg dev 15 of 381, other LIMSI books 29 of 3275, Karenina val 1
    # of 4124), the wrong beads of the output 19% on Text+Berg dev (8 of 43) and 4% on the other
    # LIMSI books (a bead-by-bead comparison with Bertalign on the dev sets found the class). Tuned
    # on the dev sets, 0.5-0.7 on a plateau (0.3: Text+Berg dev no gain; 1.0: model-free Candide
    # 0.898 -> 0.897; 1.5: other LIMSI books 0.932 -> 0.930): strict F1 with use-m3 Text+Berg dev
    # 0.910 -> 0.915, other LIMSI books 0.946 -> 0.948, Candide into Spanish and Greek 0.896 ->
    # 0.896, Karenina val all 0.927 -> 0.927; model-free (the same weight) 0.902 -> 0.911, 0.932 ->
    # 0.932, 0.898 -> 0.898, 0.927 -> 0.927. It loses no gold bead of the dev sets; injected null
    # lines (bench/null_bench.py, seeds 1, 2) pooled as before (0.864 model-free, 0.893 with use-m3),
    # and the generated book's beads are the same (bench/align_bench.py --book).
    start_mismatch: float = 0.5


# Without embeddings the length model and the anchors carry the whole decision and weigh
# differently (tuned on the dev sets apart, where every set gained: strict F1 Text+Berg dev
# 0.870 -> 0.871, other LIMSI books 0.913 -> 0.915, Karenina val 0.921 -> 0.922). Without the lone-line
# evidence of embeddings, a line's orphan numbers count for more (orphan_gap_bonus 3.0, see Params),
# and so does the learned lexicon of the second pass (weight 1: strict F1 Text+Berg dev 0.878 -> 0.876,
# other LIMSI books 0.917 -> 0.925, Candide into Spanish and Greek 0.801 -> 0.873, Karenina val first
# 739x800 0.927 -> 0.941, all 0.923 -> 0.925; the 10,000-sentence generated book 0.993 -> 0.994 for
# about an eighth more time, bench/align_bench.py --book). Beads kept from 0.7 or 0.9 (lex_hold)
# score the same on the dev sets; from 0.7 a third as much is searched again. With the n-grams
# (Params.w_gram) the anchor evidence weighs more against length (w_len 0.8 -> 0.7, w_sim 6 -> 10,
# sim0 0.4 -> 0.45; bench/weight_search.py, then a grid checked on every dev row): strict F1
# Text+Berg dev 0.883 -> 0.897, other LIMSI books 0.927 -> 0.931, Candide into Spanish and Greek
# 0.877 -> 0.887, Karenina val all 0.924 -> 0.925 (first 739x800 0.944 -> 0.933); injected null
# lines (bench/null_bench.py, seeds 1, 2) pooled 0.854 -> 0.860. Weights w_len 0.6-0.7 with w_sim
# 9-11 gain on every row; a lower w_len alone (0.6, which the search prefers) loses Greek, where
# no key or n-gram is shared and length decides the first pass (0.833 -> 0.792). Margins then
# rank beads a little worse: confidence AUROC on Text+Berg dev and Karenina val together 0.883 ->
# 0.854 (0.862 with confidence.MODEL_FREE fitted again). The length term is not capped: where no
# key is shared, it is the only evidence (see Params.len_cap). Without embeddings a bead's end where
# the two sides' final marks differ weighs more (end_mismatch 0.5, see Params; 0.3-0.7 all gain on
# Candide, where Greek has no cognate and length is ambiguous): strict F1 Text+Berg dev 0.897 ->
# 0.902, other LIMSI books 0.931 -> 0.931, Candide into Spanish and Greek 0.887 -> 0.896, Karenina
# val all 0.924 -> 0.927; injected null lines pooled 0.860 -> 0.863; no time to speak of (the
# generated book's bead costs take ~2% more CPU). After the confidence model was fitted again
# (`align.alignment.confidence`), the second pass learns from beads at least 0.6 confident (lex_trust;
# a grid of lex_trust, lex_hold and lex_keep on the dev sets): strict F1 Text+Berg dev 0.902 -> 0.902,
# other LIMSI books 0.929 -> 0.932, Candide into Spanish and Greek 0.895 -> 0.898, Karenina val all
# 0.925 -> 0.927 (with use-m3 0.6 loses Candide 0.896 -> 0.892: there it stays 0.7).
MODEL_FREE = Params(
    priors=(0.0, 2.2, 2.2, 4.5, 4.5, 4.5, 7.0, 7.0, 6.5, 6.5, 8.5, 10.0, 10.0, 10.0, 10.0),
    w_len=0.7, len_cap=math.inf, w_sim=10.0, sim0=0.45, gap_open=3.0, gap_extend=3.0, orphan_gap_bonus=3.0,
    lex_weight=1.0, lex_trust=0.6, end_mismatch=0.5,
)


def default_params(neural: bool) -> Params:
    """The tuned weights for alignment with sentence embeddings (`neural`) or without."""
    return Params() if neural else MODEL_FREE


@dataclass(frozen=True)
class RawBead:
    """Source and target sentence indices (0-based), score (the margin: the extra cost of the
    cheapest alignment that disagrees with this bead) and confidence in 0..1 (`align.alignment.confidence`)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float
    confidence: float


def align(
    src: Sequence[str],
    tgt: Sequence[str],
    *,
    src_par: Sequence[int] | None = None,
    tgt_par: Sequence[int] | None = None,
    terms: Sequence[tuple[str, Sequence[str]]] = (),
    src_emb: np.ndarray | None = None,
    tgt_emb: np.ndarray | None = None,
    fixed: Sequence[tuple[tuple[int, ...], tuple[int, ...]]] = (),
    params: Params | None = None,
    progress: bool = False,
) -> list[RawBead]:
    """Align two sentence lists; returns beads covering every sentence once, in order.

    `src_par`/`tgt_par` give each sentence's paragraph number (paragraph evidence);
    `terms` are glossary pairs (source term, target forms); `src_emb`/`tgt_emb` are
    L2-normalised sentence embeddings for the optional neural score; `fixed` beads
    (index tuples, possibly one-sided) are kept exactly as given.
    """
    p = params or default_params(src_emb is not None and tgt_emb is not None)
    n, m = len(src), len(tgt)
    fixed_two = sorted((tuple(sorted(a)), tuple(sorted(b))) for a, b in fixed if a and b)
    src_null = np.zeros(n, bool)
    tgt_null = np.zeros(m, bool)
    for a, b in fixed:
        if not (a and b):
            src_null[list(a)] = True
            tgt_null[list(b)] = True
    feats = extract(src, tgt, terms, grams=p.w_gram > 0)
    inp = _Inputs(
        n=n,
        m=m,
        src_len=np.array([len(s) for s in src], dtype=float),
        tgt_len=np.array([len(t) for t in tgt], dtype=float),
        src_junk=_junk(src),
        tgt_junk=_junk(tgt),
        src_end=_end_marks(src),
        tgt_end=_end_marks(tgt),
        src_lower=_lower_starts(src),
        tgt_lower=_lower_starts(tgt),
        src_par_start=_par_starts(src_par, n),
        tgt_par_start=_par_starts(tgt_par, m),
        src_null=src_null,
        tgt_null=tgt_null,
        feats=feats,
        src_emb=src_emb,
        tgt_emb=tgt_emb,
        gap_costs=(np.zeros(n), np.zeros(m)),
        gram_dot=None if feats.grams is None else (feats.grams.src_b @ feats.grams.tgt_w.T).tocsr(),
    )
    beads, sure = _search(inp, p, fixed_two, {}, {}, src_par, tgt_par, progress)
    rated = _rate(inp, beads, sure, src_emb is not None)
    if p.lex_weight > 0:
        beads, sure, rated = _second_pass(inp, p, src, tgt, beads, sure, rated, fixed_two, src_par, tgt_par, progress)
    return [replace(b, confidence=1.0 if s else round(float(c), 3)) for b, s, c in zip(beads, sure, rated)]


def _rate(inp: _Inputs, beads: list[RawBead], sure: list[bool], neural: bool) -> np.ndarray:
    """The beads' confidences (sure ones: rated as if their margin were infinite; replaced by 1.0)."""
    margins = np.array([math.inf if s else b.score for b, s in zip(beads, sure)])
    return confidences([(b.src, b.tgt) for b in beads], margins, inp.src_len, inp.tgt_len, neural)


def _second_pass(
    inp: _Inputs,
    p: Params,
    src: Sequence[str],
    tgt: Sequence[str],
    beads: list[RawBead],
    sure: list[bool],
    rated: np.ndarray,
    fixed_two: list[_Span],
    src_par: Sequence[int] | None,
    tgt_par: Sequence[int] | None,
    progress: bool,
) -> tuple[list[RawBead], list[bool], np.ndarray]:
    """Learn a lexicon from the first pass's confident beads, add it to the anchor keys and search
    again between the beads kept (see `Params.lex_weight`); the first pass's result when nothing is learned."""
    spans = [(b.src, b.tgt) for b in beads]
    teach = [x for x, c, s in zip(spans, rated, sure) if c >= p.lex_trust and not s]
    lexicon = learn(src, tgt, teach)
    if not lexicon.pairs:
        return beads, sure, rated
    inp.feats = with_keys(inp.feats, lexicon.src_keys, lexicon.tgt_keys, p.lex_weight)
    inp.second_pass = True
    trusted = (rated >= p.lex_keep) | ((rated >= p.lex_hold) & ~lexicon.disagreeing(spans))
    ok = np.array(sure) | (trusted & np.array([bool(a and b) for a, b in spans]))
    if p.lex_pad:  # kept only with lex_pad kept beads on either side
        win = np.lib.stride_tricks.sliding_window_view(np.pad(ok, p.lex_pad), 2 * p.lex_pad + 1)
        ok = win.all(axis=1)
    frozen = {x: b for x, b, k, s in zip(spans, beads, ok, sure) if k and not s}
    beads, sure = _search(inp, p, fixed_two, frozen, dict(zip(spans, beads)), src_par, tgt_par, progress)
    return beads, sure, _rate(inp, beads, sure, inp.src_emb is not None)


def _search(
    inp: _Inputs,
    p: Params,
    fixed_two: list[_Span],
    frozen: dict[_Span, RawBead],
    earlier: dict[_Span, RawBead],
    src_par: Sequence[int] | None,
    tgt_par: Sequence[int] | None,
    progress: bool,
) -> tuple[list[RawBead], list[bool]]:
    """Beads of the whole document and whether each is sure (fixed, or forced between fixed beads).
    `frozen` beads of an earlier pass are kept as they were, with their margins, and the search runs
    only between them; a bead found again keeps the lesser of its two margins (one forced beside a
    frozen bead, its `earlier` margin)."""
    n, m, feats = inp.n, inp.m, inp.feats
    src_null, tgt_null = inp.src_null, inp.tgt_null
    cands = _anchor_candidates(inp, p)
    chain = _chain(cands)
    _estimate_length_model(inp, chain)
    if src_par is not None and tgt_par is not None and n and m:
        inp.par_sim = _ParSim.build(feats, src_par, tgt_par, p.par_max_df)
    frequent = np.maximum(feats.df_src, feats.df_tgt) > p.dense_df
    dense_cols, sparse_cols = np.nonzero(frequent)[0], np.nonzero(~frequent)[0]
    inp.dense_keys = (feats.src_b[:, dense_cols], feats.tgt_w[:, dense_cols]) if len(dense_cols) else None
    inp.sparse_dot = None
    if len(sparse_cols):
        inp.sparse_dot = (feats.src_b[:, sparse_cols] @ feats.tgt_w[:, sparse_cols].T).tocsr()
    # Fixed (and frozen) two-sided beads cut the problem into independent stretches.
    beads: list[RawBead] = []
    sure: list[bool] = []  # fixed beads (also one-sided), and those left where one side of a stretch is empty
    ci, cj = 0, 0
    user = True  # the stretch starts at the start or at a fixed bead (not a frozen one)
    stops = sorted([*fixed_two, *frozen]) + [((n,), (m,))]
    for a, b in stops:
        end_i, end_j = min(a), min(b)
        if end_i < ci or end_j < cj:
            raise ValueError(f"fixed beads cross: {a}:{b}")
        part = _solve(inp, p, chain, ci, end_i, cj, end_j, progress)
        forced = end_i == ci or end_j == cj
        if forced and not (user and (a, b) not in frozen):  # beside a frozen bead: forced by the earlier pass
            part = [earlier.get((x.src, x.tgt), x) for x in part]
        elif earlier:  # between kept beads fewer paths disagree than in the whole: margins run high
            part = [replace(x, score=min(x.score, earlier[(x.src, x.tgt)].score)) if (x.src, x.tgt) in earlier
                    else x for x in part]
        beads.extend(part)
        sure += [forced and user and (a, b) not in frozen] * len(part)
        if (a, b) != ((n,), (m,)):
            kept = frozen.get((a, b))
            beads.append(kept or RawBead(a, b, 0.0, 1.0))
            sure.append(kept is None)
            user = kept is None
            ci, cj = max(a) + 1, max(b) + 1
    if src_null.any() or tgt_null.any():
        sure = [s or bool(src_null[list(b.src)].any() or tgt_null[list(b.tgt)].any()) for b, s in zip(beads, sure)]
    return beads, sure


@dataclass
class _Inputs:
    n: int
    m: int
    src_len: np.ndarray
    tgt_len: np.ndarray
    src_par_start: np.ndarray
    tgt_par_start: np.ndarray
    src_junk: np.ndarray  # lines mostly not letters (OCR debris, page numbers): cheap to leave unaligned
    tgt_junk: np.ndarray
    src_end: np.ndarray  # each sentence's final punctuation mark (`_end_marks`)
    tgt_end: np.ndarray
    src_lower: np.ndarray  # each sentence starts with a lowercase letter (`_lower_starts`)
    tgt_lower: np.ndarray
    src_null: np.ndarray
    tgt_null: np.ndarray
    feats: AnchorFeatures
    src_emb: np.ndarray | None
    tgt_emb: np.ndarray | None
    ratio: float = 1.0
    var: float = 6.8
    # Keys in more than dense_df sentences: their columns of src_b and tgt_w, scored densely per
    # stretch; and the shared weight of the sentence pairs sharing rarer keys (rows: source sentences)
    dense_keys: tuple[sp.csr_matrix, sp.csr_matrix] | None = None
    sparse_dot: sp.csr_matrix | None = None
    par_sim: _ParSim | None = None  # set when both sides have paragraphs, as are paragraph skips
    # The gap opening cost of each source and target sentence as the first pass's stretches set it
    # (a line is lone, or its numbers orphan, within a whole band), which the second pass reads
    gap_costs: tuple[np.ndarray, np.ndarray] = (np.zeros(0), np.zeros(0))
    second_pass: bool = False
    gram_dot: sp.csr_matrix | None = None  # shared n-gram weight of sentence pairs (rows: source sentences)


def _dice_cost(shared: np.ndarray, total: np.ndarray, weight: float, zero: float) -> np.ndarray:
    """A bead's cost from the Dice of the weight its two groups share (`shared`) against their
    summed weight (`total`): `weight` times (`zero` - Dice), counting for less where the groups
    carry little weight (no weight: no shared weight, Dice 0)."""
    sim = np.minimum(1.0, 2 * shared / np.maximum(total, 1e-9))
    return weight * (total / (total + 2.0)) * (zero - sim)


_END_MARKS = ".?!…:;,"  # a sentence's final mark, by kind; three dots count as "…"
_CLOSING = frozenset("\"'«»“”‘’„)]–—-")  # closing quotes, brackets, dashes after the mark
_GREEK = re.compile("[\u0370-\u03ff]")


def _end_marks(sentences: Sequence[str]) -> np.ndarray:
    """Each sentence's final punctuation mark as 1 + its index in `_END_MARKS`, after closing
    quotes and brackets, 0 for none (a heading, a cut line: it tells nothing). A Greek question
    ends in ";"."""

    def mark(text: str) -> int:
        # spaces and closers stripped from the end by a loop (a regex anchored at $ is quadratic on long runs)
        end = len(text)
        while end and (text[end - 1].isspace() or text[end - 1] in _CLOSING):
            end -= 1
        body = text[:end]
        last = "…" if body.endswith("...") else body[-1:]
        if last == ";" and _GREEK.search(body):
            last = "?"
        return _END_MARKS.index(last) + 1 if last and last in _END_MARKS else 0

    return np.array([mark(s) for s in sentences], np.int8)


def _lower_starts(sentences: Sequence[str]) -> np.ndarray:
    """Whether each sentence's first letter or digit is a lowercase letter (the rest of a sentence
    the splitter cut; never in a script without case)."""

    def lower(text: str) -> bool:
        return next((c.islower() for c in text if c.isalnum()), False)

    return np.array([lower(s) for s in sentences], bool)


def _junk(sentences: Sequence[str]) -> np.ndarray:
    """Whether under half of each sentence's visible characters are letters."""
    return np.array([2 * sum(map(str.isalpha, s)) < len("".join(s.split())) for s in sentences], bool)


def _positions(keys: Sequence[frozenset[str]]) -> dict[str, list[int]]:
    """For each key, the sentences that have it, in order."""
    out: dict[str, list[int]] = {}
    for i, ks in enumerate(keys):
        for k in ks:
            out.setdefault(k, []).append(i)
    return out


def _par_starts(par: Sequence[int] | None, n: int) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    if par is not None and n:
        p = np.asarray(par)
        out[0] = True
        out[1:] = p[1:] != p[:-1]
    return out


def _group_norms(emb: np.ndarray) -> list[np.ndarray]:
    """For k = 1..MAX_SIDE, the norm of the sum of embeddings r-k..r-1 at each r = 0..len (0 where r < k),
    from the dot products of each sentence with the next few: no summed vectors are built."""
    n = len(emb)
    near = [np.einsum("ij,ij->i", emb[: max(n - d, 0)], emb[d : max(n, d)]).astype(float) for d in range(MAX_SIDE)]
    prefix = [np.concatenate([[0.0], np.cumsum(g)]) for g in near]  # prefix[d][r]: pairs (x, x+d), x < r
    out = []
    for k in range(1, MAX_SIDE + 1):
        r = np.arange(k, n + 1)
        sq = prefix[0][r] - prefix[0][r - k]
        for d in range(1, k):
            sq = sq + 2 * (prefix[d][r - d] - prefix[d][r - k])
        norm = np.zeros(n + 1)
        norm[k:] = np.sqrt(np.maximum(sq, 0.0))
        out.append(norm)
    return out


# -- 1. anchors and the length model of the whole document -----------------------------------------
def _anchor_candidates(inp: _Inputs, p: Params) -> np.ndarray:
    """Sentence pairs (i, j, shared weight) sharing enough rare keys: keys in few sentences of
    each side, and keys as frequent on both sides, their occurrences paired in order (repeated
    chapters, a name in every one: the k-th on one side with the k-th on the other)."""
    f = inp.feats
    rare = np.nonzero((f.df_src <= p.anchor_max_df) & (f.df_tgt <= p.anchor_max_df))[0]
    pairs = f.src_b[:, rare] @ f.tgt_w[:, rare].T
    ranked = np.nonzero((f.df_src == f.df_tgt) & (f.df_src > p.anchor_max_df) & (f.df_src <= p.ranked_max_df))[0]
    if len(ranked):
        src, tgt = f.src_b[:, ranked].tocsc(), f.tgt_b[:, ranked].tocsc()
        src.sort_indices()
        tgt.sort_indices()
        in_order = sp.csr_matrix((tgt.data, (src.indices, tgt.indices)), shape=pairs.shape)  # keys shared
        in_order.data[in_order.data < p.ranked_min] = 0.0
        pairs = pairs + in_order
    prod = sp.coo_matrix(pairs)
    keep = prod.data >= p.anchor_min
    rows, cols, vals = prod.row[keep], prod.col[keep], prod.data[keep]
    keep = ~inp.src_null[rows] & ~inp.tgt_null[cols]
    return np.column_stack([rows[keep], cols[keep], vals[keep]]).astype(float)


def _chain(cands: np.ndarray) -> np.ndarray:
    """Heaviest chain of (i, j, weight) rows strictly increasing in i and j (Fenwick tree)."""
    if len(cands) == 0:
        return cands
    order = np.lexsort((cands[:, 1], cands[:, 0]))
    cands = cands[order]
    js = np.unique(cands[:, 1].astype(int))
    rank = np.searchsorted(js, cands[:, 1].astype(int)) + 1
    size = len(js)
    tree_val = [0.0] * (size + 1)
    tree_idx = [-1] * (size + 1)
    best_val = [0.0] * len(cands)
    prev = [-1] * len(cands)
    k = 0
    while k < len(cands):
        e = k
        while e < len(cands) and cands[e, 0] == cands[k, 0]:
            e += 1
        for q in range(k, e):  # query all of one row before updating: strict in i
            r = int(rank[q]) - 1
            v, idx = 0.0, -1
            while r > 0:
                if tree_val[r] > v:
                    v, idx = tree_val[r], tree_idx[r]
                r -= r & -r
            best_val[q] = v + cands[q, 2]
            prev[q] = idx
        for q in range(k, e):
            r = int(rank[q])
            while r <= size:
                if best_val[q] > tree_val[r]:
                    tree_val[r], tree_idx[r] = best_val[q], q
                r += r & -r
        k = e
    q = int(np.argmax(best_val))
    path = []
    while q >= 0:
        path.append(q)
        q = prev[q]
    return cands[path[::-1]]


def _estimate_length_model(inp: _Inputs, chain: np.ndarray) -> None:
    """Target/source character ratio and variance from the stretches between anchors."""
    cs = np.concatenate([[0.0], np.cumsum(inp.src_len)])
    ct = np.concatenate([[0.0], np.cumsum(inp.tgt_len)])
    pts = [(0, 0)] + [(int(i), int(j)) for i, j, _ in chain] + [(inp.n, inp.m)]
    ls, lt = [], []
    for (i0, j0), (i1, j1) in zip(pts, pts[1:]):
        di, dj = i1 - i0, j1 - j0
        if di >= 1 and dj >= 1 and 0.5 <= dj / di <= 2.0:
            ls.append(cs[i1] - cs[i0])
            lt.append(ct[j1] - ct[j0])
    ls_a, lt_a = np.array(ls), np.array(lt)
    if len(ls_a) >= 3 and ls_a.sum() > 0:
        inp.ratio = float(lt_a.sum() / ls_a.sum())
        mean = (ls_a + lt_a / inp.ratio) / 2
        # Median of chi-square(1) is 0.455 times its mean: a robust variance per character.
        inp.var = float(np.clip(np.median((lt_a - inp.ratio * ls_a) ** 2 / (inp.ratio**2 * mean)) / 0.455, 2.0, 40.0))
    elif cs[-1] > 0:
        inp.ratio = float(ct[-1] / cs[-1]) if ct[-1] > 0 else 1.0


@dataclass
class _ParSim:
    """Anchor similarity of paragraph pairs: Dice of their rare keys, stored sparsely."""

    src_pid: np.ndarray  # paragraph number (0..) of each source sentence
    tgt_pid: np.ndarray
    src_total: np.ndarray  # key weight per paragraph
    tgt_total: np.ndarray
    pair_key: np.ndarray  # sorted src_pid * n_tgt_pars + tgt_pid of pairs sharing a key
    pair_dot: np.ndarray  # shared key weight of those pairs

    @classmethod
    def build(cls, feats: AnchorFeatures, src_par: Sequence[int], tgt_par: Sequence[int], max_df: int) -> _ParSim:
        src_pid = np.unique(np.asarray(src_par), return_inverse=True)[1].ravel()
        tgt_pid = np.unique(np.asarray(tgt_par), return_inverse=True)[1].ravel()
        cols = np.nonzero(np.maximum(feats.df_src, feats.df_tgt) <= max_df)[0]
        weight = np.asarray(feats.src_w[:, cols].max(axis=0).todense()).ravel()
        weight = np.maximum(weight, np.asarray(feats.tgt_w[:, cols].max(axis=0).todense()).ravel())
        mats = []
        for pid, b in ((src_pid, feats.src_b), (tgt_pid, feats.tgt_b)):
            member = sp.csr_matrix(
                (np.ones(len(pid)), (pid, np.arange(len(pid)))), shape=(int(pid.max()) + 1, len(pid))
            )
            mats.append(((member @ b[:, cols]) > 0).astype(np.float64) @ sp.diags(weight))
        dot = (mats[0] @ (mats[1] > 0).astype(np.float64).T).tocoo()
        n_t = mats[1].shape[0]
        key = dot.row.astype(np.int64) * n_t + dot.col
        order = np.argsort(key)
        return cls(src_pid, tgt_pid, np.asarray(mats[0].sum(axis=1)).ravel(), np.asarray(mats[1].sum(axis=1)).ravel(),
                   key[order], dot.data[order])

    def cost(self, s: np.ndarray, t: np.ndarray, p: Params) -> np.ndarray:
        """Cost of a bead starting at source sentence `s` and target sentence `t` (global indices)."""
        ps, pt = self.src_pid[s], self.tgt_pid[t]
        key = ps.astype(np.int64) * len(self.tgt_total) + pt
        pos = np.minimum(np.searchsorted(self.pair_key, key), max(len(self.pair_key) - 1, 0))
        dot = np.where(self.pair_key[pos] == key, self.pair_dot[pos], 0.0) if len(self.pair_key) else np.zeros(len(key))
        w = self.src_total[ps] + self.tgt_total[pt]
        sim = np.where(w > 0, 2 * dot / np.maximum(w, 1e-9), 0.0)
        return p.w_par_sim * (w / (w + 2.0)) * (p.par_sim0 - sim)


def unaligned(src: range, tgt: range) -> list[RawBead]:
    """Every sentence of `src` and `tgt` in a one-sided bead of its own, sure (confidence 1.0):
    the alignment of a stretch where one side has no sentences."""
    return [RawBead((i,), (), 0.0, 1.0) for i in src] + [RawBead((), (j,), 0.0, 1.0) for j in tgt]


# -- 2. one stretch between fixed beads: its band, then the DP -------------------------------------
def _solve(
    inp: _Inputs, p: Params, chain: np.ndarray, i0: int, i1: int, j0: int, j1: int, progress: bool
) -> list[RawBead]:
    """The beads of one stretch, their confidence still to rate (1.0 when one side is empty)."""
    if i1 <= i0 or j1 <= j0:
        return unaligned(range(i0, i1), range(j0, j1))
    stretch = _Stretch(inp, p, i0, i1, j0, j1)
    inside = (
        chain[(chain[:, 0] >= i0) & (chain[:, 0] < i1) & (chain[:, 1] >= j0) & (chain[:, 1] < j1)]
        if len(chain)
        else chain
    )
    local = inside - np.array([i0, j0, 0.0]) if len(inside) else np.zeros((0, 3))
    return stretch.run(local, progress and (i1 - i0) > 2000)


def _points(anchors: np.ndarray, n: int, m: int) -> list[tuple[int, int]]:
    """The corners the band joins: the start, each anchor pair's cell before and after it, the end."""
    points = [(0, 0)]
    for i, j, _ in anchors:
        points += [(int(i), int(j)), (int(i) + 1, int(j) + 1)]
    points.append((n, m))
    return points


class _Band:
    """Rows 0..n of the DP, each with columns lo[i]..hi[i] (inclusive), stored flat."""

    def __init__(self, lo: np.ndarray, hi: np.ndarray) -> None:
        self.lo, self.hi = lo, hi
        self.off = np.concatenate([[0], np.cumsum(hi - lo + 1)])
        self.size = int(self.off[-1])

    def index(self, row: int, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Flat indices of (row, cols) and a mask of those inside the band."""
        ok = (cols >= self.lo[row]) & (cols <= self.hi[row])
        return np.where(ok, self.off[row] + cols - self.lo[row], 0), ok

    def flat(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Flat indices of cells (rows, cols) and a mask of those inside the band."""
        r = np.clip(rows, 0, len(self.lo) - 1)
        ok = (rows >= 0) & (rows < len(self.lo)) & (cols >= self.lo[r]) & (cols <= self.hi[r])
        return np.where(ok, self.off[r] + cols - self.lo[r], 0), ok

    def row_min(self, values: np.ndarray) -> np.ndarray:
        """The least of `values` (one per cell) in each row, INF for an empty row."""
        out = np.full(len(self.lo), INF)
        filled = self.hi >= self.lo
        out[filled] = np.minimum.reduceat(values, self.off[:-1][filled])
        return out

    def bead_starts(self) -> np.ndarray:
        """For each bead type and cell, the flat index of the cell the bead starts from (-1 outside)."""
        rows, cols = self.cells()
        out = np.empty((len(BEAD_TYPES), self.size), np.int32)
        for a in {a for a, _ in BEAD_TYPES}:  # the start row's bounds are read once per source size
            r = np.maximum(rows - a, 0)
            lo, hi, base, row_ok = self.lo[r], self.hi[r], self.off[r] - self.lo[r], rows >= a
            for t in (t for t, (x, _) in enumerate(BEAD_TYPES) if x == a):
                c = cols - BEAD_TYPES[t][1]
                out[t] = np.where(row_ok & (c >= lo) & (c <= hi), base + c, -1)
        return out

    def cell(self, row: int, col: int) -> int:
        """Flat index of one cell (0 outside the band, as `index`)."""
        lo = int(self.lo[row])
        return int(self.off[row]) + col - lo if lo <= col <= int(self.hi[row]) else 0

    def cells(self) -> tuple[np.ndarray, np.ndarray]:
        """Row and column of every cell, in flat order."""
        rows = np.repeat(np.arange(len(self.lo)), self.hi - self.lo + 1)
        return rows, np.arange(self.size) - self.off[rows] + self.lo[rows]


def _make_band(n: int, m: int, points: list[tuple[int, int]], p: Params) -> _Band:
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for (i0, j0), (i1, j1) in zip(points, points[1:]):
        di, dj = i1 - i0, j1 - j0
        rows = np.arange(i0, i1 + 1)
        if dj <= p.wide or di <= 1:
            lo[rows] = np.minimum(lo[rows], j0 - p.band)
            hi[rows] = np.maximum(hi[rows], j1 + p.band)
        else:
            centre = j0 + (rows - i0) * dj / max(di, 1)
            half = p.wide // 2 + p.band
            lo[rows] = np.minimum(lo[rows], np.floor(centre - half - dj / max(di, 1)).astype(np.int64))
            hi[rows] = np.maximum(hi[rows], np.ceil(centre + half + dj / max(di, 1)).astype(np.int64))
    lo = np.clip(lo, 0, m)
    hi = np.clip(hi, 0, m)
    lo[0], hi[n] = 0, m
    return _Band(lo, hi)


class _Step(IntEnum):
    """The last step of the cheapest path into a DP cell (i, j): what the traceback undoes."""

    BEAD = 0  # a bead of BEAD_TYPES ends here (also the start, (0, 0))
    SOURCE_GAP = 1  # source sentence i-1 unaligned, opening or extending a run of them
    TARGET_GAP = 2  # target sentences k..j-1 unaligned, one run from column k of row i
    TARGET_PAR_SKIP = 3  # the target paragraph k..j-1 unaligned, at a source paragraph boundary
    SOURCE_PAR_SKIP = 4  # the source paragraph ending at row i unaligned, at a target paragraph boundary


@dataclass
class _Pointers:
    """What the forward pass keeps per band cell for the traceback (steps as int8: a book has over a million)."""

    step: np.ndarray  # _Step of the cheapest path into the cell
    step_before_target_gap: np.ndarray  # _Step of the cheapest path not ending in a target gap or skip
    bead_type: np.ndarray  # int8 index into BEAD_TYPES of the cheapest bead ending at the cell
    bead_cost: np.ndarray  # that bead's own cost
    source_gap_extends: np.ndarray  # the source gap ending at the cell extends one from the row above
    run_start: np.ndarray  # first column of the target gap run or skipped target paragraph ending at the cell

    @classmethod
    def empty(cls, size: int) -> _Pointers:
        return cls(
            np.zeros(size, np.int8),
            np.zeros(size, np.int8),
            np.zeros(size, np.int8),
            np.zeros(size),
            np.zeros(size, bool),
            np.zeros(size, np.int64),
        )


class _Cell(NamedTuple):
    """A bead of the path by the DP cell it ends at: source i-a..i-1 with target j-b..j-1."""

    i: int
    j: int
    a: int
    b: int


class _Group(NamedTuple):
    """The `size` sentences of one side ending before each of a batch of DP cells (for `_Stretch._costs`)."""

    ok: np.ndarray  # there are that many before the cell
    chars: np.ndarray  # their characters
    keys: np.ndarray  # their anchor key weight
    grams: np.ndarray  # their n-gram weight (`align.alignment.anchors.Grams`)
    spans: np.ndarray  # they straddle a paragraph boundary
    par_start: np.ndarray  # the first starts a paragraph
    nulls: np.ndarray  # how many are fixed unaligned
    lower: np.ndarray  # the first starts with a lowercase letter

    @classmethod
    def of(
        cls, ends: np.ndarray, size: int, chars: np.ndarray, keys: np.ndarray, grams: np.ndarray, pars: np.ndarray,
        par_start: np.ndarray, nulls: np.ndarray, lower: np.ndarray,
    ) -> _Group:
        """From the side's prefix sums of characters, key and n-gram weights, paragraph starts and
        fixed unaligned sentences, and its paragraph starts (`par_start`) and lowercase starts
        (`lower`), one per sentence."""
        first = np.maximum(ends - size, 0)
        last = len(par_start)
        return cls(
            ends >= size,
            chars[ends] - chars[first],
            keys[ends] - keys[first],
            grams[ends] - grams[first],
            pars[ends] > pars[np.minimum(first + 1, last)] if size > 1 else np.zeros(len(ends), bool),
            par_start[np.minimum(first, last - 1)],
            nulls[ends] - nulls[first],
            lower[np.minimum(first, last - 1)],
        )


class _Stretch:
    """The DP over one stretch [i0, i1) x [j0, j1) of the two sides (all of them, or between fixed beads).

    Cell (i, j) is the point after the stretch's first i source and j target sentences; a path
    from (0, 0) to (n, m) through the band is an alignment, and the cheapest one wins.
    """

    def __init__(self, inp: _Inputs, p: Params, i0: int, i1: int, j0: int, j1: int) -> None:
        self.inp, self.p = inp, p
        self.i0, self.j0 = i0, j0
        self.n, self.m = i1 - i0, j1 - j0
        sl = slice(i0, i1)
        tl = slice(j0, j1)
        # Prefix sums over the stretch: characters, key and n-gram weights, paragraph starts, fixed
        # (null) sentences.
        self.cs = np.concatenate([[0.0], np.cumsum(inp.src_len[sl])])
        self.ct = np.concatenate([[0.0], np.cumsum(inp.tgt_len[tl])])
        self.ws = np.concatenate([[0.0], np.cumsum(inp.feats.src_total[sl])])
        self.wt = np.concatenate([[0.0], np.cumsum(inp.feats.tgt_total[tl])])
        grams = inp.feats.grams
        self.gs = np.concatenate([[0.0], np.cumsum(grams.src_total[sl])]) if grams is not None else np.zeros(self.n + 1)
        self.gt = np.concatenate([[0.0], np.cumsum(grams.tgt_total[tl])]) if grams is not None else np.zeros(self.m + 1)
        # The stretch's rows of the frequent keys' columns and of the rarer keys' pair weights, for
        # `_pair_scores` (which runs twice when embedding anchors redraw the band)
        keys, shared = inp.dense_keys, inp.sparse_dot
        self.dense_keys = None if keys is None else (keys[0][sl], keys[1][tl])
        self.shared = None if shared is None or not shared.nnz else shared[sl].tocoo()
        gram_dot = inp.gram_dot
        self.gram_shared = None if gram_dot is None or not gram_dot.nnz else gram_dot[sl].tocoo()
        ps, pt = inp.src_par_start[sl].copy(), inp.tgt_par_start[tl].copy()
        self.sps, self.tps = ps, pt
        self.cps = np.concatenate([[0], np.cumsum(ps)])
        self.cpt = np.concatenate([[0], np.cumsum(pt)])
        self.src_lower, self.tgt_lower = inp.src_lower[sl], inp.tgt_lower[tl]
        self.cns = np.concatenate([[0], np.cumsum(inp.src_null[sl])])
        self.cnt = np.concatenate([[0], np.cumsum(inp.tgt_null[tl])])
        self.has_nulls = bool(self.cns[-1] or self.cnt[-1])
        # With embeddings: the norm of the sum of the k sentence vectors ending before each row /
        # column, k = 1..MAX_SIDE (a group's vector is the normalised sum of its sentences').
        self.norm_s: list[np.ndarray] | None = None
        self.norm_t: list[np.ndarray] | None = None
        if inp.src_emb is not None and inp.tgt_emb is not None:
            self.norm_s = _group_norms(inp.src_emb[sl])
            self.norm_t = _group_norms(inp.tgt_emb[tl])
        # Gap opening cost before each sentence, and the paragraph boundaries (0 and n / m included).
        self.open_s = p.gap_open - p.par_gap_bonus * ps - p.junk_gap_bonus * inp.src_junk[sl]
        self.open_t = p.gap_open - p.par_gap_bonus * pt - p.junk_gap_bonus * inp.tgt_junk[tl]
        self.src_bound = np.append(ps, True)
        self.src_bound[0] = True
        self.tgt_bound = np.append(pt, True)
        self.tgt_bound[0] = True
        # Paragraph skips, when both sides have paragraphs: the source paragraph ending at each row
        # (its first row, -1 where none ends) and the target paragraphs [start, end).
        self.skips = inp.par_sim is not None
        src_starts = np.flatnonzero(self.src_bound)
        self.src_par_first = np.full(self.n + 1, -1, np.int64)
        self.src_par_first[src_starts[1:]] = src_starts[:-1]
        self.src_par_last = np.full(self.n + 1, -1, np.int64)  # ... and the row after the one starting at each row
        self.src_par_last[src_starts[:-1]] = src_starts[1:]
        self.tgt_starts = np.flatnonzero(self.tgt_bound)
        self.tgt_pars = np.column_stack([self.tgt_starts[:-1], self.tgt_starts[1:]])

    def run(self, anchors: np.ndarray, progress: bool) -> list[RawBead]:
        """Beads (global indices) of the cheapest path inside the band around `anchors` (i, j, weight; local)."""
        band = _make_band(self.n, self.m, _points(anchors, self.n, self.m), self.p)
        self._pair_scores(band)
        if self.n11 is not None and self.p.emb_anchor_min < 1.0:
            extra = self._embedding_anchors()
            if len(extra):
                anchors = _chain(np.concatenate([anchors, extra]))
                band = _make_band(self.n, self.m, _points(anchors, self.n, self.m), self.p)
                self._pair_scores(band)
        gaps, rows, cols = self.inp.gap_costs, slice(self.i0, self.i0 + self.n), slice(self.j0, self.j0 + self.m)
        if self.inp.second_pass:  # its stretches are too short to tell lone lines and orphan numbers
            self.open_s, self.open_t = gaps[0][rows].copy(), gaps[1][cols].copy()
        else:
            self._cheaper_gaps_at_lone_lines()
            self._cheaper_gaps_at_orphan_numbers()
            gaps[0][rows], gaps[1][cols] = self.open_s, self.open_t
        self.open_col = np.append(self.open_t, INF)  # open_t per DP column of a row: the last, m, opens no run
        starts = band.bead_starts()
        costs = self._all_costs(band, starts)
        best, pointers = self._forward(band, costs, starts, progress)
        path = self._traceback(band, pointers)
        margins = self._margins(band, costs, starts, best, self._backward(band, costs, starts), path)
        i0, j0 = self.i0, self.j0
        return [
            RawBead(tuple(range(i0 + s.i - s.a, i0 + s.i)), tuple(range(j0 + s.j - s.b, j0 + s.j)),
                    round(float(margin), 3), 0.0)  # confidence: rated for the whole document in `align`
            for s, margin in zip(path, margins)
        ]

    # -- anchor similarity of single sentence pairs over the band ---------------------
    def _pair_scores(self, band: _Band) -> None:
        n, m = self.n, self.m
        slo = np.full(max(n, 1), m, dtype=np.int64)
        shi = np.full(max(n, 1), -1, dtype=np.int64)
        for s in range(n):
            rows = slice(s + 1, min(s + MAX_SIDE, n) + 1)
            slo[s] = max(int(band.lo[rows].min()) - MAX_SIDE, 0)
            shi[s] = min(int(band.hi[rows].max()) - 1, m - 1)
        shi = np.maximum(shi, slo - 1)
        self.slo, self.shi = slo, shi
        self.soff = np.concatenate([[0], np.cumsum(shi - slo + 1)])
        d11 = np.zeros(int(self.soff[-1]))
        inp = self.inp
        if self.dense_keys is not None:
            fs, ft = self.dense_keys[0].toarray(), self.dense_keys[1].toarray()
            for s in range(n):
                if shi[s] >= slo[s]:
                    d11[self.soff[s] : self.soff[s + 1]] = ft[slo[s] : shi[s] + 1] @ fs[s]
        self.n11: np.ndarray | None = None  # dot products of the sentence embeddings, same layout
        if inp.src_emb is not None and inp.tgt_emb is not None:
            es, et = inp.src_emb[self.i0 : self.i0 + n], inp.tgt_emb[self.j0 : self.j0 + m]
            n11 = np.zeros(len(d11))
            for s in range(n):
                if shi[s] >= slo[s]:
                    n11[self.soff[s] : self.soff[s + 1]] = et[slo[s] : shi[s] + 1] @ es[s]
            self.n11 = n11
        if self.shared is not None:
            self._add_banded(self.shared, d11)
        self.d11 = d11
        self.g11: np.ndarray | None = None  # shared n-gram weights, same layout
        if self.gram_shared is not None:
            self.g11 = np.zeros(len(d11))
            self._add_banded(self.gram_shared, self.g11)
        self.nearest = self._best_cosines() if self.n11 is not None else None  # read by the two passes below

    def _add_banded(self, pairs: sp.coo_matrix, out: np.ndarray) -> None:
        """Add the values of sentence pairs (the stretch's source rows, global target columns) that
        lie within the band to `out` (the `d11` layout)."""
        r, c = pairs.row, pairs.col - self.j0
        ok = (c >= 0) & (c < self.m)
        r, c, v = r[ok], c[ok], pairs.data[ok]
        ok = (c >= self.slo[r]) & (c <= self.shi[r])
        np.add.at(out, self.soff[r[ok]] + c[ok] - self.slo[r[ok]], v[ok])

    def _best_cosines(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The source and target sentence of each entry of `n11`, and each source and each target
        sentence's best cosine with a sentence of the other side within the band (-1: none there)."""
        assert self.n11 is not None
        rows = np.repeat(np.arange(self.n), self.shi - self.slo + 1)
        cols = np.arange(len(self.n11)) - self.soff[rows] + self.slo[rows]
        best_s = np.full(self.n, -1.0)
        best_t = np.full(self.m, -1.0)
        np.maximum.at(best_s, rows, self.n11)
        np.maximum.at(best_t, cols, self.n11)
        return rows, cols, best_s, best_t

    def _embedding_anchors(self) -> np.ndarray:
        """Sentence pairs (i, j, weight) each other's most similar within the band, cosine at least
        emb_anchor_min."""
        assert self.n11 is not None and self.nearest is not None
        rows, cols, best_s, best_t = self.nearest
        v = self.n11
        pick = (v >= self.p.emb_anchor_min) & (v >= best_s[rows]) & (v >= best_t[cols])
        return np.column_stack([rows[pick], cols[pick], self.p.emb_anchor_weight * v[pick]]).astype(float)

    def _cheaper_gaps_at_lone_lines(self) -> None:
        """With embeddings: lower the gap opening cost of each sentence by how far below `lone0` its
        best cosine with a sentence of the other side within the band is."""
        if self.nearest is None or not len(self.nearest[0]):
            return
        _, _, best_s, best_t = self.nearest
        p = self.p
        self.open_s = self.open_s - p.lone_gap_bonus * np.clip(1.0 - best_s / p.lone0, 0.0, 1.0)
        self.open_t = self.open_t - p.lone_gap_bonus * np.clip(1.0 - best_t / p.lone0, 0.0, 1.0)

    def _cheaper_gaps_at_orphan_numbers(self) -> None:
        """Lower the gap opening cost of each sentence with numbers none of which any sentence of the
        other side within the band has (a page number, a footnote, a figure caption)."""
        inp = self.inp
        src_nums = inp.feats.src_nums[self.i0 : self.i0 + self.n]
        tgt_nums = inp.feats.tgt_nums[self.j0 : self.j0 + self.m]
        at_s, at_t = _positions(src_nums), _positions(tgt_nums)

        def near(where: list[int], lo: int, hi: int) -> bool:
            return bisect.bisect_right(where, hi) > bisect.bisect_left(where, lo)

        bonus = self.p.orphan_gap_bonus
        open_s, open_t = self.open_s.copy(), self.open_t.copy()
        for i, ks in enumerate(src_nums):
            if ks and not any(near(at_t.get(k, []), int(self.slo[i]), int(self.shi[i])) for k in ks):
                open_s[i] -= bonus
        # the rows whose columns reach each target (the band's bounds rise with the rows)
        first = np.searchsorted(self.shi, np.arange(self.m))
        last = np.searchsorted(self.slo, np.arange(self.m), "right") - 1
        for j, ks in enumerate(tgt_nums):
            if ks and not any(near(at_s.get(k, []), int(first[j]), int(last[j])) for k in ks):
                open_t[j] -= bonus
        self.open_s, self.open_t = open_s, open_t

    def _pair_index(self, s: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where the scores of sentence pairs (s, cols) are in `d11` / `n11`, and which are stored."""
        ok = (s >= 0) & (s < self.n)
        sc = np.where(ok, s, 0)
        ok &= (cols >= self.slo[sc]) & (cols <= self.shi[sc])
        return np.where(ok, self.soff[sc] + cols - self.slo[sc], 0), ok

    def _block_sums(
        self, I: np.ndarray, J: np.ndarray, values: list[np.ndarray]
    ) -> list[dict[tuple[int, int], np.ndarray]]:
        """For each array of pair scores in `values`, the sum over the sentence pairs of each bead
        type ending at cells (I, J), by type: S(a, b) = S(a-1, b) + S(a, b-1) - S(a-1, b-1) + v(a, b)."""
        out: list[dict[tuple[int, int], np.ndarray]] = [{} for _ in values]
        for a, b in sorted(BEAD_TYPES, key=sum):  # smaller blocks first: each sum builds on them
            idx, ok = self._pair_index(I - a, J - b)
            for sums, v in zip(out, values):
                s = np.where(ok, v[idx], 0.0)
                for (x, y), sign in (((a - 1, b), 1), ((a, b - 1), 1), ((a - 1, b - 1), -1)):
                    if x and y:
                        s = s + sign * sums[(x, y)]
                sums[(a, b)] = s
        return out

    # -- bead costs for a batch of DP cells ---------------------------------------------
    def _costs(self, I: np.ndarray, J: np.ndarray, out: np.ndarray) -> None:
        """Cost of each bead type ending at DP cells (I, J): sentences I-a..I-1, J-b..J-1, into `out`
        (one line per type). What does not depend on the type is read once per cell, what depends
        on one side's size only once per size."""
        p, inp = self.p, self.inp
        values = {k: v for k, v in (("keys", self.d11), ("cos", self.n11), ("grams", self.g11)) if v is not None}
        sums = dict(zip(values, self._block_sums(I, J, list(values.values()))))
        pars = bool(self.sps.any() or self.tps.any())
        sizes = [{a for a, _ in BEAD_TYPES}, {b for _, b in BEAD_TYPES}]
        src = {a: _Group.of(I, a, self.cs, self.ws, self.gs, self.cps, self.sps, self.cns, self.src_lower)
               for a in sizes[0]}
        tgt = {b: _Group.of(J, b, self.ct, self.wt, self.gt, self.cpt, self.tps, self.cnt, self.tgt_lower)
               for b in sizes[1]}
        ends = self._end_costs(I, J) if p.end_mismatch else 0.0
        for t, (a, b) in enumerate(BEAD_TYPES):
            gs, gt = src[a], tgt[b]
            mean = (gs.chars + gt.chars / inp.ratio) / 2 + 1.0
            delta = (gs.chars * inp.ratio - gt.chars) / np.sqrt(inp.var * inp.ratio * mean)
            # -log P(|Z| > |delta|) of a standard normal Z (erfc: half the time of log_ndtr; it
            # underflows past |delta| ~ 38, where the cost is over 700 anyway)
            surprise = -np.log(erfc(np.minimum(np.abs(delta), 30.0) * _SQRT_HALF))
            cost = p.w_len * np.minimum(surprise, p.len_cap) + p.priors[t]
            cost += _dice_cost(sums["keys"][(a, b)], gs.keys + gt.keys, p.w_sim, p.sim0)
            if "grams" in sums:  # the same for the n-grams of the words without a key
                cost += _dice_cost(sums["grams"][(a, b)], gs.grams + gt.grams, p.w_gram, p.gram0)
            if self.norm_s is not None and self.norm_t is not None:
                cos = sums["cos"][(a, b)] / np.maximum(self.norm_s[a - 1][I] * self.norm_t[b - 1][J], 1e-9)
                cost += p.w_neural * (p.neural0 - cos)
            cost += ends
            if p.start_mismatch:
                cost += p.start_mismatch * (gs.lower != gt.lower)
            if pars:  # a bead straddling a paragraph boundary, or starting a paragraph on one side only
                cost += p.par_span * (gs.spans.astype(float) + gt.spans)
                cost += p.par_mismatch * (gs.par_start != gt.par_start)
            ok = gs.ok & gt.ok
            if self.has_nulls:
                ok &= gs.nulls + gt.nulls == 0
            out[t] = np.where(ok, cost, INF)

    def _end_costs(self, I: np.ndarray, J: np.ndarray) -> np.ndarray:
        """`Params.end_mismatch` where the sentences before cells (I, J) end in different marks: the
        same for every bead ending at a cell."""
        mark_s = self.inp.src_end[np.clip(I - 1, 0, self.n - 1) + self.i0]
        mark_t = self.inp.tgt_end[np.clip(J - 1, 0, self.m - 1) + self.j0]
        return np.where((mark_s != mark_t) & (mark_s > 0) & (mark_t > 0), self.p.end_mismatch, 0.0)

    def _all_costs(self, band: _Band, starts: np.ndarray, chunk: int = 100_000) -> np.ndarray:
        """Bead costs for every band cell, shape (types, cells), computed in chunks. The similarity
        of the paragraphs a bead starts in is computed once per cell and read at each bead's start."""
        rows, cols = band.cells()
        out = np.empty((len(BEAD_TYPES), band.size), np.float32)
        par_sim = self.inp.par_sim
        at_start = np.zeros(band.size + 1) if par_sim is not None else None  # the last: for starts of -1

        def fill(k: int) -> None:
            sl = slice(k, min(k + chunk, band.size))
            self._costs(rows[sl], cols[sl], out[:, sl])
            if par_sim is not None and at_start is not None:
                s, t = np.minimum(rows[sl], self.n - 1) + self.i0, np.minimum(cols[sl], self.m - 1) + self.j0
                at_start[sl] = par_sim.cost(s, t, self.p)

        chunks = range(0, band.size, chunk)
        if len(chunks) > 1:  # numpy lets go of the GIL on arrays this size: two cores share the chunks
            with ThreadPoolExecutor(max_workers=2) as pool:
                list(pool.map(fill, chunks))
        else:
            fill(0)
        if at_start is not None:
            for t in range(len(BEAD_TYPES)):  # one type at a time: a book has millions of cells
                out[t] += at_start[starts[t]]  # (-1, outside the band, reads 0: that cost is INF anyway)
        return out

    # -- forward pass: the cheapest path into every band cell, row by row ---------------
    def _forward(
        self, band: _Band, costs: np.ndarray, starts: np.ndarray, progress: bool
    ) -> tuple[np.ndarray, _Pointers]:
        """The cost of the cheapest path into every band cell, and the steps it takes."""
        best = np.full(band.size + 1, INF)  # cheapest path into each cell; the extra last one, never
        # reached, is what a bead start of -1 (outside the band) reads
        source_gap = np.full(band.size, INF)  # cheapest path into it ending in unaligned source sentences
        pointers = _Pointers.empty(band.size)
        rows = range(self.n + 1)
        bar = tqdm(rows, desc="aligning", unit="row", file=sys.stderr, leave=False, disable=None) if progress else rows
        for i in bar:
            lo, hi = int(band.lo[i]), int(band.hi[i])
            if hi < lo:
                continue
            J = np.arange(lo, hi + 1)
            row = slice(int(band.off[i]), int(band.off[i]) + len(J))
            if i == 0:  # the start; the rest of row 0 is reached by a target gap
                bead, bead_type, bead_cost = np.where(J == 0, 0.0, INF), np.zeros(len(J), np.int8), np.zeros(len(J))
                gap, extends = np.full(len(J), INF), np.zeros(len(J), bool)
            else:
                bead, bead_type, bead_cost = self._beads_into(best, costs[:, row], starts[:, row])
                gap, extends = self._source_gap_into(i, J, band, best, source_gap)
            no_tgt_gap = np.minimum(bead, gap)
            no_tgt_step = np.where(gap < bead, _Step.SOURCE_GAP, _Step.BEAD).astype(np.int8)
            if self.skips and self.src_par_first[i] >= 0:
                skip = self._source_par_skip_into(i, J, band, best)
                no_tgt_step = np.where(skip < no_tgt_gap, _Step.SOURCE_PAR_SKIP, no_tgt_step).astype(np.int8)
                no_tgt_gap = np.minimum(no_tgt_gap, skip)
            tgt_gap, run_start = self._target_gap_into(J, no_tgt_gap)
            step = np.where(tgt_gap < no_tgt_gap, _Step.TARGET_GAP, no_tgt_step).astype(np.int8)
            row_best = np.minimum(no_tgt_gap, tgt_gap)
            if self.skips and self.src_bound[i]:
                self._skip_target_pars(lo, hi, row_best, step, run_start)
            best[row] = row_best
            source_gap[row] = gap
            pointers.step[row] = step
            pointers.step_before_target_gap[row] = no_tgt_step
            pointers.bead_type[row] = bead_type
            pointers.bead_cost[row] = bead_cost
            pointers.source_gap_extends[row] = extends
            pointers.run_start[row] = run_start
        return best[:-1], pointers

    @staticmethod
    def _beads_into(
        best: np.ndarray, costs: np.ndarray, starts: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cheapest path into cells of a row ending in a bead: its cost, the bead's type and own
        cost (`costs` and `starts` of the row's cells, one line per bead type)."""
        cand = best[starts] + costs  # a start of -1 reads best[-1], INF
        bead_type = np.argmin(cand, axis=0)
        k = np.arange(cand.shape[1])
        return cand[bead_type, k], bead_type.astype(np.int8), costs[bead_type, k]

    def _source_gap_into(
        self, i: int, J: np.ndarray, band: _Band, best: np.ndarray, source_gap: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Cheapest path into cells (i, J) leaving source sentence i-1 unaligned (affine: opening
        a run costs more than extending one), and whether it extends the run from the row above."""
        idx, ok = band.index(i - 1, J)
        opened = np.where(ok, best[idx], INF) + self.open_s[i - 1]
        extended = np.where(ok, source_gap[idx], INF)
        return np.minimum(opened, extended) + self.p.gap_extend, extended <= opened

    def _source_par_skip_into(self, i: int, J: np.ndarray, band: _Band, best: np.ndarray) -> np.ndarray:
        """Cost into cells (i, J) of leaving the source paragraph ending at row i unaligned, from a
        target paragraph boundary (INF where the column is none)."""
        p = self.p
        k = int(self.src_par_first[i])
        idx, ok = band.index(k, J)
        return np.where(ok & self.tgt_bound[J], best[idx], INF) + p.par_skip_open + p.par_skip_ext * (i - k)

    def _target_gap_into(self, J: np.ndarray, before: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cheapest run of unaligned target sentences ending at each column j of a row, from the
        costs `before` along it: min over k < j of before[k] + open_t[k] + (j - k) * gap_extend,
        and the column k it starts at. One running minimum instead of a loop over k."""
        ext = self.p.gap_extend
        vals = before + self.open_col[J] - ext * J
        run_min = np.minimum.accumulate(vals)
        arg_min = np.maximum.accumulate(np.where(vals <= run_min, np.arange(len(J)), 0))
        gap = np.full(len(J), INF)
        gap[1:] = run_min[:-1] + ext * J[1:]
        start = np.zeros(len(J), np.int64)
        start[1:] = J[arg_min[:-1]]
        return gap, start

    def _target_pars_within(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        """The target paragraphs lying wholly inside columns lo..hi of a row, as [start, end) relative
        to lo, and the cost of leaving each unaligned."""
        first = np.searchsorted(self.tgt_starts, lo)
        last = max(np.searchsorted(self.tgt_starts, hi, "right") - 1, 0)
        inside = self.tgt_pars[first:last] - lo
        return inside, self.p.par_skip_open + self.p.par_skip_ext * (inside[:, 1] - inside[:, 0])

    def _skip_target_pars(self, lo: int, hi: int, row_best: np.ndarray, step: np.ndarray, start: np.ndarray) -> None:
        """Leave whole target paragraphs inside columns lo..hi of a row unaligned where cheaper (in place)."""
        inside, cost = self._target_pars_within(lo, hi)
        while len(inside):  # again while a skip improved the start of the next one (they chain)
            cand = row_best[inside[:, 0]] + cost
            better = cand < row_best[inside[:, 1]]
            end = inside[better, 1]
            row_best[end] = cand[better]
            step[end] = _Step.TARGET_PAR_SKIP
            start[end] = inside[better, 0] + lo
            if not (end < inside[-1, 1]).any():
                break

    def _skip_target_pars_backward(self, lo: int, hi: int, row: np.ndarray) -> None:
        """`_skip_target_pars` for the backward pass: from each target paragraph's start, skip to its end."""
        inside, cost = self._target_pars_within(lo, hi)
        while len(inside):  # again while a skip improved the end of the one before (they chain)
            cand = row[inside[:, 1]] + cost
            better = cand < row[inside[:, 0]]
            row[inside[better, 0]] = cand[better]
            if not better.any():
                break

    # -- traceback: the beads of the cheapest path, from (n, m) back to (0, 0) ----------
    def _traceback(self, band: _Band, pointers: _Pointers) -> list[_Cell]:
        """Undo the steps from (n, m): the path's beads in order, unaligned sentences one by one."""

        def step_at(i: int, j: int, steps: np.ndarray = pointers.step) -> _Step:
            return _Step(int(steps[band.cell(i, j)]))

        path: list[_Cell] = []
        i, j = self.n, self.m
        step = step_at(i, j)
        while i > 0 or j > 0:
            cell = band.cell(i, j)
            match step:
                case _Step.BEAD:
                    a, b = BEAD_TYPES[int(pointers.bead_type[cell])]
                    path.append(_Cell(i, j, a, b))
                    i, j = i - a, j - b
                    step = step_at(i, j)
                case _Step.SOURCE_GAP:
                    path.append(_Cell(i, j, 1, 0))
                    i -= 1
                    step = _Step.SOURCE_GAP if pointers.source_gap_extends[cell] else step_at(i, j)
                case _Step.SOURCE_PAR_SKIP:
                    k = int(self.src_par_first[i])
                    path += [_Cell(s, j, 1, 0) for s in range(i, k, -1)]
                    i = k
                    step = step_at(i, j)
                case _Step.TARGET_GAP | _Step.TARGET_PAR_SKIP:
                    k = int(pointers.run_start[cell])
                    path += [_Cell(i, t, 0, 1) for t in range(j, k, -1)]
                    j = k
                    # A target gap run starts where the path had not taken one; skipped paragraphs chain.
                    chained = step is _Step.TARGET_PAR_SKIP
                    step = step_at(i, j, pointers.step if chained else pointers.step_before_target_gap)
        path.reverse()
        return path

    # -- confidence: how much more the best path that disagrees with a bead costs ----------
    def _backward(self, band: _Band, costs: np.ndarray, starts: np.ndarray) -> np.ndarray:
        """The cost of the cheapest path from every band cell to the end (n, m): the forward pass
        mirrored, row by row from the last."""
        p = self.p
        ext, n, m = p.gap_extend, self.n, self.m
        ends = np.full_like(starts, -1)  # for each bead type and cell, the cell a bead from it ends at
        for t in range(len(BEAD_TYPES)):
            valid = np.flatnonzero(starts[t] >= 0)
            ends[t, starts[t, valid]] = valid
        types = np.arange(len(BEAD_TYPES))[:, None]
        to_end = np.full(band.size, INF)
        # ... when a source gap led into the cell (extending it costs no opening):
        after_source_gap = np.full(band.size, INF)
        for i in range(n, -1, -1):
            lo, hi = int(band.lo[i]), int(band.hi[i])
            if hi < lo:
                continue
            J = np.arange(lo, hi + 1)
            row = slice(int(band.off[i]), int(band.off[i]) + len(J))
            if i == n:
                no_tgt_gap = np.where(J == m, 0.0, INF)
            else:
                below, below_ok = band.index(i + 1, J)
                from_below = np.where(below_ok, after_source_gap[below], INF)  # source sentence i unaligned
                no_tgt_gap = from_below + self.open_s[i] + ext
                end = ends[:, row]  # beads from this row's cells, one line per type
                safe = np.maximum(end, 0)
                bead = np.where(end >= 0, to_end[safe] + costs[types, safe], INF)
                no_tgt_gap = np.minimum(no_tgt_gap, bead.min(axis=0))
                if self.skips and self.src_par_last[i] >= 0:  # the source paragraph starting here unaligned
                    k = int(self.src_par_last[i])
                    end, end_ok = band.index(k, J)
                    skip = np.where(end_ok & self.tgt_bound[J], to_end[end], INF) + p.par_skip_open
                    no_tgt_gap = np.minimum(no_tgt_gap, skip + p.par_skip_ext * (k - i))
            # A run of unaligned target sentences j..k-1: open_t[j] + ext * (k - j), then no target gap.
            later = np.minimum.accumulate((no_tgt_gap + ext * J)[::-1])[::-1]
            run = np.full(len(J), INF)
            run[:-1] = later[1:] - ext * J[:-1] + self.open_col[J[:-1]]
            to_end[row] = np.minimum(no_tgt_gap, run)
            if self.skips and self.src_bound[i]:
                self._skip_target_pars_backward(lo, hi, to_end[row])
            extend = from_below + ext if i < n else np.full(len(J), INF)
            after_source_gap[row] = np.minimum(to_end[row], extend)
        return to_end

    def _margins(
        self,
        band: _Band,
        costs: np.ndarray,
        starts: np.ndarray,
        best: np.ndarray,
        to_end: np.ndarray,
        path: list[_Cell],
    ) -> np.ndarray:
        """Each bead's margin: the cost of the cheapest path that disagrees with it, less the best.

        A path disagrees with a bead when it crosses one of the bead's rows (i-a..i) or columns
        (j-b..j) at another cell, or jumps it with another bead. `best + to_end` is the cheapest
        complete path through each cell, so the rival of each row and column is one minimum over
        its cells off the path and over the beads that skip it. An unaligned sentence's margin is
        thus what aligning it would cost; a merged bead's, what splitting it (or merging more) would.
        """
        rows, cols = band.cells()
        through = best + to_end
        optimum = float(best[band.cell(self.n, self.m)])
        on_path = np.zeros(band.size, bool)
        on_path[band.cell(0, 0)] = True
        chosen = np.zeros_like(costs, dtype=bool)
        for s in path:
            cell = band.cell(s.i, s.j)
            on_path[cell] = True
            if (s.a, s.b) in BEAD_TYPES:
                chosen[BEAD_TYPES.index((s.a, s.b)), cell] = True
        off_path = np.where(on_path, INF, through)
        row_rival = band.row_min(off_path)
        col_rival = np.full(self.m + 1, INF)
        np.minimum.at(col_rival, cols, off_path)
        for t, (a, b) in enumerate(BEAD_TYPES):
            if a < 2 and b < 2:
                continue
            jump = np.where((starts[t] >= 0) & ~chosen[t], best[starts[t]] + costs[t] + to_end, INF)
            jump_rows = band.row_min(jump)  # a bead ending in row i jumps rows i-a+1..i-1
            for d in range(1, a):
                row_rival[:-d] = np.minimum(row_rival[:-d], jump_rows[d:])
            if b > 1:
                jump_cols = np.full(self.m + 1, INF)
                np.minimum.at(jump_cols, cols, jump)
                for d in range(1, b):
                    col_rival[:-d] = np.minimum(col_rival[:-d], jump_cols[d:])
        return np.array([
            max(0.0, min(row_rival[s.i - s.a : s.i + 1].min(), col_rival[s.j - s.b : s.j + 1].min()) - optimum)
            for s in path
        ])
