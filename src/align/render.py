"""HTML for people: tracked diffs, texts with tracked changes, confidence badges, and the
workbench's tables (alignment, review cards, proposals, findings).

Every piece of document or user text goes through `escape` here, and nowhere else, so
a sentence containing `<script>` is shown as text wherever this HTML is embedded (the
workbench, an HTML report), and a bidirectional override shows as `\\u202e` instead of
reversing what follows it (a reviewer approves what they see); `markdown_text` does the same
for text put into Markdown.
Styles are classes defined once in `CSS`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from align.alignment.store import Bead
from align.corrections.diff import DELETE, INSERT, Edit, apply_edits, word_diff
from align.corrections.model import Correction
from align.corrections.relocate import Located, Placement
from align.hygiene import spell_bidi
from align.segment import Segment, Segmentation

if TYPE_CHECKING:  # align.checks loads the checkers; only its Finding type is needed here
    from align.checks import Finding

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
.al-small { outline: 2px solid currentColor; outline-offset: 1px; border-radius: 2px; padding: 0 .2em; margin: 0 .1em; }
.al-table tr.al-chapter td { background: #e3ecf8; color: #123; font-weight: 600; font-family: sans-serif; }
.al-run summary { cursor: pointer; }
.al-head { font-family: sans-serif; margin: 0 0 .3em; }
.al-id { font-size: .8em; color: #666; }
</style>
"""

def escape(text: str) -> str:
    """`text` for HTML: markup characters escaped and bidirectional controls spelled out."""
    return html.escape(spell_bidi(text))


HIGH, MID = 0.8, 0.5  # confidence bands: green at or above HIGH, amber at or above MID, red below
RUN_PREVIEW = 12  # sentences shown of a long run of one-sided beads
# Where GFM would start an autolink, and where Streamlit an emoji, icon or colour (`:smile:`, `:red[`): a word
# joiner goes after each, since no backslash stops what acts on the parsed text.
_WORD_JOINER_AFTER = re.compile(r"(?:https?|ftp|www)(?=[:.])|@|:(?=[\w+-])", re.IGNORECASE)
# Characters Markdown (and Streamlit's $math$ and :directives:) act on anywhere in a line, and what starts a
# list item, setext underline or heading at the start of one ("1. Introduction", "- a"); & < > go to html.escape.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]~$|#:])")
_LINE_START = re.compile(r"^([ \t]*)([-+=]|\d+(?=[.)]))", re.MULTILINE)


def diff_html(old: str, new: str, css_class: str = "") -> str:
    """A word-level tracked diff: deletions in <del>, insertions in <ins>, everything escaped.

    A replaced word whose letters and digits stay the same ('no' → ‘no’) is diffed by character,
    so only the quotes or signs that changed are marked.
    """
    extra = f" {css_class}" if css_class else ""
    ops = list(word_diff(old, new))
    out = []
    for n, (op, chunk) in enumerate(ops):
        after = ops[n + 1] if n + 1 < len(ops) else None
        before = ops[n - 1] if n else None
        if op == DELETE and after and after[0] == INSERT and _same_letters(chunk, after[1]):
            out.append(_char_diff(chunk, after[1], extra))
        elif op == INSERT and before and before[0] == DELETE and _same_letters(before[1], chunk):
            continue  # drawn with its deletion
        elif op == DELETE:
            out.append(f'<del class="al-del{extra}">{_visible(chunk)}</del>')
        elif op == INSERT:
            out.append(f'<ins class="al-ins{extra}">{_visible(chunk)}</ins>')
        else:
            out.append(escape(chunk))
    return "".join(out)


def _same_letters(a: str, b: str) -> bool:
    return a != b and [c for c in a if c.isalnum()] == [c for c in b if c.isalnum()] and any(c.isalnum() for c in a)


def _char_diff(old: str, new: str, extra: str) -> str:
    """`old` → `new` marked character by character (they differ only in signs, not letters)."""
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(escape(old[i1:i2]))
            continue
        if i2 > i1:
            out.append(f'<del class="al-del{extra}">{_visible(old[i1:i2])}</del>')
        if j2 > j1:
            out.append(f'<ins class="al-ins{extra}">{_visible(new[j1:j2])}</ins>')
    return "".join(out)


def _visible(chunk: str) -> str:
    """Escaped text of a change, drawn so a small one can be seen.

    A change of spaces alone is drawn as ␣; one of punctuation, quotes or other signs with no
    letter or digit (' → ’, " ," → ",") gets a box around it, so a comma is not a sliver.
    """
    if not chunk.strip():
        return "␣" * len(chunk)
    if any(ch.isalnum() for ch in chunk):
        return escape(chunk)
    shown = "".join("␣" if ch == " " else ch for ch in chunk)
    return f'<span class="al-small">{escape(shown)}</span>'


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


