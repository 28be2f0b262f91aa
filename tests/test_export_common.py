"""What every export shares: the clean text inside each format, roles, conflicts, atomic writes, CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from align.cli import main
from align.corrections.apply import corrected
from align.errors import ConflictError, InputError, PermissionDenied
from align.export import FORMATS, export

from export_helpers import (  # noqa: F401
    DOC,
    apply_paragraphs,
    build_sample,
    csv_rows,
    docx_reading,
    markdown_paragraphs,
    paragraphs,
    run_export,
    tei_paragraphs,
)

READERS = {
    "text": lambda p: paragraphs(p.read_text(encoding="utf-8")),
    "markdown": lambda p: markdown_paragraphs(p)[1],
    "docx": lambda p: docx_reading(p)[1:],
    "docx-tracked": lambda p: docx_reading(p)[1:],
    "tei": tei_paragraphs,
}


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_clean_text_inside_every_format_equals_apply(sample, fmt: str) -> None:
    assert READERS[fmt](run_export(sample, fmt, f"clean-{fmt}")) == apply_paragraphs(sample.project)


def test_formats_without_running_text_carry_the_corrected_sentences(sample) -> None:
    """TMX/XLIFF targets are sentences (checked in test_export_tmx_xliff); the CSV carries replacements."""
    rows = csv_rows(run_export(sample, "report-csv", "r.csv"))
    text = corrected(sample.project, DOC).text
    assert all(r["replacement"] in text for r in rows if r["status"] == "approved")


def test_export_role_is_checked(sample) -> None:
    with pytest.raises(PermissionDenied, match="only an editor or a publisher may export"):
        run_export(sample, "text", "denied.txt", login="anna")
    assert not (sample.out / "denied.txt").exists()
    assert run_export(sample, "text", "dmitri.txt", login="dmitri").is_file()


def test_orphaned_approval_refuses_export_unless_skipped(tmp_path: Path) -> None:
    s = build_sample(tmp_path)
    path = s.project.text_path(DOC, "en")
    path.write_text(path.read_text(encoding="utf-8").replace("several tines to", "several turns to"), encoding="utf-8")
    for fmt in FORMATS:
        with pytest.raises(ConflictError, match="orphaned.*--skip-conflicts"):
            export(s.project, DOC, fmt, s.out / fmt)
    assert list(s.out.iterdir()) == []
    result = export(s.project, DOC, "docx-tracked", s.out / "skipped.docx", skip_conflicts=True)
    assert result.applied == 1 and len(result.skipped) == 1 and "orphaned" in result.skipped[0]
    assert docx_reading(s.out / "skipped.docx")[1:] == apply_paragraphs(s.project, skip_conflicts=True)


def test_writes_are_atomic_and_stay_at_the_output_path(sample, tmp_path: Path) -> None:
    out = tmp_path / "atomic"
    out.mkdir()
    target = out / "book.txt"
    target.write_text("old contents", encoding="utf-8")
    export(sample.project, DOC, "text", target)
    assert target.read_bytes() == corrected(sample.project, DOC).text.encode("utf-8")
    assert sorted(os.listdir(out)) == ["book.txt"]  # no temporary file left behind
    with pytest.raises(InputError, match="does not exist"):
        export(sample.project, DOC, "text", tmp_path / "missing" / "book.txt")
    with pytest.raises(InputError, match="is a folder"):
        export(sample.project, DOC, "text", out)
    original = sample.project.text_path(DOC, "en")
    before = original.read_bytes()
    with pytest.raises(InputError, match="texts and logs are not export targets"):
        export(sample.project, DOC, "text", original)
    assert original.read_bytes() == before
    with pytest.raises(InputError, match="unknown export format"):
        export(sample.project, DOC, "pdf", out / "x.pdf")


def test_cli_reports_pending_and_errors(sample, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(sample.project.root)
    out = sample.out / "cli.md"
    assert main(["--project", root, "export", DOC, "--to", "markdown", "-o", str(out), "--user", "boris"]) == 0
    err = capsys.readouterr().err
    assert "1 pending proposal(s) left out" in err and f"wrote {out}" in err and "2 correction(s) applied" in err
    assert main(["--project", root, "export", DOC, "--to", "docx-tracked", "-o", str(sample.out / "p.docx"),
                 "--include-proposed"]) == 0
    assert "0 pending proposal(s) left out" in capsys.readouterr().err
    assert main(["--project", root, "export", DOC, "--to", "text", "-o", str(sample.out / "x"), "--user", "anna"]) == 4
    assert "only an editor or a publisher may export" in capsys.readouterr().err
