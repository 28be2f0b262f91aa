"""Accounts that prove who acts: passwords, signing keys, sign-in, and the users file's account fields.

Each person in `corrections/users.toml` may carry, beside the name and role `align.users`
reads:
    password    = argon2id hash (argon2-cffi) checked at sign-in
    public_key  = the Ed25519 key every event of theirs is verified with (base64)
    private_key = that key's 32-byte seed sealed under the password (base64 of a
                  libsodium argon2id salt + SecretBox); only the password opens it
    retired_keys = public keys of earlier key pairs (a password reset makes a new pair;
                  events signed before stay valid)
    disabled    = true: no sign-in, no new events (old events stay valid)
    demo        = true: the password is the published demo one (the workbench warns)
    oidc        = the identity provider's subject or e-mail this account signs in as

Signing in (`sign_in`, or `from_key_file` for unattended runs such as the checks account)
gives an `Actor`: the user with their unlocked signing key. Library functions that write
take an Actor, not a login, so a name alone proves nothing.
"""

from __future__ import annotations

import base64
import binascii
import os
import stat
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.signing
import nacl.utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from align import jsonlog, signing
from align.errors import InputError, PermissionDenied
from align.project import Project
from align.schema import read_toml, toml_key, toml_value
from align.users import Role, User, article, get_user, load_users, no_users_file

_HASHER = PasswordHasher()  # argon2id, argon2-cffi's RFC 9106 low-memory profile
_KDF = nacl.pwhash.argon2id
_KDF_OPS, _KDF_MEM = _KDF.OPSLIMIT_INTERACTIVE, _KDF.MEMLIMIT_INTERACTIVE
MIN_PASSWORD = 8
KEYS_DIR = "keys"  # corrections/keys/LOGIN.key: owner-only key files for unattended runs (git-ignored)


@dataclass(frozen=True)
class Account:
    """The proof-of-identity fields of one user."""

    login: str
    password: str = ""
    public_key: bytes = b""
    private_key: bytes = b""
    retired_keys: tuple[bytes, ...] = ()
    disabled: bool = False
    demo: bool = False
    oidc: str = ""
    keys: tuple[bytes, ...] = ()  # every public key their events may be signed with, current first (made below)

    def __post_init__(self) -> None:
        keys = (self.public_key, *self.retired_keys) if self.public_key else self.retired_keys
        object.__setattr__(self, "keys", keys)  # once, not per event replayed


@dataclass(frozen=True)
class Actor:
    """A signed-in user: who, in what role, and the key their events are signed with."""

    user: User
    key: nacl.signing.SigningKey

    @property
    def login(self) -> str:
        return self.user.login

    @property
    def role(self) -> Role:
        return self.user.role

    def sign(self, message: bytes) -> str:
        """The base64 Ed25519 signature of `message` by this actor."""
        return base64.b64encode(self.key.sign(message).signature).decode("ascii")


def users_path(project: Project) -> Path:
    return project.corrections_dir / "users.toml"


def _b64(path: Path, login: str, name: str, value: Any, size: int | None) -> bytes:
    if not isinstance(value, str):
        raise InputError(f"{path}: user {login!r}: {name} must be a base64 string, not {type(value).__name__}")
    try:
        raw = base64.b64decode(value, validate=True)
    except binascii.Error:
        raise InputError(f"{path}: user {login!r}: {name} is not valid base64") from None
    if size is not None and len(raw) != size:
        raise InputError(f"{path}: user {login!r}: {name} must be {size} bytes, not {len(raw)}")
    return raw


def _typed(path: Path, login: str, row: dict[str, Any], name: str, kind: type, default: Any) -> Any:
    value = row.get(name, default)
    if not isinstance(value, kind):
        raise InputError(f"{path}: user {login!r}: {name} must be a {kind.__name__}, not {type(value).__name__}")
    return value


