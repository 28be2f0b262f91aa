"""One document's working set: the English text, its sentences and its correction log.

Everything that reads corrections in place (the workflow, apply, every exporter, the
workbench) opens a document through here, so none of them depends on a layer above it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from align.corrections.escaping import escape_correction, escaped_report
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
        """Corrections (optionally of some statuses) located in the current text.

        Characters no text may hold, which old log lines may still carry, come out escaped
        (align.hygiene), so nothing downstream (exports, the workbench) can break on them.
        """
        wanted = set(statuses) if statuses else None
        items = [escape_correction(c)[0] for c in self.log.state().corrections.values()
                 if wanted is None or c.status in wanted]
        return locate_all(self.text, items)

    def escaped(self) -> list[str]:
        """What `located` escapes: one line per correction whose log lines hold forbidden characters."""
        return escaped_report(self.log.state().corrections.values())


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
