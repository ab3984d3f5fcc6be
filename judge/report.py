"""Renderers for a SubmissionResult: a terminal table, JSON, JUnit XML.

Renderers only read results; they never decide a verdict.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from judge.verdicts import SubmissionResult, Verdict

VERDICT_STYLES = {
    Verdict.AC: "bold green", Verdict.WA: "bold red", Verdict.TLE: "bold yellow", Verdict.MLE: "bold magenta",
    Verdict.RTE: "bold red", Verdict.OLE: "bold magenta", Verdict.CE: "bold red", Verdict.JE: "bold white on red",
}


def to_json(result: SubmissionResult) -> str:
    return json.dumps(result.to_dict(), indent=2)


def render_terminal(result: SubmissionResult, console=None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    if result.tests:
        table = Table(show_edge=False, pad_edge=False, header_style="bold")
        table.add_column("test")
        table.add_column("verdict")
        table.add_column("CPU s", justify="right")
        table.add_column("wall s", justify="right")
        table.add_column("MiB", justify="right")
        table.add_column("details", overflow="fold")
        for t in result.tests:
            table.add_row(t.name, Text(t.verdict.value, style=VERDICT_STYLES[t.verdict]), f"{t.cpu_s:.3f}",
                          f"{t.wall_s:.3f}", f"{t.memory_mib:.1f}", Text(t.message))
        console.print(table)
    if result.message:
        console.print(Text(result.message))
    summary = Text()
    summary.append(f"{result.problem} ", style="bold")
    summary.append(f"{Path(result.solution).name}: ")
    summary.append(f"{result.verdict.value} ({result.verdict.description})", style=VERDICT_STYLES[result.verdict])
    if result.tests:
        passed = sum(t.verdict is Verdict.AC for t in result.tests)
        summary.append(f"  {passed}/{len(result.tests)} tests passed, max CPU {result.max_cpu_s:.3f} s "
                       f"(limit {result.time_limit_s:g} s), max memory {result.max_memory_mib:.1f} MiB "
                       f"(limit {result.memory_limit_mib} MiB)")
    if result.interrupted:
        summary.append("  [interrupted: the tests above are those that finished]", style="yellow")
    console.print(summary)


def write_junit(result: SubmissionResult, path: str | Path) -> None:
    """One <testsuite> for the solution, one <testcase> per test; failures carry the verdict."""
    suite = ET.Element("testsuite", name=f"{result.problem}:{Path(result.solution).name}",
                       tests=str(len(result.tests)),
                       failures=str(sum(t.verdict in (Verdict.WA, Verdict.TLE, Verdict.MLE, Verdict.OLE)
                                        for t in result.tests)),
                       errors=str(sum(t.verdict in (Verdict.RTE, Verdict.JE) for t in result.tests)),
                       time=f"{sum(t.wall_s for t in result.tests):.3f}")
    if result.verdict is Verdict.CE:
        case = ET.SubElement(suite, "testcase", classname=result.problem, name="compile")
        ET.SubElement(case, "error", type="CE", message="compilation error").text = result.message
        suite.set("errors", "1")
        suite.set("tests", "1")
    for t in result.tests:
        case = ET.SubElement(suite, "testcase", classname=result.problem, name=t.name, time=f"{t.wall_s:.3f}")
        if t.verdict is Verdict.AC:
            continue
        tag = "error" if t.verdict in (Verdict.RTE, Verdict.JE) else "failure"
        ET.SubElement(case, tag, type=t.verdict.value,
                      message=f"{t.verdict.value} ({t.verdict.description})").text = t.message
    root = ET.Element("testsuites")
    root.append(suite)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def render_verify(report, console=None) -> None:
    """A verify report: one row per solution, then the findings, then the outcome."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    limit = f"  (time limit {report.time_limit_s:g} s, from {report.time_limit_source})" \
        if report.time_limit_source else "  (does not load)"
    console.print(Text(report.problem + limit, style="bold"))
    if report.solutions:
        table = Table(show_edge=False, pad_edge=False, header_style="bold")
        for column in ("solution", "expected", "got", "slowest test", "max CPU s", "max MiB", "note"):
            table.add_column(column, justify="right" if column.startswith("max") else "left",
                             overflow="fold")
        for s in report.solutions:
            got = Text(s.got, style="bold green" if s.ok else "bold red")
            table.add_row(s.path, s.expected, got, s.slowest_test, f"{s.max_cpu_s:.3f}", f"{s.max_memory_mib:.1f}",
                          s.note)
        console.print(table)
    for finding in report.findings:
        style = "bold red" if finding.level == "error" else "yellow"
        console.print(Text(f"{finding.level}: ", style=style) + Text(finding.message))
    bad = sum(not s.ok for s in report.solutions) + sum(f.level == "error" for f in report.findings)
    console.print(Text(f"{report.problem}: consistent", style="bold green") if report.ok
                  else Text(f"{report.problem}: {bad} problem(s) found", style="bold red"))


def render_bench(series, console=None) -> None:
    """One row per solution and size (median CPU and its spread, memory), then the exponents."""
    import statistics

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for column in ("solution", "n", "median CPU s", "min-max CPU s", "median wall s", "MiB", "runs"):
        table.add_column(column, justify="left" if column == "solution" else "right")
    for entry in series:
        name = Path(entry.solution).name
        for p in entry.points:
            if p.cpu_s:
                table.add_row(name, str(p.size), f"{p.median_cpu:.4f}", f"{min(p.cpu_s):.4f}-{max(p.cpu_s):.4f}",
                              f"{statistics.median(p.wall_s):.4f}", f"{statistics.median(p.memory_mib):.1f}",
                              Text(f"{len(p.cpu_s)} ok" + (f", {len(p.failures)} not AC" if p.failures else ""),
                                   style="red" if p.failures else ""))
            else:
                table.add_row(name, str(p.size), "-", "-", "-", "-",
                              Text(", ".join(sorted(set(p.failures))), style="bold red"))
    console.print(table)
    for entry in series:
        k = f"{entry.exponent:.2f}" if entry.exponent is not None else "?"
        console.print(Text(f"{Path(entry.solution).name}: time ~ n^{k}", style="bold"))
        for warning in entry.warnings:
            console.print(Text(f"  warning: {warning}", style="yellow"))
