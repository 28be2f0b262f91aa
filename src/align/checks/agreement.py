"""Subject–verb agreement, a grammar rule Harper lacks.

Hand-written because Harper (harper-py 0.2) checks agreement only after pronouns ("he have"), not
"the peoples was", and exposes no tagger; its other rules stay in `align.checks.grammar`, which
calls `check` here (and `align.checks.negation`, the other rule Harper lacks).

A finite "be", "have" or "do" whose number is not its subject's ("the peoples was", "everything
are", "his relations with these persons was", "there was two men"), and a verb's present where
that is safe (see below: "the men goes", "the marsh begin here"). No part-of-speech tagger:
TextBlob's, the one on PyPI that ships its model, costs more time than this whole rule on a book
for a rough tagging. The subject is found by a small chunker over word classes — closed lists
here, lemminflect's lexicon for nouns, adjectives and verbs:

- The noun phrase ending right before the verb, or before an adverb such as "also", "always",
  "never" before it ("the men also was"): a noun (or "everything", "nobody"…) with up to four
  modifiers before it (adjectives, nouns, numbers, participles, "very"), opened by a determiner
  or possessive ("all his desires", "the old man's sons", "what a hole"), or bare; or a person's
  name: a word the text capitalises where no sentence opens, not ending in -s ("the Karenins"),
  no word of the lexicon's but a noun ("English", "We" after a quotation mark), with its first
  names or title ("Princess Betsy were") and no determiner but a demonstrative or possessive
  ("this Mikhaylov are"; not "the Government", maybe a collective).
- What stands before that phrase says whether it is the subject. The start of the sentence,
  punctuation, a conjunction or relative word, an adverb, a noun ("the state a man are in"), a
  verb that takes a clause ("they pretend this man are"): it is. An auxiliary, a modal, "to", a
  subject pronoun ("Would the man have gone?"), another verb ("who would not eat bacon were", "a
  gap that holds both English and Russian is", "the English misses one chapter and one heading
  aligns"), a pronoun before a bare noun ("to us unhappy creatures is"), a word the lexicon does
  not know: it is not. A preposition makes it an object, and the phrase it hangs on is the
  subject: it must have the same number ("the tips of his ears was"), or the preposition is "of"
  and that phrase is no quantity or collective ("the colour of his eyes were"; but "a number of
  people are", "the rest of the men were", "an infinity of sensations were"); "some", "most",
  "all"… "of" take the number after "of" ("some of the words has", "both of them was"); "each of
  them were", informal and common in good prose, is left alone, as "each", "either", "none" head
  no phrase (but "one of the boys were" is fixed). "after", "before", "since", "until", "for"
  are conjunctions only after punctuation ("…, for the pool were crowded"; not "pay for the
  journey were"); "as", "like", "than", "but" are unknown after a noun phrase ("a face like the
  sun were"). After "and", "or", "nor" with no comma the phrase is one part of a coordinated
  subject: with "and", plural when either part is ("the trap and horses was"), the first is a
  pronoun ("he and his brother was") or both are names or singulars with a determiner each
  ("Levin and Kitty was", "the house and the garden was"; "bread and butter is", "my friend and
  colleague is", "every boy and every girl was" are left alone); with "or", "nor", only plurals
  count ("neither she nor her brother were", "the man or the institution are" are left alone).
  After a comma and "and" it opens a clause ("…, and the weather were fine") unless what stands
  before is a noun phrase or a name, an item of a list; after a comma alone, a singular after
  such an item is left alone ("The dinner, the wine, the service were all very good").
- "who" or "which" right before the verb: the phrase before it is the subject ("the peasants
  who was working"), unless a preposition or "and" stands before that phrase ("one of the men
  who are") or a comma before "which" (its antecedent may be the clause: "…, which was
  annoying").
- "there" opening a clause before "be": the noun phrase after the verb is the subject ("there
  was two men", "there are a man", "there were nothing"); left alone are a singular that is the
  first of several ("there is a man and two women"), one whose determiner does not make it
  singular ("there were no room"), measures ("there was ten roubles"), "a few", "a dozen".
- A subject pronoun right after "be", "have" or "do" makes it inverted ("what the devil are
  you"), as does a noun phrase after the verb in a clause that opens with a preposition or a
  question word ("In the circle were her sisters", "What relation have the Buddhists"); sentences
  in written dialect ("ain't", "them boys was", "goin'") are left alone.

Number comes from lemminflect's lexicon: a plural is a noun form that is not its own lemma
("peoples", "men", "others"); unknown words ending like plural nouns ("reflections") are
plurals; nouns that are their own lemma count by English's usage (symspellpy's bigram counts
from Google Books: "clothes", "people", "relations" are plural, "news" singular; "means",
"series" are of either number, as are "sheep" and "swine"; "well" is no plural for "as well
are"); a noun that is also an adverb counts only with a common plural ("the sound", not
"today"). Left alone: a plural English often writes with the verb as written ("works is", a
factory), a measure with a number ("ten years was", "two thirds of the land is"), collectives
and quantities, of either number ("the family were", "the majority was": a closed list; and
singulars English often writes with plural verbs), a word that is also an adjective for people
("the wounded were", "the first were") unless a singular determiner fixes it a noun or its
plural is common ("a patient are", "patients"), a determiner of the other number ("a few men"),
phrases that are adverbs ("no doubt", "this time"), a word named ("that word people is").
"were" after a singular is also the subjunctive ("if the man were here", "as though the house
were empty", "the man were to come"): a clause that opens with a conditional word, or "were
to", is left alone. "have" and "do" are also plain forms after a noun ("let the man have it"),
so after a singular they count only before "not" or a past participle, or where a phrase other
than a name opens a clause (not after "that", "lest": the subjunctive).

A verb's present counts where English writes the word more as a verb than as a noun (more
"know the" than "the know"; not "the log", "the rules"). Its -s form after a plural counts ("the
men goes") unless it is also a plural noun after an adjective, before a verb, at the end of a
phrase or after a coordinated subject ("such poor results", "on the third day matters were
settled", "their reference marks,"). Its plain form after a singular counts only where nothing
else can be read: a word that is only a verb and not its past or participle ("know", "seem";
not "run", "like", "want"), after a noun with a determiner and no adjective reading, opening a
clause (the start, punctuation, a conjunction other than those of the subjunctive: "lest the man
know"), and a pair English does not write. A subject pronoun with a verb's present counts too
("it seem", "they goes": Harper's rule is trusted only with "be", "have" and "do") where the
pronoun opens a clause ("made it seem", "lest he know" are left alone) and an -s form is no
plural noun after "you" ("you fools"). Plain forms after the subjects of wishes are the
subjunctive ("God have mercy", "the devil take it"). Cardinals head no phrase ("the two kings").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache
from itertools import accumulate

import lemminflect

from align.checks.model import CheckInput, Finding
from align.checks.spelling import bigrams, zipf


class Number(Enum):
    """The grammatical number of a noun phrase or a finite verb."""

    SINGULAR = "singular"
    PLURAL = "plural"


_SG, _PL = Number.SINGULAR, Number.PLURAL

# The finite forms of "be", "have" and "do" (a closed class): the number each shows, and the other's form.
_FINITE: dict[str, tuple[Number, str]] = {
    "is": (_SG, "are"), "was": (_SG, "were"), "has": (_SG, "have"), "does": (_SG, "do"),
    "isn't": (_SG, "aren't"), "wasn't": (_SG, "weren't"), "hasn't": (_SG, "haven't"), "doesn't": (_SG, "don't"),
    "are": (_PL, "is"), "were": (_PL, "was"), "have": (_PL, "has"), "do": (_PL, "does"),
    "aren't": (_PL, "isn't"), "weren't": (_PL, "wasn't"), "haven't": (_PL, "hasn't"), "don't": (_PL, "doesn't"),
}
# Also plain forms, which may follow a noun ("let the man have it"): counted only before "not" or a participle.
_ALSO_PLAIN = frozenset(("have", "do"))
_HAVE_DO = frozenset(w for w in _FINITE if w.startswith(("ha", "do")))

# Closed classes. Determiners, with the number each fixes (None: either).
_DETERMINERS: dict[str, Number | None] = {
    **dict.fromkeys("the my your his her its our their whose no some any what which all such enough other".split()),
    **dict.fromkeys("a an this that every each another either neither one".split(), _SG),
    **dict.fromkeys("these those several many few both".split(), _PL),
}
_PREDETERMINERS = frozenset("all both half".split())
_BEFORE_A = frozenset("such quite what many rather".split())  # "such a man", "many a man"
_CARDINALS = frozenset(("two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
                        "fifty sixty hundred thousand million").split())
_DEGREE = frozenset("very most more less least so too rather quite".split())
_PLURAL_QUANTIFIERS = frozenset("many few".split())
# Pronouns the lexicon calls nouns; none heads or modifies a noun phrase here.
_PRONOUNS = frozenset(("i me you he him she her it we us they them who whom whose which what that this these those "
                       "myself yourself himself herself itself ourselves themselves none each all both").split())
_SINGULAR_PRONOUNS = frozenset(
    "everything nothing something anything everyone everybody someone somebody anyone anybody nobody".split())
# Words for people in general when "the" stands before them, as "the poor" ("the first were", "the
# good die young"); adjectives with no common plural noun are found from wordfreq (`_rare_plural`).
_PEOPLE_ADJECTIVES = frozenset("first second third fourth fifth last next former latter same good evil".split())
# Collective and quantity nouns, of either number ("the family were", "the majority was", "a
# couple are"; before "of" the noun after it decides: "a number of people are"): they head no
# phrase. Usage (bigram counts) finds other collectives.
_COLLECTIVES = frozenset((
    "amount army audience band board bulk class clergy committee community company congregation council couple "
    "crew crowd dozen faculty family flock fraction gentry government group half handful herd host household "
    "humanity jury kind lot majority mankind mass militia minority multitude nation nobility number pair part "
    "party peasantry percentage population portion proportion public quantity regiment remainder rest score "
    "series set society sort staff team total troop type variety youth").split())
# Noun phrases that are adverbs ("no doubt", "this time", "every day").
_ADVERBIAL_DETERMINERS = frozenset("no this that every each one some any another".split())
_ADVERBIAL_NOUNS = frozenset("doubt time day night morning evening moment minute hour instant week month year".split())
# Subjects of wishes in the subjunctive ("God have mercy", "the devil take it").
_OPTATIVE = frozenset("god lord heaven heavens devil deuce saints".split())
# Units that a number makes one amount ("ten years was a long time", "two thirds of the land is").
_MEASURES = frozenset((
    "years months weeks days hours minutes seconds miles versts yards feet inches leagues paces pounds roubles "
    "rubles kopecks copecks francs dollars shillings pence livres sous crowns guineas acres degrees tons halves "
    "thirds quarters fifths tenths percent").split())
# Nouns before a word they name ("the word people is").
_MENTION = frozenset("word words name names term expression phrase title".split())
# Nouns whose plural is usually themselves, which the lexicon gives a regular plural first ("swines").
_UNCHANGED_PLURALS = frozenset("sheep swine deer fish salmon trout cod grouse moose bison elk offspring aircraft craft"
                               .split())
# Prepositions that are never conjunctions: a noun phrase after one is its object.
_PREPOSITIONS = frozenset((
    "of in on at by with from to into onto upon about above across against along alongside amid amidst among "
    "amongst around round behind below beneath beside besides between beyond despite down during except "
    "inside near off out outside over past per through throughout toward towards under underneath unto up via "
    "within without concerning regarding including").split())
# Words that are prepositions or conjunctions: unknown where a noun phrase ends before them ("a
# face like the sun was"), else conjunctions ("as naturally as a plant is drawn").
_PREPOSITION_OR_CONJUNCTION = frozenset("as like than but".split())
# Words that are prepositions or conjunctions of time or reason: a conjunction only after punctuation
# ("…, for the pool was crowded"), else unknown ("pay for the journey were", "occurred after the shooting were").
_PREPOSITION_OR_CONJUNCTION_AFTER_PUNCTUATION = frozenset("after before since until till for".split())
# Verbs that take a clause without "that": a noun phrase after one may be that clause's subject
# ("they pretend this man is"); after other verbs it is their object ("who would not eat bacon were").
_CLAUSE_VERBS = frozenset((
    "say says said think thinks thought know knows knew believe believes believed feel feels felt see sees saw "
    "hear hears heard find finds found suppose supposed fancy fancied hope hoped fear feared pretend pretended "
    "declare declared understand understood realise realised realize realized notice noticed imagine imagined "
    "assume assumed guess reckon swear swore admit admitted remember remembered forget forgot mean meant "
    "learn learned learnt show showed prove proved doubt doubted wonder wondered expect expected suspect suspected "
    "trust trusted").split())
_COORDINATORS = frozenset(("and", "or", "nor"))
_MODALS = frozenset("can could may might must shall should will would ought need dare".split())
# After these a noun phrase is no subject: auxiliaries and modals (inverted: "Would the man have
# gone?"), "to", "not", subject pronouns.
_NO_SUBJECT_AFTER = _MODALS | frozenset("am be been being had did to not i he she we they".split()) | _FINITE.keys()
# Verbs whose object may take a bare infinitive ("let the man have it", "felt the ground tremble").
_BARE_INFINITIVE = frozenset((
    "let lets make makes made help helps helped see sees saw seen hear hears heard watch watches watched bid bade "
    "have has had feel feels felt notice notices noticed observe observed").split())
# Conjunctions after which a plain form may be the subjunctive ("lest the man know", "that he go").
_SUBJUNCTIVE_OPENERS = frozenset("that lest if unless whether till until before though although".split())
# A subject pronoun right after the verb is its subject: the verb is inverted ("what the devil are you").
_SUBJECT_PRONOUNS = frozenset("i you he she it we they".split())
_WH = frozenset("what which where how why when whom whose".split())
_PERSONAL = frozenset("i you he she we they me him us them".split())  # not "her": "her and his mother's"
_RELATIVE_OR_SUBJECT = frozenset("that which who i you he she it we they".split())
_NAME_DETERMINERS = frozenset("this my your his her our their".split())
# Subject pronouns and the number their verbs' presents take ("he goes", "I go").
_PRONOUN_NUMBER = {**dict.fromkeys(("he", "she", "it"), _SG), **dict.fromkeys(("i", "you", "we", "they"), _PL)}
# Adverbs that may stand between a subject and its verb ("the men also were").
_FLOATING = frozenset(
    "also always often never still already just only even sometimes usually ever seldom rarely all both".split())
# Conjunctions and relative words, which open a clause (the lexicon knows few of them).
_CONJUNCTIONS = _WH | frozenset((
    "but yet so that because though although while whilst whenever wherever whereas if unless whether once lest "
    "who wherein whereby whereupon").split())
# What opens a clause whose subject a plain form may follow ("…, for her hair go"): not a subjunctive opener.
_CLAUSE_OPENERS = _CONJUNCTIONS | _COORDINATORS | frozenset("for as since".split())
# Quantifiers before "of" that take the number of the noun after it ("some of the words have").
_OF_QUANTIFIERS = frozenset("some most all half many several few both lots plenty".split())
_PLURAL_OF = frozenset("all both many several few".split())  # "both of them were"
# Contractions that look like possessives ("it's", "that's").
_NOT_POSSESSORS = frozenset("it he she that this what there here who where how let when why".split())
# Suffixes of plural nouns the lexicon lacks ("reflections").
_PLURAL_SUFFIXES = ("ions", "ments", "nesses", "ities", "ances", "ences", "ships", "isms", "ists")

_WRITTEN_OFTEN = 0.25  # English writes the noun with this verb at least a quarter as often as with the other
_COMMON_PLURAL = 3.5  # zipf: an adjective or adverb whose plural noun is this common is a noun too ("patients")
_SUBJUNCTIVE = re.compile(r"\b(?:if|though|as if|as though|wish|wished|suppose|supposing|whether|unless|lest|rather)"
                          r"\b", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[,;:–—()“”\"‘’!?.…\[\]]")
_TOKEN = re.compile(r"([A-Za-z]+(?:['’][A-Za-z]+)?|\d+)")  # captured: split keeps the words
# Written dialect (reported speech), where agreement follows other rules ("them boys was").
_DIALECT = re.compile(r"ain['’]t\b|['’]em\b|in['’](?![a-z])|\bthem [a-z]+s (?:is|was|has|does)\b", re.IGNORECASE)



def check(inp: CheckInput) -> list[Finding]:
    """Agreement findings over the text's sentences."""
    names = inp.capitalised
    return [inp.finding(s.start + start, s.start + end, replacement, "grammar", "grammar.subject-verb", message, 0.6)
            for s in inp.segmentation.sentences for start, end, replacement, message in _agreement(s.text, names)]


