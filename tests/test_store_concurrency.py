"""Concurrent writers, stale reviews and git merges of one document's correction log."""

from __future__ import annotations

import json
import multiprocessing as mp
import shutil
import subprocess
from pathlib import Path

import pytest
from people import who

from align import document
from align.checks import Finding
from align.corrections import review, workspace
from align.corrections.log import CorrectionLog
from align.errors import ConflictError
from align.project import Project
from align.segment import segment

DOC = "meetings-with-trotsky"
REPO = Path(__file__).resolve().parent.parent
WRITERS = 8
EVENTS_EACH = 200
CTX = mp.get_context("fork")  # the workers are closures over test data; fork keeps that simple


def _sentences(project: Project) -> list:
    return segment(document.load(project, DOC, "en")).sentences


def _writer(root: str, k: int, barrier, out) -> None:
    """Record EVENTS_EACH events: a proposal in every 4th step, comments on it in between."""
    project = Project(Path(root))
    sentences = _sentences(project)
    ids: list[str] = []
    barrier.wait()
    current = None
    for j in range(EVENTS_EACH):
        if j % 4 == 0:
            s = sentences[(k * 37 + j) % len(sentences)]
            word_end = s.text.find(" ") if " " in s.text else len(s.text)
            current = review.propose(project, DOC, who("anna"), s.start, s.start + word_end, f"W{k}-{j}",
                                     note=f"writer {k}")
            ids.append(current.history[0].id)
        else:
            c = review.comment(project, DOC, who("anna"), current.id, f"writer {k} remark {j}")
            ids.append(c.history[-1].id)
    out.put((k, ids))


def _run(procs: list, out, results: int, timeout: float = 120) -> list:
    """Start the processes, take `results` items from their queue, and see each exit cleanly."""
    for p in procs:
        p.start()
    got = [out.get(timeout=timeout) for _ in range(results)]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    return got


def test_eight_writers_lose_nothing(project: Project) -> None:
    barrier, out = CTX.Barrier(WRITERS), CTX.Queue()
    procs = [CTX.Process(target=_writer, args=(str(project.root), k, barrier, out)) for k in range(WRITERS)]
    written = dict(_run(procs, out, len(procs)))
    expected = {e for ids in written.values() for e in ids}
    assert len(expected) == WRITERS * EVENTS_EACH

    log = CorrectionLog(project, DOC)
    lines = log.path.read_bytes().split(b"\n")
    assert lines[-1] == b""  # every line is complete
    objs = [json.loads(line) for line in lines[:-1]]
    assert len(objs) == WRITERS * EVENTS_EACH
    assert {o["event"] for o in objs} == expected  # all present, none twice

    state = log.state()
    assert state.problems == []
    assert state.events == WRITERS * EVENTS_EACH
    assert len(state.corrections) == WRITERS * EVENTS_EACH // 4
    for c in state.corrections.values():
        assert c.status == "proposed" and len(c.history) == 4  # a proposal and its 3 comments
        k = int(c.replacement[1:].split("-")[0])
        assert all(f"writer {k}" in e.reason for e in c.history[1:])  # comments landed on their own proposal


def _review(root: str, login: str, cid: str, barrier, out) -> None:
    project = Project(Path(root))
    barrier.wait()
    try:
        if login == "boris":
            review.approve(project, DOC, who(login), cid, base=1)
        else:
            review.reject(project, DOC, who(login), cid, reason="not needed", base=1)
        out.put((cid, login, "won"))
    except ConflictError as exc:
        out.put((cid, login, f"conflict: {exc}"))


def test_racing_editors_exactly_one_wins(project: Project) -> None:
    sentences = _sentences(project)
    cids = [review.propose(project, DOC, who("anna"), s.start, s.start + 1, "#").id for s in sentences[:12]]
    for cid in cids:
        barrier, out = CTX.Barrier(2), CTX.Queue()
        procs = [
            CTX.Process(target=_review, args=(str(project.root), who, cid, barrier, out)) for who in ("boris", "clara")
        ]
        results = _run(procs, out, len(procs), timeout=60)
        winners = [who for _, who, r in results if r == "won"]
        losers = [r for _, _, r in results if r != "won"]
        assert len(winners) == 1 and len(losers) == 1, results
        assert losers[0].startswith("conflict:")
        c = CorrectionLog(project, DOC).state().corrections[cid]
        assert c.status == ("approved" if winners == ["boris"] else "rejected")
        assert c.reviewer == winners[0] and c.revision == 2 and len(c.history) == 2


