"""The Russian's say on real-word errors: the context check with and without a sentence encoder.

    python bench/realword_source.py [--split dev|test] [--model use-m3] [--emb-cache DIR]
                                    [--set SOURCE_WEIGHT=50] [--set SOURCE_REACH=4]

Real-word slips ("times" -> "tines") and confusion-set swaps ("than" -> "then") are injected,
far apart and many per text, into the English of texts that have their source aligned with them
by hand (`align.checks.evaluate`'s injectors; the gold beads are the corpora's), and
`align.checks.context` runs on each text twice: on the bigrams alone, and with the source's say
(`align.checks.source_fit`). A site is fixed when the check's replacement gives back the clean
word; false alarms are the check's findings on the clean text, per 1,000 words.

The texts follow `align.checks.evaluate.SPLITS`: DEV tunes (Anna Karenina val, the LIMSI books of
its DEV split into French and Candide into Spanish), TEST reports (Karenina test, the Bilinguator
stories, the other LIMSI books into French). The encoder is multilingual: the French and Spanish
sources test that nothing here knows Russian. Pass --emb-cache to keep the vectors between runs.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from functools import partial
from pathlib import Path

from align.alignment import neural
from align.checks import context
from align.checks import evaluate as E
from align.checks.model import CheckInput
from align.segment import segment_text

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
CLASSES = (
    E.ErrorClass("contextual.real-word", E.Group.CONTEXTUAL, E.real_word_typo, per_10k=40, min_gap=250),
    E.ErrorClass("contextual.confusion", E.Group.CONTEXTUAL, E.confusion_swap, per_10k=40, min_gap=250),
)
LIMSI = {  # as align.checks.evaluate.SPLITS divides the books; (folder, source language)
    E.Split.DEV: (("AlicesAdventuresInWonderland", "fr"), ("Emma", "fr"), ("JaneEyre", "fr"),
                  ("LaFauteDeLAbbeMouret", "fr"), ("Candide", "es")),
    E.Split.TEST: (("DuCoteDeChezSwann", "fr"), ("LesConfessions", "fr"), ("LesTravailleursDeLaMer", "fr"),
                   ("TheLastOfTheMohicans", "fr"), ("VingtMilleLieuesSousLesMers", "fr"),
                   ("VoyageAuCentreDeLaTerre", "fr")),
}


def limsi(book: str, lang: str) -> E.EvalText:
    """A LIMSI book as lines, one per two-sided gold link: its English and its source sentences."""
    folder = BENCH / "literary_transread_limsi" / f"{book}_EN-{lang.upper()}"
    sides = []
    for side in ("en", lang):
        quote = [False]
        tsv = (folder / f"cut_{book}_{side}.sents.tsv").read_text("utf-8")
        rows = [line.split("\t", 1) for line in tsv.splitlines()]
        sides.append({sid: E.detokenize(tokens, quote) for sid, tokens in rows})
    en, xx = sides
    links = re.findall(r'xtargets="([^"]*)"', (folder / f"{book}_sent_align_en-{lang}.xml").read_text("utf-8"))
    pairs = [(a.split(), b.split()) for a, b in (link.split(";") for link in links)]
    pairs = [(a, b) for a, b in pairs if a and b]
    en_text = "".join(" ".join(en[x] for x in a) + "\n" for a, _ in pairs)
    xx_text = "".join(" ".join(xx[x] for x in b) + "\n" for _, b in pairs)
    return E.EvalText(f"limsi:{book} (en-{lang})", E.curly(en_text), xx_text, [([k], [k]) for k in range(len(pairs))])


def bilinguator(name: str) -> E.EvalText:
    """A Bilinguator story, its line pairs with both sides written."""
    lines = zip(E.bilinguator(BENCH, name).splitlines(), E.bilinguator(BENCH, name, "ru").splitlines(), strict=True)
    pairs = [(e, r) for e, r in lines if e.strip() and r.strip()]
    return E.EvalText(f"bilinguator:{name}", E.curly("".join(e.strip() + "\n" for e, _ in pairs)),
                      "".join(r.strip() + "\n" for _, r in pairs), [([k], [k]) for k in range(len(pairs))])


def texts(split: E.Split) -> list[E.EvalText]:
    out = []
    for part in ("val",) if split is E.Split.DEV else ("test",):
        out.append(E.EvalText(f"karenina:{part}", E.curly(E.karenina(BENCH, part)), E.karenina(BENCH, part, "ru"),
                              E.karenina_gold(BENCH, part)))
    if split is E.Split.TEST:
        out += [bilinguator(n) for n in ("aptekarsha", "khameleon", "malchik_u_khrista_na_yolke")]
    out += [limsi(book, lang) for book, lang in LIMSI[split]]
    return out


def score(t: E.EvalText, embed: object) -> tuple[Counter[str], Counter[str], int, int]:
    """(injected per class, fixed per class, false alarms on the clean text, its words)."""
    def run(text: str) -> list:
        seg = segment_text(text)
        ru = segment_text(t.ru or "", lang="ru")
        return context.check(CheckInput(text, seg, ru=ru, beads=tuple(t.beads(seg, ru)), embed=embed))  # type: ignore[arg-type]

    false_alarms = sum(f.replacement is not None for f in run(t.text))
    text, gold = E.inject(t.text, E.choose(t, CLASSES))
    found = sorted(run(text), key=lambda f: f.start)
    injected, fixed = Counter(g.cls for g in gold), Counter()
    for g in gold:
        fixed[g.cls] += any(E.overlaps(g, f) and E.fixes(text, g, f) for f in found)
    return injected, fixed, false_alarms, len(t.text.split())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=[s.value for s in E.Split], default="dev")
    ap.add_argument("--model", default=neural.USE_M3, help="the encoder (use-m3 or a sentence-transformers folder)")
    ap.add_argument("--emb-cache", type=Path, default=None, help="a folder for the embedding cache")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="a context.SOURCE_* constant")
    args = ap.parse_args()
    for item in args.set:
        name, _, value = item.partition("=")
        if not name.startswith("SOURCE_") or not hasattr(context, name):
            sys.exit(f"--set {item}: no such constant context.{name}")
        setattr(context, name, float(value))
    model = neural.load_model(args.model)
    embed = partial(neural.embed, model, cache_folder=args.emb_cache)
    print(f"split {args.split}; SOURCE_WEIGHT {context.SOURCE_WEIGHT}, SOURCE_REACH {context.SOURCE_REACH}")
    print(f"{'text':42s} {'words':>7s}  {'real-word fixed':>17s}  {'confusion fixed':>17s}  {'false /1k':>11s}")
    totals = {k: [Counter(), Counter(), 0, 0] for k in ("bigrams", "+ source")}
    started = time.process_time()
    for t in texts(E.Split(args.split)):
        row = []
        for key, e in (("bigrams", None), ("+ source", embed)):
            injected, fixed, false, words = score(t, e)
            tot = totals[key]
            tot[0].update(injected)
            tot[1].update(fixed)
            tot[2] += false
            tot[3] += words
            row.append((injected, fixed, false, words))
        print(f"{t.name:42s} {row[0][3]:7d}  " + "  ".join(_cells(*r) for r in [_pair(row)]))
    for key, (injected, fixed, false, words) in totals.items():
        print(f"{'ALL ' + key:42s} {words:7d}  {_cell(fixed, injected, 'contextual.real-word'):>17s}  "
              f"{_cell(fixed, injected, 'contextual.confusion'):>17s}  {1000 * false / words:11.2f}")
    print(f"(CPU {time.process_time() - started:.0f} s)")


def _pair(row: list[tuple[Counter[str], Counter[str], int, int]]) -> tuple[str, str, str]:
    (inj, a, fa, w), (_, b, fb, _) = row
    return (f"{_cell(a, inj, 'contextual.real-word')} > {b['contextual.real-word']}",
            f"{_cell(a, inj, 'contextual.confusion')} > {b['contextual.confusion']}",
            f"{1000 * fa / w:.2f} > {1000 * fb / w:.2f}")


def _cells(real: str, confusion: str, false: str) -> str:
    return f"{real:>17s}  {confusion:>17s}  {false:>11s}"


def _cell(fixed: Counter[str], injected: Counter[str], cls: str) -> str:
    return f"{fixed[cls]}/{injected[cls]}"


if __name__ == "__main__":
    main()
