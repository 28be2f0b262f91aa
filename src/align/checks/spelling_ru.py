"""Spelling of the Russian source: non-words, with a correction where one is clear, else a flag.

The Russian is the source, so these findings help a translator spot OCR errors and typos; they
are never recorded as proposals. Russian is highly inflected, so a word is known if any of
three packages knows it: pymorphy3's OpenCorpora dictionary (every inflected form of ~400k
lemmas, ё/е tolerant), wordfreq 'ru' (any attested frequency) or pyspellchecker's Russian
list. Tuned on Anna Karenina (OPUS, val.ru) for precision:
- Latin-script words, all-caps abbreviations, short words before a full stop ("гл.", "тов."),
  words under 3 letters ("т. е.", "г.") and words the text uses more than twice are skipped;
- an unknown lowercase word is reported only when it has a near word (one edit) that is
  frequent (wordfreq zipf >= 2.5), and is not an affixed form or compound of known words nor
  derived from a name of the text ("левинском"); with one clear candidate (10x more frequent
  than the next, those keeping the first letter preferred) it is the replacement, else the
  word is only flagged;
- capitalised words are names unless their lowercase form is known: one written once is
  corrected only toward a name the document writes at least twice, not another case of it
  ("Троцкй" -> "Троцкий", but "Зорину" beside "Зорина" is left alone).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import pymorphy3
from spellchecker import SpellChecker
from wordfreq import zipf_frequency

from align.checks.model import CheckInput, Finding, Word
from align.checks.spelling import clearest
from align.translit import RU_ENDINGS

ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
CANDIDATE_MIN_ZIPF = 2.5  # a correction must be a common word (about 3 per million words)
NAME_MIN_COUNT = 2  # a name the correction points to is written at least this often
ABBREV_MAX_LEN = 4  # "гл.", "тов.", "проф." are abbreviations, not words
_CYRILLIC = re.compile(r"[а-яё]+", re.IGNORECASE)
_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_BROKEN_BEFORE = re.compile(r"[^\W\d_]-+\s?$")  # "улыб-- |нуться": the word goes on after a hyphen
# Prefixes that make new words from known ones; a compound's parts are joined by о/е.
_PREFIXES = ("не", "ни", "полу", "пол", "пре", "пере", "недо", "без", "бес", "раз", "рас", "по", "при", "за",
             "сверх", "анти", "само", "все", "двух", "трех", "трёх", "четырех", "четырёх", "вы", "до", "из", "ис",
             "на", "об", "от", "под", "про", "с", "у")


@lru_cache(maxsize=1)
def morph() -> pymorphy3.MorphAnalyzer:
    """pymorphy3 with its Russian dictionary (pymorphy3-dicts-ru)."""
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=1)
def speller() -> SpellChecker:
    """pyspellchecker's Russian list (small: ~20k words, common forms only)."""
    return SpellChecker(language="ru", distance=1)


@lru_cache(maxsize=300_000)
def zipf(word: str) -> float:
    return zipf_frequency(word, "ru")


@lru_cache(maxsize=300_000)
def is_known(word: str) -> bool:
    """Known in some inflected form: pymorphy3 (ё/е tolerant), wordfreq, or pyspellchecker."""
    w = word.lower()
    if zipf(w) > 0 or w in speller() or morph().word_is_known(w):
        return True
    return "ё" in w and is_known(w.replace("ё", "е"))


def _is_solid(word: str) -> bool:
    """In pymorphy3's dictionary or common in wordfreq (which also attests junk such as "рво")."""
    return morph().word_is_known(word) or zipf(word) >= CANDIDATE_MIN_ZIPF


def _is_formation(word: str) -> bool:
    """A prefixed form or a compound of known words ("полушуточно", "человекобог")."""
    if any(word.startswith(p) and len(word) - len(p) >= 4 and _is_solid(word[len(p) :]) for p in _PREFIXES):
        return True
    return any(word[i - 1] in "ое" and (_is_solid(word[:i]) or _is_solid(word[: i - 1])) and _is_solid(word[i:])
               for i in range(4, len(word) - 2))


def _edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away (Cyrillic letters)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
            | {a + c + b for a, b in splits for c in ALPHABET})


@lru_cache(maxsize=50_000)
def _near_common(word: str) -> tuple[str, ...]:
    """Frequent known words one edit from `word`, most frequent first."""
    cands = (c for c in _edits1(word) if c != word and zipf(c) >= CANDIDATE_MIN_ZIPF)
    return tuple(sorted(cands, key=zipf, reverse=True))


def _is_ending(s: str) -> bool:
    """A case ending, or none: two forms of one unknown name that differ only there are two cases of it."""
    return not s or s in RU_ENDINGS