@dataclass(frozen=True)
class _Tokens:
    """A sentence's words: as written, lowercase (’ as '), offsets, what lies before each, and
    whether that holds punctuation."""

    text: list[str]
    low: list[str]
    start: list[int]
    end: list[int]
    gap: list[str]
    punctuated: list[bool]

    @classmethod
    def of(cls, sentence: str) -> _Tokens:
        parts = _TOKEN.split(sentence)  # gap, word, gap, word, …, what follows the last word
        text, gap = parts[1::2], parts[:-1:2]
        ends = list(accumulate(map(len, parts)))  # where each part ends
        return cls(text, [w.lower().replace("’", "'") for w in text], ends[:-1:2], ends[1::2], gap,
                   [g != " " and _PUNCTUATION.search(g) is not None for g in gap])

    def opens(self, k: int) -> bool:
        """Whether token k opens the sentence or follows punctuation."""
        return k == 0 or self.punctuated[k]

    def spaced(self, k: int) -> bool:
        """Whether only a space lies between token k and the one before it."""
        return k > 0 and self.gap[k] == " "

    def clause(self, k: int) -> int:
        """The first token of token k's clause: after the last punctuation before it."""
        while k > 0 and not self.punctuated[k]:
            k -= 1
        return k


@dataclass(frozen=True)
class _Phrase:
    """A noun phrase: its number (None: a collective's, either), head token, first token, determiner,
    and whether a number word is in it."""

    number: Number | None
    head: int
    start: int
    determiner: str | None = None
    counted: bool = False
    joined: bool = False  # singulars joined by "and", or a pronoun ("both of them"): usage says nothing
    name: bool = False  # a person's name ("Princess Betsy")


