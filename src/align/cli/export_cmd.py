"""`export`: write a document in a format publishers, editors, scholars or CAT tools open."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from align.export import FORMATS, export
from align.hygiene import for_terminal
from align.project import Project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export",
                       help="export the corrected document (text, Markdown, Word, ODT, TEI, TMX, XLIFF, report)",
                       description="Formats: " + "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values()))
    p.add_argument("doc", help="document id")
    p.add_argument("--to", required=True, choices=list(FORMATS), metavar="FORMAT",
                   help="one of " + ", ".join(FORMATS))
    p.add_argument("-o", "--output", required=True, type=Path, help="file to write (replaced atomically)")
    p.add_argument("--user", help="export as this user (the role must allow exporting)")
    p.add_argument("--include-proposed", action="store_true",
                   help="also apply pending proposals (marked as changes by their proposer in docx-/odt-tracked)")
    p.add_argument("--skip-conflicts", action="store_true", help="leave out overlapping or orphaned corrections")
    p.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace, project: Project) -> int:
    result = export(project, args.doc, args.to, args.output, login=args.user,
                    include_proposed=args.include_proposed, skip_conflicts=args.skip_conflicts)
    for line in result.skipped:
        print(for_terminal(f"align: skipped {line}"), file=sys.stderr)
    for note in result.notes:
        print(for_terminal(f"align: {note}"), file=sys.stderr)
    print(f"wrote {for_terminal(str(result.path))} ({result.format}: {result.items} item(s), "
          f"{result.applied} correction(s) applied)", file=sys.stderr)
    print(f"align: {result.pending} pending proposal(s) left out", file=sys.stderr)
    return 0
