"""Load: 16 writer processes record and review corrections on one document for 30 s.

Half the writers are translators (anna) proposing corrections on random words of the
sample and now and then revising one of their pending proposals; the other half are
editors (boris, clara) approving or rejecting pending proposals with the revision they
saw — so they race each other and the revisers, and many writes are stale. One in ten
editor writes is deliberately stale (a base one behind). Every process logs what the
library accepted and what it refused. Afterwards the log is checked against those
counts: no accepted event lost, none duplicated, nothing extra, no stale write accepted,
no correction reviewed twice or approved after a rejection, and the replay is clean.

    .venv/bin/python bench/load_test.py [--writers 16] [--seconds 30]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import re
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

from demo_accounts import who

from align.corrections import review, workspace
from align.corrections.log import CorrectionLog
from align.errors import ConflictError
from align.project import Project

REPO = Path(__file__).resolve().parent.parent
DOC = "meetings-with-trotsky"


def translator(root: str, k: int, until: float, out: str) -> None:
    project = Project(Path(root))
    rng = random.Random(k)
    text = workspace.open_workspace(project, DOC).text
    words = [m.span() for m in re.finditer(r"[A-Za-z]{3,}", text)]
    accepted: list[str] = []
    refused: Counter[str] = Counter()
    mine: list[str] = []
    while time.time() < until:
        if mine and rng.random() < 0.2:
            cid = rng.choice(mine)
            c = CorrectionLog(project, DOC).state().corrections[cid]
            try:
                r = review.revise(project, DOC, who("anna"), cid, note=f"revised by writer {k}", base=c.revision)
                accepted.append(r.history[-1].id)
            except ConflictError:  # an editor reviewed it meanwhile, or it is no longer pending
                refused["revise: stale or reviewed"] += 1
            continue
        start, end = rng.choice(words)
        try:
            c = review.propose(project, DOC, who("anna"), start, end, text[start:end].swapcase(), note=f"writer {k}")
        except ConflictError:  # the same change of the same word is pending already (another writer's)
            refused["propose: already proposed"] += 1
            continue
        accepted.append(c.history[0].id)
        mine.append(c.id)
    Path(out).write_text(json.dumps({"accepted": accepted, "refused": refused, "stale_tried": 0, "stale_accepted": 0}))


def editor(root: str, k: int, until: float, out: str) -> None:
    project = Project(Path(root))
    rng = random.Random(100 + k)
    login = ("boris", "clara")[k % 2]
    accepted: list[str] = []
    refused: Counter[str] = Counter()
    stale_tried = stale_accepted = 0
    log = CorrectionLog(project, DOC)
    while time.time() < until:
        pending = [c for c in log.state().corrections.values() if c.status == "proposed"]
        if not pending:
            time.sleep(0.001)
            continue
        c = rng.choice(pending)
        base = c.revision
        stale = rng.random() < 0.1  # base one behind what it saw (0 for a fresh proposal)
        if stale:
            base, stale_tried = c.revision - 1, stale_tried + 1
        try:
            if rng.random() < 0.7:
                r = review.approve(project, DOC, who(login), c.id, base=base)
            else:
                r = review.reject(project, DOC, who(login), c.id, reason=f"editor {k} prefers the original", base=base)
            accepted.append(r.history[-1].id)
            stale_accepted += stale
        except ConflictError as exc:
            kind = "overlaps an approved one" if "overlaps" in str(exc) else "stale or already reviewed"
            refused[f"{'deliberately stale' if stale else 'review'}: {kind}"] += 1
    Path(out).write_text(json.dumps({"accepted": accepted, "refused": refused, "stale_tried": stale_tried,
                                     "stale_accepted": stale_accepted}))


def verify(project: Project, reports: list[dict]) -> list[str]:
    """Everything that is wrong with the log, given what the writers were told."""
    failures = []
    acknowledged = [e for r in reports for e in r["accepted"]]
    lines = CorrectionLog(project, DOC).path.read_bytes().splitlines()
    ids = [json.loads(line)["event"] for line in lines]
    if len(set(acknowledged)) != len(acknowledged):
        failures.append("a writer was handed the same event id twice")
    if len(ids) != len(set(ids)):
        failures.append(f"{len(ids) - len(set(ids))} event lines duplicated in the log")
    if lost := set(acknowledged) - set(ids):
        failures.append(f"{len(lost)} acknowledged events missing from the log")
    if extra := set(ids) - set(acknowledged):
        failures.append(f"{len(extra)} events in the log that no writer was told were recorded")
    st = CorrectionLog(project, DOC).state()
    if st.problems:
        failures.append(f"replay problems: {st.problems[:3]}")
    for c in st.corrections.values():
        kinds = [e.type for e in c.history]
        reviews = [t for t in kinds if t in ("approved", "rejected", "withdrawn")]
        if len(reviews) > 1:
            failures.append(f"{c.id} reviewed more than once: {kinds}")
        if reviews and kinds.index(reviews[0]) != len([t for t in kinds if t != "commented"]) - 1:
            failures.append(f"{c.id} changed after its review: {kinds}")
        revision = 1
        for e in c.history[1:]:
            if e.type != "commented":
                if e.base != revision:
                    failures.append(
                        f"{c.id}: a {e.type} based on revision {e.base} was accepted at revision {revision}"
                    )
                revision += 1
    if stale := sum(r["stale_accepted"] for r in reports):
        failures.append(f"{stale} deliberately stale writes were accepted")
    return failures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--writers", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=30.0)
    args = ap.parse_args()
    ctx = mp.get_context("fork")
    with tempfile.TemporaryDirectory(prefix="align-load-") as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(REPO / "texts", root / "texts")
        shutil.copytree(REPO / "corrections", root / "corrections", ignore=shutil.ignore_patterns("log.jsonl*"))
        project = Project(root)
        workspace.open_workspace(project, DOC)  # segment once before forking
        for login in ("anna", "boris", "clara"):
            who(login)  # and sign in: the writers sign with keys unlocked here
        start = time.time() + 0.5
        until = start + args.seconds
        procs = []
        for k in range(args.writers):
            role = translator if k % 2 == 0 else editor
            out = str(Path(tmp) / f"writer-{k}.json")
            procs.append((ctx.Process(target=role, args=(str(root), k, until, out)), out))
        for p, _ in procs:
            p.start()
        for p, _ in procs:
            p.join()
        if failed := [p.exitcode for p, _ in procs if p.exitcode != 0]:
            print(f"{len(failed)} writer(s) failed: exit codes {failed}")
            return 1
        elapsed = time.time() - start
        reports = [json.loads(Path(out).read_text()) for _, out in procs]
        accepted = sum(len(r["accepted"]) for r in reports)
        refused: Counter[str] = Counter()
        for r in reports:
            refused.update(r["refused"])
        st = CorrectionLog(project, DOC).state()
        statuses = Counter(c.status for c in st.corrections.values())
        kinds = Counter(e.type for c in st.corrections.values() for e in c.history)
        print(
            f"{args.writers} writers ({(args.writers + 1) // 2} translators, {args.writers // 2} editors) "
            f"for {elapsed:.1f} s"
        )
        print(f"accepted writes: {accepted} ({accepted / elapsed:.0f} events/s): {dict(kinds)}")
        print(f"refused writes: {sum(refused.values())}: {dict(refused)}")
        print(f"deliberately stale writes: {sum(r['stale_tried'] for r in reports)} tried, "
              f"{sum(r['stale_accepted'] for r in reports)} accepted")
        print(f"corrections: {len(st.corrections)} {dict(statuses)}; log {st.events} events")
        failures = verify(project, reports)
        for f in failures:
            print(f"FAIL: {f}")
        print("OK: no event lost or duplicated, no stale or conflicting write accepted" if not failures else
              f"{len(failures)} failure(s)")
        return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
