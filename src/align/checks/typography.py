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
from align.translit import ROMAN_DIGITS, roman_value

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
_HYPHEN_DASH = re.compile(r"(?:(?<=[^\W_]) |^)-(?= )", re.MULTILINE)
_HYPHEN_SPACE = re.compile(r"(?<=[a-z])- (?=[a-z]+\b)(?!(?:and|or|to|nor)\b)")
_INITIALS = re.compile(r"\b((?:[A-Z]\. ?)*[A-Z]\.)(?=[A-Z][a-z])")
_ORDINAL_ROMAN = re.compile(
    r"\b([A-Z]{1,7})(?:-?(?:th|st|nd|rd)\b| (?=(?:century|Congress|congress|Party Congress)\b))"
)


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
    out += _ellipses(inp)
    out += _dashes(inp)
    for m in _INITIALS.finditer(text):
        spaced = ". ".join(p for p in m.group(1).replace(" ", "").split(".") if p) + ". "
        add(m.start(), m.end(), spaced, "initials-spacing", "space initials apart and from the surname", 0.8)
    for m in _ORDINAL_ROMAN.finditer(text):
        token = m.group(1)
        if roman_value(token) or sum(ch in ROMAN_DIGITS for ch in token) < len(token) - 1 or len(token) < 2:
            continue
        near = _roman_candidates(token)
        add(m.start(1), m.end(1), None, "invalid-roman-numeral",
            f"'{token}' is not a Roman numeral" + (f" (perhaps {' or '.join(near)})" if near else ""), 0.7)
    return out


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


def _ellipses(inp: CheckInput) -> list[Finding]:
    """The minority ellipsis (… vs ...) and apostrophe (’ vs ') style, and an ellipsis run into the next word."""
    text, out = inp.text, []
    styles = Counter(m.group() for m in _ELLIPSIS.finditer(text))
    if len(styles) == 2:
        (major, n_major), (minor, n_minor) = styles.most_common()
        if n_major >= 3 * n_minor:
            for m in _ELLIPSIS.finditer(text):
                if m.group() == minor:
                    out.append(inp.finding(m.start(), m.end(), major, "typography", "typography.ellipsis-style",
                                           f"the text writes ellipses as '{major}'", 0.7))
    apostrophes = Counter(m.group() for m in _APOSTROPHE.finditer(text))
    if apostrophes["’"] >= 3 * apostrophes["'"] > 0:
        for m in _APOSTROPHE.finditer(text):
            if m.group() == "'":
                out.append(inp.finding(m.start(), m.end(), "’", "typography", "typography.apostrophe-style",
                                       "the text writes apostrophes as ’", 0.7))
    for m in _ELLIPSIS_NO_SPACE.finditer(text):
        out.append(inp.finding(m.start(), m.end(), m.group(1) + " ", "typography", "typography.ellipsis-space",
                               "space missing after the ellipsis", 0.85))
    return out


def _dashes(inp: CheckInput) -> list[Finding]:
    """A spaced hyphen used as a dash (replaced by the text's own dash), and 'good- bye'."""
    text, out = inp.text, []
    dashes = Counter(re.findall(r"(?<= )[–—](?= )|(?<=\w)—(?=\w)", text))
    dash = dashes.most_common(1)[0][0] if dashes else "—"
    for m in _HYPHEN_DASH.finditer(text):
        out.append(inp.finding(m.start(), m.end(), dash, "typography", "typography.hyphen-as-dash",
                               f"a hyphen used as a dash ({dash})", 0.75))
    for m in _HYPHEN_SPACE.finditer(text):
        out.append(inp.finding(m.start(), m.end(), "-", "typography", "typography.space-after-hyphen",
                               "stray space after a hyphen", 0.6))
    return out
