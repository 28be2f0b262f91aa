"""Names and transliteration: unconventional spellings of names English knows, one name spelled
two ways in the text, and names written in lowercase.

No table of names. What English knows comes from packages: wordfreq's frequency list says which
spellings English uses (Dostoevsky, Nietzsche) and which it hardly knows (Dostoyevskiy, Nitzsche);
harper-py's dictionary says which words English capitalises (Jacobin, Lutheran, Hegelian). Which
spellings count as near is `align.translit.rendering_distance`: letter groups that renderings of
one Russian letter disagree on (derived from iuliia's schemes, plus older English and German
habits) cost little, any other inserted, dropped or changed letter costs one, and so do two
adjacent letters swapped (Nietzshce: Damerau's four slips; rapidfuzz's OSA distance). The document
itself says what its names are (capitalised mid-sentence) and which spelling it prefers; where
two spellings tie, the aligned Russian, rendered as English books do today (iuliia's WIKIPEDIA
scheme), decides. Multi-word names take the capitalisation the text mostly gives them.

Precision first: a word English knows (as a word or a name) is never proposed another name; a
form is proposed only when English uses it far more (`MIN_GAIN`), or the text does; ties are
flagged. A slip at a name's end is one only where it makes no ending (`_slip_at_end`): the last
letter doubled or dropped (Hegell, Voltair), the last two swapped (Itayl), but no letter added,
and no -s, -y or vowel but a silent -e dropped (Petrov and Petrova, Oblonsky and Oblonskys stay
two words; Descarte may be a singular, Robespier is two letters short). Two swapped letters in a
spelling English never saw are a slip of a name it knows well (Wittgenstien), and the French -ine
of a Russian -in (Bukharine, Pushkine) a rendering of it, when English never saw that form either
(Berline and Cabine it has: French words). Offsets of possessives are kept outside the name
("Vronskij’s" → "Vronskij").

Where the aligned Russian names the person, it backs a form English knows even against a spelling
English has met (Spinosa, zipf 1.9, for Спиноза) and however often the text writes it
(`_russian_backed`, `russian_form`): the form English uses ~3x more (`RUSSIAN_GAIN`) that renders
the Russian name's nominative closer than the written one, or as close when the written one is a
slip of a name English knows well; or, for a foreign name Russian transcribes (Ницше), a form
English knows as much better as alone (MIN_GAIN) that the written one, an inexact rendering of
the Russian, is a slip of (Nitzsche, Nietzsche). A rendering as exact as English's (Tolstoi for
Толстой, in ICAO's scheme; Mikhaylov and Mikhailov for Михайлов) is never swapped, nor a name
whose Russian is another person (Chekov beside Чеков, Tolstaya beside Толстая), nor a name
rendered as a common English word (Schelling, not "shelling", for Шеллинг).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

import harper
import iuliia
from rapidfuzz.distance import OSA, Hamming
from wordfreq import top_n_list

from align.checks.model import CheckInput, Finding
from align.checks.spelling import zipf
from align.checks.spelling_ru import morph
from align.translit import (
    EDIT_COST,
    MIN_STEM,
    RENDERING_COST,
    RU_CAPITALISED,
    SCHEMES,
    group_by_skeletons,
    latin,
    rendering_distance,
    ru_stems,
    skeleton,
    skeletons,
)

_POSSESSIVE = re.compile(r"['’]s$")
_DERIVED_SUFFIXES = ("ist", "ists", "ism", "ian", "ians", "ite", "ites")
# Endings of English proper adjectives and nouns (Jacobin, Lutheran, Hegelian, Marxist, Darwinism,
# Israelite, Japanese, Polish, Napoleonic): the lowercase words worth asking the dictionary about.
_PROPER_ENDINGS = ("in", "an", "ans", "ian", "ians", "ist", "ists", "ism", "ite", "ites", "ese", "ish", "ic", "ins")
COMMON_ZIPF = 3.0  # a word this frequent in English is an English word, not a misspelt name
FUNCTION_ZIPF = 6.0  # the, your, his: words this frequent begin no multi-word name
KNOWN_ZIPF = 1.5  # a name English knows well enough to be the conventional form (Lunacharsky 1.29 is not)
UNKNOWN_ZIPF = 1.5  # a spelling English hardly knows (Nitzsche 1.19, Dostoyevskiy 0)
MIN_GAIN = 1.5  # the conventional form is ~30x more frequent than the written one
RENDERING_LIMIT = 0.61  # up to two rendering differences (Dostoyevskiy–Dostoevsky 0.6)
EDIT_LIMIT = 1.0  # or one plain letter inserted, dropped or changed, in a long word
EDIT_COST_FLOOR = 0.9  # a distance this large includes a plain letter edit
LONG = 7  # letters a word needs before a plain letter edit is taken for a slip
SHORT = 4  # ... or a letter it lacks of a name English knows (Fiday, Friday)
SLIP_KNOWN_ZIPF = 2.5  # a letter slip is only taken for one in a name English knows this well (Russian-backed too)
# Where the aligned Russian names the person, English's form need only be ~3x more frequent (Chekhov
# 2.73 over Chekov 2.07, Spinoza 2.68 over Spinosa 1.87). Tuned on dev: 0.25 and 0.5 add no false
# alarm on Karenina val; 0 proposes Natali for Nataly (another rendering English knows as well).
RUSSIAN_GAIN = 0.5
# a letter too many, at the end or two swapped: a slip only in a name known 1,000x better; but a swap in
# a spelling English never saw (zipf 0) only needs a name at SLIP_KNOWN_ZIPF (Wittgenstien, 2.77: dev
# names.letter 89% -> 100% fixed, no new false alarm on dev or clean prose); a dropped last letter keeps
# it (zipf 0 Archange, the French word, would become Archangel)
SLIP_GAIN = 3.0
INDEX_SIZE = 180_000  # wordfreq's most frequent words searched for conventional forms
# (replacement or None to only flag, category, rule, message, confidence), keyed by the word
_Proposal = tuple[str | None, str, str, str, float]


def check(inp: CheckInput) -> list[Finding]:
    """Conventional forms, consistency of names within the text, capitalisation."""
    proposals: dict[str, _Proposal] = {}
    backed = _russian_backed(inp)
    proposals.update(_variants(inp, {form for form, *_ in backed.values() if form}))
    for k, v in backed.items():
        proposals.setdefault(k, v)
    for k, v in _conventional(inp).items():
        proposals.setdefault(k, v)
    for k, v in _capitalisation(inp).items():
        proposals.setdefault(k, v)
    out = []
    for w in inp.words:
        base = _POSSESSIVE.sub("", w.text)
        if base in proposals:
            repl, category, rule, msg, conf = proposals[base]
            if rule == "names.conventional-form" and "-" in inp.text[w.start - 1 : w.end + 1]:
                continue  # a part of a hyphenated name (Gamber-Corta) is no name of its own
            out.append(inp.finding(w.start, w.start + len(base), repl, category, rule, msg, conf))
    out += _multiword_case(inp)
    return sorted(out, key=lambda f: f.start)


def _keys(word: str) -> set[str]:
    """The index keys of a word: the `_skeleton_keys` of its skeletons (`translit.skeletons`: letter
    groups merged, and as written)."""
    return set().union(*map(_skeleton_keys, skeletons(word)))


def _skeleton_keys(sk: str) -> set[str]:
    """A skeleton and, when long enough, it less each letter (so one inserted or dropped consonant
    still meets, and Nietsche meets Nietzsche)."""
    return {sk, *(sk[:i] + sk[i + 1 :] for i in range(len(sk)))} if len(sk) >= 4 else {sk}


class _Index(NamedTuple):
    """wordfreq's words English knows well (zipf >= KNOWN_ZIPF) in two steps: the skeletons with each
    index key (`_skeleton_keys`), and the words with each skeleton. A key is worked out once per
    skeleton, not per word (some 64,000 skeletons for 150,000 words)."""

    skeletons: Mapping[str, Sequence[str]]
    words: Mapping[str, Sequence[str]]


@lru_cache(maxsize=1)
def _known_index() -> _Index:
    """The `_Index` of the words English knows well in wordfreq's list: four letters or more, all ASCII."""
    words = top_n_list("en", INDEX_SIZE)  # most frequent first: those known well are a prefix
    known = bisect_right(words, -KNOWN_ZIPF, key=lambda w: -zipf(w))  # ~17 look-ups, not 180,000
    by_skeleton = group_by_skeletons(w for w in words[:known] if len(w) >= 4 and w.isascii() and w.isalpha())
    by_key: dict[str, list[str]] = defaultdict(list)
    for sk in by_skeleton:
        for k in _skeleton_keys(sk):
            by_key[k].append(sk)
    return _Index(dict(by_key), by_skeleton)


