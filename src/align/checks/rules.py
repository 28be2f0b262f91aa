"""Plain-language names of the checks' rules, for people choosing what to review in bulk.

A rule id (`spelling.real-word`) names what found a suggestion; people read "Real-word
spelling errors". A rule without a name here (a new one) is shown in a readable form made
from its id, so nothing is ever labelled with a bare id.
"""

from __future__ import annotations

RULE_NAMES: dict[str, str] = {
    "typography.space-before-punctuation": "Space before punctuation",
    "typography.space-in-possessive": "Space inside a possessive ’s",
    "typography.doubled-punctuation": "Doubled punctuation",
    "typography.missing-full-stop": "Missing full stop between sentences",
    "typography.initials-spacing": "Spacing of initials",
    "typography.invalid-roman-numeral": "Invalid Roman numerals",
    "typography.apostrophe-style": "Apostrophe style",
    "typography.quote-mismatch": "Mismatched quotation marks",
    "typography.quote-orientation": "Quotation marks turned the wrong way",
    "typography.quote-unclosed": "Unclosed quotations",
    "typography.ellipsis-space": "Space after an ellipsis",
    "typography.ellipsis-style": "Ellipsis style",
    "typography.hyphen-as-dash": "Hyphens used as dashes",
    "typography.space-after-hyphen": "Space after a hyphen",
    "spelling.non-word": "Misspelt words",
    "spelling.real-word": "Real-word spelling errors",
    "spelling.ru-non-word": "Misspelt Russian words",
    "spelling.ru-name-variant": "Variant spellings of Russian names",
    "names.capitalisation": "Names not capitalised",
    "names.conventional-form": "Names in their usual English form",
    "names.variant": "Names spelt in several ways",
    "glossary.variant": "Terms the glossary spells otherwise",
    "variants.regional": "Words spelt both the British and the American way",
    "source.length-ratio": "Sentences much longer or shorter than the Russian",
    "source.name-missing": "Names in the Russian missing from the English",
    "source.name-variant": "Names spelt otherwise than in the Russian",
    "source.no-source": "English with no Russian source",
    "source.number": "Numbers that differ from the Russian",
    "source.unaligned-head": "English before the Russian starts",
    "source.unaligned-tail": "English after the Russian ends",
    "source.unmatched": "English and Russian side by side, neither aligned",
    "source.untranslated": "Untranslated Russian",
    "source.name-swap": "Another person named than in the Russian",
    "source.negation": "A negation on one side only",
    "typography.quote-style": "Straight quotes in a text with curly ones",
    "context.confusion": "Commonly confused words",
    "context.real-word": "Words that do not fit their neighbours",
    "false-friends.aligned": "False friends of the Russian",
    "false-friends.context": "Possible false friends (no Russian aligned)",
    "grammar.subject-verb": "Subject and verb disagree in number",
    "grammar.double-negative": "Double negatives",
    # The grammar check's other rules are Harper's lint kinds (harper-py's LintKind).
    "grammar.agreement": "Agreement",
    "grammar.grammar": "Grammar",
    "grammar.miscellaneous": "Other grammar",
    "grammar.redundancy": "Redundant words",
    "grammar.usage": "Usage",
    "grammar.wordchoice": "Word choice",
    "grammar.nonstandard": "Nonstandard forms",
    "grammar.typo": "Typos",
}


def rule_name(rule: str) -> str:
    """The plain-language name of a rule; an unknown one as its words ("typography.odd-thing" ->
    "Odd thing (typography)")."""
    if rule in RULE_NAMES:
        return RULE_NAMES[rule]
    family, _, name = rule.rpartition(".")
    words = name.replace("-", " ").replace("_", " ").strip() or rule
    return f"{words[:1].upper()}{words[1:]}" + (f" ({family})" if family else "")
