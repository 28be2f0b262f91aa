"""Automatic checks that suggest corrections to the English (never applied on their own).

Each family is a module with `check(CheckInput) -> list[Finding]`; `CHECKS` names them for
`align suggest --checks`. `check_text` runs them on any text (benchmarks, tests);
`run_checks` loads a stored document, its glossary and, where stored, its alignment.
Asked to (`parallel`, as `align suggest` does), on a long text with a second core free, the
families of `SECOND_PROCESS` run in a second process beside the others: a whole book's checks
take about half the time in a one-shot command. A long-running caller (the UI) leaves it off:
its own process keeps every family's word lists loaded, and a second process starts cold.
The Russian source has its own families (`CHECKS_RU`: spelling only), reported, never proposed.
`RULE_NAMES` / `rule_name` give each finding's rule a name people read (align.checks.rules).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import partial

import numpy as np

from align.alignment import neural
from align.alignment.embedding_cache import project_folder
from align.alignment.neural import Encoder
from align.alignment.store import Bead, load_alignment
from align.checks import (
    context,
    false_friends,
    glossary_check,
    grammar,
    names,
    source,
    spelling,
    spelling_ru,
    typography,
    variants,
)
from align.checks.model import CheckInput, Finding, clear_of
from align.checks.rules import RULE_NAMES, rule_name
from align.corrections.model import Category
from align.errors import InputError
from align.glossary import Glossary, load_glossary
from align.project import Project
from align.segment import Segmentation, load_segmentation

__all__ = ["Category", "CHECKS", "CHECKS_RU", "RULE_NAMES", "CheckInput", "Finding", "check_text", "load_source",
           "rule_name", "run_checks"]

CHECKS: dict[str, Callable[[CheckInput], list[Finding]]] = {
    "typography": typography.check,
    "spelling": spelling.check,
    "names": names.check,
    "glossary": glossary_check.check,
    "source": source.check,
    "false-friends": false_friends.check,
    "grammar": grammar.check,
    "context": context.check,
    "variants": variants.check,
}
CHECKS_RU: dict[str, Callable[[CheckInput], list[Finding]]] = {"spelling": spelling_ru.check}
# When word-level findings of two checks overlap, the earlier family's win and a later one's
# is dropped (the glossary is the editors' own decision; spelling is the least certain).
_WORD_PRIORITY = ("glossary", "names", "source", "false-friends", "variants", "grammar", "context", "spelling")
# Families that run in a second process on a long text: together (harper and the agreement chunker,
# the comparison with the Russian) they cost about what the rest do.
SECOND_PROCESS = frozenset({"grammar", "source", "false-friends"})
# Words a text needs before a second process pays: starting one and loading its word lists costs ~3 s.
SECOND_PROCESS_MIN_WORDS = 50_000


def _families(lang: str) -> dict[str, Callable[[CheckInput], list[Finding]]]:
    return CHECKS_RU if lang == "ru" else CHECKS


def _resolve(checks: Sequence[str] | None, lang: str = "en") -> list[str]:
    families = _families(lang)
    if checks is None:
        return list(families)
    unknown = [c for c in checks if c not in families]
    if unknown:
        side = " on the Russian" if lang == "ru" else ""
        raise InputError(f"unknown check {', '.join(unknown)}{side}: choose from {', '.join(families)}")
    return list(dict.fromkeys(checks))


def check_text(
    text: str,
    segmentation: Segmentation,
    glossary: Glossary | None = None,
    checks: Sequence[str] | None = None,
    ru: Segmentation | None = None,
    beads: Sequence[Bead] | None = None,
    lang: str = "en",
    parallel: bool = False,
    embed: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> list[Finding]:
    """Run the named checks (default all of the language's) on a text; findings sorted by position.
    `parallel`: see the module's docstring (the process is spawned, so a script calling this runs
    its work under `if __name__ == "__main__":`). `embed`: a sentence encoder through which the
    Russian of the beads has a say on the context check's candidates (`align.checks.source_fit`)."""
    inp = CheckInput(text, segmentation, glossary or Glossary(), ru, tuple(beads) if beads is not None else None, embed)
    names = _resolve(checks, lang)
    by_check = _run_two_processes(inp, names, lang) if parallel else _run(inp, names, lang)
    kept: list[Finding] = list(by_check.get("typography", []))
    taken: list[tuple[int, int]] = []
    for name in _WORD_PRIORITY:
        kept += clear_of(by_check.get(name, []), taken)
        taken += [(f.start, f.end) for f in by_check.get(name, []) if f.replacement is not None]
    return sorted(kept, key=lambda f: (f.start, f.end, f.rule))


def _run_two_processes(inp: CheckInput, names: list[str], lang: str) -> dict[str, list[Finding]]:
    """Each named family's findings. Those of SECOND_PROCESS run in a second process (spawned: it
    inherits no lock another thread holds) while this one runs the rest, when the text is long
    and this process may use two cores."""
    there = [n for n in names if n in SECOND_PROCESS]
    if not there or len(there) == len(names) or _cores() < 2 or len(inp.text.split()) < SECOND_PROCESS_MIN_WORDS:
        return _run(inp, names, lang)
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        second = pool.submit(_run, replace(inp, embed=None), there, lang)  # the encoder stays here
        found = _run(inp, [n for n in names if n not in SECOND_PROCESS], lang)
        return found | second.result()


def _run(inp: CheckInput, names: list[str], lang: str) -> dict[str, list[Finding]]:
    families = _families(lang)
    return {name: families[name](inp) for name in names}


def _cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def load_source(project: Project, doc_id: str) -> tuple[Segmentation, list[Bead]] | None:
    """The Russian sentences and stored alignment of a document, or None when either is missing."""
    if not project.has_text(doc_id, "ru"):
        return None
    beads = load_alignment(project, doc_id)
    if not beads:
        return None
    return load_segmentation(project, doc_id, "ru"), list(beads)


def run_checks(
    project: Project, doc_id: str, checks: Sequence[str] | None = None, lang: str = "en", parallel: bool = False,
    model: Encoder | None = None,
) -> list[Finding]:
    """All findings for one side of a stored document (its glossary applied; the source check needs an
    alignment); offsets are into that side's stored text. `parallel` as for `check_text`; `model`, a
    sentence encoder (`align.alignment.neural.load_model`) for the source's say on the context check,
    reading and filling the project's embedding cache."""
    names_ = _resolve(checks, lang)
    if lang == "ru":
        ru_side = load_segmentation(project, doc_id, "ru")
        return check_text(ru_side.text, ru_side, load_glossary(project, doc_id), names_, lang="ru", parallel=parallel)
    en = load_segmentation(project, doc_id, "en")
    embed = partial(neural.embed, model, cache_folder=project_folder(project)) if model and "context" in names_ \
        else None
    src = load_source(project, doc_id) if {"source", "false-friends"} & set(names_) or embed else None
    ru, beads = src if src else (None, None)
    return check_text(en.text, en, load_glossary(project, doc_id), names_, ru, beads, parallel=parallel, embed=embed)
