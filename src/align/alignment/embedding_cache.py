"""The on-disk embedding cache: sentence vectors of one model, kept between runs.

Encoding is the slow part of a neural alignment; re-aligning after a manual decision or an
edit should encode only the sentences never seen before. Each project keeps one SQLite file
per model under `corrections/.cache/embeddings/` (never under texts/), keyed by the sha256
of a sentence's text, holding its L2-normalised float32 vector.

SQLite because it is in the standard library and is safe across processes: any number of
readers, one writer at a time (write-ahead log), and every write is one transaction, so a
crash never leaves half a vector behind. Rows are found by an integer id (the hash's first
8 bytes; the full hash is checked): several times faster than a blob primary key for
vectors this size, which keeps the read of a 20,000-sentence book well under a second.

It is only a cache: a file that is not a database or is damaged is deleted and started
afresh, and when the folder cannot be written at all the run goes on without it (a warning
says so). Losing it costs time, never a result.
"""

from __future__ import annotations

import hashlib
import sqlite3
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TypeVar

import numpy as np

from align.project import Project

SUFFIX = ".sqlite"
_SIDE_FILES = ("-wal", "-shm", "-journal")
_CHUNK = 500  # keys per SELECT: below SQLite's oldest limit on bound parameters (999)
_BUSY_SECONDS = 60.0  # how long a writer waits for another process's transaction
_VERSION = 1  # PRAGMA user_version of the layout below; a file of another layout is started afresh
_LAYOUT = (
    "DROP TABLE IF EXISTS meta",
    "DROP TABLE IF EXISTS vectors",
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "CREATE TABLE vectors (id INTEGER PRIMARY KEY, key BLOB NOT NULL, vec BLOB NOT NULL)",
    f"PRAGMA user_version = {_VERSION}",
)
T = TypeVar("T")


def project_folder(project: Project) -> Path:
    """Where a project's embedding caches live: one file per model."""
    return project.corrections_dir / ".cache" / "embeddings"


def sentence_key(sentence: str) -> tuple[int, bytes]:
    """(row id, full sha256) of a sentence's text."""
    digest = hashlib.sha256(sentence.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "little", signed=True), digest


class EmbeddingCache:
    """One model's vectors in `folder/<model_key>.sqlite`; `get` what is there, `put` what is new."""

    def __init__(self, folder: Path, model_key: str) -> None:
        self.path: Path | None = folder / f"{model_key}{SUFFIX}"

    def get(self, sentences: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors of those `sentences` that have one."""
        by_id: dict[int, tuple[bytes, str]] = {}
        for s in sentences:
            row_id, digest = sentence_key(s)
            by_id[row_id] = (digest, s)
        ids = sorted(by_id)

        def read(db: sqlite3.Connection) -> dict[str, np.ndarray]:
            dim = _dim(db)
            found: dict[str, np.ndarray] = {}
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for row_id, key, blob in db.execute(f"SELECT id, key, vec FROM vectors WHERE id IN ({marks})", chunk):
                    digest, sentence = by_id[row_id]
                    if key == digest and len(blob) == 4 * dim:  # not another sentence's, nor another length
                        found[sentence] = np.frombuffer(blob, dtype=np.float32)
            return found

        return self._with_db(read, {}) if ids else {}

    def put(self, vectors: Mapping[str, np.ndarray]) -> None:
        """Store `vectors` (sentence -> vector of the model's dimension) in one transaction."""
        if not vectors:
            return
        dims = {len(v) for v in vectors.values()}
        if len(dims) != 1:
            raise ValueError(f"vectors of different lengths {sorted(dims)} for one model")
        dim = dims.pop()
        rows = [(*sentence_key(s), np.asarray(v, dtype=np.float32).tobytes()) for s, v in vectors.items()]

        def write(db: sqlite3.Connection) -> None:
            with _transaction(db):
                if _dim(db) != dim:  # new file, or vectors of another length: start over
                    db.execute("DELETE FROM vectors")
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('dim', ?)", (dim,))
                db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)

        self._with_db(write, None)

    def _with_db(self, action: Callable[[sqlite3.Connection], T], fallback: T) -> T:
        """`action` on the open database; a damaged file is deleted and tried once more afresh."""
        for attempt in (1, 2):
            if self.path is None:
                return fallback
            try:
                with self._connect(self.path) as db:
                    return action(db)
            except (sqlite3.OperationalError, OSError) as exc:  # locked too long, read-only, disk full: not now
                warnings.warn(f"embedding cache {self.path} not used this time: {exc}", stacklevel=3)
                return fallback
            except sqlite3.DatabaseError as exc:  # not a database, or damaged: a cache is rebuilt
                if attempt == 1:
                    warnings.warn(f"embedding cache {self.path} is damaged ({exc}): rebuilding it", stacklevel=3)
                    try:
                        self._delete()
                    except OSError:
                        self.path = None
                else:
                    warnings.warn(f"embedding cache {self.path} is unusable ({exc}): running without", stacklevel=3)
                    self.path = None
        return fallback

    @staticmethod
    @contextmanager
    def _connect(path: Path) -> Iterator[sqlite3.Connection]:
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(path, timeout=_BUSY_SECONDS)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # with WAL: a crash may lose the last write, never corrupt
            if _version(db) != _VERSION:
                with _transaction(db):
                    if _version(db) != _VERSION:  # still: no other process made it meanwhile
                        for statement in _LAYOUT:
                            db.execute(statement)
            yield db

    def _delete(self) -> None:
        assert self.path is not None
        for p in (self.path, *(self.path.with_name(self.path.name + s) for s in _SIDE_FILES)):
            p.unlink(missing_ok=True)


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction that holds the write lock from its start, so what it reads
    first (the layout, the vector length) cannot change under it; all of it or none."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.rollback()
        raise
    db.commit()


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _dim(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT value FROM meta WHERE name = 'dim'").fetchone()
    return int(row[0]) if row else 0
