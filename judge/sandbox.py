"""Run one process under limits and measure it. The only module that touches
rlimits, process groups, namespaces (bubblewrap) and cgroups.

    run(argv, stdin=..., limits=...) -> RunResult

Runs go through a small run server (runner.c, built once with the C compiler and
cached) that each worker starts once and reuses; with isolation "bwrap" the server
lives inside a bubblewrap sandbox, so namespaces are set up once per worker, not
once per test. For each run the server forks a child that joins the run's cgroup
set, sets its rlimits and execs the program; nothing of the server or of
bubblewrap is counted against the program.

What a run gets:
- stdin from a file opened here (the program never learns its path); stdout and
  stderr go to files capped by RLIMIT_FSIZE at the output limit, so a flood costs
  neither memory nor disk;
- its own session and process group, and a cgroup set where one can be made
  (memory limit, peak memory, CPU of the whole tree, process count); rlimits
  for CPU, stack (= the memory limit), file size, open files and core dumps (off);
- with isolation "bwrap": new user, PID, network, IPC, UTS and mount namespaces, a
  read-only view of the system directories, the program's own folder read-only, a
  fresh writable working directory (/box) and /tmp, and nothing else of the host
  (no repository, no answer files, no other solutions);
- a minimal environment (PATH, LANG, HOME, TMPDIR and one-thread settings for
  numerical libraries).

CPU time is user+sys of every process of the run (the cgroup's CPU counter, else
the wait4() rusage of the reaped tree). Peak memory is the larger of the tree's
peak RSS and the cgroup's peak. A wall-clock deadline stops sleepers. When the
main process ends, every other process of the run is killed (its process group,
its cgroup, and under bubblewrap everything in its PID namespace).
"""
from __future__ import annotations

import atexit
import enum
import fcntl
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from judge.cgroups import CgroupSet
from judge.errors import UserError

MIB = 1024 * 1024
STDERR_TAIL_BYTES = 4096
WALL_FACTOR = 2.0           # wall-clock backstop = WALL_FACTOR * cpu limit + WALL_EXTRA_S
WALL_EXTRA_S = 1.0
DEFAULT_PROCESSES = 128     # processes + threads of one run (fork bombs stop here)
DEFAULT_OPEN_FILES = 256
STACK_MARGIN_MIB = 64
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
_BWRAP_SCRATCH = (_BWRAP_WORKDIR, "/tmp", "/dev/shm")  # emptied by the server after every run
SCRATCH_BYTES = 1024 * MIB  # size cap of /box, /tmp and /dev/shm (their pages also count against the memory limit)


class Status(str, enum.Enum):
    OK = "ok"                 # exited with status 0 within every limit
    EXIT = "exit"             # non-zero exit status
    SIGNAL = "signal"         # killed by a signal
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


def _bwrap_executable() -> str | None:
    """bubblewrap's path: $JUDGE_BWRAP if set (empty = pretend it is missing), else from PATH."""
    configured = os.environ.get("JUDGE_BWRAP")
    if configured is not None:
        return configured if configured and os.access(configured, os.X_OK) else None
    return shutil.which("bwrap")


def bwrap_available() -> bool:
    """Whether bubblewrap is installed and can create its namespaces here (checked once)."""
    global _bwrap_checked
    if _bwrap_checked is None:
        exe = _bwrap_executable()
        ok = False
        if exe:
            scratch = Path(tempfile.mkdtemp(prefix="judge-probe-"))
            try:
                probe = subprocess.run([exe, *_bwrap_args(()), "--cap-add", "CAP_SYS_ADMIN", "true"],
                                       stdin=subprocess.DEVNULL, capture_output=True, timeout=10)
                ok = probe.returncode == 0
            except (OSError, subprocess.TimeoutExpired):
                ok = False
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
        _bwrap_checked = ok
    return _bwrap_checked


def resolve_isolation(requested: str) -> str:
    """'auto' -> the strongest level this machine offers; an explicit level is checked."""
    if requested == "auto":
        return "bwrap" if bwrap_available() else "none"
    if requested == "bwrap" and not bwrap_available():
        raise UserError("bubblewrap is not usable here (Debian: apt-get install -y bubblewrap; "
                        "user namespaces must be allowed); use --sandbox none for trusted code")
    if requested not in ISOLATION_LEVELS:
        raise UserError(f"unknown sandbox {requested!r}; choose auto, {' or '.join(ISOLATION_LEVELS)}")
    return requested


