"""Where rendered output goes: a terminal gets rich's layout at the terminal's width; a pipe or a
file gets every line whole (never wrapped at an assumed 80 columns) and no trailing spaces, so
`judge history | grep incdec.cpp` finds what the terminal shows. Lines of styled text (Styled)
reach a pipe without rich being imported at all (some 20 ms of a `judge run` whose report is a
line or two); tables and other rich renderables go through rich on either."""
from __future__ import annotations

import sys

PIPED_WIDTH = 10_000  # wide enough for any row: piped output is never wrapped


def is_terminal(stderr: bool = False) -> bool:
    stream = sys.stderr if stderr else sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Styled:
    """A line of text in styled parts (rich style names): rich draws it on a terminal (it is a
    rich renderable through __rich__, a table cell too), a pipe gets its plain text. The text
    is taken as it is: never parsed as markup."""

    __slots__ = ("parts",)

    def __init__(self, text: str = "", style: str = ""):
        self.parts: list[tuple[str, str]] = [(text, style)] if text else []

    def append(self, text: str, style: str = "") -> Styled:
        self.parts.append((text, style))
        return self

    def append_text(self, other: Styled) -> Styled:
        self.parts.extend(other.parts)
        return self

    def __add__(self, other: Styled) -> Styled:
        joined = Styled()
        joined.parts = self.parts + other.parts
        return joined

    def __str__(self) -> str:
        return "".join(text for text, _ in self.parts)

    def __rich__(self):
        from rich.text import Text

        text = Text()
        for part, style in self.parts:
            text.append(part, style=style or None)
        return text


class Plain:
    """A pipe's or a file's console: Styled lines written as plain text, every other renderable
    drawn by a rich console made on first use, whole lines and no trailing spaces for both."""

    is_terminal = False

    def __init__(self, stderr: bool = False, width: int | None = PIPED_WIDTH):
        self._stderr, self._width, self._rich = stderr, width, None

    def print(self, *objects, **kwargs) -> None:
        if kwargs or not all(isinstance(o, Styled) for o in objects):
            self._rich_console().print(*objects, **kwargs)
            return
        file = sys.stderr if self._stderr else sys.stdout
        text = " ".join(str(o) for o in objects)
        file.write("".join(line.rstrip() + "\n" for line in text.splitlines() or [""]))
        file.flush()

    def _rich_console(self):
        if self._rich is None:
            from rich.console import Console

            class Piped(Console):
                def print(self, *objects, **kwargs) -> None:
                    with self.capture() as captured:
                        super().print(*objects, **kwargs)
                    self.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
                    self.file.flush()

            self._rich = Piped(stderr=self._stderr, width=self._width, no_color=True, highlight=False)
        return self._rich


def console(stderr: bool = False, width: int | None = PIPED_WIDTH):
    """A rich Console for stdout (or stderr) on a terminal; for a pipe a Plain one whose rich
    renderables are drawn `width` columns wide (None: rich's default, 80 columns)."""
    if is_terminal(stderr):
        from rich.console import Console

        return Console(stderr=stderr)
    return Plain(stderr=stderr, width=width)
