"""Run one process under limits and measure it. The only module that touches
rlimits, process groups, namespaces (bubblewrap) and cgroups.

    run(argv, stdin=..., limits=...) -> RunResult

What a run gets:
- stdin from a file opened here (the solution never learns its path); stdout and
  stderr go to files capped by RLIMIT_FSIZE at the output limit, so a flood costs
  neither memory nor disk;
- its own session and process group, and its own cgroup set where one can be made
  (memory limit, peak memory, CPU of the whole tree, process count); rlimits
  for CPU, stack (= the memory limit), file size, open files and core dumps (off);
- with isolation "bwrap": new user, PID, network, IPC, UTS and mount namespaces, a
  read-only view of the system directories, the program's own folder read-only, a
  fresh writable working directory and /tmp, and nothing else of the host
  (no repository, no answer files, no other solutions);
- a minimal environment (PATH, LANG, HOME, TMPDIR and one-thread settings for
  numerical libraries).

CPU time is user+sys of every process of the run (the cgroup's cpuacct, else the
wait4() rusage of the reaped tree). Peak memory is the larger of the tree's peak
RSS and the cgroup's peak. A wall-clock deadline stops sleepers. When the main
process ends, every other process of the run is killed.
"""
from __future__ import annotations

import enum
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from judge.cgroups import POOL, CgroupSet

MIB = 1024 * 1024
STDERR_TAIL_BYTES = 4096
CHECK_INTERVAL_S = 0.05     # how often a long run's CPU time is looked at
WALL_FACTOR = 2.0           # wall-clock backstop = WALL_FACTOR * cpu limit + WALL_EXTRA_S
WALL_EXTRA_S = 1.0
DEFAULT_PROCESSES = 128     # processes + threads of one run (fork bombs stop here)
DEFAULT_OPEN_FILES = 256
MEMORY_FAILURE_MARKERS = (b"MemoryError", b"std::bad_alloc", b"Cannot allocate memory", b"out of memory")

ISOLATION_LEVELS = ("bwrap", "none")

# The environment every run gets: nothing else of the judge's leaks in.
_ENV_PASSTHROUGH = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
_BASE_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
_BWRAP_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_BWRAP_ETC_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives",
                    "/etc/localtime", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf")
_BWRAP_WORKDIR = "/box"


class Status(str, enum.Enum):
    OK = "ok"                 # exited with status 0 within every limit
    EXIT = "exit"             # non-zero exit status
    SIGNAL = "signal"         # killed by a signal it did not ask for from us
    CPU = "cpu"               # CPU time over the limit
    WALL = "wall"             # wall-clock backstop reached
    MEMORY = "memory"         # memory limit reached
    OUTPUT = "output"         # output (or standard error) over the limit


@dataclass(frozen=True)
class Limits:
    cpu_s: float
    memory_mib: int
    output_mib: int
    wall_s: float = 0.0       # 0: derived from the CPU limit
    processes: int = DEFAULT_PROCESSES
    open_files: int = DEFAULT_OPEN_FILES

    @property
    def wall_deadline_s(self) -> float:
        return self.wall_s or WALL_FACTOR * self.cpu_s + WALL_EXTRA_S


@dataclass
class RunResult:
    status: Status
    exit_code: int | None
    signal: int | None
    cpu_s: float
    wall_s: float
    memory_mib: float
    stdout: bytes
    stderr: bytes             # the last STDERR_TAIL_BYTES bytes
    isolation: str

    @property
    def describe_exit(self) -> str:
        if self.signal is not None:
            try:
                name = signal.Signals(self.signal).name
            except ValueError:
                name = f"signal {self.signal}"
            return f"killed by {name}"
        return f"exit status {self.exit_code}"


# --- isolation -----------------------------------------------------------------

_bwrap_checked: bool | None = None


def bwrap_available() -> bool:
    """Whether bubblewrap is installed and can create its namespaces here (checked once)."""
    global _bwrap_checked
    if _bwrap_checked is None:
        exe = shutil.which("bwrap")
        ok = False
        if exe:
            try:
                probe = subprocess.run([exe, *_bwrap_args(Path("/"), ()), "true"], stdin=subprocess.DEVNULL,
                                       capture_output=True, timeout=10)
                ok = probe.returncode == 0
            except (OSError, subprocess.TimeoutExpired):
                ok = False
        _bwrap_checked = ok
    return _bwrap_checked


def resolve_isolation(requested: str) -> str:
    """'auto' -> the strongest level this machine offers; an explicit level is checked."""
    if requested == "auto":
        return "bwrap" if bwrap_available() else "none"
    if requested == "bwrap" and not bwrap_available():
        from judge.errors import UserError
        raise UserError("bubblewrap is not usable here (Debian: apt-get install -y bubblewrap; "
                        "user namespaces must be allowed); use --sandbox none for trusted code")
    if requested not in ISOLATION_LEVELS:
        from judge.errors import UserError
        raise UserError(f"unknown sandbox {requested!r}; choose auto, {' or '.join(ISOLATION_LEVELS)}")
    return requested