def _kept_in_tmp(paths) -> list[str]:
    """First components below /tmp of bound paths: the server must not empty those."""
    return sorted({Path(p).parts[2] for p in paths if len(Path(p).parts) > 2 and Path(p).parts[1] == "tmp"})


def _python_dirs() -> list[Path]:
    """What an interpreter outside the system directories needs to see (pyenv, venv)."""
    dirs = []
    for prefix in {sys.base_prefix, sys.prefix, sys.exec_prefix, sys.base_exec_prefix}:
        p = Path(prefix).resolve()
        if not any(str(p) == d or str(p).startswith(d + "/") for d in _BWRAP_SYSTEM_DIRS):
            dirs.append(p)
    return sorted(set(dirs))


def _bwrap_args(visible: tuple[Path, ...], extra: list[str] = ()) -> list[str]:
    """A sandbox: system folders and `visible` read-only, private size-limited /box and /tmp,
    the root read-only; `extra` options add more mounts before the root is sealed."""
    size = str(SCRATCH_BYTES)
    args = ["--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534",
            "--die-with-parent", "--new-session", "--hostname", "judge",
            "--proc", "/proc", "--dev", "/dev", "--size", size, "--tmpfs", "/dev/shm", "--remount-ro", "/dev",
            "--size", size, "--tmpfs", "/tmp", "--size", size, "--tmpfs", _BWRAP_WORKDIR]
    for d in _BWRAP_SYSTEM_DIRS:
        if os.path.islink(d):
            args += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            args += ["--ro-bind", d, d]
    for f in _BWRAP_ETC_FILES:
        args += ["--ro-bind-try", f, f]
    for d in [*_python_dirs(), *visible]:
        args += ["--ro-bind", str(d), str(d)]
    return [*args, *extra, "--chdir", _BWRAP_WORKDIR, "--remount-ro", "/"]



# --- the run server --------------------------------------------------------------

RUNNER_SOURCE = Path(__file__).with_name("runner.c")
WARM_SERVER = Path(__file__).with_name("harness") / "warm.py"
# What a warm Python server imports before its first run: NumPy and the standard library's
# usual suspects in contest code.
WARM_PRELOAD = ("numpy", "collections", "heapq", "bisect", "itertools", "functools", "math", "re", "random",
                "fractions", "decimal", "json", "io", "string", "operator", "array")
SERVERS = ("exec", "python")  # runner.c execs any program; warm.py runs Python scripts in a warm interpreter
REPLY_GRACE_S = 10.0  # how long past the wall limit the server may take to answer


_SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="judge-spawner")


class RunnerError(RuntimeError):
    """The run server failed (not the program): a judge error, never the solution's fault."""


_runner_program = None
_runner_lock = threading.Lock()


def _runner_binary() -> Path:
    global _runner_program
    with _runner_lock:
        if _runner_program is None:
            from judge.languages import CompileError, prepare
            try:
                _runner_program = prepare(RUNNER_SOURCE)
            except CompileError as exc:
                raise UserError(f"cannot build the judge's run server {RUNNER_SOURCE}: {exc.message}") from None
        return Path(_runner_program.argv[0])


