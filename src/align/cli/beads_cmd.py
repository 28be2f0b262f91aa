"""`beads`, `link`, `unlink`, `merge`, `split`, `undo`: the stored alignment and manual decisions about it.

Beads are numbered from 1 in document order, as `beads` prints them; `merge` and `split`
take those numbers. Decisions go through align.alignment.decisions, which checks the user's role and
records who decided what and when.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence

from align.alignment.decisions import link, merge, split, undo, unlink
from align.alignment.run import chapter_starts
from align.alignment.store import Bead, least_confident, load_alignment
from align.cli import identity
from align.errors import InputError, NotFoundError
from align.hygiene import for_terminal, json_line
from align.project import Project
from align.segment import load_segmentation

TEXT_WIDTH = 40


def _ids(value: str) -> tuple[str, ...]:
    """`ID[,ID…]` as a tuple of ids."""
    return tuple(x.strip() for x in value.split(",") if x.strip())


def _count(value: str) -> int:
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {n}")
    return n


def _number(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"bead numbers start at 1, not {n}")
    return n


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("beads", help="print a document's stored alignment, numbered (no re-run)")
    p.add_argument("doc", help="document id")
    p.add_argument("--format", choices=("text", "jsonl"), default="text")
    p.add_argument("--least-confident", type=_count, metavar="N", help="only the N least confident automatic beads")
    p.set_defaults(handler=run_beads)

    for name, fn, what in (
        ("link", run_link, "make these Russian and English sentences one manual bead"),
        ("unlink", run_unlink, "mark these sentences as having no counterpart"),
    ):
        p = sub.add_parser(name, help=f"{what} (translators, editors)")
        p.add_argument("doc", help="document id")
        p.add_argument("--ru", type=_ids, default=(), metavar="ID[,ID…]", help="Russian sentence ids (consecutive)")
        p.add_argument("--en", type=_ids, default=(), metavar="ID[,ID…]", help="English sentence ids (consecutive)")
        identity.add_arguments(p)
        p.set_defaults(handler=fn)

    p = sub.add_parser("merge", help="join bead N with bead N+1 into one manual bead (translators, editors)")
    p.add_argument("doc", help="document id")
    p.add_argument("--bead", type=_number, required=True, metavar="N", help="bead number as `beads` prints it")
    identity.add_arguments(p)
    p.set_defaults(handler=run_merge)

    p = sub.add_parser("split", help="cut bead N in two manual beads (translators, editors)")
    p.add_argument("doc", help="document id")
    p.add_argument("--bead", type=_number, required=True, metavar="N", help="bead number as `beads` prints it")
    p.add_argument("--ru-first", type=_count, default=0, metavar="K", help="Russian sentences in the first part")
    p.add_argument("--en-first", type=_count, default=0, metavar="K", help="English sentences in the first part")
    identity.add_arguments(p)
    p.set_defaults(handler=run_split)

    p = sub.add_parser("undo", help="take back a manual decision, the latest by default (translators, editors)")
    p.add_argument("doc", help="document id")
    p.add_argument("--decision", metavar="d-…", help="its id (as in alignment-decisions.jsonl)")
    identity.add_arguments(p)
    p.set_defaults(handler=run_undo)


def _stored(project: Project, doc_id: str) -> list[Bead]:
    beads = load_alignment(project, doc_id)
    if beads is None:
        raise NotFoundError(f"{doc_id} has no stored alignment: run `python -m align align {doc_id}` first")
    return beads


def _texts(project: Project, doc_id: str) -> tuple[dict[str, str], dict[str, str]]:
    """Sentence text by id: (Russian, English); Russian is empty without a Russian text."""
    en = {s.id: s.text for s in load_segmentation(project, doc_id, "en").sentences}
    ru = (
        {s.id: s.text for s in load_segmentation(project, doc_id, "ru").sentences}
        if project.has_text(doc_id, "ru")
        else {}
    )
    return ru, en


def _short(text: str) -> str:
    return repr(text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 1].rstrip() + "…")


def _print(numbered: Iterable[tuple[int, Bead]], texts: tuple[dict[str, str], dict[str, str]], fmt: str,
           chapters: tuple[dict[str, str], dict[str, str]] = ({}, {})) -> None:
    for n, b in numbered:
        starts = [f"{lang} {marks[x]!r}" for lang, ids, marks in (("ru", b.ru, chapters[0]), ("en", b.en, chapters[1]))
                  for x in ids[:1] if x in marks]
        if starts and fmt == "text":
            print(f"== chapter: {' | '.join(starts)}")
        if fmt == "jsonl":
            print(json_line({"n": n, **b.to_dict()}))
            continue
        ru = " ".join(texts[0].get(x, "?") for x in b.ru)
        en = " ".join(texts[1].get(x, "?") for x in b.en)
        print(for_terminal(
            f"#{n:<4} {b.kind}  {b.confidence:.2f}  {'[manual]' if b.manual else '        '}  "
            f"{','.join(b.ru) or '-'} -> {','.join(b.en) or '-'}  {_short(ru)} / {_short(en)}"
        ))


def run_beads(args: argparse.Namespace, project: Project) -> int:
    doc_id, _ = project.resolve(args.doc, "en")
    beads = _stored(project, doc_id)
    if args.least_confident is None:
        numbered: Iterable[tuple[int, Bead]] = enumerate(beads, start=1)
        chapters = (chapter_starts(project, doc_id, "ru"), chapter_starts(project, doc_id, "en"))
    else:
        numbered, chapters = least_confident(beads, args.least_confident), ({}, {})
    _print(numbered, _texts(project, doc_id), args.format, chapters)
    return 0


def _print_changed(
    project: Project, doc_id: str, before: Sequence[Bead] | None, after: Sequence[Bead], ids: set[str]
) -> None:
    """Print the beads a decision made: those not in the alignment before (or touching `ids`)."""
    old = {(b.ru, b.en, b.manual) for b in before or ()}
    changed = [
        (n, b) for n, b in enumerate(after, start=1)
        if (b.ru, b.en, b.manual) not in old and (before is not None or ids & {*b.ru, *b.en})
    ]
    _print(changed, _texts(project, doc_id), "text")


def run_link(args: argparse.Namespace, project: Project) -> int:
    doc_id, _ = project.resolve(args.doc, "en")
    before = load_alignment(project, doc_id)
    after = link(project, doc_id, args.ru, args.en, identity.actor(args, project))
    _print_changed(project, doc_id, before, after, {*args.ru, *args.en})
    return 0


def run_unlink(args: argparse.Namespace, project: Project) -> int:
    if not args.ru and not args.en:
        raise InputError("unlink needs --ru ID[,ID…] or --en ID[,ID…]")
    doc_id, _ = project.resolve(args.doc, "en")
    before = load_alignment(project, doc_id)
    after = unlink(project, doc_id, args.ru, args.en, identity.actor(args, project))
    _print_changed(project, doc_id, before, after, {*args.ru, *args.en})
    return 0


def _bead(beads: Sequence[Bead], n: int) -> Bead:
    if n > len(beads):
        raise NotFoundError(f"no bead #{n}: the stored alignment has beads #1-#{len(beads)}")
    return beads[n - 1]


def run_merge(args: argparse.Namespace, project: Project) -> int:
    doc_id, _ = project.resolve(args.doc, "en")
    beads = _stored(project, doc_id)
    first = _bead(beads, args.bead)
    if args.bead == len(beads):
        raise InputError(f"bead #{args.bead} is the last one: merge joins bead N with bead N+1")
    after = merge(project, doc_id, first, beads[args.bead], identity.actor(args, project))
    _print_changed(project, doc_id, beads, after, set())
    return 0


def run_split(args: argparse.Namespace, project: Project) -> int:
    doc_id, _ = project.resolve(args.doc, "en")
    beads = _stored(project, doc_id)
    bead = _bead(beads, args.bead)
    if args.ru_first > len(bead.ru) or args.en_first > len(bead.en):
        raise InputError(
            f"bead #{args.bead} has {len(bead.ru)} Russian and {len(bead.en)} English sentences; "
            f"cannot take {args.ru_first} and {args.en_first} for the first part"
        )
    after = split(project, doc_id, bead, bead.ru[: args.ru_first], bead.en[: args.en_first],
                  identity.actor(args, project))
    _print_changed(project, doc_id, beads, after, set())
    return 0


def run_undo(args: argparse.Namespace, project: Project) -> int:
    doc_id, _ = project.resolve(args.doc, "en")
    before = load_alignment(project, doc_id)
    after = undo(project, doc_id, identity.actor(args, project), args.decision)
    _print_changed(project, doc_id, before, after, set())
    return 0
