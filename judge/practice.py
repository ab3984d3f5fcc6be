"""The practice workflow: the catalogue of problems, statements and editorials to read.

`judge list`, `judge show` and `judge history` call these; starter files are in
starter.py, the learner's attempts in history.py. Problems are read with
load_problem_yaml() (problem.yaml only, no test scan) so that listing stays fast.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from judge import constants, package, terminal
from judge.errors import UserError
from judge.history import Attempt, best_accepted, package_key, status
from judge.package import Problem, load_problem_yaml

SAMPLE_LINES_SHOWN = 40
STATUS_STYLES = {"solved": "bold green", "tried": "yellow", "not tried": "dim"}


@dataclass
class Entry:
    """One folder of problems/: its problem, or why it does not load."""

    slug: str
    path: Path
    problem: Problem | None = None
    error: str = ""


def catalogue() -> list[Entry]:
    """Every problem folder, by name; a name in ./problems hides the same name in the repository's."""
    entries = []
    for folder in package.problem_folders():
        try:
            entries.append(Entry(folder.name, folder, load_problem_yaml(folder)))
        except (UserError, OSError) as error:
            entries.append(Entry(folder.name, folder, error=" ".join(str(error).split())))
    return entries


def render_catalogue(entries: list[Entry], history: list[Attempt] | None, console=None) -> None:
    from rich.table import Table
    from rich.text import Text

    console = console or terminal.console()
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    stacked = "\n" if console.is_terminal else ", "  # a narrow limits column leaves the title its words
    table.add_column("problem", no_wrap=True)
    table.add_column("title and tags", overflow="fold")
    for column in ("difficulty", "limits", "status"):
        table.add_column(column, no_wrap=True)
    for entry in entries:
        problem = entry.problem
        if problem is None:
            table.add_row(entry.slug, Text(f"does not load: {entry.error}", style="red"), "", "", "")
            continue
        key = package_key(problem.path, problem.config)
        state = status(history, problem.slug, problem.time_limit_s, key) if history is not None else "?"
        title = Text(problem.name)
        if problem.keywords:
            title.append("\n" + ", ".join(problem.keywords), style="dim")
        table.add_row(problem.slug, title, str(problem.extensions.get("difficulty", "")),
                      f"{problem.time_limit_s:g} s{stacked}{problem.memory_mib} MiB",
                      Text(state, style=STATUS_STYLES.get(state, "")))
    if not entries:
        console.print("no problems found: there is no problems/ folder here or in the judge's repository")
        return
    console.print(table)


# --- statements and editorials ------------------------------------------------------------

def _document(problem: Problem, kind: str) -> Path:
    """The package's own statement/editorial, else the file its x-judge key names."""
    path = problem.statement if kind == "statement" else problem.editorial
    if path is None and isinstance(problem.extensions.get(kind), str):
        named = (problem.path / problem.extensions[kind]).resolve()
        path = named if named.is_file() else None
    if path is None:
        where = "statement/problem.en.md" if kind == "statement" else "solution/solution.en.md"
        raise UserError(f"{problem.slug}: this problem has no {kind} ({where})")
    return path


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot be read ({error})") from None


# A few LaTeX statement commands, enough to read a legacy problem_statement/*.tex.
_TEX_TO_MARKDOWN = [
    (r"\\problemname\{([^}]*)\}", r"# \1"),
    (r"\\section\*?\{([^}]*)\}", r"## \1"),
    (r"\\subsection\*?\{([^}]*)\}", r"### \1"),
    (r"\\(?:emph|textit)\{([^}]*)\}", r"*\1*"),
    (r"\\textbf\{([^}]*)\}", r"**\1**"),
    (r"\\texttt\{([^}]*)\}", r"`\1`"),
    (r"\\item\s*", "- "),
    (r"\\(?:begin|end)\{(?:itemize|enumerate|center)\}", ""),
    (r"\\illustration\{[^}]*\}\{[^}]*\}\{[^}]*\}", ""),
]


def tex_statement_to_markdown(tex: str) -> str:
    for pattern, replacement in _TEX_TO_MARKDOWN:
        tex = re.sub(pattern, replacement, tex)
    return tex


def _samples(problem: Problem) -> list[tuple[Path, Path]]:
    folder = problem.path / "data" / "sample"
    if not folder.is_dir():
        return []
    return [(p, p.with_suffix(".ans")) for p in sorted(folder.glob("*.in")) if p.with_suffix(".ans").is_file()]


