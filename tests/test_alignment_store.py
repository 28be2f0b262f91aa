"""Stored alignment and manual decisions (link, unlink, merge, split) surviving re-runs."""

from __future__ import annotations

import base64
import errno
import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from people import who

from align import signing
from align.accounts import Actor
from align.alignment.decisions import link, merge, split, unlink
from align.alignment.run import run_alignment
from align.alignment.store import LAYOUT, Bead, Decision, load_alignment, load_decisions, manual_beads, source_for
from align.cli import main
from align.errors import ConflictError, InputError, PermissionDenied, StorageError
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


_DAMAGE = {  # what becomes of the second line, given the first and the second
    "not json": lambda first, second: "{not json",
    "not an object": lambda first, second: "[1, 2]",
    "confidence NaN": lambda first, second: second.replace('"confidence": ', '"confidence": NaN, "x": '),
    "manual as text": lambda first, second: second.replace('"manual": false', '"manual": "no"'),
    "no sentence": lambda first, second: '{"ru": [], "en": [], "score": 1, "confidence": 1, "manual": false}',
    "a sentence twice": lambda first, second: first,
}


@pytest.mark.parametrize("damage", list(_DAMAGE))
def test_a_damaged_stored_alignment_is_refused_naming_the_line_and_rebuilt_with_full(
        project: Project, damage: str, capsys) -> None:
    run_alignment(project, DOC)
    path = project.doc_dir(DOC) / "alignment.jsonl"
    rows = path.read_text(encoding="utf-8").splitlines()
    rows[1] = _DAMAGE[damage](rows[0], rows[1])
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(StorageError, match=r"alignment\.jsonl:2: .*`align align meetings-with-trotsky --full`"):
        load_alignment(project, DOC)
    assert main(["--project", str(project.root), "beads", DOC]) == 6
    assert main(["--project", str(project.root), "align", DOC, "--full"]) == 0
    _covers_once(load_alignment(project, DOC) or [])


def test_decisions_are_manual_and_survive_rerun(project: Project) -> None:
    beads = run_alignment(project, DOC)
    pairs = [b for b in beads if b.ru and b.en]
    a, b = pairs[10], pairs[11]
    merged = merge(project, DOC, a, b, who("boris"))
    big = next(x for x in merged if x.ru == a.ru + b.ru)
    assert big.manual and big.en == a.en + b.en
    _covers_once(merged)
    # Split it back differently: first Russian sentence alone with nothing.
    after = split(project, DOC, big, big.ru[:1], (), who("boris"))
    assert any(x.ru == big.ru[:1] and not x.en and x.manual for x in after)
    # A link the aligner would never make: a late English sentence with the first Russian one.
    c = pairs[40]
    unlink(project, DOC, c.ru, c.en, who("clara"))
    tail_en = beads[-1].en
    with pytest.raises(ConflictError):
        link(project, DOC, beads[0].ru, tail_en, who("clara"))  # crosses the manual beads above
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
    link(project, DOC, p.ru, p.en + q.en, who("boris"))  # q's Russian loses its English
    rerun = run_alignment(project, DOC)
    assert any(x.ru == p.ru and x.en == p.en + q.en and x.manual for x in rerun)
    assert source_for(rerun, q.en[0]) == p.ru
    _covers_once(rerun)


def test_bad_decisions_are_refused(project: Project) -> None:
    beads = run_alignment(project, DOC)
    with pytest.raises(PermissionDenied, match="unknown user"):
        link(project, DOC, beads[0].ru, beads[0].en, who("ghost"))
    with pytest.raises(PermissionDenied, match="publisher"):
        link(project, DOC, beads[0].ru, beads[0].en, who("dmitri"))
    with pytest.raises(InputError):
        merge(project, DOC, beads[0], beads[5], who("boris"))
    with pytest.raises(InputError):
        link(project, DOC, (beads[0].ru[0], beads[3].ru[0]), beads[0].en, who("boris"))  # not consecutive


def _decisions_path(project: Project) -> Path:
    return project.doc_dir(DOC) / "alignment-decisions.jsonl"


def _two_decisions(project: Project) -> tuple[Bead, Bead, Bead]:
    """Two decisions on 1-1 pairs p, q, c: unlink c, then link p's Russian with p's and q's English."""
    beads = run_alignment(project, DOC)
    ones = [b for b in beads if b.kind == "1-1"]
    p, q, c = ones[5], ones[6], ones[40]
    unlink(project, DOC, c.ru, c.en, who("clara"))
    link(project, DOC, p.ru, p.en + q.en, who("boris"))
    return p, q, c


