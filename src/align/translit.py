"""Transliteration and spelling-neutral text keys, shared by the aligner and the checks.

One place for what decides whether two written forms are "the same" across scripts and
transliteration habits:
- `latin`: a word in lowercase Latin letters (Cyrillic through an iuliia scheme, accents dropped);
- `spelling_key`: the key two spellings of one word share (Trotsky, Trotskii and Троцкий);
- `ru_stems` and `name_keys`: a Russian name's keys in several schemes, with and without its
  case ending (Путиловского gives the keys of Putilovskogo and of Putilov);
- `rendering_pairs` and `rendering_distance`: how far apart two Latin renderings of a name are when
  the letter groups transliterations disagree on (y/i/j, kh/h, ts/tz/c, -iy/-y…) cost little, derived
  from iuliia's schemes and older English and German habits; `skeleton`, `skeletons` and
  `group_by_skeletons`: coarse keys that near renderings share, to find them by;
- `roman_value`, `to_roman` and `numbers`: the numbers a text writes with digits or Roman numerals.
The aligner (`alignment.anchors`) matches words and numbers of two texts with these; the checks
(`checks.names`, `checks.source`, `checks.typography`) compare names and numbers with them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import iuliia
from rapidfuzz.distance import Levenshtein

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
RU_CAPITALISED = re.compile(r"[А-ЯЁ][а-яё]+")  # a capitalised Russian word (a name, or a sentence's first word)
_RUN = re.compile(r"(.)\1+")  # a letter written twice or more in a row

# Schemes whose outputs differ where English renderings of Russian names differ
# (Zinovyev / Zinovev, Trotsky / Trotskii, Yevseevich / Evseevich).
SCHEMES = (iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.MOSMETRO, iuliia.ICAO_DOC_9303)


def latin(word: str, scheme: iuliia.Schema = iuliia.WIKIPEDIA) -> str:
    """The word in lowercase Latin letters: Cyrillic transliterated by `scheme` (the signs some
    schemes write for ь and ъ dropped), accents removed (Zürich → zurich)."""
    w = word.lower()
    if w.isascii():  # nothing to transliterate or strip (most words of an English text)
        return w
    if _CYRILLIC.search(w):
        w = unicodedata.normalize("NFKD", scheme.translate(w).lower())
        return "".join(c for c in w if c.isascii() and c.isalpha())
    return "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))


def _once(word: str) -> str:
    """The word with each run of one letter written once (kitty → kity); a callable replacement,
    which Python 3.11 runs about three times faster than the template r"\\1"."""
    return _RUN.sub(lambda m: m[1], word)


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
    return _folded(latin(word))


def _folded(w: str) -> str:
    """The `spelling_key` of a word in `latin` letters."""
    w = w.replace("ß", "ss").replace("tch", "ch").replace("ch", "\x01").replace("c", "k").replace("\x01", "ch")
    w = w.replace("y", "i").replace("w", "v").replace("ph", "f").replace("q", "k")
    w = _once(w).replace("ks", "x")
    if len(w) > 3 and w[0] == "i" and w[1] in "aeou":
        w = w[1:]
    return w


# Older English and German renderings of Russian names that no iuliia scheme writes: w for в
# (Tschaikowsky), tsch/tch for ч (Tschaikowsky, Tchaikovsky), sch for ш (Puschkin, Bolschewik),
# -off/-eff for -ов/-ев (Romanoff, Turgeneff), -ski for -ский (Dostoevski), tz for ц (Kuznetz),
# c for к in Latinate cognates (Comintern/Komintern, Constantine/Konstantin), x for кс (Alexander);
# cf. the BGN/PCGN notes and Wikipedia "Romanization of Russian" (older and German systems).
OLDER_RENDERINGS = (
    ("w", "v"), ("tsch", "ch"), ("tch", "ch"), ("tsch", "tch"), ("sch", "sh"), ("off", "ov"), ("eff", "ev"),
    ("ski", "sky"), ("tz", "ts"), ("tz", "z"), ("c", "k"), ("x", "ks"), ("ph", "f"),
)
# Units whose renderings differ between schemes: every letter (not ё, which Russian prints as е and
# some schemes leave untransliterated), and the pairs schemes treat as one.
_RU_UNITS = (*"абвгдежзийклмнопрстуфхцчшщъыьэюя", "ий", "ый", "ия", "ья", "ье", "ьи", "ью", "кс", "ие")
# Each unit is rendered at a word's start, between vowels, after a consonant, and at its end.
_CONTEXTS = (("", "ма"), ("ма", "ма"), ("мам", "ма"), ("ма", ""), ("мам", ""))
RENDERING_COST = 0.3  # one letter group for another that renders the same Cyrillic
EDIT_COST = 1.0  # a letter inserted, dropped or changed


def _english_letter_schemes() -> list[iuliia.Schema]:
    """iuliia's schemes that write ч, ш, ж, щ in plain letters, as English does (not č, ž: without
    their accents ch and c would look alike), and are for English readers (not MVD_310_FR, which
    writes ш as ch, nor UZ, the Uzbek one, which writes ц as s)."""
    out = []
    for name in dir(iuliia):
        scheme = getattr(iuliia, name)
        if name.isupper() and hasattr(scheme, "translate") and name not in ("MVD_310_FR", "UZ"):
            if scheme.translate("чшжщ").isascii():
                out.append(scheme)
    return out


@lru_cache(maxsize=1)
def rendering_pairs() -> frozenset[tuple[str, str]]:
    """Pairs of Latin letter groups that render one Cyrillic unit in different schemes (zh and j for
    ж, kh and h for х, ya, ia and ja for я, iy, ii and y for -ий…), both orders, with the older
    renderings added."""
    pairs: set[tuple[str, str]] = set()
    schemes = _english_letter_schemes()
    for unit in _RU_UNITS:
        for pre, post in _CONTEXTS:
            outputs = set()
            for scheme in schemes:
                whole, head = latin(pre + unit + post, scheme), latin(pre, scheme) if pre else ""
                tail = latin(post, scheme) if post else ""
                if whole.startswith(head) and whole.endswith(tail) and len(whole) > len(head) + len(tail):
                    outputs.add(whole[len(head) : len(whole) - len(tail)])
            pairs |= set(combinations(sorted(outputs), 2))
    pairs |= set(OLDER_RENDERINGS)
    return frozenset(pairs | {(b, a) for a, b in pairs})


@lru_cache(maxsize=1)
def _pairs_by_end() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """`rendering_pairs` indexed by the last letters of both groups, for the distance's inner loop."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for a, b in rendering_pairs():
        out.setdefault((a[-1], b[-1]), []).append((a, b))
    return out


