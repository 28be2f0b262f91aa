"""Reviewing many proposals at once: the groups (a check's, a person's same change), approve_many and
reject_many (each item checked as a single review checks it, in one write), and the CLI over them."""

from __future__ import annotations

import errno
import os
import re
import shutil
from pathlib import Path

import pytest
from people import who
from test_faults import _FakeOs
from test_hostile_input import _rewrite_log

from align.checks import rule_name, run_checks
from align.cli import identity, main
from align.corrections import review, workspace
from align.corrections.groups import pending_groups
from align.corrections.log import CorrectionLog
from align.errors import ConflictError, InputError, NotFoundError, PermissionDenied, StorageError
from align.project import Project

from conftest import SAMPLE as DOC

GLOSSARY = "check:glossary.variant"  # 7 findings on the sample


def spans(project: Project, word: str) -> list[tuple[int, int]]:
    text = workspace.open_workspace(project, DOC).text
    return [m.span() for m in re.finditer(rf"\b{word}\b", text)]


def propose_throughout(project: Project, login: str, word: str, replacement: str,
                       places: slice = slice(3)) -> list[str]:
    """One proposal per occurrence of `word` (of those `places` picks), as replacing it throughout makes them."""
    return [review.propose(project, DOC, who(login), s, e, replacement).id for s, e in spans(project, word)[places]]


def propose_checks(project: Project) -> None:
    """What `suggest --propose` records for the typography and glossary checks, as the checks account."""
    findings = run_checks(project, DOC, ["typography", "glossary"])
    assert review.propose_findings(project, DOC, who("checks"), findings)[0] == 22


def groups(project: Project) -> dict:
    return {g.key: g for g in pending_groups(workspace.list_corrections(project, DOC, ["proposed"]), rule_name)}


def status(project: Project) -> dict[str, str]:
    return {cid: c.status for cid, c in CorrectionLog(project, DOC).state().corrections.items()}


def replays_clean(project: Project, tmp_path: Path, capsys) -> bool:
    """`check-log` on a copy of the project: every line verified and replayed afresh (no cache of this process)."""
    copy = tmp_path / "replayed"
    shutil.copytree(project.root, copy)
    code = main(["--project", str(copy), "check-log", DOC])
    out = capsys.readouterr().out
    return code == 0 and "problem" not in out


@pytest.fixture
def proposals(project: Project) -> dict[str, list[str]]:
    """The checks' findings; Anna's 'Moscow' -> 'Moskva' at its three places and one lone change; Boris's
    (an editor's) 'Lenin' -> 'Lenine' at two places."""
    propose_checks(project)
    return {
        "moscow": propose_throughout(project, "anna", "Moscow", "Moskva"),
        "kremlin": propose_throughout(project, "anna", "Kremlin", "kremlin"),
        "lenin": propose_throughout(project, "boris", "Lenin", "Lenine", slice(2)),
    }


def test_groups_are_a_checks_proposals_and_a_persons_same_change(project: Project, proposals) -> None:
    found = groups(project)
    glossary = found[GLOSSARY]
    assert glossary.label == "Terms the glossary spells otherwise" and len(glossary.items) == 7
    assert [a.start for a in glossary.items] == sorted(a.start for a in glossary.items)  # text order
    [moscow] = [g for g in found.values() if g.label == "anna: 'Moscow' → 'Moskva'"]
    assert re.fullmatch(r"anna:[0-9a-f]{10}", moscow.key)
    assert [(a.start, a.end) for a in moscow.items] == spans(project, "Moscow")
    assert [c for c, _ in moscow.bases()] == proposals["moscow"]
    [lenin] = [g for g in found.values() if g.key.startswith("boris:")]
    assert lenin.label == "boris: 'Lenin' → 'Lenine'" and len(lenin.items) == 2
    assert not any("Kremlin" in g.label for g in found.values())  # one proposal is no group
    sizes = [len(g.items) for g in found.values()]
    assert sizes == sorted(sizes, reverse=True)  # the largest first
    # The key stays when the group changes: one of its items approved, another change proposed.
    review.approve(project, DOC, who("clara"), proposals["moscow"][0])
    propose_throughout(project, "anna", "Trotsky", "Trotskii", slice(2))
    again = groups(project)
    assert len(again[moscow.key].items) == 2 and again[lenin.key].label == lenin.label
    # The same change by someone else is another group (another key).
    propose_throughout(project, "clara", "Lenin", "Lenine", slice(2, 4))  # two places Boris left free
    assert {g.key for g in groups(project).values() if g.label.endswith("'Lenin' → 'Lenine'")} == {
        lenin.key, lenin.key.replace("boris:", "clara:")}


