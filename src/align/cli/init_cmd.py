"""`init DIR`: start a new project (the folders, a users file with no one in it yet).

A publisher's book starts here: then `user add` for each person, `import` for the English
manuscript and the Russian source, `align`, and the workbench on the folder.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from align import accounts
from align.errors import InputError
from align.hygiene import for_terminal
from align.project import Project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="start a new project in a folder: texts/, corrections/, an empty users file")
    p.add_argument("folder", help="the new project's folder (made if missing)")
    p.set_defaults(handler=run_init, needs_project=False)


def run_init(args: argparse.Namespace, _project: Project | None) -> int:
    if not args.folder.strip():
        raise InputError("give a folder for the new project")
    project = Project.create(Path(args.folder))
    accounts.new_users_file(project)
    where = for_terminal(str(project.root))
    print(f"started a project in {where}; next:")
    for step in ("user add LOGIN --name NAME --role editor   (and each person of the team)",
                 "import MANUSCRIPT.docx --doc ID --lang en", "import SOURCE.fb2 --doc ID --lang ru", "align ID"):
        print(f"  python -m align --project {where} {step}")
    return 0