class _Left(Enum):
    """What stands before a noun phrase, and so what the phrase is."""

    SUBJECT = "subject"  # the phrase opens a clause
    PREPOSITION = "preposition"  # the phrase is its object
    COORDINATION = "coordination"  # "and", "or", "nor" with no comma: maybe one part of a subject
    OBJECT = "object"  # after a verb whose object may take a bare infinitive ("let the man have it")
    NONE = "none"  # no subject: inverted, after "to", or not known


@lru_cache(maxsize=50_000)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    return dict(lemminflect.getAllLemmas(word))


@lru_cache(maxsize=50_000)
def _inflection(lemma: str, tag: str) -> tuple[str, ...]:
    """lemminflect's forms of a lemma for a Penn tag ("VBZ", "NNS"…): asked once per lemma and tag,
    as lemminflect deep-copies the lemma's table on each call."""
    return tuple(lemminflect.getInflection(lemma, tag))


def _count(a: str, b: str) -> int:
    return bigrams().get((a, b), 0)


def _in_use(noun: str, *verbs: str) -> int:
    return sum(_count(noun, v) for v in verbs)


@lru_cache(maxsize=50_000)
def _noun_number(word: str) -> tuple[Number | None, bool] | None:
    """A lowercase noun's number (None for a collective, of either number: "the majority was",
    "the majority were") and whether it is also an adjective for people ("the poor"); None for a
    word that is no noun, or a noun of either number ("sheep", "means")."""
    if word in _COLLECTIVES:
        return None, False
    if word in _PRONOUNS or word in _DETERMINERS and word != "one" or word in _CARDINALS:
        return None
    lemmas = _lemmas(word)
    if not lemmas:  # unknown to the lexicon
        return (_PL, False) if word.endswith(_PLURAL_SUFFIXES) else None
    if "NOUN" not in lemmas or "AUX" in lemmas or "ADV" in lemmas and _rare_plural(word):
        return None  # "the day before yesterday"; but "the sound of the bells"
    people = "ADJ" in lemmas and (word in _PEOPLE_ADJECTIVES or _rare_plural(word))
    if word not in lemmas["NOUN"]:
        return _PL, people
    plural, singular = _in_use(word, "are", "were", "have"), _in_use(word, "is", "was", "has")
    if plural and plural >= singular and not {"ADJ", "ADV"} & lemmas.keys():  # "clothes", "people", "relations";
        return _PL, people  # not "well" ("as well are")
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and not (singular and not plural) or \
            _unchanged_plural(word, singular):
        return None  # "means", "series"; "sheep", "swine" (but "news", never written with "are")
    return _SG, people


