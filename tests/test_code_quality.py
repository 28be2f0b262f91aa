"""The code type-checks (mypy, configured in pyproject.toml) and lints clean (ruff)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    "command",
    [("mypy",), ("ruff", "check", "src", "app", "tests", "bench")],
    ids=["mypy", "ruff"],
)
def test_tool_reports_no_problems(command: tuple[str, ...]) -> None:
    run = _run(*command)
    assert run.returncode == 0, f"{' '.join(command)} failed:\n{run.stdout}{run.stderr}"
