"""Word-level differences between two versions of a sentence.

diff-match-patch diffs characters; mapping each word, space run and punctuation mark
to one character first (its line-mode trick, applied to tokens) gives diffs that
respect word boundaries, which is what people read in tracked changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from os.path import commonprefix

from diff_match_patch import diff_match_patch

TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
EQUAL, DELETE, INSERT = diff_match_patch.DIFF_EQUAL, diff_match_patch.DIFF_DELETE, diff_match_patch.DIFF_INSERT


@dataclass(frozen=True)
class Edit:
    """Replace old[start:end] with `replacement` (offsets into the old text)."""

    start: int
    end: int
    replacement: str


# Private-use code points a token is written as (never letters or spaces, so diff-match-patch's
# cleanup treats them all alike): the BMP's block, then planes 15 and 16.
_PRIVATE_USE = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
MAX_TOKENS = sum(hi - lo + 1 for lo, hi in _PRIVATE_USE)  # distinct tokens a word diff can tell apart


def _private_use(n: int) -> str:
    """The n-th private-use character (n < MAX_TOKENS)."""
    for lo, hi in _PRIVATE_USE:
        if n <= hi - lo:
            return chr(lo + n)
        n -= hi - lo + 1
    raise ValueError("no private-use character left")


def word_diff(old: str, new: str, merge: bool = True) -> list[tuple[int, str]]:
    """(op, text) pairs, op in {-1 delete, 0 equal, 1 insert}, on word boundaries; with `merge`, changes
    separated by less than they change are merged into one (diff-match-patch's semantic cleanup), as people
    read them.

    Two texts with more than MAX_TOKENS distinct words and marks between them (far beyond
    any sentence) get a coarse diff instead: common start and end kept, the middle replaced.
    """
    old_tokens, new_tokens = TOKEN.findall(old), TOKEN.findall(new)
    tokens = list(dict.fromkeys([*old_tokens, *new_tokens]))
    if len(tokens) > MAX_TOKENS:
        return _coarse_diff(old_tokens, new_tokens)
    vocab = {tok: _private_use(i) for i, tok in enumerate(tokens)}
    dmp = diff_match_patch()
    diffs = dmp.diff_main("".join(vocab[t] for t in old_tokens), "".join(vocab[t] for t in new_tokens), False)
    if merge:
        dmp.diff_cleanupSemantic(diffs)
    decode = {v: k for k, v in vocab.items()}
    return [(op, "".join(decode[ch] for ch in chunk)) for op, chunk in diffs]


def _coarse_diff(old: list[str], new: list[str]) -> list[tuple[int, str]]:
    """Common leading and trailing tokens kept, everything between deleted and inserted (linear)."""
    head = len(commonprefix([old, new]))  # element-wise on lists too
    tail = len(commonprefix([old[head:][::-1], new[head:][::-1]]))
    parts = [(EQUAL, old[:head]), (DELETE, old[head : len(old) - tail]), (INSERT, new[head : len(new) - tail]),
             (EQUAL, old[len(old) - tail :])]
    return [(op, "".join(chunk)) for op, chunk in parts if chunk]


def edits(old: str, new: str, merge: bool = True) -> list[Edit]:
    """Minimal word-level replacements turning `old` into `new`, one per changed place (`merge`: see
    word_diff).

    A pure insertion is widened to the word before it (or after, at the start), so that
    every edit quotes some existing text and can be located again.
    """
    result: list[Edit] = []
    pos = 0
    pending: Edit | None = None
    for op, chunk in word_diff(old, new, merge):
        if op == EQUAL:
            if pending:
                result.append(pending)
                pending = None
            pos += len(chunk)
        elif op == DELETE:
            pending = Edit(pending.start if pending else pos, pos + len(chunk), pending.replacement if pending else "")
            pos += len(chunk)
        else:
            pending = Edit(
                pending.start if pending else pos,
                pending.end if pending else pos,
                (pending.replacement if pending else "") + chunk,
            )
    if pending:
        result.append(pending)
    return [_widen(old, e) for e in result]


def _widen(old: str, e: Edit) -> Edit:
    if e.start < e.end:
        return e
    before = [m for m in TOKEN.finditer(old, 0, e.start) if m.end() == e.start]
    if before:
        m = before[-1]
        return Edit(m.start(), e.end, old[m.start() : e.start] + e.replacement)
    m2 = TOKEN.match(old, e.end)
    if m2:
        return Edit(e.start, m2.end(), e.replacement + m2.group())
    return e


def apply_edits(text: str, changes: list[Edit]) -> str:
    """Apply non-overlapping edits (any order) to `text`."""
    out, pos = [], 0
    for e in sorted(changes, key=lambda e: (e.start, e.end)):
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)
