"""Editions of a book: replacing one side of a document keeps the side it replaces, numbered, and says what the
new text did to the work recorded against the old one.

A side (the English or the Russian of a document) is stored as texts/LANG/ID.txt and, for a book, also as
texts/LANG/ID.structure.json and texts/originals/ID.LANG.EXT (align.formats). When the publisher sends a new
manuscript, `store` with `force`, by a signed-in editor (align.users, Action.REPLACE_TEXT), keeps those files
byte for byte in texts/editions/ID/LANG/N/ (N = 1, 2, …: one more than any number used there, so none is ever
reused or overwritten), beside `edition.toml`: when it was replaced and by whom (the login, with that editor's
Ed25519 signature over the record, as align.signing signs log lines), the file it came from, the file that
replaced it, its words and the SHA-256 of its text. A first import needs no one signed in, as before.

Order of operations, all under the writers' lock of the folder texts/LANG (align.jsonlog.locked_folder), so two
imports of one side run one after the other and neither's previous edition is lost:
1. the new file is read, checked and parsed (align.formats.prepare_import, before the lock) and the right to
   replace checked: a refusal writes nothing;
2. the new files are written beside their places as hidden temporary files, fsync'ed (align.formats.stage);
3. the current files are copied into a hidden staging folder in texts/editions/ID/LANG/ with edition.toml,
   fsync'ed: a full disk, or any failure, in 2 or 3 removes what they wrote, and nothing has changed;
4. the staging folder is renamed to N (one atomic rename) and its parent fsync'ed: the previous edition is kept;
5. a journal saying which temporary file goes where is written, fsync'ed (align.formats.journal), then the temporary
   files are renamed over the current ones, the text last (a rename needs no free space), what the previous edition
   had that the new one has not (an original of another format, a structure after plain text) is removed (it is in
   N), and the journal is removed.
So a crash before 4 leaves the current edition as it was (and at most hidden temporary files, which nothing
reads), and a crash after 4 leaves it kept (and in place too until 5 ends): never neither. A crash during 5 leaves
the journal, and `recover` (run first by every import of the side, by `align editions` and the Document view)
finishes the renames as it says: the side is never left a mix of the new edition's files and the old one's. It also
removes the hidden temporary files and staging folders a crash before the journal left. Replacing again after a crash
does not keep the same files twice: a current side identical to the last kept edition is that edition already.

A folder of texts/editions that is a symbolic link is refused, never written through; kept files are read through
align.safe_io (regular files only, no links followed).

`listing` lists the editions of a side, the current one last; `effects` says what a new English text did to the
work: proposed and approved corrections found again exactly, moved or orphaned (align.corrections.relocate), and
how many sentence ids of the stored alignment are gone (an id is a hash of its paragraph: align.segment), which
`align align` redoes. `restore` brings a kept edition back byte for byte (an editor, as for any replacement): the
side it replaces is kept in turn as the newest edition.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from align import formats, jsonlog
from align.accounts import Actor, active_user, public_keys
from align.alignment.store import load_alignment
from align.corrections import revision, workspace
from align.corrections.model import Correction, Status
from align.corrections.relocate import Placement
from align.errors import InputError, NotFoundError, PermissionDenied, StorageError
from align.formats import journal
from align.project import LANGS, LANGUAGE, Project, check_doc_id, check_lang
from align.safe_io import inside, read_regular, sync_folder, write_atomic
from align.schema import read_toml, toml_value, validate
from align.segment import load_segmentation, segment_text
from align.signing import content_bytes, verify
from align.users import Action, check

EDITIONS = "editions"  # texts/editions/ID/LANG/N/
RECORD = "edition.toml"
_NUMBER = re.compile(r"[1-9][0-9]{0,8}")  # a kept edition's folder name
LIVE = (Status.PROPOSED, Status.APPROVED)  # the corrections a new text can strand
# The signed fields of edition.toml, in the order they are signed (align.signing.content_bytes); then `sig`.
_SIGNED = ("edition", "doc", "lang", "replaced", "by", "file", "replaced_with", "words", "text_sha256", "files")
_TEXT = {"type": "string", "maxLength": 1000}
SCHEMA = {
    "type": "object",
    "properties": {
        "edition": {"type": "integer", "minimum": 1},
        "doc": _TEXT,
        "lang": {"enum": list(LANGS)},
        "replaced": _TEXT,
        "by": _TEXT,
        "file": _TEXT,
        "replaced_with": _TEXT,
        "words": {"type": "integer", "minimum": 0},
        "text_sha256": {"type": "string", "pattern": r"\A[0-9a-f]{64}\Z"},
        "files": {"type": "array", "items": {"type": "string", "pattern": r"\A[A-Za-z0-9][A-Za-z0-9_.-]*\Z"}},
        "sig": _TEXT,
    },
    "required": list(_SIGNED),
}


class Proof(StrEnum):
    """What a kept edition's record and files say about themselves."""

    SIGNED = "signed"  # the record verifies with the replacing editor's key, and the kept text has its hash
    RECORD_CHANGED = "record not as signed"  # no signature, or one that editor's keys do not verify
    TEXT_CHANGED = "text changed since kept"  # the kept text's SHA-256 is not the record's
    CURRENT = "current"  # the edition in texts/, not kept yet


