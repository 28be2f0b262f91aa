"""Append-only JSON Lines files: the primitive under the correction log and the alignment decisions.

One JSON record per line, never rewritten. Writers hold the file's own flock (`locked`) and
append whole lines, one (`append`) or a batch of many (`append_many`), with a single write +
fsync; a failed or short write is truncated back, so the file is left byte-identical and
nothing half-written stays behind: a batch lands whole or not at all.
A writer replacing several files of one folder together holds the folder's own flock
(`locked_folder`). Readers need no lock: `read` takes the complete lines beyond a byte
offset, so a long log is read once and then only what was appended.

Faults are reported, never hidden, and never stop a reader: a line that is not a record
(hand-edited, or a torn line a later append ended) is reported with its line number and
skipped; an unfinished last line (a writer killed mid-write, or one still writing) is
reported, kept in the file and left unconsumed, so a write that finishes is read next time.
A git union merge of two branches can duplicate lines: readers count a line once by its
content-derived id (`align.signing.screen`).
Both sides open the file without following a symbolic link (align.safe_io.open_regular): a
symlinked log is refused with an InputError, never read through or appended to.
"""

from __future__ import annotations

import errno
import fcntl
import gc
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from align.errors import StorageError
from align.safe_io import open_regular

_DECODER = json.JSONDecoder()
LOCK_TIMEOUT_S = 15.0
LOCK_POLL_S = 0.002  # a taken lock is retried this often; 50 ms starved busy writers
_TAIL_BYTES = 64  # how much of the consumed file is compared to notice a rewrite

T = TypeVar("T")


def now() -> str:
    """The time stamp of appended records: UTC to the millisecond, e.g. `2026-01-02T03:04:05.678Z`."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Cursor:
    """How far a reader got: bytes and lines consumed, and the last bytes consumed (to notice a rewrite)."""

    offset: int = 0
    lines: int = 0
    tail: bytes = b""


@dataclass(frozen=True)
class Batch(Generic[T]):
    """What one `read` found beyond a cursor."""

    records: list[tuple[int, T]]  # (line number, record), in file order
    problems: list[tuple[int, str]]  # (line number, message) of the lines that are not records
    torn: str  # the message about an unfinished last line, or "" when the file ends in a newline
    end: Cursor  # where the next read starts
    restarted: bool  # the file was rewritten, truncated or removed: this batch reads it from its start


def read(path: Path, cursor: Cursor, parse: Callable[[Any], T], what: str, *, lines: bool = False) -> Batch[T] | None:
    """The records of `path` beyond `cursor`, or None when nothing was appended since.

    `parse` turns a line's JSON value (with `lines`, the line's bytes, e.g. to check a
    signature against them) into a record, raising ValueError, TypeError, KeyError or
    AttributeError to refuse it; refused lines are reported as "not a valid `what`".
    """
    try:
        with os.fdopen(open_regular(path), "rb") as fh:  # a symlinked log is refused, not followed
            size = os.fstat(fh.fileno()).st_size
            restarted = not _continues(fh.fileno(), size, cursor)  # replaced or truncated, e.g. by hand
            start = Cursor() if restarted else cursor
            if size == start.offset and not restarted:
                return None
            fh.seek(start.offset)
            data = fh.read()
    except FileNotFoundError:
        return None if cursor == Cursor() else Batch([], [], "", Cursor(), True)
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror}") from None
    return _parse(data, start, parse, what, path.name, restarted, lines)


def _continues(fd: int, size: int, cursor: Cursor) -> bool:
    """Whether the file still holds what `cursor` consumed (it was only appended to)."""
    n = len(cursor.tail)
    return size >= cursor.offset and os.pread(fd, n, cursor.offset - n) == cursor.tail


def _parse(data: bytes, start: Cursor, parse: Callable[[Any], T], what: str, name: str,
           restarted: bool, lines: bool) -> Batch[T]:
    complete = data.rfind(b"\n") + 1
    records: list[tuple[int, T]] = []
    problems: list[tuple[int, str]] = []
    n = start.lines
    with gc_paused():
        for raw in data[:complete].splitlines():
            n += 1
            if not raw.strip():
                continue
            try:
                records.append((n, parse(raw if lines else loads(raw))))
            except (ValueError, TypeError, KeyError, AttributeError) as exc:  # ValueError: bad JSON or UTF-8 too
                problems.append((n, f"{name} line {n}: not a valid {what}, ignored ({_short(exc)})"))
    tail = data[complete:]
    torn = ""
    if tail.strip():
        torn = (f"last line {n + 1} of {name} is incomplete ({len(tail)} bytes, a write was interrupted or is "
                "in progress); it is ignored and kept in the file")
    consumed = (start.tail + data[max(0, complete - _TAIL_BYTES):complete])[-_TAIL_BYTES:]
    return Batch(records, problems, torn, Cursor(start.offset + complete, n, consumed), restarted)


def loads(raw: bytes) -> Any:
    """The JSON value of one line (UTF-8), as json.loads reads it; ValueError when it is not one.

    A line holding just a value is read by the scanner directly (`raw_decode`): json.loads's
    checks around it cost a third as much again per line. Anything else (white space around
    the value, an error) goes to json.loads, which decides and names the fault.
    """
    text = raw.decode("utf-8")
    try:
        value, end = _DECODER.raw_decode(text)
        if end == len(text):
            return value
    except ValueError:
        pass
    return json.loads(text)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No garbage collection inside: loading records makes no cycles, and collecting while a
    book's log of 100,000 events loads, as the live objects pile up, doubled its time."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@dataclass(frozen=True)
class Held:
    """A file whose writers' lock this process holds: the open descriptor carries the lock."""

    path: Path
    fd: int