def _inflected_pair(a: str, b: str) -> bool:
    """Whether two (lowercase) words are plausibly two cases of one name."""
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    if any(_is_ending(a[i:]) and _is_ending(b[i:]) for i in range(3, p + 1)):
        return True
    return any(a in {f.word for f in parse.lexeme} for parse in morph().parse(b) if parse.is_known)


def check(inp: CheckInput) -> list[Finding]:
    """Unknown words of the Russian text: a correction one edit away where clear, else a flag."""
    text = inp.text
    compounds = {m.start(): m.group() for m in _HYPHENATED.finditer(text)}
    names = {w.lower() for w in inp.capitalised}
    names |= {w.lower() for e in inp.glossary.entries for w in _CYRILLIC.findall(e.ru)}
    counts = Counter(w.text.lower() for w in inp.words)
    out: list[Finding] = []
    for w in inp.words:
        word = w.text
        if len(word) < 3 or not _CYRILLIC.fullmatch(word) or word.isupper() or counts[word.lower()] > 2:
            continue
        if is_known(word) or _in_compound(text, w, compounds) or _is_abbreviation(text, w):
            continue
        low = word.lower()
        if word[0].isupper():
            if inp.word_counts[word] > 1:  # a typo of a name is made once; a second time it is a name
                continue
            finding = _name_variant(inp, w)
            if finding is None and w.sentence_initial and low not in names:
                finding = _non_word(inp, w, low)
        elif not any(low.startswith(n) for n in names if len(n) >= 4):  # "левинском" from "Левин"
            finding = _non_word(inp, w, low)
        else:
            finding = None
        if finding is not None:
            out.append(finding)
    return out


def _in_compound(text: str, w: Word, compounds: dict[int, str]) -> bool:
    """A part of a hyphenated word that is not its last ("ивановско-штраусовско-ренановское"), or of one
    known as a whole or without its hyphens ("по-русски", "серо-зелёные")."""
    if text[w.end : w.end + 1] == "-" and text[w.end + 1 : w.end + 2].isalpha():
        return True
    start = w.start
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "-" and text[start - 2 : start - 1].isalpha()):
        start -= 1
    compound = compounds.get(start)
    return compound is not None and (is_known(compound) or is_known(compound.replace("-", "")))


def _is_abbreviation(text: str, w: Word) -> bool:
    return len(w.text) <= ABBREV_MAX_LEN and text[w.end : w.end + 1] == "."


def _non_word(inp: CheckInput, w: Word, low: str) -> Finding | None:
    """A lowercase (or sentence-initial) unknown word that is one edit from a common word."""
    if _is_formation(low):
        return None
    cands = list(_near_common(low))
    if not cands:
        return None
    # Typos rarely touch the first letter ("рволюции": "революции", not "эволюции"), and a
    # piece of a word broken by a hyphen ("улыб-- нуться") has no one-word correction.
    first = [c for c in cands if c[0] == low[0]] or cands
    broken = bool(_BROKEN_BEFORE.search(inp.text, max(0, w.start - 5), w.start)) or \
        inp.text[w.end : w.end + 1] == "-"
    best = None if broken else clearest(first, zipf)
    if best is None:
        return inp.finding(w.start, w.end, None, "spelling", "spelling.ru-non-word",
                           f"'{w.text}' is not a Russian word; perhaps {', '.join(cands[:3])}", 0.4)
    if best == low[1:] and low[0] in "вкс":  # a preposition run into its noun: "вдверях" is "в дверях"
        best = f"{low[0]} {best}"
    repl = best.capitalize() if w.text[0].isupper() else best
    return inp.finding(w.start, w.end, repl, "spelling", "spelling.ru-non-word",
                       f"'{w.text}' is not a Russian word; '{repl}'?", 0.6)


def _name_variant(inp: CheckInput, w: Word) -> Finding | None:
    """A capitalised unknown word one edit from a name the document writes often; not when the
    document also writes it in another case ("Песцова" beside "Песцов", near "Певцова")."""
    low = w.text.lower()
    forms = {f.lower(): f for f, n in inp.capitalised.items() if n >= NAME_MIN_COUNT}
    cands = [c for c in _edits1(low) if c in forms and not _inflected_pair(low, c)]
    if len(cands) != 1 or any(_inflected_pair(low, f.lower()) for f in inp.capitalised if f != w.text):
        return None
    repl = forms[cands[0]]
    return inp.finding(w.start, w.end, repl, "spelling", "spelling.ru-name-variant",
                       f"'{w.text}' is unknown; the text writes '{repl}' {inp.capitalised[repl]} times", 0.6)