def markdown_text(text: str) -> str:
    """`text` for st.markdown (and Streamlit's alerts): plain text, never markup, a link or an image.

    HTML characters are escaped and Markdown's backslash-escaped, with what starts a line (a title
    "1. Introduction" is not a list, `:red[x]` not colour). GitHub Markdown's bare-URL and e-mail
    autolinks and Streamlit's shortcodes (`:smile:`, `:material/home:`), which no escape prevents, are
    broken by an invisible word joiner after `http`, `www`, `@` or a colon.
    """
    joined = _WORD_JOINER_AFTER.sub("\\g<0>\u2060", text)
    marked = _LINE_START.sub(_line_start, _MARKDOWN_SPECIAL.sub(r"\\\1", joined))
    return escape(marked)


def _line_start(m: re.Match[str]) -> str:
    """A list, underline or ordered-list start made literal: "\\- a", "1\\. Introduction"."""
    indent, mark = m.groups()
    return f"{indent}{mark}\\" if mark[0].isdigit() else f"{indent}\\{mark}"


def text_html(body: str, element_id: str = "") -> str:
    """Already escaped `body` as a block of reading text (kept line breaks, book font)."""
    id_ = f' id="{escape(element_id)}"' if element_id else ""
    return f'<div class="al-text"{id_}>{body}</div>'


def diff_block(old: str, new: str) -> str:
    """`diff_html` of two texts as a block of reading text."""
    return text_html(diff_html(old, new))


def clean_text_html(paragraphs: Iterable[str]) -> str:
    """Paragraphs of plain text, a blank line between them (id `clean-text`)."""
    return text_html("\n\n".join(escape(p) for p in paragraphs), "clean-text")


def tracked_text_html(text: str, changes: Sequence[Change], paragraphs: Iterable[tuple[int, int]]) -> str:
    """The (start, end) paragraphs of `text` with `changes` tracked, a blank line between them (id `tracked-text`)."""
    return text_html("\n\n".join(tracked_html(text, changes, start, end) for start, end in paragraphs),
                     "tracked-text")


def source_html(ru_text: str) -> str:
    """The Russian a sentence translates, labelled."""
    return text_html(f"<b>Russian:</b> {escape(ru_text)}")


def sentence_change(a: Located, en: Segmentation) -> tuple[str, str]:
    """(before, after) of the English sentence holding a correction, with only that correction applied.

    An orphaned correction, or one reaching past its sentence, is its quote in its stored context.
    """
    c = a.correction
    seg = None if a.orphaned else en.at(a.start)
    if seg is None or a.end > seg.end:
        return c.prefix + c.quote + c.suffix, c.prefix + c.replacement + c.suffix
    return seg.text, apply_edits(seg.text, [Edit(a.start - seg.start, a.end - seg.start, c.replacement)])


def sentence_diff_html(a: Located, en: Segmentation) -> str:
    """The English sentence of a correction as a tracked diff of just that correction."""
    return diff_html(*sentence_change(a, en))


def sentence_diffs_html(items: Sequence[Located], en: Segmentation, limit: int = 200) -> str:
    """The sentence diffs of the first `limit` corrections, one a line, and how many more there are."""
    more = f"<br>… and {len(items) - limit} more" if len(items) > limit else ""
    return "<br>".join(sentence_diff_html(a, en) for a in items[:limit]) + more


def review_pair_html(a: Located, en: Segmentation, ru_text: str | None) -> str:
    """A correction's sentence diff beside its Russian (`ru_text` None: no alignment; '': no Russian)."""
    russian = ('<span class="al-missing">no alignment stored yet</span>' if ru_text is None
               else '<span class="al-missing">no aligned Russian</span>' if not ru_text else escape(ru_text))
    return ('<table class="al-table"><tr><th>English (tracked)</th><th>Russian source</th></tr>'
            f'<tr><td class="al-text">{sentence_diff_html(a, en)}</td><td class="al-text">{russian}</td></tr></table>')


def review_head_html(a: Located, where: str, origin: str) -> str:
    """A review card's first line: where ("¶12, sentence 3"), status, category, where it came from, who, its id."""
    c = a.correction
    parts = [escape(where), f"<b>{escape(c.status)}</b>", escape(c.category),
             f"from: {escape(origin)}", f"by {escape(c.proposer)}"]
    if c.reviewer:
        parts.append(f"reviewed by {escape(c.reviewer)}")
    if a.state is not Placement.EXACT:
        parts.append(f"<b>{escape(a.state)}</b>")
    parts.append(f'<code class="al-id">{escape(c.id)}</code>')
    return f'<p class="al-head">{" · ".join(parts)}</p>'


