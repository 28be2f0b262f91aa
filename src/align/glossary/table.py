"""The glossary as a table: CSV written and read with a header row `ru,en,avoid,note` (the variants to
avoid joined by ';'), and OmegaT's glossary read too: tab-separated source, target and comment, no header.

Read: the first row decides. A header naming ru and en (and any of avoid, note, in any order),
separated by commas, semicolons (a spreadsheet in a European locale) or tabs, gives the columns;
otherwise a tab-separated first row is OmegaT's three columns, where lines starting with '#' are
comments. Every row must have as many fields as the header (OmegaT's: two or three), blank rows
are skipped, and a cell a spreadsheet-safe export quoted (`'=…`, align.hygiene) is read without
its quote. Text is UTF-8 (with or without a byte-order mark) or UTF-16 with one; anything else is
refused with charset-normalizer's guess at its encoding, to be given as `encoding`. Python's csv
module reads the rows in one pass; a field over its limit (128 KiB) is refused naming the row.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from align.document import guess_encoding
from align.errors import InputError
from align.glossary import MAX_TERMS, Found, GlossaryEntry, Read
from align.hygiene import spreadsheet_safe, spreadsheet_text

COLUMNS = ("ru", "en", "avoid", "note")
OMEGAT = ("ru", "en", "note")  # source, target, comment
SEPARATOR = ";"  # between the variants to avoid in one cell
_DELIMITERS = (",", ";", "\t")


def write_csv(entries: Sequence[GlossaryEntry]) -> bytes:
    """The entries as CSV (UTF-8, header `ru,en,avoid,note`, RFC 4180 quoting); no cell starts a formula."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for e in entries:
        if any(SEPARATOR in v for v in e.avoid):
            raise InputError(f"term {e.key!r}: a variant to avoid holds {SEPARATOR!r}, which separates the variants in "
                             "CSV; export TBX, or change the entry")
        writer.writerow([spreadsheet_safe(v) for v in (e.ru, e.en, SEPARATOR.join(e.avoid), e.note)])
    return buf.getvalue().encode("utf-8")


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """The text of a table file: in `encoding` if given, else UTF-8 or BOM-marked UTF-16; InputError otherwise."""
    if encoding:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"{name}: cannot decode as {encoding} ({exc})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: broken UTF-16 ({exc})") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        enc = guess_encoding(data)
        hint, give = (f" (it looks like {enc})", enc) if enc else ("", "ENCODING")
        raise InputError(f"{name} is not UTF-8{hint}: save it as UTF-8, or give its encoding (--encoding {give})") \
            from None


def _header(first: str) -> tuple[list[str], str] | None:
    """The columns and delimiter when the first line is a header naming ru and en, else None."""
    for delimiter in _DELIMITERS:
        cells = [c.strip().lower() for c in next(csv.reader([first], delimiter=delimiter), [])]
        if "ru" in cells and "en" in cells:
            return cells, delimiter
    return None


def _rows(reader: Iterable[list[str]], name: str, first: int) -> Iterator[tuple[int, list[str]]]:
    """(row number, fields) of the reader's rows, numbered from `first`; csv's own errors name the row."""
    n = first - 1
    it = iter(reader)
    while True:
        n += 1
        try:
            row = next(it)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"{name} row {n} cannot be read ({exc})") from None
        yield n, row


def read_table(data: bytes, name: str, encoding: str | None = None) -> Read:
    """The entries of a CSV or TSV glossary (see the module's docstring); InputError naming the row at fault."""
    text = decode(data, name, encoding)
    header = _header(next(io.StringIO(text), "").rstrip("\r\n"))
    if header is not None:
        columns, delimiter = header
        unknown = [c for c in columns if c not in COLUMNS]
        if unknown or len(set(columns)) != len(columns):
            what = f"unknown column {unknown[0][:40]!r}" if unknown else "a column named twice"
            raise InputError(f"{name} row 1: {what}; the columns are {', '.join(COLUMNS)} (ru and en needed)")
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        next(reader)
        rows = _rows(reader, name, 2)
        label = "row"
    elif "\t" in next((line for line in io.StringIO(text) if line.strip() and not line.startswith("#")), ""):
        columns = list(OMEGAT)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = ((n, r) for n, r in _rows(reader, name, 1) if not (r and r[0].startswith("#")))
        label = "line"
    else:
        raise InputError(f"{name}: the first row must name the columns ({','.join(COLUMNS)}), or the file be "
                         "OmegaT's tab-separated glossary (source, target, comment)")
    read = Read()
    for n, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        where = f"{name} {label} {n}"
        if header is not None and len(row) != len(columns):
            raise InputError(f"{where} has {len(row)} field(s); the header has {len(columns)} ({','.join(columns)})")
        if header is None and len(row) not in (2, 3):
            raise InputError(f"{where} has {len(row)} tab-separated field(s); OmegaT's glossary has 2 or 3 "
                             "(source, target, comment)")
        if len(read.found) >= MAX_TERMS:
            raise InputError(f"{name} holds more than {MAX_TERMS} terms; a glossary holds at most {MAX_TERMS}")
        cells = dict(zip(columns, (spreadsheet_text(c) for c in row)))
        avoid = tuple(cells.get("avoid", "").split(SEPARATOR)) if cells.get("avoid") else ()
        read.found.append(Found(GlossaryEntry(cells["ru"], cells["en"], avoid, cells.get("note", "")), where))
    return read