def _account(path: Path, login: str, row: dict[str, Any]) -> Account:
    """One user's account fields, each checked: InputError naming the user and the field."""
    password = _typed(path, login, row, "password", str, "")
    if password and not password.startswith("$argon2"):
        raise InputError(f"{path}: user {login!r}: password must be an argon2 hash (set it with `align user passwd`)")
    public = _b64(path, login, "public_key", row["public_key"], 32) if "public_key" in row else b""
    private = _b64(path, login, "private_key", row["private_key"], None) if "private_key" in row else b""
    retired = _typed(path, login, row, "retired_keys", list, [])
    return Account(
        login=login,
        password=password,
        public_key=public,
        private_key=private,
        retired_keys=tuple(_b64(path, login, "retired_keys", k, 32) for k in retired),
        disabled=_typed(path, login, row, "disabled", bool, False),
        demo=_typed(path, login, row, "demo", bool, False),
        oidc=_typed(path, login, row, "oidc", str, ""),
    )


def _users_table(project: Project) -> dict[str, Any]:
    path = users_path(project)
    load_users(project)  # the file's schema first (align.users): one clear error per mistake
    users = read_toml(path, "valid TOML").get("users", {})  # a regular file, never through a symlink
    if not isinstance(users, dict) or not all(isinstance(v, dict) for v in users.values()):
        raise InputError(f"{path}: [users] must hold one table per login, e.g. [users.anna]")
    return users


@lru_cache(maxsize=8)
def _read_accounts(project: Project, stamp: tuple[int, int, int]) -> dict[str, Account]:
    path = users_path(project)
    return {login: _account(path, login, row) for login, row in _users_table(project).items()}


def load_accounts(project: Project) -> dict[str, Account]:
    """Every user's account fields, by login (read again when the file changes); InputError on a bad field."""
    try:
        st = users_path(project).stat()
    except FileNotFoundError:
        raise no_users_file(users_path(project)) from None
    return _read_accounts(project, (st.st_mtime_ns, st.st_size, st.st_ino))


def public_keys(project: Project) -> dict[str, tuple[bytes, ...]]:
    """The keys each user of the users file may have signed with (align.signing.screen checks lines against them)."""
    users = load_users(project)
    return {login: account.keys for login, account in load_accounts(project).items() if login in users}


R = TypeVar("R")


def screened(
    project: Project,
    path: Path,
    read: Sequence[tuple[int, tuple[R, bytes]]],
    layout: signing.Layout,
    signed_by: Callable[[R], tuple[str, str, str]],
    refusal: Callable[[R, User, Sequence[R]], str],
) -> tuple[list[R], list[tuple[int, str]]]:
    """The records of a signed log read from `path` (line number, (record, its content bytes)) that are their
    author's own and keep the rules, each once, and the line number and sentence of every other.

    `signed_by` gives a record's id, author login and signature (align.signing.screen checks them against the
    users file's keys); `refusal` why a record breaks a rule a write enforces, given its author and the records
    kept before it ("" when it keeps them). A line a git union merge duplicated counts once, silently.
    """
    if not read:  # nothing to screen: the users file is not even read
        return [], []
    users = load_users(project)
    verified = signing.Verified(path)
    claims = [(*signed_by(record), message) for _, (record, message) in read]
    verdicts = signing.screen(claims, public_keys(project), verified, layout, set())
    verified.save()
    kept: list[R] = []
    problems: list[tuple[int, str]] = []
    for (n, (record, _)), forged in zip(read, verdicts):
        if forged is None:
            continue  # a line a union merge duplicated: counted once
        problem = forged or refusal(record, users[signed_by(record)[1]], kept)
        if problem:
            problems.append((n, f"{path.name} line {n}: {problem}; ignored"))
        else:
            kept.append(record)
    return kept, problems


def get_account(project: Project, login: str) -> Account:
    account = load_accounts(project).get(login)
    if account is None:
        raise PermissionDenied(f"unknown user {login!r}: not in {users_path(project)}")
    return account


# -- signing in ----------------------------------------------------------------------


def sign_in(project: Project, login: str, password: str) -> Actor:
    """The Actor for `login` when `password` is theirs; PermissionDenied otherwise."""
    user = get_user(project, login)
    account = get_account(project, login)
    _usable(account)
    try:
        _HASHER.verify(account.password, password)
    except (VerificationError, InvalidHashError):
        raise PermissionDenied(f"wrong password for {login}") from None
    return Actor(user, _unseal(account, password))


