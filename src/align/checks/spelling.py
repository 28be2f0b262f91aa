"""Spelling: non-words (a real word that does not fit its neighbours is `align.checks.context`'s).

Evidence comes from packages, loaded once per process: two English word lists (pyspellchecker's,
American, and symspellpy's, also British), wordfreq's unigram frequencies (English, and its small
French, German, Italian and Spanish lists), and symspellpy's English unigram and bigram counts
(Google Books; a selection of frequent pairs, so a pair's absence says little about a rare word).
Names and terms are not misspellings: capitalised words are left to the names check, lowercase
words the document or glossary also writes capitalised are skipped, and so are "words" over
MAX_WORD_LETTERS letters (no English word is that long; looking at them would take time
quadratic in their length).

A non-word is a lowercase word in neither list (a possessive or contracted ending stripped).
wordfreq cannot decide it alone: it also counts the web's misspellings ("thier" 3.0, "recieve"
2.8 zipf), so a string it has seen is only an attested non-word (one it writes more than ~3 times
per million words, "tis", is English). The correction is read as a noisy channel (Kernighan,
Church & Gale 1990; Brill & Moore 2000): among the listed words one slip away (Damerau 1964: a
letter dropped, added or changed, or two adjacent letters swapped), else those only doubled letters
apart ("acomodate", "tommorow": a speller unsure of the doubles gets them wrong together), the one with
the highest log P(word) + log P(slip) + its fit beside its neighbours (each bigram's association,
capped; an unseen pair backs off). The slips people make most (Kukich 1992) cost less: a letter
dropped or doubled, two swapped, a key beside the right one, a vowel for a vowel; a wrong first
letter costs more. Tuned on published novels (the evaluation's dev split) for precision:
- a correction must explain the slip (P(word) x P(slip) above PLAUSIBLE: a slip of a rare word is
  no explanation of "paroquets"); one 10x likelier than the next is proposed, else the word is
  flagged; an attested non-word is corrected only when the correction is clear and 1000x more
  frequent than it, or 30x likelier in its place than the string itself, and never flagged;
- never reported: a word used more than twice or non-ASCII; an inflection, affixed form, British
  spelling or compound of listed words as English spells them ("chidings", "almondy", "lovest";
  but not "askd", "dieed", "hoding", "occured"); a foreign word not between two English ones,
  or any word beside a foreign one ("la consigne", "a priori").
"""

from __future__ import annotations

import importlib.resources
import math
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from itertools import combinations, groupby

from spellchecker import SpellChecker
from wordfreq import zipf_frequency

from align.checks.model import CheckInput, Finding

MAX_WORD_LETTERS = 40  # longer "words" (a URL, a run of letters) are no typos; their candidates cost O(length²)
ATTESTED_ZIPF = 1.0  # wordfreq knows many rare words and names; below this it is unattested
WELL_ATTESTED_ZIPF = 3.0  # a common word (once per million words), in English or another language
ENGLISH_ZIPF = 3.5  # a string this common is English whatever the lists say ("tis"); the web's misspellings are
# rarer ("teh" 3.0, "thier" 3.0, "recieve" 2.8)
# An attested non-word needs a correction 1000x more frequent than it, or one 30x likelier in its
# place (slip and neighbours counted) than the string itself is there.
ATTESTED_MIN_GAIN = 3.0
ATTESTED_MARGIN = 1.5
CLEAR_MARGIN = 1.0  # log10: the best correction is 10x more likely than the next, else only a flag
PLAUSIBLE = 0.5  # log10 P(word) x P(slip) of a correction: a slip of a rare word is no explanation
BACKOFF = 0.4  # stupid backoff (Brants et al. 2007): an unseen pair scores 0.4 x the word's own probability
FIT_CAP = 2.0  # log10: what one neighbour may add to a correction's likelihood
# log10 P(typed | meant) of one slip (Damerau 1964, Kukich 1992): a letter dropped, two swapped,
# one doubled or a key beside it typed too, a vowel for a vowel or a key beside the right one are
# the common slips; another letter added or changed is rarer, and a wrong first letter rarer still.
SLIP_COMMON = -2.0
SLIP_OTHER = -3.0
SLIP_FIRST_LETTER = -1.0
# A speller unsure of a word's doubled letters gets them wrong together ("acomodate", "tommorow"):
# Brill & Moore (2000) learn such edits as one; each double after the first costs a little more.
SLIP_ANOTHER_DOUBLE = -0.5
MAX_DOUBLE_SLIPS = 3
MAX_DOUBLES_LETTERS = 18  # longer words are not searched so (the search grows with the cube of the length)
_VOWELS = frozenset("aeiou")
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_OTHER_LANGUAGES = ("fr", "de", "it", "es")  # the languages a translated novel quotes most
_SUFFIXES = ("s", "es", "ings", "ing", "ed", "d", "er", "ers", "est", "ly", "ness", "ment", "ments", "ful",
             "less", "like", "age", "th", "eth", "st", "y")
