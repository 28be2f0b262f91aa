"""Approving every pending proposal of a book: one review at a time against one batch (`review.approve_many`).

Runs on a project that bench/pipeline_bench.py kept (its generated book, ~1,400 check proposals):

    .venv/bin/python bench/pipeline_bench.py --keep /tmp/book
    .venv/bin/python bench/review_bench.py /tmp/book

Each way runs on its own copy of the project, in its own process (a cold log cache, as a CLI
command has), and prints its CPU seconds: listing the proposals, then approving them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from align.alignment.synthetic import DOC_ID

WAYS = ("one by one", "one batch")


def approve_all(folder: Path, way: str) -> None:
    """Approve every pending proposal of the project in `folder` as the editor boris, `way`; print the times."""
    from demo_accounts import who

    from align.corrections import review, workspace
    from align.errors import AlignError
    from align.project import Project

    project, boris = Project(folder), who("boris")  # signed in before the clock starts (argon2)
    start = time.process_time()
    todo = [(a.correction.id, a.correction.revision) for a in workspace.list_corrections(project, DOC_ID, ["proposed"])]
    listed = time.process_time() - start
    refused = 0
    if way == "one by one":
        for cid, base in todo:
            try:
                review.approve(project, DOC_ID, boris, cid, base=base)
            except AlignError:
                refused += 1
    else:
        refused = len(review.approve_many(project, DOC_ID, boris, todo).refused)
    print(f"{way:>10}: {len(todo)} proposals, {refused} refused; CPU {time.process_time() - start - listed:.2f} s "
          f"approving (listing them {listed:.2f} s); load {os.getloadavg()[0]:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("project", type=Path, help="a project kept by pipeline_bench.py --keep")
    ap.add_argument("--way", choices=WAYS, help=argparse.SUPPRESS)  # one way, in this process (the child's run)
    args = ap.parse_args()
    if args.way:
        approve_all(args.project, args.way)
        return
    for way in WAYS:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "project"
            shutil.copytree(args.project, copy)
            subprocess.run([sys.executable, __file__, str(copy), "--way", way], check=True)


if __name__ == "__main__":
    main()
