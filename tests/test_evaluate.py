"""Vecalign-format alignments read and written, and strict and lax P/R/F1 on a hand-scored example."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from align.alignment.evaluate import (
    IndexBead,
    confidence_auroc,
    format_bead,
    parse_bead,
    read_alignment,
    score,
    write_alignment,
)
from align.errors import InputError

ROOT = Path(__file__).resolve().parents[1]

# Gold and an output scored by hand below.
GOLD: list[IndexBead] = [((0,), (0,)), ((1,), (1, 2)), ((2, 3), (3,)), ((), (4,)), ((4,), ()), ((5,), (5,))]
TEST: list[IndexBead] = [
    ((0,), (0,)),  # equal to a gold bead: strict and lax hit
    ((1,), (1,)),  # part of gold [1]:[1,2]: lax hit only
    ((), (2,)),  # the rest of it, as untranslated: miss (no source to overlap)
    ((2,), (3,)),  # part of gold [2,3]:[3]: lax hit only
    ((3,), ()),  # miss
    ((), (4,)),  # equal to a gold bead: strict and lax hit
    ((4,), (5,)),  # source 4 is unaligned in the gold: miss
    ((5,), ()),  # miss
    ((), ()),  # empty on both sides: not counted at all
]


def test_reads_the_sample_gold_file() -> None:
    gold = read_alignment(ROOT / "tests/data/sample_alignment_gold.txt")
    assert len(gold) == 236
    assert gold[:4] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3, 4))]
    # Every sentence of both sides exactly once, in order (123 Russian, 222 English).
    assert [i for src, _ in gold for i in src] == list(range(123))
    assert [j for _, tgt in gold for j in tgt] == list(range(222))
    assert sum(1 for src, tgt in gold if not src) == 116


def test_reads_vecalign_output_with_spaces_scores_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("[0, 1]:[0]:0.412\n\n[]:[1]:-0.050\n[2]:[]\n", encoding="utf-8")
    assert read_alignment(path) == [((0, 1), (0,)), ((), (1,)), ((2,), ())]


def test_a_line_that_is_no_bead_is_an_input_error_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text("[0]:[0]\n0 1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold\.txt:2: expected a bead"):
        read_alignment(path)
    with pytest.raises(ValueError):
        parse_bead("[0]:[x]")


def test_strict_and_lax_precision_recall_f1() -> None:
    r = score([GOLD], [TEST])
    # Precision over the 8 output beads: strict 2 hits, lax 4.
    assert (r.strict.precision, r.lax.precision) == (2 / 8, 4 / 8)
    # Recall over the 4 two-sided gold beads against the 4 two-sided output beads:
    # strict only [0]:[0]; lax also [1]:[1,2] and [2,3]:[3], not [5]:[5] (output [5]:[] is one-sided).
    assert (r.strict.recall, r.lax.recall) == (1 / 4, 3 / 4)
    assert r.strict.f1 == pytest.approx(0.25)
    assert r.lax.f1 == pytest.approx(2 * 0.5 * 0.75 / (0.5 + 0.75))


def test_perfect_output_and_micro_average_over_documents() -> None:
    perfect = score([GOLD], [GOLD])
    assert (perfect.strict.f1, perfect.lax.f1) == (1.0, 1.0)
    # Two documents are pooled bead by bead, not averaged per document (that would give 0.625).
    both = score([GOLD, GOLD], [TEST, GOLD])
    assert both.strict.precision == (2 + 6) / (8 + 6)
    assert both.strict.recall == (1 + 4) / (4 + 4)


def test_writer_and_reader_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "gold.txt"
    write_alignment(path, GOLD)
    assert path.read_text(encoding="utf-8").splitlines()[:3] == ["[0]:[0]", "[1]:[1,2]", "[2,3]:[3]"]
    assert read_alignment(path) == GOLD
    assert format_bead((1,), (1, 2), 0.41234) == "[1]:[1,2]:0.412"
    assert all(parse_bead(format_bead(src, tgt, -1.5)) == (src, tgt) for src, tgt in GOLD)


def test_confidence_auroc_ranks_right_beads_above_wrong_ones() -> None:
    gold = [((0,), (0,)), ((1,), (1,))]
    test = [((0,), (0,)), ((1, 2), (1,)), ((1,), (1,)), ((), (2,))]  # right, wrong, right, wrong
    assert confidence_auroc([gold], [test], [[0.9, 0.1, 0.8, 0.2]]) == (1.0, 1.0)
    assert confidence_auroc([gold], [test], [[0.1, 0.9, 0.2, 0.8]]) == (0.0, 0.0)
    assert confidence_auroc([gold], [test], [[0.5, 0.5, 0.5, 0.5]])[0] == 0.5  # ties count half
    assert math.isnan(confidence_auroc([gold], [gold], [[0.3, 0.4]])[0])  # no wrong bead: undefined
