"""A catalogue aligned in one go: many documents on all local cores or on a Dask cluster.

A catalogue is a folder of projects (every document of every subfolder with texts/) or a
manifest listing source/target/output file triples or project documents. Each job runs in
a worker process through `run_job`, a plain importable function of picklable arguments, so
any `concurrent.futures.Executor` can run it: a local process pool, or the executor of a
Dask distributed `Client` when a backlist outgrows one machine (no scheduler of our own).

Every finished job is appended to the catalogue's journal (JSON lines, flushed and synced
one by one) with a fingerprint of its inputs; a rerun skips jobs journalled as done whose
inputs are unchanged and whose result is still there, so a crash costs only the jobs in
flight. A job that fails is journalled and listed with its reason; the others go on.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from align import document, jsonlog
from align.alignment import neural
from align.alignment.aligner import align
from align.alignment.evaluate import format_bead
from align.alignment.run import run_alignment
from align.alignment.store import paths as alignment_paths
from align.errors import AlignError, InputError, StorageError
from align.project import SOURCE_LANG, TARGET_LANG, Project, check_doc_id
from align.safe_io import write_atomic

JOURNAL_SUFFIX = ".journal.jsonl"
DIR_JOURNAL = ".align-batch.journal.jsonl"
_CATALOGUE_INSTALL = "pip install 'align[catalogue]'"


@dataclass(frozen=True)
class ProjectJob:
    """One document of a project, aligned and stored as `align DOC` does."""

    root: Path
    doc_id: str

    @property
    def key(self) -> str:
        return f"project\t{self.root}\t{self.doc_id}"

    @property
    def name(self) -> str:
        return f"{self.root.name}/{self.doc_id}"

    @property
    def output(self) -> Path:
        return alignment_paths(Project(self.root), self.doc_id)[0]

    def inputs(self) -> list[Path]:
        """Every file the alignment reads: both texts, the manual decisions, the glossaries."""
        project = Project(self.root)
        _, decisions = alignment_paths(project, self.doc_id)
        return [
            project.text_path(self.doc_id, SOURCE_LANG),
            project.text_path(self.doc_id, TARGET_LANG),
            decisions,
            project.corrections_dir / "glossary.toml",
            project.doc_dir(self.doc_id) / "glossary.toml",
        ]

    def run(self, model: neural.Encoder | None, full: bool = False) -> int:
        """Align the document as `align align` does (`full`: every sentence, as `--full`)."""
        return len(run_alignment(Project(self.root), self.doc_id, model=model, full=full))


@dataclass(frozen=True)
class FileJob:
    """Two presegmented files (one sentence a line) aligned into Vecalign beads in `output`,
    the lines `align --source --target --presegmented` prints."""

    source: Path
    target: Path
    output: Path
    cache_folder: Path  # the on-disk embedding cache the catalogue's file jobs share

    @property
    def key(self) -> str:
        return f"files\t{self.source}\t{self.target}\t{self.output}"

    @property
    def name(self) -> str:
        return str(self.output)

    def inputs(self) -> list[Path]:
        return [self.source, self.target]

    def run(self, model: neural.Encoder | None, full: bool = False) -> int:
        """Align the two files (always whole: nothing of an earlier run is kept)."""
        src = document.read_lines(self.source)
        tgt = document.read_lines(self.target)
        src_emb = tgt_emb = None
        if model is not None:
            src_emb = neural.embed(model, src, self.cache_folder)
            tgt_emb = neural.embed(model, tgt, self.cache_folder)
        beads = align(src, tgt, src_emb=src_emb, tgt_emb=tgt_emb)
        lines = "".join(format_bead(b.src, b.tgt, b.confidence) + "\n" for b in beads)
        try:
            self.output.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot write {self.output}: {exc.strerror}") from None
        write_atomic(self.output, lines.encode("utf-8"))
        return len(beads)


Job = ProjectJob | FileJob


@dataclass(frozen=True)
class Outcome:
    """What became of one job: its bead count, or why it failed."""

    job: Job
    beads: int = 0
    error: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.error


# -- finding the jobs -------------------------------------------------------------------


def project_jobs(folder: Path) -> list[ProjectJob]:
    """Every document of every project in `folder` (a subfolder with texts/, or `folder` itself)."""
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder of projects")
    root = folder.resolve()
    projects = [p for p in (root, *sorted(root.iterdir())) if (p / "texts").is_dir()]
    if not projects:
        raise InputError(f"{folder}: no project in it (a project is a folder with texts/)")
    return [ProjectJob(p, doc) for p in projects for doc in Project(p).documents()]


def manifest_jobs(manifest: Path) -> list[Job]:
    """The jobs a manifest lists; relative paths are relative to the manifest's folder.

    Tab-separated lines `SOURCE TARGET OUTPUT` (two files) or `PROJECT DOC` (a project's
    document); or, in a .jsonl file, objects {"source", "target", "output"} or {"project",
    "doc"}. Blank lines and lines starting with '#' are skipped.
    """
    text = document.read_text(manifest)
    base = manifest.resolve().parent
    cache = base / ".cache" / "embeddings"
    as_json = manifest.suffix in (".jsonl", ".json")
    jobs: list[Job] = []
    lines: dict[Path, int] = {}  # output -> the line naming it
    for n, line in enumerate(document.split_lines(text), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{manifest}:{n}"
        fields = _json_fields(line, where) if as_json else [f.strip() for f in line.split("\t")]
        if len(fields) == 3 and all(fields):
            job: Job = FileJob(base / fields[0], base / fields[1], base / fields[2], cache)
        elif len(fields) == 2 and all(fields):
            job = ProjectJob(base / fields[0], _doc_id(fields[1], where))
        else:
            shape = '{"source", "target", "output"} or {"project", "doc"}' if as_json else (
                "SOURCE<TAB>TARGET<TAB>OUTPUT or PROJECT<TAB>DOC")
            raise InputError(f"{where}: expected {shape}")
        if job.output in lines:
            raise InputError(f"{where}: writes the same output as line {lines[job.output]}")
        lines[job.output] = n
        jobs.append(job)
    if not jobs:
        raise InputError(f"{manifest}: no jobs in it")
    return jobs


def _json_fields(line: str, where: str) -> list[str]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not JSON ({exc.msg})") from None
    if not isinstance(row, dict) or not all(isinstance(v, str) for v in row.values()):
        raise InputError(f"{where}: expected an object of strings")
    for names in (("source", "target", "output"), ("project", "doc")):
        if set(row) == set(names):
            return [row[k] for k in names]
    return []


def _doc_id(value: str, where: str) -> str:
    try:
        return check_doc_id(value)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None


# -- the journal ------------------------------------------------------------------------


def default_journal(catalogue: Path) -> Path:
    """`FOLDER/.align-batch.journal.jsonl` for a folder of projects, `MANIFEST.journal.jsonl` for a manifest."""
    return catalogue / DIR_JOURNAL if catalogue.is_dir() else catalogue.with_name(catalogue.name + JOURNAL_SUFFIX)


def fingerprint(job: Job, model: str | None) -> str:
    """A hash of the model named and of every input file's name and bytes (absent files count too)."""
    digest = hashlib.sha256(f"model={model}".encode())
    for path in job.inputs():
        digest.update(f"\0{path}\0".encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0absent")
    return digest.hexdigest()


def _journal_row(row: dict[str, Any]) -> tuple[str, bool, str]:
    return str(row["job"]), bool(row["ok"]), str(row["fingerprint"])


@dataclass
class Journal:
    """The catalogue's record of finished jobs: one JSON line per job as it finishes."""

    path: Path
    done: dict[str, str] = field(default_factory=dict)  # job key -> fingerprint of a done run

    @classmethod
    def open(cls, path: Path) -> Journal:
        """The journal at `path`, read; a torn or foreign line (a crash mid-write) is ignored."""
        journal = cls(path)
        batch = jsonlog.read(path, jsonlog.Cursor(), _journal_row, "journal record")
        for _, (key, ok, fp) in batch.records if batch else ():
            if ok:
                journal.done[key] = fp
            else:
                journal.done.pop(key, None)
        return journal

    def is_done(self, job: Job, fp: str) -> bool:
        return self.done.get(job.key) == fp and job.output.is_file()

    def record(self, outcome: Outcome, fp: str) -> None:
        row: dict[str, Any] = {
            "job": outcome.job.key,
            "ok": outcome.ok,
            "fingerprint": fp,
            "beads": outcome.beads,
            "seconds": round(outcome.seconds, 3),
            "finished": jsonlog.now(),
        }
        if outcome.error:
            row["error"] = outcome.error
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot write the journal {self.path}: {exc.strerror}") from None
        with jsonlog.locked(self.path) as held:
            jsonlog.append(held, row)
        if outcome.ok:
            self.done[outcome.job.key] = fp


# -- running ----------------------------------------------------------------------------

_LOADED: dict[str, neural.Encoder] = {}  # per worker process: each model loaded once


def _encoder(spec: str) -> neural.Encoder:
    if spec not in _LOADED:
        _LOADED[spec] = neural.load_model(spec)
    model = _LOADED[spec]
    model.cache.clear()  # the on-disk cache serves; memory stays flat over a whole backlist
    return model


def run_job(job: Job, model: str | None = None, full: bool = False) -> Outcome:
    """Run one job in this (worker) process; any error is caught and returned as the reason."""
    start = time.perf_counter()
    try:
        beads = job.run(_encoder(model) if model else None, full)
    except AlignError as exc:
        return Outcome(job, error=str(exc), seconds=time.perf_counter() - start)
    except Exception as exc:  # a bug or a broken input must not stop the catalogue: name it
        return Outcome(job, error=f"{type(exc).__name__}: {exc}", seconds=time.perf_counter() - start)
    return Outcome(job, beads=beads, seconds=time.perf_counter() - start)


@dataclass
class BatchReport:
    """A catalogue run: jobs done now, skipped as done before, failed (with reasons)."""

    done: list[Outcome] = field(default_factory=list)
    skipped: list[Job] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)


