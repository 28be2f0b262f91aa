"""A revised copy of a book compared with the stored English: its differences become proposals.

Real inputs throughout: the sample book as a proofreader's edited text; a Word manuscript imported, exported
by us (clean, and with tracked changes), edited with python-docx or given a proofreader's tracked change;
files made by LibreOffice headless with tracked changes of its own; another book; hostile files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from people import who
from test_faults import _FakeOs
from test_formats_import import XXE, _docx_with, _zip_bomb
from test_formats_writeback import fix

from align.cli import identity, main
from align.corrections import review, revision, workspace
from align.corrections.apply import corrected
from align.corrections.log import CorrectionLog
from align.errors import InputError, PermissionDenied, StorageError
from align.export import export
from align.formats import import_book, read_revised, word
from align.formats.safety import repack
from align.project import Project

import book_fixtures as bf
from test_bad_input import refused

DOC = "meetings-with-trotsky"
W = word.W
PETRA, WHEN = "Petra Proof", "2024-05-01T10:00:00Z"


def _sample(project: Project) -> str:
    return project.text_path(DOC, "en").read_text(encoding="utf-8")


def _lines_without(text: str, start: str) -> str:
    lines = text.split("\n")
    return "\n".join(line for line in lines if not line.startswith(start))


def _items(project: Project, doc: str, data: bytes, name: str) -> list[revision.Item]:
    return review.preview_revision(project, doc, data, name).items


def _run(project: Project, capsys, *argv: str) -> tuple[int, str, str]:
    rc = main(["--project", str(project.root), *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


# --- plain text: the sample book as a proofreader sends it back ------------------------------------------------


def test_a_revised_text_gives_one_proposal_per_change(project: Project) -> None:
    revised = _sample(project).replace("several tines", "several times").encode()
    items = _items(project, DOC, revised, "revised.txt")
    assert [(i.outcome, i.change(), i.source) for i in items] == [
        (revision.Outcome.PROPOSE, "'tines' -> 'times'", "from revised.txt")]
    text = workspace.open_workspace(project, DOC).text
    seg = workspace.open_workspace(project, DOC).seg
    tines = text.index("several tines") + len("several ")
    assert (items[0].difference.start, items[0].difference.end) == (tines, tines + 5)
    assert items[0].where == seg.number(seg.at(tines).id)
    assert not CorrectionLog(project, DOC).path.exists()  # the preview records nothing

    assert review.propose_revision(project, DOC, who("anna"), revised, "revised.txt", note="proofs") == (1, 0)
    [c] = [a.correction for a in workspace.list_corrections(project, DOC)]
    assert (c.quote, c.replacement, c.start, c.proposer, c.origin) == ("tines", "times", tines, "anna", "person")
    assert c.note == "proofs; from revised.txt" and c.status == "proposed"
    assert _sample(project).count("several tines") == 1  # the text itself is never changed
    # Brought in again (or by someone else): already recorded, so nothing is proposed twice.
    assert review.propose_revision(project, DOC, who("boris"), revised, "revised.txt") == (0, 1)
    assert _items(project, DOC, revised, "revised.txt")[0].why == f"recorded as {c.id} (proposed)"


def test_what_no_correction_can_make_is_reported_with_where_and_why(project: Project) -> None:
    text = _sample(project)
    seg = workspace.open_workspace(project, DOC).seg
    paras = [text[p.start : p.end] for p in seg.paragraphs]
    paras[2] = paras[2].replace("settled before. When I entered", "settled before, when I entered")  # across
    paras[2] = paras[2].replace("His grayish-green", "Indeed. His grayish-green")  # a sentence put before another
    paras = [p.replace("several tines", "several times").replace("did not happen. Trotsky", "did not happen.  Trotsky")
             for p in paras]
    cut = paras[4].index(" ", len(paras[4]) // 2)
    revised = "\n".join([*paras[:1],  # ¶2 removed
                         *paras[2:4], paras[4][:cut], paras[4][cut + 1 :],  # ¶5 split in two
                         paras[5], paras[6] + " " + paras[7],  # ¶7 and ¶8 joined
                         *paras[8:10], "A paragraph the proofreader wrote.", *paras[10:]])  # one added after ¶10
    items = _items(project, DOC, revised.encode(), "proofs.txt")
    by_hand = [(i.where, i.why) for i in items if i.outcome is revision.Outcome.BY_HAND]
    happen = seg.number(seg.at(text.index("did not happen. Trotsky")).id)
    assert by_hand == [("¶2", "a whole paragraph removed"),
                       ("¶3, sentences 2–3", "it crosses a sentence boundary"),
                       ("¶5", "a paragraph split in two"),
                       ("¶7–8", "two paragraphs joined into one"),
                       ("after ¶10", "a whole paragraph added"),
                       (happen, "it changes only the space between two sentences")]
    crossing = next(i for i in items if i.why == "it crosses a sentence boundary")
    assert crossing.change() == "'. When' -> ', when'"
    proposable = [(i.change(), i.where) for i in items if i.outcome is revision.Outcome.PROPOSE]
    his = seg.at(text.index("His grayish-green"))
    assert proposable == [("'His' -> 'Indeed. His'", seg.number(his.id)),  # said within the sentence it opens
                          ("'tines' -> 'times'", seg.number(seg.at(text.index("several tines")).id))]
    assert [i.number for i in items] == list(range(1, len(items) + 1))  # numbered in text order
    assert [i.difference.start for i in items] == sorted(i.difference.start for i in items)

    assert review.propose_revision(project, DOC, who("anna"), revised.encode(), "proofs.txt") == (2, 0)
    assert sorted(a.correction.quote for a in workspace.list_corrections(project, DOC)) == ["His", "tines"]
    with pytest.raises(InputError, match=r"difference 2 \(¶3, sentences 2–3\) cannot be proposed.*by hand"):
        review.propose_revision(project, DOC, who("anna"), revised.encode(), "proofs.txt", only=[2])
    with pytest.raises(InputError, match="there is no difference 99"):
        review.propose_revision(project, DOC, who("anna"), revised.encode(), "proofs.txt", only=[99])


def test_a_revised_paragraph_beside_a_long_run_of_new_ones_is_still_paired(project: Project) -> None:
    text = _sample(project)
    seg = workspace.open_workspace(project, DOC).seg
    paras = [text[p.start : p.end] for p in seg.paragraphs]
    added = [f"New paragraph {n} of the proofreader's own." for n in range(30)]
    revised = "\n".join([*paras[:2], paras[2].replace("white-snow", "snow-white"), *added, *paras[3:]])
    items = _items(project, DOC, revised.encode(), "proofs.txt")
    assert [i.change() for i in items if i.outcome is revision.Outcome.PROPOSE] == ["'white-snow' -> 'snow-white'"]
    assert [i.where for i in items if i.outcome is revision.Outcome.BY_HAND] == ["after ¶3"] * 30


def test_another_book_is_refused_in_one_line(project: Project, tmp_path: Path, capsys) -> None:
    other = "\n\n".join(f"Chapter {n}. The garden was quiet that spring, and the bees came late." for n in range(60))
    with pytest.raises(InputError, match=r"^other\.txt is not a revised copy of this text: only 0 of its 60 "):
        _items(project, DOC, other.encode(), "other.txt")
    src = tmp_path / "other.txt"
    src.write_text(other, encoding="utf-8")
    msg = refused(project, capsys, "compare", DOC, str(src), "--propose", "--user", "anna", code=2, extra=tmp_path)
    assert "another book?" in msg
    # A copy whose paragraphs are nearly all revised is still the same book.
    heavy = "\n".join(line.replace(" the ", " a ", 1) for line in _sample(project).split("\n"))
    assert any(i.outcome is revision.Outcome.PROPOSE for i in _items(project, DOC, heavy.encode(), "heavy.txt"))


def test_a_publisher_cannot_propose(project: Project) -> None:
    revised = _sample(project).replace("several tines", "several times").encode()
    with pytest.raises(PermissionDenied):
        review.propose_revision(project, DOC, who("dmitri"), revised, "revised.txt")
    assert not CorrectionLog(project, DOC).path.exists()
    assert _items(project, DOC, revised, "revised.txt")  # reading the preview is anyone's


def test_proposals_are_recorded_all_or_none(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    review.propose(project, DOC, who("anna"), 0, 2, "my")  # the log exists and has a line
    log = CorrectionLog(project, DOC)
    before = log.path.read_bytes()
    revised = _sample(project).replace("several tines", "several times").replace("Glavcontsesscom", "Glavkontsesskom")

    def write_half_then_fail(fd: int, data: bytes) -> int:
        import errno
        import os

        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("align.jsonlog.os", _FakeOs(write=write_half_then_fail))
    with pytest.raises(StorageError, match="nothing was recorded"):
        review.propose_revision(project, DOC, who("anna"), revised.encode(), "r.txt")
    monkeypatch.undo()
    assert log.path.read_bytes() == before  # neither of the two, not half of one
    assert review.propose_revision(project, DOC, who("anna"), revised.encode(), "r.txt") == (2, 0)


# --- Word: our own exports back, edited by hand or with a proofreader's tracked changes -------------------------


@pytest.fixture
def manuscript(project: Project) -> Project:
    return _manuscript(project, drop_cap=True)


def _manuscript(project: Project, drop_cap: bool) -> Project:
    """The styled Word manuscript imported, two corrections approved (one quoting more than the words it
    changes, as people often select: exports narrow it to "thirteen" -> "twelve"), one pending."""
    import_book(project, bf.styled_docx(drop_cap), "ms", "en", name="manuscript.docx")
    fix(project, "ms", "tines", "times")
    fix(project, "ms", "striking thirteen", "striking twelve")
    text = workspace.open_workspace(project, "ms").text
    noon = text.index("noon")
    review.propose(project, "ms", who("anna"), noon, noon + 4, "midday")
    return project


def _edited(data: bytes, edits: list[tuple[str, str]]) -> bytes:
    """The Word file edited with python-docx: each (old, new) replaced inside the run holding it."""
    d = docx.Document(io.BytesIO(data))
    for old, new in edits:
        run = next(r for p in d.paragraphs for r in p.runs if old in r.text)
        run.text = run.text.replace(old, new)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_our_clean_word_export_edited_by_hand(manuscript: Project, tmp_path: Path) -> None:
    project = manuscript
    exported = export(project, "ms", "docx", tmp_path / "ms.docx").path.read_bytes()  # "times" applied
    revised = _edited(exported, [("Nobody", "No one"), ("closing paragraph", "closing paragraph,")])
    items = _items(project, "ms", revised, "proofread.docx")
    assert [(i.change(), i.outcome) for i in items] == [
        ("'thirteen' -> 'twelve'", revision.Outcome.KNOWN),
        ("'Nobody' -> 'No one'", revision.Outcome.PROPOSE),
        ("'paragraph' -> 'paragraph,'", revision.Outcome.PROPOSE),
        ("'tines' -> 'times'", revision.Outcome.KNOWN)]  # our approved correction, applied by the export
    text = workspace.open_workspace(project, "ms").text
    nobody, paragraph = text.index("Nobody"), text.index("paragraph with tines")
    assert [(i.difference.start, i.difference.end) for i in items[1:3]] == [(nobody, nobody + 6),
                                                                           (paragraph, paragraph + 9)]
    assert review.propose_revision(project, "ms", who("anna"), revised, "proofread.docx") == (2, 2)
    for a in workspace.list_corrections(project, "ms", ["proposed"]):
        if a.correction.note == "from proofread.docx":
            review.approve(project, "ms", who("boris"), a.correction.id)
    assert corrected(project, "ms").text == word.read(revised, "proofread.docx").text  # `apply` gives the copy


def _tracked(data: bytes, old: str, new: str) -> bytes:
    """A proofreader's tracked change in a Word file: `old` (inside one run) deleted and `new` inserted
    after it, as Word writes them (w:del with w:delText, w:ins), by PETRA at WHEN."""
    part = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    root = etree.fromstring(part)
    t = next(t for t in root.iter(f"{W}t") if old in (t.text or ""))
    run = t.getparent()
    before, after = t.text.split(old, 1)
    tail = etree.fromstring(etree.tostring(run))
    t.text = before
    tail.find(f"{W}t").text = after
    for el in (t, tail.find(f"{W}t")):
        el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    changes = []
    for tag, text, text_tag in (("del", old, "delText"), ("ins", new, "t")):
        change = etree.Element(f"{W}{tag}", {f"{W}id": str(9000 + len(changes)), f"{W}author": PETRA,
                                             f"{W}date": WHEN})
        r = etree.SubElement(change, f"{W}r")
        etree.SubElement(r, f"{W}{text_tag}").text = text
        changes.append(change)
    run.addnext(changes[0])
    changes[0].addnext(changes[1])
    changes[1].addnext(tail)
    return repack(data, {"word/document.xml": etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                                  standalone=True)})


def test_our_tracked_word_export_with_a_proofreaders_change(manuscript: Project, tmp_path: Path, capsys) -> None:
    project = manuscript
    exported = export(project, "ms", "docx-tracked", tmp_path / "ms.docx", include_proposed=True).path.read_bytes()
    revised = _tracked(exported, "captain", "skipper")
    items = _items(project, "ms", revised, "proofread.docx")
    assert [(i.change(), i.outcome) for i in items] == [("'thirteen' -> 'twelve'", revision.Outcome.KNOWN),
                                                        ("'noon' -> 'midday'", revision.Outcome.KNOWN),
                                                        ("'captain' -> 'skipper'", revision.Outcome.PROPOSE),
                                                        ("'tines' -> 'times'", revision.Outcome.KNOWN)]
    assert items[2].source == f"from proofread.docx (tracked change by {PETRA}, 2024-05-01)"
    assert items[1].source.startswith("from proofread.docx (tracked change by Anna, ")  # our own, by the proposer
    assert review.propose_revision(project, "ms", who("anna"), revised, "proofread.docx") == (1, 3)
    mine = [a.correction for a in workspace.list_corrections(project, "ms") if a.correction.quote == "captain"]
    assert [(c.replacement, c.note) for c in mine] == [("skipper", items[2].source)]
    # Import keeps refusing a Word file with changes pending.
    src = tmp_path / "proofread.docx"
    src.write_bytes(revised)
    msg = refused(project, capsys, "import", str(src), "--doc", "again", "--lang", "en", code=2, extra=tmp_path)
    assert "tracked change(s) pending" in msg


@pytest.mark.slow
def test_libreoffice_opens_the_proofreaders_change(project: Project, tmp_path: Path) -> None:
    """The hand-written w:del/w:ins are what a word processor reads as a tracked change by the proofreader
    (without the drop cap, after which LibreOffice 7.4 drops every tracked change: test_formats_writeback)."""
    if not bf.SOFFICE:
        pytest.skip("LibreOffice is not installed")
    exported = export(_manuscript(project, drop_cap=False), "ms", "docx", tmp_path / "ms.docx").path.read_bytes()
    src = tmp_path / "proofread.docx"
    src.write_bytes(_tracked(exported, "captain", "skipper"))
    odt = bf.libreoffice(src, "odt", tmp_path, tmp_path / "p")
    content = etree.fromstring(zipfile.ZipFile(odt).read("content.xml"))
    text_ns, dc = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}", "{http://purl.org/dc/elements/1.1/}"
    regions = list(content.iter(f"{text_ns}changed-region"))
    assert {el.text for r in regions for el in r.iter(f"{dc}creator")} == {PETRA}
    assert [r[0].tag.rpartition("}")[2] for r in regions] == ["deletion", "insertion"]


FODT_TRACKED = bf.FODT.replace(
    'xmlns:fo=', 'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:fo=').replace(
    "<office:body><office:text>",
    '<office:body><office:text><text:tracked-changes text:track-changes="true">'
    '<text:changed-region xml:id="ct1" text:id="ct1"><text:deletion><office:change-info>'
    f"<dc:creator>{PETRA}</dc:creator><dc:date>{WHEN[:-1]}</dc:date></office:change-info>"
    "<text:p>noon</text:p></text:deletion></text:changed-region>"
    '<text:changed-region xml:id="ct2" text:id="ct2"><text:insertion><office:change-info>'
    f"<dc:creator>{PETRA}</dc:creator><dc:date>{WHEN[:-1]}</dc:date></office:change-info>"
    "</text:insertion></text:changed-region></text:tracked-changes>").replace(
    "left at noon.", 'left at <text:change text:change-id="ct1"/><text:change-start text:change-id="ct2"/>'
    'midday<text:change-end text:change-id="ct2"/>.')


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["odt", "docx"])
def test_tracked_changes_made_by_libreoffice(project: Project, tmp_path: Path, fmt: str) -> None:
    """LibreOffice writes the proofreader's change itself (ODT and DOCX): read as accepted, with its author."""
    if not bf.SOFFICE:
        pytest.skip("LibreOffice is not installed")
    (tmp_path / "book.fodt").write_text(bf.FODT, encoding="utf-8")
    (tmp_path / "proofs.fodt").write_text(FODT_TRACKED, encoding="utf-8")
    original = bf.libreoffice(tmp_path / "book.fodt", fmt, tmp_path, tmp_path / "p").read_bytes()
    revised = bf.libreoffice(tmp_path / "proofs.fodt", fmt, tmp_path, tmp_path / "p").read_bytes()
    import_book(project, original, "lo", "en", name=f"book.{fmt}")
    assert "midday" in read_revised(revised, f"proofs.{fmt}").text
    items = _items(project, "lo", revised, f"proofs.{fmt}")
    assert [(i.change(), i.outcome, i.source) for i in items] == [
        ("'noon' -> 'midday'", revision.Outcome.PROPOSE, f"from proofs.{fmt} (tracked change by {PETRA}, 2024-05-01)")]
    with pytest.raises(InputError, match="tracked change"):  # import still refuses it
        import_book(project, revised, "again", "en", name=f"proofs.{fmt}")


