"""Stored alignment and manual decisions (link, unlink, merge, split) surviving re-runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from align.alignment.decisions import link, merge, split, unlink
from align.alignment.run import run_alignment
from align.alignment.store import load_alignment, source_for
from align.errors import ConflictError, InputError, PermissionDenied
from align.project import Project

ROOT = Path(__file__).resolve().parents[1]
DOC = "meetings-with-trotsky"


def _covers_once(beads: list) -> None:
    ru = [x for b in beads for x in b.ru]
    en = [x for b in beads for x in b.en]
    assert len(ru) == len(set(ru)) == 123 and len(en) == len(set(en)) == 222


def test_stored_file_is_one_bead_per_line(project: Project) -> None:
    assert load_alignment(project, DOC) is None
    beads = run_alignment(project, DOC)
    lines = (project.doc_dir(DOC) / "alignment.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(beads) and set(json.loads(lines[0])) >= {"ru", "en", "score", "confidence", "manual"}
    assert load_alignment(project, DOC) == beads
    first = next(b for b in beads if b.ru and b.en)
    assert source_for(beads, first.en[0]) == first.ru
    assert source_for(beads, beads[-1].en[0]) == ()  # the English tail has no source


def test_decisions_are_manual_and_survive_rerun(project: Project) -> None:
    beads = run_alignment(project, DOC)
    pairs = [b for b in beads if b.ru and b.en]
    a, b = pairs[10], pairs[11]
    merged = merge(project, DOC, a, b, "boris")
    big = next(x for x in merged if x.ru == a.ru + b.ru)
    assert big.manual and big.en == a.en + b.en
    _covers_once(merged)
    # Split it back differently: first Russian sentence alone with nothing.
    after = split(project, DOC, big, big.ru[:1], (), "boris")
    assert any(x.ru == big.ru[:1] and not x.en and x.manual for x in after)
    # A link the aligner would never make: a late English sentence with the first Russian one.
    c = pairs[40]
    unlink(project, DOC, c.ru, c.en, "clara")
    tail_en = beads[-1].en
    with pytest.raises(ConflictError):
        link(project, DOC, beads[0].ru, tail_en, "clara")  # crosses the manual beads above
    rerun = run_alignment(project, DOC)
    _covers_once(rerun)
    assert any(x.ru == big.ru[:1] and not x.en and x.manual for x in rerun)
    assert any(x.ru == big.ru[1:] and x.en == big.en and x.manual for x in rerun)
    assert all(source_for(rerun, e) == () for e in c.en)
    decisions = (project.doc_dir(DOC) / "alignment-decisions.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(d)["op"] for d in decisions] == ["merge", "split", "unlink"]
    assert json.loads(decisions[0])["user"] == "boris" and json.loads(decisions[0])["at"]


def test_link_overrides_the_aligner(project: Project) -> None:
    beads = run_alignment(project, DOC)
    pairs = [b for b in beads if b.ru and b.en and len(b.ru) == 1 and len(b.en) == 1]
    p, q = pairs[5], pairs[6]
    link(project, DOC, p.ru, p.en + q.en, "boris")  # q's Russian loses its English
    rerun = run_alignment(project, DOC)
    assert any(x.ru == p.ru and x.en == p.en + q.en and x.manual for x in rerun)
    assert source_for(rerun, q.en[0]) == p.ru
    _covers_once(rerun)


def test_bad_decisions_are_refused(project: Project) -> None:
    beads = run_alignment(project, DOC)
    with pytest.raises(PermissionDenied, match="unknown user"):
        link(project, DOC, beads[0].ru, beads[0].en, "ghost")
    with pytest.raises(PermissionDenied, match="publisher"):
        link(project, DOC, beads[0].ru, beads[0].en, "dmitri")
    with pytest.raises(InputError):
        merge(project, DOC, beads[0], beads[5], "boris")
    with pytest.raises(InputError):
        link(project, DOC, (beads[0].ru[0], beads[3].ru[0]), beads[0].en, "boris")  # not consecutive