_KEEP_Y = ("s", "y", "ing", "ings", "age")  # suffixes after which a -y stays ("flying"), else -i- ("flies")
_CLITICS = ("'s", "n't", "'d", "'ll", "'ve", "'re", "'m")  # "Levin's", "daren't", "who'd"
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


@lru_cache(maxsize=1)
def _lists() -> tuple[Mapping[str, int], Mapping[str, int]]:
    return speller().word_frequency.dictionary, unigrams()[0]


def known(word: str) -> bool:
    """In an English word list: pyspellchecker's (American) or symspellpy's (also British)."""
    american, british = _lists()
    return word in american or word in british


def _short(stem: str) -> bool:
    """One syllable ending in one vowel and one consonant ("hop", "sad"): English doubles that
    consonant before a vowel suffix ("hopping")."""
    return len(re.findall(r"[aeiouy]+", stem)) == 1 and bool(re.search(r"(?:^|[^aeiou])[aeiou][^aeiouwxy]$", stem))


def _stem_takes(stem: str, suffix: str) -> bool:
    """Whether a stem forms the word with the suffix as English spells it: a listed stem (or its -y
    written -i after a consonant: "tawnies", "holies"); -s not after a hiss, -es after one or -o;
    -d, -st, -th after a silent e ("chided", "lovest", "loveth"); a vowel suffix (or -y: "almondy")
    drops that e and doubles the consonant of a short stem ("hoping", "hopping": so "askd", "dieed",
    "hoding" are no formations of "ask", "die", "hod"). Where the rule depends on stress or has
    exceptions, a listed word spelt the other way wins ("occurred", "truly", "argument": so
    "occured", "truely", "arguement" are none)."""
    if len(stem) < 3:
        return False
    if len(stem) > 3 and stem.endswith("i") and stem[-2] not in _VOWELS and suffix not in _KEEP_Y:
        return known(stem[:-1] + "y")
    if not known(stem):
        return False
    hiss = stem.endswith(("s", "x", "z", "ch", "sh"))
    if suffix == "s":
        return not hiss
    if suffix == "es":
        return hiss or stem.endswith("o")
    if suffix in ("d", "st", "th"):
        return stem.endswith("e")
    if suffix[0] in "aeiouy":
        if stem.endswith(("e", "y")) and not stem.endswith(("ee", "oe", "ye")) or _short(stem):
            return False
        return not (re.search(r"[aeiou][^aeiouwxy]$", stem) and known(stem + stem[-1] + suffix))
    return not (stem.endswith("e") and known(stem[:-1] + suffix)
                or re.search(r"[^aeiou]y$", stem) and known(stem[:-1] + "i" + suffix))


@lru_cache(maxsize=20_000)
def _is_formation(word: str) -> bool:
    """An inflection, affixed form (the rest no foreign word: "distres" is no dis + tres), British
    -ise spelling or compound of two common listed words ("chidings", "unbespoke", "windowseat")."""
    if "is" in word and known(word.replace("is", "iz")):
        return True
    if any(word.endswith(x) and _stem_takes(word[: -len(x)], x) for x in _SUFFIXES):
        return True
    if any(word.startswith(x) and known(word[len(x) :]) and not foreign(word[len(x) :]) for x in _PREFIXES):
        return True
    # a compound's seam is no doubled letter: "rememberring" is a slip, not remember + ring
    return any(word[i - 1] != word[i] and _common(word[:i]) and _common(word[i:]) for i in range(4, len(word) - 3))


