"""The checks on unseen text: errors injected into clean published English, recall per class.

    .venv/bin/python bench/checks_eval.py [--split dev|test] [--classes names.,typography.]
                                         [--show-missed N] [--show-clean N] [--checks a,b]
                                         [--model use-m3 [--emb-cache DIR]]

Tune on `--split dev` (the default); `--split test` is for the report (see
`align.checks.evaluate.SPLITS` for which texts are which). Per error class: how many were
injected, the share fixed (a finding whose replacement gives back the clean text) and flagged
(any finding over it); then the false alarms per 1,000 words of the same texts without injection.
With --model, the texts that have their Russian aligned (Anna Karenina) give it a say on the
context check (as `align suggest --model` does; bench/realword_source.py measures that alone).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from align.alignment import neural  # noqa: E402
from align.alignment.store import Bead  # noqa: E402
from align.checks import check_text  # noqa: E402
from align.checks.evaluate import CLASSES, Split, evaluate, load_texts, report  # noqa: E402
from align.checks.model import Finding  # noqa: E402
from align.segment import Segmentation  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=[s.value for s in Split], default="dev")
    parser.add_argument("--classes", default="", help="comma-separated prefixes of the classes to inject")
    parser.add_argument("--checks", default="", help="comma-separated check families to run (default all)")
    parser.add_argument("--show-missed", type=int, default=0, help="print N injections not fixed")
    parser.add_argument("--show-clean", type=int, default=0, help="print N findings on the clean texts")
    parser.add_argument("--bench", type=Path, default=BENCH)
    parser.add_argument("--model", default=None, help="a sentence encoder for the Russian's say (use-m3 or DIR)")
    parser.add_argument("--emb-cache", type=Path, default=None, help="a folder for its embedding cache")
    args = parser.parse_args()
    t0 = time.perf_counter()
    prefixes = tuple(p for p in args.classes.split(",") if p)
    classes = [c for c in CLASSES if not prefixes or c.name.startswith(prefixes)]
    families = [c for c in args.checks.split(",") if c] or None

    embed = partial(neural.embed, neural.load_model(args.model), cache_folder=args.emb_cache) if args.model else None

    def run(text: str, seg: Segmentation, ru: Segmentation | None, beads: Sequence[Bead] | None) -> list[Finding]:
        return check_text(text, seg, checks=families, ru=ru, beads=beads, embed=embed)

    texts = load_texts(args.bench, Split(args.split))
    scores = evaluate(texts, classes, run)
    print(f"split {args.split}: " + ", ".join(t.name for t in texts))
    print(report(scores, classes))
    for name, g, where in scores.missed[: args.show_missed]:
        print(f"  MISSED {g.cls:34s} {g.original!r} -> {g.injected!r} [{name}] {where}")
    for name, f, where in scores.clean_findings[: args.show_clean]:
        print(f"  CLEAN {f.rule:34s} {f.original!r} -> {f.replacement!r} [{name}] {where!r}")
    print(f"\n(total time {time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
