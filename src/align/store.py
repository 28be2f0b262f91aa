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

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from align.corrections import Correction, Event, apply_event
from align.errors import StorageError
from align.project import Project

LOCK_TIMEOUT_S = 15.0


@dataclass
class LogState:
    """The replayed log: corrections by id, plus what could not be read."""

    corrections: dict[str, Correction] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    seen_events: set[str] = field(default_factory=set)
    events: int = 0
    offset: int = 0  # bytes of the file consumed so far
    lines: int = 0


class CorrectionLog:
    """Reader and locked writer of one document's log, with an incremental replay cache."""

    def __init__(self, project: Project, doc_id: str) -> None:
        self.doc_id = doc_id
        self.path = project.doc_dir(doc_id) / "log.jsonl"
        self._state = LogState()

    # -- reading -----------------------------------------------------------------
    def state(self) -> LogState:
        """Current state, reading only what was appended since the last call."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            self._state = LogState()
            return self._state
        except OSError as exc:
            raise StorageError(f"cannot read {self.path}: {exc.strerror}") from None
        if size < self._state.offset:  # replaced or truncated by hand: replay from scratch
            self._state = LogState()
        if size > self._state.offset:
            self._read_from(self._state)
        return self._state

    def _read_from(self, st: LogState) -> None:
        try:
            with self.path.open("rb") as fh:
                fh.seek(st.offset)
                data = fh.read()
        except OSError as exc:
            raise StorageError(f"cannot read {self.path}: {exc.strerror}") from None
        complete = data.rfind(b"\n") + 1
        for raw in data[:complete].splitlines():
            st.lines += 1
            self._replay_line(st, raw)
        st.offset += complete
        tail = data[complete:]
        # A last line with no newline yet is either being written or torn; report it but
        # leave it unconsumed, so a finished write is read next time.
        st.problems = [p for p in st.problems if not p.startswith("last line")]
        if tail.strip():
            st.problems.append(
                f"last line {st.lines + 1} of {self.path.name} is incomplete ({len(tail)} bytes, "
                "a write was interrupted); it is ignored and kept in the file"
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
            lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_S)
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


def _last_byte(fd: int, size: int) -> bytes:
    return os.pread(fd, 1, size - 1)


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 80 else text[:77] + "..."