def from_key_file(project: Project, login: str, key_file: Path) -> Actor:
    """The Actor for `login` from an owner-only key file (unattended runs, e.g. the checks account)."""
    user = get_user(project, login)
    account = get_account(project, login)
    _usable(account)
    key = nacl.signing.SigningKey(_read_key_file(key_file))
    if bytes(key.verify_key) != account.public_key:
        raise PermissionDenied(f"{key_file} is not {login}'s current key")
    return Actor(user, key)


def oidc_actor(project: Project, subject: str, email: str = "") -> Actor:
    """The Actor of the account an identity provider's user maps to (its `oidc` field).

    Signing needs the private key without a password here, so it is read from the account's
    key file in corrections/keys/ on the workbench's server (made with `align user key`).
    """
    wanted = {x for x in (subject, email) if x}
    for account in load_accounts(project).values():
        if account.oidc and account.oidc in wanted:
            return from_key_file(project, account.login, key_file_path(project, account.login))
    raise PermissionDenied(f"{email or subject} has no account in {users_path(project)} (set a user's oidc field)")


def _usable(account: Account) -> None:
    if account.disabled:
        raise PermissionDenied(f"the account {account.login} is disabled")
    if not (account.password and account.public_key and account.private_key):
        raise PermissionDenied(f"{account.login} has no password or key yet: run `align user passwd {account.login}`")


def _unseal(account: Account, password: str) -> nacl.signing.SigningKey:
    salt, box = account.private_key[: _KDF.SALTBYTES], account.private_key[_KDF.SALTBYTES :]
    secret = _KDF.kdf(nacl.secret.SecretBox.KEY_SIZE, password.encode("utf-8"), salt,
                      opslimit=_KDF_OPS, memlimit=_KDF_MEM)
    try:
        seed = nacl.secret.SecretBox(secret).decrypt(box)
    except nacl.exceptions.CryptoError:
        raise PermissionDenied(f"{account.login}'s private key does not open with this password") from None
    key = nacl.signing.SigningKey(seed)
    if bytes(key.verify_key) != account.public_key:
        raise PermissionDenied(f"{account.login}'s private key does not match the public key on file")
    return key


def _seal(seed: bytes, password: str) -> bytes:
    salt = nacl.utils.random(_KDF.SALTBYTES)
    secret = _KDF.kdf(nacl.secret.SecretBox.KEY_SIZE, password.encode("utf-8"), salt,
                      opslimit=_KDF_OPS, memlimit=_KDF_MEM)
    return salt + bytes(nacl.secret.SecretBox(secret).encrypt(seed))


def key_file_path(project: Project, login: str) -> Path:
    return project.corrections_dir / KEYS_DIR / f"{login}.key"


