"""HTML for people: tracked diffs, texts with tracked changes, confidence badges.

Every piece of document or user text goes through `html.escape` here, so a sentence
containing `<script>` is shown as text wherever this HTML is embedded (the workbench,
an HTML report). Styles are classes defined once in `CSS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from align.corrections.diff import DELETE, INSERT, word_diff

CSS = """
<style>
.al-del { background: #fde2e1; color: #8a1c17; text-decoration: line-through; margin-right: .15em; }
.al-ins { background: #d9f5dd; color: #11592a; text-decoration: none; font-weight: 600; }
.al-proposed.al-del { background: #fff1d6; color: #7a4b00; }
.al-proposed.al-ins { background: #fff1d6; color: #7a4b00; border-bottom: 2px dotted #c98a00; }
.al-text { white-space: pre-wrap; line-height: 1.6; font-family: Georgia, serif; }
.al-conf { display: inline-block; min-width: 3.2em; padding: 0 .4em; border-radius: .6em;
           color: #fff; font-size: .85em; text-align: center; font-family: sans-serif; }
.al-conf-high { background: #2e7d32; } .al-conf-mid { background: #c77700; } .al-conf-low { background: #c62828; }
.al-conf-none { background: #777; }
.al-table { width: 100%; border-collapse: collapse; font-size: .95em; }
.al-table th { width: 48%; }
.al-table th.al-narrow { width: 1%; white-space: nowrap; }
.al-table td, .al-table th { border-bottom: 1px solid #ddd; padding: .3em .5em; vertical-align: top; text-align: left; }
.al-table td.al-num { white-space: nowrap; color: #666; font-family: sans-serif; font-size: .85em; }
.al-table tr.al-para td { background: #f3f4f6; color: #555; font-size: .8em; font-family: sans-serif; }
.al-table tr.al-unaligned td { background: #fafafa; }
.al-missing { color: #888; font-style: italic; font-family: sans-serif; }
.al-manual { color: #1565c0; font-size: .8em; font-family: sans-serif; }
</style>
"""

HIGH, MID = 0.8, 0.5  # confidence bands: green at or above HIGH, amber at or above MID, red below


def diff_html(old: str, new: str, css_class: str = "") -> str:
    """A word-level tracked diff: deletions in <del>, insertions in <ins>, everything escaped."""
    extra = f" {css_class}" if css_class else ""
    out = []
    for op, chunk in word_diff(old, new):
        if op == DELETE:
            out.append(f'<del class="al-del{extra}">{_visible(chunk)}</del>')
        elif op == INSERT:
            out.append(f'<ins class="al-ins{extra}">{_visible(chunk)}</ins>')
        else:
            out.append(escape(chunk))
    return "".join(out)


def _visible(chunk: str) -> str:
    """Escaped text of a change; a change of spaces alone is drawn as ␣ so it can be seen."""
    return escape(chunk) if chunk.strip() else "␣" * len(chunk)


@dataclass(frozen=True)
class Change:
    """Replace text[start:end] with `replacement`; `status` (approved/proposed) picks the style."""

    start: int
    end: int
    replacement: str
    status: str = "approved"


def tracked_html(text: str, changes: Iterable[Change], start: int = 0, end: int | None = None) -> str:
    """text[start:end] with non-overlapping changes shown as tracked diffs (proposed ones dotted)."""
    end = len(text) if end is None else end
    out, pos = [], start
    for c in sorted(changes, key=lambda c: (c.start, c.end)):
        if c.start < pos or c.end > end:
            continue  # outside the window or overlapping one already shown
        out.append(escape(text[pos : c.start]))
        out.append(diff_html(text[c.start : c.end], c.replacement, "al-proposed" if c.status == "proposed" else ""))
        pos = c.end
    out.append(escape(text[pos:end]))
    return "".join(out)


def confidence_badge(confidence: float | None) -> str:
    """A coloured pill with the confidence as a number (0.00-1.00); grey when unknown."""
    if confidence is None:
        return '<span class="al-conf al-conf-none">–</span>'
    band = "high" if confidence >= HIGH else "mid" if confidence >= MID else "low"
    return f'<span class="al-conf al-conf-{band}" title="confidence">{confidence:.2f}</span>'
