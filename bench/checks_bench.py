"""Suggestion checks: false alarms on clean published prose, precision on the sample, speed.

    .venv/bin/python bench/checks_bench.py [--show N] [--lang ru]

Clean prose: the English of Anna Karenina vol. 2 (OPUS Books, vecalign/{test,val}.en, one
sentence per line) and the English books of the LIMSI/TransRead set (tokenized sentences,
re-joined into paragraphs and detokenized here). Every finding there counts as a false
alarm (these are edited books; a few real slips may exist — use --show to read them).
Precision on the sample is read from the hand judgements in
tests/data/checks_sample_judgements.tsv. Speed: all checks on the first 100,000 words of
Anna Karenina, cold (dictionaries loaded in this process) and warm.

`--lang ru`: the spelling of the Russian source instead, on the Russian of the same Anna
Karenina parts (tuned on val.ru, reported on test.ru), the Bilinguator Russian classics
(Chekhov, Dostoevsky; markup stripped) and the sample's Russian; speed on 100,000 words.
"""

from __future__ import annotations

import argparse
import csv
import re
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from align.checks import CHECKS, check_text  # noqa: E402
from align.checks.evaluate import limsi_books  # noqa: E402
from align.glossary import load_glossary  # noqa: E402
from align.project import Project  # noqa: E402
from align.segment import segment_text  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"
DOC = "meetings-with-trotsky"
JUDGEMENTS = ROOT / "tests" / "data" / "checks_sample_judgements.tsv"


def anna_karenina(lang: str = "en", parts: tuple[str, ...] = ("test", "val")) -> str:
    folder = BENCH / "ru_en_opus_books_crocoalign" / "vecalign"
    return "\n".join((folder / f"{part}.{lang}").read_text(encoding="utf-8").strip() for part in parts) + "\n"


def bilinguator_ru() -> dict[str, str]:
    """The Russian texts of the Bilinguator set, without their <h1>/<b>/<i>/<delimiter> markup."""
    return {path.stem: re.sub(r"</?(?:h1|b|i)>|<delimiter>", " ", path.read_text(encoding="utf-8"))
            for path in sorted((BENCH / "ru_en_bilinguator").glob("*_ru.txt"))}


def russian(show: int) -> None:
    """Spelling of the Russian: speed, findings per 1,000 words on clean prose, every finding on the sample."""
    text = " ".join(anna_karenina("ru").split(" ")[:100_000])
    times = []
    for _ in range(2):
        t = time.perf_counter()
        check_text(text, segment_text(text, lang="ru"), lang="ru")
        times.append(time.perf_counter() - t)
    print(f"speed: Russian spelling on {len(text.split())} words of Anna Karenina (segmentation included): "
          f"cold {times[0]:.2f} s, warm {times[1]:.2f} s")
    print("\nclean published Russian prose (every finding counted as a false alarm):")
    books = {
        "AnnaKarenina_val (tuning)": anna_karenina("ru", ("val",)),
        "AnnaKarenina_test": anna_karenina("ru", ("test",)),
    }
    for name, book in {**books, **bilinguator_ru()}.items():
        findings = check_text(book, segment_text(book, lang="ru"), lang="ru")
        words = len(book.split())
        flags = sum(f.replacement is None for f in findings)
        print(f"{name:34s} {words:6d} words  {len(findings):3d} findings ({flags} flags)  "
              f"per 1,000 words: {1000 * len(findings) / words:.2f}")
        for f in findings[:show]:
            print(f"    {f.original!r} -> {f.replacement!r}  | {book[max(0, f.start - 40):f.end + 30]!r}")
    text = (ROOT / "texts" / "ru" / f"{DOC}.txt").read_text(encoding="utf-8")
    findings = check_text(text, segment_text(text, DOC, "ru"), load_glossary(Project(ROOT), DOC), lang="ru")
    print(f"\nsample ({DOC}, Russian, {len(text.split())} words): {len(findings)} findings")
    for f in findings:
        print(f"    {f.start}\t{f.rule}\t{f.original!r} -> {f.replacement!r}")


def rates(name: str, text: str, show: int) -> Counter[str]:
    findings = check_text(text, segment_text(text), checks=[c for c in CHECKS if c != "source"])
    words = len(text.split())
    by = Counter(f.rule.split(".")[0] for f in findings)
    cells = "  ".join(f"{c}={1000 * by[c] / words:.2f}" for c in CHECKS if c != "source")
    print(f"{name:32s} {words:7d} words  per 1,000 words: {cells}")
    for f in findings[:show]:
        print(f"    {f.rule:38s} {f.original!r} -> {f.replacement!r}  | {text[max(0, f.start - 40):f.end + 30]!r}")
    by["_words"] = words
    return by


def sample_precision() -> None:
    project = Project(ROOT)
    text = (ROOT / "texts" / "en" / f"{DOC}.txt").read_text(encoding="utf-8")
    findings = check_text(text, segment_text(text, DOC), load_glossary(project, DOC),
                          checks=[c for c in CHECKS if c != "source"])
    judged = {
        (int(r["start"]), r["rule"]): r for r in csv.DictReader(JUDGEMENTS.open(encoding="utf-8"), delimiter="\t")
    }
    verdicts: Counter[str] = Counter()
    by_check: dict[str, Counter[str]] = {}
    for f in findings:
        row = judged.get((f.start, f.rule))
        verdict = row["verdict"] if row else "unjudged"
        verdicts[verdict] += 1
        by_check.setdefault(f.rule.split(".")[0], Counter())[verdict] += 1
        if verdict == "unjudged":
            print(f"    UNJUDGED {f.start}\t{f.rule}\t{f.original!r} -> {f.replacement!r}")
    good = verdicts["right"] + verdicts["right-flag"]
    print(f"\nsample ({DOC}, source check not included): {len(findings)} findings, "
          f"{good} right ({verdicts['right']} with the right replacement, {verdicts['right-flag']} right flags), "
          f"{verdicts['wrong-replacement']} real fault but wrong replacement, {verdicts['false']} false alarms, "
          f"{verdicts['unjudged']} unjudged; precision {good / max(len(findings), 1):.2f}")
    for check, v in sorted(by_check.items()):
        print(f"    {check:12s} " + ", ".join(f"{k} {n}" for k, n in sorted(v.items())))


def speed() -> None:
    text = anna_karenina()
    words = text.split(" ")
    text = " ".join(words[:100_000])
    times = []
    for _ in range(2):
        t = time.perf_counter()
        check_text(text, segment_text(text))
        times.append(time.perf_counter() - t)
    print(f"\nspeed: all checks on {len(text.split())} words of Anna Karenina (segmentation included): "
          f"cold {times[0]:.2f} s, warm {times[1]:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=0, help="print the first N findings of each clean book")
    parser.add_argument("--lang", choices=("en", "ru"), default="en", help="check the English (default) or the Russian")
    args = parser.parse_args()
    t0 = time.perf_counter()
    if args.lang == "ru":
        russian(args.show)
        print(f"\n(total bench time {time.perf_counter() - t0:.1f} s)")
        return
    speed()
    print("\nclean published prose (every finding counted as a false alarm):")
    total: Counter[str] = Counter()
    total += rates("AnnaKarenina_vol2", anna_karenina(), args.show)
    for name, text in limsi_books(BENCH).items():
        total += rates(name, text, args.show)
    print(f"{'ALL':32s} {total['_words']:7d} words  per 1,000 words: "
          + "  ".join(f"{c}={1000 * total[c] / total['_words']:.2f}" for c in CHECKS if c != "source"))
    sample_precision()
    print(f"\n(total bench time {time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
