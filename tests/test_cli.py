"""The `judge run` command as a user meets it: output formats, exit statuses, bad input."""
import json
import shutil
import xml.etree.ElementTree as ET

import pytest

from conftest import PACKAGES, PROGRAMS

SUM = str(PACKAGES / "sum-default")


def test_accepted_tests_are_one_line_unless_verbose(judge_cli):
    proc = judge_cli("run", SUM, str(PROGRAMS / "ac.py"))
    assert proc.returncode == 0, proc.stderr
    assert "4 accepted tests not listed" in proc.stdout and "AC (accepted)  4/4 tests passed" in proc.stdout
    assert "sample/1 " not in proc.stdout and len(proc.stdout.strip().splitlines()) == 2
    verbose = judge_cli("run", SUM, str(PROGRAMS / "ac.py"), "-v")
    for name in ("sample/1", "secret/group1/02-big", "AC (accepted)", "4/4 tests passed"):
        assert name in verbose.stdout
    assert "not listed" not in verbose.stdout


def test_failed_tests_keep_their_rows(judge_cli):
    proc = judge_cli("run", SUM, str(PROGRAMS / "wa.py"))
    rows = [line for line in proc.stdout.splitlines() if line.startswith(("sample/", "secret/"))]
    assert len(rows) == 4 and all("WA" in row for row in rows)   # every test of wa.py fails


