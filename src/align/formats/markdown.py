"""Markdown: rendered to HTML by markdown-it-py (CommonMark, MIT) and read as HTML.

Headings, block quotes, lists and emphasis come through as in any HTML page; the stored
text is the rendered text (no `#`, `*` or `>` marks), and exports of a Markdown document
are today's plain-text ones.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from align.document import decode_text
from align.errors import InputError
from align.formats import html
from align.formats.model import Book, Format


def read(data: bytes, name: str, encoding: str | None = None) -> Book:
    if encoding:
        try:
            source = data.decode(encoding).lstrip("\ufeff")
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"{name}: cannot decode as {encoding} ({exc})") from None
    else:
        source = decode_text(data, name).lstrip("\ufeff")
    rendered = MarkdownIt("commonmark").render(source)
    page = f"<html><body>{rendered}</body></html>".encode()
    return html.read_tree(html.parse_html(page, name, "utf-8"), Format.MARKDOWN, "index.md")