@lru_cache(maxsize=1)
def _groups() -> frozenset[str]:
    """The letter groups of `rendering_pairs` longer than two letters (tsch, shch, off…)."""
    return frozenset(x for x, _ in rendering_pairs() if len(x) > 2)


@lru_cache(maxsize=1)
def _one_sided_letters() -> dict[int, None]:
    """A `str.translate` table dropping each letter that some pair of `rendering_pairs` writes on one
    side only (c, f, h, i, j, k, p, s, t, v, w, x, y, z; not the o of off and ov)."""
    return dict.fromkeys(map(ord, set().union(*(set(x) ^ set(y) for x, y in rendering_pairs()))))


def _unrendered(word: str) -> str:
    """What no rendering changes in a word: its letters but `_one_sided_letters` (vowels a, e, o, u and
    b, d, g, l, m, n, q, r, and letters outside English), each run once. The two groups of each pair
    leave the same, so two spellings a rendering or a doubled letter apart (`rendering_distance`) give
    the same (Dostoyevskiy and Dostoevsky "doe")."""
    return _once(word.translate(_one_sided_letters()))


@lru_cache(maxsize=200_000)
def rendering_distance(a: str, b: str, limit: float = math.inf) -> float:
    """Edit distance between two Latin spellings (lowercase) where a letter group for another that
    renders the same Cyrillic (`rendering_pairs`) or a doubled letter for a single one costs
    RENDERING_COST, any other letter inserted, dropped or changed EDIT_COST
    (dostoyevskiy–dostoevsky 0.6, nitzsche–nietzsche 1.0, petrov–ivanov 4.0).

    With a `limit`, a distance above it is given as infinity, found as soon as it is sure: no step
    consumes more letters of `a` than its longest letter group of `rendering_pairs` (or two, for a
    doubled letter), so every alignment passes through each run of that many rows of the table, and
    costs only add up; once every cell of such a run exceeds the limit, so does the distance.
    Distances within the limit are exact, as without one. Below EDIT_COST + RENDERING_COST, two
    spellings with different `_unrendered` letters are one plain edit apart or over the limit."""
    if limit < EDIT_COST + RENDERING_COST and _unrendered(a) != _unrendered(b):
        # exact: only a plain edit changes `_unrendered`, and within this limit nothing else fits beside it
        return EDIT_COST if EDIT_COST <= limit and Levenshtein.distance(a, b, score_cutoff=1) == 1 else math.inf
    by_end = _pairs_by_end()
    window = max((len(x) for x in _groups() if x in a), default=2)
    prev_rows: list[list[float]] = []
    row = [j * EDIT_COST for j in range(len(b) + 1)]
    over = 0  # consecutive rows, up to the last one filled, whose every cell exceeds the limit
    for i in range(1, len(a) + 1):
        over = over + 1 if min(row) > limit else 0
        if over >= window:
            return math.inf
        prev_rows.append(row)
        cur = [i * EDIT_COST] + [0.0] * len(b)
        for j in range(1, len(b) + 1):
            best = min(row[j] + EDIT_COST, cur[j - 1] + EDIT_COST,
                       row[j - 1] + (0.0 if a[i - 1] == b[j - 1] else EDIT_COST))
            if i > 1 and a[i - 1] == a[i - 2] and a[i - 1] == b[j - 1]:
                best = min(best, prev_rows[i - 2][j - 1] + RENDERING_COST)  # aa for a
            if j > 1 and b[j - 1] == b[j - 2] and a[i - 1] == b[j - 1]:
                best = min(best, row[j - 2] + RENDERING_COST)
            for x, y in by_end.get((a[i - 1], b[j - 1]), ()):
                if len(x) <= i and len(y) <= j and a.endswith(x, 0, i) and b.endswith(y, 0, j):
                    rows_back = prev_rows[i - len(x)] if len(x) <= len(prev_rows) else None
                    if rows_back is not None:
                        best = min(best, rows_back[j - len(y)] + RENDERING_COST)
            cur[j] = best
        row = cur
    return row[len(b)] if row[len(b)] <= limit else math.inf


