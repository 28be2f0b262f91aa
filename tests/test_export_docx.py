"""Word exports: a clean document, and one where each correction is a real tracked change."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from align.corrections.apply import corrected

from export_helpers import DOC, W, apply_paragraphs, docx_body, docx_reading, paragraphs, run_export


def test_clean_docx_has_title_and_corrected_paragraphs(sample) -> None:
    doc = docx.Document(str(run_export(sample, "docx", "clean.docx")))
    first, *rest = doc.paragraphs
    assert first.style.name == "Title" and first.text == "My meetings with Trotsky"
    assert [p.text for p in rest] == apply_paragraphs(sample.project)
    assert doc.core_properties.title == "My meetings with Trotsky"


def test_tracked_docx_accepts_to_apply_and_rejects_to_original(sample) -> None:
    path = run_export(sample, "docx-tracked", "tracked.docx")
    docx.Document(str(path))  # python-docx opens it
    original = paragraphs(corrected(sample.project, DOC).original)
    assert docx_reading(path, accept=True)[1:] == apply_paragraphs(sample.project)
    assert docx_reading(path, accept=False)[1:] == original


def test_tines_is_one_deletion_and_one_insertion_by_the_approver(sample) -> None:
    body = docx_body(run_export(sample, "docx-tracked", "tracked.docx"))
    dels, inss = body.findall(f".//{W}del"), body.findall(f".//{W}ins")
    assert len(dels) == len(inss) == 2  # tines and Spinosa; the pending proposal is not marked
    tines = [d for d in dels if "".join(d.itertext()) == "tines"]
    assert len(tines) == 1
    d = tines[0]
    assert [el.tag for el in d] == [f"{W}r"] and d[0][0].tag == f"{W}delText"
    ins = d.getnext()
    assert ins.tag == f"{W}ins" and "".join(ins.itertext()) == "times" and ins[0][0].tag == f"{W}t"
    for el in (d, ins):
        assert el.get(f"{W}author") == "Boris"
        assert el.get(f"{W}date").endswith("Z") and len(el.get(f"{W}date")) == 20
    ids = [el.get(f"{W}id") for el in dels + inss]
    assert len(set(ids)) == len(ids)


def test_include_proposed_marks_proposals_by_their_proposer(sample) -> None:
    path = run_export(sample, "docx-tracked", "proposed.docx", include_proposed=True)
    body = docx_body(path)
    authors = {"".join(el.itertext()): el.get(f"{W}author") for el in body.iter(f"{W}del")}
    assert authors == {"tines": "Boris", "Spinosa": "Boris", "pince-nez glasses": "Anna"}
    assert docx_reading(path)[1:] == apply_paragraphs(sample.project, include_proposed=True)


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
