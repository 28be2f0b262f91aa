"""Word documents: a clean corrected one, and one where each correction is a tracked change.

A document imported from a Word file gets both inside a copy of that file, with its styles,
headings, footnotes and comments (align.export.original, align.formats.word). Any other
document gets a new one: python-docx builds the document; it has no API for revisions, so the `w:del`/`w:ins`
markup (ECMA-376 Part 1, 17.13.5) is added as lxml elements inside its paragraphs. Word
and LibreOffice show each as a change by its proposer, to accept or reject, with a comment on
it saying who approved it when and why (`original.remark`; `w:comment` in word/comments.xml,
anchored by `w:commentRangeStart`/`End` and a `w:commentReference`), so Word's "accept or
reject by reviewer" and its comments pane work. Both kinds of file carry the corrections log
state they were made from in their core properties (`cp:version`).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from align.corrections.relocate import Located
from align.export import original
from align.export.base import ExportContext, Rendered
from align.formats import Book, Format, word

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NAME = "the exported Word file"


def _new_document(ctx: ExportContext) -> Document:
    doc = docx.Document()
    props = doc.core_properties
    props.title = ctx.meta.title
    props.identifier = ctx.doc_id
    props.language = ctx.meta.target_language
    props.author = "align"
    props.version = ctx.log_state
    doc.add_heading(ctx.meta.title, level=0)
    return doc


def _save(doc: Document) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_original(ctx: ExportContext) -> Book | None:
    book = original.imported_from(ctx)
    return book if book is not None and book.format is Format.DOCX else None


def write_clean(ctx: ExportContext) -> Rendered:
    """Title and corrected paragraphs, nothing marked (the original Word file, corrected, if there is one)."""
    book = _docx_original(ctx)
    if book is not None:
        return original.write_into_original(ctx, book, tracked=False)
    doc = _new_document(ctx)
    texts = ctx.paragraph_texts()
    for text in texts:
        doc.add_paragraph(text)
    return Rendered(_save(doc), len(texts))


def _run(text: str, tag: str = "w:t") -> BaseOxmlElement:
    run = OxmlElement("w:r")
    t = OxmlElement(tag)
    t.text = text
    if text != text.strip():
        t.set(_XML_SPACE, "preserve")
    run.append(t)
    return run


def _revision(kind: str, rid: int, author: str, date: str, text: str) -> BaseOxmlElement:
    el = OxmlElement(kind)
    el.set(qn("w:id"), str(rid))
    el.set(qn("w:author"), author)
    el.set(qn("w:date"), date)
    el.append(_run(text, "w:delText" if kind == "w:del" else "w:t"))
    return el


def _change(ctx: ExportContext, a: Located, ids: Iterator[int], comment_id: int) -> list[BaseOxmlElement]:
    """The deletion of the quote and the insertion of the replacement by the proposer, inside the range
    of comment `comment_id` (its reference mark after them)."""
    c = a.correction
    author, date = ctx.name(c.proposer), original.word_date(c.created)
    out = []
    if c.quote:
        out.append(_revision("w:del", next(ids), author, date, c.quote))
    if c.replacement:
        out.append(_revision("w:ins", next(ids), author, date, c.replacement))
    holder = OxmlElement("w:p")  # the range markers go next to the change's elements
    holder.extend(out)
    word.anchor_comment(out[0], out[-1], comment_id)
    return list(holder)


def write_tracked(ctx: ExportContext) -> Rendered:
    """The original text with every applied correction as a w:del + w:ins pair (in the original Word file
    if the document came from one)."""
    book = _docx_original(ctx)
    if book is not None:
        return original.write_into_original(ctx, book, tracked=True)
    doc = _new_document(ctx)
    ids = itertools.count(1)
    comments: list[etree._Element] = []
    for _, blocks in ctx.blocks:
        p = doc.add_paragraph()._p
        plain: list[str] = []
        for piece in (piece for b in blocks for piece in b.pieces):
            if isinstance(piece, str):
                plain.append(piece)
                continue
            if plain:
                p.append(_run("".join(plain)))
                plain = []
            p.extend(_change(ctx, piece, ids, len(comments)))
            comments.append(word.comment_element(len(comments), original.remark(ctx, piece.correction)))
        if plain:
            p.append(_run("".join(plain)))
    data = word.add_comments(_save(doc), NAME, comments)
    return Rendered(data, len(ctx.blocks), (f"{len(comments)} tracked change(s), each with a comment",))
