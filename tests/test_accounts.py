"""Accounts: `align user add|passwd|disable|list|key`, sign-in, key files, the users file's account fields."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from align import accounts
from align.cli import main
from align.errors import InputError, PermissionDenied
from align.project import Project


def _cli(project: Project, *args: str) -> int:
    return main(["--project", str(project.root), *args])


def _password_file(tmp_path: Path, password: str) -> str:
    path = tmp_path / "pw.txt"
    path.write_text(password + "\n", encoding="utf-8")
    return str(path)


def test_add_sign_in_change_password_and_disable(project: Project, tmp_path: Path, capsys) -> None:
    assert _cli(project, "user", "add", "erin", "--name", "Erin", "--role", "editor",
                "--password-file", _password_file(tmp_path, "demo-erin")) == 0
    erin = accounts.sign_in(project, "erin", "demo-erin")
    assert erin.role == "editor"
    with pytest.raises(PermissionDenied, match="wrong password for erin"):
        accounts.sign_in(project, "erin", "demo-anna")
    # passwd: the current password (typed: demo-erin), the new one from a file; the key stays
    assert _cli(project, "user", "passwd", "erin", "--password-file", _password_file(tmp_path, "a longer secret")) == 0
    again = accounts.sign_in(project, "erin", "a longer secret")
    assert bytes(again.key.verify_key) == bytes(erin.key.verify_key)
    assert _cli(project, "user", "disable", "erin") == 0
    with pytest.raises(PermissionDenied, match="disabled"):
        accounts.sign_in(project, "erin", "a longer secret")
    capsys.readouterr()
    assert _cli(project, "user", "list") == 0
    rows = dict(line.split("\t", 1) for line in capsys.readouterr().out.splitlines())
    assert rows["erin"].startswith("editor\tdisabled") and rows["anna"].startswith("translator\tdemo password")


def test_a_reset_makes_a_new_key_and_old_events_still_verify(project: Project, tmp_path: Path, capsys) -> None:
    from people import who

    from align.corrections import review, workspace
    from align.corrections.log import CorrectionLog

    ws = workspace.open_workspace(project, "meetings-with-trotsky")
    start = ws.text.index("several tines") + len("several ")
    review.propose(project, "meetings-with-trotsky", who("anna"), start, start + 5, "times")
    assert _cli(project, "user", "passwd", "anna", "--reset", "--password-file",
                _password_file(tmp_path, "anna's new one")) == 0
    new = accounts.sign_in(project, "anna", "anna's new one")
    assert bytes(new.key.verify_key) != bytes(who("anna").key.verify_key)
    st = CorrectionLog(project, "meetings-with-trotsky").state()
    assert st.events == 1 and st.problems == []  # signed with the retired key: still hers
    with pytest.raises(PermissionDenied, match="key changed since signing in"):
        review.propose(project, "meetings-with-trotsky", who("anna"), start + 6, start + 8, "xx")


def test_passwords_are_never_arguments_and_short_ones_are_refused(project: Project, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--project", str(project.root), "propose", "x", "--user", "anna", "--password", "demo-anna"])
    assert _cli(project, "user", "add", "erin", "--name", "Erin", "--role", "editor",
                "--password-file", _password_file(tmp_path, "short")) == 2
    assert "at least 8 characters" in capsys.readouterr().err


def test_a_new_password_piped_in_or_none(project: Project, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGN_PASSWORD", "demo-boris")  # signs in; it is no new password
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert _cli(project, "user", "add", "erin", "--name", "Erin", "--role", "editor") == 2
    assert capsys.readouterr().err.strip().endswith(
        "no new password: type it at a terminal, pipe it in, or give --password-file")
    monkeypatch.setattr("sys.stdin", io.StringIO("erin-secret-1\n"))
    assert _cli(project, "user", "add", "erin", "--name", "Erin", "--role", "editor") == 0
    assert accounts.sign_in(project, "erin", "erin-secret-1").login == "erin"


def test_key_files_for_unattended_runs(project: Project, tmp_path: Path, capsys) -> None:
    path = accounts.key_file_path(project, "checks")
    assert _cli(project, "user", "key", "checks") == 0  # asks the password (typed: demo-checks)
    assert os.stat(path).st_mode & 0o777 == 0o600
    actor = accounts.from_key_file(project, "checks", path)
    assert actor.login == "checks" and actor.role == "checker"
    assert _cli(project, "suggest", "meetings-with-trotsky", "--checks", "glossary", "--propose", "--user", "checks",
                "--key-file", str(path)) == 0
    assert "proposed" in capsys.readouterr().err
    with pytest.raises(PermissionDenied, match="not anna's current key"):
        accounts.from_key_file(project, "anna", path)
    os.chmod(path, 0o644)
    with pytest.raises(PermissionDenied, match="readable by others"):
        accounts.from_key_file(project, "checks", path)


@pytest.mark.parametrize(("field", "value", "says"), [
    ("public_key", '"not base64!"', "public_key is not valid base64"),
    ("public_key", '"AAAA"', "public_key must be 32 bytes, not 3"),
    ("public_key", "12", "public_key must be a base64 string, not int"),
    ("disabled", '"yes"', "disabled must be a bool, not str"),
    ("password", '"hunter2"', "password must be an argon2 hash"),
    ("retired_keys", '"AAAA"', "retired_keys must be a list, not str"),
])
def test_each_malformed_account_field_is_one_clear_error(project: Project, field: str, value: str,
                                                         says: str) -> None:
    path = accounts.users_path(project)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[users.dmitri]\n", f"[users.dmitri]\n{field} = {value}\n", 1), encoding="utf-8")
    _dedupe(path, "dmitri", field)  # dmitri's own line for the field, if any, would make the TOML invalid
    with pytest.raises(InputError, match=f"user 'dmitri': {says}"):
        accounts.load_accounts(project)


def _dedupe(path: Path, login: str, field: str) -> None:
    """Keep only the first `field =` line of the user's table (the test's value)."""
    out, in_table, seen = [], False, False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            in_table, seen = line == f"[users.{login}]", False
        if in_table and line.startswith(f"{field} ="):
            if seen:
                continue
            seen = True
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_the_throttle_locks_after_free_tries_and_doubles() -> None:
    t = accounts.Throttle()
    keys = ["login:boris", "session:1"]
    for _ in range(t.FREE_TRIES - 1):
        t.failed(keys, 0.0)
    assert t.wait(keys, 0.0) == 0
    t.failed(keys, 0.0)
    assert t.wait(keys, 0.0) == t.LOCK_S and t.wait(["login:clara"], 0.0) == 0
    t.failed(keys, 0.0)
    assert t.wait(keys, 0.0) == 2 * t.LOCK_S
    t.succeeded(keys[:1])
    assert t.wait(keys, 0.0) == 2 * t.LOCK_S  # the session stays slowed down; the login is free
    assert t.wait(keys[:1], 0.0) == 0
