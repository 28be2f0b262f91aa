"""A word lexicon learned from one document's own alignment, as extra anchor keys.

The aligner's anchor keys (`align.alignment.anchors`) are what survives translation unchanged:
numbers, names, cognates, glossary terms. Most words are none of these (Greek against English has
no cognates at all), yet a translation pairs them consistently: Moore's (2002) aligner aligns
once by length, learns word associations from the beads it is sure of, and aligns again with
them. This module owns that middle step: from the first pass's confident small beads, count
in how many beads each source word stem and each target word stem occur together (one sparse
product, linear in the text), score each pair by Dice, and keep the pairs that are each other's
best, seen together often enough and not everywhere (the commonest words pair with everything)
as new keys of both sides' sentences (`align.alignment.anchors.with_keys`). It also tells the
aligner which first-pass beads the learned keys argue against (a shifted pairing), so that the
second pass re-solves those and keeps the rest.

Stems (the first letters of a word) rather than words, so that inflected forms count together:
on the dev sets 6 letters did about as well as 8, and better than 5 on most sets. The thresholds below were set on
the dev sets with the aligner (bench/align_bench.py --split dev); the learned pairs are plain
translations (Greek-lettered Russian ~ English: революц ~ revolu, сказал ~ said, see the tests).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

STEM = 6  # letters a word is cut to: inflected forms share a key (Greek, Russian endings)
# A word's stem, in one regex pass: its first 2..STEM letters, the rest of the word consumed (one-letter words: none)
_STEM = re.compile(rf"([^\W\d_]{{2,{STEM}}})[^\W\d_]*", re.UNICODE)
MAX_BEAD = 3  # sentences of a bead that teaches (1-1, 1-2, 2-1): in bigger ones any pair co-occurs
MIN_COUNT = 3  # beads a pair must share
MIN_DICE = 0.3  # ... and their Dice score (2 x shared / the two stems' beads) at least this
MAX_SHARE = 0.2  # a stem in more of the beads than this says nothing (the, de, и)


@dataclass(frozen=True)
class Lexicon:
    """Learned word-stem pairs and where they occur: key k is `pairs[k]`, column k of both matrices."""

    pairs: list[tuple[str, str]]  # (source stem, target stem)
    src_keys: sp.csr_matrix  # sentence by key, 0/1
    tgt_keys: sp.csr_matrix

    def disagreeing(self, beads: Sequence[tuple[Sequence[int], Sequence[int]]]) -> np.ndarray:
        """For each bead of an alignment, whether the learned keys argue against it: a side of a
        two-sided bead shares more of them with the other side of the two-sided bead before or
        after it than with its own."""
        out = np.zeros(len(beads), bool)
        idx = np.flatnonzero([bool(a and b) for a, b in beads])
        if len(idx) < 2:
            return out
        two = [beads[int(k)] for k in idx]
        bs = _binary(_bead_matrix(two, 0, self.src_keys.shape[0]) @ self.src_keys)
        bt = _binary(_bead_matrix(two, 1, self.tgt_keys.shape[0]) @ self.tgt_keys)
        own = np.asarray(bs.multiply(bt).sum(axis=1)).ravel()
        src_next = np.asarray(bs[:-1].multiply(bt[1:]).sum(axis=1)).ravel()  # source k with target k+1
        tgt_next = np.asarray(bs[1:].multiply(bt[:-1]).sum(axis=1)).ravel()  # source k+1 with target k
        shifted = np.maximum(src_next, tgt_next)
        cross = np.zeros(len(idx))
        cross[:-1] = shifted
        cross[1:] = np.maximum(cross[1:], shifted)
        out[idx] = cross >= np.maximum(own, 1)
        return out


def _binary(m: sp.spmatrix) -> sp.csr_matrix:
    out = sp.csr_matrix(m)
    out.data[:] = 1.0
    return out


def _stem_matrix(sentences: Sequence[str]) -> tuple[sp.csr_matrix, list[str]]:
    """Sentence by word-stem incidence (0/1), and the stems: words of two letters or more,
    lowercased, cut to STEM letters."""
    stems = [set(_STEM.findall(s.lower())) for s in sentences]
    flat = [w for ws in stems for w in ws]
    vocab = {w: k for k, w in enumerate(dict.fromkeys(flat))}
    rows = np.repeat(np.arange(len(sentences)), [len(ws) for ws in stems])
    cols = np.fromiter(map(vocab.__getitem__, flat), np.int64, len(flat))
    matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sentences), len(vocab)))
    return matrix, list(vocab)


def _bead_matrix(beads: Sequence[tuple[Sequence[int], Sequence[int]]], side: int, n: int) -> sp.csr_matrix:
    """Bead by sentence incidence of one side (0 source, 1 target)."""
    rows = [b for b, bead in enumerate(beads) for _ in bead[side]]
    cols = [i for bead in beads for i in bead[side]]
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(beads), n))


def learn(src: Sequence[str], tgt: Sequence[str], beads: Sequence[tuple[Sequence[int], Sequence[int]]]) -> Lexicon:
    """The word-stem pairs each other's best by Dice over the trusted `beads` (two-sided ones of
    at most MAX_BEAD sentences count), together in at least MIN_COUNT of them, Dice at least
    MIN_DICE, and in at most MAX_SHARE of them on either side."""
    beads = [(a, b) for a, b in beads if a and b and len(a) + len(b) <= MAX_BEAD]
    (s_words, s_stems), (t_words, t_stems) = _stem_matrix(src), _stem_matrix(tgt)
    empty = Lexicon([], sp.csr_matrix((len(src), 0)), sp.csr_matrix((len(tgt), 0)))
    if not beads or not s_stems or not t_stems:
        return empty
    bs = _binary(_bead_matrix(beads, 0, len(src)) @ s_words).tocsc()
    bt = _binary(_bead_matrix(beads, 1, len(tgt)) @ t_words).tocsc()
    fs, ft = np.asarray(bs.sum(axis=0)).ravel(), np.asarray(bt.sum(axis=0)).ravel()
    top = max(MIN_COUNT, MAX_SHARE * len(beads))
    vs = np.flatnonzero((fs >= MIN_COUNT) & (fs <= top))
    vt = np.flatnonzero((ft >= MIN_COUNT) & (ft <= top))
    if not len(vs) or not len(vt):
        return empty
    co = (bs[:, vs].T @ bt[:, vt]).tocoo()  # beads each pair of stems shares
    keep = co.data >= MIN_COUNT
    r, c, n = co.row[keep], co.col[keep], co.data[keep]
    dice = 2 * n / (fs[vs][r] + ft[vt][c])
    row_best = np.zeros(len(vs))
    col_best = np.zeros(len(vt))
    np.maximum.at(row_best, r, dice)
    np.maximum.at(col_best, c, dice)
    pick = (dice >= MIN_DICE) & (dice >= row_best[r]) & (dice >= col_best[c])
    si, ti = vs[r[pick]], vt[c[pick]]
    return Lexicon(
        [(s_stems[i], t_stems[j]) for i, j in zip(si, ti)], s_words[:, si].tocsr(), t_words[:, ti].tocsr()
    )