@lru_cache(maxsize=50_000)
def _indexed(word: str) -> frozenset[str]:
    """The words English knows well that share an index key (`_keys`) with a lowercase word: every
    spelling near it is among them."""
    index = _known_index()
    return frozenset(w for k in _keys(word) for sk in index.skeletons.get(k, ()) for w in index.words[sk])


def near(written: str, name: str, long: int = LONG) -> float | None:
    """The rendering distance of two lowercase spellings when the first may be the second name
    written otherwise, else None: within RENDERING_LIMIT, or EDIT_LIMIT for long words, where two
    adjacent letters swapped is one plain edit (Nietzshce, Nietzsche); and an edit at the end only
    when it is a slip, not an ending (`_slip_at_end`: Voltair is Voltaire, Petrov is not Petrova)."""
    if written == name:
        return None
    # the larger limit, as in `_may_become`: one cached distance; OSA counts a swap as one edit
    d = min(rendering_distance(written, name, EDIT_LIMIT), EDIT_COST * OSA.distance(written, name, score_cutoff=1))
    limit = EDIT_LIMIT if min(len(written), len(name)) >= long else RENDERING_LIMIT
    if d > limit:
        return None
    if written[:-1] == name or name[:-1] == written or (d >= EDIT_COST_FLOOR and written[-1] != name[-1]):
        return max(d, EDIT_COST) if _slip_at_end(written, name) else None  # a plain edit, however cheap
    return d


