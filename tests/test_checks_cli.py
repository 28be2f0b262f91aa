"""`python -m align suggest`: formats, check selection, errors, and --propose on a copy."""

from __future__ import annotations

import json
from pathlib import Path

from align.cli import main

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
