"""Catalogue throughput of `align batch`, and what the on-disk embedding cache saves.

    .venv/bin/python bench/batch_bench.py                 # both parts
    .venv/bin/python bench/batch_bench.py --part catalogue [--books 50] [--repeat 3] [--model use-m3]
    .venv/bin/python bench/batch_bench.py --part cache [--sentences 10000]
    .venv/bin/python bench/batch_bench.py --part realign [--keep /tmp/book] [--repeat 3]

catalogue: generates BOOKS synthetic projects (300-600 Russian sentences each, seeded) and
aligns all of them, forced, with one worker process, with all local cores and on a local
Dask cluster of 2 worker processes, REPEAT times each; reports documents per minute over
the best run itself and, apart, the time to start and stop the pool or cluster.

cache: a generated book of SENTENCES Russian sentences aligned with use-m3 (every sentence
encoded), then one English paragraph edited and the book re-aligned the way a user does it
(a fresh model, as in a new `align` process): once with the embedding cache, once without.
Reports the seconds and how many sentences each run encoded (beside the same book aligned
with no model, the floor the cache can reach), and the wall time of the
`python -m align align book --model use-m3` command after another edit, cache warm.

realign: only the re-alignment after one edit, with the model, phase by phase (model load,
segmentation, embeddings from the cache plus the new sentences encoded, the aligner, storing),
wall and CPU seconds, REPEAT edits (each a fresh process state: segmentation and model not
cached in memory); then the last edit once more with --full (the whole book aligned again, as before
align.alignment.reuse kept the beads outside a window around the edit), and how many beads
the windowed and the full alignment share. With --keep the book and its embedding cache live in that folder and are
encoded only on the first run (20,000 sentences: minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from align.alignment import batch, neural
from align.alignment.embedding_cache import project_folder
from align.alignment.run import run_alignment
from align.alignment.store import load_alignment
from align.alignment.synthetic import DOC_ID, write_project
from align.project import Project

from generate_book import sample_book_pair

SRC = Path(__file__).resolve().parents[1] / "src"


def write_catalogue(folder: Path, books: int) -> int:
    """`books` projects b00, b01, ... of 300-600 Russian sentences; returns the sentence total."""
    rng = random.Random(7)
    total = 0
    for k in range(books):
        book = sample_book_pair(rng.randint(300, 600), seed=100 + k, omission=rng.randint(0, 30))
        write_project(book, folder / f"b{k:02d}")
        total += len(book.ru_sentences) + len(book.en_sentences)
    return total


def time_catalogue(folder: Path, label: str, model: str | None, repeat: int, **where: int) -> None:
    """The best of `repeat` forced runs (the machine may be shared: the best is the least disturbed)."""
    jobs = batch.project_jobs(folder)
    runs, overheads = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        with batch.executor(**where) as pool:
            ready = time.perf_counter()
            report = batch.run_batch(jobs, pool, batch.Journal(folder / "journal.jsonl"), model=model, force=True)
            runs.append(time.perf_counter() - ready)
        overheads.append(time.perf_counter() - start - runs[-1])
        assert len(report.done) == len(jobs), report.failed
    print(f"  {label:<30} {len(jobs) / min(runs) * 60:7.1f} docs/min   run {min(runs):6.1f} s "
          f"(of {', '.join(f'{r:.1f}' for r in runs)})   pool start+stop {min(overheads):4.1f} s")


def catalogue_part(books: int, model: str | None, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sentences = write_catalogue(folder, books)
        print(f"catalogue: {books} books, {sentences} sentences, model {model or 'none'}, "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        time_catalogue(folder, "1 process", model, repeat, workers=1)
        time_catalogue(folder, f"all local cores ({os.cpu_count()})", model, repeat, workers=os.cpu_count() or 1)
        time_catalogue(folder, "Dask LocalCluster, 2 workers", model, repeat, dask_local=2)
        print(f"  load average after: {os.getloadavg()[0]:.1f}")


def edit_one_paragraph(project: Project, n: int) -> None:
    """Reword the first two sentences of the `n`-th English paragraph."""
    path = project.text_path(DOC_ID, "en")
    paragraphs = path.read_text(encoding="utf-8").split("\n")
    stamp = f"{n}.{len(paragraphs[n])}"  # new words on every run: the edit's sentences were never encoded
    paragraphs[n] = f"Edit {stamp} here. " + paragraphs[n].replace(". ", f". Edited {stamp}, ", 1)
    path.write_text("\n".join(paragraphs), encoding="utf-8")


def realign(project: Project) -> tuple[float, int]:
    """Seconds to load use-m3 afresh and re-align the book; how many sentences it encoded."""
    start = time.perf_counter()
    loaded = neural.load_model(neural.USE_M3)
    encoded: list[int] = []

    def counting(texts: list[str]):
        encoded.append(len(texts))
        return loaded.encode(texts)

    run_alignment(project, DOC_ID, model=neural.Encoder(loaded.name, counting, key=loaded.key))
    return time.perf_counter() - start, sum(encoded)


def cache_part(sentences: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Project(Path(tmp))
        write_project(sample_book_pair(sentences, seed=1), project.root)
        print(f"embedding cache: a generated book of {sentences} Russian sentences, use-m3, "
              f"load average {os.getloadavg()[0]:.1f}")
        seconds, encoded = realign(project)
        print(f"  first alignment (cache empty)      {seconds:6.1f} s, {encoded} sentences encoded")
        edit_one_paragraph(project, 10)
        seconds, encoded = realign(project)
        print(f"  after one edit, with the cache     {seconds:6.1f} s, {encoded} sentences encoded")
        start = time.perf_counter()
        run_alignment(project, DOC_ID)
        print(f"  (the same book aligned without a model: {time.perf_counter() - start:.1f} s)")
        edit_one_paragraph(project, 20)
        shutil.rmtree(project_folder(project))
        seconds, encoded = realign(project)
        print(f"  after one edit, without the cache  {seconds:6.1f} s, {encoded} sentences encoded")
        edit_one_paragraph(project, 30)
        cmd = [sys.executable, "-m", "align", "--project", str(project.root), "align", DOC_ID, "--model", "use-m3"]
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(SRC)})
        print(f"  `align align book --model use-m3` after one edit, cache warm: {time.perf_counter() - start:.1f} s "
              "wall (Python start, imports and the printed summary included)")


def realign_part(sentences: int, repeat: int, keep: Path | None) -> None:
    """The book (encoded once, in `keep` if given), then `repeat` edits, each re-aligned in a new process."""
    with tempfile.TemporaryDirectory() as tmp:
        root = keep or Path(tmp)
        project = Project(root)
        if not project.text_path(DOC_ID, "en").exists():
            write_project(sample_book_pair(sentences, seed=1), project.root)
            start = time.perf_counter()
            run_alignment(project, DOC_ID, model=neural.USE_M3)
            print(f"first alignment, every sentence encoded: {time.perf_counter() - start:.0f} s")
        print(f"re-alignment with use-m3 after one edit, a book of {sentences} Russian sentences, "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        for k in range(repeat + 1):
            if k < repeat:
                edit_one_paragraph(project, 40 + 10 * k)
            windowed = load_alignment(project, DOC_ID) or []
            full = ["--full"] if k == repeat else []  # the last edit again, the whole book aligned
            subprocess.run([sys.executable, __file__, "--part", "realign-once", "--keep", str(root), *full],
                           check=True, env={**os.environ, "PYTHONPATH": str(SRC)})
        whole = {(b.ru, b.en) for b in load_alignment(project, DOC_ID) or []}
        same = sum((b.ru, b.en) in whole for b in windowed)
        print(f"  the last edit's windowed alignment agrees with the full one on {same} of {len(whole)} beads "
              f"({100 * same / max(len(whole), 1):.2f}%)")


def realign_once(root: Path, full: bool) -> None:
    """`run_alignment(project, book, model="use-m3")` as `align align` runs it, timed as a whole and
    by phase (the phases are the functions it calls, wrapped here with timers)."""
    from align.alignment import run

    spent: dict[str, list[float]] = {}

    def timed(name: str, fn):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                w, c = spent.setdefault(name, [0.0, 0.0])
                spent[name] = [w + time.perf_counter() - wall, c + time.process_time() - cpu]
        return wrapper

    encoded: list[int] = []
    wall, cpu = time.perf_counter(), time.process_time()
    loaded = timed("model load", neural.load_model)(neural.USE_M3)  # use-m3's weights load on the first encode
    encode = loaded.encode

    def counting(texts: list[str]):  # type: ignore[no-untyped-def]
        encoded.append(len(texts))
        return encode(texts)

    loaded.encode = timed("encode new sentences (model load included)", counting)
    run.sides = timed("segmentation", run.sides)  # type: ignore[assignment]
    run.align = timed("aligner", run.align)  # type: ignore[assignment]
    run.save_alignment = timed("store", run.save_alignment)  # type: ignore[assignment]
    neural.embed = timed("embeddings (cache read and encode)", neural.embed)  # type: ignore[assignment]
    run.run_alignment(Project(root), DOC_ID, model=loaded, full=full)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    phases = ", ".join(f"{name} {w:.2f} s ({c:.2f} CPU)" for name, (w, c) in spent.items())
    which = "the same edit, --full" if full else "windowed"
    print(f"  re-aligned after one edit ({which}): {wall:.2f} s wall ({cpu:.2f} s CPU), "
          f"{sum(encoded)} sentences encoded; {phases}; load average {os.getloadavg()[0]:.1f}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=("catalogue", "cache", "both", "realign", "realign-once"), default="both")
    ap.add_argument("--keep", type=Path, help="realign: keep the book and its embedding cache in this folder")
    ap.add_argument("--books", type=int, default=50)
    ap.add_argument("--model", help="neural score for the catalogue part: use-m3 or a model directory")
    ap.add_argument("--repeat", type=int, default=3, help="catalogue runs per configuration; the best is reported")
    ap.add_argument("--sentences", type=int, default=10_000)
    ap.add_argument("--full", action="store_true", help="realign-once: align the whole book, not a window")
    args = ap.parse_args()
    if args.part in ("catalogue", "both"):
        catalogue_part(args.books, args.model, args.repeat)
    if args.part in ("cache", "both"):
        cache_part(args.sentences)
    if args.part == "realign":
        realign_part(args.sentences, args.repeat, args.keep)
    if args.part == "realign-once":
        realign_once(args.keep, args.full)


if __name__ == "__main__":
    main()
