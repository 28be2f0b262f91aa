"""Regional spelling variants: one word spelt the British way and the American way in one text
("colour" fourteen times, "color" twice), and a style broken once ("civilise" in a text that
writes realize, organize, recognize).

A family of its own: both forms are English words, so it is no `spelling` finding (non-words),
and it needs the whole text's habits, which no single word shows; capitalised words are names
and left to `names`. No table of words. Pairs come from the documented rules that part British
and American spelling (`FAMILIES`: -our/-or, -ise/-ize with -isation/-ization and the other
inflections, -yse/-yze, -re/-er with centred/centered, -lled/-led, fulfil/fulfill, -ence/-ense,
-ogue/-og, ae/oe and e, -mme/-m), applied to every word of the text in both directions, the
changed part ending a syllable after another (so no "four"/"for", "tilled"/"tiled"). A pair is
kept when both forms are English words (in a project word list, or English as the spelling check
judges it, `spelling.english`: "civilise"; and attested by wordfreq: so no "reprised"/"reprized")
and Harper's dictionaries of the two dialects (harper-py) part them: its British one accepts the
British form, its American one the American form, and one of the two rejects the other's form.
That rules out pairs that are two words in both dialects (timbre/timber, filled/filed, shoe/she).
Words one letter apart that the dialects part the same way, each the other's first suggestion
(grey/gray, sceptic/skeptic, ageing/aging, acknowledgement), make a family of one pair; forms
that differ by an ending (towards/toward, afterwards) do not.

Each occurrence votes for its family's British or American style. In the families where a form
may be another word in the other dialect (-re/-er: British meter, the instrument; -ence/-ense:
British license, the verb; -mme/-m: British program, a computer's; and the one-pair families),
only a form the other dialect rejects votes and may be changed: "meter" is never made "metre".
Elsewhere the British dictionary's leniency is no second sense: -ize is British too (Oxford
spelling), so "realize" counts as -ize in any text. Families are independent (Oxford's -our
with -ize is one consistent style). Where one style of a family clearly dominates (2:1, at least
3) both in its words (roots: colour, coloured and colourful are one) and in their uses, every use
of the other style becomes its partner, case kept ("Colour" → "Color"), even when the text never
writes that partner; else a pair the text writes both ways takes its own clear majority, and a
tie is only flagged. Not looked at: capitalised words the text writes capitalised mid-sentence
(a name: Grey, the Centre), all-capital words, glossary words; quotations are not told apart.

Time: linear in the text (one pass over its words; each distinct word is looked at once, and
Harper is asked once per distinct word in a process: ~1.8 s the first time, with its two
dictionaries built, then 0.1 s for 158,000 words of Anna Karenina).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from harper import Dialect, Linter
from rapidfuzz.distance import OSA

from align.checks.model import CheckInput, Finding, Word
from align.checks.spelling import ATTESTED_ZIPF, english, known, zipf

RULE = "variants.regional"
MAJORITY = 2  # the dominant style is used at least twice as often as the other ...
MIN_MAJORITY = 3  # ... and at least three times
_VOWEL = re.compile(r"[aeiou]")


class Side(Enum):
    """Which of a pair's forms: the British one or the American one."""

    BRITISH = "British"
    AMERICAN = "American"


@dataclass(frozen=True)
class Family:
    """Words spelt by one rule: its name in messages for each side, its rules (a regex for the
    British spelling of the changed part with the American text for it, and the reverse), whether
    the part ends a syllable after another (`after_syllable`: the text before it holds a vowel),
    and whether a form may be another word in the other dialect (`two_senses`: then only a form
    the other dialect rejects votes or is changed)."""

    british: str
    american: str
    rules: tuple[tuple[str, str, str, str], ...]
    two_senses: bool = False
    after_syllable: bool = True