@dataclass(frozen=True)
class Edition:
    """One edition of one side of a document: a kept one, or the current one (`folder` None)."""

    number: int
    doc_id: str
    lang: str
    file: str  # the file it was imported from ("" when not known)
    words: int
    text_sha256: str
    replaced: str  # when it was replaced (align.jsonlog.now), "" for the current edition
    by: str  # the login of the editor who replaced it
    replaced_with: str  # the file that replaced it
    files: tuple[str, ...]  # the names of its kept files
    folder: Path | None  # where it is kept; None for the current edition, in texts/
    proof: Proof
    imported: str = ""  # when it became the current edition: when the edition before it was replaced ("" unknown)
    imported_by: str = ""

    @property
    def original(self) -> Path | None:
        """The kept file to import again to bring this edition back: its original, else its text."""
        if self.folder is None:
            return None
        books = [f for f in self.files if f.startswith(f"{self.doc_id}.{self.lang}.")]
        return self.folder / (books[0] if books else f"{self.doc_id}.txt")

    def row(self, root: Path) -> dict[str, Any]:
        """This edition as a table row (the CLI's --format jsonl, the Document view); paths relative to `root`."""
        return {"lang": self.lang, "edition": self.number, "state": str(self.proof), "file": self.file,
                "words": self.words, "imported": self.imported, "imported_by": self.imported_by,
                "replaced": self.replaced, "replaced_by": self.by,
                "kept_as": "" if self.original is None else self.original.relative_to(root).as_posix(),
                "text_sha256": self.text_sha256}


@dataclass(frozen=True)
class Fit:
    """How the stored alignment fits the texts now: its sentence ids the texts no longer have."""

    beads: int
    en: int  # English sentence ids in the beads
    ru: int
    gone_en: int
    gone_ru: int
    manual: int  # beads people set (align.alignment.decisions) holding a gone id
    new_en: int  # sentences of the texts in no bead (added by the new edition, or never aligned)
    new_ru: int

    @property
    def fits(self) -> bool:
        return not (self.gone_en or self.gone_ru)


@dataclass(frozen=True)
class Effects:
    """What a new text did to the work recorded against the old one."""

    states: dict[Placement, int]  # proposed and approved corrections by where they stand now
    orphaned: tuple[Correction, ...]  # those whose words the new text no longer has, in text order
    alignment: Fit | None  # None: the document was never aligned


