"""Importing a termbase from a CAT tool (TBX, CSV, OmegaT's TSV) into a glossary, and exporting one.

An import is read whole and checked before anything is written (`read_file`): the format from
the file itself (XML is TBX, anything else a table), at most MAX_IMPORT_BYTES, every entry by
align.glossary.check_entry, a term given twice in the file refused naming both places. Any
fault is one InputError naming the file and the row or element, and nothing is written.

It is then merged into the chosen glossary (`plan`, the dry run; `import_terms`, which plans
again under the glossary's lock and writes, align.glossary.edit.update), entry by entry:
- a term the glossary lacks is added;
- one it has with the same English form is updated: the variants to avoid joined, the note
  kept (or taken from the file where the glossary's is empty); one saying the same is left;
- one it has with another English form is a conflict, reported and left as it is, unless
  `replace`, which takes the file's entry whole.
Entries written are stamped with the importer's login and the date (align.glossary.edit).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from align.accounts import Actor
from align.errors import InputError
from align.glossary import Found, GlossaryEntry, Read, check_entry, check_scope, listed, read_entries
from align.glossary.edit import update
from align.glossary.provenance import signed, today
from align.glossary.table import read_table, write_csv
from align.glossary.tbx import read_tbx, write_tbx
from align.project import Project
from align.safe_io import read_regular

MAX_IMPORT_BYTES = 100 * 1024 * 1024  # a TBX of some 110,000 entries as align writes them; larger is refused unread
_XML_SUFFIXES = (".tbx", ".xml")


class Format(StrEnum):
    """What a glossary is exported as."""

    TBX = "tbx"
    CSV = "csv"


SUFFIX = {Format.TBX: ".tbx", Format.CSV: ".csv"}
MIME = {Format.TBX: "application/x-tbx+xml", Format.CSV: "text/csv"}


class Outcome(StrEnum):
    """What an import does with one entry of the file."""

    ADD = "add"
    UPDATE = "update"
    SAME = "same"
    CONFLICT = "conflict"
    REPLACE = "replace"


@dataclass(frozen=True)
class Item:
    """One entry of the file, what the glossary has for its term (None: nothing), and the outcome."""

    outcome: Outcome
    incoming: GlossaryEntry
    current: GlossaryEntry | None
    result: GlossaryEntry | None  # the entry the glossary gets (None: it is left as it is)
    where: str


@dataclass(frozen=True)
class Plan:
    """What importing a file does to a glossary, entry by entry, and what of the file was left out."""

    items: tuple[Item, ...]
    skipped: tuple[str, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(i.outcome is outcome for i in self.items)

    def summary(self) -> str:
        """E.g. "3 added, 1 updated, 5 unchanged, 2 conflict(s) left as they are, 1 skipped"."""
        words = ((Outcome.ADD, "added"), (Outcome.UPDATE, "updated"), (Outcome.REPLACE, "replaced"),
                 (Outcome.SAME, "unchanged"), (Outcome.CONFLICT, "conflict(s) left as they are"))
        parts = [f"{self.count(o)} {word}" for o, word in words if self.count(o) or o is Outcome.ADD]
        return ", ".join(parts + ([f"{len(self.skipped)} skipped"] if self.skipped else []))


def check_size(size: int, name: str) -> None:
    if size > MAX_IMPORT_BYTES:
        raise InputError(f"{name} is {size / 1e6:.1f} MB; a termbase to import may be at most "
                         f"{MAX_IMPORT_BYTES / 1e6:.0f} MB")


def read_path(path: Path) -> bytes:
    """The bytes of a file to import (a regular file, at most MAX_IMPORT_BYTES, checked before reading)."""
    return read_regular(path, lambda size: check_size(size, str(path)))


def _is_xml(data: bytes, name: str) -> bool:
    if name.lower().endswith(_XML_SUFFIXES):
        return True
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") or head.startswith((b"\xff\xfe<\x00", b"\xfe\xff\x00<"))


def read_file(data: bytes, name: str, encoding: str | None = None) -> Read:
    """The checked entries of a TBX, CSV or TSV file (`encoding`: of a table that is not UTF-8); InputError naming
    the row or element at fault, a term given twice, or a file with no terms."""
    check_size(len(data), name)
    if _is_xml(data, name):
        if encoding:
            raise InputError(f"{name} is XML, which says its own encoding: drop --encoding")
        read = read_tbx(data, name)
    else:
        read = read_table(data, name, encoding)
    checked: list[Found] = []
    first: dict[str, str] = {}
    for found in read.found:
        entry = check_entry(found.entry, found.where)
        if first.setdefault(entry.key, found.where) != found.where:
            earlier = first[entry.key].removeprefix(f"{name} ")
            raise InputError(f"{found.where} repeats the term {entry.key!r} of {earlier} (one entry per term)")
        checked.append(Found(entry, found.where))
    if not checked:
        raise InputError(f"{name} holds no terms to import" + (f" ({read.skipped[0]})" if read.skipped else ""))
    return Read(checked, read.skipped)


def _merged(current: GlossaryEntry, incoming: GlossaryEntry, where: str) -> GlossaryEntry:
    """The glossary's entry with the file's variants to avoid added and, where it has none, the file's note
    (checked again: the variants together may be too many)."""
    joined = dataclasses.replace(current, avoid=current.avoid + incoming.avoid, note=current.note or incoming.note)
    return check_entry(joined, where)


def _item(found: Found, current: GlossaryEntry | None, replace: bool) -> Item:
    new = found.entry
    if current is None:
        return Item(Outcome.ADD, new, None, new, found.where)
    if current.en != new.en:
        return Item(Outcome.REPLACE if replace else Outcome.CONFLICT, new, current, new if replace else None,
                    found.where)
    result = new if replace else _merged(current, new, found.where)
    if result.terms() == current.terms():
        return Item(Outcome.SAME, new, current, None, found.where)
    return Item(Outcome.UPDATE, new, current, result, found.where)


def _plan(entries: list[GlossaryEntry], read: Read, replace: bool) -> Plan:
    by_key = {e.key: e for e in entries}
    return Plan(tuple(_item(f, by_key.get(f.entry.key), replace) for f in read.found), tuple(read.skipped))


def plan(project: Project, read: Read, doc_id: str | None = None, replace: bool = False) -> Plan:
    """What importing `read` into the project's glossary (or document `doc_id`'s) would do; nothing is written."""
    check_scope(project, doc_id)
    return _plan(read_entries(project, doc_id), read, replace)


def import_terms(project: Project, actor: Actor, read: Read, doc_id: str | None = None,
                 replace: bool = False) -> Plan:
    """Merge `read` into the project's glossary (or document `doc_id`'s) as an editor, under its lock; returns what
    was done (planned again against the file as it is then). The conflicts are left as they are unless `replace`."""
    def merge(entries: list[GlossaryEntry]) -> tuple[list[GlossaryEntry], Plan]:
        done = _plan(entries, read, replace)
        results = {i.result.key: signed(actor, i.result)
                   for i in done.items if i.result is not None}
        if not results:
            return entries, done
        keys = {e.key for e in entries}
        merged = [results.get(e.key, e) for e in entries] + [r for k, r in results.items() if k not in keys]
        return merged, done

    return update(project, actor, doc_id, merge)


def export(project: Project, fmt: Format, doc_id: str | None = None) -> bytes:
    """The project's glossary (with `doc_id`, the document's termbase: the project's merged with its own) as TBX
    or CSV."""
    check_scope(project, doc_id)
    entries = [i.entry for i in listed(project, doc_id)]
    if fmt is Format.CSV:
        return write_csv(entries)
    title = f"Termbase of {project.title(doc_id)} ({doc_id})" if doc_id else f"Termbase of {project.root.name}"
    return write_tbx(entries, f"{title}, exported by align on {today()}")
