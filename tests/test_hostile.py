"""Hostile submissions: programs that try to cheat, escape or take the judge down.

Each program in tests/fixtures/hostile/ tries one thing (its first line says what).
It is judged on a one-test problem (tests/fixtures/hostile/problem/) whose answer
is "0": the programs that try something the sandbox must forbid print "0" when the
attempt fails, and something else when it works, so a breach changes the verdict
(read_answer.py is the other way round: the leaked answer would be accepted, the
blocked attempt is a wrong answer).

Before it is judged, a program is copied to a scratch folder with its placeholders
filled in: @TOKEN@ (a token unique to this run, which the program carries in its
command line or source so that survivors can be found), @ANS@ (the real absolute
path of the answer file: a cheater may know it), @REPO@, @HOME@, @CACHE@ (the build
cache) and @PORT@.

Every test checks, besides the verdict, that
- no process of the run survives (none whose command line or environment holds
  the token, or whose command line names the program's build folder),
- nothing outside scratch space changed (the problem package is byte for byte the
  same; no file named after the token appeared in the repository, its solutions
  folder, the host's /tmp, /dev/shm, / or $HOME),
- nothing changed on the machine: no cgroup appeared or went in any hierarchy
  (but the judge's own judge-* groups), no SysV IPC object, message queue or key
  appeared,
- the judge is alive and responsive: judging ac.py right after is still AC.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from judge import sandbox
from judge.judging import judge_solution, problem_limits
from judge.languages import cache_dir, prepare
from judge.package import load_problem
from judge.verdicts import SubmissionResult, Verdict

from conftest import FIXTURES, ROOT

HOSTILE = FIXTURES / "hostile"
PROBLEM = HOSTILE / "problem"
ANSWER = (PROBLEM / "data" / "sample" / "1.ans").resolve()
INPUT = (PROBLEM / "data" / "sample" / "1.in").resolve()
HOME = Path.home()
MIB = 1024 * 1024
JUDGE_MEMORY_GROWTH_MIB = 32  # the judge reads at most the output limit (1 MiB) of a flood

BWRAP = sandbox.bwrap_available()
needs_bwrap = pytest.mark.skipif(not BWRAP, reason="bubblewrap is not usable here (not installed, or user "
                                                   "namespaces are not allowed), so the default sandbox is the "
                                                   "unisolated fallback")


# --- helpers ---------------------------------------------------------------------

@dataclass
class Attack:
    name: str      # fixture file name
    source: Path   # the rendered copy that gets judged
    token: str
    folder: Path   # the build folder of the program (its command line names it)


def render(name: str, tmp_path: Path, port: int = 0) -> Attack:
    """A copy of a fixture program with its placeholders filled in."""
    token = f"hostile-{name.replace('.', '-').replace('_', '-')}-{uuid.uuid4().hex[:12]}"
    text = (HOSTILE / name).read_text()
    for key, value in {"@TOKEN@": token, "@ANS@": str(ANSWER), "@REPO@": str(ROOT), "@HOME@": str(HOME),
                       "@PORT@": str(port), "@CACHE@": str(cache_dir())}.items():
        text = text.replace(key, value)
    source = tmp_path / name
    source.write_text(text)
    return Attack(name, source, token, prepare(source).folder)


def judge(attack: Attack, isolation: str = "auto", problem_dir: Path = PROBLEM) -> SubmissionResult:
    return judge_solution(load_problem(problem_dir), attack.source, fail_fast=True, isolation=isolation)


def explain(result: SubmissionResult):
    return [(t.name, t.verdict.value, t.message, t.exit_code, t.signal) for t in result.tests] or result.message


def _ancestors() -> set[int]:
    pids, pid = set(), os.getpid()
    while pid > 1 and pid not in pids:
        pids.add(pid)
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            break
    return pids


def processes_of(attack: Attack) -> dict[int, str]:
    """Live processes of a run: the token in their command line or environment, or the program's
    build folder in their command line (bubblewrap itself names the folder: it is the sandbox)."""
    token, folder = attack.token.encode(), str(attack.folder).encode()
    found = {}
    skip = _ancestors()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in skip:
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes()
        except OSError:
            environ = b""
        argv0 = cmdline.split(b"\0", 1)[0]
        if token in cmdline or token in environ or (folder in cmdline and not argv0.endswith(b"bwrap")):
            found[int(entry)] = cmdline.replace(b"\0", b" ").decode("utf-8", "replace")[:160]
    return found


def survivors(attack: Attack) -> dict[int, str]:
    """Processes of the run still alive after it ended; they are killed here, so a failing test
    leaves nothing running behind."""
    found = processes_of(attack)
    if found:
        time.sleep(0.3)  # one still being torn down is not a survivor
        found = processes_of(attack)
    for pid in found:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return found


def _places() -> list[Path]:
    places = [ROOT, ROOT / "solutions", ROOT.parent, HOME, Path("/tmp"), Path(tempfile.gettempdir()),
              Path("/dev/shm"), Path("/dev"), Path("/")]
    places += [p for p in PROBLEM.rglob("*") if p.is_dir()]
    return [p for p in dict.fromkeys(places) if p.is_dir()]


def files_named_after(attack: Attack) -> list[Path]:
    """Files named after the run's token outside its scratch space; removed here (after being reported)."""
    found = []
    for place in _places():
        try:
            found += [place / name for name in os.listdir(place) if attack.token in name]
        except OSError:
            pass
    for path in found:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return found


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_judge_healthy(isolation: str) -> None:
    source = HOSTILE / "ac.py"
    result = judge_solution(load_problem(PROBLEM), source, fail_fast=True, isolation=isolation)
    assert result.verdict is Verdict.AC, ("the judge is not healthy after the attack", explain(result))


