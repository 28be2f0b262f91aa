"""Shared fixtures: a throwaway copy of the project, so tests never write into the repo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from align.project import Project

REPO = Path(__file__).resolve().parent.parent
SAMPLE = "meetings-with-trotsky"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A copy of the repo's texts/ and corrections/ (users, glossary; no recorded corrections)."""
    shutil.copytree(REPO / "texts", tmp_path / "texts")
    shutil.copytree(REPO / "corrections", tmp_path / "corrections", ignore=shutil.ignore_patterns("log.jsonl*"))
    return Project(tmp_path)
