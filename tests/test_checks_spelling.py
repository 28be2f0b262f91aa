"""The spelling check's non-words: slips in real prose are fixed, clean and foreign prose is left alone."""

from __future__ import annotations

import pytest

from align.checks import check_text
from align.segment import segment_text

# The opening of Jane Austen's Emma (1815), and the same with the slips people make written in.
EMMA = (
    "Emma Woodhouse, handsome, clever, and rich, with a comfortable home and happy disposition, seemed to unite "
    "some of the best blessings of existence; and had lived nearly twenty-one years in the world with very little "
    "to distress or vex her. She was the youngest of the two daughters of a most affectionate, indulgent father; "
    "and had, in consequence of her sister's marriage, been mistress of his house from a very early period. Her "
    "mother had died too long ago for her to have more than an indistinct remembrance of her caresses; and her "
    "place had been supplied by an excellent woman as governess, who had fallen little short of a mother in "
    "affection."
)
SLIPS = {  # the clean word: how it is misspelt
    "comfortable": "comfortible",  # -able/-ible
    "happy": "hapy",  # a double written once
    "seemed": "seeemd",  # two letters swapped
    "blessings": "blessigns",
    "existence": "existance",  # -ence/-ance, a misspelling the web writes too
    "nearly": "nearyl",
    "distress": "distres",
    "youngest": "youngets",
    "daughters": "duaghters",
    "affectionate": "afectionate",
    "father": "fathre",
    "marriage": "marraige",
    "mistress": "mistriss",  # a vowel for a vowel
    "remembrance": "rememberance",  # a letter added
    "excellent": "excelent",
    "governess": "govenress",
    "affection": "affecttion",  # a letter doubled
}


def _spelling(text: str) -> dict[str, str | None]:
    return {f.original: f.replacement for f in check_text(text, segment_text(text), checks=["spelling"])}


def test_slips_in_real_prose_are_fixed() -> None:
    text = EMMA
    for right, wrong in SLIPS.items():
        text = text.replace(right, wrong, 1)
    assert _spelling(text) == {wrong: right for right, wrong in SLIPS.items()}


def test_clean_prose_gives_nothing() -> None:
    assert _spelling(EMMA) == {}


@pytest.mark.parametrize(
    ("sentence", "wrong", "right"),
    [
        ("I did not recieve the letter until the evening.", "recieve", "receive"),  # ie/ei
        ("The children went back to thier rooms.", "thier", "their"),
        ("Something strange occured in the village that night.", "occured", "occurred"),  # not occur + ed
        ("It was a truely wonderful evening.", "truely", "truly"),  # not true + ly
        ("It was definately the best dinner of the season.", "definately", "definitely"),
        ("The inn could not acomodate so many travellers.", "acomodate", "accommodate"),  # both doubles
        ("He will come tommorow with his brother.", "tommorow", "tomorrow"),
        ("The thick, dusty road was srewn with straw.", "srewn", "strewn"),
    ],
)
def test_the_misspellings_people_make_are_fixed(sentence: str, wrong: str, right: str) -> None:
    assert _spelling(sentence) == {wrong: right}


def test_a_non_word_with_two_likely_corrections_is_only_flagged() -> None:
    assert _spelling("He askd her to stay.") == {"askd": None}  # asked or ask


@pytest.mark.parametrize(
    "sentence",
    [
        "She bore the chidings of her aunt with patience.",  # chiding + s
        "Thou deservest not to eat, replied the orator.",  # archaic -st
        "The tawnies and the blacks fought fifty civil wars.",  # tawny, -y written -i
        "He spoke with his smoothest and most almondy smile.",
        "He can't and daren't fail to love me.",  # dare + n't
        "‘J’ai forcé la consigne!’ she said.",  # French, and beside French
        "He was proving his argument a priori, the ship foundered.",  # Latin, not between English words
        "‘Zu complicirt, macht zu viel Klopot,’ he said.",  # German
        "He was hapy, she was hapy, and they were all hapy.",  # a word the text writes three times
    ],
)
def test_formations_foreign_words_and_repeated_words_are_left_alone(sentence: str) -> None:
    assert _spelling(sentence) == {}
