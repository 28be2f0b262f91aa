"""What every export shares: the clean text inside each format, roles, conflicts, atomic writes, CLI."""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path

import docx
import pytest
from lxml import etree, html
from people import who

from align.alignment.decisions import unlink
from align.alignment.store import load_alignment
from align.cli import main
from align.corrections import review
from align.corrections.apply import corrected
from align.errors import ConflictError, InputError, PermissionDenied
from align.export import FORMATS, export, log_state, render

from conftest import copy_project
from export_helpers import (  # noqa: F401
    DOC,
    TEI,
    apply_paragraphs,
    build_sample,
    csv_rows,
    docx_reading,
    markdown_paragraphs,
    paragraphs,
    run_export,
    tei_paragraphs,
)

XLIFF = "{urn:oasis:names:tc:xliff:document:2.0}"

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


# Characters legal in a text that each format has to carry: markup and CDATA ends, quotes, emoji and a
# flag, combining accents, line and paragraph separators, soft hyphen, no-break space, bidi controls.
HOSTILE = ['He wrote <b>bold</b> & "quotes" \'single\' ]]> and 😀🇷🇺 done.',
           "Combining e\u0301 in cafe\u0301. Soft\u00adhyphen, non\u00a0breaking.",
           "Line\u2028separator and para\u2029separator. Next one.",
           "Bidi \u202eevil\u202c and \u2066iso\u2069. Zero\u200bwidth.",
           " ".join(["word"] * 2000) + "."]


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_hostile_characters_come_back_unchanged_from_every_format(tmp_path: Path, fmt: str) -> None:
    # U+2028 and U+2029 once ended a paragraph for the segmenter (str.splitlines) but not for `apply`:
    # Markdown, DOCX and TEI split that paragraph in three and lost the two characters.
    project = copy_project(tmp_path)
    source = tmp_path / "hostile.txt"
    source.write_text("\n\n".join(HOSTILE) + "\n", encoding="utf-8")
    assert main(["--project", str(project.root), "import", str(source), "--doc", "hostile", "--lang", "en"]) == 0
    text = corrected(project, "hostile").text
    start = text.index("bold")
    cid = review.propose(project, "hostile", who("anna"), start, start + 4, 'B<&]]>"\u2028😀', "other").id
    review.approve(project, "hostile", who("boris"), cid)
    out = tmp_path / f"hostile{FORMATS[fmt].suffix}"
    export(project, "hostile", fmt, out)
    expected = paragraphs(corrected(project, "hostile").text)
    assert expected[0].startswith('He wrote <b>B<&]]>"\u2028😀</b>') and len(expected) == len(HOSTILE)
    assert READERS[fmt](out) == expected


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


# Where each format states the log it holds (CSV, text and Markdown have no place for it).
STATE_READERS = {
    "tei": lambda data: etree.fromstring(data).findtext(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}notesStmt/{TEI}note"),
    "tmx": lambda data: etree.fromstring(data).findtext("header/note").removeprefix("corrections log state: "),
    "xliff": lambda data: next(n.text for n in etree.fromstring(data).iter(f"{XLIFF}note")
                               if n.get("category") == "corrections-log-state"),
    "report-html": lambda data: html.fromstring(data).findtext(".//footer/p").removeprefix("Corrections log state: "),
    "docx": lambda data: docx.Document(io.BytesIO(data)).core_properties.version,
}


def test_every_export_states_the_log_it_holds_and_goes_stale_on_any_change(tmp_path: Path) -> None:
    sample = build_sample(tmp_path)
    project = sample.project
    state = log_state(project, DOC)
    assert re.fullmatch(r"5 events, log [0-9a-f]{10}, alignment [0-9a-f]{10}", state)  # 3 proposals, 2 approvals
    for fmt, read in STATE_READERS.items():
        data, summary = render(project, DOC, fmt)
        assert summary.log_state == state and read(data) == state, fmt
    review.approve(project, DOC, who("clara"), sample.pending)  # a new approval: prepared files are stale
    after_approval = log_state(project, DOC)
    assert after_approval != state and after_approval.startswith("6 events")
    review.comment(project, DOC, who("dmitri"), sample.pending, "noted")  # a comment changes the log too
    assert log_state(project, DOC) not in (state, after_approval)
    before_alignment = log_state(project, DOC)
    beads = load_alignment(project, DOC) or []
    unlink(project, DOC, beads[3].ru, beads[3].en, who("anna"))  # and so does an alignment decision
    assert log_state(project, DOC) != before_alignment
    assert render(project, DOC, "tmx")[1].log_state == log_state(project, DOC)
    other = copy_project(tmp_path / "fresh")
    assert log_state(other, DOC) == "0 events, log " + hashlib.sha256(b"").hexdigest()[:10] + ", alignment none"
