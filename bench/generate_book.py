"""Write the synthetic book pair (`align.alignment.synthetic`) over the sample's vocabulary.

    .venv/bin/python bench/generate_book.py OUT_DIR [--ru 10000] [--seed 1]

writes OUT_DIR/texts/{ru,en}/book.txt and OUT_DIR/book_gold.txt (Vecalign format).
bench/align_bench.py --book and bench/pipeline_bench.py build the same book with `sample_book_pair`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from align.alignment.synthetic import Book, generate_book, write_project

REPO = Path(__file__).resolve().parents[1]
SAMPLE = "meetings-with-trotsky"


def sample_book_pair(n_ru: int = 10_000, seed: int = 1, omission: int = 300) -> Book:
    """The generated book in the words of the sample document (texts/{ru,en}/meetings-with-trotsky.txt)."""
    ru, en = ((REPO / "texts" / lang / f"{SAMPLE}.txt").read_text(encoding="utf-8") for lang in ("ru", "en"))
    return generate_book(ru, en, n_ru, seed, omission)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--ru", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    book = sample_book_pair(args.ru, args.seed)
    write_project(book, args.out)
    print(
        f"{len(book.ru_sentences)} Russian, {len(book.en_sentences)} English sentences, {len(book.gold)} gold beads "
        f"-> {args.out}"
    )


if __name__ == "__main__":
    main()
