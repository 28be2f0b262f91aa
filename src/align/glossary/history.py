"""The termbase's history: a signed, append-only record of every change written to a glossary file.

An entry's own signature (align.glossary.provenance) proves who set what it says now; it says
nothing of what it said before, nor who removed an entry. So every change `align.glossary.edit.update`
writes (set, change, remove, import) also appends one record per entry changed to the history beside
the glossary file (`corrections/glossary-history.jsonl` for the project's, `corrections/ID/
glossary-history.jsonl` for a document's): what happened (`What`), the term, the entry before and
after (as their dicts, without `sig`), who (login, role) and when, signed by the editor as the
alignment decisions are (align.signing, LAYOUT: ids "g-…"). One update's records go in one append.

Order of writes, both under the glossary file's lock: the history is appended (and fsync'd) first,
then the glossary file is replaced. The file's bytes are made and read back before the append, so
what can still fail between the two is the disk or the process itself. Then the history holds a
record of a change the file does not show, which is visible as such: the latest record of a term
says an `after` the file's entry is not. The other order could leave a change in the file that no
record accounts for, which is what this module is here to prevent: never a change without its record.
(Hand edits of the TOML file bypass the library and are not recorded; provenance marks them.)

Reading (`read_history`) verifies every line with the users' keys (align.signing.screen) and the
rule a write obeys (the role it was signed in may edit the glossary at that time): a line that is
torn, not a record, unsigned, wrongly signed or breaks the rule is reported with its line number
and left out, the rest listed; a line a git union merge duplicated counts once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from align import jsonlog, signing
from align.accounts import screened
from align.errors import PermissionDenied
from align.glossary import GlossaryEntry, glossary_path, read_entries
from align.project import Project
from align.users import Action, User, acting, check

HISTORY_FILE = "glossary-history.jsonl"
LAYOUT = signing.Layout("glossary change", "g-", "id")  # how a history line carries its id and signature
_ENTRY_TEXTS = ("ru", "en", "note", "by", "on")


class What(StrEnum):
    """What a change did to one entry."""

    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


@dataclass(frozen=True)
class Record:
    """One entry's change: what, the term, the entry before and after (None: there was none / is none), who (in
    what role) and when, signed by them."""

    id: str  # derived from the content (align.signing)
    what: What
    term: str
    before: GlossaryEntry | None
    after: GlossaryEntry | None
    by: str
    role: str
    at: str
    sig: str = ""

    @classmethod
    def signed(cls, signer: signing.Signer, at: str, before: GlossaryEntry | None,
               after: GlossaryEntry | None) -> Record:
        """The record of `signer` changing an entry from `before` to `after` at `at`, with its id and signature."""
        what = What.ADDED if before is None else What.REMOVED if after is None else What.CHANGED
        term = next(e.key for e in (after, before) if e is not None)
        record = cls("", what, term, before, after, signer.login, str(signer.role), at)
        record_id, sig = signing.sign(signer, LAYOUT, record.content())
        return replace(record, id=record_id, sig=sig)

    def content(self) -> dict[str, Any]:
        """What the id and the signature cover, in the order it is written."""
        return {"what": str(self.what), "term": self.term, "before": _unsigned(self.before),
                "after": _unsigned(self.after), "by": self.by, "role": self.role, "at": self.at}

    def to_json(self) -> dict[str, Any]:
        return LAYOUT.line(self.content(), self.id, self.sig)

    @classmethod
    def from_line(cls, raw: bytes) -> tuple[Record, bytes]:
        """A history line: the record and the content bytes its id and signature are checked against; ValueError,
        TypeError or KeyError names what is wrong."""
        obj = jsonlog.loads(raw)
        term, by, role, at, record_id = (_text(obj, key) for key in ("term", "by", "role", "at", "id"))
        what = What(obj["what"])
        before, after = _entry(obj["before"]), _entry(obj["after"])
        if (before is None) != (what is What.ADDED) or (after is None) != (what is What.REMOVED):
            raise ValueError(f"a record of an entry {what} must have " + {
                What.ADDED: "no 'before' and an 'after'", What.CHANGED: "a 'before' and an 'after'",
                What.REMOVED: "a 'before' and no 'after'"}[what])
        return cls(record_id, what, term, before, after, by, role, at, str(obj.get("sig", ""))), \
            LAYOUT.signed_message(raw)


@dataclass(frozen=True)
class History:
    """A glossary's history read: its verified records in file order (oldest first), and the lines left out."""

    records: list[Record]
    problems: list[str]


def history_path(project: Project, doc_id: str | None = None) -> Path:
    """The history beside the project-wide glossary file, or beside document `doc_id`'s own."""
    return glossary_path(project, doc_id).with_name(HISTORY_FILE)


