"""The termbase: Russian term, preferred English form, variants to avoid, note, and who set it when.

Stored as TOML, project-wide in `corrections/glossary.toml` and per document in
`corrections/ID/glossary.toml` (the document's entries win on the same Russian term),
checked against SCHEMA (align.schema: one clear sentence per mistake, e.g. an `avoid`
written as a string instead of a list; a Russian term twice in one file is a mistake too).
Used by the suggestion checks (variants -> preferred form) and by the aligner (term pairs
are anchors across the two languages).

This module owns the entry, reading the files and the rules a new entry must follow
(`check_entry`), and what an exchange file yields (`Found`, `Read`); `align.glossary.edit`
writes the files, `align.glossary.exchange` imports and exports TBX (`tbx`) and CSV/TSV
(`table`), the formats CAT tools exchange termbases in.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jsonschema.exceptions import ValidationError

from align.errors import InputError
from align.hygiene import check_plain
from align.project import Project
from align.safe_io import inside
from align.schema import Where, read_toml, validate
from align.users import LOGIN_PATTERN

GLOSSARY_FILE = "glossary.toml"


@dataclass(frozen=True)
class GlossaryEntry:
    ru: str
    en: str
    avoid: tuple[str, ...] = ()
    note: str = ""
    by: str = ""  # the login of who set it last ("" in entries written by hand)
    on: str = ""  # the date they did, as 2026-01-02 (UTC)
    sig: str = ""  # their signature over the entry (align.glossary.provenance; "" in entries written by hand)

    @property
    def key(self) -> str:
        """What identifies the entry in its file: the Russian term, or the English form of an entry without one."""
        return self.ru or self.en

    def terms(self) -> tuple[str, str, tuple[str, ...], str]:
        """What the entry says, without who set it when: two entries saying the same are the same term."""
        return self.ru, self.en, self.avoid, self.note

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...] = field(default_factory=tuple)

    def english_terms(self) -> set[str]:
        """Every preferred English form: words that are names or terms, not misspellings."""
        return {e.en for e in self.entries}


@dataclass(frozen=True)
class Listed:
    """An entry of a document's termbase and where it is set: the document's own glossary, or the project's (None)."""

    entry: GlossaryEntry
    doc_id: str | None


@dataclass(frozen=True)
class Found:
    """An entry read from an exchange file (TBX, CSV), and where it is there ("terms.csv row 3"), for messages."""

    entry: GlossaryEntry
    where: str


@dataclass
class Read:
    """What an exchange file holds: its entries, and what of it was left out, and why (one sentence each)."""

    found: list[Found] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


