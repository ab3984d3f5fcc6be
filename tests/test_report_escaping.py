"""What a program prints reaches every report as data: escaped in the terminal table, JSON
and JUnit, never a terminal control sequence, never rich markup, never invalid XML.

The fixture programs in tests/fixtures/report/ write ESC[2J (clear screen), ESC]0;...BEL
(window title), cursor moves, rich markup, NUL, invalid UTF-8 and a lone surrogate's bytes
to stderr (RTE), as their answer (WA, quoted by the default checker or echoed by a custom
validator's judgemessage) or into a compiler's error message (CE).
"""
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from judge import report
from judge.verdicts import SubmissionResult, TestResult, Verdict

from conftest import FIXTURES, PACKAGES

HOSTILE = FIXTURES / "hostile" / "problem"      # default checker, one sample
ECHO = FIXTURES / "report" / "echo-problem"     # custom validator echoing the output into its message
PROGRAMS = FIXTURES / "report"
MARKUP = "[red]red[/][/]"
# Characters that must never reach a report raw: C0 controls but newline, DEL, C1 controls.
UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Every text field a result has, filled with the worst there is.
NASTY = "".join(map(chr, range(0x20))) + "\x7f\x80\x9b\x9f\ud800\udcff\udfff\ufffe\uffff\u202e" \
        + "&<>\"']]> " + MARKUP + " [bold"


# --- the escaping function ---------------------------------------------------------

@pytest.mark.parametrize("raw, shown", [
    ("plain text, é, 中文, ∑", "plain text, é, 中文, ∑"),
    ("two\nlines", "two\nlines"),
    ("\x1b[2J", "\\x1b[2J"),
    ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
    ("nul\x00 tab\t cr\r del\x7f", "nul\\x00 tab\\t cr\\r del\\x7f"),
    ("c1 csi\x9b31m", "c1 csi\\x9b31m"),
    ("lone \udcff \ud800", "lone \\udcff \\ud800"),
    ("bidi \u202eevil", "bidi \\u202eevil"),
    ("nonchar \ufffe\uffff", "nonchar \\ufffe\\uffff"),
    (MARKUP, MARKUP),  # markup is plain text; the terminal renderers never parse it
])
def test_escape_writes_unprintable_characters_as_python_escapes(raw, shown):
    assert report.escape(raw) == shown


def test_escaping_twice_changes_nothing():
    once = report.escape(NASTY)
    assert report.escape(once) == once and not UNSAFE.search(once)


def test_escape_bytes_decodes_invalid_utf8_visibly_and_cuts_long_data():
    assert report.escape_bytes(b"ok\xff\x1b\n") == "ok\\xff\\x1b\n"
    long = report.escape_bytes(b"x" * 5000, limit=100)
    assert long.startswith("x" * 100) and long.endswith("(5000 bytes in all)")


# --- the renderers, given results full of hostile text ------------------------------

def _nasty_result(verdict: Verdict = Verdict.RTE) -> SubmissionResult:
    tests = [TestResult(NASTY, verdict, message=NASTY), TestResult("sample/2", Verdict.AC)]
    return SubmissionResult(problem=NASTY, solution=f"/x/{NASTY}.py", language="python", verdict=verdict,
                            time_limit_s=1.0, memory_limit_mib=64, tests=tests, message=NASTY)


