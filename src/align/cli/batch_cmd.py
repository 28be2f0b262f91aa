"""`batch`: align a catalogue (a folder of projects or a manifest) on all cores or a Dask cluster."""

from __future__ import annotations

import argparse
from pathlib import Path

from align.alignment import batch
from align.errors import InputError


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return number


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "batch",
        help="align every document of a folder of projects, or of a manifest; resumable",
        description="Align a catalogue: each subfolder of PROJECTS_DIR with texts/ is a project and every "
                    "document in it is aligned and stored as `align DOC` does; or the jobs of --manifest "
                    "(tab-separated SOURCE TARGET OUTPUT or PROJECT DOC lines, or JSON lines). Finished jobs "
                    "are journalled; a rerun skips those done with unchanged inputs.",
    )
    p.add_argument("projects_dir", nargs="?", type=Path, metavar="PROJECTS_DIR", help="a folder of projects")
    p.add_argument("--manifest", type=Path, metavar="FILE", help="a manifest of jobs instead of PROJECTS_DIR")
    p.add_argument("--model", default=None, metavar="use-m3|DIR", help="optional neural score, as for `align`")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_positive, metavar="N", help="local worker processes (default: all cores)")
    where.add_argument("--dask-scheduler", metavar="ADDRESS", help="run on this Dask distributed scheduler")
    where.add_argument("--dask-local", type=_positive, metavar="N", help="run on a local Dask cluster of N workers")
    p.add_argument("--force", action="store_true",
                   help="redo every job, each document aligned whole (not only around a change)")
    p.add_argument(
        "--journal", type=Path, metavar="FILE", help="the journal of finished jobs (default: next to the catalogue)"
    )
    p.set_defaults(handler=run_batch, needs_project=False)


def run_batch(args: argparse.Namespace, _project: None) -> int:
    if (args.projects_dir is None) == (args.manifest is None):
        raise InputError("name a folder of projects, or --manifest FILE (not both)")
    catalogue = args.manifest or args.projects_dir
    jobs = batch.manifest_jobs(args.manifest) if args.manifest else batch.project_jobs(args.projects_dir)
    journal = batch.Journal.open(args.journal or batch.default_journal(catalogue))
    with batch.executor(args.workers, args.dask_scheduler, args.dask_local) as pool:
        report = batch.run_batch(jobs, pool, journal, model=args.model, force=args.force, progress=True)
    print(
        f"{len(jobs)} jobs: {len(report.done)} aligned, {len(report.skipped)} skipped (done before), "
        f"{len(report.failed)} failed; journal {journal.path}"
    )
    for outcome in report.failed:
        print(f"  failed {outcome.job.name}: {outcome.error}")
    return 1 if report.failed else 0
