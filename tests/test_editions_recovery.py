"""An import a crash interrupted is finished, never left a mix of old and new files; what a crash left is swept; a
hostile journal is refused; a kept edition is restored byte for byte (align.formats.journal, align.editions)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from people import who
from test_editions import DOC, TOP, _kept, _manuscript, _second, _side

from align import editions, formats
from align.cli import main
from align.formats import journal
from align.project import Project
from align.safe_io import stage

from conftest import copy_project
from test_bad_input import refused

V2 = ["The second manuscript.", "Its second paragraph."]
V3 = ["The third manuscript, with more.", "Its second paragraph.", "And a third."]


def _manuscripts(project: Project, tmp_path: Path) -> dict[str, bytes]:
    """The English replaced twice by Word manuscripts: the sample is edition 1, the second manuscript edition 2."""
    files = {}
    for name, paragraphs in (("v2.docx", V2), ("v3.docx", V3)):
        files[name] = _manuscript(paragraphs)
        editions.import_book(project, files[name], DOC, "en", who("boris"), name=name, force=True)
    return files


def _crash_after(renames: int, monkeypatch) -> None:
    """The process dies after `renames` of the import's renames into place (KeyboardInterrupt stands for it)."""
    done: list[str | Path] = []
    real = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if "editions" not in str(dst) and not str(dst).endswith(".importing.json"):  # not the keep, nor the journal
            if len(done) == renames:
                raise KeyboardInterrupt
            done.append(dst)
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("renames", [0, 1, 2])
def test_a_crash_while_the_new_files_go_in_is_finished_by_editions(project: Project, tmp_path: Path, capsys,
                                                                   monkeypatch, renames: int) -> None:
    v2 = _manuscript(_second(project))
    whole_project = copy_project(tmp_path / "whole")  # the same import, uninterrupted
    editions.import_book(whole_project, v2, DOC, "en", who("boris"), name="v2.docx", force=True)
    whole = {k: v for k, v in _side(whole_project).items() if "editions" not in k}
    _crash_after(renames, monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        editions.import_book(project, v2, DOC, "en", who("boris"), name="v2.docx", force=True)
    monkeypatch.undo()
    assert journal.interrupted(project, DOC, "en")
    assert main(["--project", str(project.root), "editions", DOC]) == 0
    said = capsys.readouterr()
    assert f"an import of the English of {DOC} from v2.docx had been interrupted: it is finished now" in said.err
    assert not journal.interrupted(project, DOC, "en")
    assert {k: v for k, v in _side(project).items() if "editions" not in k} == whole  # the new edition, whole
    assert not [p for p in project.texts_dir.rglob(".*") if p.is_file()]
    assert "\ten\t1\tsigned\t" not in said.out and "en\t2\tcurrent\tv2.docx" in said.out


def test_what_a_crash_before_the_journal_left_is_swept(project: Project, tmp_path: Path, capsys) -> None:
    v2 = tmp_path / "v2.docx"
    v2.write_bytes(_manuscript(V2))
    editions.import_book(project, v2.read_bytes(), DOC, "en", who("boris"), name="v2.docx", force=True)
    text = project.text_path(DOC, "en")
    stale = [stage(text, b"half an import"), stage(formats.structure_path(project, DOC, "en"), b"{")]
    stranger = text.with_name(f".{DOC}.txt.notes")  # not a name align gives its temporary files: left alone
    stranger.write_text("someone's file")
    side = project.texts_dir / "editions" / DOC / "en"
    (side / ".staging-crash").mkdir()
    (side / ".staging-crash" / f"{DOC}.txt").write_text("a keep that never finished")
    assert main(["--project", str(project.root), "import", str(v2), "--doc", DOC, "--lang", "en", "--force",
                 "--user", "boris"]) == 0
    out = capsys.readouterr().out
    assert "removed the 3 temporary file(s) or folder(s) an interrupted import had left" in out
    assert "the English of meetings-with-trotsky is this file already: nothing was changed" in out
    assert "->" not in out  # nothing said to be imported
    assert not any(p.exists() for p in stale) and not (side / ".staging-crash").exists()
    assert stranger.read_text() == "someone's file"
    assert [e.number for e in editions.listing(project, DOC, "en")] == [1, 2]


@pytest.mark.parametrize(("body", "says"), [
    ({"moves": [[".x.tmp", "../../etc/passwd"]], "files": ["../../etc/passwd"]}, "is not a file of the English of"),
    ({"moves": [["../../../etc/passwd", f"en/{DOC}.txt"]], "files": [f"en/{DOC}.txt"]}, "which is not one"),
    ({"moves": [[f".{DOC}.txt.abcd1234.tmp", f"en/{DOC}.txt"]], "files": []}, "not the targets of its moves"),
    ({"doc": "another"}, "is the journal of 'another'"),
    ({"moves": "everything"}, "field 'moves'"),
    ({"sneaky": 1}, "sneaky"),
    (None, "not an import journal align wrote"),
])
def test_a_journal_align_did_not_write_is_refused(project: Project, capsys, body: dict | None, says: str) -> None:
    path = journal.journal_path(project, DOC, "en")
    plain = {"doc": DOC, "lang": "en", "source": "v2.docx", "title": "", "moves": [], "files": []}
    path.write_bytes(b"\x00not json" if body is None else json.dumps({**plain, **body}).encode())
    assert says in refused(project, capsys, "editions", DOC, code=2)
    path.write_bytes(b" " * (journal.MAX_JOURNAL_BYTES + 1))
    assert "is not an import journal align wrote" in refused(project, capsys, "editions", DOC, code=2)


def test_a_kept_manuscript_comes_back_byte_for_byte(project: Project, tmp_path: Path, capsys) -> None:
    files = _manuscripts(project, tmp_path)
    kept = {p.name: p.read_bytes() for p in _kept(project, 2).iterdir() if p.name != "edition.toml"}
    assert set(kept) == {f"{DOC}.txt", f"{DOC}.structure.json", f"{DOC}.en.docx"}
    assert main(["--project", str(project.root), "editions", DOC, "--restore", "2", "--lang", "en", "--user",
                 "boris"]) == 0
    out = capsys.readouterr().out
    assert f"edition 2 of the English of {DOC} is current again -> texts/en/{DOC}.txt" in out
    assert "docx: 2 paragraphs in" in out and "the previous English edition is kept as edition 3" in out
    now = {p.name: p.read_bytes() for p in formats.side_files(project, DOC, "en")}
    assert now == kept and now[f"{DOC}.en.docx"] == files["v2.docx"]
    book = formats.load_book(project, DOC, "en")
    assert book is not None and [b.text for b in book.blocks] == V2
    assert (_kept(project, 3) / f"{DOC}.en.docx").read_bytes() == files["v3.docx"]
    rows = [(e.number, str(e.proof), e.file) for e in editions.listing(project, DOC, "en")]
    assert rows == [(1, "signed", ""), (2, "signed", "v2.docx"), (3, "signed", "v3.docx"), (4, "current", "v2.docx")]


def test_a_restore_is_refused_with_one_line(project: Project, tmp_path: Path, capsys) -> None:
    _manuscripts(project, tmp_path)
    base = ("editions", DOC, "--lang", "en", "--restore")
    assert "has no kept edition 7 (kept: 1, 2)" in refused(project, capsys, *base, "7", "--user", "boris", code=3)
    assert "needs --lang" in refused(project, capsys, "editions", DOC, "--restore", "1", "--user", "boris", code=2)
    assert "needs an editor signed in" in refused(project, capsys, *base, "1", code=4)
    assert "anna is a translator" in refused(project, capsys, *base, "1", "--user", "anna", code=4)
    record = _kept(project, 1) / "edition.toml"
    record.write_text(record.read_text(encoding="utf-8").replace("words = ", "words = 1"), encoding="utf-8")
    assert "its record not as signed; nothing was changed" in refused(project, capsys, *base, "1", "--user", "boris",
                                                                      code=2)
    current = project.text_path(DOC, "en")
    for path in formats.side_files(project, DOC, "en"):
        path.unlink()
    for kept in _kept(project, 2).iterdir():
        if kept.name != "edition.toml":
            target = next(p for p in formats.side_places(project, DOC, "en") if p.name == kept.name)
            target.write_bytes(kept.read_bytes())
    assert current.exists()
    assert "is the current one already" in refused(project, capsys, *base, "2", "--user", "boris", code=2)


def test_what_a_new_edition_changed_is_listed(project: Project, tmp_path: Path, capsys) -> None:
    second = _second(project)
    editions.import_book(project, _manuscript(second), DOC, "en", who("boris"), name="v2.docx", force=True)
    assert main(["--project", str(project.root), "editions", DOC, "--changes", "1", "--lang", "en"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        f"1\tbefore ¶1\t'' -> '{TOP}'\ta whole paragraph added",
        "2\t¶11, sentence 5\t'walked several tines' -> 'paced'\twords changed"]
    assert "2 difference(s) from edition 1 to the current English (places are edition 1's)" in out.err
    assert main(["--project", str(project.root), "editions", DOC, "--changes", "1", "--lang", "en", "--format",
                 "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[1] == {"number": 2, "where": "¶11, sentence 5", "old": "walked several tines", "new": "paced",
                       "what": "words changed"}
    third = second[:20] + second[23:]  # the third manuscript cuts three paragraphs in a row
    editions.import_book(project, _manuscript(third), DOC, "en", who("boris"), name="v3.docx", force=True)
    [cut] = editions.changes(project, DOC, "en", 2).items
    assert (cut.where, editions.what_changed(cut)) == ("¶21–¶23", "3 paragraphs in a row removed")
    assert "has no kept edition 3 (kept: 1, 2)" in refused(project, capsys, "editions", DOC, "--changes", "3",
                                                           "--lang", "en", code=3)
    assert "--changes needs --lang" in refused(project, capsys, "editions", DOC, "--changes", "1", code=2)