FAMILIES: tuple[Family, ...] = (
    Family("-our", "-or", ((r"our", "or", r"or", "our"),)),
    Family("-ise", "-ize", ((r"is(?=(?:e|es|ed|er|ers|ing|ation|ations|ational|able|ably)$)", "iz",
                             r"iz(?=(?:e|es|ed|er|ers|ing|ation|ations|ational|able|ably)$)", "is"),)),
    # not -yses: that is also the plural of -ysis ("analyses"), as English writes it everywhere
    Family("-yse", "-yze", ((r"ys(?=(?:e|ed|er|ers|ing)$)", "yz", r"yz(?=(?:e|ed|er|ers|ing)$)", "ys"),)),
    # after c and g American keeps -re (acre, ogre)
    Family("-re", "-er", ((r"(?<=[^aeioucg])re(?=s?$)", "er", r"(?<=[^aeioucg])er(?=s?$)", "re"),
                          (r"(?<=[^aeioucg])r(?=(?:ed|ing)$)", "er", r"(?<=[^aeioucg])er(?=(?:ed|ing)$)", "r")),
           two_senses=True),
    # the vowel before the l is part of the match: the syllable before it must hold a vowel (not "tilled")
    Family("-ll-", "-l-", ((r"([aeiou])ll(?=(?:ed|ing|er|ers|or|ors|ous|ery)$)", r"\1l",
                            r"([aeiou])l(?=(?:ed|ing|er|ers|or|ors|ous|ery)$)", r"\1ll"),)),
    Family("-l", "-ll", ((r"([aeiou])l(?=(?:s|ment|ments|ful|fully)?$)", r"\1ll",
                          r"([aeiou])ll(?=(?:s|ment|ments|ful|fully)?$)", r"\1l"),)),
    Family("-ence", "-ense", ((r"ence(?=(?:s|less)?$)", "ense", r"ense(?=(?:s|less)?$)", "ence"),), two_senses=True),
    Family("-ogue", "-og", ((r"ogue(?=s?$)", "og", r"og(?=s?$)", "ogue"),
                            (r"ogu(?=(?:ed|ing)$)", "og", r"og(?=(?:ed|ing)$)", "ogu"))),
    # inside a word, before another syllable (foetus, paediatric; not haem/hem)
    Family("ae/oe", "e", ((r"(?<=[a-z])ae(?=[a-z]*[aeiouy])", "e", r"(?<=[a-z])e(?=[a-z]*[aeiouy])", "ae"),
                          (r"(?<=[a-z])oe(?=[a-z]*[aeiouy])", "e", r"(?<=[a-z])e(?=[a-z]*[aeiouy])", "oe")),
           after_syllable=False),
    Family("-mme", "-m", ((r"(?<=a)mme(?=s?$)", "m", r"(?<=a)m(?=s?$)", "mme"),), two_senses=True),
)
_COMPILED = tuple((family, re.compile(b), a_text, re.compile(a), b_text)
                  for family in FAMILIES for b, a_text, a, b_text in family.rules)


@dataclass(frozen=True)
class Pair:
    """A word's British and American forms, the family (a `Family`, or for words one letter apart,
    the pair alone) whose style they follow, and their root: what comes before the part a rule
    changes (colour, coloured and colourful are one word of the -our family: "col")."""

    british: str
    american: str
    family: Family
    root: str

    def side(self, form: str) -> Side:
        return Side.BRITISH if form == self.british else Side.AMERICAN

    def partner(self, form: str) -> str:
        return self.american if form == self.british else self.british


def check(inp: CheckInput) -> list[Finding]:
    """Occurrences spelt in the style their family is not written in (proposed), and words the text
    writes both ways about equally often (flagged)."""
    places = _occurrences(inp)
    pairs = word_pairs(places)
    judged = _dictionaries().judge(pairs)
    styles: dict[Family, dict[Side, _Style]] = defaultdict(lambda: {side: _Style() for side in Side})
    for form, pair in pairs.items():
        if _votes(pair, form, judged):
            style = styles[pair.family][pair.side(form)]
            style.forms[form] = len(places[form])
            style.roots.add(pair.root)
    out = []
    for written in styles.values():
        for form in (form for style in written.values() for form in style.forms):
            out += [f for word in places[form] if (f := _finding(inp, word, pairs[form], written, places))]
    return sorted(out, key=lambda f: f.start)


@dataclass
class _Style:
    """How often a text writes one style of a family: each form's occurrences, and the words (roots)."""

    forms: Counter[str] = field(default_factory=Counter)
    roots: set[str] = field(default_factory=set)