class Runner:
    """One run server process, its scratch folder and its cgroup set; used by one thread at a time."""

    def __init__(self, isolation: str, visible: tuple[Path, ...], server: str = "exec"):
        self.isolation = isolation
        self.server = server
        self.closed = False
        self.scratch = Path(tempfile.mkdtemp(prefix="judge-worker-"))
        self.work = self.scratch / "work"  # the working folder of unisolated runs
        self.work.mkdir()
        self.request_id = 0
        # stdout and stderr files stay open for the server's life: emptied before each run
        self.out_fd = os.open(self.scratch / "stdout", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        self.err_fd = os.open(self.scratch / "stderr", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        self.cgroup = CgroupSet.create()
        if server == "python":
            from judge.languages import python_interpreter

            server_dir = WARM_SERVER.parent
            command = [python_interpreter(), "-I", str(WARM_SERVER)]
            extra_args = list(WARM_PRELOAD)
        else:
            binary = _runner_binary()
            server_dir = binary.parent
            command = [str(binary)]
            extra_args = []
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock = ours
        if isolation == "bwrap":
            self.cg_paths = {}
            binds: list[str] = []
            if self.cgroup is not None:
                for i, host in enumerate(self.cgroup.procs_files):  # joined by each program
                    self.cg_paths[f"/cg/procs{i}"] = host
                    binds += ["--bind", host, f"/cg/procs{i}"]
                self.cg_paths["/cg/cpu"] = str(self.cgroup.cpu_counter_file)  # read by the server only
                binds += ["--ro-bind", str(self.cgroup.cpu_counter_file), "/cg/cpu"]
            shown = (server_dir, *visible)
            self.keep_in_tmp = _kept_in_tmp([*map(str, shown), *map(str, _python_dirs()), *self.cg_paths])
            # CAP_SYS_ADMIN in the sandbox's own user namespace, for the server to make a PID
            # namespace of its own; it drops every capability right after
            argv = [_bwrap_executable() or "bwrap", *_bwrap_args(shown, binds), "--cap-add", "CAP_SYS_ADMIN",
                    "--", *command, str(theirs.fileno()), "--own-pid-namespace", *extra_args]
        else:
            argv = [*command, str(theirs.fileno()), *extra_args]
        env = dict(_BASE_ENV)  # one thread per numerical library: a server forks, threads do not
        env.update({k: os.environ[k] for k in _ENV_PASSTHROUGH if k in os.environ})
        try:
            # Started from one long-lived thread: the server (and bubblewrap) die with the thread
            # that started them (PR_SET_PDEATHSIG), and the worker threads of a pool come and go.
            self.proc = _SPAWNER.submit(subprocess.Popen, argv, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                                        pass_fds=(theirs.fileno(),), start_new_session=True).result()
        except OSError as exc:
            raise RunnerError(f"cannot start the run server: {exc}") from None
        finally:
            theirs.close()

    def _inside(self, host_files: list[str]) -> list[str]:
        if self.isolation != "bwrap":
            return host_files
        back = {h: i for i, h in self.cg_paths.items()}
        return [back[h] for h in host_files]

    def run(self, argv: list[str], limits: Limits, stdin: Path | None, stdin_bytes: bytes | None,
            cwd: Path | None) -> RunResult:
        if stdin_bytes is not None:
            stdin = self.scratch / "stdin"
            stdin.write_bytes(stdin_bytes)
        cgroup = self.cgroup
        if cgroup is not None:
            cgroup.prepare(limits.memory_mib * MIB, limits.processes)

        env = dict(_BASE_ENV)
        env.update({k: os.environ[k] for k in _ENV_PASSTHROUGH if k in os.environ})
        if self.isolation == "bwrap":
            env.update(HOME=_BWRAP_WORKDIR, TMPDIR="/tmp")
            run_cwd = _BWRAP_WORKDIR
        else:
            env.update(HOME=str(self.work), TMPDIR=str(self.work))
            run_cwd = str(cwd or self.work)
        if self.server == "python":  # the warm server is the interpreter: it gets the script and its args
            if len(argv) < 3 or argv[1] != "-I":
                raise RunnerError(f"the warm Python server runs `python -I script ...`, not {argv[:3]}")
            argv = argv[2:]
        items = [f"a{arg}" for arg in argv] + [f"e{k}={v}" for k, v in env.items()]
        items.append(f"d{run_cwd}")
        items += [f"r{res}:{value}" for res, value in _rlimits(limits, cgroup is not None)]
        items.append(f"t{int(limits.cpu_s * 1000)}")
        items.append(f"w{int(limits.wall_deadline_s * 1000)}")
        if cgroup is not None:
            items += [f"g{f}" for f in self._inside(cgroup.procs_files)]
            items.append(f"u{self._inside([str(cgroup.cpu_counter_file)])[0]}")
        if self.isolation == "bwrap":
            items += ["k1", *(f"c{d}" for d in _BWRAP_SCRATCH), *(f"p{name}" for name in self.keep_in_tmp)]
        self.request_id += 1
        items.append(f"n{self.request_id}")
        payload = b"".join(item.encode("utf-8", "surrogateescape") + b"\0" for item in items)

        for fd in (self.out_fd, self.err_fd):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
        in_fd = _sealed_copy(stdin)
        try:
            self.sock.settimeout(limits.wall_deadline_s + REPLY_GRACE_S)
            socket.send_fds(self.sock, [payload], [in_fd, self.out_fd, self.err_fd])
            reply = self.sock.recv(4096).decode()
        except OSError as exc:  # includes a time-out: the server hung or died
            raise RunnerError(f"the run server stopped answering ({exc or type(exc).__name__})") from None
        finally:
            os.close(in_fd)
        if not reply:
            raise RunnerError("the run server exited unexpectedly")
        kind, request_id, rest = (reply.split(" ", 2) + ["", ""])[:3]
        if request_id != str(self.request_id):
            raise RunnerError(f"the run server answered request {request_id}, not {self.request_id}")
        if kind != "ok":
            raise RunnerError(rest)
        status, user_us, sys_us, maxrss_kib, wall_us, reason = rest.split()

        cpu = (int(user_us) + int(sys_us)) / 1e6
        memory = int(maxrss_kib) * 1024
        oom = False
        if cgroup is not None:
            if self.isolation != "bwrap":  # under bwrap the server already emptied the PID namespace
                cgroup.kill_all()  # daemons that left the process group
            cpu = max(cpu, cgroup.cpu_seconds())
            # a warm child's RSS includes the preloaded interpreter it shares with its server:
            # the cgroup counts only the pages the run itself allocates or writes
            peak = cgroup.peak_memory_bytes()
            memory = peak if self.server == "python" else max(memory, peak)
            oom = cgroup.oom_killed()
        out_limit = limits.output_mib * MIB
        out_size, err_size = os.fstat(self.out_fd).st_size, os.fstat(self.err_fd).st_size
        stdout = os.pread(self.out_fd, min(out_size, out_limit + 1), 0)
        stderr = os.pread(self.err_fd, min(err_size, STDERR_TAIL_BYTES), max(0, err_size - STDERR_TAIL_BYTES))
        result = _result(limits, int(status), cpu, int(wall_us) / 1e6, memory, oom,
                         {"cpu": Status.CPU, "wall": Status.WALL}.get(reason), stdout, stderr, err_size,
                         self.isolation)
        if any(self.work.iterdir()):
            shutil.rmtree(self.work, ignore_errors=True)
            self.work.mkdir(exist_ok=True)
        return result

    def kill_current(self) -> None:
        """Stop the run in progress, from another thread (Ctrl-C). The thread waiting for it
        then sees the server gone and closes this runner itself."""
        if self.cgroup is not None:
            try:
                self.cgroup.kill_all()
            except OSError:
                pass
        if self.isolation == "bwrap" or self.cgroup is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.sock.close()
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
            self.proc.wait()
        if self.cgroup is not None:
            self.cgroup.remove()
        for fd in (self.out_fd, self.err_fd):
            os.close(fd)
        shutil.rmtree(self.scratch, ignore_errors=True)


def _result(limits: Limits, status: int, cpu: float, wall: float, memory: int, oom: bool, reason: Status | None,
            stdout: bytes, stderr: bytes, stderr_size: int, isolation: str) -> RunResult:
    """Classify how a run ended; `stdout` may hold one byte more than the output limit."""
    out_limit = limits.output_mib * MIB
    exit_code = os.waitstatus_to_exitcode(status)
    sig = -exit_code if exit_code < 0 else None
    exit_code = None if sig is not None else exit_code

    failed = sig is not None or exit_code != 0
    if reason is not None:
        final = reason
    elif cpu > limits.cpu_s:
        final = Status.CPU
    elif oom or (failed and (memory >= 0.95 * limits.memory_mib * MIB
                             or any(m in stderr for m in MEMORY_FAILURE_MARKERS))):
        final = Status.MEMORY
    elif len(stdout) > out_limit or stderr_size > out_limit:  # SIGXFSZ for another file is an RTE
        final = Status.OUTPUT
    elif sig is not None:
        final = Status.SIGNAL
    elif exit_code != 0:
        final = Status.EXIT
    else:
        final = Status.OK
    if len(stdout) > out_limit:
        stdout = stdout[:out_limit]
    return RunResult(final, exit_code, sig, cpu, wall, memory / MIB, stdout, stderr, isolation)


def _sealed_copy(path: Path | None) -> int:
    """The test input as a sealed memory file: the program reads it through stdin and can
    neither learn where the input lives nor change it (reopening /proc/self/fd/0 for
    writing gets a read-only, sealed copy)."""
    fd = os.memfd_create("input", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
    try:
        if path is not None:
            with open(path, "rb") as source:
                size = os.fstat(source.fileno()).st_size
                offset = 0
                while offset < size:
                    sent = os.sendfile(fd, source.fileno(), offset, size - offset)
                    if sent == 0:
                        break
                    offset += sent
        fcntl.fcntl(fd, fcntl.F_ADD_SEALS,
                    fcntl.F_SEAL_WRITE | fcntl.F_SEAL_GROW | fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_SEAL)
        os.lseek(fd, 0, os.SEEK_SET)
        return fd
    except OSError as exc:
        os.close(fd)
        raise RunnerError(f"cannot copy the test input {path}: {exc.strerror}") from None


def _stack_bytes(memory_mib: int) -> int:
    """Stack = memory limit less a margin, so that infinite recursion ends as a stack overflow
    (RTE) before it fills the memory limit (MLE): limit - 64 MiB, and at least half the limit."""
    return max(memory_mib // 2, memory_mib - STACK_MARGIN_MIB) * MIB


def _rlimits(limits: Limits, use_cgroup: bool) -> list[tuple[int, int]]:
    memory = limits.memory_mib * MIB
    out = [
        (resource.RLIMIT_CPU, int(limits.cpu_s) + 2),          # backstop; the server's check is exact
        (resource.RLIMIT_FSIZE, limits.output_mib * MIB + 1),   # one byte over = output limit exceeded
        (resource.RLIMIT_NOFILE, limits.open_files),
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_STACK, _stack_bytes(limits.memory_mib)),
    ]
    if not use_cgroup:
        out.append((resource.RLIMIT_DATA, memory))
        if os.geteuid() != 0:  # a per-user count: this user's processes plus the run's allowance
            out.append((resource.RLIMIT_NPROC, _user_process_count() + limits.processes))
    return out


def _user_process_count() -> int:
    uid = os.getuid()
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                count += os.stat(f"/proc/{entry}").st_uid == uid
            except OSError:
                pass
    return count


class _RunnerPool:
    """Idle run servers of this process, by isolation level and visible folders."""

    MAX_IDLE = 8

    def __init__(self):
        self._idle: list[tuple[tuple, Runner]] = []
        self._busy: set[Runner] = set()
        self._lock = threading.Lock()

    def acquire(self, isolation: str, visible: tuple[Path, ...], server: str) -> Runner:
        key = (isolation, server, tuple(sorted(str(v) for v in visible)))
        with self._lock:
            for i, (k, runner) in enumerate(self._idle):
                if k == key and runner.proc.poll() is None:  # skip a server that died while idle
                    del self._idle[i]
                    self._busy.add(runner)
                    return runner
        runner = Runner(isolation, visible, server)
        with self._lock:
            self._busy.add(runner)
        runner.key = key
        return runner

    def release(self, runner: Runner, healthy: bool) -> None:
        with self._lock:
            self._busy.discard(runner)
            if healthy:
                self._idle.append((runner.key, runner))
                evicted = self._idle[:-self.MAX_IDLE] if len(self._idle) > self.MAX_IDLE else []
                self._idle = self._idle[-self.MAX_IDLE:]
            else:
                evicted = [(None, runner)]
        for _, old in evicted:
            old.close()

    def kill_busy(self) -> None:
        with self._lock:
            busy = list(self._busy)
        for runner in busy:
            runner.kill_current()

    def close_all(self) -> None:
        with self._lock:
            runners = [r for _, r in self._idle] + list(self._busy)
            self._idle, self._busy = [], set()
        for runner in runners:
            runner.close()


_POOL = _RunnerPool()
atexit.register(lambda: _POOL.close_all())


def _after_fork_in_child() -> None:
    """A forked process (a process-pool worker) starts its own servers: the parent's sockets,
    spawner thread and cgroups are not its to use."""
    global _POOL, _SPAWNER, _runner_lock
    _POOL = _RunnerPool()
    _SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="judge-spawner")
    _runner_lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


def kill_active() -> None:
    """Stop every run in progress in this process (used on Ctrl-C)."""
    _POOL.kill_busy()


def run(argv: list[str] | tuple[str, ...], *, limits: Limits, stdin: Path | None = None,
        stdin_bytes: bytes | None = None, isolation: str = "none", visible: tuple[Path, ...] = (),
        cwd: Path | None = None, server: str = "exec") -> RunResult:
    """Run argv once under limits. `visible` are folders a sandboxed run may read (the
    program's own). `cwd` replaces the fresh working directory (trusted runs only, such
    as a custom output validator). `server` "python" runs a `python -I script ...` argv in
    a warm interpreter (see harness/warm.py) instead of starting one. Raises RunnerError
    if the judge's own machinery fails."""
    if server not in SERVERS:
        raise ValueError(f"unknown run server {server!r}; expected one of {SERVERS}")
    runner = _POOL.acquire(isolation, tuple(visible), server)
    healthy = False
    try:
        result = runner.run(list(argv), limits, stdin, stdin_bytes, cwd)
        healthy = True
        return result
    finally:
        _POOL.release(runner, healthy)
