"""The comments a manuscript holds, end to end: a Word file made by python-docx with comments on a word, on a span,
at a point and on a range running into the next paragraph is imported through the CLI, its comments are stored on
their blocks (never in the text) and listed by `align remarks`; the ODT LibreOffice makes of it gives the same
comments; a damaged or hostile structure file is refused in one line; the Document view shows them.
(That export into the original keeps them: test_formats_writeback and test_odt_export check the manuscript's own
comment survives `--to docx-tracked` and `--to odt-tracked`.)"""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from people import who
from test_app import DOC, signed_in, view

from align import editions, formats, remarks
from align.cli import main
from align.errors import StorageError
from align.formats.model import CUT_MARK, MAX_REMARK_TEXT
from align.formats.places import structure_path
from align.project import Project

from book_fixtures import SOFFICE, libreoffice
from conftest import copy_project

PARAGRAPHS = ["Chapter One", "The ferry left at noon and nobody on board knew who he was.",
              "He sat at his desk in Prinkipo and wrote. The sea was calm.",
              "Trotsky wrote every morning.", "The guards slept."]
# (author, what it says, the text it is on) as `align remarks` lists them, in text order.
SAID = [("Editor", "Check the time", "noon"),
        ("Translator", "not sure of this term\nsecond line", "in Prinkipo and wrote"),
        ("Editor", "A point comment, <b>**not bold**</b>", ""),
        ("Proofreader", "Runs on into the next paragraph", "every morning.")]


def _range_mark(tag: str, cid: int) -> OxmlElement:
    el = OxmlElement(f"w:{tag}")
    el.set(qn("w:id"), str(cid))
    return el