def _slip_at_end(written: str, name: str) -> bool:
    """Whether a spelling that differs from a name at the end is a slip of it rather than a form
    with an ending: the last two letters swapped (Itayl, Italy), the last letter doubled (Hegell,
    Hegel), or the last letter dropped when it ends no inflection (Parliamen, Parliament). Nothing
    added: endings are (Figurez, Karenine). Nor dropped: English -s (Descarte, Oblonsky), and
    the vowels and -y of Russian, and other, names (Petrov, Petrova; Fernand, Fernando); only a
    silent -e after a consonant, in a long word (Voltair, Voltaire; not Simon, Simone)."""
    if len(written) == len(name):  # the last letters differ: a swap must be of the last two
        return _swapped(written, name)
    if written[:-1] == name:
        return written[-1] == name[-1]
    last = name[-1]
    if last == "e":
        return written[-1] not in _ENDING_LETTERS and len(written) >= LONG
    return last not in _ENDING_LETTERS


_ENDING_LETTERS = frozenset("aeiouys")
_VOWELS = frozenset("aeiouy")


def _swapped(a: str, b: str) -> bool:
    """Whether two spellings are one pair of adjacent letters swapped apart (Itayl, Italy)."""
    return len(a) == len(b) and Hamming.distance(a, b) == 2 and OSA.distance(a, b) == 1



@lru_cache(maxsize=50_000)
def conventional_form(word: str) -> tuple[str, ...]:
    """The spelling English knows well that `word` (lowercase, one English hardly knows) is a close
    rendering of: the most frequent of those a rendering away, else (or when English knows one
    1,000x better: Quene is Queen, not Queene) of those a letter away; with its rivals (alike in
    frequency, and not renderings of it) when there is no clear choice."""
    floor = zipf(word) + MIN_GAIN
    scored = {c: d for c in _indexed(word) if (d := _apart(word, c)) is not None  # rules most out, cheaper than zipf
              and zipf(c) >= floor and _may_become(word, c) and (d < EDIT_COST_FLOOR or zipf(c) >= SLIP_KNOWN_ZIPF)}
    renderings = [c for c, d in scored.items() if d < EDIT_COST_FLOOR]
    slips = [c for c, d in scored.items() if d >= EDIT_COST_FLOOR]
    if renderings and slips and max(map(zipf, slips)) < max(map(zipf, renderings)) + SLIP_GAIN:
        slips = []  # a rendering is likelier than a slip, unless English knows the slipped name far better
    ranked = sorted(slips or renderings, key=lambda c: (-zipf(c), c))  # the most used
    if not ranked:
        return ()
    # forms that are not renderings of the best one and alike in frequency: two names, no choice
    rivals = [c for c in ranked[1:] if zipf(c) >= zipf(ranked[0]) - 1.0 and near(c, ranked[0]) is None]
    return (ranked[0], *rivals)


def _french_ending(written: str, name: str, backed: bool = False) -> bool:
    """Whether a spelling is the French rendering of a Russian name in -in after a consonant (Lenine,
    Pouchkine write -ин as -ine): the name with an e added (not Fountaine, an old Fountain), and,
    unless the aligned Russian names the person (`backed`), one English never saw (not Cabine,
    Berline, Vitamine: French words English has met)."""
    shape = written == name + "e" and name.endswith("in") and name[-3:-2] not in _VOWELS
    return shape and (backed or zipf(written) == 0)