def _python_dirs() -> list[Path]:
    """What an interpreter outside the system directories needs to see (pyenv, venv)."""
    dirs = []
    for prefix in {sys.base_prefix, sys.prefix, sys.exec_prefix, sys.base_exec_prefix}:
        p = Path(prefix).resolve()
        if not any(str(p) == d or str(p).startswith(d + "/") for d in _BWRAP_SYSTEM_DIRS):
            dirs.append(p)
    return sorted(set(dirs))


def _bwrap_args(workdir: Path, visible: tuple[Path, ...]) -> list[str]:
    args = ["--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534",
            "--die-with-parent", "--new-session", "--hostname", "judge",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for d in _BWRAP_SYSTEM_DIRS:
        if os.path.islink(d):
            args += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            args += ["--ro-bind", d, d]
    for f in _BWRAP_ETC_FILES:
        args += ["--ro-bind-try", f, f]
    for d in [*_python_dirs(), *visible]:
        args += ["--ro-bind", str(d), str(d)]
    args += ["--bind", str(workdir), _BWRAP_WORKDIR, "--chdir", _BWRAP_WORKDIR]
    return args


# --- processes alive right now, so that Ctrl-C can stop them all --------------

_active: dict[int, CgroupSet | None] = {}
_active_lock = threading.Lock()


def kill_active() -> None:
    """Kill every run in progress in this process (used on Ctrl-C)."""
    with _active_lock:
        items = list(_active.items())
    for pid, cgroup in items:
        _kill_tree(pid, cgroup)


def _kill_tree(pid: int, cgroup: CgroupSet | None) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if cgroup is not None:
        try:
            cgroup.kill_all()
        except OSError:
            pass


# --- the run -------------------------------------------------------------------

def _child_setup(rlimits: list[tuple[int, int]], cgroup_files: list[str]):
    """Runs in the child between fork and exec: join the cgroup set, set rlimits."""
    def setup() -> None:
        for path in cgroup_files:
            fd = os.open(path, os.O_WRONLY)
            try:
                os.write(fd, b"0")
            finally:
                os.close(fd)
        for res, value in rlimits:
            resource.setrlimit(res, (value, value))
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    return setup


def _rlimits(limits: Limits, use_cgroup: bool) -> list[tuple[int, int]]:
    memory = limits.memory_mib * MIB
    out = [
        (resource.RLIMIT_CPU, int(limits.cpu_s) + 2),          # backstop; the poll loop is exact
        (resource.RLIMIT_FSIZE, limits.output_mib * MIB + 1),   # one byte over = output limit exceeded
        (resource.RLIMIT_NOFILE, limits.open_files),
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_STACK, memory),                        # deep recursion as deep as memory allows
    ]
    if not use_cgroup:
        out.append((resource.RLIMIT_DATA, memory))
        if os.geteuid() != 0:  # per-user count: this user's processes plus the run's allowance
            out.append((resource.RLIMIT_NPROC, _user_process_count() + limits.processes))
    return out


def _user_process_count() -> int:
    uid = os.getuid()
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += 1
            except OSError:
                pass
    return count


