"""The correction workflow: propose, revise, withdraw, restore, approve, reject, comment.

Every operation is taken by a signed-in `Actor` (align.accounts), checks the user's role
(align.users), validates against the freshly read log under the writer lock
(align.corrections.log), and appends exactly one event signed by the actor, or one per
change for a sentence edit and one per finding for the checks' findings, those in one write
under one lock: all of them or none. A write based on a stale revision is refused, not
merged, and so is a proposal that repeats a pending one (the same replacement of the same
span, whoever or whichever check proposed it): a double click or a check's suggestion made
by hand once more gives one item to review, not two.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from align.accounts import Actor, active_user
from align.corrections.diff import edits
from align.corrections.log import LogState
from align.corrections.model import CONTEXT_CHARS, Category, Correction, Event, EventKind, Status, new_id
from align.corrections.relocate import MAX_SHIFT, locate_all
from align.corrections.workspace import Workspace, get_correction, open_workspace
from align.errors import ConflictError, InputError, NotFoundError
from align.hygiene import check_text
from align.project import Project
from align.users import Action, check


class FindingLike(Protocol):
    """What `propose_findings` needs of a check's finding (read-only attributes)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def replacement(self) -> str | None: ...
    @property
    def category(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def message(self) -> str: ...


def _record_proposals(ws: Workspace, actor: Actor, proposals: list[dict[str, Any]], *,
                      skip_pending: bool = False) -> list[Event]:
    """Append the events creating new corrections, in one write: all of them or none.

    A proposal that repeats a pending one (one in the log or one of these) refuses them all,
    or with `skip_pending` is left out.
    """

    def make(st: LogState) -> list[Event]:
        pending = _Pending(ws, st)
        events = []
        for data in proposals:
            if skip_pending and pending.same(data):
                continue
            pending.refuse(data)
            events.append(pending.add(Event.signed(actor, EventKind.PROPOSED, new_id("c-"), 0, data)))
        return events

    return ws.log.append_many(make)


class _Pending:
    """The pending proposals of a log state (but `own`, a correction being restored), by the change they
    make, and those a batch adds to them.

    A proposal repeats a pending one when it replaces the same quote with the same text where
    that one, relocated, applies. Pending proposals are relocated only once a new one makes
    their change (quote and replacement), each once: a batch of 1,400 findings does not
    relocate every pending proposal 1,400 times.
    """

    def __init__(self, ws: Workspace, st: LogState, own: str = "") -> None:
        self._text = ws.text
        self._unlocated: dict[tuple[str, str], list[Correction]] = {}
        for c in st.corrections.values():
            if c.status is Status.PROPOSED and c.id != own:
                self._unlocated.setdefault((c.quote, c.replacement), []).append(c)
        self._at: dict[tuple[int, int, str, str], str] = {}  # (start, end, quote, replacement) -> "<id> by <who>"

    def same(self, data: dict[str, Any]) -> str:
        """The pending proposal making the change `data` proposes ("<id> by <who>"), or "" when there is none."""
        change = (data["quote"], data["replacement"])
        for a in locate_all(self._text, self._unlocated.pop(change, [])):
            if not a.orphaned:
                c = a.correction
                self._at.setdefault((a.start, a.end, *change), _proposed_by(c.id, c.origin, c.proposer))
        return self._at.get((data["start"], data["end"], *change), "")

    def refuse(self, data: dict[str, Any]) -> None:
        """ConflictError naming the pending proposal that makes the change `data` proposes."""
        if same := self.same(data):
            raise ConflictError(f"already proposed as {same} ({data['quote']!r} -> {data['replacement']!r}), "
                                "pending review")

    def add(self, event: Event) -> Event:
        """Count the new proposal `event` as pending; returns it."""
        d = event.data
        self._at[(d["start"], d["end"], d["quote"], d["replacement"])] = _proposed_by(event.correction, d["origin"],
                                                                                      event.actor)
        return event


def _proposed_by(correction: str, origin: str, proposer: str) -> str:
    """How a refusal names a pending proposal: its id and who made it, a person or a check."""
    who = f"the check {origin.removeprefix('check:')}" if origin.startswith("check:") else proposer
    return f"{correction} by {who}"


def _check_base(c: Correction, base: int | None) -> None:
    if base is not None and base != c.revision:
        last = c.history[-1]
        raise ConflictError(
            f"correction {c.id} changed since you saw it: {last.actor} {last.type} it at {last.time} "
            f"(revision {c.revision}, you saw {base}); reload and try again"
        )


def _check_category(category: str) -> None:
    if category not in list(Category):
        raise InputError(f"unknown category {category!r}: use one of {', '.join(Category)}")


def _guess_category(old: str, new: str) -> str:
    if old.strip().isalpha() and new.strip().isalpha() and old.strip().lower() != new.strip().lower():
        return "spelling"
    if "".join(ch for ch in old if ch.isalnum()) == "".join(ch for ch in new if ch.isalnum()):
        return "typography"
    return "other"


def _proposal(
    ws: Workspace, start: int, end: int, replacement: str, category: str | None, note: str, origin: str
) -> dict:
    check_text(replacement, "the replacement")
    check_text(note, "the note")
    text = ws.text
    if not (0 <= start < end <= len(text)):
        raise InputError(f"span {start}:{end} is outside the text (0:{len(text)}) or empty")
    seg = ws.seg.at(start)
    if seg is None or end > seg.end:
        raise InputError(f"span {start}:{end} does not lie within one sentence; propose one change per sentence")
    quote = text[start:end]
    if quote == replacement:
        raise InputError(f"the replacement equals the text at {start}:{end}: nothing to correct")
    category = category or _guess_category(quote, replacement)
    _check_category(category)
    return {
        "segment": seg.id,
        "start": start,
        "end": end,
        "quote": quote,
        "prefix": text[max(0, start - CONTEXT_CHARS) : start],
        "suffix": text[end : end + CONTEXT_CHARS],
        "replacement": replacement,
        "category": category,
        "note": note,
        "origin": origin,
    }


def propose(
    project: Project,
    doc_id: str,
    actor: Actor,
    start: int,
    end: int,
    replacement: str,
    category: str | None = None,
    note: str = "",
    expect: str | None = None,
    origin: str = "person",
) -> Correction:
    """Record a proposal to replace text[start:end]; `expect` guards against a moved span."""
    user = active_user(project, actor)
    check(user, Action.PROPOSE)
    ws = open_workspace(project, doc_id)
    if expect is not None and ws.text[start:end] != expect:
        raise ConflictError(
            f"the text at {start}:{end} is {ws.text[start:end]!r}, not {expect!r}: the span does not match the text"
        )
    [event] = _record_proposals(ws, actor, [_proposal(ws, start, end, replacement, category, note, origin)])
    return ws.log.state().corrections[event.correction]


def propose_sentence(
    project: Project, doc_id: str, actor: Actor, segment_id: str, new_text: str, category: str | None = None,
    note: str = "",
) -> list[Correction]:
    """Turn a whole revised sentence into minimal word-level proposals, one per change: all of them or
    none (a change that repeats a pending proposal refuses the whole edit)."""
    user = active_user(project, actor)
    check(user, Action.PROPOSE)
    ws = open_workspace(project, doc_id)
    seg = ws.seg.get(segment_id)
    if seg is None:
        raise NotFoundError(f"no sentence {segment_id!r} in {doc_id}")
    check_text(new_text, "the revised sentence")
    check_text(note, "the note")
    changes = edits(seg.text, new_text)
    if not changes:
        raise InputError("the revised sentence is the same as the original: nothing to propose")
    proposals = [
        _proposal(ws, seg.start + e.start, seg.start + e.end, e.replacement, category, note, "person") for e in changes
    ]
    made = _record_proposals(ws, actor, proposals)
    state = ws.log.state()
    return [state.corrections[e.correction] for e in made]


def propose_findings(project: Project, doc_id: str, actor: Actor, findings: Iterable[FindingLike]) -> tuple[int, int]:
    """Record checks' findings as proposals; returns (created, skipped as already recorded).

    A finding is skipped when a correction with the same span and replacement exists in
    any status (a person who rejected a suggestion is not asked again), or repeats another
    finding; the others are recorded in one write under one lock, all of them or none.
    """
    user = active_user(project, actor)
    check(user, Action.PROPOSE)
    ws = open_workspace(project, doc_id)
    known = {(a.start, a.end, a.correction.replacement) for a in ws.located()}
    offered = 0
    proposals = []
    for f in findings:
        if f.replacement is None:
            continue
        offered += 1
        if (f.start, f.end, f.replacement) not in known:
            proposals.append(_proposal(ws, f.start, f.end, f.replacement, f.category, f.message, f"check:{f.rule}"))
    if not proposals:  # nothing new: the log is not even locked
        return 0, offered
    # skipped there too: a repeat among these findings, or one another writer made pending meanwhile
    created = len(_record_proposals(ws, actor, proposals, skip_pending=True))
    return created, offered - created


def _transition(
    project: Project,
    doc_id: str,
    actor: Actor,
    correction_id: str,
    kind: EventKind,
    *,
    reason: str = "",
    base: int | None = None,
    data: dict | None = None,
) -> Correction:
    check_text(reason, "the reason")
    for key, value in (data or {}).items():
        check_text(value, f"the {key}")
    user = active_user(project, actor)
    ws = open_workspace(project, doc_id)
    action, required = _RULES[kind]

    def make(st: LogState) -> Event:
        c = get_correction(st, correction_id)
        check(user, action, proposer=c.proposer)
        _check_base(c, base)
        if c.status is not required:
            raise ConflictError(
                f"correction {c.id} is {c.status} (by {c.reviewer or c.proposer}); "
                f"only a {required} correction can be {kind}"
            )
        if kind is EventKind.APPROVED:
            _refuse_overlap(ws, st, c)
        if kind is EventKind.RESTORED:
            located = locate_all(ws.text, [c])[0]
            _Pending(ws, st, own=c.id).refuse({"replacement": c.replacement, "quote": c.quote,
                                               "start": located.start, "end": located.end})
        return Event.signed(actor, kind, c.id, c.revision, data, reason)

    ws.log.append(make)
    return ws.log.state().corrections[correction_id]


# What each transition records: the action the person's role must allow, and the status it leaves.
# Restoring undoes a withdrawal, so it is the withdrawer's right (the proposer's alone).
_RULES = {
    EventKind.APPROVED: (Action.APPROVE, Status.PROPOSED),
    EventKind.REJECTED: (Action.REJECT, Status.PROPOSED),
    EventKind.WITHDRAWN: (Action.WITHDRAW, Status.PROPOSED),
    EventKind.REVISED: (Action.REVISE, Status.PROPOSED),
    EventKind.RESTORED: (Action.WITHDRAW, Status.WITHDRAWN),
}


def _refuse_overlap(ws: Workspace, st: LogState, c: Correction) -> None:
    # Only corrections recorded near this one can overlap it (relocating moves a span at
    # most MAX_SHIFT), so a book with thousands of approvals stays fast to review.
    approved = [
        x for x in st.corrections.values()
        if x.status is Status.APPROVED and (x.segment == c.segment or abs(x.start - c.start) <= 2 * MAX_SHIFT)
    ]
    located = {a.correction.id: a for a in locate_all(ws.text, [*approved, c])}
    me = located[c.id]
    if me.orphaned:
        raise ConflictError(
            f"correction {c.id} no longer matches the text ({c.quote!r} not found); it cannot be approved"
        )
    for other in approved:
        o = located[other.id]
        if not o.orphaned and o.start < me.end and me.start < o.end:
            raise ConflictError(
                f"correction {c.id} overlaps approved correction {other.id} "
                f"({other.quote!r} -> {other.replacement!r}); "
                "reject one of them first"
            )


# Every transition takes (project, doc_id, actor, correction_id) and then keywords only, in one
# order: reason, base (the revision the person saw; a stale one is refused).


def approve(
    project: Project, doc_id: str, actor: Actor, correction_id: str, *, reason: str = "", base: int | None = None
) -> Correction:
    """An editor accepts another person's proposal."""
    return _transition(project, doc_id, actor, correction_id, EventKind.APPROVED, reason=reason, base=base)


def reject(
    project: Project, doc_id: str, actor: Actor, correction_id: str, *, reason: str, base: int | None = None
) -> Correction:
    """An editor turns a proposal down, saying why."""
    if not reason.strip():
        raise InputError("a rejection needs a reason")
    return _transition(project, doc_id, actor, correction_id, EventKind.REJECTED, reason=reason, base=base)


def withdraw(
    project: Project, doc_id: str, actor: Actor, correction_id: str, *, reason: str = "", base: int | None = None
) -> Correction:
    """The proposer takes a proposal back."""
    return _transition(project, doc_id, actor, correction_id, EventKind.WITHDRAWN, reason=reason, base=base)


def restore(
    project: Project, doc_id: str, actor: Actor, correction_id: str, *, reason: str = "", base: int | None = None
) -> Correction:
    """The proposer undoes a withdrawal: the proposal is pending again (refused if another pending
    proposal now makes the same change)."""
    return _transition(project, doc_id, actor, correction_id, EventKind.RESTORED, reason=reason, base=base)


def revise(
    project: Project,
    doc_id: str,
    actor: Actor,
    correction_id: str,
    *,
    replacement: str | None = None,
    note: str | None = None,
    category: str | None = None,
    base: int | None = None,
) -> Correction:
    """The proposer changes the replacement, note or category of a pending proposal."""
    data = {k: v for k, v in (("replacement", replacement), ("note", note), ("category", category)) if v is not None}
    if not data:
        raise InputError("nothing to revise: give a new replacement, note or category")
    if category is not None:
        _check_category(category)
    return _transition(project, doc_id, actor, correction_id, EventKind.REVISED, base=base, data=data)


def comment(project: Project, doc_id: str, actor: Actor, correction_id: str, text: str) -> Correction:
    """Anyone on the project adds a remark to a correction's history."""
    if not text.strip():
        raise InputError("an empty comment says nothing")
    check_text(text, "the comment")
    user = active_user(project, actor)
    check(user, Action.COMMENT)
    ws = open_workspace(project, doc_id)

    def make(st: LogState) -> Event:
        c = get_correction(st, correction_id)
        return Event.signed(actor, EventKind.COMMENTED, c.id, c.revision, reason=text)

    ws.log.append(make)
    return ws.log.state().corrections[correction_id]
