"""Why razdel: English (and Russian) sentence segmenters on the sample, against the hand gold.

For each segmenter, per paragraph: sentences that match the hand-checked gold exactly
(tests/data/segmentation/LANG_gold.txt), and the time to segment the sample repeated 40
times (about 164,000 English words). `align` is razdel plus the project's thin fix layer.

    .venv/bin/python bench/segmenters_bench.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pysbd
import razdel
import sentencex

from align.segment import paragraph_spans, sentence_spans

REPO = Path(__file__).resolve().parents[1]
DOC = "meetings-with-trotsky"
COPIES = 40
Splitter = Callable[[str], list[str]]


def gold(lang: str) -> list[list[str]]:
    pars: list[list[str]] = [[]]
    for line in (REPO / "tests/data/segmentation" / f"{lang}_gold.txt").read_text(encoding="utf-8").splitlines():
        if line == "¶":
            pars.append([])
        elif line:
            pars[-1].append(line)
    return [p for p in pars if p]


def splitters(lang: str) -> dict[str, Splitter]:
    sbd = pysbd.Segmenter(language=lang, clean=False)
    return {
        "align (razdel + fixes)": lambda p: [p[s:e] for s, e in sentence_spans(p)],
        "razdel": lambda p: [s.text for s in razdel.sentenize(p)],
        "pysbd": lambda p: [s.strip() for s in sbd.segment(p) if s.strip()],
        "sentencex": lambda p: [s.strip() for s in sentencex.segment(lang, p) if s.strip()],
    }


def main() -> None:
    for lang in ("en", "ru"):
        text = (REPO / "texts" / lang / f"{DOC}.txt").read_text(encoding="utf-8")
        paragraphs = [text[s:e] for s, e in paragraph_spans(text)]
        expected = gold(lang)
        total = sum(len(p) for p in expected)
        words = len(text.split()) * COPIES
        print(f"{lang}: {total} gold sentences in {len(paragraphs)} paragraphs; speed on {words:,} words")
        for name, split in splitters(lang).items():
            got = [split(p) for p in paragraphs]
            right = sum(len(set(g) & set(e)) for g, e in zip(got, expected, strict=True))
            found = sum(len(g) for g in got)
            start = time.perf_counter()
            for _ in range(COPIES):
                for p in paragraphs:
                    split(p)
            seconds = time.perf_counter() - start
            print(f"  {name:<24} {found:>4} sentences, {right:>4} exactly as in the gold "
                  f"({right / total:.1%} recall, {right / found:.1%} precision)  {seconds:6.2f} s")


if __name__ == "__main__":
    main()