def _apart(written: str, name: str, backed: bool = False) -> float | None:
    """How far a spelling is from a name English knows that it may be written for: `near` (a plain
    edit in words of SHORT letters), and the French -ine for -in a rendering (RENDERING_COST)."""
    return RENDERING_COST if _french_ending(written, name, backed) else near(written, name, SHORT)


def _may_become(word: str, form: str) -> bool:
    """Whether a conventional form may replace the word: same first letter (up to a rendering:
    Komintern, Comintern); a plain letter edit only as a letter the word lacks inside it (Nitzsche,
    Nietzsche; not Latinus, Latinos), or, in a name English knows far better, as its last letter
    (Voltair, Voltaire), one letter too many in a long word, or two letters swapped (Clairon is
    no Clarion), and then not in the plural of a word English knows (Alines is no Aliens); and
    not a modern ending made old (Krasinsky is not Krasinski: -ski is the Polish form, and -off,
    -eff are dated)."""
    if skeleton(word)[:1] != skeleton(form)[:1]:
        return False
    if form.endswith(_DATED_ENDINGS) and not word.endswith(_DATED_ENDINGS):
        return False
    if rendering_distance(word, form, EDIT_LIMIT) < EDIT_COST_FLOOR:
        return True
    if _french_ending(word, form):
        return True
    if len(form) > len(word) and form[:-1] != word:
        return True
    if word.endswith("s") and word[-2] != "s" and zipf(word[:-1]) >= KNOWN_ZIPF:  # a plural (Alines, not Aliens)
        return False
    if _swapped(word, form) and zipf(word) == 0 and zipf(form) >= SLIP_KNOWN_ZIPF:
        return True  # a swap no one writes on purpose: a name English knows well (Wittgenstien), not 1,000x
    far_better = zipf(form) - zipf(word) >= SLIP_GAIN
    return far_better and (len(form) > len(word) or _swapped(word, form) or len(word) > len(form) >= LONG - 1)


_DATED_ENDINGS = ("ski", "off", "eff")


def _cased(form: str, like: str) -> str:
    return form.upper() if like.isupper() else form[:1].upper() + form[1:]


def _conventional(inp: CheckInput) -> dict[str, _Proposal]:
    """Capitalised words English hardly knows that are a close rendering of a name it knows well.

    A name the text uses more than twice is its own convention and is left alone, unless it
    renders a name of its aligned Russian (Dostoyevskiy beside Достоевский): then the Russian
    says which name it is, and English's usual form of that name is proposed all the same."""
    found: dict[str, _Proposal] = {}
    of_russian = _renders_russian(inp)
    lower = {w.lower() for w in inp.word_counts if w.islower()}
    counts = Counter({_POSSESSIVE.sub("", w): 0 for w in inp.word_counts})
    for w, n in inp.word_counts.items():
        counts[_POSSESSIVE.sub("", w)] += n
    for word, n in counts.items():
        low = word.lower()
        if not word[:1].isupper() or word.isupper() or len(word) < 4 or low in lower or not low.isalpha():
            continue
        if (n > 2 and word not in of_russian) or zipf(low) >= UNKNOWN_ZIPF:  # the text's own, or English's
            continue
        if (counts[word[:-1]] and word[-1] != word[-2]) or counts[word + "s"]:  # a plural (Swanns), not Hegell
            continue
        forms = conventional_form(low)
        if n > 2 and forms:  # only on the Russian's word: the usual form must render it as well as this one
            distance, keys = of_russian[word]
            closer = _to_russian(forms[0], keys)
            if closer is None or closer > distance:
                continue
        if len(forms) == 1:
            form = _cased(forms[0], word)
            found[word] = (form, "transliteration", "names.conventional-form",
                           f"the usual English form is '{form}'", 0.75)
        elif forms:
            found[word] = (None, "transliteration", "names.conventional-form",
                           f"not an English spelling; {' or '.join(_cased(f, word) for f in forms)}?", 0.5)
    return found


