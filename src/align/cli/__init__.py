"""`python -m align`: a thin argument layer over the library.

Each command lives in its own module with `register(subparsers)`; handlers get the parsed
arguments and the Project, call library functions and print. Errors the user can cause
are AlignError: one line on stderr and the error's exit code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from align.cli import align_cmd, beads_cmd, corrections_cmd, export_cmd, segment_cmd, suggest_cmd, user_cmd
from align.errors import AlignError
from align.project import Project

# One module per command group, in the order of the work: texts, alignment, suggestions,
# the correction workflow, exports, accounts.
COMMAND_MODULES = [segment_cmd, align_cmd, beads_cmd, suggest_cmd, corrections_cmd, export_cmd, user_cmd]


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        project = Project(args.project.resolve()) if args.project else Project.find()
        return int(args.handler(args, project) or 0)
    except AlignError as exc:
        print(f"align: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # output piped into `head`: not an error
        return 0
    except KeyboardInterrupt:
        print("align: interrupted", file=sys.stderr)
        return 130
