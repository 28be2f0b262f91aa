"""Replay trusts no line: forged, unsigned, wrongly signed or rule-breaking events are reported and ignored.

Each forgery of issue #13 is appended to a real log as an attacker with file access (or a
careless hand) would, and must be reported with its line number, not applied, and make
`check-log` exit non-zero.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from people import stranger, who

from align import signing
from align.accounts import Actor
from align.cli import main
from align.corrections import log as store
from align.corrections import review, workspace
from align.corrections.log import CorrectionLog
from align.corrections.model import Event, EventKind, Status
from align.project import Project

DOC = "meetings-with-trotsky"


def _tines(project: Project, login: str = "anna") -> str:
    ws = workspace.open_workspace(project, DOC)
    start = ws.text.index("several tines") + len("several ")
    return review.propose(project, DOC, who(login), start, start + len("tines"), "times").id


def _line(signer: Actor, kind: str, cid: str, base: int, *, actor: str | None = None, role: str | None = None,
          reason: str = "", data: dict | None = None) -> dict:
    """An event as `Event.signed` makes it, but claiming any actor or role, signed by `signer`'s key."""
    e = Event("", EventKind(kind), cid, actor or signer.login, role or str(signer.role), "2026-11-25T10:00:00.000Z",
              base, data or {}, reason)
    message = signing.content_bytes(e.content())
    return replace(e, id=signing.content_id("e-", message), sig=signer.sign(message)).to_json()


