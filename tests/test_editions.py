"""A new edition of a book (align.editions): the side it replaces is kept byte for byte and numbered, the
replacement is an editor's, signed, and what the new text did to the recorded work is said.

Real inputs: the sample book with approved and pending corrections and its gold alignment, Word manuscripts
made here with python-docx, and an edited text as the publisher's second manuscript (a paragraph added at the
top, the sentence of one approved correction reworded so that its quote is gone).
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import threading
import time
import tomllib
from pathlib import Path

import docx
import pytest
from people import who
from test_faults import _FakeOs

from align import editions, formats
from align.cli import main
from align.corrections import review, workspace
from align.errors import InputError, PermissionDenied, StorageError
from align.project import Project
from align.safe_io import write_atomic
from align.segment import load_segmentation

from conftest import copy_project
from export_helpers import gold_beads, propose_word, store_alignment
from test_bad_input import refused

DOC = "meetings-with-trotsky"
TOP = "A note from the publisher: this is the second manuscript, corrected by the author."
REWORDED = ("Then he walked several tines to and fro", "Then he paced to and fro")
LAST = "The end of the extract, added in the third manuscript."


def _manuscript(paragraphs: list[str]) -> bytes:
    """A Word manuscript, one paragraph each, as python-docx writes it."""
    d = docx.Document()
    d.core_properties.title = "Meetings"
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _paragraphs(project: Project) -> list[str]:
    text = project.text_path(DOC, "en").read_text(encoding="utf-8")
    return [line.strip() for line in text.split("\n") if line.strip()]


def _second(project: Project) -> list[str]:
    """The publisher's second manuscript: a paragraph added at the top, the "tines" sentence reworded."""
    return [TOP] + [p.replace(*REWORDED) for p in _paragraphs(project)]


def _reviewed(project: Project) -> dict[str, str]:
    """The sample as the team left it: "tines" and "Spinosa" approved, a proposal pending, the gold alignment."""
    made = {}
    for old, new in (("tines", "times"), ("Spinosa", "Spinoza")):
        made[old] = propose_word(project, DOC, old, new, "spelling")
        review.approve(project, DOC, who("boris"), made[old])
    made["pince-nez glasses"] = propose_word(project, DOC, "pince-nez glasses", "pince-nez", "other")
    store_alignment(project, gold_beads(project))
    return made


def _side(project: Project, doc: str = DOC) -> dict[str, bytes]:
    """Every file under texts/ (hidden temporary files too), by path, with its bytes."""
    return {str(p.relative_to(project.root)): p.read_bytes() for p in sorted(project.texts_dir.rglob("*"))
            if p.is_file()}


