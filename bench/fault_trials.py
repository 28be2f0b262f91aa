"""Faults: kill -9 a writer at a random moment, 100 times, and check the log every time.

Each trial forks a writer that records proposals through the library in a loop (one in
twenty with a long note of 16-64 KB, so that a write spans many pages), tells the parent
each event id the library acknowledged, and is killed with SIGKILL after a random
20-400 ms. The library writes each line with one write(), which a kill on a local disk
practically never cuts; so in every other trial the writer's os.write is slowed to
512-byte pieces with a pause between them (as a line may land on a network or failing
disk), and kills leave torn lines. After every kill the log is replayed from scratch: it
must replay, every acknowledged event must be in it, and at most one new problem (the
torn line of the killed write) may appear. All trials share one log, as a project would.

    .venv/bin/python bench/fault_trials.py [--trials 100]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import tempfile
import time
from pathlib import Path

from demo_accounts import who

from align import jsonlog, signing
from align.corrections import log as store
from align.corrections import review, workspace
from align.corrections.log import CorrectionLog
from align.project import Project

REPO = Path(__file__).resolve().parent.parent
DOC = "meetings-with-trotsky"


class PiecewiseOs:
    """`os` for align.jsonlog whose write() lands in small pieces with pauses: kills can tear lines."""

    def __getattr__(self, name: str):
        return getattr(os, name)

    @staticmethod
    def write(fd: int, data: bytes) -> int:
        for i in range(0, len(data), 512):
            os.write(fd, data[i : i + 512])
            time.sleep(0.0005)
        return len(data)


def writer(project: Project, seed: int, ack_fd: int) -> None:
    """Propose forever, reporting each acknowledged event id on `ack_fd` (one atomic pipe write each)."""
    rng = random.Random(seed)
    if seed % 2:
        jsonlog.os = PiecewiseOs()  # this forked child only
    seg = workspace.open_workspace(project, DOC).seg
    while True:
        s = rng.choice(seg.sentences)
        note = "x" * rng.randint(16_000, 64_000) if rng.random() < 0.05 else f"trial writer {seed}"
        c = review.propose(project, DOC, who("anna"), s.start, s.start + 1, "#", note=note)
        os.write(ack_fd, (c.history[0].id + "\n").encode())


def trial(project: Project, seed: int, rng: random.Random) -> list[str]:
    """Run one writer, kill it at a random moment; return the event ids it was told were recorded."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the writer
        os.close(read_fd)
        try:
            writer(project, seed, write_fd)
        finally:
            os._exit(1)
    os.close(write_fd)
    time.sleep(rng.uniform(0.02, 0.4))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    with os.fdopen(read_fd, "rb") as fh:
        return fh.read().decode().split()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=100)
    args = ap.parse_args()
    rng = random.Random(6)
    with tempfile.TemporaryDirectory(prefix="align-faults-") as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "texts", root / "texts")
        shutil.copytree(REPO / "corrections", root / "corrections", ignore=shutil.ignore_patterns("log.jsonl*"))
        os.environ[signing.CACHE_ENV] = str(root / "cache")  # verified signatures: not in the user's home
        project = Project(root)
        workspace.open_workspace(project, DOC)  # segmented once, before forking
        who("anna")  # signed in once, before forking: the writers sign with her unlocked key
        acknowledged: set[str] = set()
        problems_before = 0
        torn = [0, 0]  # trials that left a torn line: [whole writes, piecewise writes]
        max_new = lost = 0
        worst_replay = 0.0
        failures = []
        for i in range(args.trials):
            acknowledged.update(trial(project, i, rng))
            store._SHARED.clear()  # replay from scratch, as a freshly started process would
            t = time.perf_counter()
            st = CorrectionLog(project, DOC).state()
            worst_replay = max(worst_replay, time.perf_counter() - t)
            new = len(st.problems) - problems_before
            problems_before = len(st.problems)
            torn[i % 2] += new > 0
            max_new = max(max_new, new)
            missing = acknowledged - st.seen_events
            lost += len(missing)
            if new > 1 or missing:
                failures.append(f"trial {i}: {new} new problems, {len(missing)} acknowledged events missing")
        after = review.propose(project, DOC, who("anna"), 0, 2, "Mx")  # the log still takes writes
        store._SHARED.clear()
        st = CorrectionLog(project, DOC).state()
        size = CorrectionLog(project, DOC).path.stat().st_size
        print(
            f"{args.trials} writers killed with SIGKILL at random moments; log {size / 1e6:.1f} MB, {st.events} events"
        )
        print(f"acknowledged events: {len(acknowledged)}, all in the log: {lost == 0} ({lost} missing)")
        print(
            f"trials that left a torn line: {torn[0]} of {(args.trials + 1) // 2} with the library's "
            f"whole-line writes, {torn[1]} of {args.trials // 2} with piecewise writes; "
            f"most new problems in one trial: {max_new} (allowed 1)"
        )
        print(f"problems reported at the end: {len(st.problems)}" + (f", e.g. {st.problems[0]}" if st.problems else ""))
        print(f"slowest replay from scratch: {worst_replay * 1000:.0f} ms; append after all kills: "
              f"{'ok' if after.id in st.corrections else 'LOST'}")
        for f in failures:
            print(f"FAIL: {f}")
        return 1 if failures or after.id not in st.corrections else 0


if __name__ == "__main__":
    raise SystemExit(main())
