"""`python -m align`: a thin argument layer over the library.

Each command lives in its own module with `register(subparsers)`; handlers get the parsed
arguments and the Project, call library functions and print. Errors the user can cause
are AlignError: one line on stderr and the error's exit code.

Only the module of the command given is imported (`COMMANDS`): every module together pulls in the
whole library (the aligner's scipy, the checks' word lists) and took a second to import, which every
`align status` or `align export` paid. Without a known command (`align --help`, a mistyped one) all
are registered, so help and errors list every command.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from align.errors import AlignError, InputError, StorageError
from align.hygiene import for_terminal
from align.project import Project

MAX_SHOWN = 200  # characters of a file name quoted in an error
# Each command's module (align.cli.NAME), in the order of the work: a new project, texts, their comments, the
# termbase, alignment, suggestions, a revised copy's differences, the correction workflow, where each book stands,
# exports, accounts.
COMMANDS = {
    "init": "init_cmd",
    "segment": "segment_cmd", "import": "segment_cmd", "editions": "segment_cmd",
    "remarks": "remarks_cmd",
    "glossary": "glossary_cmd",
    "align": "align_cmd", "batch": "batch_cmd",
    "beads": "beads_cmd", "link": "beads_cmd", "unlink": "beads_cmd", "merge": "beads_cmd", "split": "beads_cmd",
    "undo": "beads_cmd",
    "suggest": "suggest_cmd",
    "compare": "revision_cmd",
    "propose": "corrections_cmd", "approve": "corrections_cmd", "reject": "corrections_cmd",
    "withdraw": "corrections_cmd", "restore": "corrections_cmd", "revise": "corrections_cmd",
    "comment": "corrections_cmd", "list": "corrections_cmd", "history": "corrections_cmd", "apply": "corrections_cmd",
    "check-log": "corrections_cmd",
    "replace": "replace_cmd",
    "status": "status_cmd",
    "export": "export_cmd",
    "user": "user_cmd",
}


def _command(argv: Sequence[str]) -> str | None:
    """The command an argument list names (its first word past the global options), if it is one of ours."""
    rest = iter(argv)
    for arg in rest:
        if arg == "--project":
            next(rest, None)
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS else None
        elif not arg.startswith("--project="):
            return None  # -h, or an option argparse will refuse: every command, for its message
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: with `command`, only its module's commands; else every command."""
    parser = argparse.ArgumentParser(
        prog="align",
        description="Align an English translation with its Russian source, record and review corrections, export.",
    )
    parser.add_argument(
        "--project",
        type=Path,
        default=None,
        help="project folder (default: $ALIGN_PROJECT, else the nearest folder up with texts/)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    names = [COMMANDS[command]] if command else list(dict.fromkeys(COMMANDS.values()))
    for name in names:
        importlib.import_module(f"align.cli.{name}").register(sub)
    return parser


def _passable(arg: str) -> bool:
    """Whether a command line could have carried `arg` (callers in-process can pass anything)."""
    try:
        return b"\x00" not in os.fsencode(arg)
    except UnicodeEncodeError:
        return False


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not all(_passable(arg) for arg in argv):
        print("align: error: an argument holds a NUL character or an unpaired surrogate, which no "
              "command line can carry", file=sys.stderr)
        return InputError.exit_code
    parser = build_parser(_command(argv))
    args = parser.parse_args(argv)
    try:
        needs_project = getattr(args, "needs_project", True)  # `batch` works on many projects
        project = Project(args.project.resolve()) if args.project else Project.find() if needs_project else None
        return int(args.handler(args, project) or 0)
    except AlignError as exc:
        print(f"align: error: {for_terminal(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # output piped into `head`: not an error
        return 0
    except OSError as exc:  # a file the user named that the system refuses (name too long, a loop…)
        name = for_terminal(str(exc.filename or ""))
        where = f" ({name[:MAX_SHOWN]}{'…' * (len(name) > MAX_SHOWN)})" if name else ""
        print(f"align: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return StorageError.exit_code
    except KeyboardInterrupt:
        print("align: interrupted", file=sys.stderr)
        return 130
