"""`beads`, `link`, `unlink`, `merge`, `split` from the command line, on a copy of the project."""

from __future__ import annotations

import json
import re

import pytest

from align.alignment.store import Bead, load_alignment, source_for
from align.cli import main
from align.project import Project

DOC = "meetings-with-trotsky"
LINE = re.compile(r"^#(\d+) +(\d-\d)  (\d\.\d\d)  (\[manual\]| {8})  (\S+) -> (\S+)  (['\"]).*\7 / (['\"]).*\8$")


def _cli(project: Project, *args: str) -> int:
    return main(["--project", str(project.root), *args])


def _aligned(project: Project, capsys: pytest.CaptureFixture[str]) -> list[Bead]:
    assert _cli(project, "align", DOC) == 0
    capsys.readouterr()
    beads = load_alignment(project, DOC)
    assert beads
    return beads


def _snapshot(project: Project) -> dict[str, bytes]:
    return {str(p.relative_to(project.root)): p.read_bytes() for p in project.corrections_dir.rglob("*") if p.is_file()}


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("align: error: ")
    return err


def _ids(field: str) -> tuple[str, ...]:
    return () if field == "-" else tuple(field.split(","))


def _parsed(out: str) -> list[tuple[int, str, bool, tuple[str, ...], tuple[str, ...]]]:
    rows = []
    for line in out.splitlines():
        m = LINE.match(line)
        assert m, line
        rows.append((int(m[1]), m[2], m[4] == "[manual]", _ids(m[5]), _ids(m[6])))
    return rows


def test_beads_before_and_after_align(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(project, "beads", DOC) == 3
    assert f"run `python -m align align {DOC}` first" in _error(capsys)
    assert not (project.doc_dir(DOC) / "alignment.jsonl").exists()  # `beads` never aligns

    beads = _aligned(project, capsys)
    assert _cli(project, "beads", DOC) == 0
    rows = _parsed(capsys.readouterr().out)
    assert [(n, kind, ru, en) for n, kind, _, ru, en in rows] == [
        (n, b.kind, b.ru, b.en) for n, b in enumerate(beads, 1)
    ]
    assert not any(manual for _, _, manual, _, _ in rows)
    assert _cli(project, "beads", DOC) == 0  # the first bead pairs the two titles, shown as text
    head = capsys.readouterr().out.splitlines()[0]
    assert "'Мои встречи с Троцким.' / 'My meetings with Trotsky.'" in head

    assert _cli(project, "beads", DOC, "--format", "jsonl") == 0
    records = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["n"] for r in records] == list(range(1, len(beads) + 1))
    assert [(tuple(r["ru"]), tuple(r["en"]), r["confidence"]) for r in records] == [
        (b.ru, b.en, b.confidence) for b in beads
    ]

    assert _cli(project, "beads", DOC, "--least-confident", "3") == 0
    low = _parsed(capsys.readouterr().out)
    assert len(low) == 3 and all(ru and en for _, _, _, ru, en in low)
    confidences = [beads[n - 1].confidence for n, *_ in low]
    pairs = sorted(b.confidence for b in beads if b.ru and b.en)
    assert confidences == pairs[:3]


