"""Account commands: `align user add|passwd|disable|role|list|key`, editing corrections/users.toml.

Whoever may write the users file manages accounts (an administrator, through the file
system or git review). Passwords are never arguments: they are asked for at the terminal
(twice for a new one), or read from `--password-file` or standard input by scripts.
"""

from __future__ import annotations

import argparse
import base64
import getpass
import sys
from pathlib import Path

from align import accounts
from align.cli import identity
from align.errors import InputError
from align.project import Project
from align.users import Role, load_users


def register(sub: argparse._SubParsersAction) -> None:
    user = sub.add_parser("user", help="manage accounts: add, passwd, disable, role, list, key")
    cmds = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")

    p = cmds.add_parser("add", help="add a person with a password and a new signing key")
    p.add_argument("login")
    p.add_argument("--name", required=True, help="the name shown in exports and the workbench")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--oidc", default="", help="the identity provider's subject or e-mail of this person")
    _password_file(p)
    p.set_defaults(handler=run_add)

    p = cmds.add_parser("passwd", help="change a password (the key stays); --reset when it is forgotten")
    p.add_argument("login")
    p.add_argument("--reset", action="store_true",
                   help="no current password: make a new key pair (events signed before stay valid)")
    _password_file(p)
    p.set_defaults(handler=run_passwd)

    p = cmds.add_parser("disable", help="stop an account signing in or acting (its past events stay valid)")
    p.add_argument("login")
    p.set_defaults(handler=run_disable)

    p = cmds.add_parser("role", help="give a person a new role from now on (what they did in the old one stays valid)")
    p.add_argument("login")
    p.add_argument("role", choices=[r.value for r in Role])
    p.set_defaults(handler=run_role)

    p = cmds.add_parser("list", help="list accounts: login, role, state, key fingerprint")
    p.set_defaults(handler=run_list)

    p = cmds.add_parser("key", help="write an owner-only key file for unattended runs (asks the password)")
    p.add_argument("login")
    p.add_argument("path", type=Path, nargs="?", help="where (default corrections/keys/LOGIN.key, git-ignored)")
    p.set_defaults(handler=run_key)


def _password_file(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password-file", type=Path, default=None,
                   help="read the new password from the first line of this file (for scripts)")


def new_password(args: argparse.Namespace) -> str:
    """The new password: from --password-file, typed twice at a terminal, or a line of standard input."""
    if args.password_file is not None:
        try:
            lines = args.password_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(f"cannot read {args.password_file}: {exc.strerror}") from None
        password = lines[0] if lines else ""
    elif sys.stdin.isatty():
        password = getpass.getpass("new password: ")
        if getpass.getpass("the same again: ") != password:
            raise InputError("the two passwords differ; nothing changed")
    else:
        line = sys.stdin.readline()
        if not line:  # nothing piped in (a script that set only $ALIGN_PASSWORD, which signs in, not this)
            raise InputError("no new password: type it at a terminal, pipe it in, or give --password-file")
        password = line.rstrip("\r\n")
    accounts.check_password(password)
    return password


def run_add(args: argparse.Namespace, project: Project) -> int:
    row = {"name": args.name, "role": args.role, **accounts.credentials(new_password(args))}
    if args.oidc:
        row["oidc"] = args.oidc
    accounts.save_user(project, args.login, row, new=True)
    print(f"added {args.login} ({args.role})", file=sys.stderr)
    return 0


def run_passwd(args: argparse.Namespace, project: Project) -> int:
    account = accounts.get_account(project, args.login)
    if args.reset or not account.private_key:
        fields = accounts.credentials(new_password(args))
        if account.public_key:
            old = [base64.b64encode(k).decode("ascii") for k in account.keys]
            fields["retired_keys"] = old
        what = "new password and key pair"
    else:
        actor = accounts.sign_in(project, args.login, identity.read_password(f"current password for {args.login}: "))
        fields = accounts.credentials(new_password(args), bytes(actor.key))
        what = "new password (same key)"
    fields["demo"] = False
    accounts.save_user(project, args.login, fields)
    print(f"{args.login}: {what}", file=sys.stderr)
    return 0


def run_disable(args: argparse.Namespace, project: Project) -> int:
    accounts.save_user(project, args.login, {"disabled": True})
    print(f"{args.login} disabled", file=sys.stderr)
    return 0


def run_role(args: argparse.Namespace, project: Project) -> int:
    accounts.change_role(project, args.login, Role(args.role))
    print(f"{args.login} is {args.role} from now on; signed-in sessions must sign in again", file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace, project: Project) -> int:
    users = load_users(project)
    for login, account in accounts.load_accounts(project).items():
        state = ("disabled" if account.disabled else "no password" if not account.password
                 else "demo password" if account.demo else "active")
        key = base64.b64encode(account.public_key).decode("ascii")[:12] if account.public_key else "-"
        print(f"{login}\t{users[login].role}\t{state}\t{key}\t{users[login].name}")
    return 0


def run_key(args: argparse.Namespace, project: Project) -> int:
    actor = accounts.sign_in(project, args.login, identity.read_password(f"password for {args.login}: "))
    path = args.path or accounts.key_file_path(project, args.login)
    accounts.write_key_file(actor, path)
    print(f"wrote {path} (readable by you only)", file=sys.stderr)
    return 0
