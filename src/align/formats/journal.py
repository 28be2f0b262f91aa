"""The import journal: a side's new files put in place together, and an import a crash interrupted finished.

An import (align.formats.stage) first writes the side's new files beside their places as hidden temporary files,
fsync'ed: a full disk stops it there and nothing has changed. Before the first of them is renamed into place,
`begin` writes `texts/LANG/.ID.importing.json`, fsync'ed: which temporary file goes where, the side's files after
the import, and what the document's metadata is to say. `carry_out` then renames each into place (the text last),
removes what the side no longer has (an original of another format, a structure after plain text), writes the
metadata of a new document and removes the journal. A crash, or a failed rename, between the two leaves the journal;
`finish` (under the side's lock: align.editions calls it before the next import of the side, and when the
editions are listed) carries out what it says, renaming the temporary files still there, so the side becomes the
new import whole and is never left a mix of new and old files.

The journal is read as hostile input, as any file: every target must be a place of that side
(align.formats.places) and every temporary file a hidden sibling of its target named as align.safe_io.stage names
them; anything else is refused with one line, nothing done. `sweep` removes what a crash before the journal was
written left behind: the side's hidden temporary files, and nothing else.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from align import document
from align.errors import InputError, StorageError
from align.formats.places import side_files, side_places
from align.project import LANGUAGE, Project, check_doc_id, check_lang
from align.safe_io import read_regular, sync_folder, write_atomic
from align.schema import validate

MAX_JOURNAL_BYTES = 64 * 1024
_TEXT = {"type": "string", "maxLength": 1000}
_RELATIVE = {"type": "string", "maxLength": 300}
SCHEMA = {
    "type": "object",
    "properties": {
        "doc": _TEXT,
        "lang": _TEXT,
        "source": _TEXT,
        "title": _TEXT,
        "moves": {"type": "array", "maxItems": 3,
                  "items": {"type": "array", "prefixItems": [_RELATIVE, _RELATIVE], "minItems": 2, "maxItems": 2}},
        "files": {"type": "array", "maxItems": 3, "items": _RELATIVE},
    },
    "required": ["doc", "lang", "source", "title", "moves", "files"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Plan:
    """What an import puts in place: each temporary file and where it goes (the text last), and the metadata a new
    document gets (`source`, the name of the file imported, and its title)."""

    doc_id: str
    lang: str
    source: str
    title: str | None
    moves: tuple[tuple[Path, Path], ...]

    @property
    def files(self) -> frozenset[Path]:
        """The side's files once the import is done."""
        return frozenset(target for _, target in self.moves)


def journal_path(project: Project, doc_id: str, lang: str) -> Path:
    return project.texts_dir / check_lang(lang) / f".{check_doc_id(doc_id)}.importing.json"


def _temporary(name: str) -> re.Pattern[str]:
    """The names align.safe_io.stage gives the temporary files of `name`: hidden, random part, .tmp."""
    return re.compile(rf"\.{re.escape(name)}\.[A-Za-z0-9_]{{4,32}}\.tmp")


