"""Alignment quality against public gold standards, beside NLTK's Gale–Church and peer figures.

Reads ../shared/bench (see its README.md). Scores are strict and lax P/R/F1 as Vecalign's
score.py defines them (re-implemented below from that definition): precision over all
output beads, recall over gold beads with both sides non-empty; lax counts a bead when it
overlaps a gold bead on both sides.

    .venv/bin/python bench/align_bench.py            # report: Text+Berg test, LIMSI 3 books, Karenina test
    .venv/bin/python bench/align_bench.py --split dev  # tuning sets: Text+Berg dev, other LIMSI books, Candide
                                                       # into Spanish and Greek, Karenina val
    .venv/bin/python bench/align_bench.py --model use-m3         # also with the neural scorer
    .venv/bin/python bench/align_bench.py --book --model use-m3  # its cost on the generated book
    .venv/bin/python bench/align_bench.py --book --seed 2        # another generated book
    .venv/bin/python bench/align_bench.py --split dev --set w_neural=6 --set gap_open=2.5  # tuning

With --model the neural rows' times include encoding every sentence (cached per sentence),
unless --emb-cache keeps the embeddings on disk between runs (then they are encoding-free).
Times are wall clock and, in brackets, this process's CPU time (the machine may be shared).

Each row of ours also rates its confidence: AUROC of the bead confidence for telling right
beads (in the gold, strict) from wrong ones, and the share of wrong beads among the 5% least
confident; a "together" line pools Text+Berg and the whole Karenina file. Peer figures that
cannot be run here are printed beside ours, labelled with where they come from.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import re
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from nltk.translate.gale_church import align_blocks

from align.alignment.aligner import Params, RawBead, align, default_params
from align.alignment.evaluate import IndexBead, Scores, confidence_auroc, read_alignment, score

from generate_book import sample_book_pair

if TYPE_CHECKING:
    from align.alignment.neural import Encoder

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
Doc = tuple[list[str], list[str], list[IndexBead]]
LIMSI_REPORTED = ("DuCoteDeChezSwann", "VoyageAuCentreDeLaTerre", "AlicesAdventuresInWonderland")
# Strict F1 of systems not run by this script (issue #16: measured side by side on this machine
# with the same USE-m3 embeddings; Bertalign "no margin" = its margin score switched off).
PEERS: dict[str, list[tuple[str, float]]] = {
    "tb": [("Bertalign + USE-m3", 0.911), ("Bertalign no margin + USE-m3", 0.920), ("Vecalign + USE-m3", 0.876),
           ("hunalign", 0.764), ("Gale-Church", 0.678)],
    "limsi": [("Bertalign + USE-m3", 0.943), ("Bertalign no margin + USE-m3", 0.947), ("Vecalign + USE-m3", 0.893),
              ("hunalign", 0.822)],
    "karenina": [("Bertalign + USE-m3", 0.929), ("Bertalign no margin + USE-m3", 0.934),
                 ("Vecalign + USE-m3", 0.918), ("hunalign", 0.851)],
}
PUBLISHED_TB = [("Bertalign + LaBSE", 0.936), ("Vecalign + LASER", 0.902), ("SentAlign + LaBSE", 0.932)]


def gale_church(src: list[str], tgt: list[str]) -> list[IndexBead]:
    """NLTK's Gale–Church on character lengths; links grouped into beads, the rest as 1-0/0-1."""
    links = align_blocks([max(len(s), 1) for s in src], [max(len(t), 1) for t in tgt])
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for i, j in links:
        parent[find(("s", i))] = find(("t", j))
    groups: dict[tuple[str, int], tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for i, j in links:
        g = groups[find(("s", i))]
        g[0].add(i)
        g[1].add(j)
    beads = [(tuple(sorted(a)), tuple(sorted(b))) for a, b in groups.values()]
    covered_s = {i for i, _ in links}
    covered_t = {j for _, j in links}
    beads += [((i,), ()) for i in range(len(src)) if i not in covered_s]
    beads += [((), (j,)) for j in range(len(tgt)) if j not in covered_t]
    return beads  # the scorer compares sets: order does not matter


System = Callable[[list[str], list[str]], list[IndexBead] | list[RawBead]]


def ours(params: Params) -> System:
    return lambda src, tgt: align(src, tgt, params=params)


def embedder(spec: str, cache_dir: Path | None) -> tuple[Encoder, Callable[[list[str]], np.ndarray]]:
    """Model `spec` (loaded once) and a function encoding sentences with it, kept on disk in
    `cache_dir` when given (keyed by the model and the sentences)."""
    from align.alignment import neural

    model = neural.load_model(spec)
    model.encode(["."])  # use-m3 loads its weights on the first encode: not inside the first timed document

    def embed(sentences: list[str]) -> np.ndarray:
        if cache_dir is None:
            return neural.embed(model, sentences)
        key = hashlib.sha1("\n".join([spec, *sentences]).encode()).hexdigest()
        path = cache_dir / f"{key}.npy"
        if not path.exists():
            cache_dir.mkdir(parents=True, exist_ok=True)
            np.save(path, neural.embed(model, sentences))
        return np.load(path)

    return model, embed


def with_model(spec: str, params: Params, cache_dir: Path | None) -> System:
    """Our aligner with the neural score of model `spec` (loaded once; encoding is timed unless
    `cache_dir` keeps embeddings on disk, keyed by the model and the sentences)."""
    model, embed = embedder(spec, cache_dir)

    def run(src: list[str], tgt: list[str]) -> list[RawBead]:
        model.cache.clear()  # time each document's encoding cold
        return align(src, tgt, src_emb=embed(src), tgt_emb=embed(tgt), params=params)

    return run


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def prefix(
    gold: list[IndexBead], src: list[str], tgt: list[str], limit: int
) -> tuple[list[IndexBead], list[str], list[str]]:
    """The gold beads up to `limit` sentences on either side, and the sentences they cover."""
    out, ns, nt = [], 0, 0
    for a, b in gold:
        if (a and a[-1] >= limit) or (b and b[-1] >= limit):
            break
        out.append((a, b))
        ns = max(ns, a[-1] + 1 if a else 0)
        nt = max(nt, b[-1] + 1 if b else 0)
    return out, src[:ns], tgt[:nt]


def limsi(books: Callable[[str], bool], lang: str = "fr") -> list[Doc]:
    """LIMSI/TransRead books into `lang` whose name passes `books`: the corpus's own sentences,
    English as source, and its CES links as gold (every sentence of the cut part is in a link)."""
    docs = []
    for folder in sorted((BENCH / "literary_transread_limsi").glob(f"*_EN-{lang.upper()}")):
        book = folder.name.removesuffix(f"_EN-{lang.upper()}")
        if not books(book):
            continue
        sides = []
        for side in ("en", lang):
            rows = [line.split("\t", 1) for line in lines(folder / f"cut_{book}_{side}.sents.tsv")]
            sides.append(([text for _, text in rows], {sid: k for k, (sid, _) in enumerate(rows)}))
        (en, en_idx), (xx, xx_idx) = sides
        gold = []
        links = (folder / f"{book}_sent_align_en-{lang}.xml").read_text("utf-8")
        for link in re.findall(r'xtargets="([^"]*)"', links):
            a, b = link.split(";")
            gold.append((tuple(en_idx[x] for x in a.split()), tuple(xx_idx[x] for x in b.split())))
        docs.append((en, xx, gold))
    return docs


@dataclasses.dataclass
class Confidences:
    """Output beads, their confidences and the gold, pooled over documents (align.alignment.evaluate
    scores how well the confidences tell right beads from wrong ones)."""

    golds: list[list[IndexBead]] = dataclasses.field(default_factory=list)
    tests: list[list[IndexBead]] = dataclasses.field(default_factory=list)
    conf: list[list[float]] = dataclasses.field(default_factory=list)

    def add(self, gold: list[IndexBead], beads: list[RawBead]) -> None:
        self.golds.append(gold)
        self.tests.append([(b.src, b.tgt) for b in beads])
        self.conf.append([b.confidence for b in beads])

    def extend(self, other: Confidences) -> None:
        self.golds += other.golds
        self.tests += other.tests
        self.conf += other.conf

    def summary(self) -> str:
        """AUROC of confidence for right vs wrong, and the share wrong among the least confident 5%."""
        auroc, wrong_low = confidence_auroc(self.golds, self.tests, self.conf)
        beads = sum(len(t) for t in self.tests)
        return f"confidence AUROC {auroc:.3f}, wrong among least confident 5% {wrong_low:.2f} ({beads} beads)"


def figures(r: Scores) -> str:
    """Strict and lax P/R/F1, as every row prints them."""
    return (f"strict P/R/F1 {r.strict.precision:.3f} / {r.strict.recall:.3f} / {r.strict.f1:.3f}   "
            f"lax {r.lax.precision:.3f} / {r.lax.recall:.3f} / {r.lax.f1:.3f}")


def run_set(
    name: str, docs: list[Doc], systems: dict[str, System], pooled: dict[str, Confidences] | None = None
) -> None:
    for sys_name, fn in systems.items():
        t, c = time.perf_counter(), time.process_time()
        outs = [fn(s, t_) for s, t_, _ in docs]
        el, cpu = time.perf_counter() - t, time.process_time() - c
        tests = [[(b.src, b.tgt) if isinstance(b, RawBead) else b for b in out] for out in outs]
        r = score([g for _, _, g in docs], tests)
        print(f"{name:38s} {sys_name:12s} {figures(r)}   {el:6.1f} s ({cpu:.1f} s CPU)", flush=True)
        if outs and outs[0] and isinstance(outs[0][0], RawBead):
            conf = Confidences()
            for (_, _, gold), out in zip(docs, outs):
                conf.add(gold, out)  # type: ignore[arg-type]
            print(f"{'':38s} {'':12s} {conf.summary()}")
            if pooled is not None:
                pooled.setdefault(sys_name, Confidences()).extend(conf)


def print_peers(key: str, published: list[tuple[str, float]] = ()) -> None:  # type: ignore[assignment]
    figures = ", ".join(f"{n} {f:.3f}" for n, f in PEERS[key])
    print(f"{'':38s} peers (from issue #16 measurement, not run here): {figures}")
    if published:
        print(f"{'':38s} peers (published, other embeddings): " + ", ".join(f"{n} {f:.3f}" for n, f in published))


def bench_book(slice_: int, model: str | None, seed: int = 1) -> None:
    """Time and peak memory on the generated book; NLTK on a slice, extrapolated (quadratic)."""
    import resource
    import tracemalloc

    book = sample_book_pair(seed=seed)
    src, tgt = book.ru_sentences, book.en_sentences
    pars = {"src_par": book.paragraph_numbers("ru"), "tgt_par": book.paragraph_numbers("en")}
    t, c = time.perf_counter(), time.process_time()
    beads = align(src, tgt, **pars)
    el, cpu = time.perf_counter() - t, time.process_time() - c
    tracemalloc.start()  # a second run for memory: tracing slows Python several times
    align(src, tgt, **pars)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    r = score([book.gold], [[(b.src, b.tgt) for b in beads]])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    untranslated = {b[0] for a, b in book.gold if not a}
    forced = untranslated & {j for b in beads if b.src for j in b.tgt}
    print(
        f"generated book (seed {seed}) {len(src)} ru x {len(tgt)} en: {el:.2f} s ({cpu:.2f} s CPU), "
        f"tracemalloc peak {peak / 2**20:.0f} MiB, process max RSS {rss:.0f} MiB; "
        f"strict F1 {r.strict.f1:.3f}, lax F1 {r.lax.f1:.3f}; "
        f"untranslated English sentences aligned {len(forced)}/{len(untranslated)}"
    )
    if model:
        from align.alignment import neural

        t = time.perf_counter()
        enc = neural.load_model(model)
        embs = {"src_emb": neural.embed(enc, src), "tgt_emb": neural.embed(enc, tgt)}
        enc_s = time.perf_counter() - t
        t = time.perf_counter()
        beads = align(src, tgt, **pars, **embs)
        el_m = time.perf_counter() - t
        r = score([book.gold], [[(b.src, b.tgt) for b in beads]])
        print(f"  with --model {model}: encoding {len(src) + len(tgt)} sentences {enc_s:.1f} s "
              f"({1000 * enc_s / (len(src) + len(tgt)):.1f} ms each), alignment {el_m:.2f} s; "
              f"strict F1 {r.strict.f1:.3f}, lax F1 {r.lax.f1:.3f}")
    g, s, t_ = prefix(book.gold, src, tgt, slice_)
    t = time.perf_counter()
    gale_church(s, t_)
    nl = time.perf_counter() - t
    t = time.perf_counter()
    align(s, t_)
    ours_slice = time.perf_counter() - t
    full = nl * (len(src) * len(tgt)) / (len(s) * len(t_))
    print(f"NLTK Gale-Church on the first {len(s)}x{len(t_)}: {nl:.1f} s (ours {ours_slice:.2f} s); "
          f"extrapolated to the book (x{len(src) * len(tgt) / (len(s) * len(t_)):.0f}, quadratic): ~{full:.0f} s, "
          f"ratio ~{full / el:.0f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("test", "dev"), default="test")
    ap.add_argument("--slice", type=int, default=800, help="sentences per side of Karenina for the NLTK comparison")
    ap.add_argument("--no-full", action="store_true", help="skip our aligner on the whole Karenina file")
    ap.add_argument(
        "--book", action="store_true", help="only the generated 10,000-sentence book: speed, memory, quality"
    )
    ap.add_argument("--seed", type=int, default=1, help="random seed of the generated book (with --book)")
    ap.add_argument("--model", help="also report with the neural scorer: use-m3 or a sentence-transformers directory")
    ap.add_argument("--emb-cache", type=Path, help="keep --model embeddings in this folder between runs (tuning)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override an aligner Params field (tuning; tuples as comma-separated values)")
    ap.add_argument("--no-model-free", action="store_true", help="with --model, skip the model-free rows")
    ap.add_argument("--no-nltk", action="store_true", help="skip NLTK's Gale-Church (slow; for tuning)")
    args = ap.parse_args()
    if args.book:
        bench_book(args.slice, args.model, args.seed)
        return
    mine: dict[str, System] = {} if args.model and args.no_model_free else {
        "this aligner": ours(parse_params(args.set, neural=False))
    }
    if args.model:
        mine[f"+ {Path(args.model).name}"] = with_model(args.model, parse_params(args.set, neural=True), args.emb_cache)
    both: dict[str, System] = mine if args.no_nltk else {**mine, "NLTK G-C": gale_church}
    test = args.split == "test"
    pooled: dict[str, Confidences] = {}
    tb = BENCH / "textberg_defr"
    stems = [tb / "test" / f"test{k}" for k in range(7)] if test else [tb / "dev" / "dev"]
    docs = [
        (lines(s.with_suffix(".de")), lines(s.with_suffix(".fr")), read_alignment(s.with_suffix(".defr")))
        for s in stems
    ]
    run_set(f"Text+Berg de-fr {args.split} ({len(docs)} docs)", docs, both, pooled)
    if test:
        print_peers("tb", PUBLISHED_TB)
    books = limsi(lambda b: (b in LIMSI_REPORTED) == test)
    run_set(f"LIMSI en-fr, {'3 reported' if test else 'other'} books ({len(books)})", books, both)
    if test:
        print_peers("limsi")
    else:  # the same book into Spanish and Greek (no cognates with English): a dev set only
        run_set("LIMSI Candide en-es, en-el (2)", limsi(lambda b: True, "es") + limsi(lambda b: True, "el"), both)
    kv = BENCH / "ru_en_opus_books_crocoalign" / "vecalign"
    part = "test" if test else "val"
    src, tgt, gold = lines(kv / f"{part}.ru"), lines(kv / f"{part}.en"), read_alignment(kv / f"{part}.ruen")
    g, s, t = prefix(gold, src, tgt, args.slice)
    run_set(f"Karenina ru-en {part}, first {len(s)}x{len(t)}", [(s, t, g)], both)
    if not args.no_full:
        run_set(f"Karenina ru-en {part}, all {len(src)}x{len(tgt)}", [(src, tgt, gold)], mine, pooled)
        if test:
            print_peers("karenina")
    for sys_name, conf in pooled.items():
        print(f"Text+Berg {args.split} and Karenina {part} together, {sys_name}: {conf.summary()}")


def parse_params(overrides: list[str], neural: bool) -> Params:
    """The aligner's default Params with (`neural`) or without embeddings, with `NAME=VALUE`
    overrides (floats, ints, or comma-separated tuples)."""
    p = default_params(neural)
    changes: dict[str, object] = {}
    for item in overrides:
        name, value = item.split("=", 1)
        current = getattr(p, name)
        if isinstance(current, tuple):
            changes[name] = tuple(float(v) for v in value.split(","))
        else:
            changes[name] = type(current)(value)
    return dataclasses.replace(p, **changes)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
