"""Chapter-aware alignment on a generated book whose translation misses a chapter and a heading.

The generated book (align.alignment.synthetic.chaptered_pair, no long omission) is cut into chapters where a
gold bead boundary meets a paragraph start on both sides, and each chapter gets a heading
(a few words on each side, no names or numbers: nothing but length ties them). The
"missing" variant drops one English chapter whole and one English heading (its chapter
then runs on from the previous one). Both pairs are aligned by chapters
(align.alignment.chapters) and, for comparison, as one sentence list (align.alignment.aligner).

    .venv/bin/python bench/chapters_bench.py [--ru 3000] [--chapters 12] [--seed 1]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from align.alignment.aligner import align
from align.alignment.chapters import align_by_chapters
from align.alignment.evaluate import Scores, score
from align.alignment.synthetic import Pair, chaptered_pair

REPO = Path(__file__).resolve().parents[1]
SAMPLE = "meetings-with-trotsky"

def run(pair: Pair, chapters: bool) -> tuple[Scores, float]:
    t = time.perf_counter()
    if chapters:
        beads, _ = align_by_chapters(pair.ru.sentences, pair.en.sentences, pair.ru.chapter, pair.en.chapter,
                                     src_par=pair.ru.paragraph, tgt_par=pair.en.paragraph)
    else:
        beads = align(pair.ru.sentences, pair.en.sentences, src_par=pair.ru.paragraph, tgt_par=pair.en.paragraph)
    seconds = time.perf_counter() - t
    return score([pair.gold], [[(b.src, b.tgt) for b in beads]]), seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ru", type=int, default=3000)
    ap.add_argument("--chapters", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    ru, en = ((REPO / "texts" / lang / f"{SAMPLE}.txt").read_text(encoding="utf-8") for lang in ("ru", "en"))
    full = chaptered_pair(ru, en, args.ru, args.chapters, args.seed)
    missing = chaptered_pair(ru, en, args.ru, args.chapters, args.seed, drop_chapter=args.chapters // 3,
                             drop_heading=2 * args.chapters // 3)
    for name, pair in (("nothing missing", full), ("English misses a chapter and a heading", missing)):
        for chapters in (True, False):
            r, s = run(pair, chapters)
            how = "by chapters" if chapters else "whole book "
            print(f"{name:40s} {how}: strict F1 {r.strict.f1:.4f}, lax F1 {r.lax.f1:.4f} "
                  f"({len(pair.ru.sentences)} ru x {len(pair.en.sentences)} en, {s:.2f} s)")


if __name__ == "__main__":
    main()