def _append(project: Project, *records: dict) -> CorrectionLog:
    log = CorrectionLog(project, DOC)
    with log.path.open("a", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
    return log


def _check_log(project: Project, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--project", str(project.root), "check-log", DOC])
    return code, capsys.readouterr().out


def _refused(project: Project, capsys: pytest.CaptureFixture[str], cid: str, status: Status, says: str) -> None:
    """The last line was reported (with its number) and ignored: `cid` kept `status`; check-log fails."""
    log = CorrectionLog(project, DOC)
    n = len(log.path.read_bytes().splitlines())
    st = log.state()
    assert st.corrections[cid].status is status
    assert len(st.problems) == 1 and f"line {n}:" in st.problems[0] and says in st.problems[0], st.problems
    code, out = _check_log(project, capsys)
    assert code == 1 and f"line {n}:" in out


def test_a_translator_approving_her_own_proposal(project: Project, capsys) -> None:
    cid = _tines(project)
    _append(project, _line(who("anna"), "approved", cid, 1))
    _refused(project, capsys, cid, Status.PROPOSED, "only an editor may approve")


def test_an_editor_approving_his_own_proposal(project: Project, capsys) -> None:
    cid = _tines(project, "boris")
    _append(project, _line(who("boris"), "approved", cid, 1))
    _refused(project, capsys, cid, Status.PROPOSED, "four eyes")


def test_an_unknown_user_with_role_god(project: Project, capsys) -> None:
    cid = _tines(project)
    _append(project, _line(stranger("mallory"), "approved", cid, 1, role="god"))
    _refused(project, capsys, cid, Status.PROPOSED, "'mallory', who is not in the users file")


def test_a_known_user_claiming_another_role(project: Project, capsys) -> None:
    cid = _tines(project)
    _append(project, _line(who("dmitri"), "approved", cid, 1, role="editor"))
    _refused(project, capsys, cid, Status.PROPOSED, "dmitri acted as editor, but the users file makes them publisher")


def test_an_approval_after_a_rejection(project: Project, capsys) -> None:
    cid = _tines(project)
    review.reject(project, DOC, who("clara"), cid, reason="the scan has tines")
    _append(project, _line(who("boris"), "approved", cid, 2))
    _refused(project, capsys, cid, Status.REJECTED, "which was rejected already")


def test_a_second_review_of_one_revision(project: Project, capsys) -> None:
    cid = _tines(project)
    review.approve(project, DOC, who("boris"), cid)
    _append(project, _line(who("clara"), "rejected", cid, 1, reason="no"))
    _refused(project, capsys, cid, Status.APPROVED, "which was approved already")


def test_a_revision_of_approved_text(project: Project, capsys) -> None:
    cid = _tines(project)
    review.approve(project, DOC, who("boris"), cid)
    _append(project, _line(who("anna"), "revised", cid, 2, data={"replacement": "tomes"}))
    _refused(project, capsys, cid, Status.APPROVED, "which was approved already")
    main(["--project", str(project.root), "apply", DOC, "-o", str(project.root / "out.txt")])
    text = (project.root / "out.txt").read_text(encoding="utf-8")
    assert "several times" in text and "tomes" not in text


def test_a_withdrawal_by_someone_else(project: Project, capsys) -> None:
    cid = _tines(project)
    _append(project, _line(who("clara"), "withdrawn", cid, 1))
    _refused(project, capsys, cid, Status.PROPOSED, "only the proposer (anna) may withdraw")


def test_an_id_reused_with_another_type(project: Project, capsys) -> None:
    cid = _tines(project)
    real = CorrectionLog(project, DOC).state().corrections[cid].history[0]
    forged = _line(who("anna"), "withdrawn", cid, 1)
    forged["event"] = real.id  # the real proposal's id on another event
    _append(project, forged)
    _refused(project, capsys, cid, Status.PROPOSED, "reuses the id of an earlier event with other content")
    assert CorrectionLog(project, DOC).state().corrections[cid].history == (real,)


def test_a_forged_line_placed_before_the_real_one_does_not_hide_it(project: Project) -> None:
    cid = _tines(project)
    log = CorrectionLog(project, DOC)
    real = log.path.read_bytes()
    forged = _line(who("anna"), "withdrawn", cid, 1)
    forged["event"] = json.loads(real)["event"]
    log.path.write_bytes(json.dumps(forged).encode() + b"\n" + real)
    st = CorrectionLog(project, DOC).state()
    assert st.corrections[cid].status is Status.PROPOSED and st.events == 1
    assert len(st.problems) == 1 and "line 1:" in st.problems[0] and "does not match its content" in st.problems[0]


def test_an_unsigned_line(project: Project, capsys) -> None:
    cid = _tines(project)
    _append(project, {**_line(who("boris"), "approved", cid, 1), "sig": ""})
    _refused(project, capsys, cid, Status.PROPOSED, "is not signed")


def test_a_line_signed_by_someone_else(project: Project, capsys) -> None:
    cid = _tines(project)
    _append(project, _line(who("clara"), "approved", cid, 1, actor="boris"))  # clara's key, boris's name
    _refused(project, capsys, cid, Status.PROPOSED, "does not carry boris's signature")


def test_a_signed_line_changed_by_hand(project: Project, capsys) -> None:
    cid = _tines(project)
    log = CorrectionLog(project, DOC)
    line = json.loads(log.path.read_bytes())
    line["data"]["replacement"] = "tombs"
    log.path.write_text(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    store._SHARED.clear()  # a fresh reader (this one's cache sees the same size and tail)
    st = CorrectionLog(project, DOC).state()
    assert cid not in st.corrections
    assert "line 1:" in st.problems[0] and "does not match its content" in st.problems[0]
    code, _ = _check_log(project, capsys)
    assert code == 1


def test_a_genuine_log_checks_clean(project: Project, capsys) -> None:
    cid = _tines(project)
    review.comment(project, DOC, who("clara"), cid, "agreed")
    review.approve(project, DOC, who("boris"), cid)
    code, out = _check_log(project, capsys)
    assert code == 0 and "3 events" in out


def test_the_sample_log_verifies(capsys) -> None:
    code = main(["--project", str(Path(__file__).resolve().parent.parent), "check-log", DOC])
    out = capsys.readouterr().out
    assert code == 0, out


def test_a_union_merge_duplicate_counts_once(project: Project) -> None:
    cid = _tines(project)
    log = CorrectionLog(project, DOC)
    line = log.path.read_bytes()
    log.path.write_bytes(line + line)
    st = CorrectionLog(project, DOC).state()
    assert st.events == 1 and st.problems == [] and list(st.corrections) == [cid]


def test_many_new_lines_checked_on_every_core_still_refuse_a_forgery_among_them(project: Project, tmp_path,
                                                                                 monkeypatch) -> None:
    monkeypatch.setenv(signing.CACHE_ENV, str(tmp_path / "cache"))  # nothing verified before
    cid = _tines(project)
    n = signing.PARALLEL_FROM + 50
    comments = [_line(who("clara"), "commented", cid, 1, reason=f"remark {k}") for k in range(n)]
    forged = dict(comments[n // 2], sig=comments[0]["sig"])  # another line's signature
    _append(project, *comments[: n // 2], forged, *comments[n // 2 + 1 :])
    store._SHARED.clear()
    store._VERIFIED.clear()
    st = CorrectionLog(project, DOC).state()
    assert st.events == n and len(st.corrections[cid].history) == n
    assert len(st.problems) == 1 and f"line {n // 2 + 2}:" in st.problems[0]
    assert "does not carry clara's signature" in st.problems[0]
    store._SHARED.clear()
    store._VERIFIED.clear()  # again, from the remembered signatures: the same verdicts
    again = CorrectionLog(project, DOC).state()
    assert again.events == n and again.problems == st.problems


def test_verified_signatures_are_remembered_but_not_trusted_from_a_forged_cache(project: Project, tmp_path,
                                                                                monkeypatch) -> None:
    monkeypatch.setenv(signing.CACHE_ENV, str(tmp_path / "cache"))
    cid = _tines(project)
    for _ in range(store.SAVE_AFTER):
        review.comment(project, DOC, who("clara"), cid, "again")
    store._SHARED.clear()
    store._VERIFIED.clear()
    assert CorrectionLog(project, DOC).state().events == store.SAVE_AFTER + 1
    cache = next((tmp_path / "cache").glob("verified-*.bin"))
    assert len(cache.read_bytes()) == 32 + 16 * (store.SAVE_AFTER + 1)
    forged = _line(who("clara"), "approved", cid, 1, actor="boris")  # a wrong signature ...
    pair = signing.Verified.pair(next(iter(_keys(project, "boris"))), forged["event"], forged["sig"])
    cache.write_bytes(cache.read_bytes() + pair)  # ... "verified" in a cache edited without its secret
    _append(project, forged)
    store._SHARED.clear()
    store._VERIFIED.clear()
    st = CorrectionLog(project, DOC).state()
    assert st.corrections[cid].status is Status.PROPOSED and "does not carry boris's signature" in st.problems[0]


def _keys(project: Project, login: str) -> tuple[bytes, ...]:
    from align.accounts import get_account

    return get_account(project, login).keys


def test_a_role_change_keeps_what_was_signed_in_the_old_role(project: Project, capsys) -> None:
    from align import accounts
    from align.errors import PermissionDenied

    cid = _tines(project)  # anna, a translator
    review.approve(project, DOC, who("boris"), cid)  # boris, an editor
    assert main(["--project", str(project.root), "user", "role", "anna", "editor"]) == 0
    assert main(["--project", str(project.root), "user", "role", "boris", "translator"]) == 0
    st = CorrectionLog(project, DOC).state()
    assert st.problems == [] and st.corrections[cid].status is Status.APPROVED  # the past stands
    with pytest.raises(PermissionDenied, match="sign in again"):  # a session from before the change
        review.approve(project, DOC, who("boris"), cid)
    # Anna, signed in again, acts as the editor she is now; her old role, claimed now, is refused.
    anna = accounts.sign_in(project, "anna", "demo-anna")
    other = review.propose(project, DOC, who("clara"), 0, 1, "X").id
    review.approve(project, DOC, anna, other)
    later = replace(Event.from_json(_line(who("anna"), "proposed", "c-late", 0, data={"start": 5, "end": 6,
                                                                                        "replacement": "y"})),
                    time="2999-01-01T00:00:00.000Z")
    message = signing.content_bytes(later.content())
    _append(project, replace(later, id=signing.content_id("e-", message), sig=who("anna").sign(message)).to_json())
    st = CorrectionLog(project, DOC).state()
    assert st.corrections[other].status is Status.APPROVED and "c-late" not in st.corrections
    assert "anna acted as translator at 2999-01-01T00:00:00.000Z, but the users file makes them editor then" \
        in st.problems[-1]


@pytest.mark.parametrize(("value", "says"), [
    ('[{ role = "editor", until = "yesterday" }]', "former role ends at 'yesterday', not a time"),
    ('[{ role = "god", until = "2026-01-01T00:00:00.000Z" }]', "has unknown role 'god'"),
    ('[{ role = "editor", until = "2026-02-01T00:00:00.000Z" }, { role = "publisher", until = '
     '"2026-01-01T00:00:00.000Z" }]', "former_roles must be oldest first"),
])
def test_a_malformed_role_history_is_one_clear_error(project: Project, value: str, says: str) -> None:
    from align.errors import InputError
    from align.users import load_users

    path = project.corrections_dir / "users.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("[users.dmitri]\n", f"[users.dmitri]\nformer_roles = "
                                                            f"{value}\n", 1), encoding="utf-8")
    with pytest.raises(InputError, match=f"user 'dmitri'.*{says}"):
        load_users(project)


def test_a_batch_is_one_write_of_lines_each_signed_and_verified_alone(project: Project, tmp_path,
                                                                        monkeypatch) -> None:
    monkeypatch.setenv(signing.CACHE_ENV, str(tmp_path / "cache"))  # nothing verified before
    cid = _tines(project)
    log = CorrectionLog(project, DOC)
    before = log.path.read_bytes()
    n = store.SAVE_AFTER + 20

    def remarks(st: store.LogState) -> list[Event]:
        base = st.corrections[cid].revision
        return [Event.signed(who("clara"), EventKind.COMMENTED, cid, base, reason=f"remark {k}") for k in range(n)]

    def refuse(st: store.LogState) -> list[Event]:
        raise PermissionError("the builder refuses")

    with pytest.raises(PermissionError):
        log.append_many(refuse)
    assert log.append_many(lambda st: []) == []
    assert log.path.read_bytes() == before  # nothing written unless the builder returns events
    made = log.append_many(remarks)
    lines = log.path.read_bytes().splitlines()
    assert [json.loads(line)["event"] for line in lines[1:]] == [e.id for e in made]  # whole lines, in order
    store._SHARED.clear()
    store._VERIFIED.clear()
    st = CorrectionLog(project, DOC).state()
    assert st.problems == [] and st.events == n + 1
    assert [e.reason for e in st.corrections[cid].history[1:]] == [f"remark {k}" for k in range(n)]
    cache = next((tmp_path / "cache").glob("verified-*.bin"))  # over SAVE_AFTER new ones: remembered
    assert len(cache.read_bytes()) == 32 + 16 * (n + 1)
    # Each line is signed on its own, not chained: one changed by hand is refused, its neighbours stand.
    lines[5] = lines[5].replace(b"remark 4", b"remark X")
    log.path.write_bytes(b"\n".join(lines) + b"\n")
    store._SHARED.clear()
    store._VERIFIED.clear()
    st = CorrectionLog(project, DOC).state()
    assert st.events == n and len(st.problems) == 1 and "line 6:" in st.problems[0]
    assert "remark 4" not in [e.reason for e in st.corrections[cid].history]