MAX_TERMS = 200_000  # far beyond any book's termbase; a bigger file is refused, not loaded
MAX_VARIANT = 200  # characters of a term or one variant to avoid: the glossary check's work grows with it
MAX_VARIANTS = 50  # variants to avoid of one entry
MAX_NOTE = 2_000  # characters of a note
DATE_PATTERN = r"\A\d{4}-\d\d-\d\d\Z"
_TERM = {"type": "string", "maxLength": MAX_VARIANT}
SCHEMA = {
    "type": "object",
    "properties": {
        "term": {
            "type": "array",
            "maxItems": MAX_TERMS,
            "items": {
                "type": "object",
                "properties": {
                    "ru": _TERM,
                    "en": {**_TERM, "minLength": 1},
                    "avoid": {"type": "array", "maxItems": MAX_VARIANTS,
                              "items": {"type": "string", "minLength": 1, "maxLength": MAX_VARIANT}},
                    "note": {"type": "string", "maxLength": MAX_NOTE},
                    "by": {"type": "string", "pattern": LOGIN_PATTERN},
                    "on": {"type": "string", "pattern": DATE_PATTERN},
                    "sig": {"type": "string", "maxLength": 100},
                },
                "required": ["en"],
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}


def _where(path: tuple[str | int, ...]) -> str:
    """A place in the glossary in words: ("term", 2, "avoid", 0) -> "term #3, 'avoid' item 1"."""
    if len(path) < 2 or path[0] != "term":
        return f"{path[0]!r}" if path else "the glossary"
    place = f"term #{int(path[1]) + 1}"
    if len(path) > 2:
        place += f", {path[2]!r}"
    if len(path) > 3:
        place += f" item {int(path[3]) + 1}"
    return place


def _sentence(error: ValidationError, where: Where) -> str | None:
    path = tuple(error.absolute_path)
    if error.validator == "required" and "en" not in error.instance:
        return f"{where(path)} needs at least an 'en' form"
    if error.validator == "pattern" and path[-1:] == ("by",):
        return f"{where(path)} must be a login, not {str(error.instance)[:40]!r}"
    if error.validator == "pattern" and path[-1:] == ("on",):
        return f"{where(path)} must be a date such as 2026-01-02, not {str(error.instance)[:40]!r}"
    return None


def check_scope(project: Project, doc_id: str | None) -> None:
    """NotFoundError when `doc_id` names a document the project does not have (None: the project's glossary)."""
    if doc_id:
        project.require(doc_id)


def glossary_path(project: Project, doc_id: str | None = None) -> Path:
    """The project-wide glossary file, or document `doc_id`'s own."""
    return (project.doc_dir(doc_id) if doc_id else project.corrections_dir) / GLOSSARY_FILE


def read_entries(project: Project, doc_id: str | None = None) -> list[GlossaryEntry]:
    """The entries of one glossary file (the project's, or the document's own), in file order; [] when it is
    missing. InputError naming the file and each mistake in it; a symbolic link is refused, not followed."""
    path = glossary_path(project, doc_id)
    if not path.exists() and not path.is_symlink():
        return []
    inside(path.parent, project.corrections_dir)  # corrections/ID may not lead out of the project
    return parse_toml(read_toml(path, "a valid glossary"), path)


def parse_toml(data: dict[str, Any], path: Path) -> list[GlossaryEntry]:
    """The entries of a glossary file's TOML table, checked against SCHEMA; a Russian term (or, without one, an
    English form) given twice is refused, naming both."""
    validate(data, SCHEMA, path, _where, _sentence)
    entries = [GlossaryEntry(ru=row.get("ru", ""), en=row["en"], avoid=tuple(row.get("avoid", ())),
                             note=row.get("note", ""), by=row.get("by", ""), on=row.get("on", ""),
                             sig=row.get("sig", ""))
               for row in data.get("term", [])]
    first: dict[str, int] = {}
    for n, entry in enumerate(entries):
        if first.setdefault(entry.key, n) != n:
            raise InputError(f"{path}: term #{n + 1} repeats the term {entry.key!r} of term #{first[entry.key] + 1} "
                             "(one entry per term: merge them)")
    return entries


def listed(project: Project, doc_id: str | None = None) -> list[Listed]:
    """A document's termbase (the project-wide glossary merged with the document's own, whose entries win on the
    same term, in place), each entry with where it is set; without `doc_id`, the project-wide glossary."""
    merged: dict[str, Listed] = {e.key: Listed(e, None) for e in read_entries(project)}
    if doc_id:
        merged.update((e.key, Listed(e, doc_id)) for e in read_entries(project, doc_id))
    return list(merged.values())


def load_glossary(project: Project, doc_id: str | None = None) -> Glossary:
    """Project-wide glossary merged with the document's own (document entries win)."""
    return Glossary(tuple(item.entry for item in listed(project, doc_id)))


def matching(items: list[Listed], query: str) -> list[Listed]:
    """The entries whose Russian, English, variants or note hold `query`, in any case (all for an empty query)."""
    q = query.strip().casefold()
    if not q:
        return items
    return [i for i in items if any(q in text.casefold() for text in (i.entry.ru, i.entry.en, *i.entry.avoid,
                                                                      i.entry.note))]


def _same(a: str, b: str) -> bool:
    """Whether two forms are one for the glossary check, which matches any case and any run of spaces."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _limit(text: str, limit: int, what: str) -> str:
    if len(text) > limit:
        raise InputError(f"{what} is too long ({len(text)} characters; at most {limit})")
    return text


def check_entry(entry: GlossaryEntry, where: str) -> GlossaryEntry:
    """`entry` as a new or changed entry may be, white space around each text trimmed and a variant given twice
    kept once; InputError `where: what is wrong` for an empty English form, a character that is not plain text
    (control characters, bidirectional overrides; line breaks in a term), a text over its length, a variant to
    avoid that is the preferred form itself (the check would replace a word by itself) or holds ';' (which
    separates the variants in CSV), or more than MAX_VARIANTS variants."""

    def term(text: str, what: str) -> str:
        return _limit(check_plain(text.strip(), f"{where}: {what}", one_line=True), MAX_VARIANT, f"{where}: {what}")

    en = term(entry.en, "'en'")
    if not en:
        raise InputError(f"{where}: 'en' is empty; give the preferred English form")
    avoid: list[str] = []
    for variant in filter(None, (term(v, "'avoid'") for v in entry.avoid)):
        if _same(variant, en):
            raise InputError(f"{where}: the variant to avoid {variant!r} is the preferred form itself")
        if ";" in variant:
            raise InputError(f"{where}: the variant to avoid {variant!r} holds ';', which separates variants in CSV")
        if not any(_same(variant, v) for v in avoid):
            avoid.append(variant)
    if len(avoid) > MAX_VARIANTS:
        raise InputError(f"{where}: {len(avoid)} variants to avoid; at most {MAX_VARIANTS}")
    note = _limit(check_plain(entry.note.strip(), f"{where}: 'note'"), MAX_NOTE, f"{where}: 'note'")
    return GlossaryEntry(term(entry.ru, "'ru'"), en, tuple(avoid), note, entry.by, entry.on, entry.sig)
