"""Who runs a writing command: `--user LOGIN` proven by a password or a key file.

The password comes from $ALIGN_PASSWORD, else from the terminal (getpass, not echoed), else
from the first line of standard input for scripts; it is never an argument, so it never
shows in `ps` or the shell history. `--key-file PATH` (an owner-only file made by
`align user key`) signs without a password, for unattended runs such as the checks account.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from align.accounts import Actor, from_key_file, sign_in
from align.errors import InputError
from align.project import Project

PASSWORD_ENV = "ALIGN_PASSWORD"


def add_arguments(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument("--user", required=required, help="your login (the password is asked for, or $ALIGN_PASSWORD)")
    p.add_argument("--key-file", type=Path, default=None,
                   help="sign with this owner-only key file instead of a password (see `align user key`)")


def read_password(prompt: str) -> str:
    """A password from $ALIGN_PASSWORD, the terminal, or the first line of standard input."""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    if not line:
        raise InputError(f"no password: set ${PASSWORD_ENV}, type it at a terminal, or pipe it in")
    return line.rstrip("\r\n")


def actor(args: argparse.Namespace, project: Project) -> Actor:
    """The signed-in Actor for `--user`, by key file or password."""
    if args.key_file is not None:
        return from_key_file(project, args.user, args.key_file)
    return sign_in(project, args.user, read_password(f"password for {args.user}: "))
