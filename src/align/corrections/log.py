"""The append-only correction log of one document: `corrections/ID/log.jsonl`.

One JSON event per line, kept with `align.jsonlog`: writers take the file lock, read what
others appended since their last look, validate against that fresh state, and append their
whole signed lines, one event or a batch of many (a check's thousand proposals, a sentence's
word changes), with a single write + fsync: a batch is written whole or not at all.
Readers replay the log; they never need the lock.

Replay trusts no line. Each event must carry an id that is the hash of its content and the
signature of its actor's key from the users file (`align.signing`), and must obey the same
rules a write obeys: the actor's role as the users file gives it, four eyes, one review per
revision, and these status transitions:

    event      from       to         by
    proposed   (new)      proposed   a translator, editor or checker
    revised    proposed   proposed   the proposer
    withdrawn  proposed   withdrawn  the proposer
    restored   withdrawn  proposed   the proposer (undoing a withdrawal)
    approved   proposed   approved   an editor other than the proposer
    rejected   proposed   rejected   an editor other than the proposer
    commented  any        unchanged  a translator, editor or publisher

A line that is torn, not an event, unsigned, wrongly signed, or breaks a rule is listed in
`LogState.problems` with its line number and never applied; every other event still counts.
Lines a union merge of two git branches duplicated have the same id and count once;
signatures are per event, not a chain, so such merges keep verifying.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from align import jsonlog, signing
from align.accounts import public_keys, users_path
from align.corrections.model import LAYOUT, Correction, Event, Fold, Status
from align.errors import PermissionDenied
from align.project import Project
from align.users import Action, User, acting, check, load_users

# Events that change a correction's state: they must be based on its current revision.
# Writers check that under the lock; replay checks it again for lines that met only in a
# git merge (two branches reviewing the same proposal differently).
REVISION_CHECKED = frozenset({"revised", "approved", "rejected", "withdrawn", "restored"})
_ANY = frozenset(Status)
# Per event type: the action whose role and ownership rules (align.users.check) it obeys,
# and the statuses it may follow (the table above).
RULES: dict[str, tuple[Action, frozenset[Status]]] = {
    "proposed": (Action.PROPOSE, _ANY),
    "revised": (Action.REVISE, frozenset({Status.PROPOSED})),
    "withdrawn": (Action.WITHDRAW, frozenset({Status.PROPOSED})),
    "restored": (Action.WITHDRAW, frozenset({Status.WITHDRAWN})),  # the proposer's, like withdrawing
    "approved": (Action.APPROVE, frozenset({Status.PROPOSED})),
    "rejected": (Action.REJECT, frozenset({Status.PROPOSED})),
    "commented": (Action.COMMENT, _ANY),
}
SAVE_AFTER = 100  # newly verified signatures worth rewriting the verified-signature cache for


@dataclass
class LogState:
    """The replayed log: corrections by id, plus what could not be read or was refused."""

    corrections: dict[str, Correction] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    seen_events: set[str] = field(default_factory=set)
    events: int = 0
    cursor: jsonlog.Cursor = jsonlog.Cursor()  # how far the file was read
    torn: str = ""  # the report of an unfinished last line (then the last of `problems`), or ""
    users: tuple[int, int] = (0, 0)  # the users file (mtime, size) it was replayed with: keys and roles

    def copy(self) -> LogState:
        """A copy to extend, so states already handed out never change under their readers."""
        return LogState(dict(self.corrections), list(self.problems), set(self.seen_events), self.events,
                        self.cursor, self.torn, self.users)


# Replayed states shared by every CorrectionLog of this process, by log path: each call
# reads only what was appended since anyone here last looked, not the whole log again.
_SHARED: dict[Path, LogState] = {}
_VERIFIED: dict[Path, signing.Verified] = {}
_SHARED_LOCK = threading.Lock()


class CorrectionLog:
    """Reader and locked writer of one document's log, with an incremental replay cache."""

    def __init__(self, project: Project, doc_id: str) -> None:
        self.doc_id = doc_id
        self.project = project
        self.path = project.doc_dir(doc_id) / "log.jsonl"

    # -- reading -----------------------------------------------------------------
    def state(self) -> LogState:
        """Current state (a snapshot that is never modified), reading only what was appended."""
        try:
            stat = users_path(self.project).stat()
            users_now = (stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:  # reported as missing when there are events to check
            users_now = (0, 0)
        with _SHARED_LOCK:
            st = _SHARED.get(self.path)
            if st is None or st.users != users_now:  # keys or roles changed: judge every line again
                st = LogState(users=users_now)
            with jsonlog.gc_paused():  # over reading and replaying both: one pause, no collection between
                st = self._read(st)
            _SHARED[self.path] = st
            return st

    def _read(self, st: LogState) -> LogState:
        """`st` extended by what was appended since (a new state), or `st` when nothing was.

        The lines read are dropped on return, inside the collector's pause, so it never
        walks them.
        """
        batch = jsonlog.read(self.path, st.cursor, Event.from_line, "event", lines=True)
        if batch is None:
            return st
        st = LogState(users=st.users) if batch.restarted else st.copy()
        problems = list(batch.problems)
        if batch.records:
            problems += self._judge(st, batch.records)
        if st.torn:  # read again in this batch: reported anew below if still unfinished
            st.problems.remove(st.torn)
        st.problems += [text for _, text in sorted(problems)]
        st.torn = batch.torn
        if st.torn:
            st.problems.append(st.torn)
        st.cursor = batch.end
        return st

    def _judge(self, st: LogState, records: list[tuple[int, tuple[Event, bytes]]]) -> list[tuple[int, str]]:
        """Apply the authentic events that keep the rules; the (line, problem) of every other."""
        users = load_users(self.project)
        verified = _VERIFIED.get(self.path) or _VERIFIED.setdefault(self.path, signing.Verified(self.path))
        before = len(verified.pairs)
        lines = [(event.id, event.actor, event.sig, message) for _, (event, message) in records]
        verdicts = signing.screen(lines, public_keys(self.project), verified, LAYOUT, st.seen_events)
        if len(verified.pairs) - before >= SAVE_AFTER:
            verified.save()
        fold = Fold(st.corrections, self.doc_id)
        problems = []
        for (n, (event, _)), forged in zip(records, verdicts):
            if forged is None:
                continue  # a line a union merge duplicated: counted once
            problem = forged or self._refusal(fold, event, users[event.actor])
            if problem:
                problems.append((n, f"{self.path.name} line {n}: {problem}; ignored"))
            else:
                st.events += 1
        fold.close()
        return problems

    @staticmethod
    def _refusal(fold: Fold, event: Event, user: User) -> str:
        """Apply `event`; why it breaks a rule, or "" when applied."""
        action, follows = RULES[event.type]
        current = fold.current(event.correction)
        try:
            check(acting(user, event.role, event.time), action, proposer=current.proposer if current else None)
        except PermissionDenied as exc:
            return str(exc)
        if current is not None and current.status not in follows:
            return (f"{event.actor} {event.type} {event.correction}, which was {current.status} already "
                    f"(by {current.history[-1].actor})")
        if current is not None and event.type in REVISION_CHECKED and event.base != current.revision:
            last = current.history[-1]
            return (
                f"{event.actor} {event.type} {event.correction} at revision {event.base}, but {last.actor} "
                f"had {last.type} it (revision {current.revision}); conflicting edits, e.g. from merging two "
                "branches"
            )
        return fold.apply(event, current) or ""

    # -- writing -----------------------------------------------------------------
    def append(self, make_event: Callable[[LogState], Event]) -> Event:
        """`append_many` of the one event `make_event` builds."""
        [event] = self.append_many(lambda st: [make_event(st)])
        return event

    def append_many(self, make_events: Callable[[LogState], Sequence[Event]]) -> list[Event]:
        """Append the events `make_events` builds from the fresh state, under the lock, in one write.

        `make_events` validates against the state (raising to refuse); nothing is written
        unless it returns, and then all of its events are, each signed on its own line, or none.
        """
        with jsonlog.locked(self.path) as held:
            events = list(make_events(self.state()))
            jsonlog.append_many(held, [event.to_json() for event in events])
            return events
