"""The append-only JSON Lines primitive: incremental reads, reported faults, whole appends or nothing."""

from __future__ import annotations

import errno
import os
import re
import threading
from pathlib import Path
from typing import Any

import pytest

from align import jsonlog
from align.errors import InputError, StorageError


def _number(obj: Any) -> int:
    """A toy record: an object with an integer "n"."""
    if not isinstance(obj["n"], int):
        raise ValueError("n is not an integer")
    return obj["n"]


START = jsonlog.Cursor()


def _read(path: Path, cursor: jsonlog.Cursor = START) -> jsonlog.Batch[int]:
    batch = jsonlog.read(path, cursor, _number, "number")
    assert batch is not None
    return batch


class _FakeOs:
    """`os` for align.jsonlog with one function replaced (the rest is the real module)."""

    def __init__(self, **replaced) -> None:
        self.__dict__.update(replaced)

    def __getattr__(self, name: str):
        return getattr(os, name)


def test_bad_lines_are_reported_with_their_number_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"n":1}\n\nnot json\n{"n":"two"}\n[1]\n\xff\xfe\n{"n":3}\n')
    batch = _read(path)
    assert batch.records == [(1, 1), (7, 3)]
    assert [n for n, _ in batch.problems] == [3, 4, 5, 6]
    assert all(text.startswith(f"f.jsonl line {n}: not a valid number, ignored (") for n, text in batch.problems)
    assert "n is not an integer" in batch.problems[1][1]
    assert batch.torn == "" and not batch.restarted
    assert batch.end.offset == path.stat().st_size and batch.end.lines == 7


