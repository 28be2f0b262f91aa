"""The termbase's signed history (align.glossary.history, `align glossary history`, the Glossary view's "History"):
every change an editor writes is recorded, signed, before the glossary file is replaced; a removal keeps who did
it and what the entry said; a forged or torn line is reported, the rest listed."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from people import who
from streamlit.testing.v1 import AppTest
from test_app import signed_in, view

from align import jsonlog, signing
from align.cli import main
from align.errors import InputError
from align.glossary import GlossaryEntry, edit, glossary_path, history, read_entries
from align.glossary.history import LAYOUT, What
from align.project import Project

from conftest import copy_project

DOC = "meetings-with-trotsky"
COMINTERN = GlossaryEntry("Коминтерн", "Comintern", ("Komintern",))


def _set_change_remove(project: Project) -> None:
    """Boris adds Коминтерн to the document's glossary, adds a note to it, then removes it."""
    boris = who("boris")
    edit.set_term(project, boris, COMINTERN, DOC)
    edit.set_term(project, boris, replace(COMINTERN, note="the Communist International"), DOC)
    edit.remove_term(project, boris, "Коминтерн", DOC)


def _append_line(path: Path, line: dict | bytes) -> None:
    """Append one line by hand, as someone with write access to the project could."""
    data = line if isinstance(line, bytes) else (json.dumps(line, ensure_ascii=False, separators=(",", ":"))
                                                 + "\n").encode("utf-8")
    with path.open("ab") as fh:
        fh.write(data)


