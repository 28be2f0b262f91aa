"""The whole pipeline on a generated book: wall time and peak memory of each step.

Generates a book pair (`align.alignment.synthetic` in the sample's words, as
bench/generate_book.py writes it: 10,000 Russian / ~10,500 English sentences with splits,
merges, an omitted passage, untranslated paragraphs and injected errors) in a temporary
project, then runs each step as the CLI command a user would type, in its own process, so
each step's peak memory is its own: the most its process and any processes it starts (suggest's
second process, on a book) held at once, sampled every 20 ms, or its own max RSS if more:

    segment -> align -> suggest --propose -> approve (all of two checks, one batch) -> apply -> export

    .venv/bin/python bench/pipeline_bench.py [--ru 10000] [--keep DIR]

Goals (2-core machine): whole pipeline under 30 s, every step under 1.5 GB.
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

import psutil

from align.alignment.synthetic import DOC_ID, write_project

from generate_book import sample_book_pair

ROOT = Path(__file__).resolve().parents[1]
APPROVE_ALL = f"""
import sys
from pathlib import Path
from align.corrections import review, workspace
from align.project import Project
from demo_accounts import who
p = Project(Path(sys.argv[1]))
todo = [a.correction for a in workspace.list_corrections(p, "{DOC_ID}", ["proposed"])
        if a.correction.rule in ("context.real-word", "typography.space-before-punctuation")]
done = review.approve_many(p, "{DOC_ID}", who("boris"), [(c.id, c.revision) for c in todo])
print(len(done.decided), "approved in one write;", len(done.refused), "refused")
"""


def _tree_rss(proc: psutil.Process) -> int:
    """Bytes resident in a process and its descendants now (those that end meanwhile count 0)."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def run(step: str, args: list[str], project: Path) -> tuple[float, float, str]:
    """Run one step in a child process: (seconds, its peak memory in MB, last line of output)."""
    # the only step that signs is `suggest --propose`, as the checks account (its published demo password)
    # the approve step imports bench/demo_accounts.py, whatever folder the bench runs from
    path = os.pathsep.join(filter(None, [str(ROOT / "bench"), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "ALIGN_PROJECT": str(project), "ALIGN_PASSWORD": "demo-checks", "PYTHONPATH": path}
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *args], env=env, stdout=log, stderr=subprocess.STDOUT)
        tree, peak = psutil.Process(proc.pid), 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)  # reaps the child once done: its own rusage
            if pid:
                break
            try:
                peak = max(peak, _tree_rss(tree))
            except psutil.NoSuchProcess:
                pass  # ended between the two calls: wait4 reaps it next
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    if proc.returncode:
        sys.exit(f"{step} failed ({proc.returncode}): {output[-2000:]}")
    lines = output.strip().splitlines()
    return seconds, max(peak / 2**20, usage.ru_maxrss / 1024), lines[-1] if lines else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ru", type=int, default=10_000, help="Russian sentences in the generated book")
    ap.add_argument("--keep", type=Path, help="build the project here and keep it (default: a temp folder)")
    args = ap.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="align-pipeline-"))
    book = sample_book_pair(args.ru)
    write_project(book, folder)
    shutil.copy(ROOT / "corrections" / "users.toml", folder / "corrections" / "users.toml")
    words = sum(len(s.split()) for s in book.en_sentences)
    print(f"book: {len(book.ru_sentences)} ru / {len(book.en_sentences)} en sentences, {words} English words; {folder}")

    out = folder / "out"
    out.mkdir(exist_ok=True)
    m = ["-m", "align"]
    steps = [
        ("segment", [*m, "segment", DOC_ID, "--format", "jsonl"]),
        ("align", [*m, "align", DOC_ID]),
        ("suggest --propose", [*m, "suggest", DOC_ID, "--propose", "--user", "checks"]),
        ("approve two checks", ["-c", APPROVE_ALL, str(folder)]),
        ("apply", [*m, "apply", DOC_ID, "-o", str(out / "book.txt")]),
        ("export docx-tracked", [*m, "export", DOC_ID, "--to", "docx-tracked", "-o", str(out / "book.docx")]),
        ("export tmx", [*m, "export", DOC_ID, "--to", "tmx", "-o", str(out / "book.tmx")]),
    ]
    total, worst = 0.0, 0.0
    print(f"{'step':<22}{'seconds':>9}{'peak MB':>10}  last output line")
    for name, cmd in steps:
        seconds, peak, last = run(name, cmd, folder)
        total, worst = total + seconds, max(worst, peak)
        print(f"{name:<22}{seconds:>9.2f}{peak:>10.0f}  {last[:70]}")
    print(f"{'total':<22}{total:>9.2f}{worst:>10.0f}  (goals: < 30 s, < 1536 MB)")
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