def _code_block(path: Path) -> str:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    shown = lines[:SAMPLE_LINES_SHOWN]
    if len(lines) > len(shown):
        shown.append(f"… ({len(lines) - len(shown)} more lines in {path})")
    fence = "~~~~" if any(line.startswith("~~~") for line in shown) else "~~~"
    return "\n".join([fence, *shown, fence])


def statement_markdown(problem: Problem) -> str:
    """The statement as Markdown, with every sample the statement does not already show appended."""
    path = _document(problem, "statement")
    text = _read(path)
    if path.suffix == ".tex":
        text = tex_statement_to_markdown(constants.in_latex(text, problem.constants))
    else:
        text = constants.substitute(text, problem.constants)
    flat = " ".join(text.split())
    missing = [(given, answer) for given, answer in _samples(problem)
               if " ".join(_read(given).split()) not in flat]
    for given, answer in missing:
        text += (f"\n\n## Sample {given.stem} (data/sample/{given.name})\n\nInput:\n\n{_code_block(given)}\n\n"
                 f"Output:\n\n{_code_block(answer)}\n")
    return text


def editorial_markdown(problem: Problem) -> str:
    return _read(_document(problem, "editorial"))


def render_markdown(text: str, console=None) -> None:
    """Markdown in the terminal, with $math$ turned into readable text first."""
    from rich.markdown import Markdown

    from judge.mathtext import math_in_markdown

    # piped, it is still laid out at 80 columns (a paragraph is reflowed text, and a heading's
    # rule spans the width), without trailing spaces
    (console or terminal.console(width=None)).print(Markdown(math_in_markdown(text)))


# --- history ---------------------------------------------------------------------------------

def _when(judged_at: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(judged_at).astimezone().strftime("%Y-%m-%d %H:%M")


def _shown_path(path: str) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def render_history(history: list[Attempt], best_from: list[Attempt], problem: str | None = None,
                   console=None) -> None:
    """Attempts newest first, then the best accepted time per problem (from `best_from`)."""
    from rich.table import Table
    from rich.text import Text

    from judge.report import VERDICT_STYLES
    from judge.verdicts import Verdict

    console = console or terminal.console()
    if not history:
        console.print(f"no attempts recorded yet{' for ' + problem if problem else ''}: "
                      "`judge run PROBLEM SOLUTION` records each result")
        return
    table = Table(title="attempts, newest first", title_justify="left", show_edge=False, pad_edge=False,
                  header_style="bold")
    for column, justify in (("when", "left"), ("problem", "left"), ("solution", "left"), ("verdict", "left"),
                            ("tests", "right"), ("max CPU s", "right"), ("MiB", "right")):
        table.add_column(column, justify=justify, no_wrap=column in ("when", "tests"),
                         overflow="fold")  # a name is wrapped whole, never cut: incdec.py is not incdec.cpp
    for a in history:
        verdict = Text(a.verdict, style=VERDICT_STYLES.get(Verdict(a.verdict), ""))
        if a.samples_only:
            verdict.append(" (samples only)", style="dim")
        elif a.looser_limit:  # not a solve: the limit was raised above the problem's
            verdict.append(f" (limit {a.time_limit_s:g} s > {a.problem_time_limit_s:g} s)", style="dim")
        table.add_row(_when(a.judged_at), a.problem, _shown_path(a.solution), verdict,
                      f"{a.passed}/{a.total}", f"{a.max_cpu_s:.3f}", f"{a.max_memory_mib:.1f}")
    console.print(table)
    best = best_accepted(best_from)
    if not best:
        console.print("no accepted solution yet")
        return
    summary = Table(title="best accepted time per problem", title_justify="left", show_edge=False,
                    pad_edge=False, header_style="bold")
    for column, justify in (("problem", "left"), ("max CPU s", "right"), ("MiB", "right"),
                            ("solution", "left"), ("when", "left")):
        summary.add_column(column, justify=justify, no_wrap=column == "when", overflow="fold")
    for slug in sorted(best):
        a = best[slug]
        summary.add_row(slug, f"{a.max_cpu_s:.3f}", f"{a.max_memory_mib:.1f}", _shown_path(a.solution),
                        _when(a.judged_at))
    console.print(summary)
