"""Glossary: every variant the termbase says to avoid, replaced by its preferred form."""

from __future__ import annotations

import re

from align.checks.model import CheckInput, Finding


def variant_pattern(variant: str) -> re.Pattern[str]:
    """The variant as whole words, any run of spaces between its words, any case."""
    words = [re.escape(w) for w in variant.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def check(inp: CheckInput) -> list[Finding]:
    """Occurrences of glossary variants, each with the entry's preferred form."""
    out = []
    for entry in inp.glossary.entries:
        for variant in entry.avoid:
            for m in variant_pattern(variant).finditer(inp.text):
                note = f" ({entry.note})" if entry.note else ""
                out.append(inp.finding(m.start(), m.end(), entry.en, "terminology", "glossary.variant",
                                       f"glossary: '{entry.en}', not '{variant}'{note}", 0.95))
    return out