def _common(word: str) -> bool:
    return known(word) and zipf(word) >= WELL_ATTESTED_ZIPF


@lru_cache(maxsize=20_000)
def foreign(word: str) -> bool:
    """A word of French, German, Italian or Spanish (wordfreq's small lists) more than of English:
    10x more frequent there, 100x for a word of the English lists ("les", not "porter")."""
    other = max(zipf_frequency(word, lang, wordlist="small") for lang in _OTHER_LANGUAGES)
    return other >= WELL_ATTESTED_ZIPF and other >= zipf(word) + (2.0 if known(word) else 1.0)


def _without_clitic(word: str) -> str:
    """The word without a possessive or contracted ending ("daren't" -> "dare")."""
    return next((word[: -len(c)] for c in _CLITICS if word.endswith(c) and len(word) > len(c) + 1), word)


def english(word: str) -> bool:
    """Not foreign, and listed, common, or formed from listed words (possessive 's stripped)."""
    stem = _without_clitic(word)
    return not foreign(stem) and (known(stem) or zipf(stem) >= WELL_ATTESTED_ZIPF or _is_formation(stem))


def _in_foreign_phrase(inp: CheckInput, i: int, stem: str) -> bool:
    """Whether words[i] is in a foreign phrase: a lowercase word beside it in its sentence is no
    English word ("la consigne"), or it is itself a foreign word not between two English ones
    ("a priori,", but not "consider it morde honourable")."""
    words = inp.words
    beside = ([words[i - 1]] if i and not words[i].sentence_initial else []) + \
        ([words[i + 1]] if i + 1 < len(words) and not words[i + 1].sentence_initial else [])
    if any(w.text.islower() and not english(_norm(w.text)) for w in beside):
        return True
    return foreign(stem) and not (len(beside) == 2 and all(w.text.islower() for w in beside))


@lru_cache(maxsize=1)
def keys_near() -> dict[str, str]:
    """The letters around each on a QWERTY keyboard: beside it, and the two touching it in the rows
    above and below (the rows are staggered by half a key)."""
    near: dict[str, str] = {}
    for r, row in enumerate(_KEY_ROWS):
        for i, c in enumerate(row):
            keys = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            if r > 0:
                keys += [_KEY_ROWS[r - 1][j] for j in (i, i + 1) if j < len(_KEY_ROWS[r - 1])]
            if r < 2:
                keys += [_KEY_ROWS[r + 1][j] for j in (i - 1, i) if 0 <= j < len(_KEY_ROWS[r + 1])]
            near[c] = "".join(keys)
    return near


def _near(a: str, b: str) -> bool:
    """Whether one letter is easily typed or spelt for the other: a key beside it, or a vowel for a vowel."""
    return b in keys_near().get(a, "") or a in _VOWELS and b in _VOWELS


@lru_cache(maxsize=20_000)
def _meant(typed: str) -> tuple[tuple[str, float], ...]:
    """The listed words one slip from `typed` (Damerau: a letter added, dropped or changed, or two
    adjacent letters swapped), else those only doubled letters apart ("tommorow", "acomodate"),
    each with log10 P(those slips), the likelier first."""
    out: dict[str, float] = {}

    def add(word: str, common: bool, at: int) -> None:
        cost = (SLIP_COMMON if common else SLIP_OTHER) + (SLIP_FIRST_LETTER if at == 0 else 0.0)
        if word != typed and known(word) and cost > out.get(word, -99.0):
            out[word] = cost

    n = len(typed)
    for i in range(n):
        around = typed[i - 1 : i] + typed[i + 1 : i + 2]
        # a letter added: doubled, or a key beside its neighbour
        add(typed[:i] + typed[i + 1 :], any(c == typed[i] or _near(c, typed[i]) for c in around), i)
        if i + 1 < n and typed[i] != typed[i + 1]:
            add(typed[:i] + typed[i + 1] + typed[i] + typed[i + 2 :], True, i)  # two letters swapped
        for c in _LETTERS:
            if c != typed[i]:
                add(typed[:i] + c + typed[i + 1 :], _near(typed[i], c), i)  # a letter changed
    for i in range(n + 1):
        for c in _LETTERS:
            add(typed[:i] + c + typed[i:], True, i)  # a letter dropped
    if out or n > MAX_DOUBLES_LETTERS:
        return tuple(sorted(out.items(), key=lambda kv: -kv[1]))
    runs = [(c, len(list(g))) for c, g in groupby(typed)]
    single_or_double = [i for i, (_, length) in enumerate(runs) if length <= 2]
    for k in range(2, MAX_DOUBLE_SLIPS + 1):  # else several letters doubled or undoubled together
        for toggled in combinations(single_or_double, k):
            word = "".join(c * (3 - length if i in toggled else length) for i, (c, length) in enumerate(runs))
            if known(word):
                out.setdefault(word, SLIP_COMMON + (k - 1) * SLIP_ANOTHER_DOUBLE)
    return tuple(sorted(out.items(), key=lambda kv: -kv[1]))


