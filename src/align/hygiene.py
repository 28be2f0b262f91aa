"""Which characters text may hold, checked at the door and escaped on the way out.

Refused in everything people type (replacements, notes, reasons, comments) and in every
text the library reads as a document: control characters other than tab, line feed and
carriage return (C0, DEL, C1), unpaired surrogates and Unicode noncharacters (U+FFFE,
U+FFFF, U+FDD0-U+FDEF and the last two code points of every plane). None of them is
text, and XML (DOCX, TEI, TMX, XLIFF, HTML) cannot carry most of them, so one of them in
a log would break every export.

What got in before these rules (an old log line) is never a traceback: `escape` spells the
characters out (`\\x0b`, `\\ufffe`), and `align.corrections.escaping` does it to a whole
correction, saying what it escaped. `for_terminal` does the same for anything printed, and also escapes
line breaks and the escape character, so a note cannot fake output lines or move the cursor, and the
bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069), so a sentence
cannot show the rest of its output line reversed ("Trojan Source", CVE-2021-42574). Those are text
(right-to-left quotations use them) and stay in documents; only what people read them through gets
them spelled out: the terminal (`for_terminal`; `json_line` for the CLI's JSON Lines) and HTML
(`spell_bidi`, used by `align.render`), where an override in a replacement would show a reviewer
other text than the one they approve. Short texts that never quote right-to-left writing (a glossary's
terms and notes) refuse them at the door instead (`check_plain`).

Spreadsheets run a cell starting with = + - @ as a formula: CSV exports write such a cell after a
quote (`spreadsheet_safe`), and CSV imports drop that quote again (`spreadsheet_text`).
"""

from __future__ import annotations

import json
import re

from align.errors import InputError

_BMP_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
# Forbidden characters of the Basic Multilingual Plane (tab, line feed and carriage return are text).
_BMP_BAD = re.compile(f"[{_BMP_FORBIDDEN}]")
# The last two code points of planes 1-16, looked for only in text beyond the BMP: `re` searches a
# class of scattered astral characters ten times slower than a BMP class, on every character.
_ASTRAL_BAD = re.compile("[" + "".join(chr(p * 0x10000 + n) for p in range(1, 17) for n in (0xFFFE, 0xFFFF)) + "]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# The bidirectional embedding, override and isolate controls: they reorder what follows them.
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_BIDI = re.compile(f"[{_BIDI_CONTROLS}]")
# What one line of plain text (a glossary term) may not hold either.
_BREAKS = re.compile("[\t\n\r\u2028\u2029]")
# What a spreadsheet would run as a formula when a cell starts with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a terminal must not receive raw from user or document text: the above and line breaks.
_TERMINAL_BAD = re.compile(f"[{_BMP_FORBIDDEN}\x0a\x0d\u2028\u2029{_BIDI_CONTROLS}]")


def find_bad(text: str) -> re.Match[str] | None:
    """The first character no text may hold, or None."""
    m = _BMP_BAD.search(text)
    if not text.isascii() and _ASTRAL.search(text):
        astral = _ASTRAL_BAD.search(text, 0, m.start() if m else len(text))
        return astral or m
    return m


def codepoint(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def line_column(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column of character `pos`."""
    return text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1


def check_text(text: str, what: str) -> str:
    """Return `text`, or raise InputError naming the first forbidden character, its line and column."""
    m = find_bad(text)
    if m is None:
        return text
    line, column = line_column(text, m.start())
    kind = "an unpaired surrogate" if 0xD800 <= ord(m.group()) <= 0xDFFF else (
        "a noncharacter" if m.group() in "\ufffe\uffff" or ord(m.group()) >= 0xFDD0 else "a control character")
    raise InputError(f"{what} contains {kind} ({codepoint(m.group())}) at line {line}, column {column}; "
                     "remove it (only text, tabs and line breaks are accepted)")


def check_plain(text: str, what: str, *, one_line: bool = False) -> str:
    """`check_text`, refusing the bidirectional controls too, and with `one_line` tabs and line breaks: for short
    texts that never quote right-to-left writing and are shown wherever they are used, such as a glossary's
    terms (one line each) and notes. Returns `text`, or raises InputError naming the character and where it is."""
    check_text(text, what)
    m = _BIDI.search(text) or (_BREAKS.search(text) if one_line else None)
    if m is None:
        return text
    line, column = line_column(text, m.start())
    kind, why = (("a bidirectional control", "it would show the text reordered") if _BIDI.match(m.group())
                 else ("a tab or line break", "it must be one line"))
    raise InputError(f"{what} contains {kind} ({codepoint(m.group())}) at line {line}, column {column}; "
                     f"remove it ({why})")


def spreadsheet_safe(value: object) -> object:
    """A text cell a spreadsheet will not run as a formula (OWASP CSV injection: a quote before
    a leading = + - @, tab or carriage return); numbers and other text pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_text(cell: str) -> str:
    """A cell as `spreadsheet_safe` wrote it, read back: the quote before a formula's first character dropped."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _spelled(m: re.Match[str]) -> str:
    n = ord(m.group())
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def escape(text: str) -> str:
    """`text` with every forbidden character spelled out as a Python-style escape (`\\x0b`)."""
    text = _ASTRAL_BAD.sub(_spelled, text) if not text.isascii() and _ASTRAL.search(text) else text
    return _BMP_BAD.sub(_spelled, text)


def spell_bidi(text: str) -> str:
    """`text` with its bidirectional controls spelled out (`\\u202e`): shown as they are, not acted on."""
    return _BIDI.sub(_spelled, text)


def json_line(value: object) -> str:
    """`value` as one line of JSON for a terminal or a pipe: non-ASCII text kept readable, the bidirectional
    controls written as JSON escapes (`\\u202e`, the same string once parsed), so a line shown raw is not
    reordered; JSON itself escapes control characters and line breaks."""
    return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def for_terminal(text: str) -> str:
    """`text` safe to print on one terminal line: control characters and line breaks spelled out."""
    return _TERMINAL_BAD.sub(_spelled, escape(text))
