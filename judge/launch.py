"""The `judge` command's entry point: `judge --version` is answered before anything else is
imported (the interpreter's own start is most of what it costs); every other command goes
to the command line (cli.py). When the command is done, the process ends without tearing the
interpreter down: the exit hooks run (run servers closed, cgroups and scratch folders
removed, logs flushed) and the output is flushed, but freeing every module and object one by
one, some 20 ms after a `judge run` that nobody waits for usefully, is left to the kernel."""
from __future__ import annotations

import atexit
import os
import sys

from judge import __version__

VERSION_MESSAGE = "judge %(version)s"  # click's --version prints the same


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        print(VERSION_MESSAGE % {"version": __version__})
        return
    from judge.cli import main as command_line

    try:
        command_line()
        status = 0
    except SystemExit as end:
        status = end.code
    _exit(status)


def _exit(status) -> None:
    """sys.exit(status) without the interpreter's teardown: exit hooks, flushed streams, os._exit."""
    if status is None:
        status = 0
    elif not isinstance(status, int):  # sys.exit("message"): the message on stderr, status 1
        print(status, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said there
            status = status or 1
    os._exit(status)
