"""Where rendered output goes: a terminal gets rich's layout at the terminal's width; a pipe or a
file gets every line whole (never wrapped at an assumed 80 columns) and no trailing spaces, so
`judge history | grep incdec.cpp` finds what the terminal shows."""
from __future__ import annotations

import sys

PIPED_WIDTH = 10_000  # wide enough for any row: piped output is never wrapped


def is_terminal(stderr: bool = False) -> bool:
    stream = sys.stderr if stderr else sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def console(stderr: bool = False, width: int | None = PIPED_WIDTH):
    """A rich Console for stdout (or stderr): the terminal's, or for a pipe a plain one of that
    `width` (None: rich's default, 80 columns) whose lines have no trailing spaces."""
    from rich.console import Console

    if is_terminal(stderr):
        return Console(stderr=stderr)

    class Piped(Console):
        def print(self, *objects, **kwargs) -> None:
            with self.capture() as captured:
                super().print(*objects, **kwargs)
            self.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
            self.file.flush()

    return Piped(stderr=stderr, width=width, no_color=True, highlight=False)
