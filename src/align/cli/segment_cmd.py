"""`segment`, `import` and `editions`: documents, their sentences and their editions.

`import` stores a file as one side of a document. Replacing a stored side (`--force`) needs an editor signed in
(`--user`): the file is read and checked first, then the password asked for; the side replaced is kept as an
edition and what the new text did is printed (align.editions). `editions` lists them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from align import editions, formats
from align.cli import identity
from align.errors import NotFoundError
from align.hygiene import for_terminal, json_line
from align.project import LANGS, Project, check_doc_id
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
    stored = editions.store(project, prepared, actor, force=args.force)
    done = stored.imported
    print(for_terminal(f"imported {args.file} -> {done.text_path.relative_to(project.root)}"))
    if done.original is not None:
        print(for_terminal(f"{done.format.value}: {done.paragraphs} paragraphs in {done.chapters} chapter(s), "
                           f"{done.footnotes} footnote paragraph(s); original kept as "
                           f"{done.original.relative_to(project.root)}"))
    for line in stored.lines(project.root):
        print(for_terminal(line))
    return 0


_COLUMNS = ("lang", "edition", "state", "file", "words", "imported", "imported_by", "replaced", "replaced_by",
            "kept_as")


def run_editions(args: argparse.Namespace, project: Project) -> int:
    doc_id = check_doc_id(args.doc)
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
    if old is not None and old.original is not None:
        print(for_terminal(f"to bring an edition back, import its kept original again, e.g. align import "
                           f"{old.original.relative_to(project.root)} --doc {doc_id} --lang {old.lang} --force "
                           "--user LOGIN"))
    return 0
