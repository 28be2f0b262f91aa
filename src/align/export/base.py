"""What every exporter shares: the corrected document cut into paragraphs and sentences,
who made each change and when, the Russian side and its alignment.

Exporters never re-apply corrections themselves: they walk the pieces of the original
text (plain strings and the Located corrections that `align.corrections.apply.corrected` applied),
so every format's corrected reading is the same text `python -m align apply` prints.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from align.alignment.store import Bead, load_alignment, paths
from align.corrections.apply import Applied
from align.corrections.log import CorrectionLog
from align.corrections.model import Correction
from align.corrections.relocate import Located
from align.errors import InputError, NotFoundError
from align.project import LANGUAGE, DocumentMeta, Project
from align.segment import Paragraph, Segment, Segmentation, load_segmentation
from align.users import User, load_users

Piece = str | Located  # unchanged text, or a correction covering original[a.start:a.end]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


def log_state(project: Project, doc_id: str) -> str:
    """What an export of the document is made from, as one comparable line: the corrections log's
    valid events and a hash of its bytes read, and a hash of the stored alignment ("none" without
    one). Any approval, proposal, review or alignment change gives a different line, so a file
    prepared earlier is known to be stale when its state differs from this one."""
    log = CorrectionLog(project, doc_id)
    st = log.state()
    consumed = b""
    if st.cursor.offset:
        with log.path.open("rb") as fh:
            consumed = fh.read(st.cursor.offset)
    alignment_path, _ = paths(project, doc_id)
    alignment = _digest(alignment_path.read_bytes()) if alignment_path.is_file() else "none"
    return f"{st.events} events, log {_digest(consumed)}, alignment {alignment}"


@dataclass(frozen=True)
class Rendered:
    """A writer's output: the file's bytes, how many items it holds, and remarks for the user."""

    data: bytes
    items: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """A sentence (segment set) or the whitespace between two sentences of one paragraph."""

    segment: Segment | None
    pieces: list[Piece]


def corrected_reading(pieces: Sequence[Piece]) -> str:
    return "".join(p if isinstance(p, str) else p.correction.replacement for p in pieces)


def _pieces(text: str, start: int, end: int, corrections: Sequence[Located]) -> list[Piece]:
    out: list[Piece] = []
    pos = start
    for a in sorted(corrections, key=lambda a: a.start):
        if a.start > pos:
            out.append(text[pos : a.start])
        out.append(a)
        pos = a.end
    if pos < end:
        out.append(text[pos:end])
    return out


def by_paragraph(seg: Segmentation) -> dict[int, list[Segment]]:
    """Sentences grouped by paragraph index (one pass; sentences are in text order)."""
    return {k: list(g) for k, g in itertools.groupby(seg.sentences, key=lambda s: s.paragraph_index)}


@dataclass(frozen=True)
class ExportContext:
    """One document prepared for export: corrected text, people, Russian side, alignment."""

    project: Project
    doc_id: str
    applied: Applied
    log_state: str = ""  # `log_state` as read before the corrections were applied (exports record it)

    @property
    def seg(self) -> Segmentation:
        return self.applied.workspace.seg

    @cached_property
    def meta(self) -> DocumentMeta:
        return self.project.meta(self.doc_id)

    @cached_property
    def users(self) -> dict[str, User]:
        return load_users(self.project)

    def name(self, login: str | None) -> str:
        """A person's display name from users.toml (the login if unknown)."""
        if not login:
            return ""
        user = self.users.get(login)
        return user.name if user else login

    @staticmethod
    def responsible(c: Correction) -> str:
        """Login of whoever stands behind a change: the approving editor, else the proposer."""
        return c.reviewer if c.status == "approved" and c.reviewer else c.proposer

    @staticmethod
    def decided_at(c: Correction) -> str:
        """When the change took its current status: approval time, else proposal time."""
        if c.status == "approved":
            for e in reversed(c.history):
                if e.type == "approved":
                    return e.time
        return c.created

    @cached_property
    def blocks(self) -> list[tuple[Paragraph, list[Block]]]:
        """Each paragraph as sentence and gap blocks; each block's corrected pieces in order."""
        text = self.seg.text
        by_segment = self.applied.by_segment
        by_para = by_paragraph(self.seg)
        out: list[tuple[Paragraph, list[Block]]] = []
        for para in self.seg.paragraphs:
            blocks: list[Block] = []
            pos = para.start
            for s in by_para.get(para.index, []):
                start = max(s.start, pos)
                if start > pos:
                    blocks.append(Block(None, [text[pos:start]]))
                corr = by_segment.get(s.id, [])
                end = max([s.end, *(a.end for a in corr)])  # a correction never ends a sentence early
                blocks.append(Block(s, _pieces(text, start, end, corr)))
                pos = end
            if pos < para.end:
                blocks.append(Block(None, [text[pos : para.end]]))
            out.append((para, blocks))
        return out

    def paragraph_texts(self) -> list[str]:
        """The corrected text of every paragraph, in order."""
        return ["".join(corrected_reading(b.pieces) for b in blocks) for _, blocks in self.blocks]

    @cached_property
    def russian(self) -> Segmentation | None:
        if not self.project.has_text(self.doc_id, "ru"):
            return None
        return load_segmentation(self.project, self.doc_id, "ru")

    @cached_property
    def beads(self) -> list[Bead] | None:
        return load_alignment(self.project, self.doc_id) if self.russian is not None else None

    def require_alignment(self, fmt: str) -> tuple[Segmentation, list[Bead]]:
        """The Russian side and the stored alignment, or a clear error saying how to get them."""
        if self.russian is None:
            raise NotFoundError(
                f"{fmt} needs the Russian source, but {self.project.text_path(self.doc_id, 'ru')} does not exist"
            )
        if not self.beads:
            raise InputError(
                f"{fmt} exports aligned sentence pairs, and {self.doc_id} has no stored alignment: "
                f"run `python -m align align {self.doc_id}` first"
            )
        return self.russian, self.beads

    def bead_texts(self, ru_seg: Segmentation, bead: Bead) -> tuple[str, str]:
        """(Russian, corrected English) text of a bead, sentences joined by a space."""
        ru = " ".join(aligned_sentence(ru_seg, i).text for i in bead.ru)
        en = " ".join(self.applied.segment_text(aligned_sentence(self.seg, i)) for i in bead.en)
        return ru, en


def aligned_sentence(seg: Segmentation, seg_id: str) -> Segment:
    """The sentence an alignment bead names, or an error asking to realign the changed text."""
    s = seg.get(seg_id)
    if s is None:
        raise InputError(
            f"the stored alignment names sentence {seg_id!r}, which is not in the {LANGUAGE[seg.lang]} text any more: "
            f"realign with `python -m align align {seg.doc_id}`"
        )
    return s