CGROUP_ROOT = Path("/sys/fs/cgroup")


def machine_state() -> dict[str, set]:
    """What a run could leave on the machine beyond files: cgroups (every hierarchy, but the
    judge's own judge-* groups, which come and go with its run servers), SysV IPC objects,
    POSIX message queues (where /dev/mqueue is mounted) and kernel keys."""
    groups = set()
    if CGROUP_ROOT.is_dir():
        for top, dirs, _ in os.walk(CGROUP_ROOT):
            dirs[:] = [d for d in dirs if not d.startswith("judge-")]
            groups.update(os.path.join(top, d) for d in dirs)
    ipc = set()
    for kind in ("shm", "msg", "sem"):
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()[1:]
        except OSError:
            lines = []
        ipc.update(f"{kind} {line.split()[0]} {line.split()[1]}" for line in lines if line.split())
    queues = set(os.listdir("/dev/mqueue")) if os.path.isdir("/dev/mqueue") else set()
    try:
        keys = {line.split()[0] for line in Path("/proc/keys").read_text().splitlines()}
    except OSError:
        keys = set()
    return {"cgroups": groups, "ipc": ipc, "mqueue": queues, "keys": keys}


@dataclass
class Before:
    package: dict[str, bytes]
    machine: dict[str, set]


def assert_contained(attack: Attack, before: Before, isolation: str = "auto",
                     markers_allowed: bool = False) -> None:
    left = survivors(attack)
    assert not left, f"processes of the run survived it: {left}"
    markers = files_named_after(attack)
    if not markers_allowed:
        assert not markers, f"the run wrote outside its scratch space: {markers}"
    assert snapshot(PROBLEM) == before.package, "the problem package changed during the run"
    after = machine_state()
    for kind, items in before.machine.items():
        assert after[kind] == items, (f"the machine's {kind} changed during the run: "
                                      f"new {sorted(after[kind] - items)[:5]}, gone {sorted(items - after[kind])[:5]}")
    assert_judge_healthy(isolation)


def restore(folder: Path, before: dict[str, bytes]) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        rel = str(path.relative_to(folder))
        if path.is_file() and rel not in before:
            path.unlink()
        elif path.is_dir() and not any(name.startswith(rel + "/") for name in before):
            shutil.rmtree(path, ignore_errors=True)
    for rel, data in before.items():
        target = folder / rel
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


@pytest.fixture
def package_before():
    """The problem package and the machine's state before the test; the package is put back
    as it was afterwards, whatever happened."""
    before = Before(snapshot(PROBLEM), machine_state())
    yield before
    restore(PROBLEM, before.package)


@pytest.fixture
def make_attack(tmp_path):
    """render(name, port=0) for this test; whatever the attack left behind is removed afterwards,
    also when an assertion (or an expected failure) stopped the test early."""
    made: list[Attack] = []

    def make(name: str, port: int = 0) -> Attack:
        made.append(render(name, tmp_path, port))
        return made[-1]
    make.tmp = tmp_path
    yield make
    for one in made:
        survivors(one)
        files_named_after(one)


