"""The corrections report: CSV rows and a self-contained, escaped HTML page."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest
from lxml import html
from people import who

from align.corrections import review
from align.errors import PermissionDenied
from align.export import export, render
from align.export.report import CSV_FIELDS

from conftest import copy_project
from export_helpers import DOC, csv_rows, propose_word, run_export


def test_csv_has_one_row_per_correction(sample) -> None:
    path = run_export(sample, "report-csv", "report.csv")
    assert path.read_text(encoding="utf-8").splitlines()[0].split(",") == list(CSV_FIELDS)
    rows = {r["original"]: r for r in csv_rows(path)}
    assert set(rows) == {"tines", "Spinosa", "pince-nez glasses"}
    tines = rows["tines"]
    assert (tines["status"], tines["replacement"], tines["proposer"], tines["reviewer"]) == (
        "approved",
        "times",
        "anna",
        "boris",
    )
    text = sample.project.text_path(DOC, "en").read_text(encoding="utf-8")
    assert text[int(tines["start"]) : int(tines["end"])] == "tines"
    assert rows["pince-nez glasses"]["status"] == "proposed" and rows["pince-nez glasses"]["reviewer"] == ""
    assert tines["created"] <= tines["updated"]


def test_html_is_self_contained_with_diffs_and_counts(sample) -> None:
    page = html.parse(str(run_export(sample, "report-html", "report.html"))).getroot()
    assert not page.xpath("//script | //link | //img | //iframe | //@src | //@href")
    assert page.find(".//style") is not None
    cards = page.find_class("correction")
    assert len(cards) == 3
    tines = next(c for c in cards if c.xpath(".//del[.='tines']"))
    assert tines.xpath(".//ins/text()") == ["times"]
    assert "Then he walked several" in tines.find_class("diff")[0].text_content()
    record = tines.find(".//dl").text_content()
    assert "Anna (anna)" in record and "Boris (boris)" in record and "tines is wrong" in record
    summary = {tuple(td.text_content() for td in tr.findall("td")) for tr in page.iter("tr")}
    assert ("approved", "2") in summary and ("proposed", "1") in summary and ("spelling", "1") in summary


def test_markup_in_text_and_notes_shows_as_text(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    evil = '<script>alert("x")</script> is in this sentnce. A second one & more.'
    project.text_path("evil", "en").write_text(evil + "\n", encoding="utf-8")
    cid = propose_word(project, "evil", "sentnce", "sentence", "spelling")
    review.comment(project, "evil", who("boris"), cid, "fine")
    review.revise(project, "evil", who("anna"), cid, note='<img src=x onerror="alert(1)">')
    review.approve(project, "evil", who("boris"), cid)
    export(project, "evil", "report-html", tmp_path / "r.html")
    page = html.parse(str(tmp_path / "r.html")).getroot()
    assert not page.xpath("//script | //img")
    text = page.text_content()
    assert '<script>alert("x")</script>' in text and '<img src=x onerror="alert(1)">' in text


def test_render_gives_the_bytes_export_writes(sample) -> None:
    data, summary = render(sample.project, DOC, "report-csv", login="dmitri", include_proposed=True)
    result = export(sample.project, DOC, "report-csv", sample.out / "r.csv", login="dmitri", include_proposed=True)
    assert data == result.path.read_bytes()
    assert asdict(summary) == {k: v for k, v in asdict(result).items() if k != "path"}
    assert (summary.format, summary.items, summary.applied, summary.pending) == ("report-csv", 3, 3, 0)
    with pytest.raises(PermissionDenied, match="only an editor or a publisher may export"):
        render(sample.project, DOC, "report-csv", login="anna")