@dataclass(frozen=True)
class Recovery:
    """What an import of a side that a crash interrupted had left, and what was done about it: the import finished
    as its journal says (align.formats.journal), hidden temporary files and staging folders removed."""

    doc_id: str
    lang: str
    finished: journal.Plan | None
    removed: tuple[Path, ...]

    def lines(self, root: Path) -> list[str]:
        out = []
        if self.finished is not None:
            out.append(f"an import of the {LANGUAGE[self.lang]} of {self.doc_id} from {self.finished.source} had "
                       "been interrupted: it is finished now, as its journal said")
        if self.removed:
            names = ", ".join(p.relative_to(root).as_posix() for p in self.removed[:5])
            more = f" and {len(self.removed) - 5} more" if len(self.removed) > 5 else ""
            out.append(f"removed the {len(self.removed)} temporary file(s) or folder(s) an interrupted import had "
                       f"left: {names}{more}")
        return out


@dataclass(frozen=True)
class Stored:
    """An import done: what was stored, the edition it replaced (None for a first import) and its effects."""

    doc_id: str
    lang: str
    imported: formats.Imported
    kept: Edition | None
    effects: Effects | None
    recovered: Recovery | None = None  # what an earlier import a crash interrupted had left, cleared first
    unchanged: bool = False  # the side was this file already: nothing was stored, no edition kept

    def lines(self, root: Path) -> list[str]:
        """What the replacement did, a sentence a line, for the CLI and the Document view alike (plain text)."""
        before = self.recovered.lines(root) if self.recovered else []
        if self.unchanged:
            return [*before, f"the {LANGUAGE[self.lang]} of {self.doc_id} is this file already: nothing was changed"]
        if self.kept is None or self.effects is None:
            return before
        kept = self.kept
        where = kept.original.parent.relative_to(root).as_posix() if kept.original else ""
        out = [f"the previous {LANGUAGE[self.lang]} edition is kept as edition {kept.number} in {where}/ "
               f"({kept.file or 'file not known'}, {kept.words} words); `align editions {self.doc_id} --restore "
               f"{kept.number} --lang {self.lang}` brings it back"]
        fx = self.effects
        if self.lang == "en":
            if sum(fx.states.values()):
                counts = ", ".join(f"{fx.states.get(s, 0)} {'still exact' if s is Placement.EXACT else s}"
                                   for s in Placement)
                out.append(f"proposed and approved corrections in the new text: {counts}")
            else:
                out.append("no proposed or approved corrections to find again in the new text")
            out += [f"orphaned ({c.status}): {c.id} “{c.quote}” → “{c.replacement}”: its words are not found in the "
                    "new text" for c in fx.orphaned]
        out.append(_fit_line(self.doc_id, fx.alignment))
        return before + out


def _fit_line(doc_id: str, fit: Fit | None) -> str:
    if fit is None:
        return "the document has no stored alignment yet"
    new = (f"; {fit.new_en} English and {fit.new_ru} Russian sentences are in no bead"
           if fit.new_en or fit.new_ru else "")
    if fit.fits:
        again = f": `align align {doc_id}` aligns them" if new else ""
        return (f"the stored alignment still fits: every sentence id in its {fit.beads} beads is in the texts"
                f"{new}{again}")
    people = f" (in {fit.manual} beads set by people)" if fit.manual else ""
    return (f"the stored alignment no longer fits: {fit.gone_en} of its {fit.en} English and {fit.gone_ru} of its "
            f"{fit.ru} Russian sentence ids are gone{people}{new}; `align align {doc_id}` re-aligns")


# -- where editions are kept ------------------------------------------------------------------


def _side_folder(project: Project, doc_id: str, lang: str, make: bool) -> Path:
    """texts/editions/ID/LANG, made if `make`; a symbolic link on the way is refused, never followed."""
    folder = project.texts_dir
    for part in (EDITIONS, check_doc_id(doc_id), check_lang(lang)):
        folder = folder / part
        if folder.is_symlink():
            raise InputError(f"{folder} is a symbolic link, which is refused, not followed: kept editions must "
                             "be in the project's own folders")
        if make and not folder.exists():
            try:
                folder.mkdir()
            except OSError as exc:
                raise StorageError(f"cannot make {folder}: {exc.strerror}; nothing was changed") from None
        elif folder.exists() and not folder.is_dir():
            raise InputError(f"{folder} is not a folder; kept editions go there")
    inside(folder.parent, project.texts_dir)  # texts/ itself may not lead out of the project
    return folder


