"""A new project from nothing: `align init`, the team's accounts, a Word manuscript and a Russian FB2, and the
whole loop to a corrected Word file, all from the command line (align.project.Project.create,
align.accounts.new_users_file)."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest

from align.cli import main
from align.corrections import workspace
from align.project import Project

from conftest import REPO, SAMPLE


def _sample_books(folder: Path) -> tuple[Path, Path]:
    """The sample's English as a python-docx manuscript and its Russian as an FB2, a paragraph a paragraph."""
    en = (REPO / "texts" / "en" / f"{SAMPLE}.txt").read_text(encoding="utf-8").splitlines()
    ru = (REPO / "texts" / "ru" / f"{SAMPLE}.txt").read_text(encoding="utf-8").splitlines()
    manuscript = docx.Document()
    for line in en:
        manuscript.add_paragraph(line)
    manuscript.save(folder / "manuscript.docx")
    paras = "".join(f"<p>{escape(line)}</p>" for line in ru if line.strip())
    (folder / "source.fb2").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0">'
        f"<description><title-info><book-title>Встречи</book-title></title-info></description><body><section>{paras}"
        "</section></body></FictionBook>", encoding="utf-8")
    return folder / "manuscript.docx", folder / "source.fb2"


def _add(root: Path, login: str, role: str, password: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))  # a script pipes the new password in
    return main(["--project", str(root), "user", "add", login, "--name", login.title(), "--role", role])


def test_a_new_team_starts_a_project_and_corrects_a_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys) -> None:
    root = tmp_path / "memoir"
    assert main(["init", str(root)]) == 0
    assert "started a project in" in capsys.readouterr().out
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == [
        ".gitignore", "corrections", "corrections/users.toml", "texts", "texts/en", "texts/ru"]
    assert "corrections/keys/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert main(["--project", str(root), "user", "list"]) == 0  # no one yet, and no error
    # the passwords the tests' sign-in types for them (conftest: demo-LOGIN)
    assert _add(root, "tess", "translator", "demo-tess", monkeypatch) == 0
    assert _add(root, "eddie", "editor", "demo-eddie", monkeypatch) == 0
    manuscript, source = _sample_books(tmp_path)
    cli = ["--project", str(root)]
    assert main([*cli, "import", str(manuscript), "--doc", "memoir", "--lang", "en"]) == 0
    assert main([*cli, "import", str(source), "--doc", "memoir", "--lang", "ru"]) == 0
    assert main([*cli, "align", "memoir"]) == 0
    assert "Russian aligned" in capsys.readouterr().out
    project = Project(root)
    text = project.text_path("memoir", "en").read_text(encoding="utf-8")
    start = text.index("several tines") + len("several ")
    assert main([*cli, "propose", "memoir", "--user", "tess", "--start", str(start), "--end", str(start + 5),
                 "--expect", "tines", "--replacement", "times"]) == 0
    [made] = workspace.list_corrections(project, "memoir")
    assert main([*cli, "approve", made.correction.id, "--user", "tess"]) == 4  # not her own, and not a translator
    assert main([*cli, "approve", made.correction.id, "--user", "eddie"]) == 0
    assert main([*cli, "export", "memoir", "--to", "docx", "-o", str(tmp_path / "out.docx"), "--user", "eddie"]) == 0
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "out.docx")).paragraphs]
    assert any("several times" in p for p in paragraphs) and not any("tines" in p for p in paragraphs)
    assert (root / "texts" / "originals" / "memoir.en.docx").read_bytes() == manuscript.read_bytes()


def test_init_never_touches_a_project_or_a_file(tmp_path: Path, project: Project, capsys) -> None:
    users = project.corrections_dir / "users.toml"
    before = users.read_bytes()
    assert main(["init", str(project.root)]) == 2
    assert capsys.readouterr().err.strip().endswith("already holds a project (texts/ or corrections/): nothing changed")
    assert users.read_bytes() == before and not (project.root / ".gitignore").exists()
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine\n", encoding="utf-8")
    assert main(["init", str(a_file)]) == 2
    assert "is a file, not a folder for a project" in capsys.readouterr().err
    assert a_file.read_text(encoding="utf-8") == "mine\n"
    there = sorted(tmp_path.iterdir())
    for bad, says in (("", "give a folder for the new project"), ("new\nline", "holds a line break or tab"),
                      ("bell\x07", "contains a control character (U+0007)")):
        assert main(["init", str(tmp_path / bad) if bad else bad]) == 2
        assert says in capsys.readouterr().err
    assert sorted(tmp_path.iterdir()) == there
    kept = tmp_path / "repo"
    kept.mkdir()
    (kept / ".gitignore").write_text("own rules\n", encoding="utf-8")
    assert main(["init", str(kept)]) == 0  # an existing folder (a git repository, say) keeps its own .gitignore
    assert (kept / ".gitignore").read_text(encoding="utf-8") == "own rules\n"


def test_a_project_without_a_users_file_says_how_to_start_one(project: Project, capsys) -> None:
    (project.corrections_dir / "users.toml").unlink()
    assert main(["--project", str(project.root), "user", "list"]) == 2
    assert "the project has no users file (`align init` starts a project with one)" in capsys.readouterr().err
