"""Undo, recorded as new events: alignment decisions taken back, withdrawals restored; and
repeated proposals refused, on the sample."""

from __future__ import annotations

import json

import pytest
from people import who

from align.alignment.decisions import link, undo, unlink
from align.alignment.run import run_alignment
from align.alignment.store import in_force, load_alignment, load_decisions, manual_beads
from align.checks import Finding
from align.cli import main
from align.corrections import review, workspace
from align.corrections.log import CorrectionLog
from align.corrections.model import EventKind, Status
from align.errors import ConflictError, NotFoundError, PermissionDenied
from align.project import Project

from conftest import SAMPLE


def _pairs(beads: list) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(b.ru, b.en) for b in beads]


def test_unlink_then_link_back_then_undo_both(project: Project) -> None:
    automatic = run_alignment(project, SAMPLE)
    b = [x for x in automatic if x.kind == "1-1"][5]
    after_unlink = unlink(project, SAMPLE, b.ru, b.en, who("clara"))
    assert (b.ru, ()) in _pairs(after_unlink) and ((), b.en) in _pairs(after_unlink)
    after_link = link(project, SAMPLE, b.ru, b.en, who("clara"))  # the workbench crashed here (a UI fault)
    assert next(x for x in after_link if x.ru == b.ru).manual
    undone = undo(project, SAMPLE, who("boris"))  # the link
    assert (b.ru, ()) in _pairs(undone) and ((), b.en) in _pairs(undone)
    assert manual_beads(project, SAMPLE) == [(b.ru, ()), ((), b.en)]
    back = undo(project, SAMPLE, who("boris"))  # the unlink: as if no decision had been made
    assert back == automatic and load_alignment(project, SAMPLE) == automatic
    assert manual_beads(project, SAMPLE) == []
    with pytest.raises(NotFoundError, match="no alignment decision to undo"):
        undo(project, SAMPLE, who("boris"))
    records = [json.loads(x) for x in (project.doc_dir(SAMPLE) / "alignment-decisions.jsonl").read_text().splitlines()]
    assert [r["op"] for r in records] == ["unlink", "link", "undo", "undo"]  # history kept, nothing deleted
    assert [r.get("undoes") for r in records[2:]] == [records[1]["id"], records[0]["id"]]
    assert records[2]["user"] == "boris"


def test_undo_a_named_decision_and_undo_the_undo(project: Project) -> None:
    beads = run_alignment(project, SAMPLE)
    ones = [x for x in beads if x.kind == "1-1"]
    p, q = ones[10], ones[40]
    unlink(project, SAMPLE, p.ru, p.en, who("anna"))
    unlink(project, SAMPLE, q.ru, q.en, who("anna"))
    first, second = load_decisions(project, SAMPLE).decisions
    undo(project, SAMPLE, who("anna"), first.id)  # an older decision, the later one stays
    assert manual_beads(project, SAMPLE) == [(q.ru, ()), ((), q.en)]
    with pytest.raises(ConflictError, match="already undone"):
        undo(project, SAMPLE, who("anna"), first.id)
    with pytest.raises(NotFoundError):
        undo(project, SAMPLE, who("anna"), "d-000000000000")
    with pytest.raises(PermissionDenied):
        undo(project, SAMPLE, who("dmitri"))  # a publisher does not align
    the_undo = load_decisions(project, SAMPLE).decisions[-1]
    undo(project, SAMPLE, who("anna"), the_undo.id)  # redo: the first unlink counts again
    assert [d.id for d in in_force(load_decisions(project, SAMPLE).decisions)] == [first.id, second.id]
    rerun = run_alignment(project, SAMPLE)
    assert {(p.ru, ()), ((), p.en), (q.ru, ()), ((), q.en)} <= set(_pairs(rerun))


