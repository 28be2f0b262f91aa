"""A book-sized project made of the sample document repeated, for speed benchmarks.

Unlike bench/generate_book.py (random sentences with a gold alignment), this keeps the
sample's real prose, names and errors, so the checks and the UI see realistic text.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from align.project import Project

REPO = Path(__file__).resolve().parents[1]
DOC = "meetings-with-trotsky"


def repeated_sample(root: Path, copies: int) -> Project:
    """A project in `root` whose sample texts (both languages) hold `copies` copies of the sample."""
    for lang in ("en", "ru"):
        text = (REPO / "texts" / lang / f"{DOC}.txt").read_text(encoding="utf-8").strip("\n")
        (root / "texts" / lang).mkdir(parents=True)
        (root / "texts" / lang / f"{DOC}.txt").write_text("\n\n".join([text] * copies) + "\n", encoding="utf-8")
    shutil.copy(REPO / "texts" / f"{DOC}.toml", root / "texts")
    shutil.copytree(REPO / "corrections", root / "corrections",
                    ignore=shutil.ignore_patterns("log.jsonl*", "alignment*", "*.lock"))
    return Project(root)
