"""The correction loop on the sample book: propose, review, apply, and the refusals."""

from __future__ import annotations

import errno
import itertools
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from people import who

from align import jsonlog
from align.checks import Finding
from align.cli import main
from align.corrections import review, workspace
from align.corrections.apply import corrected
from align.corrections.log import CorrectionLog
from align.corrections.model import Status
from align.corrections.relocate import locate
from align.errors import ConflictError, InputError, NotFoundError, PermissionDenied, StorageError
from align.project import Project

from conftest import SAMPLE


def sentence_with(project: Project, needle: str):
    ws = workspace.open_workspace(project, SAMPLE)
    return next(s for s in ws.seg.sentences if needle in s.text)


def propose_word(project: Project, old: str, new: str, user: str = "anna", **kw):
    s = sentence_with(project, old)
    return review.propose_sentence(project, SAMPLE, who(user), s.id, s.text.replace(old, new, 1), **kw)


def log_bytes(project: Project) -> bytes:
    path = project.doc_dir(SAMPLE) / "log.jsonl"
    return path.read_bytes() if path.exists() else b""


def test_mission_examples_whole_loop(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    original = project.text_path(SAMPLE, "en").read_text(encoding="utf-8")
    [tines] = propose_word(project, "several tines", "several times", note="misprint")
    [spinosa] = propose_word(project, "Spinosa", "Spinoza", category="transliteration")
    assert (tines.quote, tines.replacement, tines.category) == ("tines", "times", "spelling")
    assert (spinosa.quote, spinosa.replacement) == ("Spinosa", "Spinoza")
    review.approve(project, SAMPLE, who("boris"), tines.id)
    review.approve(project, SAMPLE, who("clara"), spinosa.id, base=spinosa.revision)

    assert main(["--project", str(project.root), "apply", SAMPLE]) == 0
    out = capsys.readouterr().out
    expected = original.replace("several tines", "several times").replace("Spinosa", "Spinoza")
    assert out == expected and out != original
    assert original.count("tines") == 1 and original.count("Spinosa") == 1
    # The original is untouched; history names who did what.
    assert project.text_path(SAMPLE, "en").read_text(encoding="utf-8") == original
    state = CorrectionLog(project, SAMPLE).state()
    hist = state.corrections[tines.id].history
    assert [(e.type, e.actor, e.role) for e in hist] == [
        ("proposed", "anna", "translator"),
        ("approved", "boris", "editor"),
    ]
    assert state.corrections[tines.id].reviewer == "boris" and state.problems == []


@pytest.mark.parametrize(
    ("action", "error"),
    [
        (lambda p, c: review.approve(p, SAMPLE, who("boris"), c.id), PermissionDenied),  # own proposal
        (lambda p, c: review.approve(p, SAMPLE, who("nobody"), c.id), PermissionDenied),  # unknown user
        (lambda p, c: review.approve(p, SAMPLE, who("anna"), c.id), PermissionDenied),  # translator
        (lambda p, c: review.approve(p, SAMPLE, who("dmitri"), c.id), PermissionDenied),  # publisher
        (lambda p, c: review.approve(p, SAMPLE, who("clara"), c.id, base=c.revision - 1), ConflictError),  # stale
        (lambda p, c: review.withdraw(p, SAMPLE, who("anna"), c.id), PermissionDenied),  # not the proposer
        (lambda p, c: review.reject(p, SAMPLE, who("clara"), c.id, reason=" "), InputError),
        (lambda p, c: review.approve(p, SAMPLE, who("clara"), "c-missing"), NotFoundError),
        (lambda p, c: review.propose(p, SAMPLE, who("anna"), c.start, c.end, "x", expect="Spinoza"), ConflictError),
        (lambda p, c: review.propose(p, SAMPLE, who("anna"), 10**7, 10**7 + 3, "x"), InputError),
        (lambda p, c: review.propose(p, SAMPLE, who("anna"), c.start, c.end, c.quote), InputError),
    ],
)
def test_refusals_change_nothing(project: Project, action, error) -> None:
    [c] = propose_word(project, "several tines", "several times", user="boris")
    before = log_bytes(project)
    with pytest.raises(error) as info:
        action(project, c)
    assert str(info.value)  # a message for the person
    assert log_bytes(project) == before


def test_stale_revise_after_review_is_refused(project: Project) -> None:
    [c] = propose_word(project, "several tines", "several times")
    review.revise(project, SAMPLE, who("anna"), c.id, note="clearer note", base=c.revision)
    with pytest.raises(ConflictError, match="changed since you saw it"):
        review.approve(project, SAMPLE, who("boris"), c.id, base=c.revision)  # boris saw revision 1
    approved = review.approve(project, SAMPLE, who("boris"), c.id, base=c.revision + 1)
    assert approved.status == "approved" and approved.note == "clearer note"


def test_propose_by_editing_gives_one_record_per_change(project: Project) -> None:
    s = sentence_with(project, "several tines")
    new = s.text.replace("tines", "times").replace("arm-chair", "armchair").replace("walked", "paced")
    made = review.propose_sentence(project, SAMPLE, who("anna"), s.id, new)
    assert sorted((c.quote, c.replacement) for c in made) == [
        ("arm-chair", "armchair"), ("tines", "times"), ("walked", "paced")]
    assert all(c.segment == s.id and c.proposer == "anna" for c in made)


class _CountedOs:
    """`os` for align.jsonlog counting writes and fsyncs, or with functions `replaced` (the rest: the real module)."""

    def __init__(self, **replaced) -> None:
        self.calls: list[str] = []
        self.__dict__.update(replaced)

    def write(self, fd: int, data: bytes) -> int:
        self.calls.append("write")
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        self.calls.append("fsync")
        os.fsync(fd)

    def __getattr__(self, name: str):
        return getattr(os, name)


def _before_the_lock(monkeypatch: pytest.MonkeyPatch, act) -> None:
    """Run `act` (another writer's write) once, just before the next writer takes the log's lock."""
    real = jsonlog.locked

    def racing(path: Path):
        monkeypatch.setattr(jsonlog, "locked", real)
        act()
        return real(path)

    monkeypatch.setattr(jsonlog, "locked", racing)


def _fsync_fails(fd: int) -> None:
    raise OSError(errno.EIO, "Input/output error")


def _short_write(fd: int, data: bytes) -> int:
    return os.write(fd, data[: len(data) // 2])


def test_a_sentence_edit_is_one_write_all_or_none(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    s = sentence_with(project, "several tines")
    new = s.text.replace("tines", "times").replace("arm-chair", "armchair").replace("walked", "paced")
    chair = s.start + s.text.index("arm-chair")  # the last of the three changes
    before = log_bytes(project)
    for fault in ({"fsync": _fsync_fails}, {"write": _short_write}):
        monkeypatch.setattr("align.jsonlog.os", _CountedOs(**fault))
        with pytest.raises(StorageError, match="nothing was recorded"):
            review.propose_sentence(project, SAMPLE, who("anna"), s.id, new)
        monkeypatch.undo()
        assert log_bytes(project) == before
    # Another person proposes the last change while this edit is being made: the whole edit is refused.
    other: list = []
    _before_the_lock(monkeypatch, lambda: other.append(review.propose(project, SAMPLE, who("boris"), chair,
                                                                      chair + 9, "armchair")))
    with pytest.raises(ConflictError, match="already proposed as .* by boris \\('arm-chair' -> 'armchair'\\)"):
        review.propose_sentence(project, SAMPLE, who("anna"), s.id, new)
    assert [c.proposer for c in CorrectionLog(project, SAMPLE).state().corrections.values()] == ["boris"]
    review.withdraw(project, SAMPLE, who("boris"), other[0].id)
    counted = _CountedOs()
    monkeypatch.setattr("align.jsonlog.os", counted)
    made = review.propose_sentence(project, SAMPLE, who("anna"), s.id, new)
    assert len(made) == 3 and counted.calls == ["write", "fsync"]  # three proposals, one write


def test_apply_is_independent_of_approval_order(project: Project) -> None:
    pairs = [("several tines", "several times"), ("Spinosa", "Spinoza"), ("Ilyich’ s", "Ilyich’s")]
    made = [propose_word(project, a, b)[0] for a, b in pairs]
    results = set()
    for order in itertools.permutations(made):
        proj = Project(project.root)
        log = project.doc_dir(SAMPLE) / "log.jsonl"
        saved = log.read_bytes()
        for c in order:
            review.approve(proj, SAMPLE, who("boris"), c.id)
        results.add(corrected(proj, SAMPLE).text)
        log.write_bytes(saved)
    assert len(results) == 1


def test_overlapping_approvals_are_a_reported_conflict(project: Project) -> None:
    s = sentence_with(project, "several tines")
    a = review.propose(
        project, SAMPLE, who("anna"), s.start + s.text.index("tines"), s.start + s.text.index("tines") + 5, "times"
    )
    b = review.propose(
        project, SAMPLE, who("clara"), s.start + s.text.index("several"), s.start + s.text.index("tines") + 5,
        "many times",
    )
    review.approve(project, SAMPLE, who("boris"), a.id)
    with pytest.raises(ConflictError, match="overlaps approved correction"):
        review.approve(project, SAMPLE, who("boris"), b.id)


def test_relocating_keeps_moved_and_orphans_deleted(project: Project) -> None:
    [c] = propose_word(project, "several tines", "several times")
    path = project.text_path(SAMPLE, "en")
    text = path.read_text(encoding="utf-8")
    s = sentence_with(project, "several tines")
    # New edition: an edit elsewhere in the same sentence (and a paragraph added above).
    edited = text.replace("Then he walked several tines", "Then, frowning, he walked several tines")
    edited = "A new preface paragraph.\n" + edited
    moved = locate(edited, c)
    assert moved.state == "moved" and edited[moved.start : moved.end] == "tines"
    path.write_text(edited, encoding="utf-8")
    assert "several times to and fro" in corrected(project, SAMPLE, include_proposed=True).text
    # Its quote deleted: orphaned, listed, not lost.
    path.write_text(edited.replace("walked several tines to and fro in", "paced in"), encoding="utf-8")
    [listed] = workspace.list_corrections(project, SAMPLE)
    assert listed.state == "orphaned" and listed.correction.id == c.id
    assert s.id  # the sentence id it was proposed on is kept in the record
    assert listed.correction.segment == s.id


def test_approving_an_orphan_is_refused_and_apply_reports_it(project: Project) -> None:
    [c] = propose_word(project, "several tines", "several times")
    review.approve(project, SAMPLE, who("boris"), c.id)
    path = project.text_path(SAMPLE, "en")
    path.write_text(path.read_text(encoding="utf-8").replace("several tines", "often"), encoding="utf-8")
    with pytest.raises(ConflictError, match="orphaned"):
        corrected(project, SAMPLE)
    result = corrected(project, SAMPLE, skip_conflicts=True)
    assert result.orphaned and not result.applied


def test_findings_are_deduplicated(project: Project) -> None:
    @dataclass
    class F:
        start: int
        end: int
        replacement: str | None
        category: str = "spelling"
        rule: str = "spelling.real-word"
        message: str = "tines is unlikely here"

    s = sentence_with(project, "several tines")
    start = s.start + s.text.index("tines")
    findings = [F(start, start + 5, "times"), F(start, start + 5, None)]
    assert review.propose_findings(project, SAMPLE, who("checks"), findings) == (1, 0)
    assert review.propose_findings(project, SAMPLE, who("checks"), findings) == (0, 1)
    [c] = workspace.list_corrections(project, SAMPLE)
    assert c.correction.origin == "check:spelling.real-word" and c.correction.proposer == "checks"
    review.reject(project, SAMPLE, who("boris"), c.correction.id, reason="keep")
    assert review.propose_findings(project, SAMPLE, who("checks"), findings) == (0, 1)  # not asked again


def test_an_orphaned_correction_does_not_hide_a_finding_at_its_old_place(project: Project) -> None:
    [c] = propose_word(project, "several tines", "several times")
    review.reject(project, SAMPLE, who("boris"), c.id, reason="keep")
    s = sentence_with(project, "several tines")
    start = s.start + s.text.index("tines")
    path = project.text_path(SAMPLE, "en")  # a new edition: another slip in the same place, the old quote gone
    path.write_text(path.read_text(encoding="utf-8").replace("several tines", "several tmies"), encoding="utf-8")
    [listed] = workspace.list_corrections(project, SAMPLE)
    assert listed.orphaned and (listed.start, listed.end) == (start, start + 5)
    finding = Finding(start, start + 5, "tmies", "times", "spelling", "spelling.test", "tmies is no word", 0.9)
    assert review.propose_findings(project, SAMPLE, who("checks"), [finding]) == (1, 0)
    made = [a for a in workspace.list_corrections(project, SAMPLE) if a.correction.proposer == "checks"]
    assert [(a.correction.quote, a.correction.replacement, a.state) for a in made] == [("tmies", "times", "exact")]


def _finding(s, replacement: str | None, rule: str = "typography.test") -> Finding:
    return Finding(s.start, s.start + 1, s.text[0], replacement, "typography", rule, "a test finding", 0.9)


def test_findings_are_one_write_skipping_what_is_recorded_or_repeated(project: Project,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    sentences = workspace.open_workspace(project, SAMPLE).seg.sentences[:150]
    pending = review.propose(project, SAMPLE, who("anna"), sentences[0].start, sentences[0].start + 1, "#0")
    rejected = review.propose(project, SAMPLE, who("anna"), sentences[1].start, sentences[1].start + 1, "#1")
    review.reject(project, SAMPLE, who("boris"), rejected.id, reason="no")
    findings = [_finding(s, f"#{k}") for k, s in enumerate(sentences)] * 2  # each twice
    findings += [_finding(s, None) for s in sentences[:5]]  # flags only: never proposals
    counted = _CountedOs()
    monkeypatch.setattr("align.jsonlog.os", counted)
    # the two recorded ones twice each, the 148 new ones' repeats: as finding by finding did
    assert review.propose_findings(project, SAMPLE, who("checks"), findings) == (148, 152)
    assert counted.calls == ["write", "fsync"]
    monkeypatch.undo()
    before = log_bytes(project)
    assert review.propose_findings(project, SAMPLE, who("checks"), findings) == (0, 300)  # a second run
    assert log_bytes(project) == before
    st = CorrectionLog(project, SAMPLE).state()
    assert st.problems == [] and st.events == 3 + 148
    made = [c for c in st.corrections.values() if c.proposer == "checks"]
    assert sorted(c.replacement for c in made) == sorted(f"#{k}" for k in range(2, 150))
    assert all(c.origin == "check:typography.test" and c.status is Status.PROPOSED for c in made)
    assert st.corrections[pending.id].status is Status.PROPOSED


def test_a_finding_someone_proposed_meanwhile_is_skipped(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    sentences = workspace.open_workspace(project, SAMPLE).seg.sentences[:20]
    findings = [_finding(s, f"#{k}") for k, s in enumerate(sentences)]
    s = sentences[7]
    _before_the_lock(monkeypatch, lambda: review.propose(project, SAMPLE, who("anna"), s.start, s.start + 1, "#7"))
    assert review.propose_findings(project, SAMPLE, who("checks"), findings) == (19, 1)
    st = CorrectionLog(project, SAMPLE).state()
    assert st.problems == [] and sorted(c.proposer for c in st.corrections.values()) == ["anna"] + ["checks"] * 19
    assert [c.replacement for c in st.corrections.values()].count("#7") == 1


def test_cli_loop_and_errors(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    root = ["--project", str(project.root)]
    s = sentence_with(project, "Spinosa")
    start = s.start + s.text.index("Spinosa")
    assert main([*root, "propose", SAMPLE, "--user", "anna", "--start", str(start), "--end", str(start + 7),
                 "--replacement", "Spinoza", "--expect", "Spinosa", "--category", "transliteration"]) == 0
    cid = capsys.readouterr().out.split("\t")[0]
    assert main([*root, "approve", cid, "--user", "anna"]) == 4
    assert "only an editor may approve" in capsys.readouterr().err
    assert main([*root, "approve", cid, "--user", "ghost"]) == 4
    assert "unknown user 'ghost'" in capsys.readouterr().err
    assert main([*root, "reject", cid, "--user", "boris", "--reason", "keep the author's spelling"]) == 0
    assert main([*root, "list", SAMPLE, "--status", "rejected", "--format", "jsonl"]) == 0
    assert '"status": "rejected"' in capsys.readouterr().out
    assert main([*root, "history", cid]) == 0
    out = capsys.readouterr().out
    assert "proposed\tanna (translator)" in out and "keep the author's spelling" in out


def test_read_only_texts_are_never_written(project: Project, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in (project.root / "texts").rglob("*") if p.is_file()}
    [c] = propose_word(project, "several tines", "several times")
    review.approve(project, SAMPLE, who("clara"), c.id)
    corrected(project, SAMPLE)
    assert {p: p.read_bytes() for p in (project.root / "texts").rglob("*") if p.is_file()} == before