def check(inp: CheckInput) -> list[Finding]:
    """Non-words among the lowercase words of the text."""
    names = {n.lower() for n in inp.capitalised} | {g.lower() for g in inp.glossary_words}
    out: list[Finding] = []
    for i, w in enumerate(inp.words):
        if not w.text.islower() or not 3 <= len(w.text) <= MAX_WORD_LETTERS:
            continue
        low = _norm(w.text)
        if low in names:
            continue
        if not known(low):
            stem = _without_clitic(low)
            if not known(stem):
                out += _non_word(inp, i, stem)
    return out


def _non_word(inp: CheckInput, i: int, stem: str) -> list[Finding]:
    """A word in no list, with its likeliest correction, or flagged when corrections tie; an attested
    one (wordfreq has seen it) only with a clear correction far more frequent than it."""
    w = inp.words[i]
    if inp.word_counts[w.text] > 2 or not stem.isascii() or zipf(stem) >= ENGLISH_ZIPF \
            or _is_formation(stem) or _in_foreign_phrase(inp, i, stem):
        return []
    prev, nxt = _neighbour(inp, i, -1), _neighbour(inp, i, 1)
    ranked = sorted(((zipf(c) + slip + _fit(c, prev, nxt), c) for c, slip in _meant(stem)
                     if zipf(c) + slip >= PLAUSIBLE), reverse=True)
    if not ranked:
        return []
    score, best = ranked[0]
    clear = len(ranked) == 1 or score - ranked[1][0] >= CLEAR_MARGIN
    if zipf(stem) >= ATTESTED_ZIPF and not (clear and (zipf(best) >= zipf(stem) + ATTESTED_MIN_GAIN or
                                                       score >= zipf(stem) + _fit(stem, prev, nxt) + ATTESTED_MARGIN)):
        return []
    if not clear:
        return [inp.finding(w.start, w.end, None, "spelling", "spelling.non-word",
                            f"'{w.text}' is not an English word ('{best}', '{ranked[1][1]}'?)", 0.5)]
    fix = best + w.text[len(stem) :]
    return [inp.finding(w.start, w.end, fix, "spelling", "spelling.non-word",
                        f"'{w.text}' is not an English word; '{fix}'?", 0.7)]


def _fit(word: str, prev: str | None, nxt: str | None) -> float:
    """How much likelier the word is beside its neighbours than alone (log10): each pair symspellpy
    has seen adds its association (at most FIT_CAP), each unseen one backs off (Brants et al. 2007)."""
    fit = 0.0
    for a, b in ((prev, word), (word, nxt)):
        if a is not None and b is not None:
            pmi = association(a, b)
            fit += min(pmi, FIT_CAP) if pmi > float("-inf") else math.log10(BACKOFF)
    return fit


def _neighbour(inp: CheckInput, i: int, step: int) -> str | None:
    """The adjacent word in the same sentence (only a space between), normalised, else None."""
    w = inp.neighbour(i, step)
    return _norm(w.text) if w else None


def clearest(cands: list[str], freq: Callable[[str], float]) -> str | None:
    """The only candidate, or the most frequent when it is 10x (1 zipf) ahead of the next; cands sorted by freq."""
    if not cands:
        return None
    if len(cands) == 1 or freq(cands[0]) >= freq(cands[1]) + 1.0:
        return cands[0]
    return None
