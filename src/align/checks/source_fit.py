"""The aligned source's say on rewriting one English word: how much closer its bead comes to the Russian.

A bigram model judges a word by its two neighbours; the source judges the sentence by what it
says. "He walked there several tines" is as likely as "times" to a reader of the bigrams
("several tines" is a fork's), but only "times" says what «несколько раз» says. This module
measures that with a multilingual sentence encoder (`align.alignment.neural`, e.g. use-m3): the
cosine of a bead's English with its Russian, before and after the word is replaced. The gain
is small (a few hundredths for a slip's fix, as negative for a good word spoilt) but it does not
depend on the neighbours the bigram model reads, so the two add up (`align.checks.context`).

A bead's side is the normalised sum of its sentences' embeddings, as in the aligner, so each
sentence is encoded once, and the project's embedding cache (filled when the document was
aligned with the same model) already holds the original English and the Russian: only the
rewritten sentences are encoded. A word whose sentence lies in no bead with both sides (a
passage with no source) gets no gain (None).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from align.alignment.store import Bead
from align.checks.model import CheckInput


def gains(inp: CheckInput, rewrites: Sequence[tuple[int, str]]) -> list[float | None]:
    """Per rewrite (index into `inp.words`, what to write instead), the cosine of the word's bead
    with its Russian after the rewrite minus before; None without a two-sided bead or an encoder."""
    if inp.embed is None or inp.ru is None or not inp.beads or not rewrites:
        return [None] * len(rewrites)
    en, ru = inp.segmentation.by_id, inp.ru.by_id
    where: list[tuple[Bead, str, str] | None] = []  # per rewrite: its bead, its sentence id, the rewritten sentence
    for i, replacement in rewrites:
        word = inp.words[i]
        sent = inp.segmentation.at(word.start)
        bead = inp.bead_of.get(sent.id) if sent else None
        if sent is None or bead is None or not bead.ru or any(r not in ru for r in bead.ru) \
                or any(e not in en for e in bead.en):
            where.append(None)
            continue
        text = sent.text[: word.start - sent.start] + replacement + sent.text[word.end - sent.start :]
        where.append((bead, sent.id, text))
    beads = list(dict.fromkeys(w[0] for w in where if w))
    texts = list(dict.fromkeys([en[e].text for b in beads for e in b.en] + [ru[r].text for b in beads for r in b.ru]
                               + [w[2] for w in where if w]))
    if not texts:
        return [None] * len(rewrites)
    vectors = dict(zip(texts, inp.embed(texts), strict=True))
    sums = {b: (sum(vectors[en[e].text] for e in b.en), _unit(sum(vectors[ru[r].text] for r in b.ru)))
            for b in beads}
    out: list[float | None] = []
    for w in where:
        if w is None:
            out.append(None)
            continue
        bead, sent_id, text = w
        english, russian = sums[bead]
        rewritten = english - vectors[en[sent_id].text] + vectors[text]
        out.append(float(_unit(rewritten) @ russian - _unit(english) @ russian))
    return out


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-9)
