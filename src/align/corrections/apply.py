"""Deriving the corrected text: original + approved corrections.

The result does not depend on the order in which corrections were approved: they are
located in the current text and applied by position. Overlapping approved corrections
and approved corrections whose quote is gone are reported; they are never resolved by
a silent choice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from align.corrections.diff import Edit, apply_edits
from align.corrections.relocate import Located
from align.corrections.workspace import Workspace, open_workspace
from align.errors import ConflictError
from align.project import Project
from align.segment import Segment


@dataclass(frozen=True)
class Applied:
    """The corrected text of a document and what went into it."""

    workspace: Workspace
    text: str
    applied: list[Located]
    conflicts: list[tuple[Located, Located]] = field(default_factory=list)
    orphaned: list[Located] = field(default_factory=list)
    pending: int = 0  # proposals still waiting for review, not applied

    @property
    def original(self) -> str:
        return self.workspace.text

    @cached_property
    def by_segment(self) -> dict[str, list[Located]]:
        """Applied corrections grouped by the sentence they fall in, in text order."""
        groups: dict[str, list[Located]] = defaultdict(list)
        for a in self.applied:
            seg = self.workspace.seg.at(a.start)
            if seg is not None:
                groups[seg.id].append(a)
        return dict(groups)

    def segment_text(self, seg: Segment) -> str:
        """One sentence with its corrections applied."""
        items = self.by_segment.get(seg.id, [])
        return apply_edits(
            seg.text, [Edit(a.start - seg.start, a.end - seg.start, a.correction.replacement) for a in items]
        )

    def problems(self) -> list[str]:
        out = [
            f"{a.correction.id} overlaps {b.correction.id} at {b.start}:{a.end} "
            f"({a.correction.quote!r} -> {a.correction.replacement!r} vs {b.correction.quote!r} -> "
            f"{b.correction.replacement!r})"
            for a, b in self.conflicts
        ]
        out += [
            f"{a.correction.id} no longer matches the text ({a.correction.quote!r} not found): orphaned"
            for a in self.orphaned
        ]
        return out


def split_overlaps(located: list[Located]) -> tuple[list[Located], list[tuple[Located, Located]]]:
    """Corrections that overlap none of the others, and the overlapping pairs."""
    items = sorted(located, key=lambda a: (a.start, a.end))
    conflicts: list[tuple[Located, Located]] = []
    bad: set[str] = set()
    reach: Located | None = None  # the item ending furthest right so far
    for a in items:
        if reach is not None and a.start < reach.end:
            conflicts.append((reach, a))
            bad.update((reach.correction.id, a.correction.id))
        if reach is None or a.end > reach.end:
            reach = a
    return [a for a in items if a.correction.id not in bad], conflicts


def corrected(
    project: Project, doc_id: str, include_proposed: bool = False, skip_conflicts: bool = False
) -> Applied:
    """Apply the approved (optionally also the proposed) corrections to the English text.

    Raises ConflictError when approved corrections overlap or are orphaned, unless
    `skip_conflicts`, in which case those are left out and listed in the result.
    """
    ws = open_workspace(project, doc_id)
    statuses = ("approved", "proposed") if include_proposed else ("approved",)
    located = ws.located(statuses)
    orphaned = [a for a in located if a.orphaned]
    usable, conflicts = split_overlaps([a for a in located if not a.orphaned])
    pending = sum(1 for c in ws.log.state().corrections.values() if c.status == "proposed")
    result = Applied(ws, apply_edits(ws.text, [Edit(a.start, a.end, a.correction.replacement) for a in usable]),
                     usable, conflicts, orphaned, 0 if include_proposed else pending)
    if (conflicts or orphaned) and not skip_conflicts:
        raise ConflictError(
            f"{len(conflicts) + len(orphaned)} correction(s) of {doc_id} cannot be applied: "
            + "; ".join(result.problems())
            + ". Resolve them in review, or skip them (--skip-conflicts)"
        )
    return result
