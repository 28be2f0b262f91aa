"""A document's sentence alignment as stored data, and people's decisions about it.

Files, per document (both JSON Lines: one record a line, readable and diff-friendly):
- `corrections/ID/alignment.jsonl`: the current alignment, one bead per line, in order.
- `corrections/ID/alignment-decisions.jsonl`: manual decisions (link, unlink, merge,
  split) with who and when. They are replayed on every run and kept as fixed beads, so a
  re-run of the aligner never undoes a person's decision.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock

from align import document
from align.aligner import align
from align.errors import ConflictError, InputError, NotFoundError, StorageError
from align.glossary import load_glossary
from align.project import Project
from align.segment import Segmentation, segment
from align.users import check, get_user

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


def _paths(project: Project, doc_id: str) -> tuple[Path, Path, Path]:
    d = project.doc_dir(doc_id)
    return d / ALIGNMENT_FILE, d / DECISIONS_FILE, d / ".alignment.lock"


def load_alignment(project: Project, doc_id: str) -> list[Bead] | None:
    """The stored alignment of a document, or None when it was never aligned."""
    path, _, _ = _paths(project, doc_id)
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


def _store(project: Project, doc_id: str, beads: Sequence[Bead]) -> None:
    path, _, _ = _paths(project, doc_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".jsonl.tmp")
        tmp.write_text("".join(json.dumps(b.to_dict(), ensure_ascii=False) + "\n" for b in beads), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror}") from None


def _decisions(project: Project, doc_id: str) -> list[dict[str, Any]]:
    _, path, _ = _paths(project, doc_id)
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


def _sides(project: Project, doc_id: str) -> tuple[Segmentation | None, Segmentation]:
    en = segment(document.load(project, doc_id, "en"))
    ru = segment(document.load(project, doc_id, "ru")) if project.has_text(doc_id, "ru") else None
    return ru, en


def run_alignment(project: Project, doc_id: str, model: Any = None, progress: bool = False) -> list[Bead]:
    """Align a document (keeping manual decisions as fixed beads), store and return it.

    `model` is an optional sentence-transformers model or a path to one (neural score).
    Without a Russian text every English sentence gets a 0-1 bead.
    """
    ru, en = _sides(project, doc_id)
    if ru is None or not ru.sentences:
        beads = [Bead((), (s.id,), 0.0, 1.0, False) for s in en.sentences]
        _store(project, doc_id, beads)
        return beads
    ru_idx = {s.id: s.index for s in ru.sentences}
    en_idx = {s.id: s.index for s in en.sentences}
    fixed, fixed_ids = [], set()
    for r, e in manual_beads(project, doc_id):
        if all(x in ru_idx for x in r) and all(x in en_idx for x in e):  # ids of edited text vanish
            fixed.append((tuple(ru_idx[x] for x in r), tuple(en_idx[x] for x in e)))
            fixed_ids |= set(r) | set(e)
    ru_emb = en_emb = None
    if model is not None:
        from align import neural

        loaded = neural.load_model(model) if isinstance(model, (str, Path)) else model
        ru_emb = neural.embed(loaded, [s.text for s in ru.sentences])
        en_emb = neural.embed(loaded, [s.text for s in en.sentences])
    glossary = load_glossary(project, doc_id)
    terms = [(g.ru, (g.en, *g.avoid)) for g in glossary.entries if g.ru]
    try:
        raw = align(
            [s.text for s in ru.sentences],
            [s.text for s in en.sentences],
            src_par=[s.paragraph_index for s in ru.sentences],
            tgt_par=[s.paragraph_index for s in en.sentences],
            terms=terms,
            src_emb=ru_emb,
            tgt_emb=en_emb,
            fixed=fixed,
            progress=progress,
        )
    except ValueError as exc:
        raise ConflictError(f"manual alignment decisions of {doc_id} cross each other: {exc}") from None
    manual_set = {
        (tuple(ru_idx[x] for x in r), tuple(en_idx[x] for x in e))
        for r, e in manual_beads(project, doc_id)
        if set(r) | set(e) <= fixed_ids
    }
    beads = []
    for b in raw:
        r = tuple(ru.sentences[i].id for i in b.src)
        e = tuple(en.sentences[j].id for j in b.tgt)
        manual = (b.src, b.tgt) in manual_set or (not (b.src and b.tgt) and bool((set(r) | set(e)) & fixed_ids))
        beads.append(Bead(r, e, 1.0 if manual else b.score, 1.0 if manual else b.confidence, manual))
    _store(project, doc_id, beads)
    return beads


# -- manual decisions ------------------------------------------------------------------


def _contiguous(ids: Sequence[str], index: dict[str, int], side: str) -> tuple[int, ...]:
    missing = [x for x in ids if x not in index]
    if missing:
        raise NotFoundError(f"no {side} sentence {missing[0]!r} in this document")
    pos = sorted(index[x] for x in ids)
    if len(set(pos)) != len(pos) or (pos and pos[-1] - pos[0] != len(pos) - 1):
        raise InputError(f"{side} sentences of one bead must be consecutive: {', '.join(ids)}")
    return tuple(pos)


def _order(beads: list[tuple[tuple[int, ...], tuple[int, ...], Bead]]) -> list[Bead]:
    """Merge beads into document order; ConflictError when two beads cross."""
    by_ru = sorted((b for b in beads if b[0]), key=lambda b: b[0][0])
    by_en = sorted((b for b in beads if b[1]), key=lambda b: b[1][0])
    out: list[Bead] = []
    p = q = 0
    while p < len(by_ru) or q < len(by_en):
        if p < len(by_ru) and not by_ru[p][1]:
            out.append(by_ru[p][2])
            p += 1
        elif q < len(by_en) and not by_en[q][0]:
            out.append(by_en[q][2])
            q += 1
        elif p < len(by_ru) and q < len(by_en) and by_ru[p] is by_en[q]:
            out.append(by_ru[p][2])
            p += 1
            q += 1
        else:
            raise ConflictError("this decision crosses another manual alignment decision; unlink that one first")
    return out


def _decide(project: Project, doc_id: str, op: str, new: list[Pair], user: str) -> list[Bead]:
    """Record a decision making `new` manual beads, apply it to the stored alignment."""
    check(get_user(project, user), "align")
    _, dec_path, lock_path = _paths(project, doc_id)
    ru, en = _sides(project, doc_id)
    ru_sentences = ru.sentences if ru else []
    ru_index = {s.id: s.index for s in ru_sentences}
    en_index = {s.id: s.index for s in en.sentences}
    new_idx = []
    for r, e in new:
        if not r and not e:
            raise InputError("a bead needs at least one sentence")
        new_idx.append((_contiguous(r, ru_index, "Russian"), _contiguous(e, en_index, "English")))
    dec_path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(lock_path)):
        beads = load_alignment(project, doc_id)
        if beads is None:
            beads = run_alignment(project, doc_id)
        taken = {x for r, e in new for x in (*r, *e)}
        items: list[tuple[tuple[int, ...], tuple[int, ...], Bead]] = []
        for b in beads:
            r_left = [x for x in b.ru if x not in taken and x in ru_index]
            e_left = [x for x in b.en if x not in taken and x in en_index]
            ri = tuple(ru_index[x] for x in r_left)
            ei = tuple(en_index[x] for x in e_left)
            crosses = (
                bool(ri and ei)
                and not b.manual
                and any(
                    (ri[0] < nr[0] and ei[0] > ne[-1]) or (ri[0] > nr[-1] and ei[0] < ne[0])
                    for nr, ne in new_idx
                    if nr and ne
                )
            )
            if ri and ei and len(r_left) == len(b.ru) and len(e_left) == len(b.en) and not crosses:
                items.append((ri, ei, b))
            else:  # a bead that lost sentences to the decision falls apart into unaligned ones,
                # left to the aligner on its next run (as replaying the decisions would)
                items += [((i,), (), Bead((x,), (), 0.0, 0.0, False)) for i, x in zip(ri, r_left)]
                items += [((), (j,), Bead((), (x,), 0.0, 0.0, False)) for j, x in zip(ei, e_left)]
        for (r, e), (ri, ei) in zip(new, new_idx):
            if r and e:
                bead = Bead(tuple(sorted(r, key=ru_index.__getitem__)), tuple(sorted(e, key=en_index.__getitem__)),
                            1.0, 1.0, True)
                items.append((ri, ei, bead))
            else:
                items += [((i,), (), Bead((ru_sentences[i].id,), (), 1.0, 1.0, True)) for i in ri]
                items += [((), (j,), Bead((), (en.sentences[j].id,), 1.0, 1.0, True)) for j in ei]
        ordered = _order(items)
        record = {
            "op": op,
            "beads": [{"ru": list(r), "en": list(e)} for r, e in _expand_nulls(new)],
            "user": user,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        try:
            with dec_path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise StorageError(f"cannot write {dec_path}: {exc.strerror}") from None
        _store(project, doc_id, ordered)
    return ordered


def _expand_nulls(new: list[Pair]) -> list[Pair]:
    out: list[Pair] = []
    for r, e in new:
        if r and e:
            out.append((tuple(r), tuple(e)))
        else:
            out += [((x,), ()) for x in r] + [((), (x,)) for x in e]
    return out


def link(project: Project, doc_id: str, ru_ids: Sequence[str], en_ids: Sequence[str], user: str) -> list[Bead]:
    """Make these Russian and English sentences one manual bead."""
    if not ru_ids or not en_ids:
        raise InputError("link needs at least one Russian and one English sentence (use unlink for unaligned)")
    return _decide(project, doc_id, "link", [(tuple(ru_ids), tuple(en_ids))], user)


def unlink(project: Project, doc_id: str, ru_ids: Sequence[str], en_ids: Sequence[str], user: str) -> list[Bead]:
    """Mark these sentences as having no counterpart (manual 1-0 / 0-1 beads)."""
    if not ru_ids and not en_ids:
        raise InputError("name the sentences to unlink")
    return _decide(project, doc_id, "unlink", [((x,), ()) for x in ru_ids] + [((), (x,)) for x in en_ids], user)


def merge(project: Project, doc_id: str, bead_a: Bead, bead_b: Bead, user: str) -> list[Bead]:
    """Join two adjacent beads into one manual bead."""
    beads = load_alignment(project, doc_id) or []
    pos = {(b.ru, b.en): k for k, b in enumerate(beads)}
    ka, kb = pos.get((bead_a.ru, bead_a.en)), pos.get((bead_b.ru, bead_b.en))
    if ka is None or kb is None:
        raise NotFoundError("merge: a bead is not in the current alignment (reload it)")
    if abs(ka - kb) != 1:
        raise InputError("merge: the two beads are not adjacent")
    first, second = (bead_a, bead_b) if ka < kb else (bead_b, bead_a)
    return _decide(project, doc_id, "merge", [(first.ru + second.ru, first.en + second.en)], user)


def split(
    project: Project, doc_id: str, bead: Bead, ru_ids_first: Sequence[str], en_ids_first: Sequence[str], user: str
) -> list[Bead]:
    """Cut a bead in two: the first part takes these leading ids, the second the rest."""
    nr, ne = len(ru_ids_first), len(en_ids_first)
    if tuple(ru_ids_first) != bead.ru[:nr] or tuple(en_ids_first) != bead.en[:ne]:
        raise InputError("split: the first part must be a leading part of the bead on each side")
    first, second = (bead.ru[:nr], bead.en[:ne]), (bead.ru[nr:], bead.en[ne:])
    if not (first[0] or first[1]) or not (second[0] or second[1]):
        raise InputError("split: both parts need at least one sentence")
    return _decide(project, doc_id, "split", [first, second], user)