def test_approve_many_refuses_some_without_stopping_the_rest(project: Project, proposals, tmp_path: Path,
                                                             capsys) -> None:
    found = groups(project)
    [kremlin] = proposals["kremlin"]
    review.revise(project, DOC, who("anna"), kremlin, note="a common noun here")  # revision 2: Boris saw 1
    items = [*found[GLOSSARY].bases(), *[(c, 1) for c in proposals["lenin"]], (kremlin, 1), ("c-nosuch", None),
             *[(c, None) for c in proposals["moscow"]]]
    lines = len(CorrectionLog(project, DOC).path.read_bytes().splitlines())
    result = review.approve_many(project, DOC, who("boris"), items)
    assert [c.id for c in result.decided] == [c for c, _ in found[GLOSSARY].bases()] + proposals["moscow"]
    assert {c.status for c in result.decided} == {"approved"} and {c.reviewer for c in result.decided} == {"boris"}
    refused = [(r.correction, type(r.error)) for r in result.refused]
    assert refused == [*[(c, PermissionDenied) for c in proposals["lenin"]], (kremlin, ConflictError),
                       ("c-nosuch", NotFoundError)]
    assert "(four eyes)" in str(result.refused[0].error)
    assert "changed since you saw it: anna revised it" in str(result.refused[2].error)
    # Each refusal is the one the single review gives, word for word.
    bases = dict(items)
    for r in result.refused:
        with pytest.raises(type(r.error)) as single:
            review.approve(project, DOC, who("boris"), r.correction, base=bases[r.correction])
        assert str(single.value) == str(r.error)
    assert len(CorrectionLog(project, DOC).path.read_bytes().splitlines()) == lines + 10  # one event per decision
    assert replays_clean(project, tmp_path, capsys)


def test_an_overlap_with_an_earlier_item_of_the_batch_is_refused(project: Project, tmp_path: Path, capsys) -> None:
    (start, end), = spans(project, "tines")
    several = start - len("several ")
    times = review.propose(project, DOC, who("anna"), start, end, "times").id
    few = review.propose(project, DOC, who("clara"), several, end, "a few times").id  # overlaps it
    later = propose_throughout(project, "anna", "Moscow", "Moskva")
    items = [(times, 1), (few, 1), (times, 1), *[(c, 1) for c in later]]
    result = review.approve_many(project, DOC, who("boris"), items)
    assert [c.id for c in result.decided] == [times, *later]
    [overlap, twice] = result.refused
    assert overlap.correction == few and isinstance(overlap.error, ConflictError)
    assert f"overlaps approved correction {times}" in str(overlap.error)
    assert twice.correction == times and "changed since you saw it: boris approved it" in str(twice.error)
    assert status(project)[few] == "proposed"
    assert replays_clean(project, tmp_path, capsys)  # no second review of one revision reached the log