def _variants(inp: CheckInput, backed: set[str]) -> dict[str, _Proposal]:
    """Capitalised names of the text that are close renderings of each other: propose the glossary
    form, else the form the aligned Russian backs (`backed`, from `_russian_backed`), else the form
    English knows, else the dominant form (flag only when none is clear)."""
    counts = Counter({_POSSESSIVE.sub("", w): 0 for w in inp.capitalised})
    for w, n in inp.word_counts.items():
        base = _POSSESSIVE.sub("", w)
        if base in counts:
            counts[base] += n
    names = [w for w in counts if len(w) >= 4 and not w.isupper() and zipf(w.lower()) < COMMON_ZIPF]
    glossary = {g for g in inp.glossary_words if g[:1].isupper()}
    by_key: dict[str, set[str]] = defaultdict(set)
    for w in [*names, *glossary]:
        for k in _keys(w.lower()):
            by_key[k].add(w)
    parent = {w: w for w in [*names, *glossary]}

    def root(w: str) -> str:
        while parent[w] != w:
            w = parent[w]
        return w

    for bucket in by_key.values():
        ordered = sorted(bucket)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                rare, common = sorted((a, b), key=lambda w: (w in glossary, counts[w]))  # which is the slip
                d = near(rare.lower(), common.lower(), SHORT + 1)
                if d is None:
                    continue
                few, many = sorted((counts[a], counts[b]))
                if d >= EDIT_COST_FLOOR and (few > 2 or many < 3 * few):  # two names a letter apart
                    continue
                if d >= EDIT_COST_FLOOR and len(a) == len(b) and len(a) < LONG and not _swapped(a, b):  # Misha, Masha
                    continue
                parent[root(a)] = root(b)
    groups: dict[str, set[str]] = defaultdict(set)
    for w in parent:
        groups[root(w)].add(w)
    found: dict[str, _Proposal] = {}
    renderings: dict[str, frozenset[str]] | None = None
    for forms in groups.values():
        if len(forms) > 1:
            renderings = _bead_renderings(inp) if renderings is None else renderings
            found.update(_settle(forms, counts, glossary, backed, _matching_russian(inp, forms, renderings)))
    return found


def _russian_words(inp: CheckInput) -> dict[str, frozenset[str]]:
    """For each English sentence id, the capitalised words of the Russian aligned with it; empty
    without an alignment."""
    out: dict[str, frozenset[str]] = {}
    if inp.ru is None or inp.beads is None:
        return out
    for bead in inp.beads:
        ru_text = " ".join(seg.text for i in bead.ru if (seg := inp.ru.get(i)))
        words = frozenset(RU_CAPITALISED.findall(ru_text))
        out.update((en_id, words) for en_id in bead.en)
    return out


def _renders_russian(inp: CheckInput) -> dict[str, tuple[float, frozenset[str]]]:
    """Capitalised words of the English that render, in their sentence, a capitalised word of the
    aligned Russian (in any of translit.SCHEMES, or a stem of it, a rendering away): how far the
    closest rendering is, and the renderings of that sentence; empty without an alignment."""
    by_sentence = {en_id: frozenset().union(*map(_renderings, words))
                   for en_id, words in _russian_words(inp).items()}
    found: dict[str, tuple[float, frozenset[str]]] = {}
    for w in inp.words:
        if not w.text[:1].isupper():  # nor is its base's: a possessive only ends a word
            continue
        base = _POSSESSIVE.sub("", w.text)
        renderings = by_sentence.get(_sentence(inp, w.start))
        if not renderings:
            continue
        distance = _to_russian(base.lower(), renderings)
        if distance is not None and (base not in found or distance < found[base][0]):
            found[base] = (distance, renderings)
    return found


@lru_cache(maxsize=50_000)
def _renderings(word: str) -> frozenset[str]:
    """A Russian word and its stems in lowercase Latin, in every scheme of translit.SCHEMES (once per word:
    a book names the same people in thousands of sentences)."""
    return frozenset(latin(stem, scheme).lower() for stem in ru_stems(word) for scheme in SCHEMES)


def _to_russian(low: str, renderings: frozenset[str], long: int = LONG, stems: bool = True) -> float | None:
    """How far a lowercase English word is from the closest rendering (`near`, a plain edit only in
    words of `long` letters; with `stems`, a stem matching its start is no distance), or None when
    it renders none of them."""
    best = None
    for r in renderings:
        d = 0.0 if low == r else near(low, r, long)
        if d is None and stems and len(r) >= MIN_STEM and low.startswith(r):
            d = 0.0
        if d is not None and (best is None or d < best):
            best = d
    return best


@lru_cache(maxsize=20_000)
def _nominative_renderings(word: str) -> frozenset[str]:
    """A Russian word's nominative forms as a noun (pymorphy3: Спинозе → спиноза, Шараповой →
    шарапова, Толстой → толстой and толстая) in lowercase Latin, in every scheme of translit.SCHEMES:
    English books render a name's nominative, not the case the sentence puts it in."""
    forms = set()
    for parse in morph().parse(word):
        if "NOUN" in parse.tag:
            nominative = parse.inflect({"nomn"})
            forms.add(nominative.word if nominative else parse.normal_form)
    return frozenset(latin(f, scheme) for f in forms for scheme in SCHEMES)