def review_notes_html(c: Correction) -> str:
    """Below a review card's diff: the rationale, the reviewer's reason, and the history folded."""
    out = []
    if c.note:
        out.append(f"<p><b>Rationale:</b> {escape(c.note)}</p>")
    if c.reason:
        out.append(f"<p><b>Review reason:</b> {escape(c.reason)}</p>")
    comments = sum(e.type == "commented" for e in c.history)
    out.append(f'<details class="al-history"><summary>History ({_plural(len(c.history), "event")}, '
               f'{_plural(comments, "comment")})</summary>{history_html(c)}</details>')
    return "".join(out)


def correction_html(c: Correction) -> str:
    """One correction in a line: its status, proposer and change."""
    return (f"<small>{escape(c.status)} by {escape(c.proposer)}:</small> "
            f"{diff_html(c.quote, c.replacement)}")


def history_html(c: Correction) -> str:
    """The events of a correction, oldest first: time, who (role), what, and its text."""
    rows = []
    for e in c.history:
        what = str(e.type)
        if e.data and e.type == "revised":
            what += " (" + ", ".join(f"{k} → “{v}”" for k, v in e.data.items()) + ")"
        text = f": {e.reason}" if e.reason else ""
        when = e.time[:16].replace("T", " ")
        rows.append(f'<li><span class="al-missing">{escape(when)} UTC</span> <b>{escape(e.actor)}</b> '
                    f"({escape(e.role)}) {escape(what)}{escape(text)}</li>")
    return f'<ul>{"".join(rows)}</ul>'


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def proposals_html(items: Iterable[Correction]) -> str:
    """Someone's proposals as one table: status, change, reviewer and reason (id `my-proposals`)."""
    out = [('<table class="al-table" id="my-proposals"><tr><th class="al-narrow">id</th>'
            '<th class="al-narrow">status</th><th>change</th><th>review</th></tr>')]
    for c in items:
        comments = sum(e.type == "commented" for e in c.history)
        if c.reviewer:
            review = f"by {escape(c.reviewer)}" + (f": {escape(c.reason)}" if c.reason else "")
        else:
            review = '<span class="al-missing">awaiting review</span>' if c.status == "proposed" else ""
        if comments:
            review += f' <span class="al-missing">({_plural(comments, "comment")} in Review)</span>'
        note = f'<br><span class="al-missing">note: {escape(c.note)}</span>' if c.note else ""
        out.append(
            f'<tr><td class="al-num">{escape(c.id)}</td><td><b>{escape(c.status)}</b></td>'
            f'<td class="al-text">{diff_html(c.quote, c.replacement)} <small>({escape(c.category)})</small>{note}</td>'
            f"<td>{review}</td></tr>"
        )
    out.append("</table>")
    return "".join(out)


def finding_html(f: Finding, en: Segmentation | None = None, check: str = "") -> str:
    """A check's suggestion: its whole sentence with the change marked (or the flagged text), then which
    check (`check`, its plain name, else its rule), how sure and why. Without `en`, or when the finding
    reaches past its sentence, only its text."""
    seg = en.at(f.start) if en is not None else None
    if seg is None or f.end > seg.end:
        before, after = f.original, f.replacement
    else:
        before = seg.text
        after = None if f.replacement is None else apply_edits(
            seg.text, [Edit(f.start - seg.start, f.end - seg.start, f.replacement)])
    if after is not None:
        change = diff_html(before, after)
    else:  # flag only: the flagged words marked in their sentence
        a, b = (f.start - seg.start, f.end - seg.start) if seg is not None and f.end <= seg.end else (0, len(before))
        change = f"{escape(before[:a])}<mark>{escape(before[a:b])}</mark>{escape(before[b:])}"
    return (text_html(change) + f"<small>{escape(check or f.rule)} · {escape(f.category)} · "
            f"confidence {f.confidence:.2f} · "
            f"{escape(f.message)}</small>")


def source_spelling_html(findings: Iterable[Finding], ru: Segmentation) -> str:
    """Spelling findings in the Russian as one table: the word marked in its sentence, a suggestion, why."""
    out = [('<table class="al-table" id="ru-spelling"><tr><th>Russian sentence</th>'
            '<th class="al-narrow">suggestion</th><th>why</th></tr>')]
    for f in findings:
        s = ru.get(f.segment) or ru.at(f.start)
        if s:
            a, b = f.start - s.start, f.end - s.start
            context = f"{escape(s.text[:a])}<mark>{escape(s.text[a:b])}</mark>{escape(s.text[b:])}"
        else:
            context = f"<mark>{escape(f.original)}</mark>"
        suggestion = escape(f.replacement) if f.replacement else '<span class="al-missing">—</span>'
        out.append(f'<tr><td class="al-text">{context}</td><td>{suggestion}</td>'
                   f"<td><small>{escape(f.message)}</small></td></tr>")
    out.append("</table>")
    return "".join(out)