def test_json_document(judge_cli):
    proc = judge_cli("run", SUM, str(PROGRAMS / "wa.py"), "--json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["verdict"] == "WA" and doc["problem"] == "sum-default" and doc["time_limit_s"] == 1.0
    assert doc["solution"].endswith("wa.py")
    assert len(doc["tests"]) == 4
    first = doc["tests"][0]
    assert set(first) >= {"name", "verdict", "cpu_s", "wall_s", "memory_mib", "message"}
    assert first["verdict"] == "WA" and "expected '6', got '7'" in first["message"]
    assert doc["sandbox"] in ("bwrap", "none")


def test_fail_fast_stops_at_first_failure(judge_cli):
    doc = json.loads(judge_cli("run", SUM, str(PROGRAMS / "wa.py"), "--json", "--fail-fast").stdout)
    assert [t["name"] for t in doc["tests"]] == ["sample/1"]


def test_samples_only(judge_cli):
    doc = json.loads(judge_cli("run", SUM, str(PROGRAMS / "ac.py"), "--json", "--samples").stdout)
    assert [t["name"] for t in doc["tests"]] == ["sample/1"]


def test_junit_xml(judge_cli, tmp_path):
    out = tmp_path / "report.xml"
    proc = judge_cli("run", SUM, str(PROGRAMS / "wa.cpp"), "--junit", str(out), "-j", "1")
    assert proc.returncode == 1
    suite = ET.parse(out).getroot().find("testsuite")
    assert suite.get("tests") == "4" and suite.get("failures") == "4"
    failure = suite.find("testcase").find("failure")
    assert failure.get("type") == "WA"


def test_compile_error_shows_compiler_lines(judge_cli):
    proc = judge_cli("run", SUM, str(PROGRAMS / "ce.cpp"))
    assert proc.returncode == 1
    assert "CE (compilation error)" in proc.stdout and "undefined_name" in proc.stdout


def test_time_limit_override(judge_cli):
    doc = json.loads(judge_cli("run", SUM, str(PROGRAMS / "ac.py"), "--json", "--time-limit", "2.5").stdout)
    assert doc["time_limit_s"] == 2.5


@pytest.mark.parametrize("code, verdict, fragment", [
    ("", "WA", "got end of output"),
    ("import sys; sys.stdout.buffer.write(b'\\xff\\x00\\xfe\\n')", "WA", "\\xff"),
])
def test_strange_output_is_a_clean_wrong_answer(judge_cli, tmp_path, code, verdict, fragment):
    source = tmp_path / "odd.py"
    source.write_text(code + "\n")
    proc = judge_cli("run", SUM, str(source), "--json", "--fail-fast")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    test = json.loads(proc.stdout)["tests"][0]
    assert test["verdict"] == verdict and fragment in test["message"]


def _broken_yaml(tmp_path):
    pkg = tmp_path / "broken"
    shutil.copytree(PACKAGES / "sum-default", pkg)
    (pkg / "problem.yaml").write_text("limits: {time_limit: [\n")
    return str(pkg)


def _orphan_input(tmp_path):
    pkg = tmp_path / "orphan"
    shutil.copytree(PACKAGES / "sum-default", pkg)
    (pkg / "data" / "secret" / "lonely.in").write_text("1\n1\n")
    return str(pkg)


@pytest.mark.parametrize("args, fragment", [
    (lambda t: ["run", "no-such-problem", str(PROGRAMS / "ac.py")], "not found"),
    (lambda t: ["run", SUM, str(t / "missing.py")], "not found"),
    (lambda t: ["run", SUM, str(PROGRAMS / "ac.py").replace(".py", ".rb")], "not found"),
    (lambda t: ["run", _broken_yaml(t), str(PROGRAMS / "ac.py")], "malformed YAML"),
    (lambda t: ["run", _orphan_input(t), str(PROGRAMS / "ac.py")], "no answer file"),
    (lambda t: ["run", SUM, str(PACKAGES / "sum-default" / "problem.yaml")], "unknown language"),
    (lambda t: ["run", SUM, str(PROGRAMS / "ac.py"), "-j", "0"], "Invalid value"),
])
def test_bad_input_is_one_line_and_exit_2(judge_cli, tmp_path, args, fragment):
    proc = judge_cli(*args(tmp_path))
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert fragment in proc.stderr
    assert "Traceback" not in proc.stderr
    if "Invalid value" not in fragment:  # click's own usage errors carry a usage line
        assert len(proc.stderr.strip().splitlines()) == 1


def test_module_and_console_script_are_the_same_command(judge_cli):
    import subprocess
    import sys
    proc = judge_cli("--help")
    assert proc.returncode == 0 and "run" in proc.stdout
    exe = shutil.which("judge")
    if exe is None:
        pytest.skip("the judge console script is not on PATH (package not installed)")
    assert subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.startswith("judge ")
    assert sys.executable


def test_run_derives_a_missing_time_limit_and_says_so(judge_cli, tmp_path):
    """A package with no time limit: judge run uses the one judge verify derives from its
    accepted solutions (as verifyproblem does), and says so on stderr."""
    import shutil

    package = tmp_path / "no-limit"
    shutil.copytree(PACKAGES / "verify-sum", package)
    yaml_file = package / "problem.yaml"
    yaml_file.write_text("".join(line for line in yaml_file.read_text().splitlines(True) if "time_limit" not in line))
    proc = judge_cli("run", str(package), str(PROGRAMS / "ac.py"), "--json")
    assert proc.returncode == 0, proc.stderr
    assert "derived" in proc.stderr and "accepted run" in proc.stderr
    assert json.loads(proc.stdout)["time_limit_s"] == 1.0


def test_the_command_ends_without_teardown_yet_leaves_nothing_behind(tmp_path):
    """The process ends by os._exit after its exit hooks (judge/launch.py): the output is whole,
    the status is the verdict's, and the run servers, their cgroups and scratch folders are gone."""
    import os
    import subprocess
    import sys
    import tempfile

    from judge import cgroups

    proc = subprocess.Popen([sys.executable, "-m", "judge", "run", SUM, str(PROGRAMS / "wa.py"), "--sandbox", "bwrap"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ})
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert out.rstrip().endswith("(limit 128 MiB)") and "WA (wrong answer)" in out
    scratch = [p for p in os.listdir(tempfile.gettempdir()) if p.startswith(
        (f"judge-worker-{proc.pid}-", f"judge-stage-{proc.pid}-"))]
    assert scratch == []
    probe = cgroups.CgroupSet.create()
    if probe is not None:
        parents = [d.parent for d in probe.dirs.values()]
        probe.remove()
        assert [p for parent in parents for p in os.listdir(parent) if p.startswith(f"judge-{proc.pid}-")] == []
    if os.geteuid() == 0:  # bubblewrap started through the launcher names the judge's stage folder
        assert subprocess.run(["pgrep", "-f", f"judge-stage-{proc.pid}-"], capture_output=True).stdout == b""
