"""The `judge` command's entry point: `judge --version` is answered before anything else is
imported (the interpreter's own start is most of what it costs); every other command goes
to the command line (cli.py)."""
from __future__ import annotations

import sys

from judge import __version__

VERSION_MESSAGE = "judge %(version)s"  # click's --version prints the same


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        print(VERSION_MESSAGE % {"version": __version__})
        return
    from judge.cli import main as command_line

    command_line()
