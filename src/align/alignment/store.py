"""A document's stored alignment: beads on disk, and the manual decisions to keep.

Files, per document (both JSON Lines: one record a line, readable and diff-friendly):
- `corrections/ID/alignment.jsonl`: the current alignment, one bead per line, in order
  (a snapshot, rewritten atomically on every change);
- `corrections/ID/alignment-decisions.jsonl`: manual decisions (link, unlink, merge,
  split) with who and when (`align.alignment.decisions` writes them). Replayed here into
  the beads people fixed, which every run of the aligner keeps.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from align.errors import StorageError
from align.project import Project

ALIGNMENT_FILE = "alignment.jsonl"
DECISIONS_FILE = "alignment-decisions.jsonl"
Pair = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class Bead:
    """Russian sentence ids linked to English sentence ids (either side may be empty)."""

    ru: tuple[str, ...]
    en: tuple[str, ...]
    score: float = 0.0
    confidence: float = 1.0
    manual: bool = False

    @property
    def kind(self) -> str:
        """The bead type as `len(ru)-len(en)`, e.g. '1-2' or '0-1'."""
        return f"{len(self.ru)}-{len(self.en)}"

    def to_dict(self) -> dict[str, Any]:
        return {"ru": list(self.ru), "en": list(self.en), "score": self.score, "confidence": self.confidence,
                "manual": self.manual}


def source_for(beads: Iterable[Bead], en_id: str) -> tuple[str, ...]:
    """Russian ids aligned to one English sentence (empty when it has no source)."""
    for b in beads:
        if en_id in b.en:
            return b.ru
    return ()


def paths(project: Project, doc_id: str) -> tuple[Path, Path, Path]:
    d = project.doc_dir(doc_id)
    return d / ALIGNMENT_FILE, d / DECISIONS_FILE, d / ".alignment.lock"


def load_alignment(project: Project, doc_id: str) -> list[Bead] | None:
    """The stored alignment of a document, or None when it was never aligned."""
    path, _, _ = paths(project, doc_id)
    if not path.is_file():
        return None
    beads = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            beads.append(Bead(tuple(row["ru"]), tuple(row["en"]), float(row["score"]), float(row["confidence"]),
                              bool(row["manual"])))
        except (ValueError, KeyError, TypeError) as exc:
            raise StorageError(f"{path}:{n}: not a bead record ({exc})") from None
    return beads


def save_alignment(project: Project, doc_id: str, beads: Sequence[Bead]) -> None:
    path, _, _ = paths(project, doc_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".jsonl.tmp")
        tmp.write_text("".join(json.dumps(b.to_dict(), ensure_ascii=False) + "\n" for b in beads), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror}") from None


def _decisions(project: Project, doc_id: str) -> list[dict[str, Any]]:
    _, path, _ = paths(project, doc_id)
    if not path.is_file():
        return []
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except ValueError as exc:
                raise StorageError(f"{path}:{n}: not a decision record ({exc})") from None
    return out


def manual_beads(project: Project, doc_id: str) -> list[Pair]:
    """The beads people decided, after replaying all decisions (later ones win)."""
    current: list[Pair] = []
    for dec in _decisions(project, doc_id):
        for row in dec.get("beads", []):
            new = (tuple(row["ru"]), tuple(row["en"]))
            ids = set(new[0]) | set(new[1])
            current = [b for b in current if not (ids & (set(b[0]) | set(b[1])))]
            current.append(new)
    return current





def least_confident(beads: Sequence[Bead], n: int | None = None) -> list[tuple[int, Bead]]:
    """The automatic two-sided beads, least confident first, with their number (from 1) in `beads`.

    One-sided beads and manual ones are left out: people check pairs the aligner was unsure of.
    """
    numbered = [(k, b) for k, b in enumerate(beads, start=1) if b.ru and b.en and not b.manual]
    ranked = sorted(numbered, key=lambda kb: kb[1].confidence)
    return ranked if n is None else ranked[:n]
