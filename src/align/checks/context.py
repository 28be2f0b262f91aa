"""Real-word errors among common words: a word that is a word, but not the one its neighbours want.

Candidates for each lowercase word of the text: the published confusion sets of everyday
English (`CONFUSION_SETS`: accept/except, than/then, lead/led…, closed by nature, each with its
source), and every known word one slip away ("form" for "from", "tines" for "times", "hank"
for "hand"): a letter inserted, dropped or changed, or two adjacent letters swapped (Damerau
1964), found through a deletion index over the words of the bigram list.

The written word w and each candidate x are scored between their neighbours p and n by two
bigram models whose log-likelihood ratios add (a product of two experts):
- English at large: symspellpy's counts, P(x | p) · P(n | x). The bigram list keeps only pairs
  above 6.4 million, so most pairs of a rarer word are missing; a missing pair is estimated,
  never above that threshold (`UNSEEN`), as the larger of its count were the two words
  independent and its count through a word class: how often p precedes (n follows) the listed
  words of x's class, times x's share of them; where x is a class of its own, how often the
  listed words of p's class precede x (of n's class follow x), times p's (n's) share of them.
  A class is the set of Penn tags lemminflect's lexicon gives a word ("walks": NNS|VBZ); a
  word it does not know (a name, "the") and each of the most frequent words (`OWN_CLASS`) it
  does not know as a noun is a class of its own: function words, whose syntax no tag set holds
  (lemminflect tags "to" an adverb), and the commonest verbs and adjectives. So "to
  understands" is unlikely (to seldom precedes a VBZ) and "the nape" is not (the precedes
  nouns), though neither pair is listed; and a frequent noun is judged as a rare one is:
  "times around" and "tines around" are both unlisted, and both words NNS|VBZ. The independence
  estimate counts in the unigram list's units, about 23 times below the bigram list's (the two
  lists count different corpora): a missing pair of two frequent words is rarer than
  independence says, and on DEV this floor ranks better than the same estimate in the bigram
  list's units. A neighbour the list does not know (punctuation, a name) gives x's frequency on
  the left and nothing on the right; a word with no neighbour the list knows is skipped. A
  written word the unigram list lacks but the spelling check's word lists have ("offense")
  counts as rarer than the list's rarest word (`UNLISTED`); a non-word is the spelling check's.
- The text itself, which repeats itself: its own bigram counts, the word scored left out of
  them, over English's frequency of x (which the first expert counts already). Word and
  punctuation mark alike are neighbours here, so the text speaks where English cannot ("hand."
  / "hank."). Smoothing is Witten-Bell's: a token followed by many different words in the text
  leaves more room for one it was never seen with, and the text's frequency of a word leans on
  English's as much as the text has different words (`TEXT_MIN_VOCABULARY` at least: a
  sentence alone is no text to learn from). "pressed her hank." in a text that
  writes "her hand" and "hand." often and "hank" never is strong evidence; "the nape of" is no
  error in a text that writes "nape of" elsewhere.
A candidate is proposed when English does not find it clearly worse on either side
(`SIDE_MIN_LR`) and the likelihood ratio beats the odds that the written word is right: the
noisy channel of Mays, Damerau & Mercer (1991), where a word is written as meant with a fixed
probability and otherwise as each of its real-word slips alike. So an edit needs
10^`EDIT_MIN_LR` times its number of real-word slips (a word with many neighbours, "had", is
a less likely source of each one), and 10^`VOUCHED_LR` times more where the list has the
written word's pair on one side (that neighbour vouches for it; the edit must have the pair
of the other side); a written word whose pairs on both sides are listed keeps its
confusion partners as its only candidates (this also keeps the check fast). A confusion
partner needs 10^`CONFUSION_MIN_LR` (writers confuse those far more often), 10^`ONE_SIDED_LR`
times more next to punctuation, where the sets differ most ("too," but seldom "to,") and the
list has no marks. The thresholds also absorb what the two experts count twice; they were
tuned on the DEV texts of `align.checks.evaluate`, on every site its injectors propose there
(`bench/context_tune.py`), for no more false alarms on clean prose than the check made before. Pairs
with an apostrophe (its/it's) have no counts in the list and are left to the grammar check.
The odds do not rise with how often the text writes the word elsewhere (the author's word, not a
one-off slip): the text's model already counts that, and slips land on the text's own words too
("wish" for "with" where "wish" is written 35 times). On DEV (26.2% of real-word slips fixed, 52
findings on 149,057 clean words) 10x the odds of an edit where the text writes the word 4 times
elsewhere, with the edit's odds lowered to 10^5.9, fixed 26.1% for 46 findings (the 6 dropped
include Anna Karenina's real typo "hut now"): too little for the slips it lets through; 0.25 to 3
times log10(1 + that count) did no better than moving `EDIT_MIN_LR`. Most findings left are of
words the text writes once ("a chanter or").

Where the document is aligned and a sentence encoder is given (`align suggest --model use-m3`),
the Russian has a say on the edits (`align.checks.source_fit`): an edit's margin over its odds
gains `SOURCE_WEIGHT` per unit of cosine its rewrite adds to its bead's similarity with the
Russian, or loses it, and edits up to `SOURCE_REACH` short of their odds are weighed so.
"sat down to sinner" is fine to the bigrams; «обедать» says "dinner". Confusion partners are
left to the bigrams: the encoder hardly tells "there" from "their", and weighing them only
added false alarms on DEV.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache

import lemminflect
from rapidfuzz.distance import OSA

from align.checks import source_fit
from align.checks.model import CheckInput, Finding
from align.checks.spelling import bigrams, known, unigrams

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
CONFUSION_MIN_LR = 2.75  # log10: the odds a confusion-set partner must beat
# ONE_SIDED_LR: 0.5 scored ~1 point more real-word on DEV, but took the sample's "proletariat too…" for "to"
ONE_SIDED_LR = 0.75  # log10: and ~6x more next to punctuation ("too," but seldom "to,": the list has no marks)
EDIT_MIN_LR = 5.95  # log10: the odds an edit must beat, before the number of its real-word slips
VOUCHED_LR = 0.5  # log10: and 3x more where one neighbour vouches for the written word
SIDE_MIN_LR = -1.0  # log10: nor clearly less likely on either side in English at large
UNSEEN = 6_400_000  # the list's threshold: no missing pair is estimated above it
UNLISTED = 12_000  # a word the unigram list lacks is rarer than its rarest (12,714)
OWN_CLASS = 100_000_000  # of the ~770 words this frequent, the ~220 not nouns are each a class of their own
# The Russian's say on an edit (see the module docstring), tuned on the DEV texts that have a source
# (bench/realword_source.py: real-word slips fixed 141 -> 186 of 589, false alarms 0.36 -> 0.37 per
# 1,000 words; weight 50: 193, 0.39; reach 3 or 6 with weight 50: 188 / 194, 0.39 / 0.41).
SOURCE_WEIGHT = 40.0
SOURCE_REACH = 4.0
TEXT_MIN_VOCABULARY = 1_000  # the text leans on English as if it had 1,000 different words at least
MIN_LEN = 3  # shorter words have too many neighbours one slip away
PARAGRAPH = "¶"  # what precedes the first word of a paragraph and follows its last
ROUNDING = 1e-9  # log10: a bound rules a candidate out only this far short (rounding of a few log10s: ~1e-15)


def _partners() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for group in CONFUSION_SETS:
        for w in group:
            out[w] |= set(group) - {w}
    return {w: frozenset(p) for w, p in out.items()}


PARTNERS = _partners()


# ---------------------------------------------------------------- candidates


@lru_cache(maxsize=1)
def _deletion_index() -> dict[str, list[str]]:
    """Each word of the bigram list and every one-letter deletion of it, to the words it comes from
    (a word twice where two deletions agree, "keep" under "kep": `one_edit` takes a set)."""
    vocab = {w for pair in bigrams() for w in pair if w.isalpha() and len(w) >= MIN_LEN}
    index: dict[str, list[str]] = defaultdict(list)
    for w in vocab:
        index[w].append(w)
        for i in range(len(w)):
            index[w[:i] + w[i + 1 :]].append(w)
    return dict(index)


@lru_cache(maxsize=50_000)
def one_edit(word: str) -> tuple[str, ...]:
    """Words of the bigram list one slip from `word` (not itself): a letter inserted, dropped or
    changed, or two adjacent letters swapped (rapidfuzz's OSA distance 1; a word and its swap share a
    one-letter deletion)."""
    index = _deletion_index()
    keys = {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}
    out = {c for k in keys for c in index.get(k, ()) if c != word}
    return tuple(sorted(c for c in out if OSA.distance(word, c, score_cutoff=1) == 1))


@lru_cache(maxsize=50_000)
def _slip_odds(word: str) -> float:
    """log10 of the number of real-word slips of `word`: the noisy channel shares its chance of
    being mistyped among them."""
    return math.log10(max(1, len(one_edit(word))))


# ---------------------------------------------------------------- English at large


def _count(word: str) -> int:
    """The word's count in English: the unigram list's, else UNLISTED for a word of the spelling
    check's lists (a rare word the unigram list lacks: "offense"), else 0 (a non-word)."""
    return unigrams()[0].get(word) or _unlisted(word)