def _occurrences(inp: CheckInput) -> dict[str, list[Word]]:
    """The text's words that may be a regional form, by lowercase form (a possessive 's dropped):
    lowercase, or capitalised at a sentence's start where the text never writes them capitalised
    mid-sentence; not glossary words."""
    glossary = {g.lower() for g in inp.glossary_words}
    names = {_base(w) for w in inp.capitalised}
    out: dict[str, list[Word]] = defaultdict(list)
    for w in inp.words:
        base = _base(w.text)
        if base.islower() or w.sentence_initial and base[1:].islower() and base not in names:
            out[base.lower()].append(w)
    return {form: words for form, words in out.items()
            if len(form) >= 3 and form.isascii() and form.isalpha() and form not in glossary}


def _base(word: str) -> str:
    """A word without a possessive ending ("colour’s" -> "colour")."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def word_pairs(forms: Iterable[str]) -> dict[str, Pair]:
    """For each of these lowercase words that is one form of a regional pair, its pair: the first a
    rule makes that the dialects part (`_parted`), else a pair one letter apart (`_one_letter_pair`)."""
    forms = [f for f in forms if _word(f)]
    candidates = {form: _rule_partners(form) for form in forms}
    dictionaries = _dictionaries()
    judged = dictionaries.judge({w for pairs in candidates.values() for p in pairs for w in (p.british, p.american)}
                                | set(forms))
    suggested = {s[0] for us, uk in judged.values() for s in (us, uk) if s}
    judged = {**judged, **dictionaries.judge(suggested)}
    out: dict[str, Pair] = {}
    for form, pairs in candidates.items():
        pair = next((p for p in pairs if _parted(p, judged)), None) or _one_letter_pair(form, judged)
        if pair:
            out[form] = pair
    return out


@lru_cache(maxsize=50_000)
def _rule_partners(form: str) -> tuple[Pair, ...]:
    """The pairs the rules make of a word: its British or American form changed to the other at each
    place a rule matches (after a syllable, for most rules), where the result is an English word."""
    out = []
    for family, british, american_text, american, british_text in _COMPILED:
        for pattern, text, is_british in ((british, american_text, True), (american, british_text, False)):
            for m in pattern.finditer(form):
                root = form[: m.start()]
                other = root + m.expand(text) + form[m.end() :]
                if (_VOWEL.search(root) or not family.after_syllable) and _word(other):
                    out.append(Pair(form, other, family, root) if is_british else Pair(other, form, family, root))
    return tuple(out)


def _word(form: str) -> bool:
    """An English word: in a project word list, or seen by wordfreq and English as the spelling check
    judges it (`spelling.english`: "civilise", which neither list has, is the British form of one)."""
    return known(form) or zipf(form) >= ATTESTED_ZIPF and english(form)


# each word's (American, British) verdict: None where the dialect accepts it, else its suggestions
Judgement = Mapping[str, tuple[tuple[str, ...] | None, tuple[str, ...] | None]]


def _parted(pair: Pair, judged: Judgement) -> bool:
    """Whether the two dialects' dictionaries part the pair's forms (each accepts its own, one
    rejects the other's) and wordfreq has seen both."""
    (us_british, uk_british), (us_american, uk_american) = judged[pair.british], judged[pair.american]
    return (uk_british is None and us_american is None and (us_british is not None or uk_american is not None)
            and min(zipf(pair.british), zipf(pair.american)) >= ATTESTED_ZIPF)


def _one_letter_pair(form: str, judged: Judgement) -> Pair | None:
    """A word one dialect rejects with a first suggestion one letter away (added, dropped, changed or
    two swapped) that the other dialect rejects in turn, suggesting the word back: grey/gray. Not
    where the two differ in the last letter or by an ending (towards, toward)."""
    said = [s for s in judged[form] if s is not None]
    if len(said) != 1 or not said[0]:
        return None
    other, american_rejects = said[0][0], judged[form][0] is not None
    if other not in judged or other[-1:] != form[-1:] or other.startswith(form) or form.startswith(other):
        return None
    back = judged[other][1 if american_rejects else 0]
    if not back or back[0] != form or OSA.distance(form, other) != 1 or not _word(other):
        return None
    if min(zipf(form), zipf(other)) < ATTESTED_ZIPF:
        return None
    british, american = (form, other) if american_rejects else (other, form)
    return Pair(british, american, Family(british, american, (), two_senses=True), british)


def _votes(pair: Pair, form: str, judged: Judgement) -> bool:
    """Whether an occurrence of the form counts for its style: always, unless the family's forms
    may be other words (`Family.two_senses`); then only when the other dialect rejects it."""
    us, uk = judged[form]
    return not pair.family.two_senses or (us if pair.side(form) is Side.BRITISH else uk) is not None


def _finding(inp: CheckInput, word: Word, pair: Pair, written: Mapping[Side, _Style],
             places: Mapping[str, list[Word]]) -> Finding | None:
    """The suggestion at one occurrence: its partner where the family, or else the pair, is clearly
    written the other way; a flag where the text writes the pair both ways about as often."""
    written_as = _base(word.text)
    form = written_as.lower()
    side, partner = pair.side(form), pair.partner(form)
    other = Side.AMERICAN if side is Side.BRITISH else Side.BRITISH
    mine, theirs = written[side], written[other]
    here, there = len(places[form]), len(places.get(partner, ()))
    end = word.start + len(written_as)
    replacement = _cased(partner, written_as)
    if _dominant(theirs, mine):
        label = pair.family.american if other is Side.AMERICAN else pair.family.british
        if there:
            whole = f" and {label} in {len(theirs.roots)} words" if len(theirs.roots) > 1 else ""
            message = f"the text writes '{partner}' {_times(there)}{whole}, '{written_as}' here"
        else:
            examples = ", ".join(w for w, _ in theirs.forms.most_common(3))
            message = f"the text writes {label} in {len(theirs.roots)} words ({examples}…), '{written_as}' here"
        return inp.finding(word.start, end, replacement, "consistency", RULE, message, 0.7 if there else 0.6)
    if not there or _dominant(mine, theirs):
        return None
    if _clear(there, here):
        return inp.finding(word.start, end, replacement, "consistency", RULE,
                           f"the text writes '{partner}' {_times(there)}, '{written_as}' here", 0.6)
    if there >= here:
        return inp.finding(word.start, end, None, "consistency", RULE,
                           f"the text writes '{form}' {_times(here)} and '{partner}' {_times(there)}", 0.4)
    return None


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _dominant(many: _Style, few: _Style) -> bool:
    """Whether one style of a family clearly dominates the other: in the words written so (their roots:
    mitre and mitres are one), and in their occurrences (one word written often is no style:
    "piastres" thirteen times)."""
    return _clear(len(many.roots), len(few.roots)) and _clear(many.forms.total(), few.forms.total())


def _clear(many: int, few: int) -> bool:
    """Whether `many` is a clear majority over `few`."""
    return many >= MIN_MAJORITY and many >= MAJORITY * few


def _cased(form: str, like: str) -> str:
    """A lowercase form written as `like` is, lowercase or capitalised (Colour -> Color)."""
    return form[:1].upper() + form[1:] if like[:1].isupper() else form


class _Dictionaries:
    """Harper's American and British dictionaries (its spell check alone), and what they said of each
    word asked: None for a word accepted, else the dialect's suggestions."""

    def __init__(self) -> None:
        self.linters = tuple(self._linter(d) for d in (Dialect.AMERICAN, Dialect.BRITISH))
        self.seen: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...] | None]] = {}

    @staticmethod
    def _linter(dialect: Dialect) -> Linter:
        lint = Linter(dialect)
        lint.set_lint_config({rule: rule == "SpellCheck" for rule in lint.get_default_lint_config()})
        return lint

    def judge(self, words: Iterable[str]) -> Judgement:
        """Each lowercase word's (American, British) verdict; new words are asked in one call per dialect."""
        words = set(words)
        new = sorted(words - self.seen.keys())
        if new:
            said = [{x.problem_text: tuple(s.replacement_text for s in x.suggestions)
                     for x in lint.lint("\n".join(new))} for lint in self.linters]
            for w in new:
                self.seen[w] = (said[0].get(w), said[1].get(w))
        return {w: self.seen[w] for w in words}


@lru_cache(maxsize=1)
def _dictionaries() -> _Dictionaries:
    """Harper's two dictionaries, built once per process (~1 s)."""
    return _Dictionaries()
