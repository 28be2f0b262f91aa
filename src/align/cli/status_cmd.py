"""`status [DOC …]`: where each book of the project stands (align.overview), one line a document."""

from __future__ import annotations

import argparse

from align.hygiene import for_terminal, json_line
from align.overview import Overview, overview
from align.project import LANGUAGE, Project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("status", help="where each document stands: size, alignment, corrections by status, "
                                      "what would stop an export, the last event")
    p.add_argument("docs", nargs="*", metavar="DOC", help="these documents (default: every one)")
    p.add_argument("--format", choices=["text", "jsonl"], default="text")
    p.set_defaults(handler=run_status)


def run_status(args: argparse.Namespace, project: Project) -> int:
    docs = [project.require(d) for d in args.docs] or project.documents()
    if not docs:
        print("no documents yet: `align import BOOK --doc ID --lang en` brings one in")
    for doc in docs:
        o = overview(project, doc)
        print(json_line(o.to_dict()) if args.format == "jsonl" else for_terminal(_line(o)))
    return 0


def _line(o: Overview) -> str:
    """One document in words: "memoir  4,802 sentences (88,120 words)  aligned 99%  pending 43, approved 4  ready"."""
    aligned = ("no Russian" if not o.source else "not aligned" if o.aligned is None
               else f"aligned {o.aligned:.0%}")
    counts = ", ".join(f"{status} {n}" for status, n in o.counts.items() if n) or "no corrections"
    stops = [f"{o.pending} to review"] if o.pending else []
    if o.blocking:
        stops.append(f"{o.blocking} approved that an export refuses (overlapping or orphaned)")
    if o.skipped:
        stops.append(f"{o.skipped} log line(s) skipped (check-log)")
    if o.interrupted:
        sides = " and ".join(LANGUAGE[lang] for lang in o.interrupted)
        stops.append(f"an import of the {sides} was interrupted (`align editions {o.doc}` finishes it)")
    state = "ready to export" if o.ready else "not ready: " + "; ".join(stops)
    last = f"\tlast: {o.last}" if o.last else ""
    return (f"{o.doc}\t{o.sentences:,} sentences ({o.words:,} words)\t{aligned}\t{counts}\t{state}{last}")
