"""The command table of `python -m align` (align.cli.COMMANDS): every command found in the module that registers it,
only that module imported for a command, and help and mistakes still listing every command."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

import pytest

from align.cli import COMMANDS, _command, main

from conftest import copy_project


@pytest.mark.parametrize("module", sorted(set(COMMANDS.values())))
def test_each_command_is_listed_with_the_module_that_registers_it(module: str) -> None:
    sub = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(f"align.cli.{module}").register(sub)
    assert set(sub.choices) == {command for command, name in COMMANDS.items() if name == module}


@pytest.mark.parametrize(("argv", "command"), [
    (["status"], "status"), (["--project", "status", "list"], "list"), (["--project=books", "check-log", "x"],
                                                                       "check-log"),
    (["-h"], None), (["--help"], None), ([], None), (["statsu"], None), (["--verbose", "status"], None),
])
def test_the_command_is_the_first_word_past_the_project(argv: list[str], command: str | None) -> None:
    assert _command(argv) == command


def test_a_command_imports_its_module_only(tmp_path) -> None:
    project = copy_project(tmp_path)
    code = ("import sys\nfrom align.cli import main\nmain(['--project', sys.argv[1], 'status'])\n"
            "print(sorted(m for m in ('align.checks', 'align.alignment.aligner', 'align.export') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(project.root)], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"  # status needs neither the checks, the aligner nor the exporters


def test_help_and_a_mistyped_command_list_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["statsu"])
    err = capsys.readouterr().err
    assert "invalid choice: 'statsu'" in err and all(f"'{c}'" in err for c in COMMANDS)
