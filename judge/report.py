"""Renderers for results: a terminal table, JSON, JUnit XML (and the verify, stress and bench views).

Renderers only read results; they never decide a verdict. Everything they show that
came from outside the judge (a program's output and stderr, a compiler's or a
validator's messages, names from a package) passes through `escape` first, and the
terminal renderers wrap it in styled text (terminal.Styled, or rich Text), so it is shown as
data: never as terminal control sequences, never as rich markup, and never as characters XML
cannot hold.
"""
from __future__ import annotations

import json
from pathlib import Path

from judge import terminal
from judge.terminal import Styled
from judge.verdicts import SubmissionResult, Verdict

VERDICT_STYLES = {
    Verdict.AC: "bold green", Verdict.WA: "bold red", Verdict.TLE: "bold yellow", Verdict.MLE: "bold magenta",
    Verdict.RTE: "bold red", Verdict.OLE: "bold magenta", Verdict.CE: "bold red", Verdict.JE: "bold white on red",
}
SHOWN_BYTES = 2000  # of a stress case's input or output


def escape(text: str) -> str:
    """`text` with every character that is not printable, newline excepted, written as its
    Python escape: control characters (ESC as \\x1b, BEL, CR, tab, C1 controls), lone
    surrogates (\\udcff), format characters such as bidirectional overrides (\\u202e) and
    noncharacters. What remains is safe on a terminal and valid in JSON and XML 1.0.
    Backslashes are kept as they are, so text escaped once (a checker's quoted tokens)
    reads the same after a second pass."""
    if text.isprintable():
        return text
    return "".join(c if c == "\n" or c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


def escape_bytes(data: bytes, limit: int = SHOWN_BYTES) -> str:
    """Bytes a program wrote, decoded (invalid UTF-8 as \\xff), escaped and cut after `limit` characters."""
    text = escape(data.decode("utf-8", "backslashreplace"))
    return text if len(text) <= limit else text[:limit] + f"\n... ({len(data)} bytes in all)"


def _escaped(data):
    """A JSON-able value with every string in it (keys too) escaped."""
    if isinstance(data, str):
        return escape(data)
    if isinstance(data, dict):
        return {_escaped(k): _escaped(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_escaped(v) for v in data]
    return data


def to_json(data) -> str:
    """One JSON document for a result (anything with to_dict()) or plain data, its strings escaped."""
    return json.dumps(_escaped(data.to_dict() if hasattr(data, "to_dict") else data), indent=2)


def _text(value, style: str = "") -> Styled:
    """Escaped outside text, styled: shown literally, never parsed as markup."""
    return Styled(escape(str(value)), style)


def render_terminal(result: SubmissionResult, console=None, verbose: bool = False) -> None:
    """A row per test that failed (verdict, CPU, wall, memory, message; every test's with
    `verbose`), one line for the accepted ones, any whole-submission note, a summary. What a
    learner reads does not grow with passing tests, nor does the time it takes to render."""
    console = console or terminal.console()
    shown = result.tests if verbose else [t for t in result.tests if t.verdict is not Verdict.AC]
    if shown:
        from rich.table import Table  # imported only when a table is shown

        table = Table(show_edge=False, pad_edge=False, header_style="bold")
        table.add_column("test")
        table.add_column("verdict")
        table.add_column("CPU s", justify="right")
        table.add_column("wall s", justify="right")
        table.add_column("MiB", justify="right")
        if result.score is not None:
            table.add_column("score", justify="right")
        table.add_column("details", overflow="fold")
        for t in shown:
            score = [] if result.score is None else ["" if t.score is None else f"{t.score:g}"]
            table.add_row(_text(t.name), Styled(t.verdict.value, VERDICT_STYLES[t.verdict]), f"{t.cpu_s:.3f}",
                          f"{t.wall_s:.3f}", f"{t.memory_mib:.1f}", *score, _text(t.message))
        console.print(table)
    hidden = [] if verbose else [t for t in result.tests if t.verdict is Verdict.AC]
    if hidden:
        slowest = max(hidden, key=lambda t: t.cpu_s)
        console.print(_text(f"{len(hidden)} accepted test{'s' if len(hidden) > 1 else ''} not listed (slowest: "
                            f"{slowest.name}, {slowest.cpu_s:.3f} s CPU); -v lists every test", style="dim"))
    if result.score is not None:
        for group in result.score.groups:
            console.print(_text(f"  {group.name}: {group.verdict.value}, score {_score(group.score, group.max_score)}"
                                + (f" ({group.note})" if group.note else "")))
    if result.message:
        console.print(_text(result.message))
    summary = _text(f"{result.problem} ", style="bold")
    summary.append_text(_text(f"{Path(result.solution).name}: "))
    if result.interrupted:  # a run that did not finish has no verdict, least of all AC
        summary.append("no verdict (interrupted)", style="bold yellow")
    else:
        summary.append(f"{result.verdict.value} ({result.verdict.description})", style=VERDICT_STYLES[result.verdict])
        if result.score is not None and not result.score.error:
            summary.append(f", score {_score(result.score.score, result.score.max_score)}", style="bold")
    if result.tests:
        passed = sum(t.verdict is Verdict.AC for t in result.tests)
        finished = " finished" if result.interrupted else ""
        summary.append(f"  {passed}/{len(result.tests)}{finished} tests passed, max CPU {result.max_cpu_s:.3f} s "
                       f"(limit {result.time_limit_s:g} s), max memory {result.max_memory_mib:.1f} MiB "
                       f"(limit {result.memory_limit_mib} MiB)")
    if result.interrupted:
        summary.append("  [interrupted: the tests above are those that finished]", style="yellow")
    console.print(summary)


def _score(value: float, maximum: float | None) -> str:
    return f"{value:g}/{maximum:g}" if maximum is not None else f"{value:g}"


def write_junit(result: SubmissionResult, path: str | Path) -> None:
    """One <testsuite> for the solution, one <testcase> per test; failures carry the verdict.
    Every name and message is escaped, so the file is valid XML whatever the program wrote."""
    import xml.etree.ElementTree as ET

    suite = ET.Element("testsuite", name=escape(f"{result.problem}:{Path(result.solution).name}"),
                       tests=str(len(result.tests)),
                       failures=str(sum(t.verdict in (Verdict.WA, Verdict.TLE, Verdict.MLE, Verdict.OLE)
                                        for t in result.tests)),
                       errors=str(sum(t.verdict in (Verdict.RTE, Verdict.JE) for t in result.tests)),
                       time=f"{sum(t.wall_s for t in result.tests):.3f}")
    classname = escape(result.problem)
    if result.verdict is Verdict.CE:
        case = ET.SubElement(suite, "testcase", classname=classname, name="compile")
        ET.SubElement(case, "error", type="CE", message="compilation error").text = escape(result.message)
        suite.set("errors", "1")
        suite.set("tests", "1")
    for t in result.tests:
        case = ET.SubElement(suite, "testcase", classname=classname, name=escape(t.name), time=f"{t.wall_s:.3f}")
        if t.verdict is Verdict.AC:
            continue
        tag = "error" if t.verdict in (Verdict.RTE, Verdict.JE) else "failure"
        ET.SubElement(case, tag, type=t.verdict.value,
                      message=f"{t.verdict.value} ({t.verdict.description})").text = escape(t.message)
    root = ET.Element("testsuites")
    root.append(suite)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def render_verify(report, console=None) -> None:
    """A verify report: one row per solution, then the findings, then the outcome."""
    from rich.table import Table

    console = console or terminal.console()
    limit = f"  (time limit {report.time_limit_s:g} s, from {report.time_limit_source})" \
        if report.time_limit_source else "  (does not load)"
    console.print(_text(report.problem + limit, style="bold"))
    if report.solutions:
        table = Table(show_edge=False, pad_edge=False, header_style="bold")
        for column in ("solution", "expected", "got", "slowest test", "max CPU s", "max MiB", "note"):
            table.add_column(column, justify="right" if column.startswith("max") else "left",
                             overflow="fold")
        for s in report.solutions:
            score = f" {_score(s.score.score, s.score.max_score)}" if s.score is not None and not s.score.error else ""
            got = _text(s.got + score, style="bold green" if s.ok else "bold red")
            table.add_row(_text(s.path), _text(s.expected), got, _text(s.slowest_test), f"{s.max_cpu_s:.3f}",
                          f"{s.max_memory_mib:.1f}", _text(s.note))
        console.print(table)
    for finding in report.findings:
        style = "bold red" if finding.level == "error" else "yellow"
        console.print(Styled(f"{finding.level}: ", style) + _text(finding.message))
    bad = sum(not s.ok for s in report.solutions) + sum(f.level == "error" for f in report.findings)
    console.print(_text(f"{report.problem}: consistent", style="bold green") if report.ok
                  else _text(f"{report.problem}: {bad} problem(s) found", style="bold red"))


def render_bench(series, console=None) -> None:
    """One row per solution and size (median CPU and its spread, memory), then the exponents."""
    import statistics

    from rich.table import Table
    from rich.text import Text

    console = console or terminal.console()
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for column in ("solution", "n", "median CPU s", "min-max CPU s", "median wall s", "MiB", "runs"):
        table.add_column(column, justify="left" if column == "solution" else "right")
    for entry in series:
        name = Path(entry.solution).name
        for p in entry.points:
            if p.cpu_s:
                table.add_row(_text(name), str(p.size), f"{p.median_cpu:.4f}", f"{min(p.cpu_s):.4f}-{max(p.cpu_s):.4f}",
                              f"{statistics.median(p.wall_s):.4f}", f"{statistics.median(p.memory_mib):.1f}",
                              Text(f"{len(p.cpu_s)} ok" + (f", {len(p.failures)} not AC" if p.failures else ""),
                                   style="red" if p.failures else ""))
            else:
                table.add_row(_text(name), str(p.size), "-", "-", "-", "-",
                              Text(", ".join(sorted(set(p.failures))), style="bold red"))
    console.print(table)
    for entry in series:
        k = f"{entry.exponent:.2f}" if entry.exponent is not None else "?"
        console.print(_text(f"{Path(entry.solution).name}: time ~ n^{k}", style="bold"))
        for warning in entry.warnings:
            console.print(_text(f"  warning: {warning}", style="yellow"))
