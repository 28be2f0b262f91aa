"""Glossary exchange and editing at the size of a large CAT termbase: seconds and file sizes.

    .venv/bin/python bench/glossary_bench.py [--terms 100000]

On a copy of the sample project (in a temporary folder): a generated termbase of N entries (a
Russian term, an English form, two variants to avoid, a note) exported as TBX and as CSV, read
back (parse and check every entry), imported into the empty project-wide glossary as an editor,
imported again (every entry unchanged), and one entry set in the N-entry glossary (the whole file is
read, checked and rewritten under its lock). Twice as many terms should take about twice as long.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the demo accounts' sign-in (people.who)

from people import who  # noqa: E402

from align.glossary import GlossaryEntry, edit, exchange, read_entries  # noqa: E402
from align.glossary.table import write_csv  # noqa: E402
from align.glossary.tbx import write_tbx  # noqa: E402
from align.project import Project  # noqa: E402

T = TypeVar("T")


def timed(what: str, fn: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = fn()
    print(f"{what:<44} {time.perf_counter() - start:7.2f} s")
    return result


def entries(n: int) -> list[GlossaryEntry]:
    return [GlossaryEntry(f"термин номер {k}", f"term number {k}", (f"terme {k}", f"term-number {k}"),
                          f"note on term {k}, as a termbase has them") for k in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--terms", type=int, default=100_000)
    n = parser.parse_args().terms
    with tempfile.TemporaryDirectory() as tmp:
        for folder in ("texts", "corrections"):
            shutil.copytree(ROOT / folder, Path(tmp) / folder, ignore=shutil.ignore_patterns("*.jsonl"))
        project = Project(Path(tmp))
        boris = who("boris")
        terms = entries(n)
        tbx = timed(f"write TBX, {n} entries", lambda: write_tbx(terms, "bench"))
        csv_ = timed(f"write CSV, {n} entries", lambda: write_csv(terms))
        print(f"{'sizes':<44} TBX {len(tbx) / 1e6:.1f} MB, CSV {len(csv_) / 1e6:.1f} MB")
        read = timed("read and check the TBX", lambda: exchange.read_file(tbx, "bench.tbx"))
        timed("read and check the CSV", lambda: exchange.read_file(csv_, "bench.csv"))
        done = timed("import the TBX into an empty glossary", lambda: exchange.import_terms(project, boris, read))
        print(f"{'':<44} {done.summary()}")
        again = timed("import it again (all unchanged)", lambda: exchange.import_terms(project, boris, read))
        print(f"{'':<44} {again.summary()}")
        timed(f"set one entry in the {n}-entry glossary",
              lambda: edit.set_term(project, boris, GlossaryEntry("Коминтерн", "Comintern", ("Komintern",))))
        assert len(read_entries(project)) == n + 1


if __name__ == "__main__":
    main()