def _numbers(side: Path) -> list[int]:
    """The numbers of the editions kept in `side`, in order (every name used, a broken one too)."""
    if not side.is_dir():
        return []
    return sorted(int(p.name) for p in side.iterdir() if _NUMBER.fullmatch(p.name))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _words(data: bytes) -> int:
    return len(data.decode("utf-8", errors="replace").split())


def _where(path: tuple[str | int, ...]) -> str:
    return f"field {path[0]!r}" if path else "the record"


def _read(folder: Path, doc_id: str, lang: str, keys: dict[str, tuple[bytes, ...]]) -> Edition:
    """The kept edition in `folder`, its record checked against SCHEMA and its signature and text hash verified."""
    path = folder / RECORD
    if not path.is_file() and not path.is_symlink():
        raise NotFoundError(f"{folder} holds no {RECORD}: not an edition align kept")
    data = read_toml(path, "an edition record")
    validate(data, SCHEMA, path, _where)
    signed = content_bytes({k: data[k] for k in _SIGNED})
    text = folder / f"{doc_id}.txt"
    if not any(verify(key, signed, data.get("sig", "")) for key in keys.get(data["by"], ())):
        proof = Proof.RECORD_CHANGED
    elif not text.is_file() or _sha(read_regular(text)) != data["text_sha256"]:
        proof = Proof.TEXT_CHANGED
    else:
        proof = Proof.SIGNED
    return Edition(int(folder.name), doc_id, lang, data["file"], data["words"], data["text_sha256"], data["replaced"],
                   data["by"], data["replaced_with"], tuple(data["files"]), folder, proof)


def _came_from(project: Project, doc_id: str, lang: str, structure: bytes | None, before: Edition | None) -> str:
    """The name of the file the current side was imported from: its structure's, else the one that replaced the
    last kept edition, else the metadata's "imported from NAME"; "" when none says."""
    if structure is not None:
        try:
            return str(json.loads(structure)["source"])
        except (ValueError, KeyError, TypeError):
            pass  # a damaged structure names nothing; what follows may
    if before is not None and before.replaced_with:
        return before.replaced_with
    said = project.meta(doc_id).provenance.get(lang, "")
    return said.removeprefix("imported from ") if said.startswith("imported from ") else ""


def listing(project: Project, doc_id: str, lang: str) -> list[Edition]:
    """The editions of one side of a document, oldest first, the current one (if stored) last; [] for a side
    never imported."""
    side = _side_folder(project, doc_id, lang, make=False)
    keys = public_keys(project)
    kept = [_read(side / str(n), doc_id, lang, keys) for n in _numbers(side)]
    for n in range(1, len(kept)):  # each became current when the one before it was replaced
        kept[n] = _with_import(kept[n], kept[n - 1])
    current = _current(project, doc_id, lang, kept[-1] if kept else None)
    return kept + ([current] if current else [])


def _with_import(edition: Edition, before: Edition) -> Edition:
    """`edition` saying when it became the current one, and by whom: when `before` was replaced."""
    return replace(edition, imported=before.replaced, imported_by=before.by)


def _current(project: Project, doc_id: str, lang: str, before: Edition | None) -> Edition | None:
    """The edition stored in texts/ now, numbered after the last kept one."""
    path = project.text_path(doc_id, lang)
    if not path.is_file():
        return None
    text = read_regular(path)
    structure = formats.structure_path(project, doc_id, lang)
    shape = read_regular(structure) if structure.is_file() else None
    number = (_numbers(_side_folder(project, doc_id, lang, make=False)) or [0])[-1] + 1
    edition = Edition(number, doc_id, lang, _came_from(project, doc_id, lang, shape, before), _words(text), _sha(text),
                      "", "", "", (), None, Proof.CURRENT)
    return _with_import(edition, before) if before else edition


# -- replacing ---------------------------------------------------------------------------------


