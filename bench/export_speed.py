"""How long each export format takes on a long book.

Builds a tmp project whose English and Russian are the sample copied N times (default 25,
about 5,550 English sentences), stores the gold alignment repeated per copy, records every
"tines"->"times" and "Spinosa"->"Spinoza" as an approved correction and every "pince-nez
glasses" as a pending one, then times `align.export.export` for every format.

    .venv/bin/python bench/export_speed.py [--copies 25]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from demo_accounts import who

from align.alignment.evaluate import read_alignment
from align.alignment.store import Bead
from align.corrections import review, workspace
from align.document import load
from align.export import available_formats, export
from align.project import Project
from align.segment import segment

from sample_book import DOC, REPO, repeated_sample


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    replacement: str
    category: str
    rule: str = "bench"
    message: str = ""


def store_alignment(project: Project, copies: int) -> int:
    ru = segment(load(project, DOC, "ru")).sentences
    en = workspace.open_workspace(project, DOC).seg.sentences
    gold = read_alignment(REPO / "tests/data/sample_alignment_gold.txt")
    n_ru, n_en = len(ru) // copies, len(en) // copies
    beads = [Bead(tuple(ru[k * n_ru + i].id for i in r), tuple(en[k * n_en + j].id for j in e))
             for k in range(copies) for r, e in gold]
    (project.doc_dir(DOC) / "alignment.jsonl").write_text(
        "".join(json.dumps(b.to_dict()) + "\n" for b in beads), encoding="utf-8")
    return len(beads)


def record_corrections(project: Project) -> tuple[int, int]:
    text = workspace.open_workspace(project, DOC).text

    def findings(old: str, new: str, category: str) -> list[Finding]:
        return [Finding(m.start(), m.end(), new, category) for m in re.finditer(re.escape(old), text)]

    review.propose_findings(project, DOC, who("checks"),
                            findings("tines", "times", "spelling") + findings("Spinosa", "Spinoza", "transliteration"))
    to_approve = [a.correction.id for a in workspace.list_corrections(project, DOC, ["proposed"])]
    for cid in to_approve:
        review.approve(project, DOC, who("boris"), cid)
    pending, _ = review.propose_findings(project, DOC, who("checks"),
                                         findings("pince-nez glasses", "pince-nez", "other"))
    return len(to_approve), pending


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=25)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        project = repeated_sample(root, args.copies)
        beads = store_alignment(project, args.copies)
        approved, pending = record_corrections(project)
        sentences = len(workspace.open_workspace(project, DOC).seg.sentences)
        print(f"book: {args.copies} copies of the sample, {sentences} English sentences, {beads} beads, "
              f"{approved} approved + {pending} pending corrections")
        print(f"{'format':<14}{'seconds':>9}{'bytes':>12}")
        for fmt in (f.name for f in available_formats(project, DOC)):  # not EPUB/FB2: the sample is plain text
            out = root / f"out.{fmt}"
            t = time.perf_counter()
            result = export(project, DOC, fmt, out)
            took = time.perf_counter() - t
            assert result.pending == pending
            print(f"{fmt:<14}{took:>9.2f}{out.stat().st_size:>12,}")


if __name__ == "__main__":
    main()
