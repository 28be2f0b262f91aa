"""Users and roles, read from `corrections/users.toml`; every action is checked here.

The rules live in the library, not the UI, so the CLI and the app enforce the same ones.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from align.errors import InputError, PermissionDenied
from align.project import Project


class Role(StrEnum):
    """What a person does on the project; the `checker` role is the automatic checks' account."""

    TRANSLATOR = "translator"
    EDITOR = "editor"
    PUBLISHER = "publisher"
    CHECKER = "checker"


class Action(StrEnum):
    """Everything the rules below allow or refuse."""

    PROPOSE = "propose"
    REVISE = "revise"
    WITHDRAW = "withdraw"
    APPROVE = "approve"
    REJECT = "reject"
    COMMENT = "comment"
    EXPORT = "export"
    ALIGN = "align"


# Which roles may take each action; ownership and four-eyes rules are in `check`.
ALLOWED: dict[Action, frozenset[Role]] = {
    Action.PROPOSE: frozenset({Role.TRANSLATOR, Role.EDITOR, Role.CHECKER}),
    Action.REVISE: frozenset({Role.TRANSLATOR, Role.EDITOR, Role.CHECKER}),
    Action.WITHDRAW: frozenset({Role.TRANSLATOR, Role.EDITOR, Role.CHECKER}),
    Action.APPROVE: frozenset({Role.EDITOR}),
    Action.REJECT: frozenset({Role.EDITOR}),
    Action.COMMENT: frozenset({Role.TRANSLATOR, Role.EDITOR, Role.PUBLISHER}),
    Action.EXPORT: frozenset({Role.PUBLISHER, Role.EDITOR}),
    Action.ALIGN: frozenset({Role.TRANSLATOR, Role.EDITOR}),
}


@dataclass(frozen=True)
class User:
    login: str
    name: str
    role: Role


@lru_cache(maxsize=8)
def _read_users(path: Path, mtime_ns: int) -> dict[str, User]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from exc
    users = {}
    for login, row in data.get("users", {}).items():
        role = str(row.get("role", ""))
        if role not in {r.value for r in Role}:
            raise InputError(f"{path}: user {login!r} has unknown role {role!r} (roles: {', '.join(Role)})")
        users[login] = User(login, str(row.get("name", login)), Role(role))
    return users


def load_users(project: Project) -> dict[str, User]:
    """All users of the project, by login."""
    path = project.corrections_dir / "users.toml"
    if not path.is_file():
        raise InputError(f"{path} is missing: the project has no users file")
    return _read_users(path, path.stat().st_mtime_ns)


def get_user(project: Project, login: str) -> User:
    """The named user, or PermissionDenied for anyone not in the users file."""
    user = load_users(project).get(login)
    if user is None:
        raise PermissionDenied(f"unknown user {login!r}: not in {project.corrections_dir / 'users.toml'}")
    return user


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def check(user: User, action: Action, proposer: str | None = None) -> None:
    """Raise PermissionDenied unless `user` may take `action` on a proposal by `proposer`."""
    if user.role not in ALLOWED[action]:
        allowed = " or ".join(f"{_article(r)} {r}" for r in sorted(ALLOWED[action]))
        raise PermissionDenied(f"{user.login} is {_article(user.role)} {user.role}; only {allowed} may {action}")
    if action in (Action.APPROVE, Action.REJECT) and proposer == user.login:
        raise PermissionDenied(f"{user.login} proposed this correction; another editor must {action} it (four eyes)")
    if action in (Action.REVISE, Action.WITHDRAW) and proposer is not None and proposer != user.login:
        raise PermissionDenied(f"only the proposer ({proposer}) may {action} this correction")
