"""Corrections log at book scale: replay, apply and memory for a log of 100,000 events.

Builds a throwaway project in a temporary folder: a ~1 MB English book made of the sample
memoir's paragraphs repeated with varied openings (so every offset and sentence id is
real), and a log of realistic events written in the library's own format — proposals on
distinct words (quote, context, sentence id, category), approvals and rejections by the
two editors with correct bases, and comments, each signed by its actor's demo key. Then it
measures, each from a cold cache: replay of the whole log (once checking every signature,
as the first replay on a machine does, then with the verified-signature cache of
`align.signing`, kept in a temporary folder here), `apply` of the approved corrections,
and peak memory. Replays are timed by the clock and in CPU seconds, beside the load
average: on a shared machine the CPU time is the figure to compare.

    .venv/bin/python bench/log_bench.py [--events 100000] [--repeat 3]

Goal (issues #8, #13): replay of 100,000 signed events under 2 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

from demo_accounts import who

from align import signing
from align.corrections import apply
from align.corrections import log as store
from align.corrections.log import CorrectionLog
from align.corrections.model import CONTEXT_CHARS, Event, EventKind
from align.corrections.workspace import open_workspace
from align.project import Project

REPO = Path(__file__).resolve().parent.parent
DOC = "book"
# Peak memory of a process that only replays the log and applies it. VmHWM, not ru_maxrss:
# a child's ru_maxrss starts at this (big) parent's, as Linux carries it over fork and exec.
FRESH = f"""
import sys
from pathlib import Path
from align.corrections import apply
from align.project import Project
apply.corrected(Project(Path(sys.argv[1])), {DOC!r})
status = Path("/proc/self/status").read_text()
print(next(int(line.split()[1]) // 1024 for line in status.splitlines() if line.startswith("VmHWM")))
"""
WORD = re.compile(r"[A-Za-z]{4,}")
CATEGORIES = ("spelling", "grammar", "typography", "terminology", "transliteration", "other")


def build_book(copies: int, rng: random.Random) -> str:
    """The sample's paragraphs, `copies` times, each paragraph opened by a varied sentence."""
    sample = (REPO / "texts/en/meetings-with-trotsky.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in sample.split("\n\n") if p.strip()]
    out = []
    for k in range(copies):
        order = paragraphs[:]
        rng.shuffle(order)
        for j, p in enumerate(order):
            out.append(f"In part {k + 1}, passage {j + 1} reads as follows. {p}")
    return "\n\n".join(out) + "\n"


def make_project(root: Path, copies: int, rng: random.Random) -> Project:
    (root / "texts/en").mkdir(parents=True)
    (root / "corrections" / DOC).mkdir(parents=True)
    shutil.copy(REPO / "corrections/users.toml", root / "corrections/users.toml")
    (root / "texts/en" / f"{DOC}.txt").write_text(build_book(copies, rng), encoding="utf-8")
    return Project(root)


def write_log(project: Project, n_events: int, rng: random.Random) -> dict[str, int]:
    """Write `n_events`: 40% proposals, 20% approvals, 10% rejections, 30% comments."""
    ws = open_workspace(project, DOC)
    text = ws.text
    n_prop = int(n_events * 0.4)
    spans = [m.span() for m in WORD.finditer(text)]
    if len(spans) < n_prop:
        raise SystemExit(f"the book has {len(spans)} words, fewer than {n_prop} proposals: use more copies")
    spans = sorted(rng.sample(spans, n_prop))  # distinct words: approved ones never overlap
    clock = [0]

    def event(kind: str, cid: str, login: str, base: int, data: dict | None = None, reason: str = "") -> str:
        """One line signed by `login`'s demo account, as `Event.signed` makes it (with a made-up time)."""
        clock[0] += 1
        ms = clock[0]  # one millisecond apart: ids derive from content, so every event differs in its time
        t = f"2026-01-01T{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}Z"
        actor = who(login)
        e = Event("", EventKind(kind), cid, login, actor.role, t, base, data or {}, reason)
        message = signing.content_bytes(e.content())
        e = replace(e, id=signing.content_id("e-", message), sig=actor.sign(message))
        return json.dumps(e.to_json(), ensure_ascii=False, separators=(",", ":"))

    lines: list[str] = []
    proposed: list[str] = []
    for i, (start, end) in enumerate(spans):
        quote = text[start:end]
        cid = f"c-{i:010x}"
        seg = ws.seg.at(start)
        data = {"segment": seg.id, "start": start, "end": end, "quote": quote,
                "prefix": text[max(0, start - CONTEXT_CHARS):start], "suffix": text[end:end + CONTEXT_CHARS],
                "replacement": quote[::-1] if i % 3 else quote.upper(), "category": CATEGORIES[i % len(CATEGORIES)],
                "note": "generated for the log benchmark", "origin": "person" if i % 4 else "check:spelling"}
        lines.append(
            event("proposed", cid, "anna" if i % 4 else "checks", 0, data)
        )
        proposed.append(cid)
    rng.shuffle(proposed)
    n_app, n_rej = int(n_events * 0.2), int(n_events * 0.1)
    revision = dict.fromkeys(proposed, 1)
    for cid in proposed[:n_app]:
        lines.append(event("approved", cid, rng.choice(("boris", "clara")), 1))
        revision[cid] = 2
    for cid in proposed[n_app:n_app + n_rej]:
        lines.append(event("rejected", cid, rng.choice(("boris", "clara")), 1, reason="keep the original"))
        revision[cid] = 2
    while len(lines) < n_events:
        cid = rng.choice(proposed)
        login = rng.choice(("anna", "boris", "clara", "dmitri"))
        lines.append(event("commented", cid, login, revision[cid], reason=f"a remark by {login}"))
    project.doc_dir(DOC).joinpath("log.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"events": len(lines), "proposed": n_prop, "approved": n_app, "rejected": n_rej,
            "commented": len(lines) - n_prop - n_app - n_rej}


def cold_replay(project: Project) -> tuple[float, float, store.LogState]:
    """Seconds of wall-clock and of CPU (this process, all threads) for a replay, and its state."""
    store._SHARED.clear()  # as a fresh process would: nothing replayed yet,
    store._VERIFIED.clear()  # and the verified signatures read from the user's cache file
    t, cpu = time.perf_counter(), time.process_time()
    st = CorrectionLog(project, DOC).state()
    return time.perf_counter() - t, time.process_time() - cpu, st


def load() -> str:
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--copies", type=int, default=40, help="copies of the sample's paragraphs in the book")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(8)
    with tempfile.TemporaryDirectory(prefix="align-logbench-") as tmp:
        os.environ[signing.CACHE_ENV] = str(Path(tmp) / "cache")
        project = make_project(Path(tmp), args.copies, rng)
        ws = open_workspace(project, DOC)
        counts = write_log(project, args.events, rng)
        size = project.doc_dir(DOC).joinpath("log.jsonl").stat().st_size
        print(f"book: {len(ws.text) / 1e6:.2f} MB, {len(ws.seg.sentences)} sentences; "
              f"log: {counts['events']} events, {size / 1e6:.1f} MB ({counts})")

        seconds, cpu, st = cold_replay(project)
        assert st.problems == [] and st.events == counts["events"], st.problems[:3]
        print(f"first replay on this machine, every signature checked: {seconds:.2f} s, {cpu:.2f} s CPU "
              f"({st.events / seconds:,.0f} events/s; {load()})")
        times, cpus = [], []
        for _ in range(args.repeat):
            seconds, cpu, st = cold_replay(project)
            times.append(seconds)
            cpus.append(cpu)
        assert st.problems == [] and st.events == counts["events"], st.problems[:3]
        print(f"replay, signatures already verified (the cache): median {statistics.median(times):.2f} s, "
              f"best {min(times):.2f} s over {args.repeat} runs; CPU median {statistics.median(cpus):.2f} s "
              f"({st.events / statistics.median(times):,.0f} events/s; goal < 2 s; {load()})")

        t = time.perf_counter()
        CorrectionLog(project, DOC).state()
        print(f"re-read with nothing new appended: {(time.perf_counter() - t) * 1000:.2f} ms")

        times = []
        for _ in range(args.repeat):
            store._SHARED.clear()
            store._VERIFIED.clear()
            t = time.perf_counter()
            result = apply.corrected(project, DOC)
            times.append(time.perf_counter() - t)
        assert len(result.applied) == counts["approved"] and not result.conflicts and not result.orphaned
        print(
            f"apply (cold replay + relocate + apply {len(result.applied)} approved): "
            f"median {statistics.median(times):.2f} s; "
            f"corrected text {len(result.text) / 1e6:.2f} MB, {result.pending} pending"
        )

        store._SHARED.clear()
        tracemalloc.start()
        CorrectionLog(project, DOC).state()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        fresh = subprocess.run(
            [sys.executable, "-c", FRESH, str(project.root)], capture_output=True, text=True, check=True
        )
        print(f"memory: replay allocates {peak / 1e6:.0f} MB at peak (tracemalloc); peak RSS of a fresh process "
              f"that replays and applies: {fresh.stdout.strip()} MB (this benchmark's own process: "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, it also generated the log)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
