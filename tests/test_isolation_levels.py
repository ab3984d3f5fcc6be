"""Isolation levels, the fallback without bubblewrap, and Ctrl-C."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from judge import sandbox

from conftest import PACKAGES, PROGRAMS, ROOT

SUM = str(PACKAGES / "sum-default")


def test_fallback_without_bubblewrap_warns_once_and_says_so_in_json(judge_cli, monkeypatch):
    monkeypatch.setenv("JUDGE_BWRAP", "")  # as on a machine without bubblewrap
    proc = judge_cli("run", SUM, str(PROGRAMS / "ac.py"), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["sandbox"] == "none"
    warnings = [line for line in proc.stderr.splitlines() if "NOT isolated" in line]
    assert len(warnings) == 1


@pytest.mark.slow
def test_fallback_still_gives_verdicts(monkeypatch):
    from judge.judging import judge_solution
    from judge.package import load_problem
    problem = load_problem(SUM)
    for name, verdict in [("ac.cpp", "AC"), ("tle_cpu.py", "TLE"), ("mle.cpp", "MLE"), ("ole.py", "OLE")]:
        result = judge_solution(problem, PROGRAMS / name, isolation="none", fail_fast=True)
        assert (result.verdict.value, result.sandbox) == (verdict, "none"), name


def test_explicit_opt_out_prints_no_warning(judge_cli):
    proc = judge_cli("run", SUM, str(PROGRAMS / "ac.py"), "--json", "--sandbox", "none")
    assert json.loads(proc.stdout)["sandbox"] == "none"
    assert "NOT isolated" not in proc.stderr


@pytest.mark.skipif(not sandbox.bwrap_available(), reason="bubblewrap is not usable on this machine")
def test_default_is_bubblewrap_where_usable(judge_cli):
    proc = judge_cli("run", SUM, str(PROGRAMS / "ac.py"), "--json")
    assert json.loads(proc.stdout)["sandbox"] == "bwrap"


def test_asking_for_bubblewrap_where_missing_is_one_clear_error(judge_cli, monkeypatch):
    monkeypatch.setenv("JUDGE_BWRAP", "")
    proc = judge_cli("run", SUM, str(PROGRAMS / "ac.py"), "--sandbox", "bwrap")
    assert proc.returncode == 2 and "bubblewrap is not usable" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def _processes_mentioning(token: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if token.encode() in f.read():
                        found.append(int(entry))
            except OSError:
                pass
    return found


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.slow
def test_ctrl_c_stops_every_run_and_prints_what_finished(tmp_path, jobs):
    source = tmp_path / "sleeper.py"
    folder = f"1000.{time.time_ns()}{jobs}"  # a process of each run carries this in its command line
    source.write_text(f"import subprocess, time\nsubprocess.Popen(['/bin/sleep', '{folder}'])\ntime.sleep(1000)\n")
    proc = subprocess.Popen([sys.executable, "-m", "judge", "run", SUM, str(source), "-j", jobs],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ})
    deadline = time.monotonic() + 60
    while not _processes_mentioning(folder) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(3.6)  # the first test(s) end by the wall-clock backstop (3 s), the next ones are running
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (out, err)
    assert "sample/1" in out and "TLE" in out and "interrupted" in out
    assert "Traceback" not in err
    time.sleep(0.2)
    assert _processes_mentioning(folder) == []


@pytest.mark.parametrize("sandbox_level", ["auto", "none"])
def test_scratch_folders_are_removed_when_the_judge_ends(tmp_path, sandbox_level):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    proc = subprocess.run([sys.executable, "-m", "judge", "run", SUM, str(PROGRAMS / "ac.cpp"), "--json",
                           "--sandbox", sandbox_level], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "TMPDIR": str(scratch)}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert list(scratch.iterdir()) == []  # every run server's scratch folder is gone


def test_a_successful_probe_is_remembered_and_a_changed_machine_probes_again(monkeypatch, tmp_path):
    """The bubblewrap probe costs a sandbox start per judge: a success is kept under a key of
    everything it depends on; what changes the key probes again, and a failure is never kept."""
    monkeypatch.setenv("JUDGE_CACHE_DIR", str(tmp_path))
    calls = []

    def probe(result: bool):
        def fake() -> bool:
            calls.append(result)
            return result
        return fake

    def fresh() -> bool:
        monkeypatch.setattr(sandbox, "_bwrap_checked", None)
        return sandbox.bwrap_available()

    monkeypatch.setattr(sandbox, "_probe", probe(False))
    assert fresh() is False and calls == [False]
    assert not list(tmp_path.glob("sandbox-probe/*"))            # a failure is not kept
    monkeypatch.setattr(sandbox, "_probe", probe(True))
    assert fresh() is True and calls == [False, True]
    assert len(list(tmp_path.glob("sandbox-probe/*"))) == 1
    assert fresh() is True and calls == [False, True]            # remembered: no probe
    if os.geteuid() == 0:   # as root the sandbox user is part of the key
        monkeypatch.setenv("JUDGE_SANDBOX_USER", str(sandbox.sandbox_identity()[0] + 1))
        assert fresh() is True and calls == [False, True, True]
    import tempfile

    probes = len(calls)
    elsewhere = tmp_path / "private"   # scratch folders elsewhere (the sandbox user must reach them)
    elsewhere.mkdir(mode=0o700)
    monkeypatch.setattr(tempfile, "tempdir", str(elsewhere))
    assert fresh() is True and len(calls) == probes + 1
    fake = tmp_path / "bwrap"   # another bubblewrap binary: probed again
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("JUDGE_BWRAP", str(fake))
    monkeypatch.setattr(sandbox, "_probe", probe(False))
    assert fresh() is False and calls[-1] is False


def test_bubblewraps_help_is_read_once_per_binary(monkeypatch, tmp_path):
    """Which options bubblewrap has (--disable-userns) is read from its --help once and kept for
    that binary: another judge process does not run it again, a changed binary does."""
    monkeypatch.setenv("JUDGE_CACHE_DIR", str(tmp_path / "cache"))
    log = tmp_path / "ran"
    fake = tmp_path / "bwrap"
    fake.write_text(f"#!/bin/sh\necho ran >> {log}\necho '  --disable-userns   Disable further use of user namespaces'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("JUDGE_BWRAP", str(fake))

    def fresh(option: str) -> bool:  # as a new judge process would ask
        monkeypatch.setattr(sandbox, "_bwrap_help", None)
        return sandbox._bwrap_supports(option)

    assert fresh("--disable-userns") and not fresh("--no-such-option")
    assert log.read_text().count("ran") == 1
    fake.write_text(fake.read_text().replace("--disable-userns", "--something-else") + "# changed\n")
    assert not fresh("--disable-userns")  # another binary: asked again
    assert log.read_text().count("ran") == 2
    monkeypatch.setattr(sandbox, "_bwrap_help", None)
    monkeypatch.setattr(sandbox, "_bwrap_checked", None)


def test_the_cgroups_of_a_killed_judge_are_removed_by_the_next(monkeypatch):
    """A judge killed outright (SIGKILL: no exit hook) leaves its cgroups; the next judge process
    removes those whose pid is dead, and keeps its own and the living's."""
    from judge import cgroups

    probe = cgroups.CgroupSet.create()
    if probe is None:
        pytest.skip("no writable cgroup here")
    parents = [d.parent for d in probe.dirs.values()]
    probe.remove()
    gone = subprocess.Popen(["true"])
    gone.wait()   # a pid that is dead now
    dead = [parent / f"judge-{gone.pid}-0" for parent in parents]
    living = [parent / f"judge-{os.getpid()}-999" for parent in parents]
    for folder in dead + living:
        folder.mkdir()
    try:
        monkeypatch.setattr(cgroups, "_swept", False)
        made = cgroups.CgroupSet.create()
        made.remove()
        assert not any(folder.exists() for folder in dead)
        assert all(folder.exists() for folder in living)
    finally:
        for folder in dead + living:
            if folder.exists():
                folder.rmdir()


@pytest.mark.parametrize("level", ["none", "bwrap"])
def test_a_run_stopped_as_soon_as_it_is_sent_is_stopped(level):
    """stop_run() right after start(): the run's process has not joined its cgroup yet (it reads
    the request first), so one kill of the cgroup would find it empty and the run would go on to
    its limit; the cgroup is killed until the server answers. (Fail-fast at -j 1 stops the test it
    started while the previous one was being checked this way; so does an interaction whose
    validator has decided.)"""
    if level == "bwrap" and not sandbox.bwrap_available():
        pytest.skip("bubblewrap is not usable on this machine")
    limits = sandbox.Limits(cpu_s=30, memory_mib=64, output_mib=1)
    with sandbox.runner(isolation=level) as runner:
        if not runner.can_stop_run:
            pytest.skip("no cgroup here: a run cannot be stopped alone")
        for _ in range(3):
            runner.start(["/bin/sh", "-c", "while :; do :; done"], limits, None, b"", None)
            runner.stop_run()
            result = runner.finish()
            assert result.status is sandbox.Status.SIGNAL and result.cpu_s < 5  # killed, not stopped at 30 s