def _check_log(project: Project, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--project", str(project.root), "check-log", DOC])
    return code, capsys.readouterr().out


def test_decisions_have_content_ids_and_millisecond_times(project: Project) -> None:
    _two_decisions(project)
    records = [json.loads(x) for x in _decisions_path(project).read_text(encoding="utf-8").splitlines()]
    assert [r["op"] for r in records] == ["unlink", "link"]
    assert all(re.fullmatch(r"d-[0-9a-f]{32}", r["id"]) for r in records) and records[0]["id"] != records[1]["id"]
    assert [(r["user"], r["role"]) for r in records] == [("clara", "editor"), ("boris", "editor")]
    assert all(list(r)[-2:] == ["id", "sig"] and len(base64.b64decode(r["sig"])) == 64 for r in records)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", r["at"]) for r in records)
    assert [d.id for d in load_decisions(project, DOC).decisions] == [r["id"] for r in records]


def test_torn_and_garbage_decision_lines_are_reported_and_skipped(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    p, q, c = _two_decisions(project)
    first, second = _decisions_path(project).read_bytes().splitlines(keepends=True)
    _decisions_path(project).write_bytes(first + b"a line someone typed\n" + second + b'{"id":"d-0","op":"link","bea')
    state = load_decisions(project, DOC)
    assert [d.op for d in state.decisions] == ["unlink", "link"]
    assert len(state.problems) == 2
    assert "alignment-decisions.jsonl line 2: not a valid decision" in state.problems[0]
    assert "last line 4 of alignment-decisions.jsonl is incomplete" in state.problems[1]
    rerun = run_alignment(project, DOC)  # the decisions before and after the bad lines still hold
    assert source_for(rerun, q.en[0]) == p.ru and all(source_for(rerun, e) == () for e in c.en)
    code, out = _check_log(project, capsys)
    assert code == 1 and "2 alignment decisions" in out
    assert "line 2: not a valid decision" in out and "last line 4" in out

    # An append after the torn line ends it first: the new decision counts, the torn line stays reported.
    r = next(b for b in rerun if b.kind == "1-1" and not b.manual)
    unlink(project, DOC, r.ru, (), who("clara"))
    state = load_decisions(project, DOC)
    assert [d.op for d in state.decisions] == ["unlink", "link", "unlink"]
    assert len(state.problems) == 2 and "line 4: not a valid decision" in state.problems[1]
    assert ((r.ru[0],), ()) in manual_beads(project, DOC)


def test_decision_lines_a_union_merge_duplicated_count_once(project: Project) -> None:
    p, q, c = _two_decisions(project)
    lines = _decisions_path(project).read_bytes().splitlines(keepends=True)
    beads = load_alignment(project, DOC) or []
    r = next(b for b in beads if b.kind == "1-1" and not b.manual)
    mine = Decision.signed(who("anna"), "unlink", [(r.ru, ())])
    mine_line = (json.dumps(mine.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    # Both branches had the unlink; each added the link (the same line) and one decision of its own.
    _decisions_path(project).write_bytes(lines[0] + lines[1] + mine_line + lines[1] + lines[0])
    state = load_decisions(project, DOC)
    assert state.problems == []
    assert [d.op for d in state.decisions] == ["unlink", "link", "unlink"]
    assert manual_beads(project, DOC) == [(c.ru, ()), ((), c.en), (p.ru, p.en + q.en), (r.ru, ())]


def test_failed_decision_write_changes_nothing(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    p, q, c = _two_decisions(project)
    before = _snapshot_doc(project)
    beads = load_alignment(project, DOC) or []
    r = next(b for b in beads if b.kind == "1-1" and not b.manual)

    real_write = os.write

    def write_half_then_fail(fd: int, data: bytes) -> int:  # a full disk, for the decisions file only
        if not os.readlink(f"/proc/self/fd/{fd}").endswith("alignment-decisions.jsonl"):
            return real_write(fd, data)
        real_write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", write_half_then_fail)
    with pytest.raises(StorageError, match="No space left on device; nothing was recorded"):
        unlink(project, DOC, r.ru, (), who("clara"))
    monkeypatch.undo()
    assert _snapshot_doc(project) == before  # neither the decisions nor the stored alignment changed
    unlink(project, DOC, r.ru, (), who("clara"))
    assert len(load_decisions(project, DOC).decisions) == 3


def _snapshot_doc(project: Project) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in project.doc_dir(DOC).glob("alignment*.jsonl")}



# -- signed decisions: forged, unsigned and rule-breaking lines are reported and ignored ----------


def _signed_as(signer: Actor, op: str, beads: list, *, user: str | None = None, role: str | None = None,
               undoes: str = "") -> dict:
    """A decision line as `Decision.signed` makes it, but claiming any user or role, signed by `signer`'s key."""
    d = replace(Decision.signed(signer, op, beads, undoes), user=user or signer.login, role=role or str(signer.role))
    decision_id, sig = signing.sign(signer, LAYOUT, d.content())
    return replace(d, id=decision_id, sig=sig).to_json()


def _append_decision(project: Project, record: dict) -> int:
    """Append `record` by hand, as an attacker with file access would; its line number."""
    with _decisions_path(project).open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    return len(_decisions_path(project).read_bytes().splitlines())


def _free_pair(project: Project) -> Bead:
    return next(b for b in load_alignment(project, DOC) or [] if b.kind == "1-1" and not b.manual)


@pytest.mark.parametrize(
    ("forge", "says"),
    [
        (lambda r: _signed_as(who("clara"), "unlink", [(r.ru, ())], user="boris"), "does not carry boris's signature"),
        (lambda r: {**_signed_as(who("boris"), "unlink", [(r.ru, ())]), "sig": ""}, "is not signed"),
        (lambda r: {k: v for k, v in _signed_as(who("boris"), "unlink", [(r.ru, ())]).items() if k != "sig"},
         "is not signed"),
        (lambda r: {"id": "d-0123456789ab", "op": "unlink", "beads": [{"ru": list(r.ru), "en": []}], "user": "boris",
                    "at": "2025-05-01T10:00:00.000Z"}, "is not signed"),  # as decisions were written before
        (lambda r: {**_signed_as(who("boris"), "unlink", [(r.ru, ())]), "beads": [{"ru": [], "en": ["x"]}]},
         "does not match its content"),
        (lambda r: _signed_as(who("ghost"), "unlink", [(r.ru, ())]), "'ghost', who is not in the users file"),
        (lambda r: _signed_as(who("dmitri"), "unlink", [(r.ru, ())]),
         "dmitri is a publisher; only an editor or a translator may align"),
        (lambda r: _signed_as(who("anna"), "unlink", [(r.ru, ())], role="editor"),
         "anna acted as editor, but the users file makes them translator"),
        (lambda r: _signed_as(who("boris"), "undo", [], undoes="d-" + "0" * 32), "which is no decision before it"),
    ],
    ids=["someone-else's-key", "empty-sig", "no-sig", "old-unsigned", "changed-by-hand", "unknown-user",
         "publisher", "claimed-role", "undo-of-nothing"],
)
def test_a_forged_or_rule_breaking_decision_is_reported_and_ignored(
    project: Project, capsys: pytest.CaptureFixture[str], forge, says: str
) -> None:
    p, q, c = _two_decisions(project)
    before = manual_beads(project, DOC)
    r = _free_pair(project)
    n = _append_decision(project, forge(r))
    state = load_decisions(project, DOC)
    assert [d.op for d in state.decisions] == ["unlink", "link"] and manual_beads(project, DOC) == before
    assert len(state.problems) == 1, state.problems
    assert f"alignment-decisions.jsonl line {n}:" in state.problems[0] and says in state.problems[0], state.problems
    assert all(source_for(run_alignment(project, DOC), e) == r.ru for e in r.en)  # the aligner's pair stands
    code, out = _check_log(project, capsys)
    assert code == 1 and "2 alignment decisions" in out and f"line {n}:" in out


def test_a_decision_signed_by_its_maker_applies_wherever_it_was_written(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    _two_decisions(project)
    r = _free_pair(project)
    _append_decision(project, _signed_as(who("anna"), "unlink", [(r.ru, ()), ((), r.en)]))
    state = load_decisions(project, DOC)
    assert state.problems == [] and [d.op for d in state.decisions] == ["unlink", "link", "unlink"]
    assert state.decisions[-1].user == "anna"
    assert all(source_for(run_alignment(project, DOC), e) == () for e in r.en)
    code, out = _check_log(project, capsys)
    assert code == 0 and "3 alignment decisions" in out