def run_batch(
    jobs: Sequence[Job],
    executor: Executor,
    journal: Journal,
    model: str | None = None,
    force: bool = False,
    progress: bool = False,
) -> BatchReport:
    """Run every job not yet done on `executor`, journalling each as it finishes; with `force` every
    job, each document aligned whole (a project document changed since is otherwise aligned again
    only around the change, `align.alignment.reuse`)."""
    report = BatchReport()
    pending: dict[Future[Outcome], tuple[Job, str]] = {}
    for job in jobs:
        fp = fingerprint(job, model)
        if not force and journal.is_done(job, fp):
            report.skipped.append(job)
        else:
            pending[executor.submit(run_job, job, model, force)] = (job, fp)
    with tqdm(total=len(jobs), initial=len(report.skipped), unit="doc", disable=not progress) as bar:
        for future in as_completed(pending):
            job, fp = pending[future]
            try:
                outcome = future.result()
            except Exception as exc:  # the worker itself died (killed, out of memory, lost node)
                outcome = Outcome(job, error=f"worker lost: {type(exc).__name__}: {exc}")
            journal.record(outcome, fp)
            (report.done if outcome.ok else report.failed).append(outcome)
            bar.set_postfix(failed=len(report.failed), refresh=False)
            bar.update()
    return report


@contextmanager
def executor(workers: int | None = None, dask_scheduler: str | None = None, dask_local: int | None = None
             ) -> Iterator[Executor]:
    """Where jobs run: a pool of `workers` local processes (default: all cores), the Dask
    scheduler at `dask_scheduler`, or a local Dask cluster of `dask_local` worker processes."""
    if dask_scheduler is None and dask_local is None:
        pool = ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1)
        try:
            yield pool
        except BaseException:  # interrupted: drop the queued jobs rather than run them all first
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError(f"a Dask cluster needs dask distributed: {_CATALOGUE_INSTALL}") from None
    if dask_local is not None:
        with LocalCluster(n_workers=dask_local, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client.get_executor(pure=False)
        return
    try:
        client = Client(dask_scheduler, timeout=30)
    except OSError as exc:
        raise InputError(f"cannot reach the Dask scheduler at {dask_scheduler}: {exc}") from None
    with client:
        yield client.get_executor(pure=False)