def _unchanged_plural(word: str, singular_use: int) -> bool:
    """A noun whose plural may be itself ("sheep", "swine"): the lexicon's plural is the word, and
    English's usage does not show it a mass noun ("the weather is")."""
    plurals = _inflection(word, "NNS")
    return word in _UNCHANGED_PLURALS or bool(plurals) and plurals[0] == word and not singular_use


def _rare_plural(word: str) -> bool:
    """Whether the noun's plural is rare: an adjective or adverb with it is no noun in the first
    place ("the poor", "the wounded", "today"; but "a patient", with "patients", "the sound")."""
    plural = _inflection(word, "NNS")
    return not plural or plural[0] == word or zipf(plural[0]) < _COMMON_PLURAL


def _written(t: _Tokens, k: int, names: Counter[str]) -> bool:
    """Whether token k is written as a common word: lowercase, or capitalised where a sentence or
    quotation opens, and then no name (never capitalised elsewhere in the text) unless a determiner."""
    word = t.text[k]
    return word.islower() or t.opens(k) and (len(word) == 1 or word[1:].islower()) and (
        word not in names or t.low[k] in _DETERMINERS)


def _possessive(t: _Tokens, k: int) -> bool:
    low = t.low[k]
    return low.endswith("'s") and low[:-2] not in _NOT_POSSESSORS and low[:-2] not in _PRONOUNS


def _modifier(word: str) -> bool:
    """A word that may stand between a determiner and its noun: an adjective, a noun, a participle,
    a number, a degree word."""
    if word in _DEGREE or word in _CARDINALS or word.isdigit():
        return True
    if word in _DETERMINERS or word in _PRONOUNS or word in _PREPOSITIONS or word in _NO_SUBJECT_AFTER or \
            word in _COORDINATORS or word in _PREPOSITION_OR_CONJUNCTION or \
            word in _PREPOSITION_OR_CONJUNCTION_AFTER_PUNCTUATION:
        return False
    lemmas = _lemmas(word)
    return bool({"ADJ", "NOUN"} & lemmas.keys()) or "VERB" in lemmas and word.endswith(("ing", "ed", "en"))


