"""Changing the termbase: an entry set (added or changed) or removed, project-wide or in one document's
glossary, by an editor; many at once for an import (`update`, which align.glossary.exchange uses).

Only editors change it (align.users, Action.EDIT_GLOSSARY); everyone signed in reads it. Each entry
set records who (`by`, the login) and when (`on`, the UTC date).

Nothing is lost: every write holds the glossary file's writers' lock (align.jsonlog.locked, an
flock on the file itself, as the correction log's writers take), reads the file afresh under it,
changes that and replaces the file atomically (align.safe_io.write_atomic: temporary file, fsync,
rename). Two editors adding terms at once both land, one after the other; a reader sees the old
file or the new one, never half of one. A waiting writer whose file was replaced meanwhile locks
the new one (jsonlog.locked checks the file is still the one at the path).

The file is rewritten around what changed, so a hand-kept file stays as its editor wrote it (`_Layout`): the
lines before the first entry, each entry left as it was (its lines byte for byte, inline comments
included) and the comment lines above it, and the comments after the last entry stay; a changed
entry keeps its place and the comments above it, its own lines written afresh; a new one goes after
the last entry; a removed one takes the comments above it along. The cut at the `[[term]]` lines is
done here: tomlkit, the library that keeps a TOML file's comments, hangs a comment on the table before
it, not on the entry it describes, and parses a 20,000-term file 14 times slower than tomllib (10.6 s
against 0.75 s). A file with a multi-line string, where a `[[term]]` line might be inside a value,
keeps only its opening comments. What is written is read back and compared with what was meant before
it replaces the old file. Every change written is also recorded, signed, in the glossary's
history (align.glossary.history), appended under the same lock just before the file is replaced.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from align import jsonlog
from align.accounts import Actor, active_user
from align.errors import InputError, NotFoundError, StorageError
from align.glossary import (
    MAX_TERMS,
    GlossaryEntry,
    check_entry,
    check_scope,
    glossary_path,
    history,
    parse_toml,
    read_entries,
)
from align.glossary.provenance import signed
from align.project import Project
from align.safe_io import inside, read_regular, write_atomic
from align.schema import toml_value
from align.users import Action, check

T = TypeVar("T")
HEADER = """\
# Termbase{whose}: Russian term (ru), preferred English form (en), variants to avoid,
# a note, and who set the entry (by) on what date (on). Used by `align suggest` (the
# glossary check) and by the aligner. Edit it with `align glossary set|remove|import` or the
# workbench's Glossary view, or by hand: comments above an entry stay with it.
"""
_FIELDS = ("ru", "en", "avoid", "note", "by", "on", "sig")


@dataclass(frozen=True)
class Change:
    """What setting an entry did: the entry it replaced (None for a new one) and the entry now in the file."""

    old: GlossaryEntry | None
    new: GlossaryEntry


def scope_name(doc_id: str | None) -> str:
    """A glossary in words, for messages: "the project's glossary" or "DOC's glossary"."""
    return f"{doc_id}'s glossary" if doc_id else "the project's glossary"


def update(project: Project, actor: Actor, doc_id: str | None,
           change: Callable[[list[GlossaryEntry]], tuple[list[GlossaryEntry], T]]) -> T:
    """Rewrite one glossary file as `change` makes its entries, under the file's lock, and return what `change`
    returned with them. `change` gets the entries read afresh under the lock; returning them unchanged (the
    same list) writes nothing. PermissionDenied unless `actor` is an editor now."""
    check(active_user(project, actor), Action.EDIT_GLOSSARY)
    check_scope(project, doc_id)
    path = glossary_path(project, doc_id)
    if path.parent.exists():
        inside(path.parent, project.corrections_dir)  # corrections/ID may not lead out of the project
    made = not path.exists()
    with jsonlog.locked(path):  # makes an empty file where there was none, read as no entries
        text = _read_text(path)
        written = False
        try:
            entries = parse_toml(_loads(text, path), path)
            changed, result = change(entries)
            if changed is not entries:
                if len(changed) > MAX_TERMS:
                    raise InputError(f"{path} would hold {len(changed)} terms; a glossary holds at most {MAX_TERMS}")
                data = _render(changed, _Layout.of(text, entries, doc_id), path)
                history.record(project, doc_id, actor, entries, changed)  # first: no change without its record
                write_atomic(path, data)
                written = True
        finally:
            if made and not written and not text:
                path.unlink(missing_ok=True)  # the lock's empty file, under the lock: nothing was written
    return result


def set_term(project: Project, actor: Actor, entry: GlossaryEntry, doc_id: str | None = None) -> Change:
    """Add `entry`, or change the entry of its Russian term (of its English form, without one), in the project's
    glossary or document `doc_id`'s, stamped with `actor`'s login and today's date and signed by them
    (align.glossary.provenance). InputError (nothing written) for an entry `check_entry` refuses."""
    new = signed(actor, check_entry(entry, f"term {entry.key.strip()!r}"))

    def put(entries: list[GlossaryEntry]) -> tuple[list[GlossaryEntry], Change]:
        at = next((n for n, e in enumerate(entries) if e.key == new.key), None)
        if at is None:
            return [*entries, new], Change(None, new)
        return [*entries[:at], new, *entries[at + 1 :]], Change(entries[at], new)

    return update(project, actor, doc_id, put)


def remove_term(project: Project, actor: Actor, term: str, doc_id: str | None = None) -> GlossaryEntry:
    """Remove the entry of Russian term `term`, or else the one whose preferred English form is `term`, from the
    project's glossary or document `doc_id`'s; returns it. NotFoundError when that glossary has none (saying
    where it is, if the other has it); InputError when the English form is the preferred one of several."""
    term = term.strip()

    def take(entries: list[GlossaryEntry]) -> tuple[list[GlossaryEntry], GlossaryEntry]:
        found = [n for n, e in enumerate(entries) if e.ru == term] or [n for n, e in enumerate(entries) if e.en == term]
        if len(found) > 1:
            raise InputError(f"{term!r} is the English of {len(found)} entries in {scope_name(doc_id)} ("
                             + ", ".join(repr(entries[n].ru) for n in found[:5]) + "); remove one by its Russian term")
        if not found:
            raise _not_found(project, term, doc_id)
        return [e for n, e in enumerate(entries) if n != found[0]], entries[found[0]]

    return update(project, actor, doc_id, take)


def _not_found(project: Project, term: str, doc_id: str | None) -> NotFoundError:
    """No entry `term` in that glossary; saying which other glossary has one (the project's, or a document's)."""
    others = [None] if doc_id else [d for d in project.documents() if glossary_path(project, d).is_file()]
    where = next((o for o in others if any(term in (e.ru, e.en) for e in read_entries(project, o))), doc_id)
    fix = f"add --doc {where}" if where else "drop --doc"
    hint = "" if where == doc_id else f" (it is in {scope_name(where)}: {fix})"
    return NotFoundError(f"no entry {term!r} in {scope_name(doc_id)}{hint}")


def _read_text(path: Path) -> str:
    try:
        return read_regular(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not a valid glossary ({exc})") from None


def _loads(text: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not a valid glossary ({exc})") from None


_TABLE = re.compile(r"^[ \t]*\[\[[ \t]*term[ \t]*\]\][ \t]*(?:#[^\r\n]*)?\r?\n?", re.M)  # a term's header line


@dataclass(frozen=True)
class _Kept:
    """An entry as its file has it: the comment and blank lines above its `[[term]]` line, and its own lines."""

    entry: GlossaryEntry
    above: str
    lines: str


@dataclass(frozen=True)
class _Layout:
    """A glossary file cut at its entries' `[[term]]` lines: what opens it, each entry's lines by its key, and what
    follows the last entry's own lines (comment and blank lines). The comment lines above an entry are its own:
    above the first, those with no blank line between them and it; above another, all since the entry before."""

    opening: str
    kept: dict[str, _Kept] = field(default_factory=dict)
    closing: str = ""

    @classmethod
    def of(cls, text: str, entries: list[GlossaryEntry], doc_id: str | None) -> _Layout:
        """The layout of `text`, whose entries are `entries`; a new file opens with the standard header. A file
        with a multi-line string (a `[[term]]` line in it could be a value's) keeps its opening comments only."""
        heads = list(_TABLE.finditer(text))
        if not text.strip():
            return cls(HEADER.format(whose=f" of {doc_id}" if doc_id else ", project-wide"))
        if '"""' in text or "'''" in text or len(heads) != len(entries):
            return cls(_comments_before_entries(text))
        if not heads:
            return cls(text)
        opening, above = _split_comment_block(text[: heads[0].start()])
        ends = [h.start() for h in heads[1:]] + [len(text)]
        kept = {}
        for entry, head, end in zip(entries, heads, ends, strict=True):
            lines, below = _split_trailing_comments(text[head.end() : end])
            kept[entry.key] = _Kept(entry, above, lines)
            above = below
        return cls(opening, kept, above)


def _comments_before_entries(text: str) -> str:
    """The comment lines a file opens with, up to its first other line, without the blank lines after them."""
    lines = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            break
        lines.append(line)
    kept = "\n".join(lines).strip("\n")
    return kept + "\n" if kept else ""


def _split_comment_block(opening: str) -> tuple[str, str]:
    """What opens a file cut before the comment lines right above its first entry (no blank line between):
    those describe the entry."""
    return _cut_tail(opening, blank_too=False)


def _split_trailing_comments(body: str) -> tuple[str, str]:
    """A table's lines cut before the comment and blank lines it ends with (they are above the next entry); its
    lines end in a newline."""
    own, tail = _cut_tail(body, blank_too=True)
    return (own if own.endswith("\n") or not own else own + "\n"), tail


def _cut_tail(text: str, blank_too: bool) -> tuple[str, str]:
    """`text` cut before the comment lines it ends with (and blank lines among them, if `blank_too`)."""
    lines = text.splitlines(keepends=True)
    cut = len(lines)
    while cut and (lines[cut - 1].lstrip().startswith("#") or blank_too and not lines[cut - 1].strip()):
        cut -= 1
    return "".join(lines[:cut]), "".join(lines[cut:])


def _row(entry: GlossaryEntry) -> dict[str, object]:
    """The entry as the file's table: empty fields left out."""
    values = entry.to_dict()
    return {k: values[k] for k in _FIELDS if values[k]}


def _render(entries: list[GlossaryEntry], layout: _Layout, path: Path) -> bytes:
    """The file's bytes: `layout`'s opening, each entry as its file had it or written afresh, then its closing
    comments; StorageError if it would not read back as `entries`."""
    parts = [layout.opening]
    for e in entries:
        was = layout.kept.get(e.key)
        lines = was.lines if was and was.entry == e else "".join(f"{k} = {toml_value(v)}\n" for k, v in _row(e).items())
        above = was.above if was else "\n"
        if parts[-1].endswith("\n\n") or not parts[-1]:  # one blank line between, where an entry before went
            above = above.lstrip("\n")
        parts.append(above + "[[term]]\n" + lines)
    if layout.closing.strip():
        parts.append(layout.closing if layout.closing.startswith("\n") else "\n" + layout.closing)
    text = "".join(parts)
    rows = [{k: v for k, v in row.items() if v} for row in tomllib.loads(text).get("term", [])]
    if rows != [_row(e) for e in entries]:  # what was written reads back
        raise StorageError(f"cannot write {path}: the entries do not survive TOML; nothing was changed")
    return text.encode("utf-8")
