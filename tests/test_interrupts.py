"""Ctrl-C: status 130 at once, what finished is shown, and an unfinished run has no verdict;
and the progress `judge verify` shows on a terminal."""
import json
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import PACKAGES, ROOT

SUM = PACKAGES / "sum-2025"
WAIT_S = 120  # the longest a step may take on a loaded machine before the test calls it a hang

# Trusted test programs (run with --sandbox none, so they can leave a mark where the test sees it):
# the first two runs answer as the reference does, every later one says so and sleeps. (At -j 1
# the judge checks a test's output while the next test runs: when the third run starts, the first
# test is surely checked and recorded, the second may still be in its check.)
ANSWERS_THEN_SLEEPS = """\
import os, sys, time
runs = os.path.join({folder!r}, "runs")
with open(runs, "a") as f:
    f.write("x")
if os.path.getsize(runs) <= 2:
    data = sys.stdin.buffer.read().split()
    print(sum(map(int, data[1:1 + int(data[0])])))
else:
    open(os.path.join({folder!r}, "sleeping"), "w").close()
    time.sleep(600)
"""
SLEEPS = """\
import os, time
open(os.path.join({folder!r}, "sleeping"), "w").close()
time.sleep(600)
"""


def _wait_for(path, proc) -> None:
    deadline = time.monotonic() + WAIT_S
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.1)


def _judge(*args, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "judge", *args], cwd=ROOT, text=True, env={**os.environ},
                            **{"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **popen})


@pytest.mark.slow
@pytest.mark.parametrize("as_json", [True, False], ids=["json", "table"])
def test_an_interrupted_run_has_no_verdict_and_exits_130(tmp_path, as_json):
    solution = tmp_path / "sum.py"
    solution.write_text(ANSWERS_THEN_SLEEPS.format(folder=str(tmp_path)))
    proc = _judge("run", str(SUM), str(solution), "-j", "1", "--sandbox", "none", "--cold", "--time-limit", "100",
                  *(["--json"] if as_json else []))
    _wait_for(tmp_path / "sleeping", proc)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=WAIT_S)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    if as_json:
        doc = json.loads(out)
        assert doc["interrupted"] is True and doc["verdict"] is None
        assert [t["verdict"] for t in doc["tests"]] in (["AC"], ["AC", "AC"])  # those that finished
    else:
        assert "no verdict (interrupted)" in out
        assert "1/1 finished tests passed" in out or "2/2 finished tests passed" in out
        assert "AC (accepted)" not in out


@pytest.mark.slow
def test_ctrl_c_stops_verify_at_once_with_130(tmp_path):
    package = tmp_path / "pkg"
    shutil.copytree(SUM, package)
    config = package / "problem.yaml"
    config.write_text(config.read_text().replace("time_limit: 1.0", "time_limit: 100"))  # the sleeper is not
    slow = package / "submissions" / "time_limit_exceeded"                                # stopped for minutes
    slow.mkdir()
    (slow / "sleeps.py").write_text(SLEEPS.format(folder=str(tmp_path)))
    proc = _judge("verify", str(package), "--sandbox", "none")
    _wait_for(tmp_path / "sleeping", proc)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=WAIT_S)  # not after the sleeper's 150 s
    assert proc.returncode == 130
    assert err.splitlines()[-1].startswith("judge: interrupted") and "Traceback" not in err


def _read_until(fd: int, text: str, proc) -> str:
    seen = ""
    deadline = time.monotonic() + WAIT_S
    while text not in seen:
        assert time.monotonic() < deadline and proc.poll() is None, seen
        if select.select([fd], [], [], 0.2)[0]:
            seen += os.read(fd, 4096).decode(errors="replace")
    return seen


def _wait_reading(proc) -> None:
    """Until the process waits in read(2) (a Ctrl-C just before it would be noticed only after)."""
    read = {"x86_64": "0", "aarch64": "63"}.get(os.uname().machine)
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        try:
            if read is None or open(f"/proc/{proc.pid}/syscall").read().split()[0] == read:
                return
        except (OSError, IndexError):
            return
        time.sleep(0.05)


def test_ctrl_c_at_the_editorial_prompt_is_130(tmp_path):
    main, terminal = pty.openpty()
    proc = _judge("show", "incdec", "--editorial", stdin=terminal, stderr=terminal)
    os.close(terminal)
    try:
        _read_until(main, "Show the editorial", proc)
        _wait_reading(proc)
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=WAIT_S)
        assert proc.returncode == 130
        assert "differences" not in out  # the editorial stays hidden
    finally:
        os.close(main)


@pytest.mark.slow
def test_verify_shows_its_progress_on_a_terminal():
    main, terminal = pty.openpty()
    proc = _judge("verify", str(PACKAGES / "verify-sum"), stderr=terminal)
    os.close(terminal)
    try:
        shown = ""
        deadline = time.monotonic() + WAIT_S
        while proc.poll() is None:  # read all it shows (a full terminal would stop it)
            assert time.monotonic() < deadline
            if select.select([main], [], [], 0.2)[0]:
                try:
                    shown += os.read(main, 65536).decode(errors="replace")
                except OSError:
                    break
        proc.communicate(timeout=WAIT_S)
        assert proc.returncode == 0
        assert "verifying verify-sum" in shown and " runs" in shown
    finally:
        os.close(main)
