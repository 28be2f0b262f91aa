"""`segment` and `import`: documents and their sentences."""

from __future__ import annotations

import argparse
from pathlib import Path

from align import formats
from align.hygiene import for_terminal, json_line
from align.project import LANGS, Project
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
    p.add_argument("--force", action="store_true", help="replace an existing text")
    p.set_defaults(handler=run_import)


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
    done = formats.import_book(project, args.file, args.doc, args.lang, encoding=args.encoding, title=args.title,
                               force=args.force)
    print(for_terminal(f"imported {args.file} -> {done.text_path.relative_to(project.root)}"))
    if done.original is not None:
        print(for_terminal(f"{done.format.value}: {done.paragraphs} paragraphs in {done.chapters} chapter(s), "
                           f"{done.footnotes} footnote paragraph(s); original kept as "
                           f"{done.original.relative_to(project.root)}"))
    return 0