def _replacer(project: Project, actor: Actor | None, doc_id: str, lang: str, force: bool) -> Actor:
    """The editor who may replace the stored side: InputError without `force`, PermissionDenied for no one
    signed in or anyone but an editor (as the users file has them now)."""
    if not force:
        formats.refuse_existing(project, doc_id, lang)
    if actor is None:
        raise PermissionDenied(f"replacing the {LANGUAGE[lang]} of {doc_id} needs an editor signed in (--user "
                               "LOGIN): the stored edition is kept under their name; nothing was changed")
    check(active_user(project, actor), Action.REPLACE_TEXT)
    return actor


def _contents(paths: Iterable[Path]) -> dict[str, bytes]:
    """The files' bytes by name (the files of one side, or of one kept edition)."""
    return {p.name: read_regular(p) for p in paths}


def _same_files(edition: Edition, contents: dict[str, bytes]) -> bool:
    """Whether `edition` keeps exactly `contents` (names and bytes): the current side is kept already."""
    folder = edition.folder
    return folder is not None and set(edition.files) == set(contents) and all(
        (folder / name).is_file() and read_regular(folder / name) == data for name, data in contents.items())


def _record(number: int, doc_id: str, lang: str, actor: Actor, came_from: str, replaced_with: str,
            contents: dict[str, bytes]) -> bytes:
    """edition.toml: the signed fields in order, then the editor's signature over them."""
    text = contents.get(f"{doc_id}.txt", b"")
    fields: dict[str, Any] = {"edition": number, "doc": doc_id, "lang": lang, "replaced": jsonlog.now(),
                              "by": actor.login, "file": came_from, "replaced_with": replaced_with,
                              "words": _words(text), "text_sha256": _sha(text), "files": sorted(contents)}
    fields["sig"] = actor.sign(content_bytes(fields))
    head = f"# Edition {number} of the {LANGUAGE[lang]} of {doc_id}, kept when it was replaced (align.editions).\n"
    return (head + "".join(f"{k} = {toml_value(v)}\n" for k, v in fields.items())).encode("utf-8")


def _prune(side: Path) -> None:
    """Remove texts/editions/ID/LANG and the folders above it up to texts/ while they are empty: a keep that
    failed leaves no folder it made behind (rmdir removes only an empty folder)."""
    for folder in (side, side.parent, side.parent.parent):
        try:
            folder.rmdir()
        except OSError:
            return


def recover(project: Project, doc_id: str, lang: str) -> Recovery | None:
    """Clear what an import of the side that a crash interrupted left, under the side's lock: finish it as its
    journal says (align.formats.journal), then remove hidden temporary files and staging folders of kept editions
    from before the journal. None when nothing was left; a journal that is not align's is refused (InputError)."""
    folder = project.text_path(doc_id, lang).parent
    if not folder.is_dir():
        return None
    inside(folder, project.texts_dir)
    with jsonlog.locked_folder(folder):
        finished = journal.finish(project, doc_id, lang)
        removed = journal.sweep(project, doc_id, lang)
        side = _side_folder(project, doc_id, lang, make=False)
        staging = sorted(side.glob(".staging-*")) if side.is_dir() else []
        for stale in staging:
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale)
            else:
                stale.unlink()
    if finished is None and not removed and not staging:
        return None
    return Recovery(doc_id, lang, finished, (*removed, *staging))