def test_a_batch_is_one_write_all_or_none(project: Project, proposals, monkeypatch) -> None:
    log = CorrectionLog(project, DOC)
    before, states = log.path.read_bytes(), status(project)
    items = groups(project)[GLOSSARY].bases()

    def write_half_then_fail(fd: int, data: bytes) -> int:
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    def fsync_fails(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    for fault in ({"write": write_half_then_fail}, {"fsync": fsync_fails}):
        monkeypatch.setattr("align.jsonlog.os", _FakeOs(**fault))
        with pytest.raises(StorageError, match="nothing was recorded"):
            review.approve_many(project, DOC, who("boris"), items)
        monkeypatch.undo()
        assert log.path.read_bytes() == before and status(project) == states
    calls: list[str] = []

    def counted(name: str):
        real = getattr(os, name)
        return lambda *args: calls.append(name) or real(*args)

    monkeypatch.setattr("align.jsonlog.os", _FakeOs(write=counted("write"), fsync=counted("fsync")))
    assert len(review.approve_many(project, DOC, who("boris"), items).decided) == 7
    assert calls == ["write", "fsync"]


def test_reject_many_needs_a_reason_and_a_reviewer(project: Project, proposals) -> None:
    items = [(c, None) for c in proposals["moscow"]]
    before = CorrectionLog(project, DOC).path.read_bytes()
    with pytest.raises(InputError, match="a rejection needs a reason"):
        review.reject_many(project, DOC, who("clara"), items, reason="  ")
    with pytest.raises(PermissionDenied, match="anna is a translator; only an editor may approve"):
        review.approve_many(project, DOC, who("anna"), items)  # refused once, not once per item
    assert CorrectionLog(project, DOC).path.read_bytes() == before
    result = review.reject_many(project, DOC, who("clara"), items, reason="the English form is usual")
    assert not result.refused
    assert {(c.status, c.reviewer, c.reason) for c in result.decided} == {
        ("rejected", "clara", "the English form is usual")}


def cli(project: Project, capsys, *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(["--project", str(project.root), *argv])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_cli_several_ids_a_group_and_the_groups(project: Project, proposals, monkeypatch, capsys) -> None:
    typed = identity.read_password
    prompts: list[str] = []
    monkeypatch.setattr(identity, "read_password", lambda prompt: prompts.append(prompt) or typed(prompt))
    code, out, _ = cli(project, capsys, "list", DOC, "--groups")
    assert code == 0 and f"{GLOSSARY}\t7\tTerms the glossary spells otherwise" in out
    [moscow] = [line.split("\t") for line in out if line.endswith("anna: 'Moscow' → 'Moskva'")]
    assert moscow[1] == "3" and len(out) == len(groups(project))

    own, mine = proposals["lenin"]
    first, second = proposals["moscow"][:2]
    code, out, err = cli(project, capsys, "approve", first, own, second, "--user", "boris")
    assert code == PermissionDenied.exit_code and len(prompts) == 1  # one password for the batch
    assert out == [f"{first}\tapproved\trevision 2", f"{second}\tapproved\trevision 2"]
    assert err == [f"align: {own} not approved: boris proposed this correction; another editor must approve it "
                   "(four eyes)"]
    code, out, err = cli(project, capsys, "approve", first, own, "--user", "clara")  # first refusal: a conflict
    assert code == ConflictError.exit_code and out == [f"{own}\tapproved\trevision 2"]
    assert err[0].startswith(f"align: {first} not approved: correction {first} is approved (by boris)")

    code, out, err = cli(project, capsys, "reject", "--group", GLOSSARY, "--doc", DOC, "--user", "clara",
                         "--reason", "the translator's spelling")
    assert code == 0 and not err and len(out) == 7 and all(line.endswith("rejected\trevision 2") for line in out)
    code, out, _ = cli(project, capsys, "list", DOC, "--groups")
    assert not any(line.startswith(GLOSSARY) for line in out)
    assert cli(project, capsys, "approve", "--group", moscow[0], "--doc", DOC, "--user", "clara")[0] == 0
    assert status(project)[proposals["moscow"][2]] == "approved"
    assert cli(project, capsys, "approve", mine, "--user", "clara")[1] == [f"{mine}\tapproved\trevision 2"]


def test_a_proposer_withdraws_a_group_and_restores_it(project: Project, proposals, capsys) -> None:
    moscow = proposals["moscow"]
    [key] = [k for k, g in groups(project).items() if {a.correction.id for a in g.items} == set(moscow)]
    lone = proposals["kremlin"][0]
    # a translator made a replace throughout in error: she takes the whole group back, one write
    code, out, err = cli(project, capsys, "withdraw", "--group", key, "--doc", DOC, "--user", "anna")
    assert code == 0 and not err and out == [f"{c}\twithdrawn\trevision 2" for c in moscow]
    assert key not in groups(project)
    # another person's proposals are refused one by one, the rest done
    own = proposals["lenin"][0]
    code, out, err = cli(project, capsys, "withdraw", lone, own, "--user", "anna")
    assert code == PermissionDenied.exit_code and out == [f"{lone}\twithdrawn\trevision 2"]
    assert err == [f"align: {own} not withdrawn: only the proposer (boris) may withdraw this correction"]
    code, out, err = cli(project, capsys, "restore", *moscow, "--user", "anna")
    assert code == 0 and out == [f"{c}\tproposed\trevision 3" for c in moscow]
    assert all(status(project)[c] == "proposed" for c in moscow) and status(project)[lone] == "withdrawn"
    code, _, err = cli(project, capsys, "restore", "--user", "anna")
    assert code == 2 and err == ["align: error: give the correction ids"]
    with pytest.raises(PermissionDenied, match="may withdraw"):  # a publisher may not take anything back
        review.withdraw_many(project, DOC, who("dmitri"), [(c, None) for c in moscow])
    assert replays_clean(project, tmp_path=project.root.parent, capsys=capsys)


@pytest.mark.parametrize("argv, code, says", [
    (["approve", "c-1", "c-2", "--base", "1"], 2, "--base goes with one correction id"),
    (["approve", "--group", GLOSSARY, "--doc", DOC, "--base", "1"], 2, "--base goes with one correction id"),
    (["approve", "--group", GLOSSARY], 2, "--group needs --doc"),
    (["approve", "c-1", "--group", GLOSSARY, "--doc", DOC], 2, "give correction ids or --group"),
    (["reject", "--reason", "no"], 2, "give correction ids or --group"),
    (["approve", "--group", "check:no.such", "--doc", DOC], 3, f"`align list {DOC} --groups` lists them"),
    (["list", DOC, "--groups", "--status", "approved"], 2, "--groups lists pending proposals only"),
])
def test_cli_refuses_what_a_batch_cannot_do(project: Project, proposals, capsys, argv: list[str], code: int,
                                             says: str) -> None:
    before = CorrectionLog(project, DOC).path.read_bytes()
    got, _, err = cli(project, capsys, *argv, *(["--user", "boris"] if argv[0] != "list" else []))
    assert got == code and len(err) == 1 and err[0].startswith("align: error: ") and says in err[0]
    assert CorrectionLog(project, DOC).path.read_bytes() == before


def test_hostile_labels_and_keys_are_printed_safely(project: Project, proposals, capsys) -> None:
    anna = set(proposals["moscow"])

    def poison(e: dict) -> None:  # as a hand-edited or old log line could hold them
        if e["type"] == "proposed" and e["correction"] in anna:
            e["data"]["replacement"] = "Mos\x1b[31mkva\u202e"
        elif e["type"] == "proposed" and e["data"]["origin"] == GLOSSARY:
            e["data"]["origin"] = "check:glossary\x1b[2J\nfake line"

    _rewrite_log(project, poison)
    code, out, _ = cli(project, capsys, "list", DOC, "--groups")
    assert code == 0 and len(out) == len(groups(project))  # one line per group: no line break got through
    shown = "\n".join(out)
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "anna: 'Moscow' → 'Mos\\\\x1b[31mkva\\u202e'" in shown  # the label, its escapes spelled out
    [key] = [line.split("\t")[0] for line in out if "fake line" in line]
    assert key == "check:glossary\\x1b[2J\\x0afake line"  # typed as printed
    code, out, _ = cli(project, capsys, "approve", "--group", key, "--doc", DOC, "--user", "clara")
    assert code == 0 and len(out) == 7
