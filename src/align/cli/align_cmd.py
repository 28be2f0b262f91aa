"""`align`: sentence alignment of a document, or of two presegmented files."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from align import document
from align.alignment.aligner import align
from align.alignment.evaluate import format_bead
from align.alignment.reuse import partial_run
from align.alignment.run import run_alignment
from align.alignment.store import least_confident
from align.errors import InputError
from align.hygiene import json_line
from align.project import Project
from align.segment import load_segmentation

LEAST_CONFIDENT = 5


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("align", help="align a document's English sentences with the Russian source and store it")
    p.add_argument("doc", nargs="?", help="document id (omit with --source/--target)")
    p.add_argument("--format", choices=("text", "jsonl"), default="text")
    p.add_argument(
        "--model",
        default=None,
        metavar="use-m3|DIR",
        help="optional neural score: 'use-m3' (bundled multilingual USE) "
             "or a local sentence-transformers model directory",
    )
    p.add_argument(
        "--full", action="store_true",
        help="align the whole document again (by default, after a text edit or a decision only a window around it is)",
    )
    p.add_argument("--source", type=Path, help="source file, one sentence per line (with --presegmented)")
    p.add_argument("--target", type=Path, help="target file, one sentence per line (with --presegmented)")
    p.add_argument(
        "--presegmented", action="store_true", help="align --source/--target line by line; print Vecalign beads"
    )
    p.set_defaults(handler=run_align)


def run_align(args: argparse.Namespace, project: Project) -> int:
    if args.presegmented or args.source or args.target:
        if not (args.presegmented and args.source and args.target):
            raise InputError("two-file mode needs --source FILE --target FILE --presegmented")
        return _run_files(args)
    if not args.doc:
        raise InputError("name a document id, or use --source FILE --target FILE --presegmented")
    doc_id, _ = project.resolve(args.doc, "en")
    beads = run_alignment(project, doc_id, model=args.model, progress=True, full=args.full)
    if args.format == "jsonl":
        for b in beads:
            print(json_line(b.to_dict()))
        return 0
    if not project.has_text(doc_id, "ru"):
        print(f"{doc_id}: no Russian text (texts/ru/{doc_id}.txt); all {len(beads)} English sentences are unaligned")
        return 0
    ru_aligned = sum(len(b.ru) for b in beads if b.en)
    en_aligned = sum(len(b.en) for b in beads if b.ru)
    print(f"{doc_id}: {len(beads)} beads stored in corrections/{doc_id}/alignment.jsonl")
    partial = partial_run(project, doc_id, beads)
    if partial:
        print(f"  {partial} (--full aligns all)")
    ru_total = sum(len(b.ru) for b in beads)
    en_total = sum(len(b.en) for b in beads)
    print(f"  Russian aligned: {ru_aligned}/{ru_total} sentences ({100 * ru_aligned / max(ru_total, 1):.0f}%)")
    print(f"  English aligned: {en_aligned}/{en_total} sentences ({100 * en_aligned / max(en_total, 1):.0f}%)")
    kinds = Counter(b.kind for b in beads)
    print("  bead types: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])))
    print(f"  manual: {sum(b.manual for b in beads)}")
    en = {s.id: s.text for s in load_segmentation(project, doc_id, "en").sentences}
    ru = {s.id: s.text for s in load_segmentation(project, doc_id, "ru").sentences}
    pairs = least_confident(beads, LEAST_CONFIDENT)
    if pairs:
        print("  least confident beads:")
        for _, b in pairs:
            print(f"    {b.confidence:.2f} {b.kind}  {' '.join(ru[x] for x in b.ru)[:70]!r}")
            print(f"              {' '.join(en[x] for x in b.en)[:70]!r}")
    return 0


def _run_files(args: argparse.Namespace) -> int:
    src, tgt = document.read_lines(args.source), document.read_lines(args.target)
    src_emb = tgt_emb = None
    if args.model:
        from align.alignment import neural

        model = neural.load_model(args.model)
        src_emb, tgt_emb = neural.embed(model, src), neural.embed(model, tgt)
    for b in align(src, tgt, src_emb=src_emb, tgt_emb=tgt_emb, progress=True):
        print(format_bead(b.src, b.tgt, b.confidence))  # the third column: how sure (0..1)
    return 0