@lru_cache(maxsize=50_000)
def _backable(low: str) -> tuple[tuple[str, float], ...]:
    """The spellings English knows RUSSIAN_GAIN better than `low` that it may be written for, with how
    far (`_apart`; the index finds them as it does for `conventional_form`: every spelling near a word
    shares a key with it): a slip only of a name English knows well (SLIP_KNOWN_ZIPF), a rendering
    only of a spelling that may be a name (`_may_name`), and no dated ending made of a modern one.
    Whatever the Russian, so once per word."""
    floor = zipf(low) + RUSSIAN_GAIN
    out = []
    for c in sorted(_indexed(low)):
        if c.endswith(_DATED_ENDINGS) and not low.endswith(_DATED_ENDINGS):
            continue
        apart = _apart(low, c, backed=True)  # before zipf: it rules most out, and costs less
        if apart is not None and zipf(c) >= floor and (
                zipf(c) >= SLIP_KNOWN_ZIPF if apart >= EDIT_COST_FLOOR else _may_name(c)):
            out.append((c, apart))
    return tuple(out)


@lru_cache(maxsize=10_000)
def _may_name(form: str) -> bool:
    """Whether a spelling may be proposed for a name a rendering (no slip) away: not a common
    English word, unless English writes it only capitalised (Moscow; but Schelling, German for
    Шеллинг, is no rendering of the word "shelling"). A slip into a common word English also
    writes as a name stays one (Napolean, Napoleon; Dickins, Dickens)."""
    return zipf(form) < COMMON_ZIPF or bool(english_capitalises([form]).get(form))


@lru_cache(maxsize=50_000)
def russian_form(low: str, ru_word: str) -> str | None:
    """The spelling English knows that a Russian word names, when `low` (a capitalised English word
    of the aligned sentence, lowercase) is a worse rendering of it: one English knows RUSSIAN_GAIN
    better, a rendering or a slip away from `low` (or its French -ine form: Lenine), that renders
    the Russian name's nominative (`_nominative_renderings`) closer than `low` does, or as close
    when `low` is a slip of it (Spinosa and Spinoza for Спиноза; not Tolstoi, an exact rendering
    of Толстой as Tolstoy is, nor Chekov beside Чеков, another man); a slip only of a name English
    knows well (SLIP_KNOWN_ZIPF: Nikolavna, the translator's spoken form, is no slip of Nikolaevna).
    As close is not enough even for a spelling English hardly knows: Mikhaylov and Mikhailov both
    render Михайлов exactly (tried on dev: 35 false alarms on Karenina's Mikhaylov).
    A foreign name Russian transcribes renders none of it (Nietzsche, Ницше): it qualifies when `low`
    renders the Russian inexactly, slips from it, and English knows it MIN_GAIN better (Nitzsche).
    Of those, the one English uses most (Philip, not Philipp, for Филипп); None when two names
    alike in frequency, not renderings of each other, qualify."""
    forms = _backable(low)
    renderings = _nominative_renderings(ru_word) if forms else frozenset()
    if not renderings:
        return None
    written = _to_russian(low, renderings, SHORT, stems=False)
    scored: dict[str, float] = {}
    for c, apart in forms:
        closeness = _to_russian(c, renderings, SHORT, stems=False)
        if closeness is None:  # a foreign name Russian transcribes (Nietzsche, Ницше), which the written form
            # renders, not exactly (Bakh is Бах the chemist, not Bach), and slips from (Nitzsche); the Russian
            # does not say it is that name, so English must, as alone (MIN_GAIN: Titian is no slip of Titan)
            if (written and apart >= EDIT_COST_FLOOR and zipf(c) >= zipf(low) + MIN_GAIN
                    and skeleton(low)[:1] == skeleton(c)[:1]):
                scored[c] = math.inf
        elif written is None or closeness < written or (closeness == written and apart >= EDIT_COST_FLOOR):
            scored[c] = closeness
    ranked = sorted(scored, key=lambda c: (-zipf(c), scored[c], c))  # English's usual form of those
    if not ranked or any(zipf(c) >= zipf(ranked[0]) - 1.0 and near(c, ranked[0]) is None for c in ranked[1:]):
        return None
    return ranked[0]


