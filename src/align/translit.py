"""Transliteration and spelling-neutral text keys, shared by the aligner and the checks.

One place for what decides whether two written forms are "the same" across scripts and
transliteration habits:
- `latin`: a word in lowercase Latin letters (Cyrillic through an iuliia scheme, accents dropped);
- `spelling_key`: the key two spellings of one word share (Trotsky, Trotskii and Троцкий);
- `ru_stems` and `name_keys`: a Russian name's keys in several schemes, with and without its
  case ending (Путиловского gives the keys of Putilovskogo and of Putilov);
- `roman_value` and `numbers`: the numbers a text writes with digits or Roman numerals.
The aligner (`alignment.anchors`) matches words and numbers of two texts with these; the checks
(`checks.names`, `checks.source`, `checks.typography`) compare names and numbers with them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import iuliia

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")

# Schemes whose outputs differ where English renderings of Russian names differ
# (Zinovyev / Zinovev, Trotsky / Trotskii, Yevseevich / Evseevich).
SCHEMES = (iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.MOSMETRO, iuliia.ICAO_DOC_9303)


def latin(word: str, scheme: iuliia.Schema = iuliia.WIKIPEDIA) -> str:
    """The word in lowercase Latin letters: Cyrillic transliterated by `scheme` (the signs some
    schemes write for ь and ъ dropped), accents removed (Zürich → zurich)."""
    w = word.lower()
    if _CYRILLIC.search(w):
        w = unicodedata.normalize("NFKD", scheme.translate(w).lower())
        return "".join(c for c in w if c.isascii() and c.isalpha())
    return "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def spelling_key(word: str) -> str:
    """The key two spellings of one word share: `latin`, then the letters merged that renderings
    of one Russian name disagree on, which Latin-script cognates also show: tch and ch
    (Davydovitch, Davydovich), c and k (Glavcontsesscom, Glavkontsesscom), q and k, y and i
    (Trotsky, Trotskii; Zinovyev, Zinoviev), w and v, ph and f, ß and ss, ks and x (Aleksandr,
    Alexandr), doubled letters (Kitty, Kiti), and a Ye-/Ya-/Yu- opening against E-/A-/U-
    (Yevseevich, Evseevich). Not j and i: "Zinovjev" is a misspelling for the source check, not
    a rendering. It merges some unrelated words too (Mary and Mari, Hall and Hal): callers use
    it with other evidence (a shared bead, a dominant form), never alone."""
    w = latin(word)
    w = w.replace("ß", "ss").replace("tch", "ch").replace("ch", "\x01").replace("c", "k").replace("\x01", "ch")
    w = w.replace("y", "i").replace("w", "v").replace("ph", "f").replace("q", "k")
    w = re.sub(r"(.)\1+", r"\1", w).replace("ks", "x")
    if len(w) > 3 and w[0] == "i" and w[1] in "aeou":
        w = w[1:]
    return w


# Case endings of Russian nouns, adjectives and surnames (Путиловского → Путилов, Зорину → Зорин).
# Hand-written: the names these serve are in no dictionary that could inflect them.
RU_ENDINGS = frozenset((
    "ского", "скому", "ским", "ском", "ской", "скую", "ских", "скими", "ский", "ская", "ское", "ские",
    "ого", "его", "ому", "ему", "ыми", "ими", "ами", "ями", "ым", "им", "ом", "ем", "ём", "ой", "ей", "ою",
    "ею", "ую", "юю", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ах", "ях", "ам", "ям", "ий", "ый",
    "ия", "ии", "ию", "ией", "ье", "ья", "ью", "ов", "ев", "а", "я", "у", "ю", "е", "ы", "и", "о", "ь",
))
# A stem keeps these: they end the nominative of surnames (Зиновьев), and stripping them would
# give Зиновьев a stem its other cases (Зиновьева) do not have.
_SURNAME_SUFFIXES = frozenset(("ов", "ев"))
_STRIPPED = sorted(RU_ENDINGS - _SURNAME_SUFFIXES, key=len, reverse=True)  # longest first
MIN_STEM = 4  # letters a stem keeps; shorter stems match too many unrelated words


def ru_stems(word: str) -> list[str]:
    """The lowercase word and, when long enough, the word without each case ending it may carry."""
    low = word.lower()
    return [low, *(low[: -len(e)] for e in _STRIPPED if low.endswith(e) and len(low) - len(e) >= MIN_STEM)]


@lru_cache(maxsize=50_000)
def name_keys(word: str) -> frozenset[str]:
    """The `spelling_key`s of a Russian word's stems (`ru_stems`) transliterated in every scheme."""
    keys = {spelling_key(latin(stem, scheme)) for stem in ru_stems(word) for scheme in SCHEMES}
    return frozenset(k for k in keys if k)


_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(token: str) -> int | None:
    """The value of a valid Roman numeral in capitals (XIV, MCMXC), else None (IIII, VX, "")."""
    if not token or not _ROMAN.fullmatch(token):
        return None
    values = [ROMAN_DIGITS[ch] for ch in token]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def to_roman(value: int) -> str | None:
    """The Roman numeral of 1..3999 (14 → XIV), else None."""
    if not 0 < value < 4000:
        return None
    out = []
    for numeral, v in (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50),
                       ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1)):
        n, value = divmod(value, v)
        out.append(numeral * n)
    return "".join(out)


# Digits, with a decimal part after a point or comma, or a run of two or more Roman-numeral capitals.
_NUMBER = re.compile(r"(?<!\d[.,])(?<!\d)\d+(?:[.,]\d+)?(?!\d)|\b[IVXLCDM]{2,}\b")
_LETTER = re.compile(r"[^\W\d]")


@dataclass(frozen=True)
class Number:
    """A number written in a text: where, its value, and whether it is written inside a word
    ("1920s", "5th", "No3": a letter or underscore touches its digits)."""

    start: int
    end: int
    value: int | float
    in_word: bool


def numbers(text: str) -> list[Number]:
    """The numbers a text writes with digits or Roman numerals, in order ("1923–24" gives 1923
    and 24, "1,5" and "1.5" give 1.5, "XIV" gives 14); invalid numerals ("IIII", "VX") are skipped."""
    found = []
    for m in _NUMBER.finditer(text):
        tok, start, end = m.group(), m.start(), m.end()
        if tok[0] in ROMAN_DIGITS:
            value: int | float | None = roman_value(tok)
        else:
            value = float(tok.replace(",", ".")) if "." in tok or "," in tok else int(tok)
        if value is not None:
            in_word = bool(start and _LETTER.match(text, start - 1)) or bool(_LETTER.match(text, end))
            found.append(Number(start, end, value, in_word))
    return found
