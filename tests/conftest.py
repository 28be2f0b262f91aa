"""Shared fixtures: a throwaway copy of the project, so tests never write into the repo."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from align.project import Project

REPO = Path(__file__).resolve().parent.parent
SAMPLE = "meetings-with-trotsky"


def copy_project(root: Path) -> Project:
    """A copy of the repo's texts/ and corrections/: users and glossary, but no recorded
    corrections or stored alignment, so every test starts from the same state."""
    shutil.copytree(REPO / "texts", root / "texts")
    shutil.copytree(REPO / "corrections", root / "corrections",
                    ignore=shutil.ignore_patterns("log.jsonl*", "alignment*.jsonl"))
    return Project(root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory):
    """The sample with two approved corrections, one pending, and the gold alignment (export tests)."""
    from export_helpers import build_sample

    return build_sample(tmp_path_factory.mktemp("export"))


@pytest.fixture(autouse=True)
def _keep_main_module():
    """Streamlit's AppTest leaves the workbench script as sys.modules['__main__']; processes started
    with 'spawn' later (Dask workers, multiprocessing tests) would then run the workbench on start.
    Put pytest's own back after every test."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(autouse=True)
def _demo_sign_in(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """CLI commands run by tests sign in with the demo passwords, as a person would type them
    (the shared Actors in `people` spare each call the argon2 cost); a private signature cache."""
    from people import demo_password, who

    from align import accounts
    from align.cli import identity

    def typed(prompt: str) -> str:  # "password for anna: "
        return demo_password(prompt.strip().rsplit(" ", 1)[-1].rstrip(":"))

    def sign_in(project: Project, login: str, password: str) -> accounts.Actor:
        if password == demo_password(login) and login in ("anna", "boris", "clara", "dmitri", "checks"):
            return who(login)
        return accounts.sign_in(project, login, password)

    monkeypatch.setattr(identity, "read_password", typed)
    monkeypatch.setattr(identity, "sign_in", sign_in)
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "align-cache"))