def _keep(project: Project, doc_id: str, lang: str, contents: dict[str, bytes], actor: Actor,
          replaced_with: str) -> Edition:
    """Keep the current side's files (`contents`, by name) in texts/editions/ID/LANG/N/ with its record (steps 3
    and 4 above)."""
    side = _side_folder(project, doc_id, lang, make=True)
    keys = public_keys(project)
    numbers = _numbers(side)
    latest = _read(side / str(numbers[-1]), doc_id, lang, keys) if numbers else None
    if latest is not None and _same_files(latest, contents):
        return latest
    number = (numbers or [0])[-1] + 1
    structure = contents.get(formats.structure_path(project, doc_id, lang).name)
    record = _record(number, doc_id, lang, actor, _came_from(project, doc_id, lang, structure, latest),
                     replaced_with, contents)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=side))
    except OSError as exc:
        _prune(side)
        raise StorageError(f"cannot write into {side}: {exc.strerror}; nothing was changed") from None
    try:
        for name, data in contents.items():
            write_atomic(staging / name, data)
        write_atomic(staging / RECORD, record)
        sync_folder(staging)
        os.rename(staging, side / str(number))
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        _prune(side)
        if isinstance(exc, OSError):
            raise StorageError(f"cannot keep the current edition in {side}: {exc.strerror}; nothing was changed") \
                from None
        raise
    try:
        sync_folder(side)
    except StorageError as exc:
        raise StorageError(f"{exc}; the current edition is kept as edition {number} and still in place") from None
    return _read(side / str(number), doc_id, lang, keys)


def store(project: Project, prepared: formats.Prepared, actor: Actor | None = None, *, force: bool = False) -> Stored:
    """Store a prepared import (align.formats.prepare_import) as one side of its document. A side stored already is
    replaced only with `force` by an editor (`actor`), and kept first as the next edition; then what the new text
    did is said (`effects`). See the module's docstring for the order of operations."""
    doc_id, lang = prepared.doc_id, prepared.lang
    recovered = recover(project, doc_id, lang)
    if formats.side_files(project, doc_id, lang):
        _replacer(project, actor, doc_id, lang, force)  # refused before anything is written
    folder = project.text_path(doc_id, lang).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot make {folder}: {exc.strerror}; nothing was changed") from None
    inside(folder, project.texts_dir)
    with jsonlog.locked_folder(folder):
        current = formats.side_files(project, doc_id, lang)  # again: another import may have finished meanwhile
        replacer = _replacer(project, actor, doc_id, lang, force) if current else None
        contents = _contents(current)
        if current and contents == {p.name: d for p, d in prepared.files}:
            return Stored(doc_id, lang, prepared.imported, None, None, recovered, unchanged=True)
        staged = formats.stage(project, prepared)
        try:
            kept = _keep(project, doc_id, lang, contents, replacer, prepared.source_name) if replacer else None
        except BaseException:
            staged.discard()
            raise
        imported = staged.commit()
    return Stored(doc_id, lang, imported, kept, effects(project, doc_id, lang) if kept else None, recovered)


def restore(project: Project, doc_id: str, lang: str, number: int, actor: Actor | None) -> Stored:
    """Bring kept edition `number` of a side back as the current one, byte for byte as it was kept (its text,
    structure and original), by an editor (`actor`): the side it replaces is kept in turn as the newest edition,
    and what the restored text did is said, as for any replacement. Refused with one line, nothing changed, for
    an edition not kept, one whose record or text is not as signed, or one that is the current side already."""
    edition = _kept_edition(project, doc_id, lang, number)
    if edition.proof is not Proof.SIGNED:
        raise InputError(f"edition {number} of the {LANGUAGE[lang]} of {doc_id} is not restored: its "
                         f"{edition.proof}; nothing was changed")
    places = {p.name: p for p in formats.side_places(project, doc_id, lang)}
    unknown = sorted(set(edition.files) - set(places))
    if unknown:
        raise InputError(f"edition {number} of the {LANGUAGE[lang]} of {doc_id} keeps {unknown[0]!r}, which is not "
                         "a file of that side; nothing was changed")
    folder, original = edition.folder, edition.original
    assert folder is not None and original is not None  # a kept edition's (`_kept_edition`)
    contents = _contents(folder / name for name in edition.files)
    if _contents(formats.side_files(project, doc_id, lang)) == contents:
        raise InputError(f"edition {number} of the {LANGUAGE[lang]} of {doc_id} is the current one already; "
                         "nothing was changed")
    prepared = formats.prepare_import(project, original, doc_id, lang, name=edition.file or None)
    text = project.text_path(doc_id, lang)
    files = sorted(((places[name], data) for name, data in contents.items()), key=lambda f: f[0] == text)
    return store(project, replace(prepared, files=tuple(files)), actor, force=True)


