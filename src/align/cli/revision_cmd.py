"""`compare`: a revised copy of a document (from a proofreader), of the whole or of part of it, against the stored
English: which part it covers and its differences; optionally record them as proposals
(align.corrections.review.propose_revision)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from align import formats
from align.cli import identity
from align.cli.numbers import picked
from align.corrections import review, revision
from align.errors import InputError
from align.hygiene import for_terminal, json_line
from align.project import Project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="compare a revised copy (DOCX, ODT, EPUB, FB2, HTML, Markdown, text) with a "
                                       "document's English and print the differences; --propose records them")
    p.add_argument("doc", help="document id")
    p.add_argument("file", type=Path, help="the revised copy (tracked changes in DOCX/ODT read as accepted)")
    p.add_argument("--format", choices=("text", "jsonl"), default="text",
                   help="jsonl: a first line {\"coverage\": [[first, last], …]} of the paragraphs the copy covers "
                        "(from 1), then one line a difference")
    p.add_argument("--propose", action="store_true",
                   help="record the differences as proposed corrections (needs --user); those already recorded "
                        "are skipped")
    p.add_argument("--note", default="", help="said in each proposal's note, before where it came from")
    p.add_argument("--only", default=None, metavar="N,N…",
                   help="only these differences (their numbers in the listing), e.g. 1,3")
    identity.add_arguments(p, required=False)  # the account the proposals are recorded under
    p.set_defaults(handler=run_compare)


def _print(item: revision.Item, fmt: str) -> None:
    if fmt == "jsonl":
        d = item.difference
        print(json_line({"number": item.number, "where": item.where, "start": d.start, "end": d.end, "old": d.old,
                          "new": d.new, "outcome": item.outcome.name.lower(), "why": item.why,
                          "source": item.source}))
        return
    why = f": {item.why}" if item.why else ""
    print(for_terminal(f"{item.number}\t{item.where}\t{item.change()}\t{item.outcome}{why}\t{item.source}"))


def run_compare(args: argparse.Namespace, project: Project) -> int:
    if args.propose and not args.user:
        raise InputError("--propose needs --user (the account the proposals are recorded under)")
    data = formats.read_source(args.file, str(args.file))
    found = review.preview_revision(project, args.doc, data, args.file.name)
    items = found.items
    only = None if args.only is None else set(picked(args.only, len(items), "differences"))
    shown = items if only is None else [i for i in items if i.number in only]
    revision.chosen(items, only)  # refuses an unknown number, or one to propose by hand, before printing
    print(for_terminal(str(found.coverage)), file=sys.stderr)
    if args.format == "jsonl":
        print(json_line({"coverage": [[first + 1, last + 1] for first, last in found.coverage.parts],
                         "paragraphs": found.coverage.total, "says": str(found.coverage)}))
    for item in shown:
        _print(item, args.format)
    counts = {o: sum(i.outcome is o for i in shown) for o in revision.Outcome}
    print(f"{len(shown)} difference(s): " + ", ".join(f"{n} {o}" for o, n in counts.items()), file=sys.stderr)
    if not args.propose:
        print("nothing recorded (add --propose --user LOGIN to propose them)", file=sys.stderr)
        return 0
    created, skipped = review.propose_revision(project, args.doc, identity.actor(args, project), data,
                                               args.file.name, note=args.note, only=only)
    print(for_terminal(f"proposed {created} correction(s) as {args.user}; {skipped} already recorded"),
          file=sys.stderr)
    return 0