def changes(signer: signing.Signer, before: Sequence[GlossaryEntry], after: Sequence[GlossaryEntry]) -> list[Record]:
    """The signed records of turning a glossary's entries `before` into `after`, all stamped now: each entry
    changed or removed (in the old order), then each added (in the new order); an entry left alike, none."""
    old, new = {e.key: e for e in before}, {e.key: e for e in after}
    at = jsonlog.now()
    kept = [Record.signed(signer, at, e, new.get(k)) for k, e in old.items() if new.get(k) != e]
    return kept + [Record.signed(signer, at, None, e) for k, e in new.items() if k not in old]


def record(project: Project, doc_id: str | None, signer: signing.Signer, before: Sequence[GlossaryEntry],
           after: Sequence[GlossaryEntry]) -> None:
    """Append the records of `before` becoming `after` to the glossary's history, in one write (nothing when
    nothing changed). The caller holds the glossary file's lock; the history's own is taken inside it."""
    records = changes(signer, before, after)
    if records:
        with jsonlog.locked(history_path(project, doc_id)) as held:
            jsonlog.append_many(held, [r.to_json() for r in records])


def read_history(project: Project, doc_id: str | None = None, term: str | None = None) -> History:
    """The glossary's verified records (of the entry `term` only, by its Russian term or an English form it had,
    when given), and every line left out and why (see the module's docstring)."""
    path = history_path(project, doc_id)
    batch = jsonlog.read(path, jsonlog.Cursor(), Record.from_line, "glossary change", lines=True)
    if batch is None:
        return History([], [])
    kept, refused = screened(project, path, batch.records, LAYOUT, lambda r: (r.id, r.by, r.sig), _refusal)
    problems = [*batch.problems, *refused]
    records = [r for r in kept if term is None or _about(r, term)]
    return History(records, [text for _, text in sorted(problems)] + ([batch.torn] if batch.torn else []))


def unmatched(project: Project, doc_id: str | None, records: Sequence[Record]) -> list[str]:
    """Where the glossary file does not say what its history's latest record of a term says (a write that failed
    after its record, or a hand edit since), one sentence each; `records`: `read_history`'s, whole."""
    latest = {r.term: r for r in records}
    entries = {e.key: e for e in read_entries(project, doc_id)}
    name = glossary_path(project, doc_id).name
    out = []
    for term, r in latest.items():
        now = entries.get(term)
        if (now.terms() if now else None) != (r.after.terms() if r.after else None):
            said = "removed" if r.after is None else "set"
            out.append(f"{name}: {term!r} is not as {r.by} {said} it at {r.at[:16].replace('T', ' ')} "
                       "(edited by hand since, or that write failed)")
    return out


def summary(entry: GlossaryEntry | None) -> str:
    """An entry's content on one line, for a listing: "Comintern; avoid: Komintern; note: …" ("" for none)."""
    if entry is None:
        return ""
    parts = [f"{entry.ru} → {entry.en}" if entry.ru else entry.en]
    parts += [f"avoid: {', '.join(entry.avoid)}"] if entry.avoid else []
    return "; ".join(parts + ([f"note: {entry.note}"] if entry.note else []))


def _about(rec: Record, term: str) -> bool:
    """Whether the record is of `term`: its key, or the English form of the entry before or after."""
    return term.strip() in (rec.term, *(e.en for e in (rec.before, rec.after) if e is not None))


def _refusal(rec: Record, user: User, _before: Sequence[Record]) -> str:
    """Why the record breaks the rule a write enforces (its signer could edit the glossary then), or ""."""
    try:
        check(acting(user, rec.role, rec.at), Action.EDIT_GLOSSARY)
    except PermissionDenied as exc:
        return str(exc)
    return ""


def _unsigned(entry: GlossaryEntry | None) -> dict[str, Any] | None:
    """An entry as a record holds it: its dict without `sig` (the record's own signature covers it)."""
    if entry is None:
        return None
    values = entry.to_dict()
    del values["sig"]
    return values


def _entry(value: Any) -> GlossaryEntry | None:
    """An entry of a history line (None for JSON null); ValueError or KeyError when it is not one."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("an entry is not a JSON object")
    texts = {key: _text(value, key) for key in _ENTRY_TEXTS}
    avoid = value["avoid"]
    if not (isinstance(avoid, list) and all(isinstance(v, str) for v in avoid)):
        raise ValueError("'avoid' is not a list of texts")
    return GlossaryEntry(texts["ru"], texts["en"], tuple(avoid), texts["note"], texts["by"], texts["on"])


def _text(obj: dict[str, Any], key: str) -> str:
    value = obj[key]
    if not isinstance(value, str):
        raise ValueError(f"{key!r} is not a string")
    return value