def _proc_cpu_s(pid: int) -> float:
    """CPU of a live process and its reaped children, from /proc (no cgroup)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
        return ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _read_capped(path: Path, limit: int) -> bytes:
    with open(path, "rb") as f:
        return f.read(limit)


def _read_tail(path: Path, size: int) -> bytes:
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        end = f.tell()
        f.seek(max(0, end - size))
        return f.read()


def run(argv: list[str] | tuple[str, ...], *, limits: Limits, stdin: Path | None = None,
        isolation: str = "none", visible: tuple[Path, ...] = (), cwd: Path | None = None,
        stdin_bytes: bytes | None = None) -> RunResult:
    """Run argv once under limits. `visible` are extra paths a sandboxed run may read
    (the program's own folder). `cwd` replaces the fresh working directory (trusted
    runs only, such as a custom output validator)."""
    scratch = Path(tempfile.mkdtemp(prefix="judge-run-"))
    try:
        return _run_in(scratch, list(argv), limits, stdin, stdin_bytes, isolation, visible, cwd)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _run_in(scratch: Path, argv: list[str], limits: Limits, stdin: Path | None, stdin_bytes: bytes | None,
            isolation: str, visible: tuple[Path, ...], cwd: Path | None) -> RunResult:
    work = scratch / "work"
    work.mkdir()
    out_path, err_path = scratch / "stdout", scratch / "stderr"
    if stdin_bytes is not None:
        (scratch / "stdin").write_bytes(stdin_bytes)
        stdin = scratch / "stdin"

    env = dict(_BASE_ENV)
    env.update({k: os.environ[k] for k in _ENV_PASSTHROUGH if k in os.environ})
    if isolation == "bwrap":
        env.update(HOME=_BWRAP_WORKDIR, TMPDIR="/tmp")
        argv = ["bwrap", *_bwrap_args(work, visible), "--", *argv]
        run_cwd = work
    else:
        env.update(HOME=str(work), TMPDIR=str(work))
        run_cwd = cwd or work

    cgroup = POOL.acquire()
    try:
        if cgroup is not None:
            cgroup.prepare(limits.memory_mib * MIB, limits.processes)
        setup = _child_setup(_rlimits(limits, cgroup is not None), cgroup.procs_files if cgroup else [])
        with open(stdin or os.devnull, "rb") as fin, open(out_path, "wb") as fout, open(err_path, "wb") as ferr:
            start = time.monotonic()
            try:
                proc = subprocess.Popen(argv, stdin=fin, stdout=fout, stderr=ferr, cwd=run_cwd, env=env,
                                        preexec_fn=setup, start_new_session=True, close_fds=True)
            except OSError as exc:
                return RunResult(Status.EXIT, 127, None, 0.0, 0.0, 0.0, b"",
                                 f"cannot start {argv[0]}: {exc.strerror}".encode(), isolation)
        with _active_lock:
            _active[proc.pid] = cgroup
        try:
            waited = _wait(proc.pid, limits, start, cgroup)
        except BaseException:  # Ctrl-C while waiting: the run must not outlive us
            _kill_tree(proc.pid, cgroup)
            os.waitpid(proc.pid, 0)
            proc.returncode = -signal.SIGKILL
            raise
        finally:
            with _active_lock:
                _active.pop(proc.pid, None)
        reason, status, usage, wall = waited
        proc.returncode = status  # reaped by us; keeps Popen from waiting again

        cpu = usage.ru_utime + usage.ru_stime
        memory = usage.ru_maxrss * 1024
        oom = False
        if cgroup is not None:
            cpu = max(cpu, cgroup.cpu_seconds())
            memory = max(memory, cgroup.peak_memory_bytes())
            oom = cgroup.oom_killed()
    finally:
        POOL.release(cgroup)

    out_limit = limits.output_mib * MIB
    stdout = _read_capped(out_path, out_limit + 1)
    stderr = _read_tail(err_path, STDERR_TAIL_BYTES)
    exit_code = os.waitstatus_to_exitcode(status)
    sig = -exit_code if exit_code < 0 else None
    exit_code = None if sig is not None else exit_code
    if isolation == "bwrap" and exit_code is not None and exit_code >= 128 + 1 and reason is None:
        # bubblewrap reports a child killed by signal N as exit status 128 + N
        sig, exit_code = exit_code - 128, None

    failed = sig is not None or exit_code != 0
    if reason is not None:
        final = reason
    elif cpu > limits.cpu_s:
        final = Status.CPU
    elif oom or (failed and (memory >= 0.95 * limits.memory_mib * MIB
                             or any(m in stderr for m in MEMORY_FAILURE_MARKERS))):
        final = Status.MEMORY
    elif len(stdout) > out_limit or sig == signal.SIGXFSZ or os.path.getsize(err_path) > out_limit:
        final = Status.OUTPUT
    elif sig is not None:
        final = Status.SIGNAL
    elif exit_code != 0:
        final = Status.EXIT
    else:
        final = Status.OK
    return RunResult(final, exit_code, sig, cpu, wall, memory / MIB, stdout[:out_limit], stderr, isolation)


def _wait(pid: int, limits: Limits, start: float, cgroup: CgroupSet | None):
    """Wait for the main process under the CPU and wall limits; kill the whole run after."""
    deadline = start + limits.wall_deadline_s
    reason: Status | None = None
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    poller = None
    if pidfd is not None:
        poller = select.poll()
        poller.register(pidfd, select.POLLIN)
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                reason = Status.WALL
                break
            step = min(remaining, CHECK_INTERVAL_S)
            if poller is not None:
                if poller.poll(step * 1000):
                    break
            else:
                if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                    break
                time.sleep(min(step, 0.005))
            used = cgroup.cpu_seconds() if cgroup is not None else _proc_cpu_s(pid)
            if used > limits.cpu_s:
                reason = Status.CPU
                break
    finally:
        if pidfd is not None:
            os.close(pidfd)
    wall = time.monotonic() - start
    _kill_tree(pid, cgroup)  # the main process is a zombie or about to be: its group goes now
    _, status, usage = os.wait4(pid, 0)
    if cgroup is not None:
        cgroup.kill_all()  # daemons that left the process group
    return reason, status, usage, wall
