"""Spelling in context: non-words, and real words that do not fit where a near word does.

Evidence comes from packages, loaded once per process: pyspellchecker's English word list
(and its edit-distance-1 candidates), wordfreq's unigram frequencies, and symspellpy's
English unigram and bigram counts (Google Books; bigrams only above 6.4 million, so a
pair's absence says little about a rare word). Names and terms are not misspellings:
capitalised words are left to the names check, and lowercase words the document or
glossary also writes capitalised are skipped, and so are "words" over MAX_WORD_LETTERS letters
(no English word is that long; looking at them would take time quadratic in their length).
Tuned on published novels for precision:
- a non-word is reported only with a correction one edit away, never when it is foreign
  (non-ASCII), an inflection or compound of known words, or used more than twice;
- a real-word error needs a rare written word whose neighbouring pairs are unseen, a
  candidate 300x more frequent seen with both neighbours, and a strong collocation on
  one side (pointwise mutual information >= 10^3.2, "several times" but not "the person").
"""

from __future__ import annotations

import importlib.resources
import math
from collections.abc import Callable
from functools import lru_cache

from spellchecker import SpellChecker
from wordfreq import zipf_frequency

from align.checks.model import CheckInput, Finding

MAX_WORD_LETTERS = 40  # longer "words" (a URL, a run of letters) are no typos; their candidates cost O(length²)
NONWORD_MAX_ZIPF = 1.0  # wordfreq knows many rare words and names; below this it is unattested
REALWORD_MAX_ZIPF = 3.0  # only rare words are suspected of being typos of common ones
REALWORD_MIN_GAIN = 2.5  # the candidate must be ~300x more frequent (zipf is log10)
REALWORD_MIN_PMI = 3.2  # log10 association of the candidate with a neighbour
_SUFFIXES = ("s", "es", "ings", "ing", "ed", "d", "er", "ers", "est", "ly", "ness", "ment", "ments", "ful",
             "less", "like", "age", "th", "eth", "est")
_PREFIXES = ("un", "re", "in", "dis", "over", "out", "be", "non", "under", "fore")


@lru_cache(maxsize=1)
def speller() -> SpellChecker:
    """pyspellchecker's English list with edit distance 1 (distance 2 is slow on long words)."""
    return SpellChecker(language="en", distance=1)


@lru_cache(maxsize=1)
def bigrams() -> dict[tuple[str, str], int]:
    """symspellpy's English bigram counts, keyed (first, second)."""
    path = importlib.resources.files("symspellpy") / "frequency_bigramdictionary_en_243_342.txt"
    counts: dict[tuple[str, str], int] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            a, b, n = line.split()
            counts[(a, b)] = int(n)
    return counts


@lru_cache(maxsize=1)
def unigrams() -> tuple[dict[str, int], int]:
    """symspellpy's English unigram counts (same corpus as the bigrams) and their total."""
    path = importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    counts: dict[str, int] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            word, n = line.split()
            counts[word] = int(n)
    return counts, sum(counts.values())


def association(a: str, b: str) -> float:
    """log10 pointwise mutual information of the pair (a, b); -inf when unseen."""
    pair = bigrams().get((a, b))
    counts, total = unigrams()
    if not pair or a not in counts or b not in counts:
        return float("-inf")
    return math.log10(pair * total / (counts[a] * counts[b]))


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    return zipf_frequency(word, "en")


def _norm(word: str) -> str:
    return word.replace("’", "'").lower()


def is_word(word: str) -> bool:
    """Known to the English list or attested in wordfreq (possessive 's stripped)."""
    w = _norm(word)
    if w.endswith("'s"):
        w = w[:-2]
    return w in speller() or zipf(w) >= NONWORD_MAX_ZIPF


def _is_formation(word: str) -> bool:
    """An inflection, affixed form, British -ise spelling or compound of known words ("chidings", "windowseat")."""
    if "is" in word and is_word(word.replace("is", "iz")):
        return True
    if any(word.endswith(x) and len(word) - len(x) >= 3 and is_word(word[: -len(x)]) for x in _SUFFIXES):
        return True
    if any(word.startswith(x) and is_word(word[len(x) :]) for x in _PREFIXES):
        return True
    return any(is_word(word[:i]) and is_word(word[i:]) for i in range(3, len(word) - 2))


@lru_cache(maxsize=50_000)
def _near_common(word: str) -> tuple[str, ...]:
    """Known words one edit from `word` that are far more frequent than it."""
    floor = zipf(word) + REALWORD_MIN_GAIN
    cands = speller().known(speller().edit_distance_1(word))
    return tuple(sorted((c for c in cands if c != word and zipf(c) >= floor), key=zipf, reverse=True))


def check(inp: CheckInput) -> list[Finding]:
    """Non-words and real-word errors among the lowercase words of the text."""
    names = {n.lower() for n in inp.capitalised} | {g.lower() for g in inp.glossary_words}
    words = inp.words
    out: list[Finding] = []
    for i, w in enumerate(words):
        if not w.text.islower() or not 3 <= len(w.text) <= MAX_WORD_LETTERS or _norm(w.text) in names:
            continue
        prev = _neighbour(inp, i, -1)
        nxt = _neighbour(inp, i, 1)
        if not is_word(w.text):
            if inp.word_counts[w.text] > 2 or not w.text.isascii() or _is_formation(_norm(w.text)):
                continue
            best = _best_in_context(sorted(speller().candidates(_norm(w.text)) or (), key=zipf, reverse=True),
                                    prev, nxt)
            if best and best != _norm(w.text):
                out.append(inp.finding(w.start, w.end, best, "spelling", "spelling.non-word",
                                       f"'{w.text}' is not an English word; '{best}'?", 0.7))
            continue
        low = _norm(w.text)
        if zipf(low) > REALWORD_MAX_ZIPF or prev is None or nxt is None:
            continue
        big = bigrams()
        if (prev, low) in big or (low, nxt) in big:
            continue
        for cand in _near_common(low):
            if (prev, cand) in big and (cand, nxt) in big and \
                    max(association(prev, cand), association(cand, nxt)) >= REALWORD_MIN_PMI:
                out.append(inp.finding(w.start, w.end, cand, "spelling", "spelling.real-word",
                                       f"'{prev} {w.text} {nxt}' is unlikely; '{prev} {cand} {nxt}'?", 0.7))
                break
    return out


def _neighbour(inp: CheckInput, i: int, step: int) -> str | None:
    """The adjacent word in the same sentence (only a space between), normalised, else None."""
    w = inp.neighbour(i, step)
    return _norm(w.text) if w else None


def _best_in_context(cands: list[str], prev: str | None, nxt: str | None) -> str | None:
    """The candidate seen next to its neighbours, else the single clear most frequent one."""
    if not cands:
        return None
    big = bigrams()
    seen = [c for c in cands if (prev, c) in big or (c, nxt) in big]
    if seen:
        return seen[0]
    return clearest(cands, zipf)


def clearest(cands: list[str], freq: Callable[[str], float]) -> str | None:
    """The only candidate, or the most frequent when it is 10x (1 zipf) ahead of the next; cands sorted by freq."""
    if not cands:
        return None
    if len(cands) == 1 or freq(cands[0]) >= freq(cands[1]) + 1.0:
        return cands[0]
    return None
