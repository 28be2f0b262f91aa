"""`glossary list|set|remove|import|export|history`: the termbase, project-wide or a document's (`--doc`).

Everyone reads it (`list`, `export`, `history`: no sign-in); editors change it (`set`, `remove`, `import`,
signed in with `--user`). `import --dry-run` lists what would change and needs no password; a file
to import is read and checked before the password is asked for (align.glossary.exchange).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from align.accounts import public_keys
from align.cli import identity
from align.errors import InputError
from align.glossary import GlossaryEntry, Listed, check_scope, edit, exchange, history, listed, provenance
from align.hygiene import for_terminal, json_line
from align.project import Project
from align.safe_io import write_output


def register(sub: argparse._SubParsersAction) -> None:
    glossary = sub.add_parser("glossary", help="the termbase: list, set, remove, import (TBX, CSV, TSV), export, "
                                               "history")
    cmds = glossary.add_subparsers(dest="glossary_command", required=True, metavar="ACTION")

    p = cmds.add_parser("list", help="list the entries (with --doc: the document's termbase, project entries "
                                     "included, each saying where it is set)")
    _doc(p, whole=True)
    p.add_argument("--format", choices=("text", "jsonl"), default="text")
    p.set_defaults(handler=run_list)

    p = cmds.add_parser("set", help="add an entry, or change the entry of its Russian term (editors)")
    p.add_argument("ru", help="the Russian term")
    p.add_argument("en", help="the preferred English form")
    p.add_argument("--avoid", action="append", default=[], metavar="VARIANT",
                   help="a variant to avoid (the glossary check proposes the preferred form for it); repeat for more")
    p.add_argument("--note", default="", help="why, for the people who read the suggestions")
    _doc(p)
    identity.add_arguments(p)
    p.set_defaults(handler=run_set)

    p = cmds.add_parser("remove", help="remove the entry of a Russian term, or of a preferred English form (editors)")
    p.add_argument("term", metavar="RU_OR_EN")
    _doc(p)
    identity.add_arguments(p)
    p.set_defaults(handler=run_remove)

    p = cmds.add_parser("import", help="merge a TBX, CSV (ru,en,avoid,note) or OmegaT TSV file in (editors); "
                                       "a term with another English form is a conflict, left as it is")
    p.add_argument("file", type=Path)
    _doc(p)
    p.add_argument("--replace", action="store_true", help="take the file's entry where the English form differs")
    p.add_argument("--dry-run", action="store_true", help="list what would change and write nothing (no password)")
    p.add_argument("--encoding", default=None, help="the encoding of a CSV/TSV file that is not UTF-8 (e.g. cp1251)")
    identity.add_arguments(p, required=False)
    p.set_defaults(handler=run_import)

    p = cmds.add_parser("history", help="the signed record of every change to a glossary, oldest first (with "
                                        "TERM: that entry's, removals included); lines that do not verify are "
                                        "reported")
    p.add_argument("term", nargs="?", default=None, metavar="TERM", help="a Russian term, or an English form it had")
    _doc(p)
    p.add_argument("--format", choices=("text", "jsonl"), default="text")
    p.set_defaults(handler=run_history)

    p = cmds.add_parser("export", help="write the termbase as TBX (TBX-Basic) or CSV for a CAT tool")
    _doc(p, whole=True)
    p.add_argument("--to", required=True, choices=list(exchange.Format))
    p.add_argument("-o", "--output", required=True, type=Path, help="file to write (replaced atomically)")
    p.set_defaults(handler=run_export)


def _doc(p: argparse.ArgumentParser, whole: bool = False) -> None:
    """--doc: for reading, the document's whole termbase (`whole`); for changing, its own glossary."""
    what = "the document's termbase: the project's entries and its own, which win" if whole else \
        "the document's own glossary"
    p.add_argument("--doc", default=None, help=f"{what} (default: the project-wide glossary)")


def _entry_line(entry: GlossaryEntry) -> str:
    return "\t".join((entry.ru, entry.en, "; ".join(entry.avoid), entry.note, entry.by, entry.on))