def judge_rss_mib() -> tuple[float, float]:
    """(peak, current) resident memory of this process, the judge."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    current = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            current = int(line.split()[1]) / 1024
    return peak, current


# --- the attacks, under the default sandbox ------------------------------------

def case(name: str, expected: set, message: str | None = None):
    return pytest.param(name, expected, message, id=name)


# name, expected verdicts, a phrase the test's message must contain (or None)
CASES = [
    case("cpu_loop.py", {Verdict.TLE}),
    case("cpu_loop.cpp", {Verdict.TLE}),
    case("sleep_forever.py", {Verdict.TLE}, "wall-clock"),
    case("sleep_forever.c", {Verdict.TLE}, "wall-clock"),
    case("memory_hog.py", {Verdict.MLE}),
    case("memory_hog.cpp", {Verdict.MLE}),
    # 128 Python processes take some 110 MiB: the memory limit may stop this one first.
    case("fork_bomb.py", {Verdict.RTE, Verdict.TLE, Verdict.MLE}),
    case("fork_bomb.c", {Verdict.RTE, Verdict.TLE}),
    case("huge_file.py", {Verdict.RTE}, "File too large"),
    case("huge_file.c", {Verdict.RTE}),
    case("disk_flood.py", {Verdict.RTE, Verdict.OLE, Verdict.MLE}),
    case("read_answer.py", {Verdict.WA}, "got 'blocked'"),
    case("find_answers.py", {Verdict.AC}),
    case("kill_judge.py", {Verdict.AC}),
    case("kill_judge.c", {Verdict.AC}),
    case("stop_judge.py", {Verdict.AC}),
    case("daemon.py", {Verdict.AC}),
    case("daemon.c", {Verdict.AC}),
    case("fd_exhaust.py", {Verdict.AC}),
    case("fd_exhaust.c", {Verdict.AC}),
    case("write_outside.py", {Verdict.AC}),
    case("stack_overflow.cpp", {Verdict.RTE}),
    case("deep_recursion.cpp", {Verdict.AC}),
    case("close_stdout.py", {Verdict.WA}, "got end of output"),
    case("close_stdout.c", {Verdict.AC}),
    case("forge_reply.py", {Verdict.TLE}),
    # no namespaces, no mounts, nothing beyond the run: each prints 0 when every attempt failed
    case("nested_userns.c", {Verdict.AC}),
    case("nested_userns.py", {Verdict.AC}),
    case("machine_calls.c", {Verdict.AC}),
    case("machine_calls.py", {Verdict.AC}),
    case("type_into_terminal.c", {Verdict.AC}),
    case("touch_init.c", {Verdict.AC}),
    case("touch_init.py", {Verdict.AC}),
    # what a program prints is never a verdict: exit 1 after "std::bad_alloc" with 1 MiB used is RTE
    case("says_bad_alloc.cpp", {Verdict.RTE}),
    case("says_memory_error.py", {Verdict.RTE}),
]


@needs_bwrap
@pytest.mark.parametrize("name, expected, message", CASES)
@pytest.mark.slow
def test_hostile_program_is_contained(name, expected, message, make_attack, package_before):
    attack = make_attack(name)
    result = judge(attack)
    assert result.sandbox == "bwrap"
    assert result.verdict in expected, explain(result)
    assert len(result.tests) == 1
    if message is not None:
        assert message in result.tests[0].message, explain(result)
    assert_contained(attack, package_before)


@needs_bwrap
def test_tcp_connection_to_the_host_fails(make_attack, package_before):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.1)
    stop = threading.Event()
    received: list[bytes] = []

    def serve() -> None:
        deadline = time.monotonic() + 60  # bounded even if the test never says stop
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = server.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(1.0)
                try:
                    received.append(conn.recv(256) or b"(connected, sent nothing)")
                except OSError:
                    received.append(b"(connected)")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        attack = make_attack("tcp_connect.py", port=server.getsockname()[1])
        result = judge(attack)
    finally:
        stop.set()
        thread.join(5)
        server.close()
    assert not thread.is_alive()
    assert not received, f"the sandboxed program reached the host's server: {received}"
    assert result.verdict is Verdict.AC, explain(result)
    assert_contained(attack, package_before)


@needs_bwrap
@pytest.mark.parametrize("name", ["flood_stderr.py", "flood_stderr.c"])
def test_stderr_flood_keeps_the_judge_bounded(name, make_attack, package_before):
    attack = make_attack(name)
    peak0, rss0 = judge_rss_mib()
    result = judge(attack)
    peak1, rss1 = judge_rss_mib()
    assert result.verdict is Verdict.OLE, explain(result)
    assert peak1 - peak0 < JUDGE_MEMORY_GROWTH_MIB, (peak0, peak1)
    assert rss1 - rss0 < JUDGE_MEMORY_GROWTH_MIB, (rss0, rss1)
    assert_contained(attack, package_before)


@needs_bwrap
@pytest.mark.parametrize("name", ["flood_stdout.py", "flood_stdout.c"])
def test_stdout_flood_keeps_the_judge_bounded(name, make_attack, package_before):
    attack = make_attack(name)
    peak0, rss0 = judge_rss_mib()
    result = judge(attack)
    peak1, rss1 = judge_rss_mib()
    assert result.verdict is Verdict.OLE, explain(result)
    assert peak1 - peak0 < JUDGE_MEMORY_GROWTH_MIB and rss1 - rss0 < JUDGE_MEMORY_GROWTH_MIB, (peak0, peak1, rss0, rss1)
    assert_contained(attack, package_before)


@needs_bwrap
@pytest.mark.parametrize("name", ["bad_bytes.py", "bad_bytes.c"])
def test_invalid_utf8_and_nul_bytes_are_a_clean_wrong_answer(name, make_attack, package_before):
    attack = make_attack(name)
    result = judge(attack)
    assert result.verdict is Verdict.WA, explain(result)
    message = result.tests[0].message
    assert "\\xff" in message and "\\x00" in message, message  # shown escaped ...
    assert message.isprintable(), repr(message)                # ... never raw
    json.dumps(result.to_dict())                                # and every report can carry it
    assert_contained(attack, package_before)


@needs_bwrap
def test_input_file_cannot_be_rewritten_through_stdin(make_attack, tmp_path, package_before):
    problem_dir = tmp_path / "problem"  # a copy: a breach must not damage the repository's fixture
    shutil.copytree(PROBLEM, problem_dir)
    attack = make_attack("overwrite_input.py")
    result = judge(attack, problem_dir=problem_dir)
    assert result.verdict is Verdict.AC, explain(result)
    assert (problem_dir / "data" / "sample" / "1.in").read_bytes() == INPUT.read_bytes(), \
        "the program rewrote the test's input file on the host"
    assert_contained(attack, package_before)


@needs_bwrap
@pytest.mark.slow
def test_cpu_time_cannot_be_hidden_from_the_judge(make_attack, package_before):
    """A helper process burns CPU without end while the main one zeroes the cgroup CPU counter.
    The verdict is TLE either way (by CPU, or by the wall clock when the CPU goes unseen), so the
    proof is the accounting: the run's CPU time must cover what the helper says it used. Checked
    through sandbox.run, whose result carries the program's standard error."""
    attack = make_attack("cpu_counter_reset.py")
    program = prepare(attack.source)
    problem = load_problem(PROBLEM)
    result = sandbox.run(program.argv, limits=problem_limits(problem), stdin=INPUT, isolation="bwrap",
                         visible=(program.folder,))
    assert result.status in (sandbox.Status.CPU, sandbox.Status.WALL), result
    reports = [line for line in result.stderr.decode().splitlines() if line.startswith("helper cpu ")]
    assert reports, result.stderr[-500:]
    helper_cpu = float(reports[-1].split()[-1])
    assert result.cpu_s >= helper_cpu - 0.05, \
        f"the run used at least {helper_cpu} s of CPU, the judge saw {result.cpu_s} s"
    verdict = judge(attack)
    assert verdict.verdict is Verdict.TLE, explain(verdict)
    assert_contained(attack, package_before)