def _propose_findings(root: str, first: int, last: int, barrier, out) -> None:
    """Record the checks' findings on sentences [first, last) (each a proposal of "#<n>")."""
    project = Project(Path(root))
    sentences = _sentences(project)[first:last]
    findings = [Finding(s.start, s.start + 1, s.text[0], f"#{first + k}", "typography", "typography.test",
                        "a test finding", 0.9) for k, s in enumerate(sentences)]
    barrier.wait()
    out.put((first, review.propose_findings(project, DOC, who("checks"), findings)))


def test_two_processes_proposing_findings_at_once_lose_nothing(project: Project) -> None:
    """Two runs of the checks over overlapping parts of the text: every finding is proposed once."""
    for _ in range(3):  # the overlap goes to whichever writes first; both finish either way
        barrier, out = CTX.Barrier(2), CTX.Queue()
        procs = [CTX.Process(target=_propose_findings, args=(str(project.root), first, first + 120, barrier, out))
                 for first in (0, 60)]
        results = dict(_run(procs, out, len(procs)))
        if sum(created for created, _ in results.values()):
            assert sorted(results.values()) == sorted([(120, 0), (60, 60)]), results  # the first run, racing
        else:
            assert results == {0: (0, 120), 60: (0, 120)}  # the runs after it: everything known
    log = CorrectionLog(project, DOC)
    lines = log.path.read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == 180 + 1  # every line complete, each finding once
    st = log.state()
    assert st.problems == [] and st.events == 180
    assert sorted(c.replacement for c in st.corrections.values()) == sorted(f"#{n}" for n in range(180))


def _edit_sentences(root: str, login: str, words: tuple[int, int], rounds: int, barrier, out) -> None:
    """Edit the long sentences, one per round at the same time as another writer: words[0] and words[1]
    of each get a "·" appended."""
    project = Project(Path(root))
    long = [s for s in workspace.open_workspace(project, DOC).seg.sentences if len(s.text.split(" ")) >= 12]
    for s in long[:rounds]:
        tokens = s.text.split(" ")
        for w in words:
            tokens[w] += "·"
        barrier.wait()
        try:
            made = review.propose_sentence(project, DOC, who(login), s.id, " ".join(tokens))
            out.put((s.id, login, len(made)))
        except ConflictError:
            out.put((s.id, login, 0))


def test_racing_sentence_edits_are_each_all_or_none(project: Project) -> None:
    """Two people edit the same sentences at once, each changing two words, one word the same way: one edit
    is recorded whole, the other, refused, leaves nothing."""
    rounds, barrier, out = 10, CTX.Barrier(2), CTX.Queue()
    procs = [CTX.Process(target=_edit_sentences, args=(str(project.root), login, words, rounds, barrier, out))
             for login, words in (("anna", (1, 5)), ("clara", (5, 10)))]
    results = _run(procs, out, 2 * rounds)
    st = CorrectionLog(project, DOC).state()
    assert st.problems == []
    for seg in {sid for sid, _, _ in results}:
        outcome = {login: made for sid, login, made in results if sid == seg}
        assert sorted(outcome.values()) == [0, 2], outcome  # one whole edit, one refused
        [winner] = [login for login, made in outcome.items() if made]
        assert sorted(c.proposer for c in st.corrections.values() if c.segment == seg) == [winner] * 2
    assert len(st.corrections) == 2 * rounds


def test_stale_revise_and_approve_are_refused(project: Project) -> None:
    s = _sentences(project)[3]
    c = review.propose(project, DOC, who("anna"), s.start, s.start + 2, "Zz")
    review.revise(project, DOC, who("anna"), c.id, replacement="Yy", base=1)
    before = CorrectionLog(project, DOC).path.read_bytes()
    with pytest.raises(ConflictError, match="revision 2, you saw 1"):
        review.revise(project, DOC, who("anna"), c.id, replacement="Xx", base=1)
    with pytest.raises(ConflictError, match="changed since you saw it"):
        review.approve(project, DOC, who("boris"), c.id, base=1)
    assert CorrectionLog(project, DOC).path.read_bytes() == before
    assert review.approve(project, DOC, who("boris"), c.id, base=2).status == "approved"


def _branch(src: Project, dest: Path) -> Project:
    shutil.copytree(src.root, dest)
    return Project(dest)


def _state_summary(project: Project) -> dict:
    st = CorrectionLog(project, DOC).state()
    return {
        cid: (c.status, c.replacement, c.revision, tuple(e.id for e in c.history)) for cid, c in st.corrections.items()
    }


