"""Files the library reads and writes, safely: regular files only, never over the project.

Two rules live here and nowhere else:
- Reading. Texts, logs, glossaries and the users file must be regular files: `open_regular`
  opens without following a symbolic link (O_NOFOLLOW) and checks what it opened is a
  regular file, so `texts/en/pw.txt -> /etc/passwd` is refused, not read, and a symlinked
  log is refused, not appended to. `inside` additionally refuses a path whose folders lead
  out of the project.
- Writing. Every output (`apply -o`, `export -o`) goes through `write_output`: it refuses
  texts/ and corrections/ and any path resolving into them (symlinks included), and writes
  atomically (temporary file in the same folder, fsync, rename), so a failed write (a full
  disk) never truncates or half-writes an existing file. A writer that replaces several
  files together writes them all first (`stage`) and then renames each into place
  (`put_in_place`), so a full disk stops it before anything changed.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from align.errors import InputError, NotFoundError, StorageError

if TYPE_CHECKING:  # align.project reads its metadata through here
    from align.project import Project

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def inside(path: Path, folder: Path) -> None:
    """Refuse `path` unless it resolves (following every link) to somewhere inside `folder`."""
    if not path.resolve().is_relative_to(folder.resolve()):
        raise InputError(f"{path} leads outside {folder} (through a symbolic link); refused")


def open_regular(path: Path, flags: int = os.O_RDONLY, mode: int = 0o644) -> int:
    """A file descriptor for the regular file `path`, opened without following a final symlink.

    Raises InputError for a symbolic link, a folder or any other non-regular file;
    FileNotFoundError and PermissionError pass through for the caller to word.
    """
    try:
        fd = os.open(path, flags | _NOFOLLOW | _CLOEXEC, mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EISDIR and path.is_symlink()):
            raise InputError(f"{path} is a symbolic link, which is refused, not followed: texts, logs, "
                             "glossaries and users must be regular files (give the file itself)") from None
        if exc.errno == errno.EISDIR:
            raise InputError(f"{path} is a folder, not a file") from None
        raise
    kind = os.fstat(fd).st_mode
    if not stat.S_ISREG(kind):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(kind) else "not a regular file"
        raise InputError(f"{path} is {what}; expected a regular file")
    return fd


def read_regular(path: Path, check_size: Callable[[int], None] | None = None) -> bytes:
    """The bytes of the regular file `path` (see `open_regular`); `check_size` may refuse it before reading.

    A missing file is NotFoundError, an unreadable one InputError.
    """
    try:
        fd = open_regular(path)
    except FileNotFoundError:
        raise NotFoundError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        if check_size is not None:
            check_size(os.fstat(fh.fileno()).st_size)
        return fh.read()


def refuse_project_files(project: Project, output: Path) -> None:
    """Outputs never land among the originals and logs (texts/ and corrections/), however reached."""
    target = output.resolve()
    for folder in (project.texts_dir, project.corrections_dir):
        if target.is_relative_to(folder.resolve()):
            raise InputError(f"refusing to write {output} inside {folder}: texts and logs are not export targets")


def stage(output: Path, data: bytes) -> Path:
    """Write `data` into a hidden temporary file beside `output`, fsync it and return its path: the first half of
    `write_atomic`, for a writer that puts several files in place together (`put_in_place` each, once all are
    written). A failure removes the temporary file and is a StorageError; `output` is not touched.
    """
    folder = output.parent
    if not folder.is_dir():
        raise InputError(f"cannot write {output}: folder {folder} does not exist")
    if output.is_dir():
        raise InputError(f"cannot write {output}: it is a folder; give a file name")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise StorageError(f"cannot write into {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an output is an ordinary file
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise StorageError(f"cannot write {output}: {exc.strerror}; it was left as it was") from None
    return Path(tmp)


def put_in_place(staged: Path, output: Path) -> None:
    """Rename the file `stage` wrote over `output` (atomic; a rename needs no free space). A failure removes the
    staged file and is a StorageError; `output` is then as it was."""
    try:
        os.replace(staged, output)
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise StorageError(f"cannot write {output}: {exc.strerror}; it was left as it was") from None


def write_atomic(output: Path, data: bytes) -> None:
    """Write `data` to `output` through a temporary file in the same folder, fsync and os.replace.

    Readers never see a half-written file, a failed write leaves an existing `output` as it
    was, and nothing but `output` (and, while writing, its hidden temporary sibling) is touched.
    A symlink at `output` is replaced by the file, never written through.
    """
    put_in_place(stage(output, data), output)


def sync_folder(folder: Path) -> None:
    """fsync `folder` itself, so that names just renamed into it survive a crash."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StorageError(f"cannot write {folder}: {exc.strerror}") from None


def write_output(project: Project, output: Path, data: bytes) -> None:
    """The one way the library writes a file for the user: never into the project, always atomically."""
    refuse_project_files(project, output)
    write_atomic(output, data)
