"""Manual alignment decisions: link, unlink, merge, split, and undo.

Each decision is checked against the user's role, signed with their key, appended to the
document's decisions file with who and when (one fsync'd line under the alignment's lock,
by `align.jsonlog`), and applied to the stored alignment at once; `align.alignment.run` keeps the decided
beads on every later run of the aligner. An undo is a decision too: it names the one it
takes back, which stays in the file, and the alignment is made again from the decisions
still in force, as if the undone one had never been made.
"""

from __future__ import annotations

from collections.abc import Sequence

from align import jsonlog
from align.accounts import Actor, active_user
from align.alignment import reuse
from align.alignment.run import run_alignment, sides
from align.alignment.store import (
    UNDO,
    Bead,
    Decision,
    Pair,
    load_alignment,
    load_decisions,
    manual_beads,
    paths,
    save_alignment,
    standing,
)
from align.errors import ConflictError, InputError, NotFoundError
from align.project import Project
from align.users import Action, check


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


def _decide(project: Project, doc_id: str, op: str, new: list[Pair], actor: Actor) -> list[Bead]:
    """Record a decision making `new` manual beads, apply it to the stored alignment."""
    check(active_user(project, actor), Action.ALIGN)
    _, dec_path = paths(project, doc_id)
    ru, en = sides(project, doc_id)
    ru_sentences = ru.sentences if ru else []
    ru_index = {s.id: s.index for s in ru_sentences}
    en_index = {s.id: s.index for s in en.sentences}
    new_idx = []
    for r, e in new:
        if not r and not e:
            raise InputError("a bead needs at least one sentence")
        new_idx.append((_contiguous(r, ru_index, "Russian"), _contiguous(e, en_index, "English")))
    with jsonlog.locked(dec_path) as held:  # the lock of the stored alignment too
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
            if (ri or ei) and len(r_left) == len(b.ru) and len(e_left) == len(b.en) and not crosses:
                items.append((ri, ei, b))  # untouched: kept as it was (an unaligned sentence too, manual or not)
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
        jsonlog.append(held, Decision.signed(actor, op, _expand_nulls(new)).to_json())
        save_alignment(project, doc_id, ordered)
        kept = set(beads)
        touched = {x for b in ordered if b not in kept for x in (*b.ru, *b.en)}
        reuse.note_decision(project, doc_id, reuse.manual_key(manual_beads(project, doc_id)), touched)
    return ordered


def _expand_nulls(new: list[Pair]) -> list[Pair]:
    out: list[Pair] = []
    for r, e in new:
        if r and e:
            out.append((tuple(r), tuple(e)))
        else:
            out += [((x,), ()) for x in r] + [((), (x,)) for x in e]
    return out


def link(project: Project, doc_id: str, ru_ids: Sequence[str], en_ids: Sequence[str], actor: Actor) -> list[Bead]:
    """Make these Russian and English sentences one manual bead."""
    if not ru_ids or not en_ids:
        raise InputError("link needs at least one Russian and one English sentence (use unlink for unaligned)")
    return _decide(project, doc_id, "link", [(tuple(ru_ids), tuple(en_ids))], actor)


def unlink(project: Project, doc_id: str, ru_ids: Sequence[str], en_ids: Sequence[str], actor: Actor) -> list[Bead]:
    """Mark these sentences as having no counterpart (manual 1-0 / 0-1 beads)."""
    if not ru_ids and not en_ids:
        raise InputError("name the sentences to unlink")
    return _decide(project, doc_id, "unlink", [((x,), ()) for x in ru_ids] + [((), (x,)) for x in en_ids], actor)


def merge(project: Project, doc_id: str, bead_a: Bead, bead_b: Bead, actor: Actor) -> list[Bead]:
    """Join two adjacent beads into one manual bead."""
    beads = load_alignment(project, doc_id) or []
    pos = {(b.ru, b.en): k for k, b in enumerate(beads)}
    ka, kb = pos.get((bead_a.ru, bead_a.en)), pos.get((bead_b.ru, bead_b.en))
    if ka is None or kb is None:
        raise NotFoundError("merge: a bead is not in the current alignment (reload it)")
    if abs(ka - kb) != 1:
        raise InputError("merge: the two beads are not adjacent")
    first, second = (bead_a, bead_b) if ka < kb else (bead_b, bead_a)
    return _decide(project, doc_id, "merge", [(first.ru + second.ru, first.en + second.en)], actor)


def split(
    project: Project, doc_id: str, bead: Bead, ru_ids_first: Sequence[str], en_ids_first: Sequence[str], actor: Actor
) -> list[Bead]:
    """Cut a bead in two: the first part takes these leading ids, the second the rest."""
    nr, ne = len(ru_ids_first), len(en_ids_first)
    if tuple(ru_ids_first) != bead.ru[:nr] or tuple(en_ids_first) != bead.en[:ne]:
        raise InputError("split: the first part must be a leading part of the bead on each side")
    first, second = (bead.ru[:nr], bead.en[:ne]), (bead.ru[nr:], bead.en[ne:])
    if not (first[0] or first[1]) or not (second[0] or second[1]):
        raise InputError("split: both parts need at least one sentence")
    return _decide(project, doc_id, "split", [first, second], actor)


def _decided_beads(decision: Decision, decisions: Sequence[Decision]) -> tuple[Pair, ...]:
    """The beads a decision made, or for an undo (of an undo ...) those of the decision it names."""
    by_id = {d.id: d for d in decisions}
    seen = set()
    while decision.op == UNDO and decision.undoes in by_id and decision.id not in seen:
        seen.add(decision.id)
        decision = by_id[decision.undoes]
    return decision.beads


def undo(project: Project, doc_id: str, actor: Actor, decision_id: str | None = None) -> list[Bead]:
    """Take back a decision (by default the latest one still in force) by recording an undo.

    The stored alignment is then made again by the aligner from the decisions still in force
    (with the default scorer), as if the undone decision had never been made. Undoing an undo
    makes its decision count again.
    """
    check(active_user(project, actor), Action.ALIGN)
    _, dec_path = paths(project, doc_id)
    with jsonlog.locked(dec_path) as held:
        decisions = load_decisions(project, doc_id).decisions
        active = standing(decisions)
        if decision_id is None:
            candidates = [d for d in decisions if d.id in active and d.op != UNDO]
            if not candidates:
                raise NotFoundError(f"{doc_id} has no alignment decision to undo")
            target = candidates[-1]
        else:
            found = [d for d in decisions if d.id == decision_id]
            if not found:
                raise NotFoundError(f"no alignment decision {decision_id!r} in {doc_id}")
            target = found[0]
            if target.id not in active:
                raise ConflictError(f"alignment decision {decision_id} is already undone")
        jsonlog.append(held, Decision.signed(actor, UNDO, (), undoes=target.id).to_json())
        touched = {x for r, e in _decided_beads(target, decisions) for x in (*r, *e)}
        reuse.note_decision(project, doc_id, reuse.manual_key(manual_beads(project, doc_id)), touched)
        return run_alignment(project, doc_id)
