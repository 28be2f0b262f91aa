"""Alignment quality against public gold standards, beside NLTK's Gale–Church.

Reads ../shared/bench (see its README.md). Scores are strict and lax P/R/F1 as Vecalign's
score.py defines them (`align.alignment.evaluate`): precision over all output beads, recall
over gold beads with both sides non-empty; lax counts a bead when it overlaps a gold bead on
both sides.

    .venv/bin/python bench/align_bench.py            # report: Text+Berg test, Anna Karenina test
    .venv/bin/python bench/align_bench.py --split dev  # tuning sets: Text+Berg dev, Karenina val
    .venv/bin/python bench/align_bench.py --model use-m3         # also with the neural scorer
    .venv/bin/python bench/align_bench.py --book --model use-m3  # its cost on the generated book
    .venv/bin/python bench/align_bench.py --book --seed 2        # another generated book

With --model the neural rows' times include encoding every sentence (cached per sentence).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from nltk.translate.gale_church import align_blocks

from align.alignment.aligner import align
from align.alignment.evaluate import IndexBead, Scores, read_alignment, score

from generate_book import sample_book_pair

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"


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


def ours(src: list[str], tgt: list[str]) -> list[IndexBead]:
    return [(b.src, b.tgt) for b in align(src, tgt)]


def with_model(spec: str):
    """Our aligner with the neural score of model `spec` (loaded once; encoding is timed)."""
    from align.alignment import neural

    model = neural.load_model(spec)

    def run(src: list[str], tgt: list[str]) -> list[IndexBead]:
        model.cache.clear()  # time each document's encoding cold
        return [
            (b.src, b.tgt) for b in align(src, tgt, src_emb=neural.embed(model, src), tgt_emb=neural.embed(model, tgt))
        ]

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


def figures(r: Scores) -> str:
    """Strict and lax P/R/F1, as every row prints them."""
    return (f"strict P/R/F1 {r.strict.precision:.3f} / {r.strict.recall:.3f} / {r.strict.f1:.3f}   "
            f"lax {r.lax.precision:.3f} / {r.lax.recall:.3f} / {r.lax.f1:.3f}")


def run_set(name: str, docs: list[tuple[list[str], list[str], list[IndexBead]]], systems: dict) -> None:
    for sys_name, fn in systems.items():
        t = time.perf_counter()
        tests = [fn(s, t_) for s, t_, _ in docs]
        el = time.perf_counter() - t
        r = score([g for _, _, g in docs], tests)
        print(f"{name:38s} {sys_name:12s} {figures(r)}   {el:6.1f} s", flush=True)


def bench_book(slice_: int, model: str | None, seed: int = 1) -> None:
    """Time and peak memory on the generated book; NLTK on a slice, extrapolated (quadratic)."""
    import resource
    import tracemalloc

    book = sample_book_pair(seed=seed)
    src, tgt = book.ru_sentences, book.en_sentences
    pars = {"src_par": book.paragraph_numbers("ru"), "tgt_par": book.paragraph_numbers("en")}
    t = time.perf_counter()
    beads = align(src, tgt, **pars)
    el = time.perf_counter() - t
    tracemalloc.start()  # a second run for memory: tracing slows Python several times
    align(src, tgt, **pars)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    r = score([book.gold], [[(b.src, b.tgt) for b in beads]])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    untranslated = {b[0] for a, b in book.gold if not a}
    forced = untranslated & {j for b in beads if b.src for j in b.tgt}
    print(
        f"generated book (seed {seed}) {len(src)} ru x {len(tgt)} en: {el:.2f} s, "
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
    args = ap.parse_args()
    if args.book:
        bench_book(args.slice, args.model, args.seed)
        return
    mine = {"this aligner": ours}
    if args.model:
        mine[f"+ {Path(args.model).name}"] = with_model(args.model)
    both = {**mine, "NLTK G-C": gale_church}
    tb = BENCH / "textberg_defr"
    if args.split == "test":
        stems = [tb / "test" / f"test{k}" for k in range(7)]
    else:
        stems = [tb / "dev" / "dev"]
    docs = [(lines(s.with_suffix(".de")), lines(s.with_suffix(".fr")), read_alignment(s.with_suffix(".defr")))
            for s in stems]
    run_set(f"Text+Berg de-fr {args.split} ({len(docs)} docs)", docs, both)
    kv = BENCH / "ru_en_opus_books_crocoalign" / "vecalign"
    part = "test" if args.split == "test" else "val"
    src, tgt, gold = lines(kv / f"{part}.ru"), lines(kv / f"{part}.en"), read_alignment(kv / f"{part}.ruen")
    g, s, t = prefix(gold, src, tgt, args.slice)
    run_set(f"Karenina ru-en {part}, first {len(s)}x{len(t)}", [(s, t, g)], both)
    if not args.no_full:
        run_set(f"Karenina ru-en {part}, all {len(src)}x{len(tgt)}", [(src, tgt, gold)], mine)


if __name__ == "__main__":
    main()
