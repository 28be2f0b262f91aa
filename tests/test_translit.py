"""The shared transliteration and text keys: which spellings count as one, numbers and numerals."""

from __future__ import annotations

import iuliia
import pytest

from align.translit import latin, name_keys, numbers, roman_value, ru_stems, spelling_key


@pytest.mark.parametrize(
    "spellings",
    [
        ("Trotsky", "Trotskii", "Trotskiy", "Троцкий"),
        ("Zinovyev", "Zinoviev", "Зиновьев"),
        ("Davydovich", "Davydovitch", "Давыдович"),
        ("Glavkontsesscom", "Glavcontsesscom", "Главконцесском"),
        ("Aleksandr", "Alexandr", "Александр"),
        ("Yevseevich", "Evseevich", "Евсеевич"),
        ("Tchaikovsky", "Chaikovsky", "Чайковский"),
        ("Kitty", "Кити"),
        ("Zürich", "Zurich"),
    ],
)
def test_renderings_of_one_name_share_a_key(spellings: tuple[str, ...]) -> None:
    assert len({spelling_key(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    "a, b",
    [
        ("Zinovjev", "Zinoviev"),  # j is not a rendering of ь: the source check flags it as a misspelling
        ("quite", "kite"),  # qu stays apart from k
        ("Mikhail", "Michael"),  # kh and ch are different sounds
        ("shin", "chin"),
        ("sing", "sink"),
    ],
)
def test_different_words_keep_different_keys(a: str, b: str) -> None:
    assert spelling_key(a) != spelling_key(b)


def test_known_unrelated_merges() -> None:
    # the price of merging renderings: callers never take a shared key alone as proof
    assert spelling_key("wine") == spelling_key("vine") and spelling_key("Yale") == spelling_key("ale")


def test_latin_in_a_scheme() -> None:
    assert latin("Щербацкий") == "shcherbatsky"
    assert latin("Щербацкий", iuliia.BGN_PCGN) == "shcherbatskiy"
    assert latin("Подъём", iuliia.BGN_PCGN) == "podym"  # the scheme's ” and ë reduced to letters
    assert latin("Zürich") == "zurich"


def test_case_endings_are_stripped_to_the_name() -> None:
    assert "путилов" in ru_stems("Путиловского")
    assert spelling_key("Putilov") in name_keys("Путиловского")
    assert spelling_key("Kamenev") in name_keys("Каменевым")
    assert ru_stems("Ли") == ["ли"]  # too short to lose anything


def test_a_surname_keeps_its_suffix() -> None:
    # -ев ends the nominative: Зиновьев and its other cases share their shortest key
    assert ru_stems("Зиновьев") == ["зиновьев"]
    assert len({min(name_keys(w), key=len) for w in ("Зиновьев", "Зиновьева", "Зиновьеву")}) == 1


@pytest.mark.parametrize(
    "token, value",
    [("XIV", 14), ("MCMXC", 1990), ("XC", 90), ("CD", 400), ("IIII", None), ("VX", None), ("IC", None),
     ("CCCC", None), ("XY", None), ("xiv", None), ("", None)],
)
def test_roman_numerals(token: str, value: int | None) -> None:
    assert roman_value(token) == value


def test_numbers_with_digits_and_numerals() -> None:
    text = "В 1923–24 гг., 1,5 и 1.5; XV съезд, IIII; the 1920s and the 19th century"
    found = numbers(text)
    assert [n.value for n in found] == [1923, 24, 1.5, 1.5, 15, 1920, 19]
    assert [n.in_word for n in found] == [False] * 5 + [True, True]
    assert [text[n.start : n.end] for n in found][:3] == ["1923", "24", "1,5"]
