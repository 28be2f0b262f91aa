"""`replace DOC FIND REPLACEMENT`: propose one change at every occurrence of a word or phrase.

Each occurrence becomes an ordinary correction, reviewed on its own
(align.corrections.review.propose_throughout, which the Edit view's "Replace throughout" calls too).
`--dry-run` lists the occurrences, numbered, with those that would be skipped and why, and records
nothing (no password is asked); `--only` then takes the numbers it printed.
"""

from __future__ import annotations

import argparse

from align.cli import identity
from align.cli.numbers import picked
from align.corrections import review
from align.corrections.model import Category
from align.corrections.occurrences import Occurrence, check_find, in_context
from align.errors import InputError
from align.hygiene import for_terminal
from align.project import Project, check_doc_id
from align.segment import Segmentation, load_segmentation


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("replace", help="propose a change at every occurrence of a word or phrase "
                                       "(one correction each, reviewed on its own)")
    p.add_argument("doc")
    p.add_argument("find", help="the word or phrase as it stands in the English")
    p.add_argument("replacement", help="what it should read")
    identity.add_arguments(p, required=False)
    p.add_argument("--note", default="", help="rationale, the same on every correction")
    p.add_argument("--category", choices=[c.value for c in Category])
    p.add_argument("--ignore-case", action="store_true",
                   help="find it in any case; the replacement follows capitals and an initial capital")
    p.add_argument("--within-words", action="store_true", help="find it inside longer words too (default: whole words)")
    p.add_argument("--dry-run", action="store_true", help="list the occurrences, numbered, and record nothing")
    p.add_argument("--only", metavar="N,N,…", help="only these occurrences, by the dry run's numbers (1,4,7)")
    p.set_defaults(handler=run_replace)


def _where(en: Segmentation, o: Occurrence) -> str:
    return en.number(o.segment.id) if o.segment is not None else "between sentences"


def run_replace(args: argparse.Namespace, project: Project) -> int:
    doc = check_doc_id(args.doc)
    en = load_segmentation(project, doc)
    if args.dry_run:
        _list(args, project, doc, en)
    else:
        _record(args, project, doc, en)
    return 0


def _plan(args: argparse.Namespace, project: Project, doc: str) -> list[Occurrence]:
    return review.plan_throughout(project, doc, args.find, args.replacement, whole_word=not args.within_words,
                                  match_case=not args.ignore_case)


def _list(args: argparse.Namespace, project: Project, doc: str, en: Segmentation) -> None:
    """The dry run: the occurrences (those of --only), numbered, each in its context or with why it is skipped."""
    plan = _plan(args, project, doc)
    if not plan:
        print(for_terminal(f"no occurrence of {args.find!r} in {doc}"))
        return
    numbers = range(1, len(plan) + 1) if args.only is None else picked(args.only, len(plan), "occurrences")
    for n in numbers:
        o = plan[n - 1]
        skip = f"\tskipped: {o.skip}" if o.skip else f"\t{o.overlaps}" if o.overlaps else ""
        print(for_terminal(f"{n:>4}\t{_where(en, o)}\t{in_context(en.text, o)}{skip}"))
    proposable = sum(plan[n - 1].proposable for n in numbers)
    print(for_terminal(f"{len(plan)} occurrence(s) of {args.find!r}; {len(numbers)} listed: {proposable} to "
                       f"propose, {len(numbers) - proposable} skipped; nothing recorded (dry run)"))


def _record(args: argparse.Namespace, project: Project, doc: str, en: Segmentation) -> None:
    """Record the proposals (those of --only) as the signed-in user; a line per created and per skipped one."""
    if args.user is None:
        raise InputError("give --user to record the proposals, or --dry-run to list them first")
    check_find(args.find, args.replacement, match_case=not args.ignore_case)  # a slip is told before the password
    only, left_out = None, 0
    if args.only is not None:
        plan = _plan(args, project, doc)
        only = {plan[n - 1].start for n in picked(args.only, len(plan), "occurrences")}
        left_out = len(plan) - len(only)
    result = review.propose_throughout(project, doc, identity.actor(args, project), args.find, args.replacement,
                                       whole_word=not args.within_words, match_case=not args.ignore_case,
                                       category=args.category, note=args.note, only=only)
    for c in result.created:
        print(for_terminal(f"{c.id}\tproposed\t{c.quote!r} -> {c.replacement!r}\t{en.number(c.segment)}"))
    for o in result.skipped:
        print(for_terminal(f"skipped\t{o.quote!r} -> {o.replacement!r}\t{_where(en, o)}\t{o.skip}"))
    if only is None and not result.created and not result.skipped:
        print(for_terminal(f"no occurrence of {args.find!r} in {doc}"))
    print(f"proposed {len(result.created)} correction(s), skipped {len(result.skipped)}"
          + (f", left out {left_out}" if left_out else ""))
