"""Source cross-check: false alarms on a professionally translated book, findings on the sample.

    .venv/bin/python bench/source_check_bench.py [--part val|test] [--show N] [--rule R]

Clean text: Anna Karenina vol. 2 (OPUS Books, ../shared/bench/ru_en_opus_books_crocoalign/
vecalign/{val,test}.{ru,en,ruen}): one sentence per line, gold beads over line numbers. Each
line is made a paragraph, and a bead takes every sentence of its lines; the source check
runs on those beads and every finding counts as a false alarm (val to tune, test to report).
Sample: the gold alignment of tests/data/sample_alignment_gold.txt, judged by hand in
tests/data/source_check_judgements.tsv.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from align import document  # noqa: E402
from align.alignment.evaluate import read_alignment  # noqa: E402
from align.alignment.store import Bead  # noqa: E402
from align.checks import check_text  # noqa: E402
from align.checks.model import Finding  # noqa: E402
from align.project import Project  # noqa: E402
from align.segment import Segmentation, segment, segment_text  # noqa: E402

FOLDER = ROOT.parent / "shared" / "bench" / "ru_en_opus_books_crocoalign" / "vecalign"
DOC = "meetings-with-trotsky"
JUDGEMENTS = ROOT / "tests" / "data" / "source_check_judgements.tsv"
RULES = ("number", "negation", "name-missing", "name-variant", "name-swap", "no-source", "untranslated", "length-ratio",
         "unaligned-head", "unaligned-tail", "unmatched")


def book(part: str) -> tuple[Segmentation, Segmentation, list[Bead]]:
    """English and Russian of one part, a paragraph per line, and the gold beads over sentence ids."""
    sides = {}
    for lang in ("ru", "en"):
        lines = (FOLDER / f"{part}.{lang}").read_text(encoding="utf-8").splitlines()
        assert all(line.strip() for line in lines), f"blank line in {part}.{lang}"
        seg = segment_text("\n".join(lines) + "\n", part, lang)
        by_line: dict[int, list[str]] = {}
        for s in seg.sentences:
            by_line.setdefault(s.paragraph_index, []).append(s.id)
        sides[lang] = (seg, by_line)
    (ru, ru_lines), (en, en_lines) = sides["ru"], sides["en"]
    beads = [Bead(tuple(i for n in r for i in ru_lines[n]), tuple(i for n in e for i in en_lines[n]))
             for r, e in read_alignment(FOLDER / f"{part}.ruen")]
    return en, ru, beads


def rates(part: str, show: int, rule: str | None) -> None:
    en, ru, beads = book(part)
    t = time.perf_counter()
    found = check_text(en.text, en, checks=["source"], ru=ru, beads=beads)
    took = time.perf_counter() - t
    words = len(en.text.split())
    by = Counter(f.rule.split(".", 1)[1] for f in found)
    print(f"Anna Karenina vol. 2, {part}: {words} English words, {len(beads)} gold beads, "
          f"{len(found)} findings ({1000 * len(found) / words:.2f} per 1,000 words), {took:.1f} s")
    for r in RULES:
        print(f"    source.{r:16s} {by[r]:4d}  {1000 * by[r] / words:.2f} per 1,000 words")
    shown = [f for f in found if rule is None or f.rule == f"source.{rule}"][:show]
    for f in shown:
        src = next((b for b in beads if f.segment in b.en), None)
        ru_text = " ".join(ru.by_id[i].text for i in src.ru) if src else ""
        print(f"  {f.rule} {f.original[:90]!r}\n      {f.message[:140]}\n      RU: {ru_text[:160]}")


def sample() -> None:
    project = Project(ROOT)
    en = segment(document.load(project, DOC, "en"))
    ru = segment(document.load(project, DOC, "ru"))
    beads = [Bead(tuple(ru.sentences[i].id for i in r), tuple(en.sentences[i].id for i in e))
             for r, e in read_alignment(ROOT / "tests" / "data" / "sample_alignment_gold.txt")]
    found = check_text(en.text, en, checks=["source"], ru=ru, beads=beads)
    judged = {}
    if JUDGEMENTS.exists():
        judged = {(int(r["start"]), r["rule"]): r["verdict"]
                  for r in csv.DictReader(JUDGEMENTS.open(encoding="utf-8"), delimiter="\t")}
    verdicts: Counter[str] = Counter()
    for f in found:
        v = judged.get((f.start, f.rule), "unjudged")
        verdicts[v] += 1
        if v == "unjudged":
            print(f"    UNJUDGED {_row(f)}")
    words = len(en.text.split())
    print(f"\nsample ({DOC}, gold beads): {len(found)} findings on {words} words: "
          + ", ".join(f"{k} {n}" for k, n in sorted(verdicts.items()))
          + f"; precision {verdicts['right-flag'] / max(len(found), 1):.2f}")
    print("    by rule: " + ", ".join(f"{k} {n}" for k, n in sorted(Counter(f.rule for f in found).items())))


def _row(f: Finding) -> str:
    return f"{f.start}\t{f.rule}\t{f.original[:60]!r}\t{f.message}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=("val", "test"), action="append")
    parser.add_argument("--show", type=int, default=0, help="print the first N findings on the book")
    parser.add_argument("--rule", help="only show findings of this rule (e.g. name-missing)")
    args = parser.parse_args()
    for part in args.part or ["test"]:
        rates(part, args.show, args.rule)
    sample()


if __name__ == "__main__":
    main()
