"""Two grammar rules Harper lacks: subject–verb agreement after a determiner, and double negation.

Hand-written only because Harper (harper-py 0.2) finds neither "the peoples was" nor "didn't
see nobody"; its other rules stay in `align.checks.grammar`, which calls `check` here.

Agreement: a determiner opening a clause (not after a preposition: "the contents of the letter
were"), up to two adjectives, a lowercase noun and a form of "be", "have" or "do" right after
it, where the noun's number and the verb's disagree ("the peoples was", "this man were").
Plurality comes from lemminflect's lexicon (a plural is a noun form that is not its own lemma:
"peoples", "men"; "news", "series", "means", "data" are their own lemmas and never count,
unless English writes them only with plural verbs: "clothes"), and English's own usage from
symspellpy's bigram counts (Google Books): a noun English often writes with the verb as
written ("works is", a factory; "family were", "government are": collective nouns) is left
alone. "were" after a singular noun is also the subjunctive ("if the man were here", "as
though the house were empty"), so a clause that opens with a conditional word is skipped.

Double negation: a verb negated by n't, "not" or "never" followed in the same clause (no
punctuation, no conjunction or relative word between) by nobody, nothing, nowhere, none,
no one or neither, whose any- form is proposed ("didn't see nobody" → "anybody"; "never see
neither A nor B" is flagged, as "nor" must change too). Left alone:
the negative word right after "not" or "for" ("not nothing", "not for nothing": litotes), and
the idioms "nothing but" (only), "none the less", "none too", "none other than".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import lemminflect

from align.checks.model import CheckInput, Finding
from align.checks.spelling import bigrams

# The determiners before a noun of either number (a closed class); those that fix the number.
_ANY_DETERMINER = frozenset("the my your his her its our their".split())
_PLURAL_DETERMINER = frozenset("these those".split())
_SINGULAR_DETERMINER = frozenset("a an this that every each".split())
# The agreeing forms of "be", "have", "do" (a closed class): singular and plural.
# After a singular noun only "are" and "were" count: "have" and "do" are also the plain form a
# noun may stand before ("let the man have it", "saw the boy do it").
_TO_PLURAL = {"is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't", "wasn't": "weren't",
              "hasn't": "haven't", "doesn't": "don't"}
_TO_SINGULAR = {"are": "is", "were": "was", "aren't": "isn't", "weren't": "wasn't"}
_WRITTEN_OFTEN = 0.25  # English writes the noun with this verb at least a quarter as often as with the other
_COLLECTIVE = 0.05  # a singular noun with a plural present this often is a collective ("the party are")
_SUBJUNCTIVE = re.compile(r"\b(?:if|though|wish|wished|suppose|supposing|whether|unless|lest|rather|as)\b",
                          re.IGNORECASE)
_PREDETERMINERS = frozenset("all both half".split())
_CLAUSE_OPENERS = frozenset("that when because while if though although but so where whether".split())
_PUNCTUATION = re.compile(r"[,;:–—()“”\"‘]")
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")

_ANY_FORM = {"nobody": "anybody", "nothing": "anything", "nowhere": "anywhere", "none": "any", "no one": "anyone",
             "neither": "either"}
_NEGATED = re.compile(r"\b(?:not|never)\b|n['’]t\b", re.IGNORECASE)
_NEGATIVE = re.compile(r"\b(?:nobody|nothing|nowhere|none|no one|neither)\b", re.IGNORECASE)
# What ends the clause a negation governs: punctuation, a conjunction, a relative or subordinating word.
_CLAUSE_END = re.compile(r"[,;:.!?–—()“”\"]|\b(?:and|but|or|nor|that|which|who|whom|whose|where|when|if|because|"
                         r"than|as|while|until|till|since|though|although|so|for|unless|whether)\b", re.IGNORECASE)
# The negative words' idioms that follow no rule of negative concord: "nothing but" (only),
# "none the less", "none too", "none other than".
_IDIOM_AFTER = {"nothing": [["but"], ["else"], ["less"]], "none": [["the"], ["too"], ["other"]]}
_NEGATION_WINDOW = 6  # words from the negation to the negative word


def check(inp: CheckInput) -> list[Finding]:
    """Agreement and double-negation findings over the text's sentences."""
    out: list[Finding] = []
    for s in inp.segmentation.sentences:
        for start, end, replacement, rule, message in [*_agreement(s.text), *_double_negation(s.text)]:
            out.append(inp.finding(s.start + start, s.start + end, replacement, "grammar", rule, message,
                                   0.6 if replacement else 0.4))
    return out


@lru_cache(maxsize=50_000)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    return dict(lemminflect.getAllLemmas(word))


def _plural_noun(word: str) -> bool:
    """A noun form that is not its own lemma ("peoples", "men"), or a noun in -s that is its own
    lemma and that English writes only with plural verbs ("clothes", not "news" or "means");
    never an adjective or adverb."""
    lemmas = _lemmas(word)
    if "NOUN" not in lemmas or {"ADJ", "ADV", "AUX"} & lemmas.keys():
        return False
    if word not in lemmas["NOUN"]:
        return True
    return (word.endswith("s") and _count(word, "were") + _count(word, "are") > 0
            and _count(word, "was") + _count(word, "is") == 0)