def begin(project: Project, plan: Plan) -> None:
    """Write the journal of `plan`, fsync'ed with its folder: from here the import is finished even after a crash."""
    root = project.texts_dir
    body = {"doc": plan.doc_id, "lang": plan.lang, "source": plan.source, "title": plan.title or "",
            "moves": [[tmp.name, target.relative_to(root).as_posix()] for tmp, target in plan.moves],
            "files": sorted(target.relative_to(root).as_posix() for target in plan.files)}
    path = journal_path(project, plan.doc_id, plan.lang)
    try:
        write_atomic(path, (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        sync_folder(path.parent)
    except BaseException:
        path.unlink(missing_ok=True)  # a journal whose temporary files the caller removes must not be finished
        raise


def carry_out(project: Project, plan: Plan) -> None:
    """Rename each temporary file still there into place, remove what the side no longer has, write the metadata of
    a new document and remove the journal. A rename that fails leaves the journal, for `finish`."""
    for tmp, target in plan.moves:
        if tmp.is_file():
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise StorageError(f"cannot put {target} in place: {exc.strerror}; the import of the "
                                   f"{plan.lang} of {plan.doc_id} is unfinished, and `align editions {plan.doc_id}` "
                                   "finishes it") from None
    for old in side_files(project, plan.doc_id, plan.lang):
        if old not in plan.files:
            old.unlink()
    try:
        for folder in sorted({target.parent for target in plan.files}):
            sync_folder(folder)
    except StorageError as exc:
        raise StorageError(f"{exc}; the import of the {plan.lang} of {plan.doc_id} is unfinished, and `align "
                           f"editions {plan.doc_id}` finishes it") from None
    document.write_meta(project, plan.doc_id, plan.lang, plan.source, plan.title)
    path = journal_path(project, plan.doc_id, plan.lang)
    path.unlink(missing_ok=True)
    try:
        sync_folder(path.parent)
    except StorageError:
        pass  # the import is done and durable; a journal back after a crash is finished again, changing nothing


def _read(project: Project, doc_id: str, lang: str, path: Path) -> Plan:
    """The plan the journal at `path` holds, every path in it checked to be the side's own."""

    def too_big(size: int) -> None:
        if size > MAX_JOURNAL_BYTES:
            raise InputError(f"{path}: {size} bytes is not an import journal align wrote (at most "
                             f"{MAX_JOURNAL_BYTES}); nothing was done")

    try:
        data = json.loads(read_regular(path, too_big).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: not an import journal align wrote ({exc}); nothing was done") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: not an import journal align wrote (not a JSON object); nothing was done")
    validate(data, SCHEMA, path, lambda where: f"field {where[0]!r}" if where else "the journal")
    if (data["doc"], data["lang"]) != (doc_id, lang):
        raise InputError(f"{path} is the journal of {data['doc']!r} in {data['lang']!r}, not of {doc_id!r} in "
                         f"{lang!r}; nothing was done")
    own = {p.relative_to(project.texts_dir).as_posix(): p for p in side_places(project, doc_id, lang)}
    for name in [target for _, target in data["moves"]] + data["files"]:
        if name not in own:
            raise InputError(f"{path} names {name!r}, which is not a file of the {LANGUAGE[lang]} of {doc_id}; "
                             "nothing was done")
    moves = []
    for tmp, name in data["moves"]:
        target = own[name]
        if not _temporary(target.name).fullmatch(tmp):
            raise InputError(f"{path} names {tmp!r} as the temporary file of {name}, which is not one; nothing was "
                             "done")
        moves.append((target.with_name(tmp), target))
    if {t for _, t in moves} != {own[name] for name in data["files"]}:
        raise InputError(f"{path}: its files are not the targets of its moves; nothing was done")
    return Plan(doc_id, lang, data["source"], data["title"] or None, tuple(moves))


def interrupted(project: Project, doc_id: str, lang: str) -> bool:
    """Whether an import of the side was interrupted (its journal is there): `finish` finishes it."""
    path = journal_path(project, doc_id, lang)
    return path.is_file() or path.is_symlink()


def finish(project: Project, doc_id: str, lang: str) -> Plan | None:
    """Finish the import of the side a crash interrupted, as its journal says (the caller holds the side's lock);
    the plan carried out, or None when no import was interrupted."""
    if not interrupted(project, doc_id, lang):
        return None
    plan = _read(project, doc_id, lang, journal_path(project, doc_id, lang))
    carry_out(project, plan)
    return plan


def sweep(project: Project, doc_id: str, lang: str) -> list[Path]:
    """Remove the side's hidden temporary files that an import a crash interrupted before its journal left behind
    (the caller holds the side's lock, and has finished any journal first); the files removed."""
    if interrupted(project, doc_id, lang):
        return []
    removed = []
    for place in side_places(project, doc_id, lang):
        if not place.parent.is_dir():
            continue
        pattern = _temporary(place.name)
        for stale in sorted(place.parent.glob(f".{place.name}.*.tmp")):
            if pattern.fullmatch(stale.name) and (stale.is_file() or stale.is_symlink()):
                stale.unlink()
                removed.append(stale)
    return removed
