"""`segment`, `import` and `editions`: documents, their sentences and their editions.

`import` stores a file as one side of a document. Replacing a stored side (`--force`) needs an editor signed in
(`--user`): the file is read and checked first, then the password asked for; the side replaced is kept as an
edition and what the new text did is printed (align.editions). `editions` lists them (first finishing an import a
crash interrupted), `editions --changes N` says what the current text changed against a kept one, and
`editions --restore N` brings a kept one back.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from align import editions, formats
from align.cli import identity
from align.errors import InputError, NotFoundError
from align.hygiene import for_terminal, json_line
from align.project import LANGS, LANGUAGE, Project, check_doc_id
from align.segment import load_segmentation


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("segment", help="print a document's sentences with ids and offsets")
    p.add_argument("doc", help="document id, or a path to a file in texts/")
    p.add_argument("--lang", choices=LANGS, default=None, help="which side (default en, or the path's)")
    p.add_argument("--format", choices=("text", "jsonl"), default="text")
    p.set_defaults(handler=run_segment)

    p = sub.add_parser(
        "import",
        help="import a book (DOCX, ODT, EPUB, FB2, HTML, Markdown or text, told apart by content) into texts/",
    )
    p.add_argument("file", type=Path)
    p.add_argument("--doc", required=True, help="document id to store it as")
    p.add_argument("--lang", choices=LANGS, required=True)
    p.add_argument("--encoding", default=None,
                   help="encoding of a text, Markdown or HTML FILE, e.g. cp1251, koi8_r (default UTF-8)")
    p.add_argument("--title", default=None)
    p.add_argument("--force", action="store_true",
                   help="replace a stored side (an editor, with --user): it is kept as an edition (`align editions`)")
    identity.add_arguments(p, required=False)
    p.set_defaults(handler=run_import)

    p = sub.add_parser("editions", help="list the editions of a document: kept when replaced, the current one last")
    p.add_argument("doc", help="document id")
    p.add_argument("--lang", choices=LANGS, default=None, help="one side only (default both)")
    p.add_argument("--format", choices=("text", "jsonl"), default="text")
    p.add_argument("--restore", type=int, metavar="N", default=None,
                   help="bring kept edition N of --lang back (an editor, with --user): the side it replaces is kept")
    p.add_argument("--changes", type=int, metavar="N", default=None,
                   help="what the current text of --lang changed against kept edition N, difference by difference")
    identity.add_arguments(p, required=False)
    p.set_defaults(handler=run_editions)


def run_segment(args: argparse.Namespace, project: Project) -> int:
    doc_id, lang = project.resolve(args.doc, args.lang)
    seg = load_segmentation(project, doc_id, lang)
    for s in seg.sentences:
        if args.format == "jsonl":
            print(json_line(s.to_dict()))
        else:
            print(f"{s.id}\t{s.start}\t{s.end}\t{for_terminal(s.text)}")
    return 0


def run_import(args: argparse.Namespace, project: Project) -> int:
    prepared = formats.prepare_import(project, args.file, args.doc, args.lang, encoding=args.encoding,
                                      title=args.title)
    actor = identity.actor(args, project) if args.user else None
    _said(project, editions.store(project, prepared, actor, force=args.force), f"imported {args.file}")
    return 0


def _said(project: Project, stored: editions.Stored, what: str) -> None:
    """Print what an import or a restore stored, and what the new text did."""
    done = stored.imported
    if not stored.unchanged:
        print(for_terminal(f"{what} -> {done.text_path.relative_to(project.root)}"))
        if done.original is not None:
            print(for_terminal(f"{done.format.value}: {done.said()}; original kept as "
                               f"{done.original.relative_to(project.root)}"))
    for line in stored.lines(project.root):
        print(for_terminal(line))


_COLUMNS = ("lang", "edition", "state", "file", "words", "imported", "imported_by", "replaced", "replaced_by",
            "kept_as")


def run_editions(args: argparse.Namespace, project: Project) -> int:
    doc_id = check_doc_id(args.doc)
    if args.restore is not None:
        return _restore(args, project, doc_id)
    if args.changes is not None:
        return _changes(args, project, doc_id)
    for lang in [args.lang] if args.lang else LANGS:
        recovered = editions.recover(project, doc_id, lang)
        for line in recovered.lines(project.root) if recovered else []:
            print(for_terminal(line), file=sys.stderr)
    found = [e for lang in ([args.lang] if args.lang else LANGS) for e in editions.listing(project, doc_id, lang)]
    if not found:
        where = f" in {args.lang}" if args.lang else ""
        raise NotFoundError(f"no document {doc_id!r}{where}: nothing imported")
    rows = [e.row(project.root) for e in found]
    if args.format == "jsonl":
        for row in rows:
            print(json_line(row))
        return 0
    print("\t".join(_COLUMNS))
    for row in rows:
        print(for_terminal("\t".join(str(row[c]) for c in _COLUMNS)))
    old = next((e for e in found if e.original is not None), None)
    if old is not None:
        print(f"to bring an edition back: align editions {doc_id} --restore {old.number} --lang {old.lang} "
              "--user LOGIN")
    return 0


def _changes(args: argparse.Namespace, project: Project, doc_id: str) -> int:
    if args.lang is None:
        raise InputError("--changes needs --lang: which side's editions to compare")
    items = editions.changes(project, doc_id, args.lang, args.changes).items
    for item in items:
        old, new = item.difference.old, item.difference.new
        if args.format == "jsonl":
            print(json_line({"number": item.number, "where": item.where, "old": old, "new": new,
                             "what": editions.what_changed(item)}))
        else:
            print(for_terminal(f"{item.number}\t{item.where}\t{item.change()}\t{editions.what_changed(item)}"))
    if args.format == "text":
        print(f"{len(items)} difference(s) from edition {args.changes} to the current "
              f"{LANGUAGE[args.lang]} (places are edition {args.changes}'s)", file=sys.stderr)
    return 0


def _restore(args: argparse.Namespace, project: Project, doc_id: str) -> int:
    if args.lang is None:
        raise InputError("--restore needs --lang: which side's edition to bring back")
    actor = identity.actor(args, project) if args.user else None
    stored = editions.restore(project, doc_id, args.lang, args.restore, actor)
    _said(project, stored, f"edition {args.restore} of the {LANGUAGE[args.lang]} of {doc_id} is current "
                           "again")
    return 0
