"""`python -m align`: a thin argument layer over the library.

Each command lives in its own module with `register(subparsers)`; handlers get the parsed
arguments and the Project, call library functions and print. Errors the user can cause
are AlignError: one line on stderr and the error's exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from align.cli import (
    align_cmd,
    batch_cmd,
    beads_cmd,
    corrections_cmd,
    export_cmd,
    glossary_cmd,
    init_cmd,
    remarks_cmd,
    replace_cmd,
    revision_cmd,
    segment_cmd,
    status_cmd,
    suggest_cmd,
    user_cmd,
)
from align.errors import AlignError, InputError, StorageError
from align.hygiene import for_terminal
from align.project import Project

# One module per command group, in the order of the work: a new project, texts, their comments, the termbase,
# alignment, suggestions, a revised copy's differences, the correction workflow, where each book stands, exports,
# accounts.
MAX_SHOWN = 200  # characters of a file name quoted in an error
COMMAND_MODULES = [init_cmd, segment_cmd, remarks_cmd, glossary_cmd, align_cmd, batch_cmd, beads_cmd, suggest_cmd,
                   revision_cmd, corrections_cmd, replace_cmd, status_cmd, export_cmd, user_cmd]


def build_parser() -> argparse.ArgumentParser:
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
    for module in COMMAND_MODULES:
        module.register(sub)
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
    parser = build_parser()
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