@lru_cache(maxsize=50_000)
def _unlisted(word: str) -> int:
    return UNLISTED if known(word) else 0


@lru_cache(maxsize=100_000)
def word_class(word: str) -> str:
    """The word's Penn tags in lemminflect's lexicon ("walks": "NNS|VBZ"); a word the lexicon does
    not know (a name, "the") and a word of the most frequent that it does not know as a noun
    (function words, whose syntax no tag set holds: lemminflect tags "to" an adverb; the commonest
    verbs and adjectives) is a class of its own. A frequent noun ("times", "house") keeps its
    tags, as a rare one does."""
    readings = lemminflect.getAllLemmas(word)
    if _count(word) >= OWN_CLASS and "NOUN" not in readings:
        return "=" + word
    tags = {tag for upos, lemmas in readings.items() for lemma in lemmas
            for tag, forms in _inflections(lemma, upos).items() if word in forms}
    return "|".join(sorted(tags)) if tags else "=" + word


@lru_cache(maxsize=50_000)
def _inflections(lemma: str, upos: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's forms of a lemma as a part of speech, by Penn tag: asked once per lemma (the
    forms of "walk" class "walks", "walked"…), as lemminflect deep-copies its table on each call.
    Read only."""
    return lemminflect.getAllInflections(lemma, upos)


@dataclass(frozen=True)
class _ClassCounts:
    """The bigram list summed over word classes: how often a word precedes a word of a class, how
    often a word of a class precedes a word, and the unigram counts of the listed words per class."""

    before_class: dict[tuple[str, str], int]
    class_before: dict[tuple[str, str], int]
    mass: dict[str, int]


@lru_cache(maxsize=1)
def _class_counts() -> _ClassCounts:
    classes = {w: word_class(w) for pair in bigrams() for w in pair}
    before_class: dict[tuple[str, str], int] = defaultdict(int)
    class_before: dict[tuple[str, str], int] = defaultdict(int)
    for (a, b), n in bigrams().items():
        before_class[(a, classes[b])] += n
        class_before[(classes[a], b)] += n
    mass: dict[str, int] = defaultdict(int)
    for w, cls in classes.items():
        mass[cls] += _count(w)
    return _ClassCounts(dict(before_class), dict(class_before), dict(mass))


@dataclass(frozen=True, slots=True)
class _Entry:
    """What English's model needs of a word, gathered once per word rather than once per pair:
    its count (`_count`) and log10 of it (-inf for a non-word, whose pairs are never scored), its
    class, whether the class is its own (no classmates to learn its pairs from), and its share of
    the unigram counts of the listed words of its class."""

    text: str
    count: int
    log_count: float
    cls: str
    own: bool
    share: float


@lru_cache(maxsize=100_000)
def _entry(word: str) -> _Entry:
    count, cls = _count(word), word_class(word)
    mass = _class_counts().mass.get(cls, 0)
    return _Entry(word, count, math.log10(count) if count else -math.inf, cls, cls.startswith("="),
                  count / mass if mass else 0.0)


def _pair(a: _Entry, b: _Entry, scored_first: bool) -> float:
    """log10 count of the pair "a b" in English: the list's, else estimated, never above the list's
    threshold, as the larger of its count were a and b independent (in the unigram list's units)
    and its count through the class of the word scored (a when `scored_first`, else b), or through
    the other word's class where the scored word is a class of its own: how often a precedes the
    listed words of b's class, times b's share of them, or the listed words of a's class precede
    b, times a's share."""
    seen = bigrams().get((a.text, b.text))
    if seen:
        return math.log10(seen)
    counts = _class_counts()
    if scored_first == (a.own if scored_first else b.own):  # through b's class
        by_class = counts.before_class.get((a.text, b.cls), 0) * b.share
    else:
        by_class = counts.class_before.get((a.cls, b.text), 0) * a.share
    independent = a.count * b.count / unigrams()[1]
    return math.log10(max(min(max(independent, by_class), UNSEEN), 1.0))


def _left(prev: _Entry | None, word: _Entry) -> float:
    """log10 P(word | prev) in English; word's frequency where the list does not know prev (None)."""
    return _pair(prev, word, False) - prev.log_count if prev else math.log10(word.count / unigrams()[1])


def _right(word: _Entry, nxt: _Entry | None) -> float:
    """log10 P(next | word) in English; nothing (0) where the list does not know next (None)."""
    return _pair(word, nxt, True) - word.log_count if nxt else 0.0


@lru_cache(maxsize=100_000)
def _candidates(prev: str | None, word: str, nxt: str | None) -> tuple[tuple[str, float, float], ...]:
    """The candidates for `word` between prev and nxt (None: a neighbour the list does not know),
    each with the most English's log10 likelihood ratio over `word` can be (a missing pair of the
    candidate taken at UNSEEN, the most it is ever estimated: nearly every candidate falls so far
    short of its odds that a bound from the listed pairs alone rules it out) and the odds it must
    beat. Edits only where the list does not vouch for the word on both sides; where it does on
    one, an edit must have the other pair."""
    if not _count(word):
        return ()  # not a word English knows: the spelling check's
    listed = bigrams()
    left_seen, right_seen = (prev, word) in listed, (word, nxt) in listed
    if left_seen and right_seen:
        edits: tuple[str, ...] = ()
    elif left_seen or right_seen:  # one neighbour vouches for the word: an edit needs the other pair
        edits = tuple(c for c in one_edit(word) if ((c, nxt) if left_seen else (prev, c)) in listed)
    else:
        edits = one_edit(word)
    partners = PARTNERS.get(word, frozenset())
    if not (edits or partners):
        return ()
    written, before, after = _entry(word), (_entry(prev) if prev else None), (_entry(nxt) if nxt else None)
    left, right = _left(before, written), _right(written, after)
    out = []
    for cand in partners.union(edits):
        entry = _entry(cand)
        if not entry.count:
            continue
        if cand in partners:
            odds = CONFUSION_MIN_LR + ONE_SIDED_LR * (prev is None or nxt is None)
        else:
            odds = EDIT_MIN_LR + _slip_odds(cand) + VOUCHED_LR * (left_seen or right_seen)
        # _left and _right, but a missing pair taken at UNSEEN, the most it is ever estimated
        most_left = (math.log10(listed.get((before.text, cand), UNSEEN)) - before.log_count
                     if before else _left(None, entry))
        most_right = math.log10(listed.get((cand, after.text), UNSEEN)) - entry.log_count if after else 0.0
        out.append((cand, most_left + most_right - left - right, odds))
    return tuple(out)


def _english(prev: str | None, word: str, nxt: str | None, cand: str) -> float | None:
    """English's log10 likelihood ratio of `cand` over `word` between prev and nxt (None: a
    neighbour the list does not know); None where English finds it clearly worse on either side."""
    written, entry = _entry(word), _entry(cand)
    before, after = (_entry(prev) if prev else None), (_entry(nxt) if nxt else None)
    left, right = _left(before, written), _right(written, after)
    cand_left = _left(before, entry)
    if prev and cand_left - left < SIDE_MIN_LR:
        return None
    cand_right = _right(entry, after)
    if nxt and cand_right - right < SIDE_MIN_LR:
        return None
    return cand_left + cand_right - left - right


# ---------------------------------------------------------------- the text itself


@dataclass(frozen=True)
class TextCounts:
    """The text's own bigram counts. Each word (lowercased) is linked to what precedes and follows
    it: the previous or next word when only a space lies between, else the punctuation mark
    there, or PARAGRAPH at a paragraph's edge (a mark never spells a word, so one counter holds
    word and mark links alike). Built once per text, in linear time."""

    words: list[str]
    before: list[str]
    after: list[str]
    word_n: Counter[str]
    after_n: Counter[str]  # how often each token follows a word
    links: Counter[tuple[str, str]]
    kinds: Counter[str]  # how many different tokens follow each token

    @classmethod
    def of(cls, inp: CheckInput) -> TextCounts:
        words = [w.text.lower() for w in inp.words]
        gaps = [inp.text[a.end : b.start] for a, b in zip(inp.words, inp.words[1:], strict=False)]
        before = [PARAGRAPH] + [words[k] if gap == " " else _mark(gap, -1) for k, gap in enumerate(gaps)]
        after = [words[k + 1] if gap == " " else _mark(gap, 0) for k, gap in enumerate(gaps)] + [PARAGRAPH]
        links = Counter(zip(words, after, strict=True))
        links.update((b, w) for b, w in zip(before, words, strict=True) if _is_mark(b))
        return cls(words, before, after, Counter(words), Counter(after), links, Counter(a for a, _ in links))

    def log_likelihood(self, i: int, word: str) -> float:
        """log10 P(word | before) · P(after | word) at position i in the text's model, the word
        written at i left out of the counts, over English's frequency of the word. Witten-Bell
        smoothing: a token followed by many different words leaves more room for one it was
        never seen with; the text's frequency of a word leans on English's as much as the text
        has different words."""
        prev, nxt, own = self.before[i], self.after[i], self.words[i]
        links, mine, size, vocabulary = self.links, int(word == own), len(self.words), self.vocabulary
        english = _count(word)
        n = self.word_n.get(word, 0) - mine  # get: a Counter's missing key costs a Python call
        share = (n + vocabulary * english / unigrams()[1]) / (size + vocabulary)
        left = links.get((prev, word), 0) - mine + self._kinds_before(i) * share
        pair = links.get((word, nxt), 0)
        kinds = max(self.kinds.get(word, 0) - (mine and pair == 1), 1)
        right = (pair - mine + kinds * max(self.after_n.get(nxt, 0), 1) / size) / (n + kinds)
        return math.log10(left * right / english)

    def unwritten_log_likelihood(self, i: int) -> float:
        """What `log_likelihood` gives at i any word the text never writes, up to rounding: the text
        knows such a word only through English's frequency, which the score divides out, so only
        the room its neighbours leave for a word never seen with them remains."""
        size, vocabulary = len(self.words), self.vocabulary
        left = self._kinds_before(i) * vocabulary / (unigrams()[1] * (size + vocabulary))
        return math.log10(left * max(self.after_n.get(self.after[i], 0), 1) / size)

    @cached_property
    def vocabulary(self) -> int:
        """How many different words the text has, as far as English's frequencies lean on it."""
        return max(len(self.word_n), TEXT_MIN_VOCABULARY)

    def _kinds_before(self, i: int) -> int:
        """How many different tokens follow the one before position i, the word at i left out."""
        prev = self.before[i]
        return max(self.kinds.get(prev, 0) - (self.links.get((prev, self.words[i]), 0) == 1), 1)


def _mark(gap: str, end: int) -> str:
    """The punctuation of a gap between two words next to the word on that side, or PARAGRAPH."""
    marks = gap.split()
    return marks[end][end] if marks else PARAGRAPH


def _is_mark(token: str) -> bool:
    """A punctuation mark or PARAGRAPH (one character that is no letter), not a word."""
    return len(token) == 1 and not token.isalpha()


# ---------------------------------------------------------------- the decision


def alternatives(text: TextCounts, i: int, word: str, reach: float = 0.0) -> list[tuple[str, float, float]]:
    """The candidates for `word` (lowercase) at position i of the text that fall at most `reach`
    (log10) short of the odds that `word` is right, each with its log10 likelihood ratio and its
    margin over those odds (>= 0: likely enough to propose on the bigrams alone)."""
    counts, listed = unigrams()[0], bigrams()
    prev: str | None = text.before[i]
    nxt: str | None = text.after[i]
    if (prev, word) in listed and (word, nxt) in listed and word not in PARTNERS:
        return []  # both neighbours vouch for the word, and it has no confusion partner
    prev, nxt = (prev if prev in counts else None), (nxt if nxt in counts else None)
    if prev is None and nxt is None:
        return []
    candidates = _candidates(prev, word, nxt)
    if not candidates:
        return []
    here, unwritten = text.log_likelihood(i, word), text.unwritten_log_likelihood(i)
    out = []
    for cand, most, odds in candidates:
        most_here = text.log_likelihood(i, cand) if cand in text.word_n else unwritten
        if most + most_here - here - odds < -reach - ROUNDING:
            continue  # exact: English's ratio is at most `most`, the text's is `most_here` up to rounding
        english = _english(prev, word, nxt, cand)
        if english is None:
            continue
        ratio = english + text.log_likelihood(i, cand) - here
        if ratio - odds >= -reach:
            out.append((cand, ratio, ratio - odds))
    return out


def best_alternative(text: TextCounts, i: int, word: str) -> tuple[str, float] | None:
    """The candidate far more likely than `word` (lowercase) at position i of the text, with its
    log10 likelihood ratio; None when no candidate beats the odds that `word` is right."""
    found = alternatives(text, i, word)
    if not found:
        return None
    cand, ratio, _ = max(found, key=lambda c: c[2])
    return cand, ratio


def checkable(word: str, sentence_initial: bool) -> bool:
    """Whether the check looks at a word by its form: all letters, lowercase (capitalised only where
    a sentence opens), and MIN_LEN letters long or a confusion partner ("to", "of")."""
    low = word.lower()
    return word.isalpha() and (word.islower() or sentence_initial and word[1:].islower()) \
        and (len(low) >= MIN_LEN or low in PARTNERS)


def check(inp: CheckInput) -> list[Finding]:
    """Common words that a near or commonly confused word fits far better between their neighbours
    (and, with an encoder and an alignment, in the meaning of the Russian: `SOURCE_WEIGHT`)."""
    terms = {g.lower() for g in inp.glossary_words}
    text = TextCounts.of(inp)
    reach = SOURCE_REACH if inp.embed is not None and inp.beads else 0.0
    found: dict[int, list[tuple[str, float, float]]] = {}
    for i, w in enumerate(inp.words):
        low = text.words[i]
        if not checkable(w.text, w.sentence_initial) or low in terms \
                or inp.capitalised[low.capitalize()] > inp.word_counts[low]:  # a name of the text
            continue
        alts = alternatives(text, i, low, reach)
        if alts:
            found[i] = alts
    rewrites = [(i, _written(inp.words[i].text, cand)) for i, alts in found.items() for cand, _, _ in alts
                if cand not in PARTNERS.get(text.words[i], ())]
    said = dict(zip(rewrites, source_fit.gains(inp, rewrites) if reach else [None] * len(rewrites), strict=True))
    out: list[Finding] = []
    for i, alts in found.items():
        w = inp.words[i]
        # a partner, or an edit outside the beads, keeps its margin: below 0 it is not proposed
        score, cand, ratio = max((margin + SOURCE_WEIGHT * (said.get((i, _written(w.text, cand))) or 0.0), cand, ratio)
                                 for cand, ratio, margin in alts)
        if score < 0:
            continue
        low, repl = text.words[i], _written(w.text, cand)
        gain = said.get((i, repl))
        kind = "confusion" if cand in PARTNERS.get(low, ()) else "real-word"
        start = w.start if _is_mark(text.before[i]) else inp.words[i - 1].start
        end = w.end + 1 if _is_mark(text.after[i]) else inp.words[i + 1].end
        where = "in English and in this text" + (", and is closer to the Russian" if gain and gain > 0 else "")
        out.append(inp.finding(w.start, w.end, repl, "spelling", f"context.{kind}",
                               f"'{inp.text[start:end].strip()}' is unlikely here; '{repl}' fits far better, {where}",
                               min(0.9, 0.4 + ratio / 20)))
    return out


def _written(word: str, cand: str) -> str:
    """`cand` capitalised as `word` is."""
    return cand.capitalize() if word[0].isupper() else cand
