"""The correction workflow: propose, revise, withdraw, restore, approve, reject, comment.

Every operation is taken by a signed-in `Actor` (align.accounts), checks the user's role
(align.users), validates against the freshly read log under the writer lock
(align.corrections.log), and appends exactly one event signed by the actor, or one per
change for a sentence edit, one per finding for the checks' findings, one per occurrence
for a change proposed throughout and one per difference of a revised copy, those in one
write under one lock: all of them or none.
Reviewing many proposals at once (`approve_many`, `reject_many`) checks each exactly as a
single review does, against the log and the batch's earlier items; the refused ones are
returned with their reasons and the others appended in one write under one lock. A write
based on a stale revision is refused, not merged, and so is a proposal that repeats a
pending one (the same replacement of the same span, whoever or whichever check proposed
it): a double click or a check's suggestion made by hand once more gives one item to
review, not two.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from align.accounts import Actor, active_user
from align.corrections import revision
from align.corrections.diff import edits
from align.corrections.log import LogState
from align.corrections.model import (
    CONTEXT_CHARS,
    Category,
    Correction,
    Event,
    EventKind,
    Fold,
    Status,
    check_origin,
    is_check,
    new_id,
    rule_of,
)
from align.corrections.occurrences import Occurrence, find_occurrences
from align.corrections.relocate import MAX_SHIFT, Located, locate_all
from align.corrections.workspace import Workspace, get_correction, open_workspace
from align.errors import AlignError, ConflictError, InputError, NotFoundError
from align.formats import read_revised
from align.hygiene import check_text
from align.project import Project
from align.users import Action, User, check


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
    who = f"the check {rule_of(origin)}" if is_check(origin) else proposer
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

    A finding is skipped when a correction records its change in any status (`_recorded`: a person
    who rejected a suggestion is not asked again), or repeats another finding; the others are
    recorded in one write under one lock, all of them or none.
    """
    user = active_user(project, actor)
    check(user, Action.PROPOSE)
    ws = open_workspace(project, doc_id)
    known = _recorded(ws.located())
    offered = 0
    proposals = []
    for f in findings:
        if f.replacement is None:
            continue
        offered += 1
        if (f.start, f.end, f.replacement) not in known:
            proposals.append(_proposal(ws, f.start, f.end, f.replacement, f.category, f.message, check_origin(f.rule)))
    if not proposals:  # nothing new: the log is not even locked
        return 0, offered
    # skipped there too: a repeat among these findings, or one another writer made pending meanwhile
    created = len(_record_proposals(ws, actor, proposals, skip_pending=True))
    return created, offered - created


@dataclass(frozen=True)
class Throughout:
    """What `propose_throughout` did: the corrections it created, in text order, and the occurrences it
    skipped, each with its reason (`Occurrence.skip`)."""

    created: list[Correction]
    skipped: list[Occurrence]


def plan_throughout(
    project: Project, doc_id: str, find: str, replacement: str, *, whole_word: bool = True, match_case: bool = True
) -> list[Occurrence]:
    """What `propose_throughout` would do, recording nothing: every occurrence of `find` in the English,
    in text order, each proposable or with the reason it would be skipped (the CLI's dry run and the
    Edit view's preview)."""
    return _plan(open_workspace(project, doc_id), find, replacement, whole_word, match_case)


def propose_throughout(
    project: Project,
    doc_id: str,
    actor: Actor,
    find: str,
    replacement: str,
    *,
    whole_word: bool = True,
    match_case: bool = True,
    category: str | None = None,
    note: str = "",
    only: Collection[int] | None = None,
) -> Throughout:
    """Propose replacing `find` by `replacement` at every occurrence (align.corrections.occurrences), one
    ordinary correction each, so each is reviewed on its own; recorded in one write, all of them or none.

    `only`: the start offsets of the occurrences to propose (after a preview); an offset where none
    starts is refused. Skipped, with the reason: an occurrence running across two sentences or
    already reading as it would, one whose change a correction already records in any status (a
    rejected change is not proposed again), and one another writer proposed meanwhile.
    """
    user = active_user(project, actor)
    check(user, Action.PROPOSE)
    check_text(note, "the note")
    if category is not None:
        _check_category(category)
    ws = open_workspace(project, doc_id)
    picked = _only(_plan(ws, find, replacement, whole_word, match_case), only, find)
    chosen = [o for o in picked if o.proposable]
    proposals = [_proposal(ws, o.start, o.end, o.replacement, category, note, "person") for o in chosen]
    made = _record_proposals(ws, actor, proposals, skip_pending=True) if proposals else []
    state = ws.log.state()
    created = [state.corrections[e.correction] for e in made]
    done = {(c.start, c.end) for c in created}
    # left out by the write: another writer proposed the same change since this was planned
    meanwhile = [o for o in chosen if (o.start, o.end) not in done]
    if meanwhile:
        known = _recorded(ws.located())
        for i, o in enumerate(meanwhile):
            c = known.get((o.start, o.end, o.replacement))
            meanwhile[i] = replace(o, skip=f"{_recorded_as(c)} meanwhile" if c else "proposed meanwhile by another")
    skipped = sorted([*(o for o in picked if not o.proposable), *meanwhile], key=lambda o: o.start)
    return Throughout(created, skipped)


