"""User-facing errors: each carries one clear sentence and a CLI exit code."""

from __future__ import annotations


class AlignError(Exception):
    """Base of every error a user can cause; the message is shown as is."""

    exit_code = 1


class InputError(AlignError):
    """A file, document id or argument that cannot be used as given."""

    exit_code = 2


class NotFoundError(AlignError):
    """A document, segment or correction that does not exist."""

    exit_code = 3


class PermissionDenied(AlignError):
    """A user or role not allowed to do what was asked."""

    exit_code = 4


class ConflictError(AlignError):
    """A write based on a stale revision, or corrections that overlap."""

    exit_code = 5


class StorageError(AlignError):
    """The store cannot be read or written (read-only folder, full disk, torn log)."""

    exit_code = 6