def _verb_too(word: str) -> bool:
    """A plural noun that is also a verb's -s form ("wants", "loves"): no head without a determiner."""
    return verb_form(word, "VBZ")


def verb_form(word: str, tag: str) -> bool:
    """Whether the word is the form `tag` (a Penn verb tag: VBZ, VBN…) of a verb it may be a form
    of in lemminflect's lexicon ("left" is the VBN of leave)."""
    return any(word in _inflection(lemma, tag) for lemma in _lemmas(word).get("VERB", ()))


def _phrase(t: _Tokens, h: int, names: Counter[str]) -> _Phrase | None:
    """The noun phrase whose head is token h, or None when token h heads none we can number."""
    if not _written(t, h, names):  # a name; not "the Spanish Inquisition have", maybe a collective
        return _name(t, h, names)
    low = t.low[h]
    if low in ("them", "us", "you") and h > 1 and t.low[h - 1] == "of" and t.low[h - 2] in _PLURAL_OF:
        return _Phrase(_PL, h, h, "of", joined=True)  # "both of them was"
    found: tuple[Number | None, bool] | None = (_SG, False) if low in _SINGULAR_PRONOUNS else _noun_number(low)
    if found is None:
        return None
    number, people = found
    j, determiner, counted, possessed = h, None, False, False
    while t.spaced(j) or j > 0 and t.gap[j] == "-":
        word = t.low[j - 1]
        if h - j > 4:
            break
        if _possessive(t, j - 1):  # "a good man's sons": the possessor's words are walked over too
            possessed = True
        elif word in _DETERMINERS and _written(t, j - 1, names):
            determiner = word
            j -= _predeterminers(t, j - 1)
            break
        elif not (_modifier(word) and _written(t, j - 1, names) or t.text[j - 1][0].isupper() and not t.opens(j - 1)):
            break  # a modifier, or a name: "a Corot exhibition"
        counted = counted or word in _CARDINALS or word.isdigit()
        j -= 1
    fixed = None if possessed else _DETERMINERS.get(determiner or "")
    if determiner == "that" and number is _PL:
        determiner, j = None, j + 1  # a conjunction: "he said that men were"
    elif fixed is not None and number is not None and fixed is not number or counted and number is _SG:
        return None  # "a few men", "this sheep", "two sheep": the lexicon's number is not the phrase's
    noun_before = j < h and t.low[h - 1] not in _DETERMINERS and not _possessive(t, h - 1) and \
        "NOUN" in _lemmas(t.low[h - 1]) and "ADJ" not in _lemmas(t.low[h - 1])  # a noun, so maybe a subject
    if _verb_too(low) and (noun_before or determiner is None and not possessed and
                           not t.opens(j) and t.low[j - 1] not in _COORDINATORS and t.low[j - 1] not in _FINITE):
        return None  # "her honour lies", "what Levin wants is"; but "…: tears was", "the trap and horses was"
    if people and number is _SG and fixed is not _SG:
        return None  # "the wounded were": the people an adjective describes
    if any(t.low[k] in _MENTION for k in range(j, h)):
        return None  # "that word people is so indefinite": a word named, not used
    if low == "sake" or determiner in _ADVERBIAL_DETERMINERS and low in _ADVERBIAL_NOUNS:
        return None  # "who no doubt are", "they this time were", "for God's sake don't": an adverb, not a subject
    return _Phrase(number, h, j, determiner, counted)


def _name(t: _Tokens, h: int, names: Counter[str]) -> _Phrase | None:
    """A person's name ending at token h, a singular: a word the text capitalises where no sentence
    opens, not ending in -s ("the Karenins"), no adjective ("English"), with its first names or
    title before it ("Princess Betsy") and no determiner but a demonstrative or possessive ("the
    Karenins", "the Government" may be plural, "this Mikhaylov" is not); no word of the lexicon's
    but a noun."""
    word, low = t.text[h], t.low[h]
    if word not in names or word.endswith("s") or not word[1:].isalpha() or not word[1:].islower() or \
            _lemmas(low).keys() - {"NOUN"} or low in _PRONOUNS or low in _DETERMINERS or low in _CONJUNCTIONS or \
            low in _PREPOSITIONS or low in _MODALS:
        return None  # not "I’ll", "We" (capitalised after a quotation mark), "English", "Hope"
    j = h
    while t.spaced(j) and t.text[j - 1][0].isupper() and t.low[j - 1] not in _DETERMINERS and \
            not _possessive(t, j - 1) and t.low[j - 1] not in _CONJUNCTIONS:
        j -= 1
    if t.spaced(j) and (t.low[j - 1] in ("the", "a", "an", "these", "those") or _possessive(t, j - 1)):
        return None  # but "this Mikhaylov are", "I see that Anna are"
    if t.spaced(j) and t.low[j - 1] in _NAME_DETERMINERS:
        j -= 1  # "this Mikhaylov", "my Varenka"; not "holds both English and Russian"
    return _Phrase(_SG, h, j, name=True)


def _predeterminers(t: _Tokens, d: int) -> int:
    """How many words before the determiner at token d belong to its phrase: "all the men", "half
    his talents", "what a hole", "so many sizes", "a few days", "so short a time"."""
    word = t.low[d]
    before = t.low[d - 1] if t.spaced(d) else ""
    if before in _PREDETERMINERS or before in _BEFORE_A and word in ("a", "an") or \
            before in _DEGREE and word in _PLURAL_QUANTIFIERS or before in ("a", "an") and word in ("few", "little"):
        return 2
    if word in ("a", "an") and t.spaced(d - 1) and t.low[d - 2] in ("so", "too", "as", "how") and \
            "ADJ" in _lemmas(before):
        return 3
    return 1