def test_union_concatenation_replays_without_duplicates(project: Project, tmp_path: Path) -> None:
    sentences = _sentences(project)
    shared = [review.propose(project, DOC, who("anna"), s.start, s.start + 1, "#") for s in sentences[:4]]
    a = _branch(project, tmp_path / "a")
    b = _branch(project, tmp_path / "b")
    review.approve(a, DOC, who("boris"), shared[0].id, base=1)
    review.propose(a, DOC, who("anna"), sentences[10].start, sentences[10].start + 1, "A")
    review.reject(b, DOC, who("clara"), shared[1].id, reason="no", base=1)
    review.comment(b, DOC, who("boris"), shared[0].id, "fine by me")
    review.propose(b, DOC, who("anna"), sentences[20].start, sentences[20].start + 1, "B")

    merged = _branch(project, tmp_path / "merged")
    log_a, log_b = (CorrectionLog(p, DOC).path.read_bytes() for p in (a, b))
    CorrectionLog(merged, DOC).path.write_bytes(log_a + log_b)  # both sides whole: the shared prefix twice
    st = CorrectionLog(merged, DOC).state()
    assert st.problems == []
    assert st.events == 4 + 2 + 3
    assert len(st.corrections) == 6
    assert st.corrections[shared[0].id].status == "approved"
    assert st.corrections[shared[1].id].status == "rejected"
    assert [e.type for e in st.corrections[shared[0].id].history] == ["proposed", "approved", "commented"]
    # The other order of the two sides gives the same corrections.
    first = _state_summary(merged)
    CorrectionLog(merged, DOC).path.write_bytes(log_b + log_a)
    second = _state_summary(merged)
    assert {k: v[:3] for k, v in second.items()} == {k: v[:3] for k, v in first.items()}


def test_union_merge_reports_conflicting_reviews(project: Project, tmp_path: Path) -> None:
    """Two branches reviewed the same proposal differently: replay keeps the first and reports the other."""
    s = _sentences(project)[5]
    c = review.propose(project, DOC, who("anna"), s.start, s.start + 1, "#")
    a = _branch(project, tmp_path / "a")
    b = _branch(project, tmp_path / "b")
    review.approve(a, DOC, who("boris"), c.id, base=1)
    review.reject(b, DOC, who("clara"), c.id, reason="no", base=1)
    merged = _branch(project, tmp_path / "merged")
    path = CorrectionLog(merged, DOC).path
    path.write_bytes(CorrectionLog(a, DOC).path.read_bytes() + CorrectionLog(b, DOC).path.read_bytes())
    st = CorrectionLog(merged, DOC).state()
    assert st.corrections[c.id].status == "approved" and st.corrections[c.id].reviewer == "boris"
    assert len(st.problems) == 1 and "line 4" in st.problems[0] and "rejected" in st.problems[0], st.problems


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=repo, capture_output=True, text=True, check=False,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_real_git_merge_needs_no_hand_work(project: Project) -> None:
    repo = project.root
    shutil.copy(REPO / ".gitattributes", repo / ".gitattributes")
    sentences = _sentences(project)
    base_c = review.propose(project, DOC, who("anna"), sentences[0].start, sentences[0].start + 2, "Mx")
    assert _git(repo, "init", "-q", "-b", "main").returncode == 0
    _git(repo, "add", "-A")
    assert _git(repo, "commit", "-qm", "base").returncode == 0
    assert _git(repo, "checkout", "-qb", "side").returncode == 0
    review.approve(project, DOC, who("boris"), base_c.id, base=1)
    side = [review.propose(project, DOC, who("anna"), s.start, s.start + 1, "S") for s in sentences[30:33]]
    _git(repo, "add", "-A")
    assert _git(repo, "commit", "-qm", "side").returncode == 0
    assert _git(repo, "checkout", "-q", "main").returncode == 0
    main = [review.propose(project, DOC, who("anna"), s.start, s.start + 1, "M") for s in sentences[60:62]]
    review.comment(project, DOC, who("clara"), base_c.id, "seen on main")
    _git(repo, "add", "-A")
    assert _git(repo, "commit", "-qm", "main").returncode == 0
    merge = _git(repo, "merge", "side", "-m", "merge side")
    assert merge.returncode == 0, merge.stdout + merge.stderr
    assert _git(repo, "status", "--porcelain").stdout.strip() == ""
    st = CorrectionLog(project, DOC).state()
    assert st.problems == []
    assert st.events == 1 + 1 + 3 + 2 + 1
    assert set(st.corrections) == {base_c.id, *(c.id for c in side + main)}
    assert st.corrections[base_c.id].status == "approved"
    assert sorted(e.type for e in st.corrections[base_c.id].history) == ["approved", "commented", "proposed"]
