"""Glossary: every variant the termbase says to avoid, replaced by its preferred form.

A variant matches as whole words, any case, any run of spaces between its words (where the
variant has a space) and none elsewhere. All variants go into one token trie, and the text
is read once, walking the trie from each token: time grows with the text and the longest
variant (align.glossary caps its length), not with the number of terms, so a 100,000-term
glossary costs about what a 10-term one does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from align.checks.model import CheckInput, Finding
from align.glossary import Glossary, GlossaryEntry

TOKEN = re.compile(r"\w+|[^\w\s]")
SPACED, JOINED = " ", ""  # how a token follows the previous one: after spaces, or straight on


@dataclass
class _Node:
    next: dict[tuple[str, str], _Node] = field(default_factory=dict)
    ends: list[tuple[int, GlossaryEntry, str]] = field(default_factory=list)  # (variant number, entry, variant)


def _steps(variant: str) -> list[tuple[str, str]]:
    """The variant as (gap before, lowercased token) steps; the first gap is irrelevant (JOINED)."""
    steps = []
    for w, word in enumerate(variant.split()):
        for t, m in enumerate(TOKEN.finditer(word)):
            steps.append((SPACED if w and not t else JOINED, m.group().lower()))
    return steps


def _trie(glossary: Glossary) -> _Node:
    root = _Node()
    number = 0
    for entry in glossary.entries:
        for variant in entry.avoid:
            steps = _steps(variant)
            if not steps:
                continue
            node = root
            for i, step in enumerate(steps):
                key = (JOINED, step[1]) if i == 0 else step
                node = node.next.setdefault(key, _Node())
            node.ends.append((number, entry, variant))
            number += 1
    return root


def check(inp: CheckInput) -> list[Finding]:
    """Occurrences of glossary variants, each with the entry's preferred form."""
    root = _trie(inp.glossary)
    if not root.next:
        return []
    text = inp.text
    tokens = [(m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(text)]
    last_end: dict[int, int] = {}  # per variant, where its last match ended: matches of one variant never overlap
    out = []
    for i, (start, _, word) in enumerate(tokens):
        if start and not word[0].isalnum() and word[0] != "_" and _is_word_char(text[start - 1]):
            continue  # a variant starting with punctuation must not follow a letter
        node = root.next.get((JOINED, word))
        j = i
        while node is not None:
            end = tokens[j][1]
            if node.ends and not (end < len(text) and _is_word_char(text[end]) and not _is_word_char(text[end - 1])):
                for number, entry, variant in node.ends:
                    if last_end.get(number, -1) <= start:
                        last_end[number] = end
                        note = f" ({entry.note})" if entry.note else ""
                        out.append(inp.finding(start, end, entry.en, "terminology", "glossary.variant",
                                               f"glossary: '{entry.en}', not '{variant}'{note}", 0.95))
            j += 1
            if j == len(tokens):
                break
            gap = SPACED if tokens[j][0] > tokens[j - 1][1] else JOINED
            node = node.next.get((gap, tokens[j][2]))
    return out


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"