@needs_bwrap
@pytest.mark.parametrize("name", ["leftovers.py", "leftovers_state.py", "leftovers_state.c"])
def test_next_run_finds_nothing_of_the_previous_one(name, make_attack, package_before):
    """Files (also mode-0 folders and trees deeper than PATH_MAX), SysV IPC objects and POSIX
    message queues that one run leaves are gone for the next one, on the same run server."""
    attack = make_attack(name)
    first = judge(attack)   # leaves its files ...
    second = judge(attack)  # ... and the same program, on the same run server, looks for them
    assert first.verdict is Verdict.AC, explain(first)
    assert second.verdict is Verdict.AC, explain(second)
    assert_contained(attack, package_before)


def test_survivor_check_sees_a_live_process(make_attack):
    """The check every test relies on finds a process carrying a run's token (and kills it)."""
    attack = make_attack("ac.py")
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", attack.token])
    try:
        deadline = time.monotonic() + 10
        while proc.pid not in processes_of(attack) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.pid in survivors(attack)
        assert proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        proc.kill()
        proc.wait()


# --- the unisolated fallback ---------------------------------------------------------

FALLBACK_CASES = [
    case("cpu_loop.py", {Verdict.TLE}),
    case("sleep_forever.c", {Verdict.TLE}, "wall-clock"),
    case("memory_hog.py", {Verdict.MLE}),
    case("memory_hog.cpp", {Verdict.MLE}),
    case("flood_stdout.py", {Verdict.OLE}),
    case("fork_bomb.c", {Verdict.RTE, Verdict.TLE}),
    case("fork_bomb.py", {Verdict.RTE, Verdict.TLE, Verdict.MLE}),
    case("daemon.c", {Verdict.AC}),
]