def _russian_backed(inp: CheckInput) -> dict[str, _Proposal]:
    """Capitalised words that render a name of their aligned Russian worse than a spelling English
    knows (`russian_form`), however often the text writes them and whether English knows them
    somewhat (Spinosa) or not: the Russian says which name it is. Not common English words, nor
    words the text writes in lowercase; a word whose sentences back two spellings is left alone."""
    words_of = _russian_words(inp)
    if not words_of:
        return {}
    lower = {w.lower() for w in inp.word_counts if w.islower()}
    backed: dict[str, dict[str, str]] = defaultdict(dict)  # word -> form -> the Russian word backing it
    for w in inp.words:
        if not w.text[:1].isupper():  # nor is its base's: a possessive only ends a word
            continue
        base = _POSSESSIVE.sub("", w.text)
        low = base.lower()
        if base.isupper() or len(base) < 4 or not low.isalpha() or low in lower:
            continue
        ru_words = words_of.get(_sentence(inp, w.start), frozenset())
        if not ru_words or zipf(low) >= COMMON_ZIPF:
            continue
        for ru in ru_words:
            if (form := russian_form(low, ru)) is not None:
                backed[base].setdefault(form, ru)
    found: dict[str, _Proposal] = {}
    for word, forms in backed.items():
        if len(forms) == 1:
            (form, ru), = forms.items()
            form = _cased(form, word)
            found[word] = (form, "transliteration", "names.conventional-form",
                           f"the usual English form is '{form}'; the Russian ({ru}) backs it", 0.8)
    return found


def _matching_russian(inp: CheckInput, forms: set[str], renderings: dict[str, frozenset[str]]) -> set[str]:
    """The forms that are, in a sentence where they occur, the English-style rendering of a word of the
    aligned Russian (`_bead_renderings`)."""
    lows = {f.lower(): f for f in forms}
    return {lows[w.text.lower()] for w in inp.words
            if w.text.lower() in lows and w.text.lower() in renderings.get(_sentence(inp, w.start), ())}


def _sentence(inp: CheckInput, offset: int) -> str:
    seg = inp.segmentation.at(offset)
    return seg.id if seg else ""


def _bead_renderings(inp: CheckInput) -> dict[str, frozenset[str]]:
    """For each English sentence id, the renderings in the scheme English books use today (WIKIPEDIA)
    of the capitalised words of the aligned Russian, and of their stems; empty without an alignment."""
    return {en_id: frozenset(latin(stem, iuliia.WIKIPEDIA) for word in words for stem in ru_stems(word))
            for en_id, words in _russian_words(inp).items()}


def _settle(forms: set[str], counts: Counter[str], glossary: set[str], backed: set[str],
            russian: set[str]) -> dict[str, _Proposal]:
    """Proposals for one group of spellings of a name: the glossary form, else the one the aligned
    Russian backs as English's usual form (Spinoza, however often the text writes Spinosa), else
    the one English knows, else the dominant one, else the only one the aligned Russian renders to
    in English style."""
    preferred = sorted(f for f in forms if f in glossary)
    known = [f for f in forms if zipf(f.lower()) >= KNOWN_ZIPF]
    ranked = sorted(forms, key=lambda f: counts[f], reverse=True)
    best: str | None
    if preferred:
        best, conf, why = preferred[0], 0.8, "the glossary form"
    elif len(usual := forms & backed) == 1:
        best, conf, why = next(iter(usual)), 0.75, "the usual English form, which the aligned Russian backs"
    elif len(known) == 1 and all(zipf(f.lower()) + MIN_GAIN <= zipf(known[0].lower()) for f in forms - {known[0]}):
        best, conf, why = known[0], 0.7, "the usual English form"
    elif counts[ranked[0]] >= 2 * counts[ranked[1]]:
        best, conf, why = ranked[0], 0.6, f"the form used {counts[ranked[0]]} times"
    elif len(russian) == 1:
        best, conf, why = next(iter(russian)), 0.6, "the English rendering of the Russian"
    else:
        best = None
    found: dict[str, _Proposal] = {}
    for f in forms:
        if f == best or f in glossary or f not in counts:
            continue
        if best is None:
            found[f] = (None, "consistency", "names.variant",
                        f"'{f}' is also written {' / '.join(sorted(forms - {f}))}", 0.4)
        elif best in counts or best in glossary:
            found[f] = (best, "consistency", "names.variant", f"'{f}' is elsewhere '{best}' ({why})", conf)
    return found


@lru_cache(maxsize=1)
def _linter() -> harper.Linter:
    """harper's English linter (its dictionary loads once per process, ~2 s)."""
    return harper.Linter(dialect=harper.Dialect.BRITISH)


