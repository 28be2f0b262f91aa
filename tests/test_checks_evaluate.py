"""The evaluation harness: injected errors know their fix, and a finding is scored against it."""

from __future__ import annotations

import pytest

from align.checks.evaluate import CLASSES as ERROR_CLASSES
from align.checks.evaluate import SPLITS, EvalText, Injection, Site, Split, choose, curly, fixes, inject, overlaps
from align.checks.model import Finding


def _finding(start: int, end: int, original: str, replacement: str | None) -> Finding:
    return Finding(start, end, original, replacement, "typography", "typography.x", "", 0.5)


def test_injection_records_where_each_error_now_is() -> None:
    text = "He said it was late, and left."
    out, gold = inject(text, [Site(7, 7, " ", "a"), Site(19, 20, " ,", "b")])
    assert out == "He said  it was late , and left."
    assert [(g.start, g.end, g.original, g.injected) for g in gold] == [(7, 8, "", " "), (20, 22, ",", " ,")]


@pytest.mark.parametrize(
    ("finding", "fixed"),
    [
        (_finding(19, 21, " ,", ","), True),  # exactly the injected span
        (_finding(18, 21, "e ,", "e,"), True),  # a wider span whose replacement restores the text
        (_finding(19, 21, " ,", ";"), False),  # the wrong replacement
        (_finding(19, 21, " ,", None), False),  # a flag fixes nothing
    ],
)
def test_a_fix_must_give_back_the_clean_text(finding: Finding, fixed: bool) -> None:
    text = "He said it was late , and left."
    g = Injection(19, 21, ",", " ,", "b")
    assert fixes(text, g, finding) is fixed
    assert overlaps(g, finding)


def test_curly_orients_quotes_and_keeps_curly_texts() -> None:
    assert curly("\"Yes,\" he said, 'it's Tom's.'") == "“Yes,” he said, ‘it’s Tom’s.’"
    assert curly("“Already curly,” she said. 'x'") == "“Already curly,” she said. 'x'"


def test_sample_is_seeded_and_spread() -> None:
    text = " ".join(["He came , and went ; then he sat down."] * 400)
    t = EvalText("t", text)
    first, second = choose(t, ERROR_CLASSES), choose(EvalText("t", text), ERROR_CLASSES)
    assert first == second and first
    starts = [s.start for s in first]
    assert all(b - a >= 400 for a, b in zip(starts, starts[1:], strict=False))


def test_dev_and_test_share_no_text() -> None:
    assert not set(SPLITS[Split.DEV]) & set(SPLITS[Split.TEST])


def test_grammar_injectors_write_real_errors() -> None:
    from align.checks.evaluate import agreement, article, double_negative

    t = EvalText("t", "The horses were tired, and the man was glad. He did not see anything. She read a book.")
    written = {(s.cls, t.text[s.start : s.end], s.injected) for inject_ in (agreement, double_negative, article)
               for s in inject_(t)}
    assert written == {("contextual.agreement", "were", "was"), ("contextual.agreement", "was", "were"),
                       ("contextual.double-negative", "anything", "nothing"), ("contextual.article", "a", "an")}
    # "the family was" stays: English also writes "the family are" (no error to inject)
    assert list(agreement(EvalText("t", "The family was at home."))) == []
    # nor "the series have" -> "has": a noun of either number
    assert list(agreement(EvalText("t", "To complete the series have come to see me."))) == []


def test_name_slips_are_the_ones_people_make() -> None:
    import random

    from rapidfuzz.distance import OSA

    from align.checks.evaluate import _letter_slips

    rng = random.Random(0)
    slips = {_letter_slips("Voltaire", rng) for _ in range(400)}
    assert all(s[0] == "V" and OSA.distance(s, "Voltaire") == 1 for s in slips)
    assert {"Volatire", "Voltair", "Voltairee"} <= slips  # a swap, the last letter dropped and doubled
    assert any(s.startswith("Voltaire") and len(s) == 9 and s[-1] != "e" for s in slips)  # one added


def test_misspellings_are_non_words_of_common_words_and_know_their_fix() -> None:
    from rapidfuzz.distance import OSA
    from wordfreq import zipf_frequency

    from align.checks.evaluate import non_word
    from align.checks.spelling import known

    text = ("It was a bright cold day in April, and the clocks were striking thirteen. Winston Smith, his chin "
            "nuzzled into his breast in an effort to escape the vile wind, slipped quickly through the glass doors "
            "of Victory Mansions, though not quickly enough to prevent a swirl of gritty dust from entering along "
            "with him. The hallway smelt of boiled cabbage and old rag mats. ") * 20
    t = EvalText("t", text)
    sites = list(non_word(t))
    assert len(sites) > 20
    for s in sites:
        clean = text[s.start : s.end]
        assert clean.islower() and len(clean) >= 4 and zipf_frequency(clean, "en") >= 3.0
        assert clean not in {"winston", "smith", "april"}
        # a non-word, kept at its first letter, one slip away (a swap counts as one) or a speller's rule
        assert not known(s.injected) and zipf_frequency(s.injected, "en") < 3.0 and s.injected[0] == clean[0]
        assert OSA.distance(s.injected, clean) == 1
    out, gold = inject(text, sites[:3])
    for g in gold:
        assert out[g.start : g.end] == g.injected and fixes(out, g, _finding(g.start, g.end, g.injected, g.original))


def test_regional_injector_writes_the_other_spelling_only_in_a_consistent_family() -> None:
    from align.checks.evaluate import regional_spelling

    text = ("The colour of honour, the favour of the harbour, the labour of the day, the odour of the rumour. "
            "They realize it; the centre held.\n")
    written = [(text[s.start : s.end], s.injected) for s in regional_spelling(EvalText("t", text))]
    # every -our word may be the one; a text this short gets one
    assert set(written) == {("colour", "color"), ("honour", "honor"), ("favour", "favor"), ("harbour", "harbor"),
                            ("labour", "labor"), ("odour", "odor"), ("rumour", "rumor")}
    chosen = [s for s in choose(EvalText("t", text), ERROR_CLASSES) if s.cls == "variants.regional"]
    assert len(chosen) == 1
    # a family the text already writes both ways gets nothing (realize, centre: too few uses anyway)
    assert list(regional_spelling(EvalText("t", text.replace("the odour", "the odor")))) == []