def _strings(node):
    """Every string in a JSON document, keys included."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _xml_strings(path):
    root = ET.parse(path).getroot()  # raises if the file is not well-formed XML
    for element in root.iter():
        yield from element.attrib.values()
        yield element.text or ""


@pytest.mark.parametrize("verdict", [Verdict.RTE, Verdict.WA, Verdict.CE])
def test_junit_is_valid_xml_whatever_the_text(tmp_path, verdict):
    path = tmp_path / "report.xml"
    report.write_junit(_nasty_result(verdict), path)
    strings = list(_xml_strings(path))
    assert report.escape(NASTY) in strings  # the message, escaped, as the element's text
    assert not any(UNSAFE.search(s) for s in strings)


def test_json_holds_the_escaped_text_and_nothing_unsafe():
    doc = json.loads(report.to_json(_nasty_result()))
    assert doc["tests"][0]["message"] == report.escape(NASTY) == doc["message"]
    assert not any(UNSAFE.search(s) for s in _strings(doc))


def _forced_terminal() -> tuple:
    from rich.console import Console

    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, color_system="truecolor", width=400), buffer


def _verify_report():
    from judge.verify import Finding, SolutionReport, VerifyReport

    return VerifyReport(NASTY, 1.0, "problem.yaml", findings=[Finding("error", NASTY)],
                        solutions=[SolutionReport(NASTY, NASTY, NASTY, False, NASTY, note=NASTY)])


def _bench_series():
    from judge.bench import Point, Series

    return [Series(f"/x/{NASTY}.py", [Point(10, [0.1], [0.1], [1.0])], 1.0, [NASTY])]


@pytest.mark.parametrize("render", [
    lambda console: report.render_terminal(_nasty_result(), console),
    lambda console: report.render_verify(_verify_report(), console),
    lambda console: report.render_bench(_bench_series(), console),
], ids=["run", "verify", "bench"])
def test_terminal_renderers_emit_only_their_own_colours(render):
    console, buffer = _forced_terminal()
    render(console)  # markup such as "[/]" or "[bold" in the text would raise MarkupError if parsed
    out = buffer.getvalue()
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)  # rich's own colours: SGR sequences, nothing else
    assert not UNSAFE.search(plain), repr(plain)
    assert MARKUP in plain and "\\x1b" in plain


# --- the real CLI on the fixture programs --------------------------------------------

CASES = {  # program, problem, fragments its report must show (escaped)
    "rte-stderr-python": ("rte_stderr.py", HOSTILE, ("\\x1b[2J", "\\x1b]0;pwned\\x07", "\\x1b[5A", "\\x00",
                                                     "\\x9b", MARKUP)),
    "rte-stderr-c": ("rte_stderr.c", HOSTILE, ("\\x1b[2J", "\\x1b]0;pwned\\x07", "\\x00", "\\x9b", MARKUP)),
    "wa-default-checker": ("wa_tokens.py", HOSTILE, (MARKUP, "\\x1b[2J", "\\x00")),
    "wa-judgemessage": ("wa_tokens.py", ECHO, (MARKUP, "\\x1b[2J", "\\x1b]0;pwned\\x07", "\\x00", "\\x9b")),
    "ce-compiler-output": ("ce_hostile.c", HOSTILE, ("\\x1b[2J", "\\x1b]0;pwned\\x07", MARKUP)),
}


@pytest.fixture
def wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # so that rich does not fold a message across lines


@pytest.mark.parametrize("case", CASES)
def test_terminal_table_shows_program_text_escaped(judge_cli, wide, case):
    program, problem, fragments = CASES[case]
    proc = judge_cli("run", str(problem), str(PROGRAMS / program))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert not UNSAFE.search(proc.stdout), repr(proc.stdout)
    for fragment in fragments:
        assert fragment in proc.stdout


@pytest.mark.parametrize("case", CASES)
def test_json_and_junit_hold_program_text_escaped(judge_cli, tmp_path, case):
    program, problem, fragments = CASES[case]
    junit = tmp_path / "report.xml"
    proc = judge_cli("run", str(problem), str(PROGRAMS / program), "--json", "--junit", str(junit))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    doc = json.loads(proc.stdout)
    for strings in (list(_strings(doc)), list(_xml_strings(junit))):
        assert not any(UNSAFE.search(s) for s in strings)
        text = "\n".join(strings)
        for fragment in fragments:
            assert fragment in text


def test_stress_shows_inputs_and_outputs_escaped(judge_cli, tmp_path):
    package = tmp_path / "verify-sum"
    shutil.copytree(PACKAGES / "verify-sum", package)
    proc = judge_cli("stress", str(package), str(PROGRAMS / "wa_tokens.py"), "--generator", "gen.py --n 1",
                     "--count", "1")
    assert proc.returncode == 1, proc.stderr
    assert not UNSAFE.search(proc.stdout), repr(proc.stdout)
    assert "--- candidate output\n" + MARKUP + "\\x1b[2J\\x00\\xff\\x1b]0;pwned\\x07" in proc.stdout


def test_a_compile_error_as_a_one_line_error_is_escaped_too(judge_cli, tmp_path):
    package = tmp_path / "verify-sum"
    shutil.copytree(PACKAGES / "verify-sum", package)
    proc = judge_cli("stress", str(package), str(PROGRAMS / "ce_hostile.c"), "--count", "1")
    assert proc.returncode == 2 and proc.stderr.startswith("judge: error: ")
    assert not UNSAFE.search(proc.stderr) and "\\x1b]0;pwned\\x07" in proc.stderr
