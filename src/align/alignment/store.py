"""A document's stored alignment: beads on disk, and the manual decisions to keep.

Files, per document (both JSON Lines: one record a line, readable and diff-friendly):
- `corrections/ID/alignment.jsonl`: the current alignment, one bead per line, in order
  (a snapshot, rewritten atomically on every change);
- `corrections/ID/alignment-decisions.jsonl`: manual decisions (link, unlink, merge,
  split, and undo, which names the decision it takes back) with who and when, each signed
  by its maker's key as the correction log's events are (align.signing), an append-only
  `align.jsonlog` file (`align.alignment.decisions` writes them). Replayed here into the
  beads people fixed, which every run of the aligner keeps; an undone decision stays in
  the file and counts as never made. A torn, bad, unsigned or forged line, or one that
  breaks a rule, is reported (`load_decisions(...).problems`) and skipped, and a decision
  a git union merge duplicated counts once.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from align import jsonlog, signing
from align.accounts import screened
from align.errors import PermissionDenied, StorageError
from align.project import Project
from align.users import Action, User, acting, check

ALIGNMENT_FILE = "alignment.jsonl"
DECISIONS_FILE = "alignment-decisions.jsonl"
Pair = tuple[tuple[str, ...], tuple[str, ...]]
UNDO = "undo"  # the op of a decision that takes back an earlier one (`Decision.undoes`)


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


def paths(project: Project, doc_id: str) -> tuple[Path, Path]:
    """The stored alignment and its decisions file (whose writers' lock guards both)."""
    d = project.doc_dir(doc_id)
    return d / ALIGNMENT_FILE, d / DECISIONS_FILE


def load_alignment(project: Project, doc_id: str) -> list[Bead] | None:
    """The stored alignment of a document, or None when it was never aligned. A damaged file (a
    record that is not a bead, or a sentence in two beads) is a StorageError naming the line."""
    path, _ = paths(project, doc_id)
    if not path.is_file():
        return None
    beads = []
    seen: dict[tuple[str, str], int] = {}  # (side, sentence id) -> the line of its bead
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            bead = _bead(json.loads(line))
        except (ValueError, KeyError, TypeError) as exc:
            raise StorageError(f"{path}:{n}: not a bead record ({exc}); {_REBUILD.format(doc=doc_id)}") from None
        for side, ids in (("ru", bead.ru), ("en", bead.en)):
            for x in ids:
                if (side, x) in seen:
                    raise StorageError(f"{path}:{n}: sentence {x!r} is also in the bead on line {seen[side, x]}; "
                                       + _REBUILD.format(doc=doc_id))
                seen[side, x] = n
        beads.append(bead)
    return beads


_REBUILD = "the file is damaged or was edited by hand: `align align {doc} --full` rebuilds it"


def _bead(row: Any) -> Bead:
    """One record of the stored alignment, checked field by field."""
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    ru, en = row["ru"], row["en"]
    if not (isinstance(ru, list) and isinstance(en, list) and all(isinstance(x, str) for x in ru + en)):
        raise ValueError("'ru' and 'en' must be lists of sentence ids")
    if not ru and not en:
        raise ValueError("a bead of no sentence")
    score, confidence, manual = float(row["score"]), float(row["confidence"]), row["manual"]
    if not (math.isfinite(score) and 0.0 <= confidence <= 1.0) or not isinstance(manual, bool):
        raise ValueError("'score' must be a number, 'confidence' one from 0 to 1, 'manual' true or false")
    return Bead(tuple(ru), tuple(en), score, confidence, manual)


def save_alignment(project: Project, doc_id: str, beads: Sequence[Bead]) -> None:
    path, _ = paths(project, doc_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".jsonl.tmp")
        tmp.write_text("".join(json.dumps(b.to_dict(), ensure_ascii=False) + "\n" for b in beads), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror}") from None


@dataclass(frozen=True)
class Decision:
    """One manual decision (link, unlink, merge, split: the beads it makes; or undo: the id of
    the decision it takes back), who (in what role) and when, signed by its maker's key."""

    id: str  # derived from the content, so the same decision twice (a git union merge) counts once
    op: str
    beads: tuple[Pair, ...]
    user: str
    at: str
    undoes: str = ""  # for an undo: the id of the decision taken back
    role: str = ""  # the user's role when deciding, as they signed it
    sig: str = ""  # the user's signature of the content (align.signing)

    @classmethod
    def signed(cls, signer: signing.Signer, op: str, beads: Sequence[Pair], undoes: str = "") -> Decision:
        """A decision `signer` makes now, its id derived from and its signature made over its content."""
        decision = cls("", op, tuple(beads), signer.login, jsonlog.now(), undoes, str(signer.role))
        decision_id, sig = signing.sign(signer, LAYOUT, decision.content())
        return replace(decision, id=decision_id, sig=sig)

    def content(self) -> dict[str, Any]:
        """What the id and the signature cover, in the order it is written."""
        out = {"op": self.op, "beads": [{"ru": list(r), "en": list(e)} for r, e in self.beads], "user": self.user,
               "role": self.role, "at": self.at}
        return {**out, "undoes": self.undoes} if self.undoes else out

    def to_json(self) -> dict[str, Any]:
        return LAYOUT.line(self.content(), self.id, self.sig)

    @classmethod
    def from_line(cls, raw: bytes) -> tuple[Decision, bytes]:
        """Parse a line of the decisions file: the decision and the content bytes its id and signature are checked
        against; ValueError, TypeError or KeyError names what is wrong."""
        obj = jsonlog.loads(raw)
        op, user, at, decision_id = (_text(obj, key) for key in ("op", "user", "at", "id"))
        if not isinstance(obj["beads"], list):
            raise ValueError("'beads' is not a list")
        beads = tuple(_pair(row) for row in obj["beads"])
        undoes = str(obj.get("undoes") or "")
        if (op == UNDO) != bool(undoes):
            raise ValueError("an undo names the decision it undoes, and only an undo does")
        decision = cls(decision_id, op, beads, user, at, undoes, str(obj.get("role", "")), str(obj.get("sig", "")))
        return decision, LAYOUT.signed_message(raw)


LAYOUT = signing.Layout("decision", "d-", "id")  # how a line of the decisions file carries its id and signature


@dataclass(frozen=True)
class DecisionState:
    """The decisions file read: each decision once, in order, and the lines that could not be used."""

    decisions: list[Decision]
    problems: list[str]


def _text(obj: dict[str, Any], key: str) -> str:
    value = obj[key]
    if not isinstance(value, str):
        raise ValueError(f"{key!r} is not a string")
    return value


def _pair(row: dict[str, Any]) -> Pair:
    ru, en = row["ru"], row["en"]
    if not all(isinstance(side, list) and all(isinstance(x, str) for x in side) for side in (ru, en)):
        raise ValueError("a bead's 'ru' and 'en' must be lists of sentence ids")
    if not ru and not en:
        raise ValueError("a bead with no sentence")
    return tuple(ru), tuple(en)


def load_decisions(project: Project, doc_id: str) -> DecisionState:
    """The document's manual decisions that are their maker's own and keep the rules, each once.

    Like the correction log's events (align.corrections.log), every line must carry an id
    that is its content's hash and the signature of its user's key from the users file, and
    obey what a write obeys: the user's role as the users file gives it must be one that
    aligns, and an undo must name a decision before it. A line that is torn, not a
    decision, unsigned, wrongly signed or breaks a rule is reported in `problems` with its
    line number and skipped; lines a git union merge duplicated count once.
    """
    _, path = paths(project, doc_id)
    batch = jsonlog.read(path, jsonlog.Cursor(), Decision.from_line, "decision", lines=True)
    if batch is None:
        return DecisionState([], [])
    decisions, refused = screened(project, path, batch.records, LAYOUT, lambda d: (d.id, d.user, d.sig), _refusal)
    problems = [*batch.problems, *refused]
    return DecisionState(decisions, [text for _, text in sorted(problems)] + ([batch.torn] if batch.torn else []))


def _refusal(decision: Decision, user: User, before: Sequence[Decision]) -> str:
    """Why `decision` breaks a rule a write would have enforced, or "" when it keeps them."""
    try:
        check(acting(user, decision.role, decision.at), Action.ALIGN)
    except PermissionDenied as exc:
        return str(exc)
    if decision.undoes and all(d.id != decision.undoes for d in before):
        return f"{user.login} undid {decision.undoes}, which is no decision before it"
    return ""


def standing(decisions: Sequence[Decision]) -> set[str]:
    """Ids of the decisions (undos included) no standing undo took back.

    An undo can itself be undone (its decision then counts again): walking back from the
    newest, a decision taken back by a standing undo does not stand, nor does what it undid.
    """
    taken_back: set[str] = set()
    out: set[str] = set()
    for dec in reversed(decisions):
        if dec.id in taken_back:
            continue
        out.add(dec.id)
        if dec.op == UNDO:
            taken_back.add(dec.undoes)
    return out


def in_force(decisions: Sequence[Decision]) -> list[Decision]:
    """The link, unlink, merge and split decisions that stand, in order."""
    kept = standing(decisions)
    return [d for d in decisions if d.id in kept and d.op != UNDO]


def manual_beads(project: Project, doc_id: str) -> list[Pair]:
    """The beads people decided, after replaying the decisions in force (later ones win)."""
    current: list[Pair] = []
    for dec in in_force(load_decisions(project, doc_id).decisions):
        for new in dec.beads:
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