def _left(t: _Tokens, s: int, names: Counter[str]) -> _Left:
    """What the words before token s (a phrase's first) make of the phrase."""
    if t.opens(s):
        return _Left.SUBJECT
    if not t.spaced(s):
        return _Left.NONE
    word = t.low[s - 1]
    if word in _PREPOSITIONS:
        return _Left.PREPOSITION
    if word in _COORDINATORS:  # after a comma and a clause, it opens one ("…, and the weather were fine")
        return _Left.COORDINATION if not t.opens(s - 1) else _Left.NONE if _listed(t, s - 1, names) \
            else _Left.SUBJECT
    if word in _PREPOSITION_OR_CONJUNCTION_AFTER_PUNCTUATION:
        return _Left.SUBJECT if t.opens(s - 1) else _Left.NONE
    if word in _PREPOSITION_OR_CONJUNCTION and not t.opens(s - 1) and s > 1 and _phrase(t, s - 2, names):
        return _Left.NONE  # "a face like the sun was"
    if word in _NO_SUBJECT_AFTER:
        return _Left.NONE
    if t.low[s] == "that" or word in _CONJUNCTIONS:
        return _Left.SUBJECT  # "that" is also a conjunction: "concluded that man were born"
    if word in _PRONOUNS:  # "told him the men were", "asked what those dogs were"; not "to us unhappy creatures is"
        bare = t.low[s] not in _DETERMINERS and t.low[s] not in _PREDETERMINERS and not _possessive(t, s) and \
            t.low[s] not in _SINGULAR_PRONOUNS  # "around him everything were"
        return _Left.NONE if bare else _Left.SUBJECT
    if word in _BARE_INFINITIVE:
        return _Left.OBJECT
    lemmas = _lemmas(word)
    if "VERB" in lemmas and word not in _CLAUSE_VERBS and (
            s > 1 and t.spaced(s - 1) and t.low[s - 2] in _RELATIVE_OR_SUBJECT or
            word not in lemmas["VERB"] and not word.endswith("ing") and not (
                s > 1 and t.spaced(s - 1) and (t.low[s - 2] in _DETERMINERS or _possessive(t, s - 2)))):
        return _Left.NONE  # a verb's object: "a gap that holds both English and Russian is", "the English misses
        # one chapter and one heading aligns"; but "in the holds the men were"
    if s > 1 and t.spaced(s - 1) and t.low[s - 2] == "how":
        return _Left.SUBJECT  # "How puzzling all these changes are!"
    if not lemmas or "VERB" in lemmas and not {"NOUN", "ADV"} & lemmas.keys() and word not in _CLAUSE_VERBS:
        return _Left.NONE  # the verb's object ("that formed the thicket were"), or a word we do not know
    return _Left.SUBJECT


def _subject(t: _Tokens, i: int, names: Counter[str]) -> tuple[_Phrase, _Left] | None:
    """The subject of the verb at token i if the phrase before it is one (see the module
    docstring), and what stands before it."""
    if t.low[i - 1] in _FLOATING and t.spaced(i - 1) and i > 1:
        i -= 1  # "the men also was"
    if t.low[i - 1] in ("who", "which") and i > 1 and (t.spaced(i - 1) or t.low[i - 1] == "who"):
        antecedent = _phrase(t, i - 2, names)  # "the man who live", "the horses, who was"; not "…, which was"
        if antecedent is None or antecedent.start > 0 and t.low[antecedent.start - 1] in _COORDINATORS or \
                _left(t, antecedent.start, names) is _Left.PREPOSITION:
            return None  # "one of the men who are", "the man and the boy who were"
        return antecedent, _Left.SUBJECT
    phrase = _phrase(t, i - 1, names)
    for _ in range(4):  # "the colour of the eyes of the men", "the boy and the girls"
        if phrase is None:
            return None
        left = _left(t, phrase.start, names)
        p = phrase.start - 1  # the preposition or conjunction
        if left is _Left.PREPOSITION:
            if t.low[p] == "of" and t.spaced(p) and t.low[p - 1] in _OF_QUANTIFIERS:
                phrase = replace(phrase, start=p - 1)  # "some of the words"
                continue
            holder = _phrase(t, p - 1, names) if t.spaced(p) else None
            if holder is None or holder.number is None:
                return None  # "a number of people are", "the rest of the men were"
            if phrase.number is not None and holder.number is not phrase.number and (
                    t.low[p] != "of" or holder.determiner in ("a", "an")):
                return None  # "an infinity of sensations were", "sizes in a day is"
            phrase = holder  # "the contents of the letter were", "the colour of his eyes was", "the
            # members of the committee have"
        elif left is _Left.COORDINATION:
            first = _phrase(t, p - 1, names) if t.spaced(p) else None
            if first is None and t.spaced(p) and t.low[p] == "and" and t.low[p - 1] in _PERSONAL:
                first = _Phrase(_PL, p - 1, p - 1, joined=True)  # "he and his brother was"
            if first is None:
                return None
            numbers = {first.number, phrase.number}
            if None in numbers:
                return None
            if t.low[p] == "and" and (_PL in numbers or _two_things(t, first) and _two_things(t, phrase)):
                # "the boy and the girls", "the house and the garden"; not "bread and butter is", "my friend
                # and colleague", "each boy and girl"
                phrase = replace(phrase, number=_PL, start=first.start, joined=_SG in numbers)
            elif t.low[p] != "and" and numbers == {_PL}:  # "the boys or the men"; not "the man or the boy are"
                phrase = replace(phrase, start=first.start)
            else:
                return None
        else:
            return phrase, left
    return None