def _merged(key: str) -> str:
    """A `spelling_key` with the letter groups of `skeleton` merged: tsch as ch, tz as ts, j as i."""
    return key.replace("tsch", "ch").replace("tz", "ts").replace("j", "i")


def _consonants(w: str) -> str:
    """The first letter and the consonants but h, each run of one letter once."""
    return _once(w[0] + "".join(c for c in w[1:] if c not in "aeiouh")) if w else ""


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """A coarse key that renderings of one name share (an index to find candidates, never a verdict):
    `spelling_key`, then tsch as ch, tz as ts and j as i, then the first letter and the consonants but h,
    each run of one letter once (Dostoyevskiy and Dostoevsky give dstvsk)."""
    return _consonants(_merged(spelling_key(word)))


@lru_cache(maxsize=200_000)
def skeletons(word: str) -> tuple[str, ...]:
    """The word's `skeleton` and, where it merged a letter group, its skeleton with the groups as
    written: a slip inside a group (Nietsche for Nietzsche) changes the merged key a lot ("nc",
    "ntsc") and the letters as written by one letter ("ntsc", "ntzsc")."""
    return _skeletons_of_key(spelling_key(word))


def _skeletons_of_key(key: str) -> tuple[str, ...]:
    """The `skeletons` of a word with this `spelling_key`."""
    merged = _merged(key)
    return (_consonants(merged), _consonants(key)) if merged != key else (_consonants(key),)


def group_by_skeletons(words: Iterable[str]) -> dict[str, list[str]]:
    """The words under each of their `skeletons`, worked out without the caches of `spelling_key` and
    `skeletons`: a long word list indexed once would crowd a text's words out of them."""
    groups: dict[str, list[str]] = defaultdict(list)
    for word in words:
        for sk in _skeletons_of_key(_folded(latin(word))):
            groups[sk].append(word)
    return dict(groups)


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
