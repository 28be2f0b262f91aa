"""The termbase: Russian term, preferred English form, variants to avoid.

Stored as TOML, project-wide in `corrections/glossary.toml` and per document in
`corrections/ID/glossary.toml` (the document's entries win on the same Russian term).
Used by the suggestion checks (variants -> preferred form) and by the aligner (term pairs
are anchors across the two languages).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from align.errors import InputError
from align.project import Project


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


def _read(path: Path) -> list[GlossaryEntry]:
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a valid glossary ({exc})") from exc
    entries = []
    for i, row in enumerate(data.get("term", []), start=1):
        if not isinstance(row, dict) or not row.get("en"):
            raise InputError(f"{path}: term #{i} needs at least an 'en' form")
        entries.append(
            GlossaryEntry(
                ru=str(row.get("ru", "")),
                en=str(row["en"]),
                avoid=tuple(str(a) for a in row.get("avoid", [])),
                note=str(row.get("note", "")),
            )
        )
    return entries


def load_glossary(project: Project, doc_id: str | None = None) -> Glossary:
    """Project-wide glossary merged with the document's own (document entries win)."""
    merged: dict[str, GlossaryEntry] = {}
    paths = [project.corrections_dir / "glossary.toml"]
    if doc_id:
        paths.append(project.doc_dir(doc_id) / "glossary.toml")
    for path in paths:
        for entry in _read(path):
            merged[entry.ru or entry.en] = entry
    return Glossary(tuple(merged.values()))
