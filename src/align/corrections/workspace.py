"""One document's working set: the English text, its sentences and its correction log.

Everything that reads corrections in place (the workflow, apply, every exporter, the
workbench) opens a document through here, so none of them depends on a layer above it.
`search` finds corrections by what people remember of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from align.corrections.log import CorrectionLog, LogState
from align.corrections.model import Correction
from align.corrections.relocate import Located, locate_all
from align.errors import NotFoundError
from align.project import Project
from align.segment import Segmentation, load_segmentation


@dataclass(frozen=True)
class Workspace:
    """One document's English text, its segmentation and its log, loaded together."""

    project: Project
    doc_id: str
    seg: Segmentation
    log: CorrectionLog

    @property
    def text(self) -> str:
        return self.seg.text

    def located(self, statuses: Iterable[str] | None = None) -> list[Located]:
        """Corrections (optionally of some statuses) located in the current text."""
        wanted = set(statuses) if statuses else None
        items = [c for c in self.log.state().corrections.values() if wanted is None or c.status in wanted]
        return locate_all(self.text, items)


def open_workspace(project: Project, doc_id: str) -> Workspace:
    """Load the English side of a document and its correction log."""
    return Workspace(project, doc_id, load_segmentation(project, doc_id, "en"), CorrectionLog(project, doc_id))


def get_correction(state: LogState, correction_id: str) -> Correction:
    c = state.corrections.get(correction_id)
    if c is None:
        raise NotFoundError(f"no correction {correction_id!r}")
    return c


def list_corrections(project: Project, doc_id: str, statuses: Iterable[str] | None = None) -> list[Located]:
    """Corrections of a document, located in its current text, in text order."""
    return sorted(open_workspace(project, doc_id).located(statuses), key=lambda a: (a.start, a.correction.created))


def find_document(project: Project, correction_id: str) -> str:
    """The document whose log holds `correction_id` (so a caller need not name it)."""
    for doc_id in project.documents():
        if correction_id in CorrectionLog(project, doc_id).state().corrections:
            return doc_id
    raise NotFoundError(f"no document has a correction {correction_id!r}")


def search(
    items: Iterable[Located],
    query: str,
    *,
    seg: Segmentation | None = None,
    people: Mapping[str, str] | None = None,
    rule_label: Callable[[str], str] | None = None,
) -> list[Located]:
    """The items every word of `query` is found in (case-insensitive, in order; all of them for a blank
    query): in the quote, replacement, note, id, category, the proposer's and reviewer's login and name
    (`people`: login -> name), the check's rule and its plain name (`rule_label`, e.g.
    `align.checks.rule_name`), or the whole sentence the change lies in (with `seg`). One pass."""
    words = query.casefold().split()
    if not words:
        return list(items)
    names = people or {}
    out = []
    for a in items:
        c = a.correction
        fields = [c.quote, c.replacement, c.note, c.id, c.category, c.proposer, names.get(c.proposer, ""),
                  c.reviewer or "", names.get(c.reviewer or "", ""), c.rule]
        if c.rule and rule_label is not None:
            fields.append(rule_label(c.rule))
        sentence = seg.at(a.start) if seg is not None else None
        if sentence is not None:
            fields.append(sentence.text)
        haystack = "\n".join(fields).casefold()
        if all(w in haystack for w in words):
            out.append(a)
    return out
