"""`suggest`: run the automatic checks on a document; optionally record them as proposals."""

from __future__ import annotations

import argparse
import sys

from align.alignment import neural
from align.checks import CHECKS, CHECKS_RU, load_source, run_checks
from align.cli import identity
from align.corrections.review import propose_findings
from align.errors import InputError
from align.hygiene import for_terminal, json_line
from align.project import LANGS, Project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("suggest", help="run automatic checks and print suggested corrections")
    p.add_argument("doc", help="document id, or a path to its file in texts/")
    p.add_argument("--lang", choices=LANGS, default=None,
                   help=f"which side to check (default en, or the path's); ru runs only {','.join(CHECKS_RU)}, "
                        "as a report for the source (never proposed)")
    p.add_argument("--checks", default=None,
                   help=f"comma-separated check families (default all: {','.join(CHECKS)})")
    p.add_argument("--model", default=None, metavar="use-m3|DIR",
                   help="a sentence encoder, as for `align`: the stored alignment's Russian then has a say on the "
                        "context check's candidates ('tines' -> 'times' where the Russian says «раз»)")
    p.add_argument("--format", choices=("text", "jsonl"), default="text")
    p.add_argument("--propose", action="store_true",
                   help="record findings that have a replacement as proposed corrections (needs --user)")
    identity.add_arguments(p, required=False)  # the account the proposals are recorded under, e.g. checks
    p.set_defaults(handler=run_suggest)


def run_suggest(args: argparse.Namespace, project: Project) -> int:
    doc_id, lang = project.resolve(args.doc, args.lang)
    checks = [c.strip() for c in args.checks.split(",") if c.strip()] if args.checks else None
    if args.propose and lang == "ru":
        raise InputError("--propose records corrections to the English; findings on the Russian source are "
                         "only reported (drop --propose, or check the English)")
    if args.propose and not args.user:
        raise InputError("--propose needs --user (the account the proposals are recorded under)")
    if args.model and lang == "ru":
        raise InputError("--model gives the Russian a say on the English's checks; drop it to check the Russian")
    model = neural.load_model(args.model) if args.model else None
    findings = run_checks(project, doc_id, checks, lang, parallel=True, model=model)  # one shot: a second core pays
    if lang == "en" and (checks is None or {"source", "false-friends"} & set(checks) or model) \
            and load_source(project, doc_id) is None:
        print(f"align: note: {doc_id} has no stored alignment with a Russian text; nothing was compared with the "
              f"Russian (run: python -m align align {doc_id})", file=sys.stderr)
    for f in findings:
        if args.format == "jsonl":
            print(json_line(f.to_dict()))
        else:
            repl = "(flag)" if f.replacement is None else repr(f.replacement)
            print(for_terminal(f"{f.segment}\t{f.start}-{f.end}\t{f.rule}\t{f.original!r} -> {repl}\t{f.message}"))
    if args.propose:
        created, skipped = propose_findings(project, doc_id, identity.actor(args, project), findings)
        print(f"proposed {created} correction(s) as {args.user}; {skipped} already recorded", file=sys.stderr)
    return 0