def test_merge_and_split_survive_rerun(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    beads = _aligned(project, capsys)
    k = next(n for n in range(5, len(beads)) if beads[n - 1].kind == beads[n].kind == "1-1")
    a, b = beads[k - 1], beads[k]
    assert _cli(project, "merge", DOC, "--bead", str(k), "--user", "boris") == 0
    assert _parsed(capsys.readouterr().out) == [(k, "2-2", True, a.ru + b.ru, a.en + b.en)]
    stored = load_alignment(project, DOC)
    assert stored and len(stored) == len(beads) - 1 and stored[k - 1] == Bead(a.ru + b.ru, a.en + b.en, 1.0, 1.0, True)

    # The first Russian sentence alone, the rest with both English sentences.
    assert _cli(project, "split", DOC, "--bead", str(k), "--ru-first", "1", "--en-first", "0", "--user", "anna") == 0
    expected = [(k, "1-0", True, a.ru, ()), (k + 1, "1-2", True, b.ru, a.en + b.en)]
    assert _parsed(capsys.readouterr().out) == expected

    assert _cli(project, "align", DOC) == 0
    assert "manual: 2" in capsys.readouterr().out
    assert _cli(project, "beads", DOC) == 0
    assert [r for r in _parsed(capsys.readouterr().out) if r[2]] == expected
    decisions = [
        json.loads(x) for x in (project.doc_dir(DOC) / "alignment-decisions.jsonl").read_text("utf-8").splitlines()
    ]
    assert [(d["op"], d["user"]) for d in decisions] == [("merge", "boris"), ("split", "anna")]


def test_link_and_unlink_survive_rerun(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    beads = _aligned(project, capsys)
    ones = [b for b in beads if b.kind == "1-1"]
    p, q, c = ones[5], ones[6], ones[40]
    assert beads.index(q) == beads.index(p) + 1
    assert _cli(project, "link", DOC, "--ru", p.ru[0], "--en", f"{p.en[0]},{q.en[0]}", "--user", "clara") == 0
    shown = _parsed(capsys.readouterr().out)
    assert (beads.index(p) + 1, "1-2", True, p.ru, p.en + q.en) in shown
    assert any(ru == q.ru and en == () for _, _, _, ru, en in shown)  # q's Russian lost its English

    assert _cli(project, "unlink", DOC, "--ru", c.ru[0], "--en", c.en[0], "--user", "anna") == 0
    assert [(kind, manual, ru, en) for _, kind, manual, ru, en in _parsed(capsys.readouterr().out)] == [
        ("1-0", True, c.ru, ()),
        ("0-1", True, (), c.en),
    ]

    assert _cli(project, "align", DOC) == 0
    capsys.readouterr()
    rerun = load_alignment(project, DOC)
    assert rerun is not None
    assert Bead(p.ru, p.en + q.en, 1.0, 1.0, True) in rerun
    assert source_for(rerun, q.en[0]) == p.ru and source_for(rerun, c.en[0]) == ()
    assert Bead(c.ru, (), 1.0, 1.0, True) in rerun and Bead((), c.en, 1.0, 1.0, True) in rerun
    assert _cli(project, "beads", DOC) == 0
    manual = {(ru, en) for _, _, m, ru, en in _parsed(capsys.readouterr().out) if m}
    assert manual == {(p.ru, p.en + q.en), (c.ru, ()), ((), c.en)}


@pytest.mark.parametrize(("user", "why"), [("dmitri", "dmitri is a publisher"), ("ghost", "unknown user 'ghost'")])
def test_refused_users_change_nothing(
    project: Project, capsys: pytest.CaptureFixture[str], user: str, why: str
) -> None:
    before = _snapshot(project)
    assert _cli(project, "link", DOC, "--ru", "p3fec1230.1", "--en", "p259f9f67.1", "--user", user) == 4
    assert why in _error(capsys)
    assert _snapshot(project) == before  # not even an automatic alignment was stored

    beads = _aligned(project, capsys)
    before = _snapshot(project)
    for args in (
        ("link", "--ru", beads[0].ru[0], "--en", beads[0].en[0]),
        ("unlink", "--en", beads[0].en[0]),
        ("merge", "--bead", "1"),
        ("split", "--bead", "4", "--ru-first", "1", "--en-first", "1"),
    ):
        assert _cli(project, args[0], DOC, *args[1:], "--user", user) == 4, args
        assert why in _error(capsys)
    assert _snapshot(project) == before


def test_bad_numbers_and_ids_are_clear_errors(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(project, "merge", DOC, "--bead", "1", "--user", "boris") == 3
    assert "no stored alignment" in _error(capsys)
    beads = _aligned(project, capsys)
    n = len(beads)
    before = _snapshot(project)
    ru = [x for b in beads for x in b.ru]
    cases = [
        (("merge", "--bead", str(n + 1)), 3, f"no bead #{n + 1}: the stored alignment has beads #1-#{n}"),
        (("merge", "--bead", str(n)), 2, f"bead #{n} is the last one"),
        (("split", "--bead", "1", "--ru-first", "2"), 2, "bead #1 has 1 Russian and 1 English sentences"),
        (("split", "--bead", "1", "--ru-first", "1", "--en-first", "1"), 2, "both parts need at least one sentence"),
        (("split", "--bead", str(n + 5)), 3, f"no bead #{n + 5}"),
        (("link", "--ru", f"{ru[0]},{ru[2]}", "--en", beads[0].en[0]), 2, "must be consecutive"),
        (("link", "--ru", ru[0], "--en", "p00000000.1"), 3, "no English sentence 'p00000000.1'"),
        (("link", "--ru", ru[0]), 2, "at least one Russian and one English sentence"),
        (("unlink",), 2, "unlink needs --ru"),
    ]
    for args, code, message in cases:
        assert _cli(project, args[0], DOC, *args[1:], "--user", "boris") == code, args
        assert message in _error(capsys), args
    for bad in ("0", "-1"):
        with pytest.raises(SystemExit) as exc:
            _cli(project, "merge", DOC, "--bead", bad, "--user", "boris")
        assert exc.value.code == 2 and "bead numbers start at 1" in capsys.readouterr().err
    assert _snapshot(project) == before