def english_capitalises(words: Iterable[str]) -> dict[str, str]:
    """Of these lowercase words, those harper's dictionary knows only capitalised, with that form
    ('jacobin' → 'Jacobin'), and those it does not know at all (mapped to '')."""
    words = sorted(set(words))
    if not words:
        return {}
    # short sentences: harper reports one lint per span, and a long list is one Readability lint
    text = " ".join("It was " + ", ".join(words[i : i + 8]) + "." for i in range(0, len(words), 8))
    out: dict[str, str] = {}
    for lint in _linter().lint(text):
        if lint.lint_kind != "Spelling":
            continue
        word = lint.problem_text
        suggestions = [s.replacement_text for s in lint.suggestions]
        out[word] = next((s for s in suggestions if s.lower() == word and s != word), "")
    return out


def _capitalisation(inp: CheckInput) -> dict[str, _Proposal]:
    """Lowercase words the document capitalises as a name, or English does (jacobin, lutheran), and
    words derived from a name of the text ('marxist' where the text names Marx)."""
    capital: Counter[str] = Counter()
    for w, n in inp.capitalised.items():
        capital[_POSSESSIVE.sub("", w)] += n
    lower: Counter[str] = Counter()
    for w, n in inp.word_counts.items():
        if w.islower():
            lower[_POSSESSIVE.sub("", w)] += n
    lower = Counter({w: n for w, n in lower.items() if len(w) >= 4 and w.isalpha()})
    by_text = {w: w.capitalize() for w, n in lower.items() if capital[w.capitalize()] >= max(2, 2 * n)}
    ask = set(by_text) | {w for w in lower if len(w) >= 5 and w.endswith(_PROPER_ENDINGS) and zipf(w) < 4.5}
    verdicts = english_capitalises(ask)
    found: dict[str, _Proposal] = {}
    for w, verdict in verdicts.items():
        if verdict:
            found[w] = (verdict, "other", "names.capitalisation", f"'{verdict}' is written with a capital", 0.8)
        elif w in by_text:
            found[w] = (by_text[w], "other", "names.capitalisation",
                        f"the text writes '{by_text[w]}' {capital[by_text[w]]} times", 0.7)
    stems = {n.lower(): n for n, c in capital.items() if c >= 2 and zipf(n.lower()) < COMMON_ZIPF}
    for word in lower:
        for suffix in _DERIVED_SUFFIXES:
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and stem in stems and word not in found:
                form = stems[stem] + suffix
                found[word] = (form, "other", "names.capitalisation",
                               f"derived from '{stems[stem]}', so capitalised", 0.7)
                break
    return found


def _multiword_case(inp: CheckInput) -> list[Finding]:
    """A two- or three-word name the text capitalises (Winter Palace) written otherwise: with a later
    word lowercase (Winter palace), or all lowercase mid-sentence (central committee), when the
    capitalised form is the clear majority. The last word must be an English word (palace), the first
    no function word ('The Professor' and 'the professor' are one title written at and off a
    sentence's start)."""
    words = inp.words

    def run_at(i: int, n: int) -> tuple[str, ...] | None:
        run = words[i : i + n]
        if len(run) < n or any(inp.text[a.end : b.start] != " " or b.sentence_initial
                               for a, b in zip(run, run[1:], strict=False)):
            return None
        return tuple(w.text for w in run)

    titles: Counter[tuple[str, ...]] = Counter()
    for i, w in enumerate(words):
        if w.text[:1].isupper():
            for n in (2, 3):
                t = run_at(i, n)
                if t and all(x[:1].isupper() and x[1:].islower() for x in t):
                    titles[t] += 1
    names = {tuple(x.lower() for x in t): t for t, c in titles.items()
             if c >= 2 and zipf(t[-1].lower()) >= COMMON_ZIPF and zipf(t[0].lower()) < FUNCTION_ZIPF}
    firsts = {k[0] for k in names}
    others: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    for i, w in enumerate(words):
        if w.text.lower() in firsts:
            for n in (2, 3):
                t = run_at(i, n)
                key = tuple(x.lower() for x in t) if t else None
                if t and key in names and t != names[key] and (t[0][:1].isupper() or not w.sentence_initial):
                    others[t].append((i, n))
    out = []
    for written, places in others.items():
        title = names[tuple(x.lower() for x in written)]
        partial = written[0] == title[0] and titles[title] >= 2 * len(places)
        all_lower = all(x.islower() for x in written) and titles[title] >= max(3, 3 * len(places))
        if partial or all_lower:
            for i, n in places:
                out.append(inp.finding(words[i].start, words[i + n - 1].end, " ".join(title), "consistency",
                                       "names.capitalisation",
                                       f"the text writes '{' '.join(title)}' {titles[title]} times", 0.6))
    return out
