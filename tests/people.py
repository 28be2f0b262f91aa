"""The sample's demo accounts, signed in once per test run: `who("anna")` is Anna's Actor.

Signing in costs two argon2 computations (~0.2 s), so tests share one Actor per login; the
demo password of each is `demo-LOGIN` (corrections/users.toml says so). `stranger` makes an
Actor the users file does not know, with a key of its own, for forgery tests.
"""

from __future__ import annotations

from functools import cache

import nacl.signing

from align import accounts
from align.accounts import Actor
from align.project import Project
from align.users import Role, User

REPO_PROJECT = Project(__import__("pathlib").Path(__file__).resolve().parent.parent)
DEMO = ("anna", "boris", "clara", "dmitri", "checks")


def demo_password(login: str) -> str:
    return f"demo-{login}"


@cache
def who(login: str) -> Actor:
    """The demo account `login`, signed in with its demo password; an unknown login is a stranger."""
    if login not in DEMO:
        return stranger(login)
    return accounts.sign_in(REPO_PROJECT, login, demo_password(login))


def stranger(login: str, role: Role = Role.EDITOR) -> Actor:
    return Actor(User(login, login, role), nacl.signing.SigningKey.generate())