def _plan(ws: Workspace, find: str, replacement: str, whole_word: bool, match_case: bool) -> list[Occurrence]:
    """The occurrences of `find`, those whose change a correction already records marked as skipped."""
    found = find_occurrences(ws.seg, find, replacement, whole_word=whole_word, match_case=match_case)
    if not any(o.proposable for o in found):  # nothing to compare: the corrections are not relocated
        return found
    located = ws.located()
    known, live = _recorded(located), _Live(located)
    return [_checked(o, known, live) if o.proposable else o for o in found]


def _checked(o: Occurrence, known: dict[tuple[int, int, str], Correction], live: _Live) -> Occurrence:
    """A proposable occurrence skipped when a correction records its change or an approved one overlaps it
    (approving both would be refused), or told the pending ones it overlaps (only one can be approved)."""
    if c := known.get((o.start, o.end, o.replacement)):
        return replace(o, skip=_recorded_as(c))
    near = live.overlapping(o.start, o.end)
    if approved := [a.correction for a in near if a.correction.status is Status.APPROVED]:
        return replace(o, skip=f"overlaps {_change_of(approved[0])}: approving both would be refused")
    return replace(o, overlaps="; ".join(f"overlaps {_change_of(a.correction)}" for a in near))


def _change_of(c: Correction) -> str:
    """A correction as an occurrence's note names it: "pending c-… 'Spinosa's' -> 'Spinoza's' by anna"."""
    return f"{c.status} {c.id} {c.quote!r} -> {c.replacement!r} by {c.proposer}"


class _Live:
    """The pending and approved corrections located in the current text, by where they start, to tell which
    ones a span overlaps (as approving tells it: each starts before the other ends) in a few steps."""

    def __init__(self, located: Iterable[Located]) -> None:
        live = (Status.PROPOSED, Status.APPROVED)
        self.items = sorted((a for a in located if not a.orphaned and a.correction.status in live),
                            key=lambda a: a.start)
        self.starts = [a.start for a in self.items]
        self.longest = max((a.end - a.start for a in self.items), default=0)

    def overlapping(self, start: int, end: int) -> list[Located]:
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        return [a for a in self.items[lo:hi] if a.overlaps(start, end)]


# Which correction a change already recorded more than once is named by: a pending one first.
_STATUS_RANK = {Status.PROPOSED: 0, Status.APPROVED: 1, Status.REJECTED: 2, Status.WITHDRAWN: 3}


def _recorded(located: Iterable[Located]) -> dict[tuple[int, int, str], Correction]:
    """The correction recording each change (start, end, replacement) in the current text, in any status: what
    checks' findings and replace throughout do not propose again. An orphaned correction records none: its
    quote is gone, so the text at its old offsets is another one."""
    known: dict[tuple[int, int, str], Correction] = {}
    for a in located:
        key = (a.start, a.end, a.correction.replacement)
        if not a.orphaned and (key not in known or _STATUS_RANK[a.correction.status] < _STATUS_RANK[known[key].status]):
            known[key] = a.correction
    return known


def _recorded_as(c: Correction) -> str:
    """Why an occurrence is skipped: "already rejected as c-… by boris"."""
    return f"already {c.status} as {c.id}" + (f" by {c.reviewer}" if c.reviewer else "")


def _only(plan: list[Occurrence], only: Collection[int] | None, find: str) -> list[Occurrence]:
    """The occurrences starting at the offsets `only` (all of them for None); InputError naming an offset
    where none starts."""
    if only is None:
        return plan
    unknown = sorted(set(only) - {o.start for o in plan})
    if unknown:
        raise InputError(f"no occurrence of {find!r} starts at {', '.join(map(str, unknown[:5]))}"
                         + ("…" if len(unknown) > 5 else ""))
    wanted = set(only)
    return [o for o in plan if o.start in wanted]


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
    """One transition of one correction: a batch of one, whose refusal is raised."""
    result = _transition_many(project, doc_id, actor, kind, [(correction_id, base)], reason=reason, data=data)
    if result.refused:
        raise result.refused[0].error
    return result.decided[0]