def _two_things(t: _Tokens, phrase: _Phrase) -> bool:
    """Whether a singular joined by "and" to another names a thing of its own: a noun that is no
    adverb after a determiner that does not distribute ("every boy and every girl was") and only
    adjectives between (no "his arm shot forward and the harpoon was"), or a name."""
    return phrase.name or t.low[phrase.start] in _DETERMINERS and \
        t.low[phrase.start] not in ("every", "each", "no", "a", "an") and "ADV" not in _lemmas(t.low[phrase.head]) and \
        all("NOUN" not in _lemmas(t.low[k]) for k in range(phrase.start + 1, phrase.head))


def _listed(t: _Tokens, k: int, names: Counter[str]) -> bool:
    """Whether the words before token k (a conjunction after a comma), back to the punctuation or
    start before them, are a noun phrase: an item of a list ("the wind, the rain, and the snow
    were", "Levin, Kitty, and the old prince were"), not a clause."""
    if k > 0 and t.text[k - 1][0].isupper() and not t.opens(k - 1):
        return True  # a name
    phrase = _phrase(t, k - 1, names) if k > 0 else None
    if phrase is None or "ADV" in _lemmas(t.low[phrase.head]):
        return False  # "Well, the window are open"
    for _ in range(4):  # "the tip of the ear of the horse, and…"
        if t.opens(phrase.start):
            return True
        p = phrase.start - 1
        if t.low[p] not in _PREPOSITIONS or not t.spaced(p):
            return False
        holder = _phrase(t, p - 1, names)
        if holder is None:
            return False
        phrase = holder
    return True


@dataclass(frozen=True)
class _Verb:
    """A present or past form that shows number: the number, and the other number's form."""

    number: Number
    right: str
    lexical: bool  # a verb's present ("goes", "go"), not a form of "be", "have" or "do"


@lru_cache(maxsize=50_000)
def _verb(word: str) -> _Verb | None:
    """The number a lowercase word shows as a finite verb: "be", "have", "do" (`_FINITE`), a
    verb's -s form ("goes"), or its plain form where it is nothing else: no noun, adjective or
    adverb, no past tense or participle ("know", not "run", "come", "like")."""
    if word in _FINITE:
        return _Verb(*_FINITE[word], lexical=False)
    lemmas = _lemmas(word)
    if "VERB" not in lemmas or word in _MODALS or word in _CONJUNCTIONS or word in _PREPOSITIONS or \
            lemmas["VERB"][0] in ("be", "have", "do") or _count("the", word) > _count(word, "the"):
        return None  # English writes "the log", "the rules" more than "log the", "rules the": nouns
    lemma = lemmas["VERB"][0]
    third = _inflection(lemma, "VBZ")
    if word.endswith("s") and word in third:
        return _Verb(_SG, lemma, lexical=True)
    if word == lemma and third and not {"NOUN", "ADJ", "ADV"} & lemmas.keys() and \
            word not in _inflection(lemma, "VBD") + _inflection(lemma, "VBN"):
        return _Verb(_PL, third[0], lexical=True)
    return None


def _agreement(sentence: str, names: Counter[str]) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, replacement, message) of each verb of the sentence whose number is not its subject's."""
    if _DIALECT.search(sentence):
        return
    t = _Tokens.of(sentence)
    for i in range(1, len(t.low)):
        if not t.spaced(i) or not t.text[i].islower():
            continue
        verb = _verb(t.low[i])
        if verb is None:
            continue
        right = verb.right.replace("'", "’") if "’" in t.text[i] else verb.right
        if verb.lexical and t.low[i - 1] in _PRONOUN_NUMBER:
            if _pronoun_disagrees(t, i, verb, names):
                yield t.start[i], t.end[i], right, f"'{t.text[i - 1]}' and '{t.text[i]}' disagree in number: '{right}'"
            continue
        if t.low[i - 1] == "there":
            noun = _after_there(t, i, verb, names)
            if noun is not None:
                yield t.start[i], t.end[i], right, f"'there {t.text[i]} … {noun}' disagree in number: '{right}'"
            continue
        found = _subject(t, i, names)
        if found is None or found[0].number in (None, verb.number):
            continue
        phrase, left = found
        if left is _Left.NONE or not verb.lexical and _after(t, i) in _SUBJECT_PRONOUNS or _inverted(t, i, names):
            continue
        if not (_wrong_singular(t, i, verb, phrase) if phrase.number is _PL else
                _wrong_plural(t, i, verb, phrase, left, names)):
            continue
        yield t.start[i], t.end[i], right, f"'{t.text[phrase.head]}' and '{t.text[i]}' disagree in number: '{right}'"


def _pronoun_disagrees(t: _Tokens, i: int, form: _Verb, names: Counter[str]) -> bool:
    """Whether the verb's present at token i is not the number of the subject pronoun before it
    ("she go", "they goes"; Harper's rule is trusted only with "be", "have" and "do"): the pronoun
    opens a clause, not after a verb ("made it seem") or a subjunctive's conjunction ("lest he
    know"), and an -s form is no plural noun after "you" or "we" ("you fools")."""
    pronoun, verb = t.low[i - 1], t.low[i]
    if _PRONOUN_NUMBER[pronoun] is form.number or _left(t, i - 1, names) is not _Left.SUBJECT or \
            not t.opens(i - 1) and t.low[i - 2] in _SUBJUNCTIVE_OPENERS:
        return False
    return not (pronoun in ("you", "we") and "NOUN" in _lemmas(verb))


