"""Exports into the document's own original file (a DOCX, ODT, EPUB or FB2 it was imported from).

The applied corrections are turned into changes per block of the stored structure (block k
is paragraph k of the text, `align.formats`), each by its proposer at the time proposed, with
a remark saying who approved it when and why (`remark`; a Word comment, an ODT annotation), narrowed
to the words it changes (`Change.narrowed`), and
`align.formats.write_back` makes them inside a copy of the original. Documents imported
from plain text (or another format) have no original to write into: `docx` and
`docx-tracked` then build a new document as before, and `odt`, `odt-tracked`, `epub` and
`fb2` say why they cannot.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from align import formats
from align.corrections.model import Correction, Status
from align.errors import InputError
from align.export.base import ExportContext, Rendered
from align.formats import Change, Format, properties
from align.formats.model import Remark

LANG = "en"  # exports are of the corrected English side


def word_date(iso: str) -> str:
    """ISO time as Word writes w:date (seconds, Z): some readers reject fractions."""
    return iso[:19] + "Z" if len(iso) >= 19 else iso


def remark(ctx: ExportContext, c: Correction) -> Remark:
    """Who proposed a change and why, and who approved it when (by the approver, at the approval;
    a pending proposal's is by its proposer)."""
    origin = f", check {c.rule}" if c.is_automatic else ""
    lines = [f"Proposed by {ctx.name(c.proposer)} on {c.created[:10]} ({c.category}{origin}): "
             f"“{c.quote}” → “{c.replacement}”"]
    if c.note:
        lines.append(f"Rationale: {c.note}")
    if c.status is Status.APPROVED and c.reviewer:
        lines.append(f"Approved by {ctx.name(c.reviewer)} on {ctx.decided_at(c)[:10]}"
                     + (f": {c.reason}" if c.reason else ""))
    else:
        lines.append("Pending review (not approved)")
    return Remark(ctx.name(ctx.responsible(c)), word_date(ctx.decided_at(c)), "\n".join(lines))


def changes_by_block(ctx: ExportContext) -> dict[int, list[Change]]:
    """Every applied correction as a Change in the coordinates of its paragraph (= block)."""
    paragraphs = ctx.seg.paragraphs
    starts = [p.start for p in paragraphs]
    out: dict[int, list[Change]] = defaultdict(list)
    for a in ctx.applied.applied:
        k = bisect.bisect_right(starts, a.start) - 1
        if k < 0 or a.end > paragraphs[k].end:
            raise InputError(f"correction {a.correction.id} spans two paragraphs; it cannot be written into "
                             "the original file (split it into one change per paragraph)")
        p = paragraphs[k]
        c = a.correction
        change = Change(a.start - p.start, a.end - p.start, c.replacement, ctx.name(c.proposer),
                        word_date(c.created), remark(ctx, c))
        change = change.narrowed(ctx.seg.text[a.start : a.end])
        if change.start < change.end or change.text:  # a replacement by the same text changes nothing
            out[p.index].append(change)
    return dict(out)


def imported_from(ctx: ExportContext) -> formats.Book | None:
    return formats.load_book(ctx.project, ctx.doc_id, LANG)


def write_into_original(ctx: ExportContext, book: formats.Book, tracked: bool = False) -> Rendered:
    """A copy of the original file with the corrections made in it, its metadata recording the log state it holds
    (align.formats.properties)."""
    changes = changes_by_block(ctx)
    data = formats.write_back(ctx.project, ctx.doc_id, LANG, book, changes, tracked)
    count = sum(len(v) for v in changes.values())
    how = "tracked change(s)" if tracked else "correction(s) applied"
    notes = [f"{count} {how} in a copy of the original {book.format.value}"]
    recorded = properties.record(book.format, data, f"the exported {book.format.value}", ctx.log_state)
    if recorded is None:
        notes.append(f"the original {book.format.value} has no document properties: the log state it holds is not "
                     "recorded in it")
    return Rendered(recorded or data, len(book.blocks), tuple(notes))


def _require(ctx: ExportContext, fmt: Format, to: str = "") -> formats.Book:
    """The structure of the document's English side, which must have been imported from `fmt` (for `--to`,
    the export named `to`, by default the format's own name)."""
    book = imported_from(ctx)
    if book is None or book.format is not fmt:
        was = book.format.value if book is not None else "plain text"
        raise InputError(f"{ctx.doc_id} was imported from {was}, not {fmt.value}: "
                         f"`--to {to or fmt.value}` writes corrections back into an imported {fmt.value.upper()} only")
    return book


def write_epub(ctx: ExportContext) -> Rendered:
    """The original EPUB with the corrections made in its XHTML."""
    return write_into_original(ctx, _require(ctx, Format.EPUB))


def write_fb2(ctx: ExportContext) -> Rendered:
    """The original FB2 with the corrections made in its paragraphs."""
    return write_into_original(ctx, _require(ctx, Format.FB2))


def write_odt(ctx: ExportContext) -> Rendered:
    """The original ODT with the corrections made in its paragraphs."""
    return write_into_original(ctx, _require(ctx, Format.ODT))


def write_odt_tracked(ctx: ExportContext) -> Rendered:
    """The original ODT with every correction a tracked change and an annotation on it."""
    return write_into_original(ctx, _require(ctx, Format.ODT, "odt-tracked"), tracked=True)