def _import(project: Project, capsys, path: Path, *extra: str, doc: str = DOC) -> tuple[int, str, str]:
    code = main(["--project", str(project.root), "import", str(path), "--doc", doc, "--lang", "en", *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def _kept(project: Project, n: int, doc: str = DOC) -> Path:
    return project.texts_dir / "editions" / doc / "en" / str(n)


def test_new_manuscripts_keep_every_edition_and_say_what_they_did(project: Project, tmp_path: Path,
                                                                  capsys) -> None:
    made = _reviewed(project)
    v1 = project.text_path(DOC, "en").read_bytes()
    old = load_segmentation(project, DOC, "en")
    reworded = next(s for s in old.sentences if REWORDED[0] in s.text).paragraph
    gone = [s.id for s in old.sentences if s.paragraph == reworded]
    v2 = tmp_path / "manuscript-v2.docx"
    v2.write_bytes(_manuscript(_second(project)))

    code, out, err = _import(project, capsys, v2, "--force", "--user", "boris")
    assert code == 0, err
    edition = _kept(project, 1)
    assert (edition / f"{DOC}.txt").read_bytes() == v1  # the first edition, byte for byte
    assert sorted(p.name for p in edition.iterdir()) == ["edition.toml", f"{DOC}.txt"]  # plain text: no structure
    said = out.splitlines()
    assert said[2].startswith("the previous English edition is kept as edition 1 in "
                              f"texts/editions/{DOC}/en/1/ (file not known, 4109 words)")
    assert said[3] == "proposed and approved corrections in the new text: 0 still exact, 2 moved, 1 orphaned"
    assert said[4] == f"orphaned (approved): {made['tines']} “tines” → “times”: its words are not found in the new text"
    assert said[5] == (f"the stored alignment no longer fits: {len(gone)} of its 222 English and 0 of its 123 Russian "
                       f"sentence ids are gone; {len(gone) + 1} English and 0 Russian sentences are in no bead; "
                       f"`align align {DOC}` re-aligns")
    states = {a.correction.quote: a.state for a in workspace.list_corrections(project, DOC)}
    assert states == {"tines": "orphaned", "Spinosa": "moved", "pince-nez glasses": "moved"}

    # The third manuscript, as plain text: the second one (docx, structure, original) is kept whole.
    second = {p.name: p.read_bytes() for p in formats.side_files(project, DOC, "en")}
    assert set(second) == {f"{DOC}.txt", f"{DOC}.structure.json", f"{DOC}.en.docx"}
    assert second[f"{DOC}.en.docx"] == v2.read_bytes()
    v3 = tmp_path / "v3.txt"
    v3.write_text("\n".join([*_paragraphs(project), LAST]) + "\n", encoding="utf-8")
    code, out, err = _import(project, capsys, v3, "--force", "--user", "clara")
    assert code == 0, err
    assert {p.name: p.read_bytes() for p in _kept(project, 2).iterdir() if p.name != "edition.toml"} == second
    assert "kept as edition 2" in out and "(manuscript-v2.docx, " in out
    assert "0 still exact, 2 moved, 1 orphaned" in out  # states are against the text the corrections were made in
    assert formats.side_files(project, DOC, "en") == [project.text_path(DOC, "en")]  # the docx's are kept, not here

    record = tomllib.loads((_kept(project, 2) / "edition.toml").read_text(encoding="utf-8"))
    assert (record["edition"], record["by"], record["file"], record["replaced_with"]) == (2, "clara",
                                                                                         "manuscript-v2.docx", "v3.txt")
    assert record["text_sha256"] == hashlib.sha256(second[f"{DOC}.txt"]).hexdigest()
    first = tomllib.loads((_kept(project, 1) / "edition.toml").read_text(encoding="utf-8"))
    assert (first["by"], first["file"], first["text_sha256"]) == ("boris", "", hashlib.sha256(v1).hexdigest())
    assert first["replaced"] < record["replaced"] and record["replaced"].endswith("Z")


def test_an_edition_changed_at_the_end_leaves_the_work_in_place(project: Project, tmp_path: Path) -> None:
    _reviewed(project)
    text = project.text_path(DOC, "en").read_text(encoding="utf-8")
    v2 = f"{text.rstrip()}\n{LAST}\n".encode()  # the same text with a paragraph at its end
    done = editions.import_book(project, v2, DOC, "en", who("boris"), name="v2.txt", force=True)
    assert done.lines(project.root)[1:] == [
        "proposed and approved corrections in the new text: 3 still exact, 0 moved, 0 orphaned",
        "the stored alignment still fits: every sentence id in its 236 beads is in the texts; 1 English and 0 "
        f"Russian sentences are in no bead: `align align {DOC}` aligns them"]


def test_a_new_russian_says_what_it_did_to_the_alignment(project: Project) -> None:
    _reviewed(project)
    ru = project.text_path(DOC, "ru").read_text(encoding="utf-8")
    paragraph = next(line for line in ru.split("\n") if line.count(".") >= 3)
    old = load_segmentation(project, DOC, "ru")
    first = old.at(ru.index(paragraph.strip()))
    assert first is not None
    gone = [s for s in old.sentences if s.paragraph == first.paragraph]  # a paragraph's ids change with it
    v2 = ru.replace(paragraph, paragraph.replace(gone[0].text, gone[0].text.rstrip(".") + ", сказал он."))
    done = editions.import_book(project, v2.encode(), DOC, "ru", who("boris"), name="ru-v2.txt", force=True)
    assert done.lines(project.root)[1:] == [  # corrections point into the English: only the alignment is said
        f"the stored alignment no longer fits: 0 of its 222 English and {len(gone)} of its 123 Russian sentence ids "
        f"are gone; 0 English and {len(gone)} Russian sentences are in no bead; `align align {DOC}` re-aligns"]
    assert (project.texts_dir / "editions" / DOC / "ru" / "1" / f"{DOC}.txt").read_text(encoding="utf-8") == ru


def test_editions_are_listed_oldest_first_and_an_old_one_comes_back(project: Project, tmp_path: Path,
                                                                   capsys) -> None:
    v1 = project.text_path(DOC, "en").read_bytes()
    v2 = tmp_path / "manuscript-v2.docx"
    v2.write_bytes(_manuscript(_second(project)))
    assert _import(project, capsys, v2, "--force", "--user", "boris")[0] == 0
    assert main(["--project", str(project.root), "editions", DOC]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == ["lang", "edition", "state", "file", "words", "imported", "imported_by",
                                    "replaced", "replaced_by", "kept_as"]
    rows = [line.split("\t") for line in lines[1:4]]
    words = 4109 + len(TOP.split()) - 2  # "walked several tines" is "paced" now
    assert [r[:5] for r in rows] == [["en", "1", "signed", "", "4109"],
                                     ["en", "2", "current", "manuscript-v2.docx", str(words)],
                                     ["ru", "1", "current", "", "1828"]]
    assert rows[0][8] == "boris" and rows[1][6] == "boris" and rows[1][5] == rows[0][7]
    assert lines[4] == f"to bring an edition back: align editions {DOC} --restore 1 --lang en --user LOGIN"

    # As it says: the kept first edition comes back byte for byte as edition 3; the manuscript is kept as 2.
    restore = ["--project", str(project.root), "editions", DOC, "--restore", "1", "--lang", "en", "--user", "boris"]
    assert main(restore) == 0
    said = capsys.readouterr().out
    assert f"edition 1 of the English of {DOC} is current again -> texts/en/{DOC}.txt" in said
    assert "the previous English edition is kept as edition 2" in said and "--restore 2 --lang en" in said
    assert project.text_path(DOC, "en").read_bytes() == v1
    assert not formats.structure_path(project, DOC, "en").exists()  # the manuscript's structure went with it
    assert (_kept(project, 2) / f"{DOC}.en.docx").read_bytes() == v2.read_bytes()
    assert main(["--project", str(project.root), "editions", DOC, "--lang", "en", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["edition"], r["state"], r["file"]) for r in rows] == [
        (1, "signed", ""), (2, "signed", "manuscript-v2.docx"), (3, "current", f"{DOC}.txt")]
    assert rows[1]["kept_as"] == f"texts/editions/{DOC}/en/2/{DOC}.en.docx"


def test_only_a_signed_in_editor_replaces(project: Project, tmp_path: Path, capsys) -> None:
    v2 = tmp_path / "manuscript-v2.docx"
    v2.write_bytes(_manuscript(_second(project)))
    args = ("import", str(v2), "--doc", DOC, "--lang", "en", "--force")
    assert "needs an editor signed in (--user LOGIN)" in refused(project, capsys, *args, code=4, extra=tmp_path)
    assert "anna is a translator; only an editor may replace a text" in refused(
        project, capsys, *args, "--user", "anna", code=4, extra=tmp_path)
    assert "dmitri is a publisher" in refused(project, capsys, *args, "--user", "dmitri", code=4, extra=tmp_path)
    assert "--force" in refused(project, capsys, *args[:-1], "--user", "boris", code=2, extra=tmp_path)
    assert not (project.texts_dir / "editions").exists()
    with pytest.raises(PermissionDenied):  # the library's door, which the Document view uses, says the same
        editions.import_book(project, v2.read_bytes(), DOC, "en", who("anna"), name=v2.name, force=True)
    with pytest.raises(InputError, match="--force"):  # and a first import's function does not replace
        formats.import_book(project, v2.read_bytes(), DOC, "en", name=v2.name)


def test_a_first_import_needs_no_one_signed_in(project: Project, tmp_path: Path, capsys) -> None:
    book = tmp_path / "story.docx"
    book.write_bytes(_manuscript(["A short story.", "It has two paragraphs."]))
    code, out, err = _import(project, capsys, book, doc="story")
    assert code == 0, err
    assert out.splitlines()[1].startswith("docx: 2 paragraphs") and len(out.splitlines()) == 2  # nothing replaced
    code, out, err = _import(project, capsys, book, "--force", doc="other")  # --force with nothing to replace
    assert code == 0, err
    assert main(["--project", str(project.root), "editions", "story"]) == 0
    assert capsys.readouterr().out.splitlines()[1].split("\t")[:5] == ["en", "1", "current", "story.docx", "7"]
    assert not (project.texts_dir / "editions").exists()


def test_editions_ids_and_folders_are_checked(project: Project, tmp_path: Path, capsys) -> None:
    assert "invalid document id" in refused(project, capsys, "editions", "../etc", code=2)
    assert "no document 'nothing'" in refused(project, capsys, "editions", "nothing", code=3)
    book = tmp_path / "v2.txt"
    book.write_text("\n".join(_second(project)) + "\n", encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (project.texts_dir / "editions").symlink_to(outside, target_is_directory=True)
    msg = refused(project, capsys, "import", str(book), "--doc", DOC, "--lang", "en", "--force", "--user", "boris",
                  code=2, extra=tmp_path)
    assert "editions is a symbolic link, which is refused" in msg
    assert not list(outside.iterdir())
    assert "symbolic link" in refused(project, capsys, "editions", DOC, code=2)
    (project.texts_dir / "editions").unlink()
    (project.texts_dir / "editions").mkdir()
    (project.texts_dir / "editions" / DOC).symlink_to(outside, target_is_directory=True)
    assert "symbolic link" in refused(project, capsys, "import", str(book), "--doc", DOC, "--lang", "en", "--force",
                                      "--user", "boris", code=2, extra=tmp_path)
    assert not list(outside.iterdir())


class _FullDisk(_FakeOs):
    """`os` for align.safe_io (which writes every file and syncs folders) whose fsync fails after `allowed` calls."""

    def __init__(self, allowed: int) -> None:
        super().__init__(allowed=allowed, calls=0)

    def fsync(self, fd: int) -> None:
        self.calls += 1
        if self.calls > self.allowed:
            raise OSError(errno.ENOSPC, "No space left on device")
        os.fsync(fd)


def _book_side(root: Path) -> Project:
    """A project whose document "ms" has a Word manuscript as its English: three files to keep."""
    project = copy_project(root)
    formats.import_book(project, _manuscript(["First paragraph.", "Second one."]), "ms", "en", name="ms-v1.docx")
    return project


def test_a_full_disk_during_the_move_leaves_the_current_edition(tmp_path: Path, monkeypatch) -> None:
    v2 = _manuscript(["First paragraph, revised.", "Second one.", "A third."])
    counting = _FullDisk(10**6)
    project = _book_side(tmp_path / "count")
    monkeypatch.setattr("align.safe_io.os", counting)
    editions.import_book(project, v2, "ms", "en", who("boris"), name="v2.docx", force=True)
    monkeypatch.undo()
    new_side = _side(project)
    kept_once = 3 + 3 + 1 + 2  # new files, kept files, the record, the staging and editions folders
    journal_written = kept_once + 2  # the journal and its folder
    # ... then texts/en and texts/originals after the renames, and texts/en after the journal's removal, whose
    # failure is let pass (the import is done; a journal back after a crash is finished again, changing nothing)
    assert counting.calls == journal_written + 2 + 1
    for allowed in range(counting.calls - 1):  # the disk fills at every write of the move in turn
        project = _book_side(tmp_path / f"full-{allowed}")
        before = _side(project)
        monkeypatch.setattr("align.safe_io.os", _FullDisk(allowed))
        with pytest.raises(StorageError, match="No space left on device") as caught:
            editions.import_book(project, v2, "ms", "en", who("boris"), name="v2.docx", force=True)
        monkeypatch.undo()
        assert "\n" not in str(caught.value)
        if allowed < kept_once - 1:  # before the staging folder is renamed: nothing changed at all
            assert _side(project) == before, allowed
            assert not (project.texts_dir / "editions").exists()  # not even a folder made
        elif allowed < journal_written:  # kept, and still in place; no journal left to finish
            assert {k: v for k, v in _side(project).items() if "editions" not in k} == before
        else:  # the new files are in place, not yet known to be on disk: the journal stays, and is finished
            assert "is unfinished, and `align editions ms` finishes it" in str(caught.value)
            assert formats.journal.interrupted(project, "ms", "en")
            recovered = editions.recover(project, "ms", "en")
            assert recovered is not None and recovered.finished is not None and not recovered.removed
            assert not formats.journal.interrupted(project, "ms", "en")
            assert {k: v for k, v in _side(project).items() if "editions" not in k} == \
                   {k: v for k, v in new_side.items() if "editions" not in k}
            again = editions.import_book(project, v2, "ms", "en", who("boris"), name="v2.docx", force=True)
            assert again.unchanged and again.lines(project.root) == [
                "the English of ms is this file already: nothing was changed"]
            project = _book_side(tmp_path / f"full-{allowed}-again")  # and the same import on a roomy disk:
        # the side as it is now (a new project's manuscript is made again: its zip's times may differ)
        stored = {p.name: p.read_bytes() for p in formats.side_files(project, "ms", "en")}
        done = editions.import_book(project, v2, "ms", "en", who("boris"), name="v2.docx", force=True)
        assert done.kept is not None and done.kept.number == 1  # once there is room, the same import works
        kept = {p.name: p.read_bytes() for p in _kept(project, 1, "ms").iterdir() if p.name != "edition.toml"}
        assert kept == stored and set(stored) == {"ms.txt", "ms.structure.json", "ms.en.docx"}
        assert not formats.journal.interrupted(project, "ms", "en")
        assert not [p for p in project.texts_dir.rglob(".*") if p.is_file()]  # no temporary file left


def test_a_failed_rename_or_a_crash_after_keeping_loses_nothing_and_keeps_once(tmp_path: Path, monkeypatch) -> None:
    v2 = _manuscript(["First paragraph, revised.", "Second one."])
    project = _book_side(tmp_path / "rename")
    before = _side(project)

    def no_rename(src: str, dst: str) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr("align.editions.os", _FakeOs(rename=no_rename))
    with pytest.raises(StorageError, match="cannot keep the current edition .*Input/output error; nothing was changed"):
        editions.import_book(project, v2, "ms", "en", who("boris"), name="v2.docx", force=True)
    monkeypatch.undo()
    assert _side(project) == before and not (project.texts_dir / "editions").exists()

    def crash(self: formats.Staged) -> formats.Imported:
        raise KeyboardInterrupt  # the process dies after the edition was kept, before the new one is in place

    monkeypatch.setattr(formats.Staged, "commit", crash)
    with pytest.raises(KeyboardInterrupt):
        editions.import_book(project, v2, "ms", "en", who("boris"), name="v2.docx", force=True)
    monkeypatch.undo()
    assert {k: v for k, v in _side(project).items() if "editions" not in k and ".tmp" not in k} == before
    done = editions.import_book(project, v2, "ms", "en", who("boris"), name="v2.docx", force=True)
    assert done.kept is not None and done.kept.number == 1  # the same files are not kept twice
    assert [e.number for e in editions.listing(project, "ms", "en")] == [1, 2]


def test_a_changed_record_or_kept_text_is_told(project: Project, tmp_path: Path) -> None:
    v2 = tmp_path / "v2.docx"
    v2.write_bytes(_manuscript(_second(project)))
    for n in (2, 3):  # the same manuscript twice: the first time keeps the sample, the second the manuscript
        editions.import_book(project, v2.read_bytes(), DOC, "en", who("boris"), name=f"v{n}.docx", force=True)
    record = _kept(project, 1) / "edition.toml"
    record.write_text(record.read_text(encoding="utf-8").replace('by = "boris"', 'by = "clara"'), encoding="utf-8")
    text = _kept(project, 2) / f"{DOC}.txt"
    text.write_bytes(text.read_bytes() + b"A sentence slipped in.\n")
    assert [e.proof for e in editions.listing(project, DOC, "en")] == [
        editions.Proof.RECORD_CHANGED, editions.Proof.TEXT_CHANGED, editions.Proof.CURRENT]
    record.write_text(record.read_text(encoding="utf-8").replace("edition = 1", 'edition = "one"'), encoding="utf-8")
    with pytest.raises(InputError, match="edition.toml: field 'edition' must be a whole number"):
        editions.listing(project, DOC, "en")


def test_two_editors_replacing_at_once_lose_no_edition(project: Project, monkeypatch) -> None:
    v1 = project.text_path(DOC, "en").read_bytes()

    def slow_write(path: Path, data: bytes) -> None:  # a slow disk: without the side's lock both would keep v1
        time.sleep(0.2)
        write_atomic(path, data)

    monkeypatch.setattr("align.editions.write_atomic", slow_write)
    texts = {name: f"{TOP} ({name})\n".encode() + v1 for name in ("boris.txt", "clara.txt")}
    start = threading.Barrier(2)

    def replace(login: str) -> None:
        start.wait()
        editions.import_book(project, texts[f"{login}.txt"], DOC, "en", who(login), name=f"{login}.txt", force=True)

    threads = [threading.Thread(target=replace, args=(login,)) for login in ("boris", "clara")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    found = editions.listing(project, DOC, "en")
    assert [e.number for e in found] == [1, 2, 3]
    assert (_kept(project, 1) / f"{DOC}.txt").read_bytes() == v1  # the first edition kept once
    second = (_kept(project, 2) / f"{DOC}.txt").read_bytes()  # the first import to finish, kept by the other
    assert {second, project.text_path(DOC, "en").read_bytes()} == set(texts.values())
    first, then = found[1].imported_by, found[1].by  # who put edition 2 in place, and who replaced it
    assert {first, then} == {"boris", "clara"}
    assert (found[1].file, found[1].replaced_with, found[2].file) == (f"{first}.txt", f"{then}.txt", f"{then}.txt")