def test_reads_only_what_was_appended(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    assert jsonlog.read(path, START, _number, "number") is None  # no file yet: nothing to read
    path.write_bytes(b'{"n":1}\n{"n":2}\n')
    first = _read(path)
    assert jsonlog.read(path, first.end, _number, "number") is None
    with path.open("ab") as fh:
        fh.write(b'{"n":3}\n')
    second = _read(path, first.end)
    assert second.records == [(3, 3)] and not second.restarted


def test_a_rewritten_or_removed_file_is_read_from_its_start(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"n":1}\n{"n":2}\n')
    end = _read(path).end
    path.write_bytes(b'{"n":7}\n{"n":8}\n{"n":9}\n')  # longer, but not a continuation
    again = _read(path, end)
    assert again.restarted and again.records == [(1, 7), (2, 8), (3, 9)]
    path.unlink()
    gone = _read(path, again.end)
    assert gone.restarted and gone.records == [] and gone.end == START


def test_torn_last_line_is_reported_kept_and_read_once_finished(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"n":1}\n{"n":')
    batch = _read(path)
    assert batch.records == [(1, 1)] and batch.problems == []
    assert batch.torn.startswith("last line 2 of f.jsonl is incomplete (5 bytes")
    assert batch.end.offset == 8  # the torn line is not consumed
    with path.open("ab") as fh:  # the writer finishes
        fh.write(b'2}\n')
    later = _read(path, batch.end)
    assert later.records == [(2, 2)] and later.torn == ""


def test_many_records_in_one_call_are_one_write_and_one_fsync(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"n":0}\n')
    calls: list[str] = []

    def counted(name: str):
        def call(*args):
            calls.append(name)
            return getattr(os, name)(*args)
        return call

    monkeypatch.setattr("align.jsonlog.os", _FakeOs(write=counted("write"), fsync=counted("fsync")))
    with jsonlog.locked(path) as held:
        jsonlog.append_many(held, ({"n": n, "text": "ёж" * n} for n in range(1, 501)))
        jsonlog.append_many(held, [])  # nothing to write: no write, no fsync
    assert calls == ["write", "fsync"]
    batch = _read(path)
    assert batch.records == [(n + 1, n) for n in range(501)]  # whole lines, in order
    assert batch.problems == [] and batch.torn == ""
    assert path.read_text(encoding="utf-8").endswith('{"n":500,"text":"%s"}\n' % ("ёж" * 500))


@pytest.mark.parametrize("records", [1, 300], ids=["one", "many"])
def test_append_after_a_torn_line_ends_it_first(tmp_path: Path, records: int) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"n":1}\n{"n":')
    with jsonlog.locked(path) as held:
        if records == 1:
            jsonlog.append(held, {"n": 2, "text": "ёж"})
        else:
            jsonlog.append_many(held, [{"n": n, "text": "ёж"} for n in range(2, 2 + records)])
    assert path.read_bytes().startswith('{"n":1}\n{"n":\n{"n":2,"text":"ёж"}\n'.encode())
    batch = _read(path)
    assert batch.records == [(1, 1), *((n + 1, n) for n in range(2, 2 + records))] and batch.torn == ""
    assert [n for n, _ in batch.problems] == [2]  # the torn line, now a finished bad line, stays reported


def _write_half_then_fail(fd: int, data: bytes) -> int:
    os.write(fd, data[: len(data) // 2])
    raise OSError(errno.ENOSPC, "No space left on device")


def _short_write(fd: int, data: bytes) -> int:
    return os.write(fd, data[:3])


def _fsync_fails(fd: int) -> None:
    raise OSError(errno.EIO, "Input/output error")


@pytest.mark.parametrize("records", [1, 300], ids=["one", "many"])
@pytest.mark.parametrize("torn", [b"", b'{"n":'], ids=["clean", "torn"])
def test_failed_write_leaves_the_file_byte_identical(tmp_path: Path, monkeypatch, torn: bytes, records: int) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"n":1}\n' + torn)
    before = path.read_bytes()
    batch = [{"n": n, "text": "ёж" * n} for n in range(2, 2 + records)]
    for fault in ({"write": _write_half_then_fail}, {"write": _short_write}, {"fsync": _fsync_fails}):
        monkeypatch.setattr("align.jsonlog.os", _FakeOs(**fault))
        with pytest.raises(StorageError, match="nothing was recorded"), jsonlog.locked(path) as held:
            if records == 1:
                jsonlog.append(held, batch[0])
            else:
                jsonlog.append_many(held, batch)
        monkeypatch.undo()
        assert path.read_bytes() == before
    with jsonlog.locked(path) as held:  # the next try lands whole
        jsonlog.append_many(held, batch)
    assert [n for _, n in _read(path).records] == [1, *range(2, 2 + records)]


def test_a_held_lock_times_out_with_a_storage_error(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "sub" / "f.jsonl"
    monkeypatch.setattr(jsonlog, "LOCK_TIMEOUT_S", 0.05)
    with jsonlog.locked(path):  # creates the folder and the file
        assert path.parent.is_dir() and path.is_file()
        with pytest.raises(StorageError, match="locked by another writer"), jsonlog.locked(path):
            pass
    with jsonlog.locked(path):  # free again
        pass
    assert [p.name for p in path.parent.iterdir()] == ["f.jsonl"]  # no lock file beside it


def _second_writer(path: Path, started: threading.Event, done: threading.Event) -> None:
    started.set()
    with jsonlog.locked(path):
        done.set()


def test_deleting_the_old_lock_file_does_not_let_a_second_writer_in(tmp_path: Path) -> None:
    """The lock is the log's own flock: a `.lock` file deleted beside it changes nothing."""
    path = tmp_path / "log.jsonl"
    started, done = threading.Event(), threading.Event()
    with jsonlog.locked(path):
        assert [p.name for p in tmp_path.iterdir()] == ["log.jsonl"]
        writer = threading.Thread(target=_second_writer, args=(path, started, done))  # flock: per open file
        writer.start()
        assert started.wait(10)
        assert not done.wait(0.5)  # waits for our lock
        (tmp_path / "log.jsonl.lock").unlink(missing_ok=True)  # what let it in before
        assert not done.wait(0.3)  # still waits
    assert done.wait(10)  # gets in once we let go
    writer.join(10)


def test_a_log_deleted_under_a_writer_refuses_its_write(tmp_path: Path, monkeypatch) -> None:
    """Deleting the locked log itself: the next writer locks the new file, and the one that held
    the old lock is refused rather than acknowledged into a file nobody reads."""
    path = tmp_path / "log.jsonl"
    with jsonlog.locked(path) as first:
        path.unlink()
        with jsonlog.locked(path) as second:  # does not wait for a lock on a deleted file
            jsonlog.append(second, {"n": 2})
            with pytest.raises(StorageError, match="deleted or replaced while this write held its lock"):
                jsonlog.append(first, {"n": 1})
    assert path.read_bytes() == b'{"n":2}\n'


def test_time_stamps_are_utc_milliseconds() -> None:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", jsonlog.now())


def test_a_symlinked_log_is_refused_not_read_or_appended_to(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.jsonl"
    target.write_bytes(b'{"n":1}\n')
    path = tmp_path / "f.jsonl"
    path.symlink_to(target)
    with pytest.raises(InputError, match="symbolic link"), jsonlog.locked(path) as held:
        jsonlog.append(held, {"n": 2})
    with pytest.raises(InputError, match="symbolic link"):
        _read(path)
    assert target.read_bytes() == b'{"n":1}\n' and path.is_symlink()
