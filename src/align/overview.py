"""Where each book of a project stands: what a team lead or a publisher asks before exporting.

One `Overview` per document: its size, whether it has a Russian source and how much of the English
the stored alignment pairs with it, its corrections by status, what would stop an export (approved
corrections that overlap or whose words are gone, lines of the log that are skipped, an import a crash
interrupted), and the last thing anyone recorded. `align status` prints them and the Export view shows them, both from
`overview`; nothing here writes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from align.alignment.store import load_alignment
from align.corrections.apply import split_overlaps
from align.corrections.model import Status
from align.corrections.workspace import open_workspace
from align.formats import journal
from align.project import LANGS, SOURCE_LANG, Project


@dataclass(frozen=True)
class Overview:
    """One document's state. `aligned` is the share of its English sentences that the stored alignment pairs
    with Russian ones (None: never aligned); `blocking` counts the approved corrections an export refuses
    (overlapping another approved one, or orphaned: their words are gone); `skipped` the log lines replay
    leaves out; `last` the latest event, "time login" ("" when nothing is recorded)."""

    doc: str
    title: str
    sentences: int
    words: int
    source: bool
    aligned: float | None
    counts: dict[Status, int]
    blocking: int
    skipped: int
    last: str
    interrupted: tuple[str, ...] = ()  # the sides (languages) whose last import a crash interrupted, unfinished


    @property
    def pending(self) -> int:
        return self.counts.get(Status.PROPOSED, 0)

    @property
    def ready(self) -> bool:
        """Nothing left to review and nothing an export would refuse."""
        return not self.pending and not self.blocking and not self.skipped and not self.interrupted

    def to_dict(self) -> dict[str, object]:
        return {"doc": self.doc, "title": self.title, "sentences": self.sentences, "words": self.words,
                "source": self.source, "aligned": self.aligned, **{str(s): self.counts.get(s, 0) for s in Status},
                "blocking": self.blocking, "skipped": self.skipped, "interrupted": list(self.interrupted),
                "last": self.last, "ready": self.ready}


def overview(project: Project, doc_id: str) -> Overview:
    """Where document `doc_id` stands (its text, alignment and log read once each)."""
    ws = open_workspace(project, doc_id)
    state = ws.log.state()
    approved = ws.located([Status.APPROVED])
    _, overlapping = split_overlaps([a for a in approved if not a.orphaned])
    blocking = sum(a.orphaned for a in approved) + len({a.correction.id for pair in overlapping for a in pair})
    events = [e for c in state.corrections.values() for e in c.history]
    latest = max(events, key=lambda e: e.time, default=None)
    return Overview(
        doc=doc_id,
        title=project.title(doc_id),
        sentences=len(ws.seg.sentences),
        words=len(ws.text.split()),
        source=project.has_text(doc_id, SOURCE_LANG),
        aligned=_aligned(project, doc_id, [s.id for s in ws.seg.sentences]),
        counts=dict(Counter(c.status for c in state.corrections.values())),
        blocking=blocking,
        skipped=len(state.problems),
        last=f"{latest.time[:16].replace('T', ' ')} {latest.actor}" if latest else "",
        interrupted=tuple(lang for lang in LANGS if journal.interrupted(project, doc_id, lang)),
    )


def _aligned(project: Project, doc_id: str, english: list[str]) -> float | None:
    """The share of the English sentences (ids of the text as it is now) in a bead with Russian ones."""
    beads = load_alignment(project, doc_id)
    if beads is None:
        return None
    paired = {e for b in beads if b.ru for e in b.en}
    return sum(e in paired for e in english) / len(english) if english else 0.0
