"""Automatic checks that suggest corrections to the English (never applied on their own).

Each family is a module with `check(CheckInput) -> list[Finding]`; `CHECKS` names them for
`align suggest --checks`. `check_text` runs them on any text (benchmarks, tests);
`run_checks` loads a stored document, its glossary and, where stored, its alignment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from align import document
from align.alignment import Bead, load_alignment
from align.checks import glossary_check, names, source, spelling, typography
from align.checks.model import CheckInput, Finding
from align.corrections import CATEGORIES
from align.errors import InputError
from align.glossary import Glossary, load_glossary
from align.project import Project
from align.segment import Segmentation, segment

__all__ = ["CATEGORIES", "CHECKS", "CheckInput", "Finding", "check_text", "load_source", "run_checks"]

CHECKS: dict[str, Callable[[CheckInput], list[Finding]]] = {
    "typography": typography.check,
    "spelling": spelling.check,
    "names": names.check,
    "glossary": glossary_check.check,
    "source": source.check,
}
# When word-level findings of two checks overlap, the earlier family's win and a later one's
# is dropped (the glossary is the editors' own decision; spelling is the least certain).
_WORD_PRIORITY = ("glossary", "names", "source", "spelling")


def _resolve(checks: Sequence[str] | None) -> list[str]:
    if checks is None:
        return list(CHECKS)
    unknown = [c for c in checks if c not in CHECKS]
    if unknown:
        raise InputError(f"unknown check {', '.join(unknown)}: choose from {', '.join(CHECKS)}")
    return list(dict.fromkeys(checks))


def check_text(
    text: str,
    segmentation: Segmentation,
    glossary: Glossary | None = None,
    checks: Sequence[str] | None = None,
    ru: Segmentation | None = None,
    beads: Sequence[Bead] | None = None,
) -> list[Finding]:
    """Run the named checks (default all) on a text; findings sorted by position."""
    inp = CheckInput(text, segmentation, glossary or Glossary(), ru, tuple(beads) if beads is not None else None)
    by_check = {name: CHECKS[name](inp) for name in _resolve(checks)}
    kept: list[Finding] = list(by_check.get("typography", []))
    taken: list[tuple[int, int]] = []
    for name in _WORD_PRIORITY:
        for f in by_check.get(name, []):
            if any(f.start < e and s < f.end for s, e in taken):
                continue
            kept.append(f)
        taken += [(f.start, f.end) for f in by_check.get(name, []) if f.replacement is not None]
    return sorted(kept, key=lambda f: (f.start, f.end, f.rule))


def load_source(project: Project, doc_id: str) -> tuple[Segmentation, list[Bead]] | None:
    """The Russian sentences and stored alignment of a document, or None when either is missing."""
    if not project.has_text(doc_id, "ru"):
        return None
    beads = load_alignment(project, doc_id)
    if not beads:
        return None
    return segment(document.load(project, doc_id, "ru")), list(beads)


def run_checks(project: Project, doc_id: str, checks: Sequence[str] | None = None) -> list[Finding]:
    """All findings for a stored document (its glossary applied; the source check needs an alignment)."""
    names_ = _resolve(checks)
    doc = document.load(project, doc_id, "en")
    src = load_source(project, doc_id) if "source" in names_ else None
    ru, beads = src if src else (None, None)
    return check_text(doc.text, segment(doc), load_glossary(project, doc_id), names_, ru, beads)
