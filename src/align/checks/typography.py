"""Typography and mechanics: spacing, doubled punctuation, run-on sentences, quotes,
ellipses, dashes, initials and Roman numerals.

Regular expressions over the stored text: the faults are character patterns, and no
library checks these memoir-translation conventions (LanguageTool would need Java).
Every rule only fires on a pattern that is wrong in any house style; where the text has
its own consistent convention (straight quotes, "..." ellipses) nothing is flagged.
"""

from __future__ import annotations

import re
from collections import Counter

from align.checks.model import CheckInput, Finding
from align.translit import ROMAN_DIGITS, roman_value, to_roman

_SPACE_BEFORE = re.compile(r"(?<=[^\W_]|[”’)\]])([ \t]+)([,;:!?]|\.(?!\.))(?=\s|$|[”’\"])")
_POSSESSIVE = re.compile(r"(?<=[^\W\d_])(['’]) s\b")
_DOUBLED = re.compile(r"(?<=[^\W_])(?:(?<!\.)\.\.(?![.…])|,,|;;|::)")
# Capitalised words that mid-sentence almost always begin a new sentence (not He/His/Our:
# reverent capitals and verse lines use them mid-sentence).
_STARTERS = "It|The|She|They|We|This|These|Those|There|Then|But|When|After|Soon|Now|Here|Today|Suddenly"
_RUN_ON = re.compile(rf"(?<![\w.,;:!?'’\"”)\]])([a-z]{{3,}}) (?:{_STARTERS}) (?=[a-z])")
_ELLIPSIS = re.compile(r"…|(?<!\.)\.\.\.(?!\.)")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['’](?=[^\W\d_])")
_ELLIPSIS_NO_SPACE = re.compile(r"(?<=[^\W_])(…|\.\.\.)(?=[A-Z])")
# A hyphen standing alone between words (or opening a line) where a dash belongs: its spaces are kept
# for a text that spaces its dashes ("word – word"), taken into the dash for one that does not.
_HYPHEN_DASH = re.compile(r"(?:(?<=[^\W_,;:]) |^)-(?= )", re.MULTILINE)
_HYPHEN_SPACE = re.compile(r"(?<=[a-z])- (?=[a-z]+\b)(?!(?:and|or|to|nor)\b)")
_INITIALS = re.compile(r"\b((?:[A-Z]\. ?)*[A-Z]\.)(?=[A-Z][a-z])")
_ORDINAL_ROMAN = re.compile(
    r"\b([A-Z]{1,7})(?:-?(?:th|st|nd|rd)\b| (?=(?:century|Congress|congress|Party Congress)\b))"
)
# A run of numeral letters after a word that numbers with them: chapter, book, part, volume
# (any case), or a name with a regnal number (Louis XIIII).
_NUMBERED_ROMAN = re.compile(
    r"(?:\b(?i:chapter|book|part|volume|act|scene|canto|section) |\b[A-Z][a-z]+ )([IVXLCDM]{2,})\b(?!['’-])"
)
_HEADING_ROMAN = re.compile(r"\b((?i:chapter|book|part|volume|act|scene|canto|section)) ([IVXLCDM]{1,9})\b")
_DOUBLE_QUOTE = re.compile(r'["“”]')
_SINGLE_MARK = re.compile(r"['‘’]")


def check(inp: CheckInput) -> list[Finding]:
    """All typography findings of the text."""
    text, out = inp.text, []

    def add(start: int, end: int, repl: str | None, rule: str, msg: str, conf: float) -> None:
        out.append(inp.finding(start, end, repl, "typography", f"typography.{rule}", msg, conf))

    for m in _SPACE_BEFORE.finditer(text):
        add(m.start(), m.end(), m.group(2), "space-before-punctuation", f"no space before '{m.group(2)}'", 0.9)
    for m in _POSSESSIVE.finditer(text):
        add(m.start(), m.end(), m.group(1) + "s", "space-in-possessive", "no space inside a possessive 's", 0.9)
    for m in _DOUBLED.finditer(text):
        add(m.start(), m.end(), m.group()[0], "doubled-punctuation", f"doubled '{m.group()[0]}'", 0.8)
    for m in _RUN_ON.finditer(text):
        add(m.start(1), m.end(1), m.group(1) + ".", "missing-full-stop",
            "a sentence runs into the next: full stop missing?", 0.6)
    out += _quotes(inp)
    out += _straight_marks(inp)
    out += _ellipses(inp)
    out += _dashes(inp)
    for m in _INITIALS.finditer(text):
        spaced = ". ".join(p for p in m.group(1).replace(" ", "").split(".") if p) + ". "
        add(m.start(), m.end(), spaced, "initials-spacing", "space initials apart and from the surname", 0.8)
    out += _roman_numerals(inp)
    return out


def _roman_numerals(inp: CheckInput) -> list[Finding]:
    """Invalid Roman numerals ('XIIII', 'XY') where a numeral is expected: an ordinal ('XY century'),
    a chapter or a regnal number. The intended numeral is clear only inside a numbered sequence
    (CHAPTER XIII, CHAPTER XIIII, CHAPTER XV), and proposed there; elsewhere the numeral is flagged
    with the valid ones near it."""
    out: dict[int, Finding] = {}
    sequence = _sequence_fixes(inp.text)
    for m in [*_ORDINAL_ROMAN.finditer(inp.text), *_NUMBERED_ROMAN.finditer(inp.text)]:
        token = m.group(1)
        if m.start(1) in out or len(token) < 2 or roman_value(token):
            continue
        if sum(ch in ROMAN_DIGITS for ch in token) < len(token) - 1:
            continue
        intended = sequence.get(m.start(1))
        if intended:
            out[m.start(1)] = inp.finding(m.start(1), m.end(1), intended, "typography",
                                          "typography.invalid-roman-numeral",
                                          f"'{token}' is not a Roman numeral; the sequence wants {intended}", 0.8)
            continue
        near = _roman_candidates(token)
        out[m.start(1)] = inp.finding(
            m.start(1), m.end(1), None, "typography", "typography.invalid-roman-numeral",
            f"'{token}' is not a Roman numeral" + (f" (perhaps {' or '.join(near)})" if near else ""), 0.7)
    return list(out.values())


def _sequence_fixes(text: str) -> dict[int, str]:
    """Offsets of invalid numerals between two valid ones of the same heading word that are two
    apart (CHAPTER XIII … CHAPTER XV), with the numeral missing between them."""
    by_word: dict[str, list[tuple[int, int | None]]] = {}
    for m in _HEADING_ROMAN.finditer(text):
        by_word.setdefault(m.group(1).lower(), []).append((m.start(2), roman_value(m.group(2))))
    fixes = {}
    for seq in by_word.values():
        for (_, before), (pos, value), (_, after) in zip(seq, seq[1:], seq[2:], strict=False):
            if value is None and before is not None and after == before + 2:
                fixes[pos] = to_roman(before + 1) or ""
    return {k: v for k, v in fixes.items() if v}


def _roman_candidates(token: str) -> list[str]:
    """Valid numerals one letter away from `token` (only the non-Roman letters are changed)."""
    found = []
    for i, ch in enumerate(token):
        if ch in ROMAN_DIGITS:
            continue
        for sub in ("", *ROMAN_DIGITS):
            cand = token[:i] + sub + token[i + 1 :]
            if roman_value(cand) and cand not in found:
                found.append(cand)
    return found[:4]


def _quotes(inp: CheckInput) -> list[Finding]:
    """Curly double quotes: a closing mark used to open, an opening ‘ closed by ”, an unclosed “.

    Only curly quotes are checked (straight ones carry no orientation). An unclosed “ is
    normal when the quotation goes on into the next paragraph, so that is not flagged.
    """
    text, out = inp.text, []
    paras = inp.segmentation.paragraphs
    for k, p in enumerate(paras):
        body = text[p.start : p.end]
        depth, single_open = 0, None
        for i, ch in enumerate(body):
            before = body[i - 1] if i else " "
            after = body[i + 1] if i + 1 < len(body) else " "
            pos = p.start + i
            if ch == "“":
                depth += 1
            elif ch == "”":
                if before.isspace() and after.isalpha():
                    out.append(inp.finding(pos, pos + 1, "“", "typography", "typography.quote-orientation",
                                           "a closing quotation mark opens a quotation", 0.8))
                    depth += 1
                elif depth == 0 and single_open is not None:
                    out.append(inp.finding(single_open, single_open + 1, "“", "typography",
                                           "typography.quote-mismatch",
                                           "quotation opened with ‘ but closed with ”", 0.7))
                    single_open = None
                else:
                    depth = max(depth - 1, 0)
            elif ch == "‘" and (before.isspace() or before in "(—–-") and after.isalpha():
                single_open = pos
            elif ch == "’" and not after.isalpha():
                single_open = None
        nxt = text[paras[k + 1].start : paras[k + 1].start + 1] if k + 1 < len(paras) else ""
        if depth > 0 and nxt != "“":
            last_open = p.start + body.rfind("“")
            out.append(inp.finding(last_open, last_open + 1, None, "typography", "typography.quote-unclosed",
                                   "quotation opened here is not closed in its paragraph", 0.5))
    return out


def _straight_marks(inp: CheckInput) -> list[Finding]:
    """Straight quotes and apostrophes in a text that writes curly ones (three times as often or
    more): each is proposed its curly form, oriented by what stands before it ("it's", the
    Joneses' house, 'a quote')."""
    text, out = inp.text, []
    doubles = Counter(m.group() for m in _DOUBLE_QUOTE.finditer(text))
    if doubles["“"] + doubles["”"] >= 3 * doubles['"'] > 0:
        for m in _DOUBLE_QUOTE.finditer(text):
            if m.group() == '"':
                mark = "“" if _opens(text, m.start()) else "”"
                out.append(inp.finding(m.start(), m.end(), mark, "typography", "typography.quote-style",
                                       f"the text writes curly quotation marks ({mark})", 0.75))
    singles = Counter(m.group() for m in _SINGLE_MARK.finditer(text))
    if singles["’"] + singles["‘"] >= 3 * singles["'"] > 0:
        for m in _SINGLE_MARK.finditer(text):
            if m.group() == "'":
                after = text[m.end() : m.end() + 1]
                mark = "‘" if _opens(text, m.start()) and after.isalpha() else "’"
                out.append(inp.finding(m.start(), m.end(), mark, "typography", "typography.apostrophe-style",
                                       f"the text writes apostrophes and single quotes curly ({mark})", 0.7))
    return out


def _opens(text: str, i: int) -> bool:
    """Whether a quotation mark at text[i] opens: it starts a line or follows a space, bracket or dash."""
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-"


def _ellipses(inp: CheckInput) -> list[Finding]:
    """The minority ellipsis style (… vs ...), and an ellipsis run into the next word."""
    text, out = inp.text, []
    styles = Counter(m.group() for m in _ELLIPSIS.finditer(text))
    if len(styles) == 2:
        (major, n_major), (minor, n_minor) = styles.most_common()
        if n_major >= max(2, 2 * n_minor):  # two against one is a style in a short text
            for m in _ELLIPSIS.finditer(text):
                if m.group() == minor:
                    out.append(inp.finding(m.start(), m.end(), major, "typography", "typography.ellipsis-style",
                                           f"the text writes ellipses as '{major}'", 0.7))
    for m in _ELLIPSIS_NO_SPACE.finditer(text):
        out.append(inp.finding(m.start(), m.end(), m.group(1) + " ", "typography", "typography.ellipsis-space",
                               "space missing after the ellipsis", 0.85))
    return out


def _dashes(inp: CheckInput) -> list[Finding]:
    """A spaced hyphen used as a dash (replaced by the text's own dash), and 'good- bye'."""
    text, out = inp.text, []
    spaced = Counter(re.findall(r"(?<= )[–—](?= )", text))
    closed = Counter(re.findall(r"(?<=[^\W\d_])(?:—|--)(?=[^\W\d_])", text))
    style = closed if closed.total() > spaced.total() else spaced
    dash = style.most_common(1)[0][0] if style else "—"
    for m in _HYPHEN_DASH.finditer(text):
        start, end = m.end() - 1, m.end()
        if style is closed and m.start() < start:  # "word - word" becomes "word—word"
            start, end = m.start(), end + 1
        out.append(inp.finding(start, end, dash, "typography", "typography.hyphen-as-dash",
                               f"a hyphen used as a dash ({dash})", 0.75))
    for m in _HYPHEN_SPACE.finditer(text):
        out.append(inp.finding(m.start(), m.end(), "-", "typography", "typography.space-after-hyphen",
                               "stray space after a hyphen", 0.6))
    return out
