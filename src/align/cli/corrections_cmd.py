"""Correction commands: propose, revise, withdraw, restore, approve, reject, comment, list, history, apply.

approve, reject, withdraw and restore take one correction id or several (one password, one write);
all but restore also a group of pending proposals (`list DOC --groups`: one check's, or one
person's same change, such as a replace throughout)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from align.alignment.store import load_decisions, paths
from align.cli import identity
from align.corrections import review, workspace
from align.corrections.apply import corrected
from align.corrections.escaping import escaped_report
from align.corrections.groups import find_group, pending_groups
from align.corrections.log import CorrectionLog
from align.corrections.model import Category, Correction, Status
from align.corrections.relocate import Located, Placement
from align.errors import InputError
from align.glossary.history import history_path, read_history, unmatched
from align.hygiene import for_terminal, json_line
from align.project import Project, check_doc_id
from align.safe_io import refuse_project_files, write_output


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("propose", help="propose a correction to the English text")
    p.add_argument("doc")
    identity.add_arguments(p)
    p.add_argument("--start", type=int, help="character offset where the span starts (as `segment` prints)")
    p.add_argument("--end", type=int)
    p.add_argument("--replacement", help="the new text for START:END")
    p.add_argument("--expect", help="the text you expect at START:END (refused if it differs)")
    p.add_argument("--segment", help="sentence id, with --text: propose by editing the whole sentence")
    p.add_argument("--text", help="the revised sentence")
    p.add_argument("--category", choices=[c.value for c in Category])
    p.add_argument("--note", default="", help="rationale")
    p.set_defaults(handler=run_propose)

    for name, helptext, one, many, done, grouped in (
        ("approve", "approve proposed corrections (editors)", review.approve, review.approve_many, "approved", True),
        ("reject", "reject proposed corrections, for one reason (editors)", review.reject, review.reject_many,
         "rejected", True),
        ("withdraw", "withdraw your own proposals", review.withdraw, review.withdraw_many, "withdrawn", True),
        # a group is of pending proposals: none is withdrawn
        ("restore", "undo the withdrawal of your own proposals (pending again)", review.restore,
         review.restore_many, "restored", False),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("ids", nargs="*", metavar="ID", help="correction ids (several: one password, one write)")
        if grouped:
            p.add_argument("--group", metavar="KEY",
                           help="every pending proposal of this group (`list DOC --groups`); with --doc")
        p.add_argument("--doc", help="document id (default: found from the first correction id)")
        identity.add_arguments(p)
        p.add_argument("--reason", required=name == "reject", default="")
        p.add_argument("--base", type=int, help="with one id: the revision you saw; refused if it changed since")
        p.set_defaults(handler=run_decide, one=one, many=many, done=done, grouped=grouped, group=None)

    p = _on_correction(sub, "revise", "change your own pending proposal")
    p.add_argument("--replacement")
    p.add_argument("--note")
    p.add_argument("--category", choices=[c.value for c in Category])
    p.add_argument("--base", type=int)
    p.set_defaults(handler=run_revise)

    p = _on_correction(sub, "comment", "add a remark to a correction's history")
    p.add_argument("--text", required=True)
    p.set_defaults(handler=run_comment)

    p = sub.add_parser("list", help="list a document's corrections")
    p.add_argument("doc")
    p.add_argument("--status", action="append", choices=[s.value for s in Status],
                   help="only these statuses (repeatable)")
    p.add_argument("--format", choices=("text", "jsonl"), default="text")
    p.add_argument("--groups", action="store_true",
                   help="list the groups of pending proposals reviewed at once (key, count, label) instead")
    p.set_defaults(handler=run_list)

    p = sub.add_parser("history", help="every event of one correction")
    p.add_argument("id")
    p.add_argument("--doc")
    p.add_argument("--format", choices=("text", "jsonl"), default="text")
    p.set_defaults(handler=run_history)

    p = sub.add_parser("apply", help="print the corrected clean text (original + approved corrections)")
    p.add_argument("doc")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    p.add_argument("--skip-conflicts", action="store_true", help="leave out overlapping or orphaned corrections")
    p.set_defaults(handler=run_apply)

    p = sub.add_parser("check-log", help="replay a document's log and report problems (torn or bad lines)")
    p.add_argument("doc")
    p.set_defaults(handler=run_check_log)


def _on_correction(sub: argparse._SubParsersAction, name: str, helptext: str) -> argparse.ArgumentParser:
    """A subcommand acting on one correction as one user."""
    p = sub.add_parser(name, help=helptext)
    p.add_argument("id", help="correction id")
    p.add_argument("--doc", help="document id (default: found from the correction id)")
    identity.add_arguments(p)
    return p


def _category(args: argparse.Namespace) -> Category | None:
    return Category(args.category) if args.category else None


def run_propose(args: argparse.Namespace, project: Project) -> int:
    doc = check_doc_id(args.doc)
    if args.segment or args.text is not None:
        if not (args.segment and args.text is not None):
            raise InputError("--segment and --text go together")
        span = [f"--{k}" for k in ("start", "end", "replacement", "expect") if getattr(args, k) is not None]
        if span:  # --text is the whole revised sentence: a --replacement beside it would be silently dropped
            raise InputError(f"{', '.join(span)} go(es) with a span, not with --segment and --text (the whole revised "
                             "sentence); give one of the two")
        made = review.propose_sentence(project, doc, identity.actor(args, project), args.segment, args.text,
                                       _category(args), args.note)
    else:
        if args.start is None or args.end is None or args.replacement is None:
            raise InputError("give --start, --end and --replacement, or --segment and --text")
        made = [review.propose(project, doc, identity.actor(args, project), args.start, args.end, args.replacement,
                               _category(args), args.note, args.expect)]
    for c in made:
        print(for_terminal(f"{c.id}\tproposed\t{c.quote!r} -> {c.replacement!r}\t{c.category}"))
    return 0


def find_doc(project: Project, correction_id: str, doc: str | None) -> str:
    """The document named with --doc, else the one whose log holds the correction."""
    return check_doc_id(doc) if doc is not None else workspace.find_document(project, correction_id)


def run_decide(args: argparse.Namespace, project: Project) -> int:
    """approve / reject / withdraw / restore: one correction as a transition, or several ids or a group in one
    batch.

    A batch prints a line per decided correction and one on stderr per refused one; its exit code is
    that of the first refusal's error, 0 when every one was decided.
    """
    if bool(args.ids) == bool(args.group):
        raise InputError("give correction ids or --group KEY (with --doc), one of the two" if args.grouped
                         else "give the correction ids")
    if args.base is not None and (args.group or len(args.ids) > 1):
        raise InputError("--base goes with one correction id: a batch takes each correction's revision as it is")
    if len(args.ids) == 1:
        doc = find_doc(project, args.ids[0], args.doc)
        _print_decided(args.one(project, doc, identity.actor(args, project), args.ids[0], reason=args.reason,
                                base=args.base))
        return 0
    if args.group:
        if args.doc is None:
            raise InputError("--group needs --doc: a group's key is the same in every document")
        doc = check_doc_id(args.doc)
        group = find_group(_pending(project, doc), args.group, _rule_name(), doc)
        items: list[tuple[str, int | None]] = [*group.bases()]
    else:
        doc = find_doc(project, args.ids[0], args.doc)
        items = [(cid, None) for cid in args.ids]
    result = args.many(project, doc, identity.actor(args, project), items, reason=args.reason)
    for c in result.decided:
        _print_decided(c)
    for r in result.refused:
        print(for_terminal(f"align: {r.correction} not {args.done}: {r.error}"), file=sys.stderr)
    return result.refused[0].error.exit_code if result.refused else 0


def _pending(project: Project, doc: str) -> list[Located]:
    return workspace.list_corrections(project, doc, [Status.PROPOSED])


def _print_decided(c: Correction) -> None:
    print(for_terminal(f"{c.id}\t{c.status}") + f"\trevision {c.revision}")


def run_revise(args: argparse.Namespace, project: Project) -> int:
    doc = find_doc(project, args.id, args.doc)
    c = review.revise(project, doc, identity.actor(args, project), args.id, replacement=args.replacement,
                      note=args.note, category=_category(args), base=args.base)
    print(for_terminal(f"{c.id}\trevised\t{c.quote!r} -> {c.replacement!r}") + f"\trevision {c.revision}")
    return 0


def run_comment(args: argparse.Namespace, project: Project) -> int:
    doc = find_doc(project, args.id, args.doc)
    c = review.comment(project, doc, identity.actor(args, project), args.id, args.text)
    print(for_terminal(c.id) + "\tcommented")
    return 0


def _row(a: Located) -> dict:
    return {**a.correction.to_json(), "start": a.start, "end": a.end, "location": a.state}


def run_list(args: argparse.Namespace, project: Project) -> int:
    if args.groups:
        return _list_groups(args, project)
    items = workspace.list_corrections(project, check_doc_id(args.doc), args.status)
    for a in items:
        c = a.correction
        if args.format == "jsonl":
            print(json_line(_row(a)))
        else:
            who = f"{c.proposer}" + (f"/{c.reviewer}" if c.reviewer else "")
            flag = "" if a.state is Placement.EXACT else f" [{a.state}]"
            print(for_terminal(f"{c.id}\t{c.status}\t{a.start}:{a.end}\t{c.quote!r} -> {c.replacement!r}\t"
                               f"{c.category}\t{who}{flag}"))
    return 0


def _rule_name() -> Callable[[str], str]:
    """align.checks.rule_name (a check's rule in words, for group labels), imported only by the commands that group:
    importing align.checks loads every check and its word lists, half a second no other command here needs."""
    from align.checks import rule_name

    return rule_name


def _list_groups(args: argparse.Namespace, project: Project) -> int:
    if args.status:
        raise InputError("--groups lists pending proposals only: leave out --status")
    for g in pending_groups(_pending(project, check_doc_id(args.doc)), _rule_name()):
        if args.format == "jsonl":
            print(json_line({"key": g.key, "count": len(g.items), "label": g.label,
                              "ids": [a.correction.id for a in g.items]}))
        else:
            print(for_terminal(f"{g.key}\t{len(g.items)}\t{g.label}"))
    return 0


def run_history(args: argparse.Namespace, project: Project) -> int:
    doc = find_doc(project, args.id, args.doc)
    c = workspace.get_correction(CorrectionLog(project, doc).state(), args.id)
    for e in c.history:
        if args.format == "jsonl":
            print(json_line(e.to_json()))
        else:
            detail = e.reason or ", ".join(
                f"{k}={v!r}" for k, v in e.data.items() if k in ("quote", "replacement", "note")
            )
            print(for_terminal(f"{e.time}\t{e.type}\t{e.actor} ({e.role})\t{detail}"))
    return 0


def run_apply(args: argparse.Namespace, project: Project) -> int:
    doc_id = check_doc_id(args.doc)
    if args.output:
        refuse_project_files(project, args.output)  # before any work: the originals and logs are never outputs
    result = corrected(project, doc_id, skip_conflicts=args.skip_conflicts)
    for line in result.problems():
        print(for_terminal(f"align: skipped {line}"), file=sys.stderr)
    for line in result.workspace.escaped():
        print(f"align: {for_terminal(line)}", file=sys.stderr)
    if args.output:
        write_output(project, args.output, result.text.encode("utf-8"))
        print(for_terminal(f"wrote {args.output} ({len(result.applied)} corrections applied)"), file=sys.stderr)
    else:
        sys.stdout.write(result.text)
    if result.pending:
        print(f"align: {result.pending} proposal(s) still pending review were not applied", file=sys.stderr)
    return 0


def run_check_log(args: argparse.Namespace, project: Project) -> int:
    doc_id = check_doc_id(args.doc)
    log = CorrectionLog(project, doc_id)
    state = log.state()
    print(f"{log.path}: {state.events} events, {len(state.corrections)} corrections")
    _, decisions_path = paths(project, doc_id)
    decisions = load_decisions(project, doc_id)
    print(for_terminal(f"{decisions_path}: {len(decisions.decisions)} alignment decisions"))
    problems = [*state.problems, *escaped_report(state.corrections.values()), *decisions.problems]
    for scope in (doc_id, None):  # the termbase's histories it is checked with: its own, the project's
        glossary = read_history(project, scope)
        if glossary.records or glossary.problems:
            print(for_terminal(f"{history_path(project, scope)}: {len(glossary.records)} glossary changes"))
        problems += [*glossary.problems, *unmatched(project, scope, glossary.records)]
    for problem in problems:
        print(for_terminal(f"problem: {problem}"))
    return 1 if problems else 0