def _singular_noun(word: str) -> bool:
    lemmas = _lemmas(word)
    return lemmas.get("NOUN") == (word,) and not {"ADJ", "ADV", "AUX"} & lemmas.keys()


def _adjective(word: str) -> bool:
    return "ADJ" in _lemmas(word)


def _count(a: str, b: str) -> int:
    return bigrams().get((a, b.replace("’", "'")), 0)


def _agreement(sentence: str) -> Iterator[tuple[int, int, str, str, str]]:
    tokens = list(_TOKEN.finditer(sentence))
    for i in range(1, len(tokens)):
        verb = tokens[i].group()
        key = verb.lower().replace("’", "'")
        noun = tokens[i - 1].group()
        if (key not in _TO_PLURAL and key not in _TO_SINGULAR) or not noun.islower() or \
                sentence[tokens[i - 1].end() : tokens[i].start()] != " ":
            continue
        determiner = _determiner(sentence, tokens, i - 1)
        if determiner is None:
            continue
        if key in _TO_PLURAL and determiner not in _SINGULAR_DETERMINER and _plural_noun(noun):
            right = _TO_PLURAL[key]
            if _count(noun, key) >= _WRITTEN_OFTEN * max(_count(noun, right), 1):
                continue
        elif key in _TO_SINGULAR and determiner not in _PLURAL_DETERMINER and _singular_noun(noun):
            right = _TO_SINGULAR[key]
            if not _singular_in_use(noun) or key.startswith("were") and _subjunctive(sentence, tokens[i].start()):
                continue
        else:
            continue
        right = right.replace("'", "’") if "’" in verb else right
        yield (tokens[i].start(), tokens[i].end(), right, "grammar.subject-verb",
               f"'{noun}' and '{verb}' disagree in number: '{right}'")


def _determiner(sentence: str, tokens: list[re.Match[str]], n: int) -> str | None:
    """The determiner opening the noun phrase that ends with tokens[n] (up to two adjectives between)."""
    for j in range(n - 1, max(n - 4, -1), -1):
        word = tokens[j].group().lower()
        if sentence[tokens[j].end() : tokens[j + 1].start()] != " ":
            return None
        if word in _ANY_DETERMINER or word in _PLURAL_DETERMINER or word in _SINGULAR_DETERMINER:
            return word if _opens_clause(sentence, tokens, j) else None
        if not _adjective(word):
            return None
    return None


def _opens_clause(sentence: str, tokens: list[re.Match[str]], j: int) -> bool:
    """Whether tokens[j] opens a clause (the sentence, after punctuation, or after a word that
    opens one), so its noun phrase is a subject: not the object of a preposition ("the contents
    of the letter were"), nor one of a pair ("he and his joy were")."""
    if j > 0 and tokens[j - 1].group().lower() in _PREDETERMINERS and sentence[tokens[j - 1].end()] == " ":
        j -= 1  # "half his talents", "all the men"
    if j == 0 or _PUNCTUATION.search(sentence[tokens[j - 1].end() : tokens[j].start()]):
        return True
    return tokens[j - 1].group().lower() in _CLAUSE_OPENERS


def _singular_in_use(noun: str) -> bool:
    """English writes the noun with singular verbs and hardly with plural ones (not a collective)."""
    singular = _count(noun, "is") + _count(noun, "has")
    plural = _count(noun, "are") + _count(noun, "have")
    return singular > 0 and plural < _COLLECTIVE * singular


def _subjunctive(sentence: str, at: int) -> bool:
    """A conditional or wishing word earlier in the clause of `at` ("if the man were", "I wish
    that the house were")."""
    return bool(_SUBJUNCTIVE.search(_PUNCTUATION.split(sentence[:at])[-1]))


def _double_negation(sentence: str) -> Iterator[tuple[int, int, str | None, str, str]]:
    """Double negatives with their any- form; "never … neither … nor" is flagged (both words change)."""
    for neg in _NEGATED.finditer(sentence):
        rest = sentence[neg.end() :]
        stop = _CLAUSE_END.search(rest)
        clause = rest[: stop.start()] if stop else rest
        m = _NEGATIVE.search(clause)
        if m is None or len(clause[: m.start()].split()) > _NEGATION_WINDOW:
            continue
        between = clause[: m.start()].strip().lower()
        after = rest[m.end() :].lower().split()
        if between == "" or between.endswith("for") or after[:1] in _IDIOM_AFTER.get(m.group().lower(), []):
            continue  # "not nothing", "not for nothing", "never … nothing but", "none the less"
        word = m.group()
        right: str | None = _ANY_FORM[word.lower()]
        message = f"'{neg.group().strip()} … {word}': a double negative; '{right}'"
        if word.lower() == "neither" and re.search(r"\bnor\b", rest[m.end() :], re.IGNORECASE):
            right, message = None, f"'{neg.group().strip()} … neither … nor': a double negative; 'either … or'"
        elif right is not None and word[0].isupper():
            right = right.capitalize()
        start = neg.end() + m.start()
        yield start, start + len(word), right, "grammar.double-negative", message
