"""Bead confidence (`align.alignment.confidence`): what lowers it, its scale, sure beads."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from align.alignment.aligner import align
from align.alignment.confidence import confidences
from align.alignment.evaluate import confidence_auroc
from align.alignment.synthetic import generate_book

ROOT = Path(__file__).resolve().parents[1]
DOC = "meetings-with-trotsky"


def _book(n_ru: int = 400, seed: int = 3):  # type: ignore[no-untyped-def]
    ru, en = ((ROOT / "texts" / lang / f"{DOC}.txt").read_text(encoding="utf-8") for lang in ("ru", "en"))
    return generate_book(ru, en, n_ru=n_ru, seed=seed, omission=0)


def test_doubtful_neighbours_and_small_margins_lower_confidence() -> None:
    """Forty 1-1 beads of sentences of 80 characters, all with the same margin, but for a one-sided
    bead at 10, a 1-3 bead at 20, a translation two and a half times as long at 25, a short sentence
    at 30 and a weak margin at 35."""
    spans: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    i = j = 0
    for k in range(40):
        a, b = {10: (1, 0), 20: (1, 3)}.get(k, (1, 1))
        spans.append((tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    src_len, tgt_len = np.full(i, 80.0), np.full(j, 80.0)
    tgt_len[spans[25][1][0]] = 200.0
    tgt_len[spans[30][1][0]] = 12.0  # "Stop!"
    margins = np.full(40, 3.0)
    margins[35] = 0.5
    conf = confidences(spans, margins, src_len, tgt_len)
    calm = conf[5]
    assert conf[10] < calm and conf[9] < calm and conf[11] < calm  # one-sided, and beside one
    assert conf[20] < conf[19] < calm and conf[21] < calm  # merged, and beside one
    assert conf[29] < calm and conf[31] < calm  # the short sentence could belong to either
    for embeddings in (False, True):  # a length far off the document's ratio (capped in the costs)
        rated = confidences(spans, margins, src_len, tgt_len, embeddings)
        assert 1 - rated[25] > 1.2 * (1 - rated[5])  # its chance of being wrong up by a fifth or more
    assert conf[35] < conf[34] < calm  # a weak margin, and beside one
    assert abs(confidences(spans, margins * 2, src_len, tgt_len)[5] - calm) < 0.01  # on the document's scale


def test_confidence_tells_right_from_wrong_whatever_the_cost_scale() -> None:
    """The margins of a real alignment scaled as a change of cost weights would: the confidences move little."""
    book = _book()
    beads = align(book.ru_sentences, book.en_sentences)
    spans = [(b.src, b.tgt) for b in beads]
    margins = np.array([b.score for b in beads])
    lengths = [np.array([len(s) for s in side], float) for side in (book.ru_sentences, book.en_sentences)]
    conf = confidences(spans, margins, *lengths)
    assert np.allclose(conf, [b.confidence for b in beads], atol=1e-3)  # what the aligner gives
    for scale in (0.5, 2.0):
        assert np.abs(confidences(spans, margins * scale, *lengths) - conf).max() < 0.05
    right = [s in set(book.gold) for s in spans]
    assert 0 < right.count(False)
    assert confidence_auroc([book.gold], [spans], [list(conf)])[0] >= 0.85


def test_beads_fixed_by_people_are_sure() -> None:
    book = _book(n_ru=120, seed=4)
    a, b = book.gold[30]
    beads = align(book.ru_sentences, book.en_sentences, fixed=[(a, b), ((40,), ())])
    fixed = {(a, b), ((40,), ())}
    assert all(x.confidence == 1.0 for x in beads if (x.src, x.tgt) in fixed)
    assert min(x.confidence for x in beads) < 1.0