@dataclass(frozen=True)
class AlignmentRow:
    """One row of the alignment table: a bead, or a run of beads with one side empty ("no_ru" / "no_en").

    Each bead comes with its number (from 1, as `align beads` prints it).
    """

    kind: str
    beads: tuple[tuple[int, Bead], ...]


def alignment_rows(beads: Sequence[Bead]) -> list[AlignmentRow]:
    """The beads in text order, each run of English without Russian (or Russian without English) one row."""
    out: list[AlignmentRow] = []
    for n, b in enumerate(beads, start=1):
        kind = "no_ru" if not b.ru else "no_en" if not b.en else "bead"
        if kind != "bead" and out and out[-1].kind == kind:
            out[-1] = AlignmentRow(kind, (*out[-1].beads, (n, b)))
        else:
            out.append(AlignmentRow(kind, ((n, b),)))
    return out


def _sentences(seg: Segmentation | None, ids: tuple[str, ...]) -> str:
    if seg is None:
        return ""
    return " ".join(escape(s.text) if (s := seg.get(i)) else f"[{escape(i)}?]" for i in ids)


def _more_html(seg: Segmentation | None, ids: tuple[str, ...]) -> str:
    """The rest of a long run of one-sided sentences, folded behind "show … more"."""
    if not ids:
        return ""
    return (f' <details class="al-run"><summary class="al-missing">show {_plural(len(ids), "more sentence")}'
            f"</summary>{_sentences(seg, ids)}</details>")


def _paragraph(seg: Segmentation | None, ids: tuple[str, ...]) -> int | None:
    s: Segment | None = seg.get(ids[0]) if seg and ids else None
    return s.paragraph_index if s else None


def _manual_mark(manual: bool) -> str:
    return ' <span class="al-manual" title="set by hand">✎ manual</span>' if manual else ""


def alignment_table_html(rows: Iterable[AlignmentRow], ru: Segmentation | None, en: Segmentation,
                         grouped: bool, chapters: Mapping[str, str] | None = None) -> str:
    """Rows of the alignment as one table (id `alignment-table`).

    `grouped` adds paragraph header rows; `chapters` (first sentence id -> title, Russian or English) adds a
    chapter row where one begins. A pair set by hand is marked; a run of one-sided rows shows its lowest
    confidence, its first sentences, and the rest behind "show all".
    """
    chapters = chapters or {}
    out = [
        '<table class="al-table" id="alignment-table">'
        '<tr><th class="al-narrow">row</th><th class="al-narrow">confidence</th><th>Russian</th><th>English</th></tr>'
    ]
    last_para: tuple[int | None, int | None] = (None, None)
    for row in rows:
        (first, b), (last, _) = row.beads[0], row.beads[-1]
        titles = [chapters[i] for i in (*b.ru[:1], *b.en[:1]) if i in chapters]
        if titles:
            title = " · ".join(dict.fromkeys(t or "untitled chapter" for t in titles))
            out.append(f'<tr class="al-chapter"><td colspan="4">Chapter: {escape(title)}</td></tr>')
        para = (_paragraph(ru, b.ru), _paragraph(en, b.en))
        if grouped and para != last_para and (para[1] != last_para[1] or para[1] is None):
            label = " · ".join(f"{side} ¶{p + 1}" for side, p in zip(("Russian", "English"), para, strict=True)
                               if p is not None)
            out.append(f'<tr class="al-para"><td colspan="4">{label}</td></tr>')
        last_para = para
        number = f"{first}" if first == last else f"{first}–{last}"
        if row.kind == "bead":
            out.append(f'<tr><td class="al-num">{number}</td><td>{confidence_badge(b.confidence)}'
                       f"{_manual_mark(b.manual)}</td><td>{_sentences(ru, b.ru)}</td>"
                       f"<td>{_sentences(en, b.en)}</td></tr>")
            continue
        ids = tuple(i for _, bead in row.beads for i in (bead.en if row.kind == "no_ru" else bead.ru))
        seg = en if row.kind == "no_ru" else ru
        note = "no Russian source available" if row.kind == "no_ru" else "not translated"
        missing = f'<span class="al-missing">{note} ({_plural(len(ids), "sentence")})</span>'
        text = _sentences(seg, ids[:RUN_PREVIEW]) + _more_html(seg, ids[RUN_PREVIEW:])
        cells = (missing, text) if row.kind == "no_ru" else (text, missing)
        lowest = min(bead.confidence for _, bead in row.beads)
        manual = any(bead.manual for _, bead in row.beads)
        out.append(f'<tr class="al-unaligned"><td class="al-num">{number}</td><td>{confidence_badge(lowest)}'
                   f"{_manual_mark(manual)}</td><td>{cells[0]}</td><td>{cells[1]}</td></tr>")
    out.append("</table>")
    return "".join(out)