def test_undo_from_the_cli(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    root = ["--project", str(project.root)]
    beads = run_alignment(project, SAMPLE)
    b = [x for x in beads if x.kind == "1-1"][3]
    assert main([*root, "unlink", SAMPLE, "--ru", ",".join(b.ru), "--user", "anna"]) == 0
    decision = load_decisions(project, SAMPLE).decisions[0].id
    capsys.readouterr()
    assert main([*root, "undo", SAMPLE, "--user", "anna", "--decision", decision]) == 0
    assert f"{','.join(b.ru)} -> {','.join(b.en)}" in capsys.readouterr().out  # the pair as it was again
    assert main([*root, "undo", SAMPLE, "--user", "anna"]) == 3
    assert "no alignment decision to undo" in capsys.readouterr().err


def _tines(project: Project) -> tuple[int, int]:
    ws = workspace.open_workspace(project, SAMPLE)
    start = ws.text.index("several tines") + len("several ")
    return start, start + len("tines")


def test_withdraw_is_undone_by_restore(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    start, end = _tines(project)
    c = review.propose(project, SAMPLE, who("anna"), start, end, "times")
    review.withdraw(project, SAMPLE, who("anna"), c.id, reason="oops")
    with pytest.raises(PermissionDenied, match="only the proposer"):
        review.restore(project, SAMPLE, who("boris"), c.id)
    restored = review.restore(project, SAMPLE, who("anna"), c.id, base=2)
    assert restored.status is Status.PROPOSED and restored.revision == 3 and restored.reason == ""
    assert [e.type for e in restored.history] == [EventKind.PROPOSED, EventKind.WITHDRAWN, EventKind.RESTORED]
    with pytest.raises(ConflictError, match="only a withdrawn correction can be restored"):
        review.restore(project, SAMPLE, who("anna"), c.id)
    assert review.approve(project, SAMPLE, who("boris"), c.id).status is Status.APPROVED
    # From the CLI: withdraw and restore another one.
    root = ["--project", str(project.root)]
    other = review.propose(project, SAMPLE, who("anna"), start - 8, start - 1, "sundry")
    assert main([*root, "withdraw", other.id, "--user", "anna"]) == 0
    assert main([*root, "restore", other.id, "--user", "anna"]) == 0
    assert f"{other.id}\tproposed\trevision 3" in capsys.readouterr().out
    # the restorations are signed events a fresh replay verifies and accepts: check-log is clean
    assert main([*root, "check-log", SAMPLE]) == 0
    assert CorrectionLog(project, SAMPLE).state().corrections[other.id].status is Status.PROPOSED


def test_restore_refused_when_the_change_is_pending_again(project: Project) -> None:
    start, end = _tines(project)
    c = review.propose(project, SAMPLE, who("anna"), start, end, "times")
    review.withdraw(project, SAMPLE, who("anna"), c.id)
    again = review.propose(project, SAMPLE, who("anna"), start, end, "times")  # the withdrawn one does not block
    with pytest.raises(ConflictError, match=f"already proposed as {again.id}"):
        review.restore(project, SAMPLE, who("anna"), c.id)


def test_the_same_pending_proposal_twice_is_refused(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    start, end = _tines(project)
    first = review.propose(project, SAMPLE, who("anna"), start, end, "times")
    log = project.doc_dir(SAMPLE) / "log.jsonl"
    before = log.read_bytes()
    with pytest.raises(ConflictError, match=f"already proposed as {first.id} by anna"):
        review.propose(project, SAMPLE, who("anna"), start, end, "times")  # a double click
    with pytest.raises(ConflictError, match=f"already proposed as {first.id}"):
        review.propose(project, SAMPLE, who("boris"), start, end, "times")  # someone else, the same change
    s = workspace.open_workspace(project, SAMPLE).seg.at(start)
    assert s is not None
    with pytest.raises(ConflictError, match=f"already proposed as {first.id}"):  # by editing the whole sentence
        review.propose_sentence(project, SAMPLE, who("anna"), s.id,
                                s.text.replace("several tines", "several times").replace("He ", "He then ", 1))
    root = ["--project", str(project.root)]
    assert main([*root, "propose", SAMPLE, "--user", "anna", "--start", str(start), "--end", str(end),
                 "--replacement", "times"]) == 5
    assert f"already proposed as {first.id}" in capsys.readouterr().err
    assert log.read_bytes() == before  # nothing recorded by any of the refusals
    other = review.propose(project, SAMPLE, who("anna"), start, end, "tunes")  # a different replacement is welcome
    review.reject(project, SAMPLE, who("boris"), first.id, reason="no")
    assert review.propose(project, SAMPLE, who("anna"), start, end, "times").status is Status.PROPOSED  # not pending
    assert other.status is Status.PROPOSED


def test_a_person_proposing_what_a_check_proposed_is_told_its_id(project: Project) -> None:
    start, end = _tines(project)
    finding = Finding(start, end, "tines", "times", "spelling", "spelling.real-word", "tines is unlikely here", 0.9)
    assert review.propose_findings(project, SAMPLE, who("checks"), [finding]) == (1, 0)
    [made] = workspace.list_corrections(project, SAMPLE)
    named = f"already proposed as {made.correction.id} by the check spelling.real-word"
    with pytest.raises(ConflictError, match=named):
        review.propose(project, SAMPLE, who("anna"), start, end, "times")
    assert review.propose_findings(project, SAMPLE, who("checks"), [finding]) == (0, 1)  # the checks still skip it


def test_a_decision_stands_after_its_maker_no_longer_aligns(project: Project) -> None:
    b = [x for x in run_alignment(project, SAMPLE) if x.kind == "1-1"][5]
    unlink(project, SAMPLE, b.ru, b.en, who("clara"))
    assert main(["--project", str(project.root), "user", "role", "clara", "publisher"]) == 0
    state = load_decisions(project, SAMPLE)
    assert state.problems == [] and len(state.decisions) == 1  # judged by the role she had then
    assert manual_beads(project, SAMPLE) == [(b.ru, ()), ((), b.en)]
    with pytest.raises(PermissionDenied):
        unlink(project, SAMPLE, b.ru, b.en, who("clara"))
