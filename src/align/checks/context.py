"""Real-word errors among common words: a word that is a word, but not the one its neighbours want.

Two sources of candidates for each lowercase word of the text:
- the published confusion sets of everyday English (`CONFUSION_SETS`: accept/except,
  than/then, lead/led…), closed by nature, each with its source;
- every known word one edit away (an insertion, deletion or substitution: "form" for
  "from", "tines" for "times"), found through a deletion index over the words of the
  bigram list.
Each candidate is scored against the written word in context by a bigram model over
symspellpy's English counts (Google Books, shipped with the package): the likelihood of
"prev x next" is P(x | prev) · P(next | x). The list holds only pairs above 6.4 million, so
an unseen pair is not impossible: the written word is given the benefit of the doubt (an
unseen pair of it is estimated at ten times its count were the words independent, capped at
the threshold), a candidate none (its unseen pair counts as independent). A confusion partner
needs one of its pairs in the list; an edit needs both, and the written word neither. A
candidate is proposed only when it is not clearly worse on either neighbour (`SIDE_MIN_LR`)
and wins in all by a clear likelihood ratio (10^`CONFUSION_MIN_LR` for a confusion set,
10^`EDIT_MIN_LR` for an edit, whose prior is lower). Pairs with an apostrophe (its/it's) have
no counts in the list and are left to the grammar check.
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import lru_cache

from align.checks.model import CheckInput, Finding
from align.checks.spelling import bigrams, unigrams

# Confusion sets of everyday English. Sources:
#   [GR] A. Golding, D. Roth, "A Winnow-based approach to context-sensitive spelling
#        correction", Machine Learning 34 (1999): the 21 sets taken from the Random House
#        list of words commonly confused (Flexner 1983), as used since in the field (less the
#        usage sets among/between, amount/number, fewer/less, which literary English mixes freely).
#   [OX] Oxford Learner's Dictionaries / Lexico, "Commonly confused words".
#   [WP] Wikipedia, "List of commonly misused English words" (the homophone pairs).
CONFUSION_SETS: tuple[tuple[str, ...], ...] = (
    ("accept", "except"),  # [GR] take / apart from
    ("affect", "effect"),  # [GR] influence / result
    ("begin", "being"),  # [GR] a slip of letters
    ("cite", "sight", "site"),  # [GR]
    ("country", "county"),  # [GR]
    ("lead", "led"),  # [GR] present / past of "lead"
    ("passed", "past"),  # [GR]
    ("peace", "piece"),  # [GR]
    ("principal", "principle"),  # [GR] chief / a rule
    ("quiet", "quite", "quit"),  # [GR]
    ("raise", "rise"),  # [GR] lift something / go up
    ("than", "then"),  # [GR] comparison / time
    ("their", "there"),  # [GR] (they're: apostrophe, no counts)
    ("weather", "whether"),  # [GR]
    ("desert", "dessert"),  # [OX] arid land / sweet course
    ("compliment", "complement"),  # [OX] praise / complete
    ("loose", "lose"),  # [OX] not tight / mislay
    ("breath", "breathe"),  # [OX] noun / verb
    ("advice", "advise"),  # [OX] noun / verb
    ("council", "counsel"),  # [OX] assembly / advice
    ("later", "latter"),  # [OX] after / the second of two
    ("choose", "chose"),  # [OX] present / past
    ("course", "coarse"),  # [OX] route / rough
    ("stationary", "stationery"),  # [OX] not moving / paper
    ("allude", "elude"),  # [OX]
    ("ensure", "insure"),  # [OX]
    ("discreet", "discrete"),  # [OX]
    ("aloud", "allowed"),  # [WP] homophones
    ("bare", "bear"),  # [WP]
    ("brake", "break"),  # [WP]
    ("cloth", "clothe"),  # [OX] noun / verb
    ("were", "where", "wear"),  # [WP]
    ("of", "off"),  # [OX]
    ("to", "too"),  # [WP] (two: a number, left alone)
    ("lay", "lie"),  # [OX] put down / recline
    ("personal", "personnel"),  # [OX]
    ("precede", "proceed"),  # [OX]
    ("hear", "here"),  # [WP]
    ("whole", "hole"),  # [WP]
    ("weak", "week"),  # [WP]
    ("threw", "through"),  # [WP]
    ("knew", "new"),  # [WP]
)
CONFUSION_MIN_LR = 2.0  # log10: a confusion-set partner 100x more likely in context
EDIT_MIN_LR = 4.5  # log10: an edit-distance neighbour ~30,000x more likely
SIDE_MIN_LR = -0.5  # log10: and not clearly less likely on either side taken alone
UNSEEN = 6_400_000  # the list's threshold: no unseen pair is estimated above it
WRITTEN_BENEFIT = 10.0  # an unseen pair of the written word: 10x its count under independence
MIN_LEN = 3  # shorter words have too many neighbours one edit away


def _partners() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for group in CONFUSION_SETS:
        for w in group:
            out[w] |= set(group) - {w}
    return {w: frozenset(p) for w, p in out.items()}


PARTNERS = _partners()


@lru_cache(maxsize=1)
def _deletion_index() -> dict[str, tuple[str, ...]]:
    """Each word of the bigram list and every one-letter deletion of it, to the words it comes from."""
    vocab = {w for pair in bigrams() for w in pair if w.isalpha() and len(w) >= MIN_LEN}
    index: dict[str, set[str]] = defaultdict(set)
    for w in vocab:
        index[w].add(w)
        for i in range(len(w)):
            index[w[:i] + w[i + 1 :]].add(w)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=50_000)
def one_edit(word: str) -> tuple[str, ...]:
    """Words of the bigram list one insertion, deletion or substitution from `word` (not itself)."""
    index = _deletion_index()
    keys = {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}
    out = {c for k in keys for c in index.get(k, ()) if c != word}
    return tuple(c for c in out if _one_edit_apart(word, c))


def _one_edit_apart(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return len(long_) - len(short) == 1 and any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _count(word: str) -> int:
    return unigrams()[0].get(word, 0)


def _pair(a: str, b: str, benefit: float) -> tuple[float, bool]:
    """log10 count of the pair (a, b) and whether the list has it; an unseen pair is estimated
    as `benefit` times its count were a and b independent, never above the list's threshold."""
    seen = bigrams().get((a, b))
    if seen:
        return math.log10(seen), True
    expected = benefit * _count(a) * _count(b) / unigrams()[1]
    return math.log10(max(min(expected, UNSEEN), 1.0)), False


