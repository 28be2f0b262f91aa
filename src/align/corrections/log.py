"""The append-only correction log of one document: `corrections/ID/log.jsonl`.

One JSON event per line. Writers take a file lock, read what others appended since
their last look, validate against that fresh state, and append one whole line with a
single write + fsync. Readers replay the log; they never need the lock.

Faults are reported, never hidden: a torn last line (a writer killed mid-write), a
hand-edited line that is not an event, or an event that does not fit is listed in
`LogState.problems` and skipped, and every other event still counts. Lines a union merge
of two git branches duplicated are dropped by event id.
"""

from __future__ import annotations

import gc
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from filelock import FileLock, Timeout

from align.corrections.model import Correction, Event, apply_event
from align.errors import StorageError
from align.project import Project

LOCK_TIMEOUT_S = 15.0
_TAIL_BYTES = 64  # how much of the consumed log is compared to notice a rewrite
LOCK_POLL_S = 0.002  # filelock retries a taken lock this often; its 50 ms default starves busy writers
# Events that change a correction's state: they must be based on its current revision.
# Writers check that under the lock; replay checks it again for lines that met only in a
# git merge (two branches reviewing the same proposal differently).
REVISION_CHECKED = frozenset({"revised", "approved", "rejected", "withdrawn"})


@dataclass
class LogState:
    """The replayed log: corrections by id, plus what could not be read."""

    corrections: dict[str, Correction] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    seen_events: set[str] = field(default_factory=set)
    events: int = 0
    offset: int = 0  # bytes of the file consumed so far
    lines: int = 0
    consumed_tail: bytes = b""  # the last bytes consumed, to notice a log rewritten in place

    def copy(self) -> LogState:
        """A copy to extend, so states already handed out never change under their readers."""
        return LogState(dict(self.corrections), list(self.problems), set(self.seen_events),
                        self.events, self.offset, self.lines, self.consumed_tail)


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
        try:
            with self.path.open("rb") as fh, _SHARED_LOCK:
                st = _SHARED.get(self.path)
                if st is None or not _continues(fh.fileno(), st):  # new, or replaced/truncated by hand
                    st = LogState()
                if os.fstat(fh.fileno()).st_size > st.offset:
                    st = st.copy()
                    self._read_from(fh, st)
                _SHARED[self.path] = st
                return st
        except FileNotFoundError:
            _SHARED.pop(self.path, None)
            return LogState()
        except OSError as exc:
            raise StorageError(f"cannot read {self.path}: {exc.strerror}") from None

    def _read_from(self, fh: BinaryIO, st: LogState) -> None:
        fh.seek(st.offset)
        data = fh.read()
        complete = data.rfind(b"\n") + 1
        st.consumed_tail = (st.consumed_tail + data[:complete])[-_TAIL_BYTES:]
        collecting = gc.isenabled()
        gc.disable()  # replay makes no cycles; collecting while a book's events load doubled its time
        try:
            for raw in data[:complete].splitlines():
                st.lines += 1
                self._replay_line(st, raw)
        finally:
            if collecting:
                gc.enable()
        st.offset += complete
        tail = data[complete:]
        # A last line with no newline yet is either being written or torn; report it but
        # leave it unconsumed, so a finished write is read next time.
        st.problems = [p for p in st.problems if not p.startswith("last line")]
        if tail.strip():
            st.problems.append(
                f"last line {st.lines + 1} of {self.path.name} is incomplete ({len(tail)} bytes, "
                "a write was interrupted or is in progress); it is ignored and kept in the file"
            )

    def _replay_line(self, st: LogState, raw: bytes) -> None:
        if not raw.strip():
            return
        where = f"{self.path.name} line {st.lines}"
        try:
            event = Event.from_json(json.loads(raw))
        except (json.JSONDecodeError, UnicodeDecodeError, ValueError, AttributeError) as exc:
            st.problems.append(f"{where}: not a valid event, ignored ({_short(exc)})")
            return
        if event.id in st.seen_events:
            return  # the same event twice, e.g. after a union merge: once is enough
        st.seen_events.add(event.id)
        current = st.corrections.get(event.correction)
        if current is not None and event.type in REVISION_CHECKED and event.base != current.revision:
            last = current.history[-1]
            st.problems.append(
                f"{where}: {event.actor} {event.type} {event.correction} at revision {event.base}, but {last.actor} "
                f"had {last.type} it (revision {current.revision}); conflicting edits, e.g. from merging two "
                "branches; ignored"
            )
            return
        problem = apply_event(st.corrections, self.doc_id, event)
        if problem:
            st.problems.append(f"{where}: {problem}; ignored")
        else:
            st.events += 1

    # -- writing -----------------------------------------------------------------
    def append(self, make_event: Callable[[LogState], Event]) -> Event:
        """Append the event `make_event` builds from the fresh state, under the lock.

        `make_event` validates against the state (raising to refuse); nothing is written
        unless it returns.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_S, poll_interval=LOCK_POLL_S)
            with lock:
                event = make_event(self.state())
                self._write_line(event)
                return event
        except Timeout:
            raise StorageError(
                f"{self.path} is locked by another writer for over {LOCK_TIMEOUT_S:.0f} s; nothing recorded, try again"
            ) from None
        except OSError as exc:
            raise StorageError(f"cannot write {self.path}: {exc.strerror or exc}; nothing was recorded") from None

    def _write_line(self, event: Event) -> None:
        line = (json.dumps(event.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size and _last_byte(fd, size) != b"\n":
                # A torn line from a killed writer: end it, so it stays a separate bad
                # line (reported on replay) instead of corrupting this event.
                line = b"\n" + line
            try:
                written = os.write(fd, line)
                if written != len(line):
                    raise OSError(28, "short write (disk full?)")
                os.fsync(fd)
            except OSError:
                os.ftruncate(fd, size)  # leave the log exactly as it was
                raise
        finally:
            os.close(fd)


def _continues(fd: int, st: LogState) -> bool:
    """Whether the file still starts with what `st` consumed (it was only appended to)."""
    n = len(st.consumed_tail)
    return os.fstat(fd).st_size >= st.offset and os.pread(fd, n, st.offset - n) == st.consumed_tail


def _last_byte(fd: int, size: int) -> bytes:
    return os.pread(fd, 1, size - 1)


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 80 else text[:77] + "..."