def manuscript(long_text: str = "", extra: str = "") -> bytes:
    """A Word manuscript with comments, as python-docx makes them: on a word, on a span of two runs, one at a
    point (its range marks taken out, as Word leaves a comment on no text), one whose range runs from a paragraph
    into the next (marked by hand, as Word writes it)."""
    d = docx.Document()
    d.add_heading(PARAGRAPHS[0], level=1)
    p = d.add_paragraph("The ferry left at ")
    noon = p.add_run("noon")
    p.add_run(" and nobody on board knew who he was." + extra)
    d.add_comment(noon, text=long_text or SAID[0][1], author="Editor", initials="ED")
    p = d.add_paragraph("He sat at his desk ")
    a, b = p.add_run("in Prinkipo "), p.add_run("and wrote")
    p.add_run(". The sea was calm.")
    d.add_comment([a, b], text=SAID[1][1], author="Translator", initials="TR")
    point = d.add_comment(p.runs[-1], text=SAID[2][1], author="Editor", initials="ED")
    for tag in ("commentRangeStart", "commentRangeEnd"):
        mark = next(el for el in p._p.iter(qn(f"w:{tag}")) if el.get(qn("w:id")) == str(point.comment_id))
        mark.getparent().remove(mark)
    p = d.add_paragraph("Trotsky wrote ")
    r = p.add_run("every morning.")
    nxt = d.add_paragraph("The guards slept.")
    runs_on = d.add_comment(r, text=SAID[3][1], author="Proofreader", initials="PR")
    end = next(el for el in p._p.iter(qn("w:commentRangeEnd")) if el.get(qn("w:id")) == str(runs_on.comment_id))
    reference = end.getnext()
    nxt._p.append(end)  # the range ends in the next paragraph, the reference mark after it
    nxt._p.append(reference)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _import(project: Project, path: Path, doc: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--project", str(project.root), "import", str(path), "--doc", doc, "--lang", "en"]) == 0
    return capsys.readouterr().out


def _stored(project: Project, doc: str) -> list[list[object]]:
    """Each block's stored comments, as [start, end, author, text] (the date as the file gives it)."""
    raw = json.loads(structure_path(project, doc, "en").read_text(encoding="utf-8"))
    return [[r[0], r[1], r[2], r[4]] for b in raw["blocks"] for r in b.get("remarks", [])]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    assert main(["init", str(tmp_path / "p")]) == 0
    return Project(tmp_path / "p")


def test_a_word_manuscript_s_comments_are_kept_on_their_blocks_and_listed(project: Project, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "memoir.docx"
    src.write_bytes(manuscript())
    said = _import(project, src, "memoir", capsys)
    assert "5 paragraphs in 1 chapter(s), 0 footnote paragraph(s), 4 comment(s); original kept" in said
    text = project.text_path("memoir", "en").read_text(encoding="utf-8")
    assert text.splitlines() == PARAGRAPHS  # the comments' text is not the book's
    assert _stored(project, "memoir") == [
        [18, 22, "Editor", "Check the time"],
        [19, 40, "Translator", "not sure of this term\nsecond line"],
        [59, 59, "Editor", SAID[2][1]],  # at its reference mark, after the run it was made on
        [14, 28, "Proofreader", "Runs on into the next paragraph"],  # ends with its first paragraph
    ]
    book = formats.load_book(project, "memoir", "en")
    assert book is not None and [len(b.remarks) for b in book.blocks] == [0, 1, 2, 1, 0]
    found = remarks.listing(project, "memoir", "en")
    assert [(r.author, r.text, r.quote) for r in found] == SAID
    assert [r.where for r in found] == ["¶2, sentence 1", "¶3, sentence 1", "¶3, sentence 2", "¶4, sentence 1"]
    assert all(text[r.start : r.end] == r.quote for r in found)

    assert main(["--project", str(project.root), "remarks", "memoir", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["where"], r["author"], r["quote"], r["text"]) for r in rows] == [
        (r.where, a, q, t) for r, (a, t, q) in zip(found, SAID, strict=True)]
    assert rows[0]["sentence"] == found[0].sentence and rows[0]["date"].startswith("20")
    assert main(["--project", str(project.root), "remarks", "memoir"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split("\t")[:3] == ["¶3, sentence 1", found[1].sentence, "Translator"]
    assert lines[1].endswith("“in Prinkipo and wrote”\tnot sure of this term\\x0asecond line")  # one line each


def test_the_odt_libreoffice_makes_of_it_holds_the_same_comments(project: Project, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    if not SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed")
    src = tmp_path / "memoir.docx"
    src.write_bytes(manuscript())
    odt = libreoffice(src, "odt", tmp_path, tmp_path / "profile")
    _import(project, src, "word", capsys)
    assert "4 comment(s)" in _import(project, odt, "odt", capsys)
    assert project.text_path("odt", "en").read_text(encoding="utf-8").splitlines() == PARAGRAPHS
    assert _stored(project, "odt") == _stored(project, "word")
    from_odt, from_word = remarks.listing(project, "odt", "en"), remarks.listing(project, "word", "en")
    assert [r.date[:19] for r in from_odt] == [r.date[:19] for r in from_word]  # Word's dates end in Z


def test_an_over_long_comment_is_cut_and_comments_beyond_the_cap_left_out(project: Project, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str],
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "long.docx"
    src.write_bytes(manuscript(long_text="x" * (MAX_REMARK_TEXT + 500)))
    monkeypatch.setattr(formats, "MAX_REMARKS", 3)
    said = _import(project, src, "long", capsys)
    assert "3 comment(s) (1 cut to 10,000 characters, 1 beyond 3 left out)" in said
    kept = _stored(project, "long")
    assert len(kept) == 3 and len(str(kept[0][3])) == MAX_REMARK_TEXT and str(kept[0][3]).endswith(CUT_MARK)
    assert formats.load_book(project, "long", "en") is not None  # what import stores loads


@pytest.mark.parametrize(("where", "extra"), [("the comment by Editor on paragraph 2", ""),
                                              ("the text of", " Bad\x80byte.")], ids=["comment", "text"])
def test_a_control_character_in_a_comment_or_the_text_refuses_the_import(project: Project, tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str],
                                                                         where: str, extra: str) -> None:
    src = tmp_path / "bad.docx"
    src.write_bytes(manuscript(long_text="" if extra else "Check\x85 the\x9f time", extra=extra))
    assert main(["--project", str(project.root), "import", str(src), "--doc", "bad", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert where in err and "contains a control character" in err and len(err.splitlines()) == 1
    assert not project.text_path("bad", "en").exists()  # nothing stored


@pytest.mark.parametrize(("value", "said"), [
    ("not a list", "'remarks' must be a list"),
    ([["0", 4, "Editor", "", "x"]], "block 2: a comment's range '0'..4 is not within the block's 59 characters"),
    ([[True, 4, "Editor", "", "x"]], "is not within"),
    ([[50, 60, "Editor", "", "x"]], "block 2: a comment's range 50..60 is not within the block's 59 characters"),
    ([[4, 2, "Editor", "", "x"]], "range 4..2 is not within"),
    ([[0, 4, "Editor", "", "x" * (MAX_REMARK_TEXT + 1)]], "a comment's text must be a string of at most 10000"),
    ([[0, 4, ["Editor"], "", "x"]], "a comment's author must be a string"),
    ([[0, 4, "Editor", "", "x\x0b"]], "a comment's text holds a character no text may hold (U+000B)"),
    ([[0, 4, "Editor"]], "a comment must be [start, end, author, date, text]"),
], ids=["not-a-list", "string-offset", "bool-offset", "past-the-end", "backwards", "over-long", "author-type",
        "control-char", "short-row"])
def test_a_hostile_structure_file_is_refused_in_one_line(project: Project, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str], value: object,
                                                         said: str) -> None:
    src = tmp_path / "memoir.docx"
    src.write_bytes(manuscript())
    _import(project, src, "memoir", capsys)
    path = structure_path(project, "memoir", "en")
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["blocks"][1]["remarks"] = value
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(StorageError, match="not a structure file") as refused:
        formats.load_book(project, "memoir", "en")
    assert said in str(refused.value) and "\n" not in str(refused.value)
    assert main(["--project", str(project.root), "remarks", "memoir"]) == 6
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and said in err


def test_a_document_without_comments_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert main(["--project", str(project.root), "remarks", DOC]) == 0  # imported as plain text
    out = capsys.readouterr()
    assert out.out == "" and out.err == f"the English of {DOC} holds no comments\n"


def test_the_document_view_shows_the_manuscript_s_comments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGN_PROJECT", str(tmp_path))
    project = copy_project(tmp_path)
    at = view(signed_in("anna"), "Document")
    assert not [e for e in at.expander if e.label.startswith("Comments")]  # the sample holds none
    editions.import_book(project, manuscript(), "memoir", "en", who("boris"),
                         name="memoir.docx")
    at.run().sidebar.selectbox(key="doc").set_value("memoir").run()
    assert not at.exception
    assert "Comments in the manuscript (4)" in [e.label for e in at.expander]
    rows = next(d.value for d in at.dataframe if "comment" in d.value.columns).to_dict("records")
    assert [(r["author"], r["comment"], r["on"]) for r in rows] == SAID  # plain text in a table, never markup
    source = docx.Document()
    said = source.add_paragraph("Паром ушёл в ")
    source.add_comment(said.add_run("полдень"), text="Проверить время", author="Редактор", initials="Р")
    buf = io.BytesIO()
    source.save(buf)
    editions.import_book(project, buf.getvalue(), "memoir", "ru", who("boris"), name="memoir-ru.docx")
    at.run()
    assert "Comments in the manuscript (5)" in [e.label for e in at.expander]  # the Russian source's too
    rows = next(d.value for d in at.dataframe if "comment" in d.value.columns).to_dict("records")
    assert [(r["text"], r["on"], r["comment"]) for r in rows[-1:]] == [("Russian", "полдень", "Проверить время")]
    assert {r["text"] for r in rows[:-1]} == {"English"}
    assert rows[0]["where"] == "¶2, sentence 1"