def _sides(prev: str, word: str, nxt: str, written: bool) -> tuple[float, float, int] | None:
    """log10 P(word | prev) and P(next | word) up to a shared factor, and how many of the two
    pairs the list has; None for an unknown word. The written word's unseen pairs get the benefit."""
    n = _count(word)
    if not n:
        return None
    benefit = WRITTEN_BENEFIT if written else 1.0
    left, left_seen = _pair(prev, word, benefit)
    right, right_seen = _pair(word, nxt, benefit)
    return left, right - math.log10(n), left_seen + right_seen


@lru_cache(maxsize=200_000)  # a book repeats its word triples; a hostile text repeats one
def best_alternative(prev: str, word: str, nxt: str) -> tuple[str, float] | None:
    """The candidate clearly more likely than `word` between `prev` and `nxt`, with its log10 ratio."""
    here = _sides(prev, word, nxt, written=True)
    if here is None:
        return None
    partners = PARTNERS.get(word, frozenset())
    best: tuple[str, float] | None = None
    # An edit needs the written word to have no pair in the list (see below): look no further otherwise.
    for cand in {*partners, *(one_edit(word) if here[2] == 0 else ())}:
        there = _sides(prev, cand, nxt, written=False)
        # A confusion partner needs one pair in the list; an edit needs both, and the written
        # word none (nothing speaks for it).
        if there is None or there[2] < (1 if cand in partners else 2 + here[2]):
            continue
        left, right = there[0] - here[0], there[1] - here[1]
        need = CONFUSION_MIN_LR if cand in partners else EDIT_MIN_LR
        if min(left, right) >= SIDE_MIN_LR and left + right >= need and (best is None or left + right > best[1]):
            best = (cand, left + right)
    return best


def check(inp: CheckInput) -> list[Finding]:
    """Common words that a near or commonly confused word fits far better between their neighbours."""
    terms = {g.lower() for g in inp.glossary_words}
    words = inp.words
    out: list[Finding] = []
    for i, w in enumerate(words):
        low = w.text.lower()
        if not w.text.isalpha() or not (w.text.islower() or w.sentence_initial and w.text[1:].islower()) \
                or len(low) < MIN_LEN and low not in PARTNERS or low in terms \
                or inp.capitalised[low.capitalize()] > inp.word_counts[low]:  # a name of the text
            continue
        prev, nxt = _neighbour(inp, i, -1), _neighbour(inp, i, 1)
        if prev is None or nxt is None:
            continue
        found = best_alternative(prev, low, nxt)
        if found is None:
            continue
        cand, ratio = found
        repl = cand.capitalize() if w.text[0].isupper() else cand
        kind = "confusion" if cand in PARTNERS.get(low, ()) else "real-word"
        out.append(inp.finding(w.start, w.end, repl, "spelling", f"context.{kind}",
                               f"'{prev} {w.text} {nxt}' is unlikely; '{prev} {repl} {nxt}' is "
                               f"{10 ** ratio:,.0f}x more common", min(0.9, 0.4 + ratio / 10)))
    return out


def _neighbour(inp: CheckInput, i: int, step: int) -> str | None:
    """The lowercased adjacent word of the same sentence, only a space between, when it is all
    letters; None otherwise."""
    w = inp.neighbour(i, step)
    return w.text.lower() if w and w.text.isalpha() else None