@pytest.mark.parametrize("name, expected, message", FALLBACK_CASES)
@pytest.mark.slow
def test_fallback_without_isolation(name, expected, message, make_attack, package_before):
    """isolation="none": rlimits, a process group and (where writable) a cgroup; verdicts and cleanup
    must be the same. Only attacks that are safe to run unisolated on a shared machine are tried."""
    attack = make_attack(name)
    result = judge(attack, isolation="none")
    assert result.sandbox == "none"
    assert result.verdict in expected, explain(result)
    if message is not None:
        assert message in result.tests[0].message, explain(result)
    # Unisolated, a daemon may write its marker in the host's /tmp before it is killed: that is what
    # "not isolated" means. It must still not survive the run.
    assert_contained(attack, package_before, isolation="none", markers_allowed=True)


def test_cli_reports_no_sandbox_when_asked(judge_cli):
    proc = judge_cli("run", str(PROBLEM), str(HOSTILE / "ac.py"), "--sandbox", "none", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["sandbox"] == "none" and report["verdict"] == "AC"


@needs_bwrap
def test_cli_reports_bubblewrap_by_default(judge_cli):
    proc = judge_cli("run", str(PROBLEM), str(HOSTILE / "ac.py"), "--sandbox", "auto", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["sandbox"] == "bwrap" and report["verdict"] == "AC"
    assert "NOT isolated" not in proc.stderr


# --- builds are hostile code too ---------------------------------------------------------

def processes_with_environment(token: str) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                if token.encode() in Path(f"/proc/{entry}/environ").read_bytes():
                    found.add(int(entry))
            except OSError:
                pass
    return found


@needs_bwrap
@pytest.mark.parametrize("name, message", [
    ("incbin_answer.c", "file not found"),           # the package's answers are not there to embed
    ("include_shadow.c", "No such file"),            # nor the machine's secrets
    ("include_dev_zero.cpp", "MiB of memory"),       # the build's memory limit
    ("slow_build.cpp", "CPU time"),                  # the build's time limit
])
def test_hostile_build_is_a_compilation_error(name, message, make_attack, package_before, monkeypatch):
    from judge import languages

    if name == "slow_build.cpp":
        monkeypatch.setattr(languages, "COMPILE_CPU_S", 3.0)  # it would take minutes
    token = f"hostile-{uuid.uuid4().hex[:12]}"
    monkeypatch.setitem(sandbox._BASE_ENV, "JUDGE_TEST_TOKEN", token)  # every process of the build carries it
    source = make_attack.tmp / name
    text = (HOSTILE / name).read_text()
    for key, value in {"@TOKEN@": token, "@ANS@": str(ANSWER)}.items():
        text = text.replace(key, value)
    source.write_text(text)
    result = judge_solution(load_problem(PROBLEM), source, fail_fast=True)
    assert result.verdict is Verdict.CE, explain(result)
    assert message in result.message, result.message
    assert "root:" not in result.message  # no line of /etc/shadow
    time.sleep(0.2)
    assert not processes_with_environment(token), "a process of the build kept running"
    assert snapshot(PROBLEM) == package_before.package
    assert_judge_healthy("auto")


# --- who a run is on the machine --------------------------------------------------------

@needs_bwrap
def test_a_run_is_an_unprivileged_user_of_the_machine(make_attack, package_before):
    """As root, the judge's runs have the sandbox user (nobody) on the machine, never root:
    read from outside, in /proc, while the run sleeps."""
    attack = make_attack("uid_probe.py")
    seen: dict[int, list[int]] = {}

    def watch() -> None:
        deadline = time.monotonic() + 20
        while not seen and time.monotonic() < deadline:
            for pid in processes_of(attack):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                seen[pid] = [int(v) for line in status.splitlines() if line.startswith(("Uid:", "Gid:"))
                             for v in line.split()[1:]]
            time.sleep(0.05)

    thread = threading.Thread(target=watch)
    thread.start()
    result = judge(attack)
    thread.join()
    assert result.verdict is Verdict.AC, explain(result)
    assert seen, "the run's helper process was never seen"
    expected = sandbox.sandbox_identity()
    for pid, ids in seen.items():
        assert 0 not in ids, f"process {pid} of the run is root on the machine: {ids}"
        if expected is not None:
            assert set(ids) == set(expected), (ids, expected)
    assert_contained(attack, package_before)