def _after_there(t: _Tokens, i: int, form: _Verb, names: Counter[str]) -> str | None:
    """The noun after "there" and the "be" at token i whose number is not the verb's ("there was
    two men", "there are a man", "there were nothing"), or None: a plural of a measure ("there was
    ten roubles"), a singular that is the first of several ("there is a man and two women"), a
    singular with no determiner to make it sure ("there were no room"), "there" no subject of its
    own clause ("the men there was"), "a few", "a dozen", "a number of"."""
    if form.lexical or t.low[i] not in _FINITE or t.low[i] in _HAVE_DO or \
            not t.opens(i - 1) and (not t.spaced(i - 1) or t.low[i - 2] not in _CLAUSE_OPENERS and
                                    ("ADV" not in _lemmas(t.low[i - 2]) or "NOUN" in _lemmas(t.low[i - 2]))):
        return None  # "there" opens a clause, maybe after an adverb: "and then there was"
    first = i + 1
    while first < len(t.low) and t.spaced(first) and t.low[first] not in _PREPOSITIONS and (
            t.low[first] == "not" or _lemmas(t.low[first]).keys() == {"ADV"}):
        first += 1  # "there were not a voice", "there were just one room"; not "there is in those towns"
    head = first  # the phrase's noun: the first noun after the verb, with the nouns after it ("little shrieks")
    while head < len(t.low) and t.spaced(head) and head - first < 4 and (
            t.low[head] in _DETERMINERS or t.low[head] in _CARDINALS or _possessive(t, head) or
            _modifier(t.low[head]) and "NOUN" not in _lemmas(t.low[head])):
        head += 1
    while head + 1 < len(t.low) and t.spaced(head + 1) and t.low[head + 1] not in _PRONOUNS and (
            _lemmas(t.low[head + 1]).keys() == {"NOUN"} or _noun_number(t.low[head + 1]) == (_PL, False)):
        head += 1
    if head >= len(t.low) or head + 1 < len(t.low) and t.spaced(head + 1) and t.low[head + 1] in _COORDINATORS:
        return None  # "there were a man and a woman"
    phrase = _phrase(t, head, names)
    if phrase is None or phrase.start != first or phrase.number in (None, form.number) or \
            phrase.counted and t.low[head] in _MEASURES:
        return None
    if phrase.number is _SG and _DETERMINERS.get(t.low[first]) is not _SG and \
            t.low[head] not in _SINGULAR_PRONOUNS and t.low[first : head + 1] != ["no", "one"]:
        return None  # only "a", "one", "this"… make the singular sure: not "there were no room"
    return t.text[head]


def _inverted(t: _Tokens, i: int, names: Counter[str]) -> bool:
    """Whether the clause of the verb at token i opens with a preposition or a question word and a
    noun phrase follows the verb: its subject ("In the circle nearest the bride were her two
    sisters", "What relation to that revelation have the Buddhists")."""
    opening = t.low[t.clause(i)]
    if i + 1 >= len(t.low) or not t.spaced(i + 1) or opening not in _PREPOSITIONS and opening not in _WH:
        return False
    after = t.low[i + 1]
    return after in _DETERMINERS or after in _CARDINALS or _possessive(t, i + 1) or not _written(t, i + 1, names)


def _after(t: _Tokens, i: int) -> str:
    """The word right after token i ('' when punctuation or the end comes first)."""
    return t.low[i + 1] if i + 1 < len(t.low) and t.spaced(i + 1) else ""


def _wrong_singular(t: _Tokens, i: int, form: _Verb, phrase: _Phrase) -> bool:
    """Whether the singular verb at token i after the plural subject `phrase` is wrong: not one of
    the exceptions of the module docstring."""
    verb, head, after = t.low[i], t.low[phrase.head], _after(t, i)
    if phrase.counted and head in _MEASURES or \
            not phrase.joined and _count(head, verb) >= _WRITTEN_OFTEN * max(_count(head, form.right), 1):
        return False  # "ten years was", "the works is"
    # a verb's -s form that is also a plural noun, after an adjective or before a verb, is a noun:
    # "such poor results", "on the third days matters were dealt with"
    return not (form.lexical and "NOUN" in _lemmas(verb) and (
        "ADJ" in _lemmas(t.low[i - 1]) or after in _FINITE or after in _MODALS or after in ("had", "did") or
        not after or _verb(after) is not None or _COORDINATORS & set(t.low[phrase.start : i])))
    # "their reference marks, block quotes", "the dictionaries and the word lists load"


def _wrong_plural(t: _Tokens, i: int, form: _Verb, phrase: _Phrase, left: _Left, names: Counter[str]) -> bool:
    """Whether the plural (or plain) verb at token i after the singular subject `phrase` is wrong:
    not one of the exceptions of the module docstring."""
    verb, head, after = t.low[i], t.low[phrase.head], _after(t, i)
    opener = t.low[phrase.start - 1] if not t.opens(phrase.start) else ""
    if after in _FLOATING:
        after = _after(t, i + 1)  # "Papa have really abandoned us"
    if (form.lexical or verb in _ALSO_PLAIN) and head in _OPTATIVE and not verb_form(after, "VBN"):
        return False  # "God have mercy", "the devil take it": a wish, in the subjunctive
    if form.lexical and (left is not _Left.SUBJECT or opener and opener not in _CLAUSE_OPENERS or
                         opener in _SUBJUNCTIVE_OPENERS or "ADJ" in _lemmas(head) or
                         phrase.determiner is None and head not in _SINGULAR_PRONOUNS or
                         _count(head, verb) >= _WRITTEN_OFTEN * max(_count(head, form.right), 1)):
        return False  # "which fill your heart encourage", "lest the man know"
    if verb in _ALSO_PLAIN and after != "not" and not verb_form(after, "VBN") and (
            left is not _Left.SUBJECT or opener in _SUBJUNCTIVE_OPENERS or phrase.name):
        return False  # "let the man have it", "I insist that the man have it"
    if "," in t.gap[phrase.start] and _listed(t, phrase.start, names):
        return False  # "The dinner, the wine, the service were all very good"
    plural = _in_use(head, "are", "have")
    if plural and plural >= _WRITTEN_OFTEN * _in_use(head, "is", "has"):
        return False  # "the family were"
    return not verb.startswith("were") or after != "to" and not _SUBJUNCTIVE.search(
        " ".join(t.low[t.clause(i) : i]))
