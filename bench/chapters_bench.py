"""Chapter-aware alignment on a generated book whose translation misses a chapter and a heading.

The generated book (bench/generate_book.py, no long omission) is cut into chapters where a
gold bead boundary meets a paragraph start on both sides, and each chapter gets a heading
(a few words on each side, no names or numbers: nothing but length ties them). The
"missing" variant drops one English chapter whole and one English heading (its chapter
then runs on from the previous one). Both pairs are aligned by chapters
(align.alignment.chapters) and, for comparison, as one sentence list (align.alignment.aligner).

    .venv/bin/python bench/chapters_bench.py [--ru 3000] [--chapters 12] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass

from align.alignment.aligner import align
from align.alignment.chapters import align_by_chapters

from align_bench import score
from generate_book import _sentence, _vocab, generate_book

Bead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass
class Side:
    sentences: list[str]
    paragraph: list[int]
    chapter: list[int]


@dataclass
class Pair:
    ru: Side
    en: Side
    gold: list[Bead]


def _cuts(book, k: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Indices into the gold beads where a chapter may start (paragraph starts on both sides)."""
    ru_starts, en_starts = set(), set()
    for starts, pars in ((ru_starts, book.ru), (en_starts, book.en)):
        pos = 0
        for par in pars:
            starts.add(pos)
            pos += len(par)
    ri = ei = 0
    good = []
    for n, (a, b) in enumerate(book.gold):
        if n and ri in ru_starts and ei in en_starts:
            good.append(n)
        ri, ei = ri + len(a), ei + len(b)
    step = len(good) / k
    return [good[int(step * c)] for c in range(1, k)]


def chaptered_pair(n_ru: int = 3000, chapters: int = 12, seed: int = 1, drop_chapter: int | None = None,
                   drop_heading: int | None = None) -> Pair:
    """The generated book in `chapters` chapters; optionally without one English chapter and one heading."""
    book = generate_book(n_ru, seed, omission=0)
    rng = random.Random(seed + 100)
    ru_words, en_words = _vocab("ru"), _vocab("en")
    ru_par = book.paragraph_numbers("ru")
    en_par = book.paragraph_numbers("en")
    ru_src, en_src = book.ru_sentences, book.en_sentences
    bounds = [0, *_cuts(book, chapters), len(book.gold)]
    ru, en = Side([], [], []), Side([], [], [])
    gold: list[Bead] = []
    en_chapter = -1
    for c in range(chapters):
        n_words = rng.randint(2, 4)
        heads = (_sentence(rng, ru_words, n_words, [], "").capitalize(),
                 _sentence(rng, en_words, n_words + 1, [], "").capitalize())
        keep_en = c != drop_chapter
        ru.sentences.append(heads[0])
        ru.paragraph.append(-1 - c)  # a heading is a paragraph of its own
        ru.chapter.append(c)
        head_en = keep_en and c != drop_heading
        if head_en:
            en_chapter += 1
            en.sentences.append(heads[1])
            en.paragraph.append(-1 - c)
            en.chapter.append(en_chapter)
            gold.append(((len(ru.sentences) - 1,), (len(en.sentences) - 1,)))
        else:
            gold.append(((len(ru.sentences) - 1,), ()))
        for a, b in book.gold[bounds[c] : bounds[c + 1]]:
            ra = []
            for i in a:
                ru.sentences.append(ru_src[i])
                ru.paragraph.append(ru_par[i])
                ru.chapter.append(c)
                ra.append(len(ru.sentences) - 1)
            eb = []
            if keep_en:
                for j in b:
                    en.sentences.append(en_src[j])
                    en.paragraph.append(en_par[j])
                    en.chapter.append(max(en_chapter, 0))
                    eb.append(len(en.sentences) - 1)
            if ra and eb:
                gold.append((tuple(ra), tuple(eb)))
            else:  # one-sided beads are single sentences (a 2-1 bead whose English was dropped: two 1-0)
                gold += [((i,), ()) for i in ra] + [((), (j,)) for j in eb]
    return Pair(ru, en, gold)


def run(pair: Pair, chapters: bool) -> tuple[dict[str, float], float]:
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
    full = chaptered_pair(args.ru, args.chapters, args.seed)
    missing = chaptered_pair(args.ru, args.chapters, args.seed, drop_chapter=args.chapters // 3,
                             drop_heading=2 * args.chapters // 3)
    for name, pair in (("nothing missing", full), ("English misses a chapter and a heading", missing)):
        for chapters in (True, False):
            r, s = run(pair, chapters)
            how = "by chapters" if chapters else "whole book "
            print(f"{name:40s} {how}: strict F1 {r['F1']:.4f}, lax F1 {r['lF1']:.4f} "
                  f"({len(pair.ru.sentences)} ru x {len(pair.en.sentences)} en, {s:.2f} s)")


if __name__ == "__main__":
    main()
