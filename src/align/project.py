"""Where a project's files live: texts, corrections, document ids and metadata.

A project is a folder with `texts/en/ID.txt` (the translation under correction),
`texts/ru/ID.txt` (its source, where available), `texts/ID.toml` (metadata) and
`corrections/` (logs, glossaries, alignments, users).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from align.errors import InputError, NotFoundError, StorageError
from align.hygiene import check_text, escape
from align.safe_io import read_regular

LANGS = ("en", "ru")
LANGUAGE = {"en": "English", "ru": "Russian"}  # a side's name in messages
SOURCE_LANG = "ru"
TARGET_LANG = "en"
# Letters, digits, '_' and '-': no dots or separators, so an id can never climb out of texts/.
# Always matched whole (fullmatch): `$` alone would also accept an id ending in a newline.
DOC_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
PROJECT_ENV = "ALIGN_PROJECT"
# What a team's repository of a project never holds: private key files, per-user caches, lock files.
_LINE_BREAK = re.compile(r"[\t\r\n]")
_GITIGNORE = "corrections/keys/\ncorrections/.cache/\n*.lock\n"


def check_doc_id(doc_id: str) -> str:
    """Return `doc_id` if it is a safe document id, else raise InputError."""
    if not DOC_ID_RE.fullmatch(doc_id):
        raise InputError(
            f"invalid document id {doc_id!r}: use letters, digits, '_' and '-' only "
            "(no paths, dots or '..')"
        )
    return doc_id


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    return lang


@dataclass(frozen=True)
class DocumentMeta:
    """Small descriptive record of a document, from `texts/ID.toml`."""

    id: str
    title: str = ""
    source_language: str = SOURCE_LANG
    target_language: str = TARGET_LANG
    provenance: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Project:
    """A project folder; every path the library reads or writes comes from here."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project named by $ALIGN_PROJECT, else the nearest folder up from `start` with texts/."""
        env = os.environ.get(PROJECT_ENV)
        if env:
            root = Path(env).resolve()
            if not (root / "texts").is_dir():
                raise InputError(f"{PROJECT_ENV}={env} has no texts/ folder")
            return cls(root)
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "texts").is_dir():
                return cls(folder)
        raise InputError(f"no project found: neither {here} nor a parent has a texts/ folder")

    @classmethod
    def create(cls, root: Path) -> Project:
        """A new, empty project in `root` (made if missing): texts/en, texts/ru, corrections/, and a .gitignore
        keeping key files, caches and locks out of the team's repository. InputError, writing nothing, where
        `root` is a file or already holds a project."""
        if _LINE_BREAK.search(str(root)):
            raise InputError("the project's folder name holds a line break or tab: give one without")
        check_text(str(root), "the project's folder name")
        root = root.resolve()
        if root.exists() and not root.is_dir():
            raise InputError(f"{root} is a file, not a folder for a project")
        if (root / "texts").exists() or (root / "corrections").exists():
            raise InputError(f"{root} already holds a project (texts/ or corrections/): nothing changed")
        try:
            for folder in (root / "texts" / SOURCE_LANG, root / "texts" / TARGET_LANG, root / "corrections"):
                folder.mkdir(parents=True)
            ignore = root / ".gitignore"
            if not ignore.exists() and not ignore.is_symlink():
                ignore.write_text(_GITIGNORE, encoding="utf-8")
        except OSError as exc:
            raise StorageError(f"cannot make a project in {root}: {exc.strerror}") from None
        return cls(root)

    @property
    def texts_dir(self) -> Path:
        return self.root / "texts"

    @property
    def corrections_dir(self) -> Path:
        return self.root / "corrections"

    def text_path(self, doc_id: str, lang: str) -> Path:
        return self.texts_dir / check_lang(lang) / f"{check_doc_id(doc_id)}.txt"

    def meta_path(self, doc_id: str) -> Path:
        return self.texts_dir / f"{check_doc_id(doc_id)}.toml"

    def doc_dir(self, doc_id: str) -> Path:
        """The folder holding one document's recorded corrections, alignment and glossary."""
        return self.corrections_dir / check_doc_id(doc_id)

    def has_text(self, doc_id: str, lang: str) -> bool:
        return self.text_path(doc_id, lang).is_file()

    def documents(self) -> list[str]:
        """Ids of all documents with an English text, sorted."""
        folder = self.texts_dir / TARGET_LANG
        return sorted(p.stem for p in folder.glob("*.txt") if DOC_ID_RE.fullmatch(p.stem))

    def meta(self, doc_id: str) -> DocumentMeta:
        path = self.meta_path(doc_id)
        if not path.exists() and not path.is_symlink():
            return DocumentMeta(id=doc_id, title=doc_id)
        try:
            data = tomllib.loads(read_regular(path).decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: not valid TOML metadata ({exc})") from exc
        provenance = data.get("provenance", {})
        if not isinstance(provenance, dict):
            raise InputError(f"{path}: 'provenance' must be a table, not {type(provenance).__name__}")
        # Escaped, not refused: the title goes into every export, which must not break on it.
        return DocumentMeta(
            id=doc_id,
            title=escape(str(data.get("title", doc_id))),
            source_language=escape(str(data.get("source_language", SOURCE_LANG))),
            target_language=escape(str(data.get("target_language", TARGET_LANG))),
            provenance={escape(str(k)): escape(str(v)) for k, v in provenance.items()},
        )

    def title(self, doc_id: str) -> str:
        """The title for a list of documents: the id when the metadata cannot be read, so one broken
        file does not hide every other document (opening that one says what is wrong)."""
        try:
            return self.meta(doc_id).title
        except InputError:
            return doc_id

    def require(self, doc_id: str, lang: str = TARGET_LANG) -> str:
        """`doc_id` if it is a safe id of a document with a text in `lang`, else InputError or NotFoundError."""
        if not self.has_text(check_doc_id(doc_id), check_lang(lang)):
            raise NotFoundError(f"no document {doc_id!r} in {lang}: {self.text_path(doc_id, lang)} does not exist")
        return doc_id

    def resolve(self, ref: str, lang: str | None = None) -> tuple[str, str]:
        """Turn a CLI reference (a document id, or a path to a file in texts/) into (id, lang)."""
        looks_like_path = "/" in ref or os.sep in ref or ref.endswith(".txt")
        if not looks_like_path:
            lang = lang or TARGET_LANG
            return self.require(ref, lang), lang
        path = Path(ref).resolve()
        try:
            rel = path.relative_to(self.texts_dir.resolve())
        except ValueError:
            raise InputError(f"{ref}: not inside the project's texts folder {self.texts_dir}") from None
        if len(rel.parts) != 2 or rel.parts[0] not in LANGS or rel.suffix != ".txt":
            raise InputError(f"{ref}: expected texts/<en|ru>/<id>.txt")
        file_lang = rel.parts[0]
        if lang and lang != file_lang:
            raise InputError(f"{ref} is a {file_lang} text, but --lang {lang} was given")
        doc_id = check_doc_id(path.stem)
        if not path.is_file():
            raise NotFoundError(f"{ref}: no such file")
        return doc_id, file_lang