@pytest.mark.parametrize(("name", "make", "says"), [
    ("bomb.epub", _zip_bomb, "zip bomb"),
    ("xxe.docx", lambda: _docx_with(XXE.replace("FictionBook", "w:document").encode()), "declares XML entities"),
    ("cut.docx", lambda: bf.styled_docx()[:6000], "corrupt or truncated"),
], ids=["zip-bomb", "entities", "truncated"])
def test_hostile_copies_are_refused_as_import_refuses_them(project: Project, tmp_path: Path, capsys, name: str,
                                                           make, says: str) -> None:
    src = tmp_path / name
    src.write_bytes(make())
    with pytest.raises(InputError, match=says):
        _items(project, DOC, src.read_bytes(), name)
    assert says in refused(project, capsys, "compare", DOC, str(src), code=2, extra=tmp_path)


# --- the CLI ---------------------------------------------------------------------------------------------------


def test_compare_cli_dry_run_propose_and_only(project: Project, tmp_path: Path, capsys,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    revised = (_sample(project).replace("several tines", "several ti\u202emes")  # a bidi override in the copy
               .replace("Glavcontsesscom", "Glavkontsesskom").replace("white-snow suit", "snow-white suit"))
    src = tmp_path / "proofs.txt"
    src.write_text(revised, encoding="utf-8")

    def no_password(prompt: str) -> str:
        raise AssertionError("a dry run asks no password")

    typed = identity.read_password  # the demo passwords (conftest)
    monkeypatch.setattr(identity, "read_password", no_password)
    rc, out, err = _run(project, capsys, "compare", DOC, str(src))
    assert rc == 0 and not CorrectionLog(project, DOC).path.exists()  # nothing recorded
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["1", "2", "3"]
    assert lines[2].split("\t")[2:4] == ["'tines' -> 'ti\\u202emes'", "to propose"]  # spelled out, not acted on
    assert "\u202e" not in out and "3 difference(s): 3 to propose" in err and "nothing recorded" in err
    assert "the copy covers all 64 paragraphs" in err
    monkeypatch.setattr(identity, "read_password", typed)

    rc, out, err = _run(project, capsys, "compare", DOC, str(src), "--format", "jsonl", "--only", "1,3")
    covers, *lines = [json.loads(line) for line in out.splitlines()]
    assert covers == {"coverage": [[1, 64]], "paragraphs": 64, "says": "the copy covers all 64 paragraphs"}
    assert rc == 0 and [line["number"] for line in lines] == [1, 3]

    rc, out, err = _run(project, capsys, "compare", DOC, str(src), "--propose", "--user", "anna", "--only", "1,3",
                        "--note", "round one")
    assert rc == 0 and "proposed 2 correction(s) as anna; 0 already recorded" in err
    recorded = {a.correction.quote: a.correction for a in workspace.list_corrections(project, DOC)}
    assert set(recorded) == {"Glavcontsesscom", "tines"}
    assert recorded["tines"].replacement == "ti\u202emes" and recorded["tines"].note == "round one; from proofs.txt"
    rc, out, err = _run(project, capsys, "compare", DOC, str(src), "--propose", "--user", "anna")
    assert rc == 0 and "proposed 1 correction(s) as anna; 2 already recorded" in err
    assert "\talready recorded: recorded as c-" in out
    for bad in ("--only", "one"), ("--only", "7"), ("--propose",):
        assert refused(project, capsys, "compare", DOC, str(src), *bad, code=2, extra=tmp_path)


# --- part of the book, paragraphs moved, edits the word diff merged across a sentence boundary ---------------

PROPOSE, BY_HAND, KNOWN = revision.Outcome.PROPOSE, revision.Outcome.BY_HAND, revision.Outcome.KNOWN


def _exported(project: Project, tmp_path: Path) -> docx.document.Document:
    """The sample as our Word export, opened with python-docx, its paragraph k (from 0) the text's ¶k+1 (the
    title the export puts first taken out: it is no paragraph of the text)."""
    d = docx.Document(str(export(project, DOC, "docx", tmp_path / "sample.docx").path))
    title = d.paragraphs[0]
    assert title.style.name == "Title"
    title._p.getparent().remove(title._p)
    return d


def test_our_own_export_back_unchanged_has_no_difference(project: Project, tmp_path: Path, capsys) -> None:
    """The title our Word and Markdown exports put above the text is no paragraph added by a proofreader."""
    for fmt in ("docx", "markdown"):
        data = export(project, DOC, fmt, tmp_path / f"sample.{fmt}").path.read_bytes()
        assert review.preview_revision(project, DOC, data, f"sample.{fmt}").items == []
    # a title the text itself opens with is kept as the text's own first paragraph
    meta = project.meta_path(DOC)
    first = project.text_path(DOC, "en").read_text(encoding="utf-8").split("\n")[0]
    meta.write_text(f'title = "{first}"\n', encoding="utf-8")
    copy = (first + "\n" + project.text_path(DOC, "en").read_text(encoding="utf-8")).encode()
    [added] = review.preview_revision(project, DOC, copy, "copy.txt").items
    assert added.difference.reason is revision.Reason.ADDED and added.difference.new == first


def _edit(paragraph, old: str, new: str) -> None:
    """A word changed by hand in the run holding it."""
    run = next(r for r in paragraph.runs if old in r.text)
    run.text = run.text.replace(old, new, 1)


def _cut(d: docx.document.Document, keep: list[tuple[int, int]]) -> bytes:
    """The document cut down to the stretches of paragraphs ¶first–¶last in `keep` (as the stored text numbers
    them before any was moved), saved."""
    for k, p in enumerate(d.paragraphs, start=1):
        if not any(first <= k <= last for first, last in keep):
            p._p.getparent().remove(p._p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def test_one_chapter_sent_back_alone(project: Project, tmp_path: Path, capsys) -> None:
    d = _exported(project, tmp_path)
    _edit(d.paragraphs[19], "compose myself", "calm down")  # ¶20, the first the copy holds
    _edit(d.paragraphs[29], "It is adjoined", "It is bordered")
    _edit(d.paragraphs[34], "enormously complicated", "enormously hard")  # ¶35, its last
    chapter = _cut(d, [(20, 35)])
    found = review.preview_revision(project, DOC, chapter, "chapter.docx")
    says = "the copy covers ¶20–¶35 of 64; ¶1–¶19 and ¶36–¶64 are not in it and left as they are"
    assert str(found.coverage) == says
    text = _sample(project)
    assert [(i.where, i.change(), i.outcome, i.difference.start) for i in found.items] == [
        ("¶20, sentence 1", "'compose myself' -> 'calm down'", PROPOSE, text.index("compose myself")),
        ("¶30, sentence 2", "'adjoined' -> 'bordered'", PROPOSE, text.index("adjoined")),
        ("¶35, sentence 1", "'complicated' -> 'hard'", PROPOSE, text.index("complicated conditions"))]

    assert review.propose_revision(project, DOC, who("anna"), chapter, "chapter.docx") == (3, 0)
    for a in workspace.list_corrections(project, DOC):
        review.approve(project, DOC, who("boris"), a.correction.id)
    after, stored = _paragraphs(corrected(project, DOC).text), _paragraphs(text)
    assert after[19:35] == _paragraphs(read_revised(chapter, "chapter.docx").text)  # `apply` gives the chapter
    assert after[:19] == stored[:19] and after[35:] == stored[35:]  # and leaves the rest as it was

    src = tmp_path / "chapter.docx"
    src.write_bytes(chapter)
    rc, out, err = _run(project, capsys, "compare", DOC, str(src))
    assert rc == 0 and says in err and "3 difference(s): 0 to propose, 3 already recorded" in err
    rc, out, err = _run(project, capsys, "compare", DOC, str(src), "--format", "jsonl")
    assert json.loads(out.splitlines()[0]) == {"coverage": [[20, 35]], "paragraphs": 64, "says": says}

    # A chapter of another book is still refused, though two short paragraphs of it read as two of ours.
    other = [f"Paragraph {n} of another memoir, about the garden in spring." for n in range(16)]
    other[3:3] = ["I answered:", "Further I asked Trotsky a psychological question:"]
    with pytest.raises(InputError, match=r"^other\.txt is not a revised copy of this text: only 2 of its 18 "):
        _items(project, DOC, "\n".join(other).encode(), "other.txt")


def test_two_chapters_sent_back_together(project: Project, tmp_path: Path) -> None:
    d = _exported(project, tmp_path)
    _edit(d.paragraphs[14], "simply deafened", "utterly deafened")  # ¶15, the last of the first part
    _edit(d.paragraphs[39], "the combination", "the union")  # ¶40, the first of the second
    both = _cut(d, [(5, 15), (40, 42), (45, 50)])  # and, inside the second, ¶43 and ¶44 removed
    found = review.preview_revision(project, DOC, both, "proofs.docx")
    assert str(found.coverage) == ("the copy covers ¶5–¶15 and ¶40–¶50 of 64; ¶1–¶4, ¶16–¶39 and ¶51–¶64 are not "
                                   "in it and left as they are")
    assert [(i.number, i.where, i.outcome, i.why) for i in found.items] == [
        (1, "¶15, sentence 1", PROPOSE, ""),
        (2, "¶16–¶39", BY_HAND, "24 paragraphs in a row not in the copy: left out of it, or removed"),
        (3, "¶40, sentence 1", PROPOSE, ""),
        (4, "¶43", BY_HAND, "a whole paragraph removed"),  # fewer than GAP in a row: removed, one by one
        (5, "¶44", BY_HAND, "a whole paragraph removed")]
    gap = found.items[1].change()
    assert gap.startswith("'“Lev Davydovitch, don’t you see that the moment") and " … " in gap and len(gap) < 200
    assert found.items[1].difference.old == "\n".join(_paragraphs(_sample(project))[15:39])  # said whole in jsonl
    with pytest.raises(InputError, match=r"difference 2 \(¶16–¶39\) cannot be proposed from the copy: 24 "
                                         r"paragraphs in a row not in the copy: left out of it, or removed; "):
        review.propose_revision(project, DOC, who("anna"), both, "proofs.docx", only=[2])
    assert review.propose_revision(project, DOC, who("anna"), both, "proofs.docx", only=[1, 3]) == (2, 0)
    assert sorted(a.correction.quote for a in workspace.list_corrections(project, DOC)) == ["combination", "simply"]


def test_a_whole_copy_without_its_first_paragraph_says_it_starts_at_the_second(project: Project, tmp_path: Path,
                                                                               capsys) -> None:
    d = _exported(project, tmp_path)
    _edit(d.paragraphs[10], "several tines", "several times")
    copy = _cut(d, [(2, 64)])
    assert [(i.change(), i.outcome) for i in _items(project, DOC, copy, "proofs.docx")] == [
        ("'tines' -> 'times'", PROPOSE)]  # ¶1 is not said to be removed: the copy starts after it, and says so
    says = "the copy covers ¶2–¶64 of 64; ¶1 is not in it and left as it is"
    assert str(review.preview_revision(project, DOC, copy, "proofs.docx").coverage) == says
    src = tmp_path / "proofs.docx"
    src.write_bytes(copy)
    rc, out, err = _run(project, capsys, "compare", DOC, str(src))
    assert rc == 0 and says in err
    rc, out, err = _run(project, capsys, "compare", DOC, str(src), "--format", "jsonl")
    assert json.loads(out.splitlines()[0])["coverage"] == [[2, 64]]


def _moved(d: docx.document.Document, first: int, last: int, after: int) -> None:
    """Paragraphs ¶first–¶last moved to follow ¶after, as a proofreader cuts and pastes them."""
    paras = d.paragraphs
    anchor = paras[after - 1]._p
    for p in paras[first - 1 : last]:
        anchor.addnext(p._p)
        anchor = p._p


def _saved(d: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("edited", "why"), [
    (False, "a paragraph moved from ¶12 to after ¶40"),
    (True, "a paragraph moved from ¶12 to after ¶40, and edited"),
], ids=["as-it-was", "edited"])
def test_a_paragraph_moved_is_one_difference(project: Project, tmp_path: Path, capsys, edited: bool,
                                             why: str) -> None:
    d = _exported(project, tmp_path)
    _edit(d.paragraphs[4], "he evidently thought", "he clearly thought")  # ¶5
    if edited:
        _edit(d.paragraphs[11], "Vladimir Ilyich’ s death", "Vladimir Ilyich’s death")
    _edit(d.paragraphs[49], "first suggested", "first put forward")  # ¶50
    _moved(d, 12, 12, after=40)
    copy = _saved(d)
    items = _items(project, DOC, copy, "proofs.docx")
    assert [(i.number, i.where, i.outcome, i.why) for i in items] == [
        (1, "¶5, sentence 1", PROPOSE, ""), (2, "¶12", BY_HAND, why), (3, "¶50, sentence 1", PROPOSE, "")]
    stored = _paragraphs(_sample(project))[11]
    assert items[1].difference.old == stored
    assert items[1].difference.new == (stored.replace("Ilyich’ s", "Ilyich’s") if edited else stored)

    src = tmp_path / "proofs.docx"
    src.write_bytes(copy)
    assert "propose it by hand" in refused(project, capsys, "compare", DOC, str(src), "--propose", "--user", "anna",
                                           "--only", "2", code=2, extra=tmp_path)
    rc, out, err = _run(project, capsys, "compare", DOC, str(src), "--propose", "--user", "anna", "--only", "1,3")
    assert rc == 0 and "proposed 2 correction(s) as anna; 0 already recorded" in err
    assert sorted(a.correction.quote for a in workspace.list_corrections(project, DOC)) == ["evidently", "suggested"]


def test_paragraphs_moved_together_are_one_difference(project: Project, tmp_path: Path) -> None:
    d = _exported(project, tmp_path)
    _moved(d, 12, 13, after=40)
    assert [(i.where, i.why) for i in _items(project, DOC, _saved(d), "proofs.docx")] == [
        ("¶12–¶13", "2 paragraphs moved from ¶12–¶13 to after ¶40")]


def test_two_edits_the_diff_merged_across_a_sentence_boundary_are_two_proposals(project: Project,
                                                                                tmp_path: Path) -> None:
    d = _exported(project, tmp_path)
    tines = d.paragraphs[10]  # ¶11: "… But this did not happen. Trotsky did not answer and was silent for some
    # time. Then he walked several tines …": a word added at the end of one sentence, the next one's first word
    # changed (merged by the word diff into one edit across the boundary), and two sentences joined
    _edit(tines, "did not happen. Trotsky did not answer", "did not happen at all. Lev Davydovich did not answer")
    _edit(tines, "for some time. Then he walked", "for some time; then he walked")
    copy = _saved(d)
    items = _items(project, DOC, copy, "proofs.docx")
    assert [(i.number, i.where, i.change(), i.outcome) for i in items] == [
        (1, "¶11, sentence 3", "'happen' -> 'happen at all'", PROPOSE),
        (2, "¶11, sentence 4", "'Trotsky' -> 'Lev Davydovich'", PROPOSE),
        (3, "¶11, sentences 4–5", "'. Then' -> '; then'", BY_HAND)]
    assert items[2].why == "it crosses a sentence boundary"

    assert review.propose_revision(project, DOC, who("anna"), copy, "proofs.docx") == (2, 0)
    for a in workspace.list_corrections(project, DOC):
        review.approve(project, DOC, who("boris"), a.correction.id)
    expected = _sample(project).replace("happen. Trotsky did", "happen at all. Lev Davydovich did")
    assert corrected(project, DOC).text == expected  # the two apply cleanly, each in its sentence
    again = _items(project, DOC, copy, "proofs.docx")  # the copy brought in again: both are known
    assert [i.outcome for i in again] == [KNOWN, KNOWN, BY_HAND]
    assert all(i.why.startswith("recorded as c-") and i.why.endswith("(approved)") for i in again[:2])

    # A full stop put inside a sentence, beside an edit of the next one, moves a boundary: one edit, by hand.
    revised = _sample(project).replace("did not happen. Trotsky did not", "did not. Happen, Lev Davydovich did not")
    assert [(i.where, i.change(), i.outcome) for i in _items(project, DOC, revised.encode(), "proofs.txt")] == [
        ("¶11, sentences 3–4", "' happen. Trotsky' -> '. Happen, Lev Davydovich'", BY_HAND)]


@pytest.mark.slow
def test_one_chapter_through_libreoffice(project: Project, tmp_path: Path) -> None:
    """The chapter of python-docx saved again by LibreOffice, as ODT and as DOCX: the same coverage and edits."""
    if not bf.SOFFICE:
        pytest.skip("LibreOffice is not installed")
    d = _exported(project, tmp_path)
    _edit(d.paragraphs[29], "It is adjoined", "It is bordered")
    src = tmp_path / "chapter.docx"
    src.write_bytes(_cut(d, [(20, 35)]))
    (tmp_path / "lo").mkdir()
    for fmt in ("odt", "docx"):
        out = bf.libreoffice(src, fmt, tmp_path / "lo", tmp_path / "p")
        found = review.preview_revision(project, DOC, out.read_bytes(), out.name)
        assert str(found.coverage).startswith("the copy covers ¶20–¶35 of 64;")
        assert [(i.change(), i.outcome) for i in found.items] == [("'adjoined' -> 'bordered'", PROPOSE)]


def test_a_paragraph_joined_across_a_stretch_left_out_is_paired_with_the_whole_stretch(project: Project) -> None:
    """The copy joins ¶19 and ¶30 (ten stored paragraphs from either end of what it leaves out between ¶9 and
    ¶40): no pair can take paragraphs from both sides of a stretch passed over, so the whole of it is paired."""
    paras = _paragraphs(_sample(project))
    copy = "\n".join([*paras[:9], paras[18] + " " + paras[29], *paras[39:]])
    found = review.preview_revision(project, DOC, copy.encode(), "proofs.txt")
    assert str(found.coverage).startswith("the copy covers ¶1–¶9, ¶29–¶30 and ¶40–¶64 of 64;")
    assert [(i.where, i.why) for i in found.items] == [
        ("¶10–¶28", "19 paragraphs in a row not in the copy: left out of it, or removed"),
        ("¶29–30", "two paragraphs joined into one"),
        ("¶31–¶39", "9 paragraphs in a row not in the copy: left out of it, or removed")]


@pytest.mark.parametrize(("stretch", "says"), [
    ((0, 64), "the copy covers all 64 paragraphs"),
    ((19, 35), "the copy covers ¶20–¶35 of 64; ¶1–¶19 and ¶36–¶64 are not in it and left as they are"),
], ids=["whole", "chapter"])
def test_the_first_paragraph_moved_to_the_end_is_a_move_not_outside_the_copy(project: Project,
                                                                             stretch: tuple[int, int],
                                                                             says: str) -> None:
    paras = _paragraphs(_sample(project))[slice(*stretch)]
    found = review.preview_revision(project, DOC, "\n".join([*paras[1:], paras[0]]).encode(), "proofs.txt")
    assert str(found.coverage) == says
    first, last = stretch[0] + 1, stretch[1]
    assert [(i.where, i.why) for i in found.items] == [(f"¶{first}", f"a paragraph moved from ¶{first} to after "
                                                                     f"¶{last}")]


def test_the_first_half_with_every_paragraph_touched_is_paired_where_it_stands(project: Project) -> None:
    """No paragraph of the copy reads as stored, so nothing anchors it: the pairing looks across the whole width
    of the block (the copy's 30 paragraphs against the 64 stored), not just near its diagonal."""
    paras = _paragraphs(_sample(project))[:30]
    found = review.preview_revision(project, DOC, "\n".join(p + " (sic)" for p in paras).encode(), "half.txt")
    assert str(found.coverage) == "the copy covers ¶1–¶30 of 64; ¶31–¶64 are not in it and left as they are"
    assert [(i.where.split(",")[0], i.difference.new[-6:], i.outcome) for i in found.items] == [
        (f"¶{n}", " (sic)", PROPOSE) for n in range(1, 31)]