def cli(project: Project, capsys, *argv: str) -> tuple[int, str, str]:
    rc = main(["--project", str(project.root), *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_set_change_remove_gives_three_verified_records_and_the_removal_keeps_what_it_said(project: Project) -> None:
    _set_change_remove(project)
    assert "Коминтерн" not in [e.ru for e in read_entries(project, DOC)]
    assert history.history_path(project, DOC) == project.doc_dir(DOC) / "glossary-history.jsonl"
    found = history.read_history(project, DOC, "Коминтерн")
    assert found.problems == []
    added, changed, removed = found.records
    assert [r.what for r in found.records] == [What.ADDED, What.CHANGED, What.REMOVED]
    assert [(r.by, r.role) for r in found.records] == [("boris", "editor")] * 3
    assert added.at <= changed.at <= removed.at
    assert added.before is None and added.after is not None and added.after.terms() == COMINTERN.terms()
    assert changed.before == added.after and changed.after is not None
    assert changed.after.note == "the Communist International"
    assert removed.after is None and removed.before == changed.after  # who removed it, and what it said
    assert removed.before.by == "boris" and removed.before.sig == ""  # the entries are recorded without `sig`
    assert history.read_history(project, DOC, "Comintern").records == found.records  # by its English form too
    assert history.read_history(project, DOC, "Спиноза").records == []

    for _ in range(2):  # set again, then once more as it is: the second changes nothing and records nothing
        edit.set_term(project, who("boris"), COMINTERN, DOC)
    assert [r.what for r in history.read_history(project, DOC).records] == [What.ADDED, What.CHANGED, What.REMOVED,
                                                                             What.ADDED]


def test_an_import_of_three_terms_is_three_records_in_one_append(project: Project, capsys,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    appends: list[int] = []
    real = jsonlog.append_many

    def counted(held: jsonlog.Held, records: list) -> None:
        appends.append(len(records))
        real(held, records)

    monkeypatch.setattr(jsonlog, "append_many", counted)
    terms = project.root / "terms.csv"
    terms.write_text("ru,en,avoid,note\nЛенин,Lenin,,\nСталин,Stalin,,\nБухарин,Bukharin,Bucharin,\n",
                     encoding="utf-8")
    rc, _, err = cli(project, capsys, "glossary", "import", str(terms), "--user", "boris")
    assert rc == 0 and "3 added" in err
    assert appends == [3]
    path = history.history_path(project)
    assert path == project.corrections_dir / "glossary-history.jsonl"  # beside the project's glossary
    records = history.read_history(project).records
    assert [(r.what, r.term, r.by) for r in records] == [(What.ADDED, t, "boris") for t in ("Ленин", "Сталин",
                                                                                            "Бухарин")]
    assert len({r.at for r in records}) == 1 and records[2].after is not None
    assert records[2].after.avoid == ("Bucharin",)
    assert history.read_history(project, DOC).records == []  # the document's glossary was not changed


def test_forged_lines_are_reported_and_not_counted(project: Project, capsys) -> None:
    _set_change_remove(project)
    path = history.history_path(project, DOC)
    lines = path.read_bytes().splitlines(keepends=True)
    assert len(lines) == 3
    # line 1 edited by hand: another person named as having made the change
    assert b'"by":"boris","role":"editor"' in lines[0]
    lines[0] = lines[0].replace(b'"by":"boris","role":"editor"', b'"by":"clara","role":"editor"')
    path.write_bytes(b"".join(lines))
    # line 4: the change's text edited and its id made again from the new content, the signature kept
    real = history.read_history(project, DOC).records[0]  # the change (line 2)
    assert real.after is not None
    forged = replace(real, after=replace(real.after, en="Komintern"))
    content = forged.content()
    _append_line(path, LAYOUT.line(content, signing.content_id(LAYOUT.prefix, signing.content_bytes(content)),
                                   real.sig))
    # line 5: a translator's own signature, but translators may not change the glossary
    anna = who("anna")
    _append_line(path, history.Record.signed(anna, jsonlog.now(), None, COMINTERN).to_json())

    found = history.read_history(project, DOC)
    assert [r.what for r in found.records] == [What.CHANGED, What.REMOVED]  # lines 2 and 3
    assert len(found.problems) == 3
    assert found.problems[0].startswith("glossary-history.jsonl line 1: ")
    assert "does not match its content" in found.problems[0]
    assert found.problems[1].startswith("glossary-history.jsonl line 4: ")
    assert "does not carry boris's signature" in found.problems[1]
    assert found.problems[2].startswith("glossary-history.jsonl line 5: ") and "anna" in found.problems[2]

    rc, out, err = cli(project, capsys, "glossary", "history", "--doc", DOC)
    assert rc == 1
    assert [line.split("\t")[1] for line in out.splitlines()] == ["changed", "removed"]
    assert "Komintern" not in out.replace("avoid: Komintern", "")
    assert err.count("problem: glossary-history.jsonl line ") == 3


def test_a_torn_last_line_is_reported_and_the_rest_listed(project: Project, capsys) -> None:
    _set_change_remove(project)
    path = history.history_path(project, DOC)
    _append_line(path, b'{"what":"added","term":"\xd0\x9b\xd0\xb5')  # a writer killed mid-line
    found = history.read_history(project, DOC)
    assert len(found.records) == 3
    assert found.problems == [found.problems[0]] and "last line 4 of glossary-history.jsonl is incomplete" in \
        found.problems[0]
    rc, out, err = cli(project, capsys, "glossary", "history", "Коминтерн", "--doc", DOC)
    assert rc == 1 and len(out.splitlines()) == 3 and "problem: last line 4" in err
    rc, out, _ = cli(project, capsys, "check-log", DOC)  # the document's every log, checked in one place
    assert rc == 1 and f"{path}: 3 glossary changes" in out and "problem: last line 4 of glossary-history" in out
    # the next change is recorded after it, on a line of its own
    edit.set_term(project, who("boris"), COMINTERN, DOC)
    again = history.read_history(project, DOC)
    assert [r.what for r in again.records][-1] is What.ADDED
    assert "line 4: not a valid glossary change" in again.problems[0]


def test_check_log_says_where_the_file_is_not_what_its_history_says(project: Project, capsys) -> None:
    edit.set_term(project, who("boris"), COMINTERN, DOC)
    assert cli(project, capsys, "check-log", DOC)[0] == 0  # file and history agree
    path = glossary_path(project, DOC)
    path.write_text(path.read_text(encoding="utf-8").replace('en = "Comintern"', 'en = "Komintern"'),
                    encoding="utf-8")  # a hand edit since: no record of it
    rc, out, _ = cli(project, capsys, "check-log", DOC)
    assert rc == 1 and "problem: glossary.toml: 'Коминтерн' is not as boris set it at " in out
    assert "(edited by hand since, or that write failed)" in out


def test_no_change_reaches_the_file_without_its_record(project: Project, tmp_path: Path) -> None:
    """The history is written first: when it cannot be, the glossary file is left as it was."""
    path = history.history_path(project, DOC)
    elsewhere = tmp_path / "elsewhere.jsonl"
    elsewhere.write_bytes(b"")
    path.symlink_to(elsewhere)  # a symlinked log is refused (align.jsonlog)
    before = glossary_path(project, DOC).read_bytes()
    with pytest.raises(InputError):
        edit.set_term(project, who("boris"), COMINTERN, DOC)
    assert glossary_path(project, DOC).read_bytes() == before and elsewhere.read_bytes() == b""


def test_the_cli_lists_a_terms_history_as_text_and_jsonl(project: Project, capsys) -> None:
    _set_change_remove(project)
    rc, out, err = cli(project, capsys, "glossary", "history", "Коминтерн", "--doc", DOC)
    assert rc == 0 and err == ""
    rows = [line.split("\t") for line in out.splitlines()]
    assert [r[1:4] for r in rows] == [["added", "Коминтерн", "boris (editor)"],
                                      ["changed", "Коминтерн", "boris (editor)"],
                                      ["removed", "Коминтерн", "boris (editor)"]]
    assert rows[0][4:] == ["", "Коминтерн → Comintern; avoid: Komintern"]
    assert rows[2][4:] == ["Коминтерн → Comintern; avoid: Komintern; note: the Communist International", ""]
    rc, out, _ = cli(project, capsys, "glossary", "history", "--doc", DOC, "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["what"] for r in records] == ["added", "changed", "removed"]
    assert records[2]["after"] is None and records[2]["before"]["note"] == "the Communist International"
    assert all(r["id"].startswith("g-") and "sig" not in r for r in records)
    rc, out, _ = cli(project, capsys, "glossary", "history")  # the project's glossary: no change recorded
    assert rc == 0 and out == ""


@pytest.fixture
def app_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("ALIGN_PROJECT", str(tmp_path))
    return copy_project(tmp_path)


def _history_table(at: AppTest):
    """The history as the view lists it (its last table)."""
    return at.dataframe[-1].value


def test_the_view_shows_an_entrys_history_to_everyone(app_project: Project) -> None:
    _set_change_remove(app_project)
    edit.set_term(app_project, who("clara"), GlossaryEntry("Ленин", "Lenin"))  # the project's glossary
    at = view(signed_in("anna"), "Glossary")
    assert not at.exception and not at.error
    table = _history_table(at)
    assert list(table["what"]) == ["added", "changed", "removed", "added"]
    assert list(table["in"]) == ["this document"] * 3 + ["the project"]
    at.selectbox(key="gl_hist_term").set_value("Коминтерн").run()
    table = _history_table(at)
    assert list(table["by"]) == ["boris (editor)"] * 3
    assert list(table["before"])[2] == "Коминтерн → Comintern; avoid: Komintern; note: the Communist International"
    assert list(table["after"])[2] == ""

    _append_line(history.history_path(app_project, DOC), b'{"what":')  # torn: said, the rest still shown
    at = view(signed_in("anna"), "Glossary")
    assert any("is incomplete" in w.value for w in at.warning)
    assert len(_history_table(at)) == 4