def _scope(item: Listed) -> str:
    return item.doc_id or "project"


def run_list(args: argparse.Namespace, project: Project) -> int:
    """Each entry with where it is set and who set it, as its signature proves (align.glossary.provenance)."""
    check_scope(project, args.doc)
    keys = public_keys(project)
    for item in listed(project, args.doc):
        e = item.entry
        if args.format == "jsonl":
            print(json_line({**e.to_dict(), "attested": str(provenance.attest(e, keys)), "scope": _scope(item)}))
        else:
            print(for_terminal("\t".join((e.ru, e.en, "; ".join(e.avoid), e.note, provenance.described(e, keys),
                                          _scope(item)))))
    return 0


def run_set(args: argparse.Namespace, project: Project) -> int:
    entry = GlossaryEntry(args.ru, args.en, tuple(args.avoid), args.note)
    change = edit.set_term(project, identity.actor(args, project), entry, args.doc)
    print(for_terminal(f"{'changed' if change.old else 'added'}\t{_entry_line(change.new)}"))
    if change.old:
        print(for_terminal(f"was\t{_entry_line(change.old)}"))
    return 0


def run_remove(args: argparse.Namespace, project: Project) -> int:
    removed = edit.remove_term(project, identity.actor(args, project), args.term, args.doc)
    print(for_terminal(f"removed\t{_entry_line(removed)}"))
    return 0


def _shown(item: exchange.Item) -> str:
    """One line of the import's report: outcome, where in the file, the term, and what the glossary has."""
    line = f"{item.outcome}\t{item.where}\t{item.incoming.ru}\t{item.incoming.en}"
    if item.outcome in (exchange.Outcome.CONFLICT, exchange.Outcome.REPLACE) and item.current is not None:
        kept = "kept" if item.outcome is exchange.Outcome.CONFLICT else "replaced"
        line += f"\tthe glossary has {item.current.en!r} ({kept})"
    return line


def run_import(args: argparse.Namespace, project: Project) -> int:
    read = exchange.read_file(exchange.read_path(args.file), str(args.file), args.encoding)
    if args.dry_run:
        done = exchange.plan(project, read, args.doc, args.replace)
    elif args.user is None:
        raise InputError("give --user to import (editors), or --dry-run to see what would change")
    else:
        done = exchange.import_terms(project, identity.actor(args, project), read, args.doc, args.replace)
    for item in done.items:
        if item.outcome is not exchange.Outcome.SAME:
            print(for_terminal(_shown(item)))
    for reason in done.skipped:
        print(for_terminal(f"skipped\t{reason}"))
    conflicts = done.count(exchange.Outcome.CONFLICT)
    hint = "; --replace takes the file's" if conflicts else ""
    print(for_terminal(f"{edit.scope_name(args.doc)}: {done.summary()}{hint}"
                       + ("; nothing written (dry run)" if args.dry_run else "")), file=sys.stderr)
    return 0


def run_history(args: argparse.Namespace, project: Project) -> int:
    """Each verified record on a line (JSON Lines: its content and id); each line left out as a `problem:` on
    standard error, which makes the exit status 1, as `align check-log` does."""
    check_scope(project, args.doc)
    found = history.read_history(project, args.doc, args.term)
    for r in found.records:
        if args.format == "jsonl":
            print(json_line({**r.content(), "id": r.id}))
        else:
            print(for_terminal("\t".join((r.at, str(r.what), r.term, f"{r.by} ({r.role})", history.summary(r.before),
                                          history.summary(r.after)))))
    for problem in found.problems:
        print(for_terminal(f"problem: {problem}"), file=sys.stderr)
    return 1 if found.problems else 0


def run_export(args: argparse.Namespace, project: Project) -> int:
    fmt = exchange.Format(args.to)
    data = exchange.export(project, fmt, args.doc)
    write_output(project, args.output, data)
    print(f"wrote {for_terminal(str(args.output))} ({fmt}, {len(listed(project, args.doc))} entries)", file=sys.stderr)
    return 0
