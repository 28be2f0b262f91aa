"""The append-only correction log of one document: `corrections/ID/log.jsonl`.

One JSON event per line, kept with `align.jsonlog`: writers take the file lock, read what
others appended since their last look, validate against that fresh state, and append one
whole line with a single write + fsync. Readers replay the log; they never need the lock.

Faults are reported, never hidden: a torn last line (a writer killed mid-write), a
hand-edited line that is not an event, or an event that does not fit is listed in
`LogState.problems` and skipped, and every other event still counts. Lines a union merge
of two git branches duplicated are dropped by event id.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from align import jsonlog
from align.corrections.model import Correction, Event, apply_event
from align.project import Project

# Events that change a correction's state: they must be based on its current revision.
# Writers check that under the lock; replay checks it again for lines that met only in a
# git merge (two branches reviewing the same proposal differently).
REVISION_CHECKED = frozenset({"revised", "approved", "rejected", "withdrawn"})
_event_id = attrgetter("id")


@dataclass
class LogState:
    """The replayed log: corrections by id, plus what could not be read."""

    corrections: dict[str, Correction] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    seen_events: set[str] = field(default_factory=set)
    events: int = 0
    cursor: jsonlog.Cursor = jsonlog.Cursor()  # how far the file was read
    torn: str = ""  # the report of an unfinished last line (then the last of `problems`), or ""

    def copy(self) -> LogState:
        """A copy to extend, so states already handed out never change under their readers."""
        return LogState(dict(self.corrections), list(self.problems), set(self.seen_events), self.events,
                        self.cursor, self.torn)


# Replayed states shared by every CorrectionLog of this process, by log path: each call
# reads only what was appended since anyone here last looked, not the whole log again.
_SHARED: dict[Path, LogState] = {}
_SHARED_LOCK = threading.Lock()


class CorrectionLog:
    """Reader and locked writer of one document's log, with an incremental replay cache."""

    def __init__(self, project: Project, doc_id: str) -> None:
        self.doc_id = doc_id
        self.path = project.doc_dir(doc_id) / "log.jsonl"

    # -- reading -----------------------------------------------------------------
    def state(self) -> LogState:
        """Current state (a snapshot that is never modified), reading only what was appended."""
        with _SHARED_LOCK:
            st = _SHARED.get(self.path)
            if st is None:
                st = LogState()
            with jsonlog.gc_paused():  # over reading and replaying both: one pause, no collection between
                batch = jsonlog.read(self.path, st.cursor, Event.from_json, "event")
                if batch is not None:
                    st = LogState() if batch.restarted else st.copy()
                    self._replay(st, batch)
            _SHARED[self.path] = st
            return st

    def _replay(self, st: LogState, batch: jsonlog.Batch[Event]) -> None:
        problems = list(batch.problems)
        for n, event in jsonlog.first_seen(batch.records, _event_id, st.seen_events):
            problem = self._refusal(st, event)
            if problem:
                problems.append((n, f"{self.path.name} line {n}: {problem}; ignored"))
            else:
                st.events += 1
        if st.torn:  # read again in this batch: reported anew below if still unfinished
            st.problems.remove(st.torn)
        st.problems += [text for _, text in sorted(problems)]
        st.torn = batch.torn
        if st.torn:
            st.problems.append(st.torn)
        st.cursor = batch.end

    def _refusal(self, st: LogState, event: Event) -> str:
        """Apply `event` to the state; why it does not fit, or "" when applied."""
        current = st.corrections.get(event.correction)
        if current is not None and event.type in REVISION_CHECKED and event.base != current.revision:
            last = current.history[-1]
            return (
                f"{event.actor} {event.type} {event.correction} at revision {event.base}, but {last.actor} "
                f"had {last.type} it (revision {current.revision}); conflicting edits, e.g. from merging two "
                "branches"
            )
        return apply_event(st.corrections, self.doc_id, event) or ""

    # -- writing -----------------------------------------------------------------
    def append(self, make_event: Callable[[LogState], Event]) -> Event:
        """Append the event `make_event` builds from the fresh state, under the lock.

        `make_event` validates against the state (raising to refuse); nothing is written
        unless it returns.
        """
        with jsonlog.locked(self.path) as held:
            event = make_event(self.state())
            jsonlog.append(held, event.to_json())
            return event