def _kept_edition(project: Project, doc_id: str, lang: str, number: int) -> Edition:
    """Kept edition `number` of a side (NotFoundError naming those kept when there is none)."""
    editions = listing(project, doc_id, lang)
    edition = next((e for e in editions if e.number == number and e.folder is not None), None)
    if edition is None:
        kept = ", ".join(str(e.number) for e in editions if e.folder is not None) or "none"
        raise NotFoundError(f"the {LANGUAGE[lang]} of {doc_id} has no kept edition {number} (kept: {kept})")
    return edition


def changes(project: Project, doc_id: str, lang: str, number: int) -> revision.Preview:
    """What the current text of a side changed against its kept edition `number`, difference by difference: the
    current text compared with the kept one as a revised copy is with the stored text (align.corrections.revision:
    paragraphs added, removed, moved, split or joined, and words changed, each with where it is in the kept
    edition, "¶3, sentence 2"). Reads only."""
    edition = _kept_edition(project, doc_id, lang, number)
    assert edition.folder is not None
    kept = segment_text(read_regular(edition.folder / f"{doc_id}.txt").decode("utf-8"), doc_id, lang)
    current = formats.read_revised(read_regular(project.text_path(doc_id, lang)), f"{doc_id}.txt")
    return revision.preview(kept, current.blocks, (), f"the current {LANGUAGE[lang]}")


def what_changed(item: revision.Item) -> str:
    """One difference between editions in words: "words changed", "a whole paragraph added", "3 paragraphs in a row
    removed", "a paragraph moved from ¶4 to after ¶9"…"""
    d = item.difference
    if d.reason is None:
        return "words changed"
    if d.reason is revision.Reason.ACROSS:
        return "words changed across a sentence boundary"
    if d.reason is revision.Reason.LEFT_OUT:
        return f"{d.paragraphs()} paragraphs in a row removed"
    return item.why  # added, removed, split, joined, moved (and where to), the space between two sentences


def import_book(project: Project, source: Path | bytes, doc_id: str, lang: str, actor: Actor | None = None, *,
                name: str | None = None, encoding: str | None = None, title: str | None = None,
                force: bool = False) -> Stored:
    """Read, check and store a file as one side of a document (`store` of `align.formats.prepare_import`)."""
    prepared = formats.prepare_import(project, source, doc_id, lang, name=name, encoding=encoding, title=title)
    return store(project, prepared, actor, force=force)


# -- what a new text did -------------------------------------------------------------------------


def fit(project: Project, doc_id: str) -> Fit | None:
    """How the stored alignment fits the texts as they are now (None: never aligned)."""
    beads = load_alignment(project, doc_id)
    if beads is None:
        return None
    ids = {lang: set(load_segmentation(project, doc_id, lang).by_id) if project.has_text(doc_id, lang) else set()
           for lang in LANGS}
    held = {lang: {x for b in beads for x in (b.en if lang == "en" else b.ru)} for lang in LANGS}
    gone = {lang: held[lang] - ids[lang] for lang in LANGS}
    manual = sum(1 for b in beads if b.manual and (gone["en"] & set(b.en) or gone["ru"] & set(b.ru)))
    return Fit(len(beads), len(held["en"]), len(held["ru"]), len(gone["en"]), len(gone["ru"]), manual,
               len(ids["en"] - held["en"]), len(ids["ru"] - held["ru"]))


def effects(project: Project, doc_id: str, lang: str) -> Effects:
    """What the text of `lang` now stored did: the English's proposed and approved corrections by state (none
    for the Russian, which corrections do not point into) and the stored alignment's fit."""
    located = workspace.list_corrections(project, doc_id, LIVE) if lang == "en" else []
    states = Counter(a.state for a in located)
    return Effects({s: states[s] for s in Placement}, tuple(a.correction for a in located if a.orphaned),
                   fit(project, doc_id))
