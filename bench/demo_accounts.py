"""The sample's demo accounts for benches: `who("anna")` signs Anna in with her demo password, once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from align.accounts import Actor, sign_in
from align.project import Project

REPO = Project(Path(__file__).resolve().parent.parent)


@cache
def who(login: str) -> Actor:
    return sign_in(REPO, login, f"demo-{login}")  # the published demo password (corrections/users.toml)
