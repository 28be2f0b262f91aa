"""`python -m align suggest`: formats, check selection, errors, and --propose on a copy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from align import checks
from align.alignment.synthetic import DOC_ID as BOOK
from align.alignment.synthetic import generate_book, write_project
from align.cli import main
from align.project import Project

ROOT = Path(__file__).resolve().parent.parent
DOC = "meetings-with-trotsky"


def test_jsonl_fields(capsys):
    assert main(["--project", str(ROOT), "suggest", DOC, "--checks", "glossary,context", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {r["rule"].split(".")[0] for r in rows} <= {"glossary", "context"}
    for key in ("start", "end", "original", "replacement", "category", "rule", "message", "confidence"):
        assert all(key in r for r in rows)
    assert {"original": "tines", "replacement": "times"}.items() <= next(
        r for r in rows if r["original"] == "tines"
    ).items()


def test_unknown_check_is_an_error(capsys):
    assert main(["--project", str(ROOT), "suggest", DOC, "--checks", "style"]) == 2
    assert "unknown check style" in capsys.readouterr().err


def test_source_without_alignment_says_so(capsys, project):
    assert main(["--project", str(project.root), "suggest", DOC, "--checks", "source"]) == 0
    out = capsys.readouterr()
    assert out.out == "" and "no stored alignment" in out.err


def test_propose_records_once(capsys, project):
    args = ["--project", str(project.root), "suggest", DOC, "--checks", "glossary", "--propose", "--user", "checks"]
    assert main(args) == 0
    first = capsys.readouterr().err
    assert "proposed 7 correction(s)" in first and "0 already recorded" in first
    assert main(args) == 0
    assert "proposed 0 correction(s) as checks; 7 already recorded" in capsys.readouterr().err
    assert main(["--project", str(project.root), "suggest", DOC, "--propose"]) == 2


def test_a_whole_book_gives_the_same_findings_with_its_second_process(tmp_path):
    """`suggest` asks for the second process: on a book long enough for it (on a machine with two
    cores), run as users run it, the findings are those of one process."""
    ru, en = ((ROOT / "texts" / lang / f"{DOC}.txt").read_text(encoding="utf-8") for lang in ("ru", "en"))
    write_project(generate_book(ru, en, 2_700, seed=3, omission=100), tmp_path)
    assert len((tmp_path / "texts" / "en" / f"{BOOK}.txt").read_text(encoding="utf-8").split()) \
        >= checks.SECOND_PROCESS_MIN_WORDS
    wanted = ["typography", "grammar"]
    run = subprocess.run([sys.executable, "-m", "align", "--project", str(tmp_path), "suggest", BOOK,
                          "--checks", ",".join(wanted), "--format", "jsonl"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert {r["rule"].split(".")[0] for r in rows} == set(wanted)
    assert rows == [f.to_dict() for f in checks.run_checks(Project(tmp_path), BOOK, wanted)]
