"""Double negation, a grammar rule Harper lacks ("didn't see nobody").

Hand-written because Harper (harper-py 0.2) finds "haven't got no" but not "didn't see nobody";
`align.checks.grammar` calls `check` here. A verb negated by n't, "not" or "never" followed in the same clause (no
punctuation, no conjunction or relative word between) by nobody, nothing, nowhere, none,
no one or neither, whose any- form is proposed ("didn't see nobody" → "anybody"; "never see
neither A nor B" is flagged, as "nor" must change too). Left alone:
the negative word right after "not" or "for" ("not nothing", "not for nothing": litotes), and
the idioms "nothing but" (only), "none the less", "none too", "none other than".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from align.checks.model import CheckInput, Finding

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
    """Double-negation findings over the text's sentences."""
    return [inp.finding(s.start + start, s.start + end, replacement, "grammar", "grammar.double-negative", message,
                        0.6 if replacement else 0.4)
            for s in inp.segmentation.sentences for start, end, replacement, message in _double_negation(s.text)]


def _double_negation(sentence: str) -> Iterator[tuple[int, int, str | None, str]]:
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
        yield start, start + len(word), right, message