# What each transition records: the action the person's role must allow, and the status it leaves.
# Restoring undoes a withdrawal, so it is the withdrawer's right (the proposer's alone).
_RULES = {
    EventKind.APPROVED: (Action.APPROVE, Status.PROPOSED),
    EventKind.REJECTED: (Action.REJECT, Status.PROPOSED),
    EventKind.WITHDRAWN: (Action.WITHDRAW, Status.PROPOSED),
    EventKind.REVISED: (Action.REVISE, Status.PROPOSED),
    EventKind.RESTORED: (Action.WITHDRAW, Status.WITHDRAWN),
}


class _Approved:
    """The approved corrections of a log state, and those a batch approves before the item at hand.

    Only corrections recorded near a proposal can overlap it (relocating moves a span at most
    MAX_SHIFT), so only those are relocated, each once however many items of a batch lie near it:
    a book with thousands of approvals stays fast to review, one at a time or 1,400 at once.
    """

    def __init__(self, ws: Workspace, st: LogState) -> None:
        self._text = ws.text
        self._approved = [c for c in st.corrections.values() if c.status is Status.APPROVED]  # in log order
        self._at: dict[str, Located] = {}

    def add(self, c: Correction) -> None:
        """Count `c` (just approved) among the approved corrections."""
        self._approved.append(c)

    def refuse_overlap(self, c: Correction) -> None:
        """ConflictError when `c` no longer matches the text or overlaps an approved correction."""
        me = locate_all(self._text, [c])[0]
        if me.orphaned:
            raise ConflictError(
                f"correction {c.id} no longer matches the text ({c.quote!r} not found); it cannot be approved"
            )
        for other in self._near(c):
            o = self._located(other)
            if not o.orphaned and o.overlaps(me.start, me.end):
                raise ConflictError(
                    f"correction {c.id} overlaps approved correction {other.id} "
                    f"({other.quote!r} -> {other.replacement!r}); "
                    "reject one of them first"
                )

    def _near(self, c: Correction) -> list[Correction]:
        """The approved corrections recorded in `c`'s sentence or within 2 * MAX_SHIFT of it, in log order."""
        return [x for x in self._approved if x.segment == c.segment or abs(x.start - c.start) <= 2 * MAX_SHIFT]

    def _located(self, c: Correction) -> Located:
        if c.id not in self._at:
            self._at[c.id] = locate_all(self._text, [c])[0]
        return self._at[c.id]


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
    _require_reason(reason)
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


# -- many decisions in one write ----------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """A correction a batch left undecided, and why (the error its single review would raise)."""

    correction: str
    error: AlignError


@dataclass(frozen=True)
class Decisions:
    """What a batch did: the corrections it decided (as they are now) and those it refused, in the order given."""

    decided: list[Correction]
    refused: list[Refusal]


def approve_many(
    project: Project, doc_id: str, actor: Actor, items: Sequence[tuple[str, int | None]], *, reason: str = ""
) -> Decisions:
    """An editor accepts many proposals at once: `approve` of each (correction id, the revision seen or None)."""
    return _decide_many(project, doc_id, actor, EventKind.APPROVED, items, reason)


def reject_many(
    project: Project, doc_id: str, actor: Actor, items: Sequence[tuple[str, int | None]], *, reason: str
) -> Decisions:
    """An editor turns many proposals down at once, for one reason: `reject` of each."""
    _require_reason(reason)
    return _decide_many(project, doc_id, actor, EventKind.REJECTED, items, reason)


def withdraw_many(
    project: Project, doc_id: str, actor: Actor, items: Sequence[tuple[str, int | None]], *, reason: str = ""
) -> Decisions:
    """A proposer takes many of their pending proposals back at once (a replace throughout made in error):
    `withdraw` of each; another person's is refused."""
    return _decide_many(project, doc_id, actor, EventKind.WITHDRAWN, items, reason)


def restore_many(
    project: Project, doc_id: str, actor: Actor, items: Sequence[tuple[str, int | None]], *, reason: str = ""
) -> Decisions:
    """A proposer undoes many withdrawals at once: `restore` of each."""
    return _decide_many(project, doc_id, actor, EventKind.RESTORED, items, reason)


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise InputError("a rejection needs a reason")


def _decide_many(project: Project, doc_id: str, actor: Actor, kind: EventKind,
                 items: Sequence[tuple[str, int | None]], reason: str) -> Decisions:
    """`_transition_many` of one kind; a role that may not take it at all is refused once, not once per item."""
    check(active_user(project, actor), _RULES[kind][0])
    return _transition_many(project, doc_id, actor, kind, items, reason=reason)


