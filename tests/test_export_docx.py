"""Word exports: a clean document, and one where each correction is a real tracked change."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from align.corrections.apply import corrected
from align.corrections.log import CorrectionLog
from align.export import export, log_state

from export_helpers import DOC, W, apply_paragraphs, docx_body, docx_reading, paragraphs, run_export

CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def comments(path: Path) -> dict[str, etree._Element]:
    """The Word file's comments by id, after checking the part is declared as Word finds it."""
    with zipfile.ZipFile(path) as z:
        types = etree.fromstring(z.read("[Content_Types].xml"))
        rels = z.read("word/_rels/document.xml.rels")
        root = etree.fromstring(z.read("word/comments.xml"))
    assert any(o.get("PartName") == "/word/comments.xml" and o.get("ContentType", "").endswith("comments+xml")
               for o in types.iter(f"{CONTENT_TYPES}Override"))
    assert b"relationships/comments" in rels
    return {c.get(f"{W}id"): c for c in root.iter(f"{W}comment")}


def test_clean_docx_has_title_and_corrected_paragraphs(sample) -> None:
    doc = docx.Document(str(run_export(sample, "docx", "clean.docx")))
    first, *rest = doc.paragraphs
    assert first.style.name == "Title" and first.text == "My meetings with Trotsky"
    assert [p.text for p in rest] == apply_paragraphs(sample.project)
    assert doc.core_properties.title == "My meetings with Trotsky"
    assert doc.core_properties.version == log_state(sample.project, DOC)  # the log state it was made from


def test_tracked_docx_accepts_to_apply_and_rejects_to_original(sample) -> None:
    path = run_export(sample, "docx-tracked", "tracked.docx")
    docx.Document(str(path))  # python-docx opens it
    original = paragraphs(corrected(sample.project, DOC).original)
    assert docx_reading(path, accept=True)[1:] == apply_paragraphs(sample.project)
    assert docx_reading(path, accept=False)[1:] == original


def test_tines_is_one_deletion_and_one_insertion_by_the_proposer_with_the_approval_in_a_comment(sample) -> None:
    path = run_export(sample, "docx-tracked", "tracked.docx")
    body = docx_body(path)
    dels, inss = body.findall(f".//{W}del"), body.findall(f".//{W}ins")
    assert len(dels) == len(inss) == 2  # tines and Spinosa; the pending proposal is not marked
    tines = [d for d in dels if "".join(d.itertext()) == "tines"]
    assert len(tines) == 1
    d = tines[0]
    assert [el.tag for el in d] == [f"{W}r"] and d[0][0].tag == f"{W}delText"
    ins = d.getnext()
    assert ins.tag == f"{W}ins" and "".join(ins.itertext()) == "times" and ins[0][0].tag == f"{W}t"
    tines_c = CorrectionLog(sample.project, DOC).state().corrections[sample.approved["tines"]]
    for el in (d, ins):
        assert el.get(f"{W}author") == "Anna"  # the proposer: Word's "accept/reject by reviewer" lists her
        assert el.get(f"{W}date") == tines_c.created[:19] + "Z"
    ids = [el.get(f"{W}id") for el in dels + inss]
    assert len(set(ids)) == len(ids)
    # The comment is anchored on the change: range start, del, ins, range end, reference mark.
    start, end, ref = d.getprevious(), ins.getnext(), ins.getnext().getnext()
    assert start.tag == f"{W}commentRangeStart" and end.tag == f"{W}commentRangeEnd"
    assert ref.find(f"{W}commentReference").get(f"{W}id") == start.get(f"{W}id") == end.get(f"{W}id")
    comment = comments(path)[start.get(f"{W}id")]
    approved_at = next(e.time for e in tines_c.history if e.type == "approved")
    assert comment.get(f"{W}author") == "Boris" and comment.get(f"{W}date") == approved_at[:19] + "Z"
    text = "\n".join("".join(p.itertext()) for p in comment.iter(f"{W}p"))
    assert text == (f"Proposed by Anna on {tines_c.created[:10]} (spelling): “tines” → “times”\n"
                    f"Rationale: tines is wrong\nApproved by Boris on {approved_at[:10]}")
    assert len(comments(path)) == 2  # one per change


def test_include_proposed_marks_proposals_by_their_proposer(sample) -> None:
    path = run_export(sample, "docx-tracked", "proposed.docx", include_proposed=True)
    body = docx_body(path)
    authors = {"".join(el.itertext()): el.get(f"{W}author") for el in body.iter(f"{W}del")}
    assert authors == {"tines": "Anna", "Spinosa": "Anna", "pince-nez glasses": "Anna"}
    assert docx_reading(path)[1:] == apply_paragraphs(sample.project, include_proposed=True)
    notes = {c.get(f"{W}author"): "".join(c.itertext()) for c in comments(path).values()}
    assert set(notes) == {"Boris", "Anna"} and notes["Anna"].endswith("Pending review (not approved)")


def test_the_file_states_the_log_it_holds(sample, tmp_path: Path) -> None:
    result = export(sample.project, DOC, "docx-tracked", tmp_path / "t.docx")
    assert result.log_state == log_state(sample.project, DOC)
    assert docx.Document(str(tmp_path / "t.docx")).core_properties.version == result.log_state


def test_libreoffice_reads_both_documents(sample, tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice (soffice/libreoffice) is not on PATH: headless conversion check not run")
    clean = run_export(sample, "docx", "clean.docx")
    tracked = run_export(sample, "docx-tracked", "tracked.docx")

    def convert(path: Path, target: str, outdir: Path) -> None:
        outdir.mkdir()
        subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                        "--convert-to", target, "--outdir", str(outdir), str(path)],
                       check=True, capture_output=True, timeout=180)

    convert(clean, "txt:Text (encoded):UTF8", tmp_path / "txt")
    text = (tmp_path / "txt" / "clean.txt").read_text(encoding="utf-8-sig")
    assert paragraphs(text) == ["My meetings with Trotsky", *apply_paragraphs(sample.project)]
    # Re-saved by LibreOffice, the revisions survive as revisions: it understood them.
    convert(tracked, "docx:MS Word 2007 XML", tmp_path / "docx")
    resaved = tmp_path / "docx" / "tracked.docx"
    assert docx_reading(resaved)[1:] == apply_paragraphs(sample.project)
    assert docx_reading(resaved, accept=False)[1:] == paragraphs(corrected(sample.project, DOC).original)
    # As an ODT, each change is by its proposer and the approvals are comments (annotations).
    convert(tracked, "odt", tmp_path / "odt")
    content = etree.fromstring(zipfile.ZipFile(tmp_path / "odt" / "tracked.odt").read("content.xml"))
    regions = list(content.iter("{urn:oasis:names:tc:opendocument:xmlns:text:1.0}changed-region"))
    assert len(regions) == 4
    assert {el.text for r in regions for el in r.iter("{http://purl.org/dc/elements/1.1/}creator")} == {"Anna"}
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    notes = ["".join(a.itertext()) for a in content.iter(f"{office}annotation")]
    assert len(notes) == 2 and all("Approved by Boris" in n and "Rationale:" in n for n in notes)
