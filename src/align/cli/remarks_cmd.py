"""`remarks DOC`: the comments the imported manuscript holds (align.remarks), where they are and what they say."""

from __future__ import annotations

import argparse
import sys

from align import remarks
from align.hygiene import for_terminal, json_line
from align.project import LANGS, LANGUAGE, Project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("remarks", help="list the comments of the imported manuscript (Word comments, ODT "
                                       "annotations): where, on what text, by whom, when, what")
    p.add_argument("doc", help="document id, or a path to a file in texts/")
    p.add_argument("--lang", choices=LANGS, default=None, help="which side (default en, or the path's)")
    p.add_argument("--format", choices=("text", "jsonl"), default="text")
    p.set_defaults(handler=run_remarks)


def run_remarks(args: argparse.Namespace, project: Project) -> int:
    doc_id, lang = project.resolve(args.doc, args.lang)
    found = remarks.listing(project, doc_id, lang)
    if not found:
        print(f"the {LANGUAGE[lang]} of {doc_id} holds no comments", file=sys.stderr)
    for r in found:
        if args.format == "jsonl":
            print(json_line(r.to_dict()))
        else:
            print("\t".join(for_terminal(v) for v in (r.where, r.sentence, r.author, r.date, f"“{r.quote}”", r.text)))
    return 0
