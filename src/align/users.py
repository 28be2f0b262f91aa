"""Users and roles, read from `corrections/users.toml`; every action is checked here.

A role can change (`align user role`): the old one moves to `former_roles` with the time it
ended, so what someone did in their old role stays valid, judged by the role they held
when they signed it (`acting`), and a promotion or demotion never rewrites the past.

The file is checked against SCHEMA (align.schema): logins, names and roles, one clear
sentence per mistake; it must be a regular file (no symbolic link).

The rules live in the library, not the UI, so the CLI and the app enforce the same ones.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from jsonschema.exceptions import ValidationError

from align.errors import InputError, PermissionDenied
from align.project import Project
from align.schema import Where, read_toml, validate


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
    EDIT_GLOSSARY = "edit the glossary"  # add, change, remove or import terms; everyone signed in reads it
    REPLACE_TEXT = "replace a text"  # import a new edition over a stored side (align.editions keeps the old one)


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
    Action.EDIT_GLOSSARY: frozenset({Role.EDITOR}),
    Action.REPLACE_TEXT: frozenset({Role.EDITOR}),
}


# Ownership rules of `check` (sets, looked up once: on Python 3.11 each `Action.X` costs a
# metaclass attribute lookup, and replay checks every event of a log).
FOUR_EYES = frozenset({Action.APPROVE, Action.REJECT})  # never by the proposer
PROPOSER_ONLY = frozenset({Action.REVISE, Action.WITHDRAW})


@dataclass(frozen=True)
class User:
    login: str
    name: str
    role: Role
    # Earlier roles, oldest first, each with the time it ended (as align.jsonlog.now writes it).
    former_roles: tuple[tuple[Role, str], ...] = ()

    def role_at(self, time: str) -> Role:
        """The role the users file gives this user at `time`."""
        for role, until in self.former_roles:
            if time < until:  # one fixed-width UTC format, so text order is time order
                return role
        return self.role


def acting(user: User, role: str, time: str) -> User:
    """`user` as they were when they signed an action in `role` at `time`; PermissionDenied
    when the users file gave them another role then."""
    held = user.role_at(time)
    if role != held:
        when = (f" at {time}", " then") if user.former_roles else ("", "")  # a role history: say when
        raise PermissionDenied(f"{user.login} acted as {role or 'no role'}{when[0]}, but the users file makes them "
                               f"{held}{when[1]}")
    return user if held is user.role else replace(user, role=held)


# A login: a letter, then letters, digits, '_', '.' or '-' (matched whole).
LOGIN_PATTERN = r"\A[A-Za-z][A-Za-z0-9_.-]{0,63}\Z"
# A role's end as align.jsonlog.now writes it: UTC, milliseconds, Z.
TIME_PATTERN = r"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\Z"
# Only the fields read here are checked; others (added by later features) are let through.
SCHEMA = {
    "type": "object",
    "properties": {
        "users": {
            "type": "object",
            "propertyNames": {"pattern": LOGIN_PATTERN},
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "role": {"enum": [r.value for r in Role]},
                    "former_roles": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"role": {"enum": [r.value for r in Role]},
                                           "until": {"type": "string", "pattern": TIME_PATTERN}},
                            "required": ["role", "until"],
                            "additionalProperties": False,
                        },
                    },
                },
                "required": ["role"],
            },
        },
    },
}


def _where(path: tuple[str | int, ...]) -> str:
    """A place in the users file in words: ("users", "anna", "role") -> "user 'anna', 'role'"."""
    if len(path) < 2:
        return f"{path[0]!r}" if path else "the users file"
    return f"user {path[1]!r}" + (f", {path[2]!r}" if len(path) > 2 else "")


def _sentence(error: ValidationError, where: Where) -> str | None:
    if error.validator == "enum":
        place = where(tuple(error.absolute_path)[:2])
        return f"{place} has unknown role {error.instance!r} (roles: {', '.join(Role)})"
    if error.validator == "pattern" and "until" in error.absolute_path:
        return (f"{where(tuple(error.absolute_path)[:2])}: former role ends at {error.instance!r}, not a time "
                "such as 2026-11-25T10:00:00.000Z")
    if error.validator == "pattern":
        return (f"login {error.instance!r} is not allowed: a letter, then letters, digits, '_', '.' or '-' "
                "(at most 64)")
    return None


@lru_cache(maxsize=8)
def _read_users(path: Path, mtime_ns: int) -> dict[str, User]:
    data = read_toml(path, "valid TOML")
    validate(data, SCHEMA, path, _where, _sentence)
    rows = data.get("users", {})
    return {login: _user(path, login, row) for login, row in rows.items()}


def _user(path: Path, login: str, row: dict) -> User:
    former = tuple((Role(f["role"]), f["until"]) for f in row.get("former_roles", ()))
    if any(a[1] >= b[1] for a, b in zip(former, former[1:])):
        raise InputError(f"{path}: user {login!r}: former_roles must be oldest first, each ending after the one before")
    return User(login, row.get("name", login), Role(row["role"]), former)


def no_users_file(path: Path) -> InputError:
    """The error for a project without a users file, saying how to make one."""
    return InputError(f"{path} is missing: the project has no users file (`align init` starts a project with one)")


def load_users(project: Project) -> dict[str, User]:
    """All users of the project, by login."""
    path = project.corrections_dir / "users.toml"
    if not path.is_file():
        raise no_users_file(path)
    return _read_users(path, path.stat().st_mtime_ns)


def get_user(project: Project, login: str) -> User:
    """The named user, or PermissionDenied for anyone not in the users file."""
    user = load_users(project).get(login)
    if user is None:
        raise PermissionDenied(f"unknown user {login!r}: not in {project.corrections_dir / 'users.toml'}")
    return user


def article(word: str) -> str:
    """'a' or 'an' before `word`."""
    return "an" if word[0] in "aeiou" else "a"


def check(user: User, action: Action, proposer: str | None = None) -> None:
    """Raise PermissionDenied unless `user` may take `action` on a proposal by `proposer`."""
    if user.role not in ALLOWED[action]:
        allowed = " or ".join(f"{article(r)} {r}" for r in sorted(ALLOWED[action]))
        raise PermissionDenied(f"{user.login} is {article(user.role)} {user.role}; only {allowed} may {action}")
    if action in FOUR_EYES and proposer == user.login:
        raise PermissionDenied(f"{user.login} proposed this correction; another editor must {action} it (four eyes)")
    if action in PROPOSER_ONLY and proposer is not None and proposer != user.login:
        raise PermissionDenied(f"only the proposer ({proposer}) may {action} this correction")