@contextmanager
def locked(path: Path) -> Iterator[Held]:
    """Hold the writers' lock of `path`: an exclusive `flock` on the file itself, creating it and its folder.

    The lock is on the file being written, not on a separate lock file, so there is no file
    to delete to get past it. A file replaced or deleted by hand while we waited is opened
    again, so we lock the file now at `path`; one replaced while we hold it makes `append`
    refuse, so no write is acknowledged into a file that another writer locked meanwhile.
    StorageError when another writer holds it for over LOCK_TIMEOUT_S or it cannot be made.
    """
    deadline = time.monotonic() + LOCK_TIMEOUT_S
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = _lock_fd(path, deadline)
    except OSError as exc:
        raise _not_recorded(path, exc) from None
    try:
        yield Held(path, fd)
    finally:
        os.close(fd)  # closing our only descriptor of the open file releases the flock


@contextmanager
def locked_folder(folder: Path) -> Iterator[None]:
    """Hold the writers' lock of an existing `folder`: an exclusive `flock` on the folder itself, for writers that
    replace several files in it together (align.editions). StorageError as `locked` says."""
    deadline = time.monotonic() + LOCK_TIMEOUT_S
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _not_recorded(folder, exc) from None
    try:
        _flock(fd, folder, deadline)
        yield
    finally:
        os.close(fd)


def _lock_fd(path: Path, deadline: float) -> int:
    """A descriptor of `path` holding its flock, the file still being the one at `path`."""
    while True:
        fd = open_regular(path, os.O_RDWR | os.O_APPEND | os.O_CREAT)  # never appends through a symlink
        try:
            _flock(fd, path, deadline)
            if _is_at(fd, path):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # we locked a file that left `path` meanwhile: lock the new one


def _flock(fd: int, path: Path, deadline: float) -> None:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise StorageError(f"{path} is locked by another writer for over {LOCK_TIMEOUT_S:.0f} s; "
                                   "nothing recorded, try again") from None
            time.sleep(LOCK_POLL_S)


def _is_at(fd: int, path: Path) -> bool:
    """Whether the open file `fd` is still the file at `path` (not deleted or replaced)."""
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def append(held: Held, record: dict[str, Any]) -> None:
    """Append `record` as one line to the file whose lock is `held`: `append_many` of one record."""
    append_many(held, [record])


def append_many(held: Held, records: Iterable[dict[str, Any]]) -> None:
    """Append `records` as lines, in order, to the file whose lock is `held`, with one write and one
    fsync: all of them, or nothing (a failed or short write is truncated back). No records, no write.

    A file ending in a torn line (a killed writer's) gets a newline first, so that line stays
    a separate bad line, reported on reading, instead of corrupting the first record.
    """
    data = b"".join((json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
                    for r in records)
    if not data:
        return
    fd = held.fd
    if not _is_at(fd, held.path):
        raise StorageError(f"{held.path} was deleted or replaced while this write held its lock; nothing was "
                           "recorded, try again")
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data
        try:
            written = os.write(fd, data)
            if written != len(data):
                raise OSError(errno.ENOSPC, "short write (disk full?)")
            os.fsync(fd)
        except OSError:
            os.ftruncate(fd, size)  # leave the file exactly as it was
            raise
    except OSError as exc:
        raise _not_recorded(held.path, exc) from None


def _not_recorded(path: Path, exc: OSError) -> StorageError:
    return StorageError(f"cannot write {path}: {exc.strerror or exc}; nothing was recorded")


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 80 else text[:77] + "..."
