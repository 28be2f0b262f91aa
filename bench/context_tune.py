"""The context check on every site the evaluation's injectors propose on DEV, each scored alone.

    .venv/bin/python bench/context_tune.py [--split dev|test] [--show N]

`bench/checks_eval.py` samples 90 real-word and 90 confusion injections on DEV: too few to
choose thresholds by (one site is a point of recall). Here every site `real_word_typo` and
`confusion_swap` of `align.checks.evaluate` propose on the split's texts (thousands) is
scored alone, against the clean text with that one word changed (the check leaves the
word out of the text's own counts, so the rest of the clean text is what it sees), as
`context.check` would: its eligibility rules, then `best_alternative`. Prints the share
fixed per class and the findings on the clean texts per 1,000 words. The thresholds in
`align.checks.context` were chosen on DEV with this; TEST is for a final report only.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from align.checks import context
from align.checks.evaluate import Split, confusion_swap, load_texts, real_word_typo
from align.checks.model import CheckInput

BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"


def eligible(inp: CheckInput, i: int, written: str) -> bool:
    """`context.check`'s own rules for a word it looks at, applied to `written` at word i (the counts
    are the clean text's, which lacks the written word once)."""
    low = written.lower()
    return context.checkable(written, inp.words[i].sentence_initial) \
        and inp.capitalised[low.capitalize()] <= inp.word_counts[low] + (written != inp.words[i].text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=[s.value for s in Split], default="dev")
    parser.add_argument("--show", type=int, default=0, help="print N missed sites and N clean findings")
    args = parser.parse_args()
    t0 = time.perf_counter()
    n: Counter[str] = Counter()
    fixed: Counter[str] = Counter()
    missed, alarms, words = [], [], 0
    for t in load_texts(BENCH, Split(args.split)):
        inp = CheckInput(t.text, t.segmentation)
        text = context.TextCounts.of(inp)
        at = {w.start: i for i, w in enumerate(inp.words)}
        for site in (*real_word_typo(t), *confusion_swap(t)):
            i = at[site.start]
            if "’" in site.injected or not eligible(inp, i, site.injected):
                continue  # its/it's: no counts, the grammar check's
            n[site.cls] += 1
            found = context.best_alternative(text, i, site.injected.lower())
            if found and found[0] == text.words[i]:
                fixed[site.cls] += 1
            else:
                missed.append(f"{site.cls}: {t.text[site.start - 30:site.start]!r} {site.injected} -> "
                              f"{text.words[i]} (found {found[0] if found else None})")
        findings = context.check(inp)
        words += len(t.text.split())
        alarms += [f"{f.rule} {f.original!r} -> {f.replacement!r}: {f.message}" for f in findings]
    for cls in sorted(n):
        print(f"{cls:24s} {n[cls]:6d} sites  fixed {100 * fixed[cls] / n[cls]:5.1f}%")
    print(f"clean texts: {len(alarms)} findings on {words} words, {1000 * len(alarms) / words:.2f} per 1,000")
    for line in missed[: args.show] + alarms[: args.show]:
        print("   ", line)
    print(f"({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