def _transition_many(
    project: Project,
    doc_id: str,
    actor: Actor,
    kind: EventKind,
    items: Sequence[tuple[str, int | None]],
    *,
    reason: str = "",
    data: dict | None = None,
) -> Decisions:
    """One transition of each (correction id, revision seen) item, each checked by `_Transitions`; the
    accepted ones appended in one write under one lock (all of them or none), the refused ones returned."""
    check_text(reason, "the reason")
    for key, value in (data or {}).items():
        check_text(value, f"the {key}")
    user = active_user(project, actor)
    ws = open_workspace(project, doc_id)
    refused: list[Refusal] = []

    def make(st: LogState) -> list[Event]:
        rules = _Transitions(ws, st, user, actor, kind, reason, data)
        events = []
        for correction_id, base in items:
            try:
                events.append(rules.event(correction_id, base))
            except AlignError as exc:
                refused.append(Refusal(correction_id, exc))
        return events

    made = ws.log.append_many(make)
    state = ws.log.state()
    return Decisions([state.corrections[e.correction] for e in made], refused)


class _Transitions:
    """The rules one kind of transition obeys, item by item, against a log state and what the batch did
    before the item: a proposal it approved is approved (a second review of it is refused), and no later
    item may overlap it."""

    def __init__(self, ws: Workspace, st: LogState, user: User, actor: Actor, kind: EventKind, reason: str,
                 data: dict | None) -> None:
        self._ws, self._st, self._user, self._actor = ws, st, user, actor
        self._kind, self._reason, self._data = kind, reason, data
        self._after: dict[str, Correction] = {}  # the corrections this batch changed, as it leaves them
        self._approved = _Approved(ws, st) if kind is EventKind.APPROVED else None

    def event(self, correction_id: str, base: int | None) -> Event:
        """The signed event of this transition of `correction_id`; raises the AlignError refusing it."""
        kind = self._kind
        action, required = _RULES[kind]
        c = self._after.get(correction_id) or get_correction(self._st, correction_id)
        check(self._user, action, proposer=c.proposer)
        _check_base(c, base)
        if c.status is not required:
            raise ConflictError(
                f"correction {c.id} is {c.status} (by {c.reviewer or c.proposer}); "
                f"only a {required} correction can be {kind}"
            )
        if self._approved is not None:
            self._approved.refuse_overlap(c)
        if kind is EventKind.RESTORED:
            located = locate_all(self._ws.text, [c])[0]
            _Pending(self._ws, self._st, own=c.id).refuse({"replacement": c.replacement, "quote": c.quote,
                                                          "start": located.start, "end": located.end})
        event = Event.signed(self._actor, kind, c.id, c.revision, self._data, self._reason)
        self._after[c.id] = after = _after(c, event)
        if self._approved is not None:
            self._approved.add(after)
        return event


def _after(c: Correction, event: Event) -> Correction:
    """`c` as the log's replay leaves it once `event` is applied."""
    fold = Fold({c.id: c}, c.doc)
    fold.apply(event, fold.current(c.id))
    fold.close()
    return fold.corrections[c.id]


# -- a revised copy's differences as proposals ------------------------------------------------------


def preview_revision(project: Project, doc_id: str, data: bytes, name: str) -> revision.Preview:
    """What proposing the revised copy `data` (a file called `name`, in any format import reads) would do,
    difference by difference, and which part of the text it covers (align.corrections.revision.preview);
    records nothing."""
    ws = open_workspace(project, doc_id)
    return _revision_preview(ws, data, name)


def _revision_preview(ws: Workspace, data: bytes, name: str) -> revision.Preview:
    blocks = revision.without_title(read_revised(data, name).blocks, ws.seg, ws.project.meta(ws.doc_id).title)
    return revision.preview(ws.seg, blocks, ws.located(), name)


def propose_revision(project: Project, doc_id: str, actor: Actor, data: bytes, name: str, *, note: str = "",
                     only: Iterable[int] | None = None) -> tuple[int, int]:
    """Record the differences of a revised copy from the stored text as proposals by `actor`, in one write under
    one lock, all of them or none; returns (created, skipped as already recorded).

    `only`: the preview's numbers to propose (default: every one it would propose). A difference some
    correction already makes (in any status: the copy came from our own export) is skipped, not proposed again;
    each proposal's note says which file (and which tracked change) it came from, after `note`."""
    user = active_user(project, actor)
    check(user, Action.PROPOSE)
    check_text(note, "the note")
    ws = open_workspace(project, doc_id)
    items = revision.chosen(_revision_preview(ws, data, name).items, None if only is None else set(only))
    known = sum(i.outcome is revision.Outcome.KNOWN for i in items)
    proposals = [_proposal(ws, i.difference.start, i.difference.end, i.difference.new, None, i.note(note), "person")
                 for i in items if i.outcome is revision.Outcome.PROPOSE]
    if not proposals:  # nothing new: the log is not even locked
        return 0, known
    # skipped there too: one another writer made pending meanwhile
    created = len(_record_proposals(ws, actor, proposals, skip_pending=True))
    return created, known + len(proposals) - created
