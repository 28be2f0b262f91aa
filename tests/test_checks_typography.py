"""Typography on texts other than the sample: the text's own conventions decide the fix."""

from __future__ import annotations

import pytest

from align.checks import check_text
from align.segment import segment_text
from align.translit import to_roman

CURLY = "“Come,” she said. “It’s late.” He didn’t answer. “Well?” ‘Yes,’ he said at last, ‘I’m coming, I’m coming.’ "


def _fixed(text: str) -> str:
    """The text with every typography finding's replacement applied."""
    out, pos = [], 0
    for f in check_text(text, segment_text(text), checks=["typography"]):
        if f.replacement is not None and f.start >= pos:
            out += [text[pos : f.start], f.replacement]
            pos = f.end
    return "".join(out) + text[pos:]


@pytest.mark.parametrize(
    ("faulty", "fixed"),
    [
        # straight marks in a text of curly ones, oriented by what precedes them
        (CURLY + 'Then "No," she said.', CURLY + "Then “No,” she said."),
        (CURLY + "It's the Joneses' house.", CURLY + "It’s the Joneses’ house."),
        (CURLY + "She said 'never' twice.", CURLY + "She said ‘never’ twice."),
        # a spaced hyphen as a dash: spaced dashes keep their spaces, closed ones take them in
        ("He came – late – and left. Then - quietly - he sat.", "He came – late – and left. Then – quietly – he sat."),
        ("He came—late—and left. Then - quietly he sat.", "He came—late—and left. Then—quietly he sat."),
        ("He came--late--and left. Then - quietly he sat.", "He came--late--and left. Then--quietly he sat."),
        # the ellipsis style of a short text: two against one is a convention
        ("Wait… No… I mean... yes.", "Wait… No… I mean… yes."),
        # a chapter numeral the sequence makes clear
        ("CHAPTER XIII\nText.\nCHAPTER XIIII\nText.\nCHAPTER XV\nText.",
         "CHAPTER XIII\nText.\nCHAPTER XIV\nText.\nCHAPTER XV\nText."),
    ],
)
def test_fix_follows_the_texts_convention(faulty: str, fixed: str) -> None:
    assert _fixed(faulty) == fixed


@pytest.mark.parametrize(
    "clean",
    [
        'A text of "straight" quotes, "all" of them, isn\'t it? "Yes."',  # straight is its convention
        "Wait… No... I mean it.",  # one against one: no ellipsis style to enforce
        "He was born in the XIX century, reigned as Louis XIV, and read Chapter XII.",
        "The MIX of colours. A VIVID picture.",
    ],
)
def test_consistent_or_valid_text_is_left_alone(clean: str) -> None:
    assert check_text(clean, segment_text(clean), checks=["typography"]) == []


@pytest.mark.parametrize(("text", "token"), [("the Emperor Henry IIII was", "IIII"), ("in the XVX century", "XVX")])
def test_invalid_numeral_outside_a_sequence_is_only_flagged(text: str, token: str) -> None:
    found = [f for f in check_text(text, segment_text(text), checks=["typography"])
             if f.rule == "typography.invalid-roman-numeral"]
    assert [(f.original, f.replacement) for f in found] == [(token, None)]


@pytest.mark.parametrize(("value", "numeral"), [(4, "IV"), (14, "XIV"), (1990, "MCMXC"), (0, None), (4000, None)])
def test_to_roman(value: int, numeral: str | None) -> None:
    assert to_roman(value) == numeral
