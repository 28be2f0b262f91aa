"""Where one side of a document is stored: its text, its structure and its original file.

A side is `texts/LANG/ID.txt` (align.project), for a book also `texts/LANG/ID.structure.json` and
`texts/originals/ID.LANG.EXT`, EXT the format's suffix. The import (align.formats), its journal
(align.formats.journal) and the editions (align.editions) all find a side's files here.
"""

from __future__ import annotations

from pathlib import Path

from align.formats.model import Format
from align.project import Project, check_doc_id, check_lang

STRUCTURE_SUFFIX = ".structure.json"
ORIGINALS = "originals"
SUFFIX = {Format.DOCX: "docx", Format.ODT: "odt", Format.EPUB: "epub", Format.FB2: "fb2", Format.HTML: "html",
          Format.MARKDOWN: "md"}
ORIGINAL_SUFFIXES = frozenset([*SUFFIX.values(), "fb2.zip"])  # the suffixes a kept original may have


def structure_path(project: Project, doc_id: str, lang: str) -> Path:
    return project.texts_dir / check_lang(lang) / f"{check_doc_id(doc_id)}{STRUCTURE_SUFFIX}"


def original_path(project: Project, doc_id: str, lang: str, suffix: str) -> Path:
    """texts/originals/ID.LANG.SUFFIX, `suffix` one of ORIGINAL_SUFFIXES."""
    return project.texts_dir / ORIGINALS / f"{check_doc_id(doc_id)}.{check_lang(lang)}.{suffix}"


def side_places(project: Project, doc_id: str, lang: str) -> list[Path]:
    """Every place a file of the side may be stored: its text, its structure, an original of each format."""
    return [project.text_path(doc_id, lang), structure_path(project, doc_id, lang),
            *(original_path(project, doc_id, lang, s) for s in sorted(ORIGINAL_SUFFIXES))]


def side_files(project: Project, doc_id: str, lang: str) -> list[Path]:
    """The files one side of a document is stored as now (text, structure, original), those that exist."""
    candidates = [project.text_path(doc_id, lang), structure_path(project, doc_id, lang),
                  *sorted((project.texts_dir / ORIGINALS).glob(f"{doc_id}.{lang}.*"))]
    return [p for p in candidates if p.is_file() or p.is_symlink()]