def _read_key_file(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as exc:
        raise InputError(f"cannot read key file {path}: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fh.fileno()).st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise PermissionDenied(f"key file {path} is readable by others (mode {stat.S_IMODE(mode):o}); "
                                   f"chmod 600 {path}")
        text = fh.read().decode("ascii", "replace").strip()
    try:
        seed = base64.b64decode(text, validate=True)
    except binascii.Error:
        seed = b""
    if len(seed) != 32:
        raise InputError(f"{path} is not an align key file (one line: the base64 32-byte key)")
    return seed


# -- managing accounts (align user ...) ----------------------------------------------


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")


def credentials(password: str, seed: bytes | None = None) -> dict[str, Any]:
    """The users-file fields for `password` and a key pair (a new one unless `seed` is given)."""
    check_password(password)
    key = nacl.signing.SigningKey(seed) if seed is not None else nacl.signing.SigningKey.generate()
    return {
        "password": _HASHER.hash(password),
        "public_key": base64.b64encode(bytes(key.verify_key)).decode("ascii"),
        "private_key": base64.b64encode(_seal(bytes(key), password)).decode("ascii"),
    }


def write_key_file(actor: Actor, path: Path) -> None:
    """Save `actor`'s private key to `path`, readable by its owner only; refuses to overwrite."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        raise InputError(f"{path} exists; remove it first to write a new key file") from None
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(base64.b64encode(bytes(actor.key)).decode("ascii") + "\n")


USERS_HEADER = """\
# Who may do what. Roles: translator (proposes, revises and withdraws own proposals),
# editor (approves or rejects others' proposals; may propose too), publisher (exports),
# checker (the account automatic checks propose under). Unknown users are refused.
# Accounts (align.accounts; manage them with `align user add|passwd|disable|list|key`):
# password is an argon2id hash, public_key verifies every event the person signs,
# private_key is that key sealed under the password.
"""


def new_users_file(project: Project) -> Path:
    """Start the users file of a new project: its header, no one in it yet (`align user add` adds people);
    InputError where one exists."""
    path = users_path(project)
    try:
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(USERS_HEADER)
    except FileExistsError:
        raise InputError(f"{path} exists already: nothing changed") from None
    return path


def save_user(project: Project, login: str, fields: dict[str, Any], *, new: bool = False) -> None:
    """Set `fields` of user `login` in the users file (a new user when `new`), keeping its header comments.

    Written to a temporary file and renamed over the old one, so a reader sees the old or
    the new file, never half of one.
    """
    path = users_path(project)
    users = _users_table(project)
    if new and login in users:
        raise InputError(f"user {login!r} exists already in {path}")
    if not new and login not in users:
        raise PermissionDenied(f"unknown user {login!r}: not in {path}")
    users[login] = {**users.get(login, {}), **fields}
    header = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            break
        header.append(line)
    body = "\n".join(f"[users.{toml_key(name)}]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in row.items())
                     for name, row in users.items())
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(header).rstrip("\n") + "\n\n" + body, encoding="utf-8")
    written = tomllib.loads(tmp.read_text(encoding="utf-8"))  # what was written reads back
    if written.get("users", {}).get(login) != users[login]:
        tmp.unlink()
        raise InputError(f"cannot write user {login!r} to {path}: the values do not survive TOML")
    os.replace(tmp, path)


def change_role(project: Project, login: str, role: Role) -> None:
    """Give `login` a new role from now on; the old one goes to `former_roles` with the time it
    ended, so what they signed in it stays valid (align.users.acting)."""
    user = get_user(project, login)
    if role is user.role:
        raise InputError(f"{login} is {article(role)} {role} already; nothing changed")
    former = [{"role": str(r), "until": until} for r, until in user.former_roles]
    save_user(project, login, {"role": str(role), "former_roles": [*former, {"role": str(user.role),
                                                                              "until": jsonlog.now()}]})


def active_user(project: Project, actor: Actor) -> User:
    """`actor`'s user as the users file has it now; PermissionDenied if disabled or the key was replaced since."""
    account = get_account(project, actor.login)
    if account.disabled:
        raise PermissionDenied(f"the account {actor.login} is disabled")
    if bytes(actor.key.verify_key) != account.public_key:
        raise PermissionDenied(f"{actor.login}'s key changed since signing in; sign in again")
    user = get_user(project, actor.login)
    if user.role is not actor.role:
        raise PermissionDenied(f"{actor.login} is {user.role} now, not {actor.role}; sign in again")
    return user


class Throttle:
    """Failed sign-ins slow the next ones down, per login and per session (the workbench keeps one per server).

    The first FREE_TRIES failures cost only argon2's own time; each further one locks the
    login (and the session that failed) for LOCK_S, doubling up to MAX_LOCK_S. A success
    clears the login's count.
    """

    FREE_TRIES = 5
    LOCK_S = 30.0
    MAX_LOCK_S = 900.0

    def __init__(self) -> None:
        self.failures: dict[str, int] = {}
        self.locked_until: dict[str, float] = {}

    def wait(self, keys: list[str], now: float) -> float:
        """Seconds until any of `keys` (e.g. "login:anna", "session:…") may try again; 0 when free."""
        return max([self.locked_until.get(k, 0.0) - now for k in keys] + [0.0])

    def failed(self, keys: list[str], now: float) -> None:
        for k in keys:
            n = self.failures[k] = self.failures.get(k, 0) + 1
            if n >= self.FREE_TRIES:
                self.locked_until[k] = now + min(self.MAX_LOCK_S, self.LOCK_S * 2 ** (n - self.FREE_TRIES))

    def succeeded(self, keys: list[str]) -> None:
        for k in keys:
            self.failures.pop(k, None)
            self.locked_until.pop(k, None)


def demo_in_use(project: Project) -> list[str]:
    """The logins still on their published demo password."""
    return [a.login for a in load_accounts(project).values() if a.demo and not a.disabled]
