"""The termbase: Russian term, preferred English form, variants to avoid.

Stored as TOML, project-wide in `corrections/glossary.toml` and per document in
`corrections/ID/glossary.toml` (the document's entries win on the same Russian term),
checked against SCHEMA (align.schema: one clear sentence per mistake, e.g. an `avoid`
written as a string instead of a list).
Used by the suggestion checks (variants -> preferred form) and by the aligner (term pairs
are anchors across the two languages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jsonschema.exceptions import ValidationError

from align.project import Project
from align.safe_io import inside
from align.schema import Where, read_toml, validate


@dataclass(frozen=True)
class GlossaryEntry:
    ru: str
    en: str
    avoid: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...] = field(default_factory=tuple)

    def english_terms(self) -> set[str]:
        """Every preferred English form: words that are names or terms, not misspellings."""
        return {e.en for e in self.entries}


MAX_TERMS = 200_000  # far beyond any book's termbase; a bigger file is refused, not loaded
MAX_VARIANT = 200  # characters of one variant to avoid: the glossary check's work grows with it
_TEXT = {"type": "string"}
SCHEMA = {
    "type": "object",
    "properties": {
        "term": {
            "type": "array",
            "maxItems": MAX_TERMS,
            "items": {
                "type": "object",
                "properties": {
                    "ru": _TEXT,
                    "en": {"type": "string", "minLength": 1},
                    "avoid": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": MAX_VARIANT}},
                    "note": _TEXT,
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
    if error.validator == "required" and "en" not in error.instance:
        return f"{where(tuple(error.absolute_path))} needs at least an 'en' form"
    return None


def _read(project: Project, path: Path) -> list[GlossaryEntry]:
    if not path.exists() and not path.is_symlink():
        return []
    inside(path.parent, project.corrections_dir)  # corrections/ID may not lead out of the project
    data = read_toml(path, "a valid glossary")
    validate(data, SCHEMA, path, _where, _sentence)
    return [GlossaryEntry(ru=row.get("ru", ""), en=row["en"], avoid=tuple(row.get("avoid", ())),
                          note=row.get("note", "")) for row in data.get("term", [])]


def load_glossary(project: Project, doc_id: str | None = None) -> Glossary:
    """Project-wide glossary merged with the document's own (document entries win)."""
    merged: dict[str, GlossaryEntry] = {}
    paths = [project.corrections_dir / "glossary.toml"]
    if doc_id:
        paths.append(project.doc_dir(doc_id) / "glossary.toml")
    for path in paths:
        for entry in _read(project, path):
            merged[entry.ru or entry.en] = entry
    return Glossary(tuple(merged.values()))
