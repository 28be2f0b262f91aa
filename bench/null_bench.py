"""Unaligned sentences on the dev sets: null beads as they are, and with lines injected that have no counterpart.

Issue #16: most Text+Berg errors are beads grown by swallowing a short or junk neighbour line
(an OCR-merged photo caption, a translator's credit, a footnote), and gold 1-0 / 0-1 beads are
the ones most often missed. The dev sets have few of them, so this bench makes more: into each
dev document (Text+Berg dev, the other LIMSI EN-FR books, Candide en-es/en-el, Karenina val, with
align_bench's loaders) it inserts, at seeded random bead boundaries of either side, lines with no
counterpart on the other side, and adds a 1-0 or 0-1 gold bead for each:

  foreign  a real sentence of the same language from another document (fluent text, no
           translation): the other LIMSI books for English and French, the bilinguator stories
           (../shared/bench/ru_en_bilinguator, not scored elsewhere) for Russian; for German,
           Spanish and Greek, whose only dev text is the document itself, a sentence at least
           300 lines away in it (outside the band)
  short    a caption, a translator's credit or a footnote, in the document's language
  debris   OCR-ish junk: a page number, a running head, stray marks

About one line per 25 gold beads (`--rate`); foreign, short, debris in proportions 4 : 4 : 2.
Rows: strict F1 (align_bench's scorer) and null-bead precision / recall (a gold 1-0 or 0-1 bead
found exactly; precision over the output's null beads) on the plain documents and on the
injected ones, pooled over the injection seeds, and "inj" the share of injected lines left
unaligned. Seeds 1 and 2 are for tuning; `--heldout` runs seeds 11 and 12 instead, kept out of
tuning (run them once, to report).

    PYTHONPATH=src .venv/bin/python bench/null_bench.py                                  # model-free
    PYTHONPATH=src .venv/bin/python bench/null_bench.py --model use-m3 --emb-cache /work/embcache
    PYTHONPATH=src .venv/bin/python bench/null_bench.py --model use-m3 --emb-cache /work/embcache --heldout
    ... --set lone_gap_bonus=4 ...                                                       # tuning, as align_bench

With --model, a document's embeddings are its original sentences' (cached as align_bench caches
them) with the injected lines' spliced in: each sentence is encoded on its own, so this equals
encoding the injected document.
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from align.alignment.aligner import RawBead, align
from align.alignment.evaluate import IndexBead, read_alignment, score

from align_bench import BENCH, LIMSI_REPORTED, embedder, limsi, lines, parse_params

TUNE_SEEDS = (1, 2)
HELDOUT_SEEDS = (11, 12)
FAR = 300  # a same-document "foreign" sentence is at least this many lines from the insertion point
NAMES = ("Annelise Rigo", "Hans Keller", "Marie Dubois", "P. Moser", "Jean Martin", "K. Huber", "Anna Weber")
SHORT: dict[str, tuple[str, ...]] = {
    "de": ("( Übersetzung : {name} )", "Foto : {name}", "Abb. {n} : Blick vom Gipfel", "{n} Vgl. S. {m} .",
           "Bild : {name} / Keystone", "( Aus dem Französischen von {name} )"),
    "fr": ("( Traduction d' {name} )", "Photo : {name}", "Fig. {n} : vue du sommet", "{n} Voir p. {m} .",
           "Cliché {name}", "( Traduit de l' allemand par {name} )"),
    "en": ("( Translated by {name} )", "Photo : {name}", "Fig. {n} : the view from the summit", "{n} See p. {m} .",
           "Illustration by {name}", "[ Footnote {n} : see chapter {m} . ]"),
    "es": ("( Traducción de {name} )", "Foto : {name}", "Fig. {n} : vista desde la cumbre", "{n} Véase p. {m} .",
           "Ilustración de {name}", "( Nota del traductor )"),
    "el": ("( Μετάφραση : {name} )", "Φωτογραφία : {name}", "Εικ. {n} : θέα από την κορυφή", "{n} Βλ. σ. {m} .",
           "Εικονογράφηση : {name}", "( Σημείωση του μεταφραστή )"),
    "ru": ("(Перевод {name})", "Фото: {name}", "Рис. {n}. Вид с вершины", "{n} См. с. {m}.",
           "Иллюстрация {name}", "(Примечание переводчика)"),
}
DEBRIS = ("- {n} -", "{n}", "* * *", "|", "l l .", "{n} / {m}", "©", "ii", "— {n} —", "...")
KINDS = ("foreign",) * 4 + ("short",) * 4 + ("debris",) * 2


@dataclass
class DevDoc:
    """A dev document, its two languages and where same-language foreign sentences come from."""

    name: str
    src: list[str]
    tgt: list[str]
    gold: list[IndexBead]
    langs: tuple[str, str]
    pools: tuple[list[str] | None, list[str] | None]  # None: take far sentences of the document itself


@dataclass
class Injected:
    """A document with lines inserted, its gold, and where each side's lines came from: the
    original index, or -1 - k for the k-th injected line of that side."""

    src: list[str]
    tgt: list[str]
    gold: list[IndexBead]
    src_from: list[int]
    tgt_from: list[int]
    src_new: list[str]
    tgt_new: list[str]


def _sentences(text: str) -> list[str]:
    """Sentences of a plain paragraph text (the bilinguator stories): split after . ! ? … and a space."""
    return [s.strip() for s in re.split(r"(?<=[.!?…])\s+", re.sub(r"<[^>]+>", " ", text)) if s.strip()]


def dev_docs() -> list[DevDoc]:
    """The dev documents of align_bench --split dev with their foreign-sentence pools."""
    def fit(pool: list[str]) -> list[str]:
        return [s for s in pool if 40 <= len(s) <= 250]

    tb = BENCH / "textberg_defr" / "dev"
    books = sorted((BENCH / "literary_transread_limsi").glob("*_EN-FR"))
    names = [f.name.removesuffix("_EN-FR") for f in books if f.name.removesuffix("_EN-FR") not in LIMSI_REPORTED]
    fr_books = {b: limsi(lambda x, b=b: x == b)[0] for b in names}
    docs = [DevDoc("tb", lines(tb / "dev.de"), lines(tb / "dev.fr"), read_alignment(tb / "dev.defr"), ("de", "fr"),
                   (None, fit([s for b in names for s in fr_books[b][1]])))]
    for b, (en, fr, gold) in fr_books.items():
        others = [o for o in names if o != b]
        docs.append(DevDoc(f"limsi:{b}", en, fr, gold, ("en", "fr"),
                           (fit([s for o in others for s in fr_books[o][0]]),
                            fit([s for o in others for s in fr_books[o][1]]))))
    for lang in ("es", "el"):
        en, xx, gold = limsi(lambda x: True, lang)[0]
        not_candide = [o for o in names if o != "Candide"]
        docs.append(DevDoc(f"candide:{lang}", en, xx, gold, ("en", lang),
                           (fit([s for o in not_candide for s in fr_books[o][0]]), None)))
    kv = BENCH / "ru_en_opus_books_crocoalign" / "vecalign"
    stories = sorted((BENCH / "ru_en_bilinguator").glob("*_ru.txt"))
    ru_pool = fit([s for f in stories for line in lines(f) for s in _sentences(line)])
    docs.append(DevDoc("karenina", lines(kv / "val.ru"), lines(kv / "val.en"), read_alignment(kv / "val.ruen"),
                       ("ru", "en"), (ru_pool, fit([s for b in names for s in fr_books[b][0]]))))
    return docs


def _line(kind: str, lang: str, pool: list[str] | None, own: list[str], at: int, rng: random.Random) -> str:
    """One injected line of `kind` for a side in `lang`, inserted before original line `at` of `own`."""
    n, m = rng.randint(1, 40), rng.randint(2, 400)
    if kind == "short":
        return rng.choice(SHORT[lang]).format(name=rng.choice(NAMES), n=n, m=m)
    if kind == "debris":
        return rng.choice(DEBRIS).format(n=n, m=m)
    if pool is None:  # a sentence of the document itself, far away
        far = [k for k in range(len(own)) if abs(k - at) >= FAR and 40 <= len(own[k]) <= 250]
        return own[rng.choice(far)] if far else rng.choice(SHORT[lang]).format(name=rng.choice(NAMES), n=n, m=m)
    return rng.choice(pool)


def inject(doc: DevDoc, seed: int, rate: float) -> Injected:
    """`doc` with about `rate` unmatched lines per gold bead inserted at random bead boundaries of
    random sides, the gold shifted and a 1-0 / 0-1 bead added for each."""
    rng = random.Random(f"{doc.name}/{seed}")
    gold = doc.gold
    count = max(1, round(rate * len(gold)))
    spots = sorted(rng.sample(range(len(gold) + 1), min(count, len(gold) + 1)))
    plan: dict[int, tuple[int, str]] = {}  # boundary before gold bead k -> (side, line)
    for k in spots:
        side = rng.randrange(2)
        own = (doc.src, doc.tgt)[side]
        prior = [x for a, b in gold[:k] for x in (a, b)[side]]
        at = max(prior) + 1 if prior else 0
        plan[k] = (side, _line(rng.choice(KINDS), doc.langs[side], doc.pools[side], own, at, rng))
    out = Injected([], [], [], [], [], [], [])
    new_index: tuple[dict[int, int], dict[int, int]] = ({}, {})
    sides = (out.src, out.tgt)
    origins = (out.src_from, out.tgt_from)
    news = (out.src_new, out.tgt_new)
    originals = (doc.src, doc.tgt)
    cursor = [0, 0]  # next original line of each side to copy

    def copy_through(side: int, last: int) -> None:
        while cursor[side] <= last:
            new_index[side][cursor[side]] = len(sides[side])
            sides[side].append(originals[side][cursor[side]])
            origins[side].append(cursor[side])
            cursor[side] += 1

    for k in range(len(gold) + 1):
        if k in plan:
            side, text = plan[k]
            bead: list[tuple[int, ...]] = [(), ()]
            bead[side] = (len(sides[side]),)
            sides[side].append(text)
            origins[side].append(-1 - len(news[side]))
            news[side].append(text)
            out.gold.append((bead[0], bead[1]))
        if k < len(gold):
            a, b = gold[k]
            for side, ids in ((0, a), (1, b)):
                if ids:
                    copy_through(side, max(ids))
            out.gold.append((tuple(new_index[0][x] for x in a), tuple(new_index[1][x] for x in b)))
    for side in (0, 1):
        copy_through(side, len(originals[side]) - 1)
    return out


Aligner = Callable[[list[str], list[str], np.ndarray | None, np.ndarray | None], list[RawBead]]


@dataclass
class Tally:
    """Beads pooled over documents: the strict scorer's inputs and the null-bead counts."""

    golds: list[list[IndexBead]]
    tests: list[list[IndexBead]]
    null_gold: int = 0
    null_out: int = 0
    null_hit: int = 0
    injected: int = 0
    injected_null: int = 0

    def add(self, gold: list[IndexBead], out: list[IndexBead], injected: set[IndexBead] = frozenset()) -> None:  # type: ignore[assignment]
        self.golds.append(gold)
        self.tests.append(out)
        g = {b for b in gold if not (b[0] and b[1])}
        o = {b for b in out if not (b[0] and b[1])}
        self.null_gold += len(g)
        self.null_out += len(o)
        self.null_hit += len(g & o)
        self.injected += len(injected)
        self.injected_null += len(injected & o)

    def row(self) -> str:
        f1 = score(self.golds, self.tests).strict.f1
        p = self.null_hit / self.null_out if self.null_out else float("nan")
        r = self.null_hit / self.null_gold if self.null_gold else float("nan")
        inj = f"   inj {self.injected_null}/{self.injected}" if self.injected else ""
        return f"strict F1 {f1:.3f}   null P/R {p:.3f} / {r:.3f} ({self.null_hit}/{self.null_gold}){inj}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="also with the neural scorer (use-m3 or a sentence-transformers directory)")
    ap.add_argument("--emb-cache", type=Path, help="keep embeddings on disk between runs")
    ap.add_argument("--heldout", action="store_true", help="the held-out seeds (report once, never tune on them)")
    ap.add_argument("--rate", type=float, default=0.04, help="injected lines per gold bead")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a Params field")
    ap.add_argument("--no-model-free", action="store_true", help="with --model, skip the model-free rows")
    args = ap.parse_args()
    seeds = HELDOUT_SEEDS if args.heldout else TUNE_SEEDS
    docs = dev_docs()
    systems: dict[str, Callable[[list[str], list[str], np.ndarray | None, np.ndarray | None], list[RawBead]]] = {}
    if not (args.model and args.no_model_free):
        mf = parse_params(args.set, neural=False)
        systems["model-free"] = lambda s, t, es, et: align(s, t, params=mf)
    embed: Callable[[list[str]], np.ndarray] | None = None
    if args.model:
        _, embed = embedder(args.model, args.emb_cache)
        nn = parse_params(args.set, neural=True)
        systems[Path(args.model).name] = lambda s, t, es, et: align(s, t, src_emb=es, tgt_emb=et, params=nn)
    sets = ("tb", "limsi", "candide", "karenina")
    for sys_name, run in systems.items():
        plain = {k: Tally([], []) for k in sets}
        injected = {k: Tally([], []) for k in sets}
        for doc in docs:
            key = doc.name.split(":")[0]
            es = et = None
            if embed is not None:
                es, et = embed(doc.src), embed(doc.tgt)
            plain[key].add(doc.gold, [(b.src, b.tgt) for b in run(doc.src, doc.tgt, es, et)])
            for seed in seeds:
                inj = inject(doc, seed, args.rate)
                ies = iet = None
                if embed is not None and es is not None and et is not None:
                    ies = _splice(es, inj.src_new, inj.src_from, embed)
                    iet = _splice(et, inj.tgt_new, inj.tgt_from, embed)
                out = [(b.src, b.tgt) for b in run(inj.src, inj.tgt, ies, iet)]
                new_beads = {b for b in inj.gold if (b[0] and inj.src_from[b[0][0]] < 0)
                             or (b[1] and inj.tgt_from[b[1][0]] < 0)}
                injected[key].add(inj.gold, out, new_beads)
        for label, tallies in (("plain", plain), (f"injected, seeds {','.join(map(str, seeds))}", injected)):
            for k in sets:
                print(f"{sys_name:10s} {label:22s} {k:9s} {tallies[k].row()}")
            pooled = Tally([], [])
            for t in tallies.values():
                for f in ("golds", "tests", "null_gold", "null_out", "null_hit", "injected", "injected_null"):
                    setattr(pooled, f, getattr(pooled, f) + getattr(t, f))
            print(f"{sys_name:10s} {label:22s} {'pooled':9s} {pooled.row()}", flush=True)


Embed = Callable[[list[str]], np.ndarray]


def _splice(orig: np.ndarray, new: list[str], origin: list[int], embed: Embed) -> np.ndarray:
    """An injected side's embeddings: original row k where `origin` is k >= 0, else injected line -1 - k's."""
    idx = np.array(origin)
    if not new:
        return orig[idx]
    added = embed(new)
    out = np.empty((len(idx), orig.shape[1]), orig.dtype)
    out[idx >= 0] = orig[idx[idx >= 0]]
    out[idx < 0] = added[-1 - idx[idx < 0]]
    return out


if __name__ == "__main__":
    main()
