"""Re-aligning after a text edit: which stored beads still hold, and the window to align again.

Editing one paragraph of a 10,000-sentence book changes the ids of that paragraph's sentences
only (`align.segment`: ids hash each paragraph's own text). The stored alignment's beads
before and after the edit are still what the aligner would make of them, so `run_alignment`
keeps them and aligns again only a window around the changed stretch: the stored beads from
the first one that no longer fits the text to the last one, widened by `CONTEXT` beads on each
side so the search has room and a length model of its own. Kept beads keep their score and
confidence; the window's are rated afresh.

A stored alignment is reused only when everything else the aligner read is as it was: the
same model, glossary terms, chapter use and aligner code (`settings_key`), the same manual
decisions (`manual_key`), and the stored file is byte for byte the one the record names. A
manual decision applies itself to the stored file at once (`align.alignment.decisions`) and
notes here the sentences it touched (`note_decision`): the next run aligns again a window
around them too, so that neighbours a decision left unaligned find their partners. The record
lives in the project's cache folder (`corrections/.cache/alignment/ID.json`); like every
cache it is only a shortcut: a missing, damaged or hostile record means a full alignment,
never a wrong one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from align.alignment import aligner, anchors, chapters, confidence, lexicon
from align.alignment.store import Bead, Pair, paths
from align.project import Project

CONTEXT = 100  # stored beads aligned again on each side of the changed stretch
MAX_SHARE = 0.5  # align everything when the window would hold more than this share of a side
MAX_RECORD = 4 << 20  # bytes of a record read at most (a longer one is not a record: a full run)
_CODE = (aligner, anchors, chapters, confidence, lexicon)  # modules whose code decides the beads


@dataclass(frozen=True)
class Window:
    """The part of a document to align again: Russian sentences `src`, English `tgt` (index
    ranges), between the stored beads kept `before` and `after` it."""

    before: list[Bead]
    after: list[Bead]
    src: range
    tgt: range


def settings_key(
    model_key: str | None, terms: Sequence[tuple[str, Sequence[str]]], chapters_used: bool, params: aligner.Params
) -> str:
    """A digest of everything besides the texts and the manual decisions that decides a document's beads."""
    h = hashlib.sha256()
    for module in _CODE:
        h.update(Path(module.__file__ or "").read_bytes())
    settings = [model_key, [[t, list(forms)] for t, forms in terms], chapters_used, list(astuple(params))]
    h.update(json.dumps(settings, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def manual_key(manual: Sequence[Pair]) -> str:
    """A digest of the manual decisions in force (the beads people fixed)."""
    return hashlib.sha256(json.dumps([[list(r), list(e)] for r, e in manual]).encode("utf-8")).hexdigest()


def record_path(project: Project, doc_id: str) -> Path:
    """Where the record of a document's last alignment run is kept."""
    return project.corrections_dir / ".cache" / "alignment" / f"{project.doc_dir(doc_id).name}.json"


def record(project: Project, doc_id: str, settings: str, manual: str, realigned: tuple[int, int]) -> None:
    """Note that the stored alignment of `doc_id` was made with `settings` and the manual decisions
    `manual` (digests), aligning `realigned` (Russian, English) sentences afresh."""
    _write(project, doc_id, {"settings": settings, "manual": manual, "realigned": list(realigned), "dirty": []})


def note_decision(project: Project, doc_id: str, manual: str, touched: Iterable[str]) -> None:
    """After a manual decision changed the stored file: the decisions now in force (`manual`) and the
    sentence ids it `touched`, to align again on the next run. Without a record, nothing to note."""
    last = last_run(project, doc_id)
    if last is not None:
        dirty = sorted(set(last["dirty"]) | set(touched))
        _write(project, doc_id, {**last, "manual": manual, "dirty": dirty})


def _write(project: Project, doc_id: str, row: dict[str, Any]) -> None:
    """Write a record naming the stored file as it is now. Best effort: a cache that cannot be
    written costs time only."""
    path = record_path(project, doc_id)
    try:
        row = {**row, "alignment": _stored_digest(project, doc_id)}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(row), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def _stored_digest(project: Project, doc_id: str) -> str:
    """The sha256 of the document's stored alignment file as it is now (OSError when unreadable)."""
    alignment, _ = paths(project, doc_id)
    return hashlib.sha256(alignment.read_bytes()).hexdigest()


def last_run(project: Project, doc_id: str) -> dict[str, Any] | None:
    """The record of the last alignment run (settings, manual decisions and stored file digests,
    sentences aligned afresh, sentence ids to align again), or None when there is none or it is
    not a well-formed record."""
    try:
        with record_path(project, doc_id).open("rb") as f:
            row = json.loads(f.read(MAX_RECORD + 1)) if os.fstat(f.fileno()).st_size <= MAX_RECORD else None
    except (OSError, ValueError, RecursionError):
        return None
    ok = (
        isinstance(row, dict)
        and all(isinstance(row.get(k), str) for k in ("settings", "manual", "alignment"))
        and isinstance(row.get("realigned"), list)
        and len(row["realigned"]) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in row["realigned"])
        and isinstance(row.get("dirty"), list)
        and all(isinstance(x, str) for x in row["dirty"])
    )
    return row if ok else None


def partial_run(project: Project, doc_id: str, beads: Sequence[Bead]) -> str | None:
    """What the last run aligned afresh, in words, when it was only a window of `beads` (else None)."""
    last = last_run(project, doc_id)
    if last is None or tuple(last["realigned"]) == _covered(beads):
        return None
    ru_new, en_new = last["realigned"]
    return (f"{ru_new} Russian and {en_new} English sentences aligned again around the change; "
            "the rest kept from the stored alignment")


def find_window(
    project: Project, doc_id: str, settings: str, manual: str, stored: Sequence[Bead], ru_index: Mapping[str, int],
    en_index: Mapping[str, int],
) -> Window | None:
    """The window to align again when `stored` (the document's stored beads) was made with the same
    `settings` and `manual` decisions (digests) and most of it still fits the texts (`ru_index`/
    `en_index`: sentence id -> index); None when the whole document must be aligned."""
    last = last_run(project, doc_id)
    try:
        digest = _stored_digest(project, doc_id)
    except OSError:
        return None
    if last is None or (last["settings"], last["manual"], last["alignment"]) != (settings, manual, digest):
        return None
    n, m = len(ru_index), len(en_index)
    dirty = set(last["dirty"])
    if dirty:  # sentences a decision touched count as changed: the beads holding them fit nothing
        ru_index = {x: i for x, i in ru_index.items() if x not in dirty}
        en_index = {x: j for x, j in en_index.items() if x not in dirty}
    head = _fitting(stored, ru_index, en_index)
    if head == len(stored) and _covered(stored) == (n, m):
        return Window(list(stored), [], range(n, n), range(m, m))  # nothing changed
    backwards = [Bead(b.ru[::-1], b.en[::-1]) for b in reversed(stored)]
    tail = len(stored) - _fitting(backwards, {x: n - 1 - i for x, i in ru_index.items()},
                                  {x: m - 1 - j for x, j in en_index.items()})
    first, last_kept = max(head - CONTEXT, 0), min(max(tail, head) + CONTEXT, len(stored))
    before, after = list(stored[:first]), list(stored[last_kept:])
    (i0, j0), (ri, rj) = _covered(before), _covered(after)
    i1, j1 = n - ri, m - rj
    if i1 - i0 > MAX_SHARE * n or j1 - j0 > MAX_SHARE * m:
        return None
    return Window(before, after, range(i0, i1), range(j0, j1))


def _fitting(beads: Sequence[Bead], ru_index: Mapping[str, int], en_index: Mapping[str, int]) -> int:
    """How many of `beads`, from the first, cover the sentences 0, 1, 2, ... of both sides in order."""
    i = j = 0
    for k, b in enumerate(beads):
        if [ru_index.get(x) for x in b.ru] != list(range(i, i + len(b.ru))):
            return k
        if [en_index.get(x) for x in b.en] != list(range(j, j + len(b.en))):
            return k
        i, j = i + len(b.ru), j + len(b.en)
    return len(beads)


def _covered(beads: Sequence[Bead]) -> tuple[int, int]:
    """How many Russian and English sentences `beads` hold."""
    return sum(len(b.ru) for b in beads), sum(len(b.en) for b in beads)
