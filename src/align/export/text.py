"""Clean text: the corrected text as `apply` prints it, or as Markdown.

Markdown is escaped by hand: no Markdown writer ships in our dependencies, and CommonMark's
rule is short (any ASCII punctuation may be backslash-escaped; a few characters act only
at the start of a line).
"""

from __future__ import annotations

import re

from align.export.base import ExportContext, Rendered

# Characters with inline meaning in CommonMark or GitHub Markdown (emphasis, code, links,
# HTML and entities, strikethrough, tables).
_INLINE = re.compile(r"([\\`*_\[\]<>&~|])")
# What starts a heading, quote, list item, thematic break or setext underline at line start.
_LINE_START = re.compile(r"^([#>+=-]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """`text` as one Markdown paragraph that renders back to exactly `text`."""
    text = _INLINE.sub(r"\\\1", text)
    m = _LINE_START.match(text)
    if m is None:
        return text
    if m.group(1).isdigit():  # "1918. Red army" would start an ordered list
        return f"{m.group(1)}\\{text[m.end():]}"
    return "\\" + text


def write_text(ctx: ExportContext) -> Rendered:
    """The corrected text, byte for byte what `python -m align apply` prints."""
    return Rendered(ctx.applied.text.encode("utf-8"), len(ctx.seg.paragraphs))


def write_markdown(ctx: ExportContext) -> Rendered:
    """The title as a level-1 heading, then each corrected paragraph, blank lines between."""
    paragraphs = ctx.paragraph_texts()
    parts = [f"# {escape_markdown(ctx.meta.title)}", *(escape_markdown(p) for p in paragraphs)]
    return Rendered(("\n\n".join(parts) + "\n").encode("utf-8"), len(paragraphs))
