"""Run one process under limits and measure it. The only module that touches
rlimits, process groups, namespaces (bubblewrap), seccomp and cgroups.

    run(argv, stdin=..., limits=...) -> RunResult

Runs go through a small run server (runner.c, built once with the C compiler and
cached) that each worker starts once and reuses; with isolation "bwrap" the server
is pid 1 of a bubblewrap sandbox, so the sandbox is set up once per worker, not
once per test. For each run the server forks a child that takes a fresh mount and
IPC namespace (empty /box, /tmp and /dev/shm), joins the run's cgroups, sets its
rlimits, drops every capability, installs the seccomp policy (judge/seccomp.py)
and execs the program; nothing of the server or of bubblewrap is counted against
the program. docs/sandbox.md states the threat model and every guarantee.

What a run gets:
- stdin from a sealed in-memory copy of the input (the program never learns its
  path); stdout and stderr go to files capped by RLIMIT_FSIZE at the output limit,
  so a flood costs neither memory nor disk; optional extra read-only files as
  descriptors 3, 4, ... (a validator's input and answer);
- its own session and process group, and a cgroup set where one can be made
  (memory limit, peak memory, CPU of the whole tree, process count), joined through
  descriptors the judge opened; rlimits for CPU, stack, file size, open files and
  core dumps (off);
- with isolation "bwrap": an unprivileged identity (the sandbox user when the judge
  runs as root, see sandbox_identity), new user, PID, network, IPC, UTS and mount
  namespaces, no nested user namespaces, a read-only view of the system
  directories, the program's own folder read-only at /judge/ro/N, and nothing else
  of the host (no repository, no answer files, no other solutions, no cgroup files);
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
import contextlib
import enum
import fcntl
import hashlib
import os
import re
import resource
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from judge.cgroups import CgroupSet, left_by_dead_judges
from judge.errors import UserError

MIB = 1024 * 1024
STDERR_TAIL_BYTES = 4096
WALL_FACTOR = 2.0           # wall-clock backstop = WALL_FACTOR * cpu limit + WALL_EXTRA_S
WALL_EXTRA_S = 1.0
DEFAULT_PROCESSES = 128     # processes + threads of one run (fork bombs stop here)
DEFAULT_OPEN_FILES = 256
STACK_MARGIN_MIB = 64

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
_BWRAP_SCRATCH = (_BWRAP_WORKDIR, "/tmp", "/dev/shm")  # a fresh tmpfs for every run
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
    stderr_head: bytes = b""  # the first STDERR_TAIL_BYTES bytes (a compiler's first errors)
    files: dict[str, bytes] | None = None  # what the run left in its feedback folder, if it had one
    ended_at: float = 0.0     # when the program ended, on the monotonic clock (time.monotonic())

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
SANDBOX_USER_DEFAULT = "nobody"


def _bwrap_executable() -> str | None:
    """bubblewrap's path: $JUDGE_BWRAP if set (empty = pretend it is missing), else from PATH."""
    configured = os.environ.get("JUDGE_BWRAP")
    if configured is not None:
        return configured if configured and os.access(configured, os.X_OK) else None
    return shutil.which("bwrap")


def sandbox_identity() -> tuple[int, int] | None:
    """(uid, gid) that sandboxed runs have outside the sandbox when the judge runs as root:
    $JUDGE_SANDBOX_USER (a user name or a number), by default the machine's `nobody`. None
    when the judge is not root: the sandbox is then the judge's own (unprivileged) user."""
    if os.geteuid() != 0:
        return None
    import pwd

    wanted = os.environ.get("JUDGE_SANDBOX_USER") or SANDBOX_USER_DEFAULT
    try:
        entry = pwd.getpwuid(int(wanted)) if wanted.isdigit() else pwd.getpwnam(wanted)
        uid, gid = entry.pw_uid, entry.pw_gid
    except KeyError:
        if not wanted.isdigit():
            raise UserError(f"JUDGE_SANDBOX_USER={wanted!r}: no such user; give an unprivileged user name "
                            f"or uid of this machine") from None
        uid = gid = int(wanted)
    if uid == 0 or gid == 0:
        raise UserError("JUDGE_SANDBOX_USER must not be root: sandboxed runs would be root outside the sandbox")
    return uid, gid


def bwrap_available() -> bool:
    """Whether bubblewrap is installed and a sandbox like the judge's starts here (checked once
    per process; a success is remembered until anything it depends on changes, see _probe_key)."""
    global _bwrap_checked
    if _bwrap_checked is None:
        ok = False
        if _bwrap_executable():
            sandbox_identity()  # a bad JUDGE_SANDBOX_USER is the user's to fix, never a reason to run unisolated
            remembered = _probe_record()
            ok = remembered is not None and remembered.exists()
            if not ok:
                ok = _probe()
                if ok and remembered is not None:
                    _remember(remembered)
        _bwrap_checked = ok
    return _bwrap_checked


def _probe() -> bool:
    """Start a sandbox like the judge's and run /bin/true in it."""
    try:
        runner = Runner("bwrap")
        try:
            return runner.run(["/bin/true"], Limits(cpu_s=5, memory_mib=64, output_mib=1), None, b"",
                              None).status is Status.OK
        finally:
            runner.close()
    except (OSError, RunnerError):
        return False


def _probe_record() -> Path | None:
    """Where a successful probe is remembered: a file named by everything the outcome depends on
    (this boot, the kernel, its user-namespace settings, bubblewrap's binary, the run server's
    build, who runs and as whom, and the temporary folder the scratch folders go to, with the
    owner and mode of it and of every folder above it: the sandbox user must reach it). Only success is remembered, and a stale record can only make
    runs fail loudly, never run them unisolated: `auto` falls back to none only on a failed probe."""
    try:
        facts = [*_bwrap_identity(), str(_runner_build()), str(os.geteuid()), str(sandbox_identity()),
                 os.uname().release]
        scratch = Path(tempfile.gettempdir()).resolve()
        for folder in (scratch, *scratch.parents):
            info = os.stat(folder)
            facts.append(f"{folder}:{info.st_uid}:{info.st_gid}:{info.st_mode:o}")
        for name in ("/proc/sys/kernel/random/boot_id", "/proc/sys/user/max_user_namespaces",
                     "/proc/sys/kernel/unprivileged_userns_clone"):
            try:
                facts.append(Path(name).read_text().strip())
            except OSError:
                facts.append("-")
        return _record("sandbox-probe", facts)
    except (OSError, UserError):
        return None


def _bwrap_identity() -> list[str]:
    """bubblewrap's binary as the records of what it can do are keyed: its path, and its inode,
    size and modification time (an upgrade changes them). OSError when there is none."""
    executable = _bwrap_executable()
    if executable is None:
        raise FileNotFoundError("bubblewrap")
    info = os.stat(executable)
    return [executable, f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"]


def _record(kind: str, facts: list[str]) -> Path:
    """The file in the cache that remembers an outcome of `kind` for exactly these facts (a
    UserError when the cache folder is unusable)."""
    from judge.languages import cache_dir

    return cache_dir() / kind / hashlib.sha256("\n".join(facts).encode()).hexdigest()


def _remember(record: Path, text: str = "") -> None:
    """Keep `text` as the record, written whole (a judge reading it meanwhile finds all of it or
    nothing); an unwritable cache is asked again next time."""
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        partial = record.with_name(f"{record.name}.{os.getpid()}.partial")
        partial.write_text(text)
        os.replace(partial, record)
    except OSError:
        pass


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


def _python_dirs() -> list[Path]:
    """What an interpreter outside the system directories needs to see (pyenv, venv)."""
    dirs = []
    for prefix in {sys.base_prefix, sys.prefix, sys.exec_prefix, sys.base_exec_prefix}:
        p = Path(prefix).resolve()
        if not any(str(p) == d or str(p).startswith(d + "/") for d in _BWRAP_SYSTEM_DIRS):
            dirs.append(p)
    return sorted(set(dirs))


def _system_args() -> list[str]:
    """The system as every sandbox sees it: namespaces, read-only system folders, /proc, /dev."""
    args = ["--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534", "--as-pid-1",
            "--die-with-parent", "--new-session", "--hostname", "judge",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/dev/shm", "--remount-ro", "/dev",
            "--tmpfs", "/tmp", "--tmpfs", _BWRAP_WORKDIR, "--dir", "/judge"]
    if _bwrap_supports("--disable-userns"):
        args.insert(2, "--disable-userns")
    for d in _BWRAP_SYSTEM_DIRS:
        if os.path.islink(d):
            args += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            args += ["--ro-bind", d, d]
    for f in _BWRAP_ETC_FILES:
        args += ["--ro-bind-try", f, f]
    return args


_bwrap_help: str | None = None
_bwrap_help_lock = threading.Lock()


def _bwrap_supports(option: str) -> bool:
    """Whether bubblewrap's --help lists `option`: read once per process, from a record kept
    per bubblewrap binary when there is one (running `bwrap --help` is some 3 ms of the first
    run of every judge command)."""
    global _bwrap_help
    with _bwrap_help_lock:  # the servers of -j N start side by side
        if _bwrap_help is None:
            _bwrap_help = _remembered_bwrap_help()
    return option in _bwrap_help


def _remembered_bwrap_help() -> str:
    try:
        record = _record("bwrap-help", _bwrap_identity())
    except (OSError, UserError):
        record = None
    if record is not None:
        try:
            return record.read_text()
        except OSError:  # not asked yet
            pass
    try:
        text = subprocess.run([_bwrap_executable() or "bwrap", "--help"], capture_output=True, text=True,
                              timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""
    if record is not None and text:
        _remember(record, text)
    return text


# --- the run server --------------------------------------------------------------

RUNNER_SOURCE = Path(__file__).with_name("runner.c")
WARM_SERVER = Path(__file__).with_name("harness") / "warm.py"
# What a warm Python server imports before its first run: the standard library's usual suspects
# in contest code, and NumPy for the "python-numpy" server (whose start costs a NumPy import, and
# whose larger address space costs every run's fork a little: see judging.warm_server).
WARM_PRELOAD = ("collections", "heapq", "bisect", "itertools", "functools", "math", "re", "random",
                "fractions", "decimal", "json", "io", "string", "operator", "array")
WARM_SERVERS = {"python": WARM_PRELOAD, "python-numpy": ("numpy", *WARM_PRELOAD)}
SERVERS = ("exec", *WARM_SERVERS)  # runner.c execs any program; warm.py runs Python scripts in a warm interpreter
REPLY_GRACE_S = 10.0  # how long past the wall limit the server may take to answer
FEEDBACK_DIR = "/judge/feedback"  # a run's writable exchange folder, when it asks for one (see run)
MAX_EXTRA_FILES = 8


_SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="judge-spawner")


class RunnerError(RuntimeError):
    """The run server failed (not the program): a judge error, never the solution's fault."""


_runner_folder: Path | None = None
_runner_lock = threading.Lock()


def _runner_build() -> Path:
    """The run server, built from runner.c by the judge itself (trusted code, not sandboxed):
    a folder holding `runner` and `runner.so`, keyed by the source and the compiler."""
    global _runner_folder
    with _runner_lock:
        if _runner_folder is None:
            from judge.languages import cache_dir

            compiler = shutil.which("gcc") or shutil.which("cc")
            if compiler is None:
                raise UserError("the judge needs a C compiler for its run server (Debian: apt-get install -y gcc)")
            source = RUNNER_SOURCE.read_bytes()
            real = os.path.realpath(compiler)
            key = hashlib.sha256(source + f"{real}:{os.stat(real).st_mtime_ns}".encode()).hexdigest()[:32]
            folder = cache_dir() / "runner" / key
            if not (folder / "runner.so").exists():
                _build_runner(compiler, folder)
            _runner_folder = folder
        return _runner_folder


def _build_runner(compiler: str, folder: Path) -> None:
    from judge.languages import staged

    with staged(folder, "runner.so") as staging:
        for out, extra in (("runner", []), ("runner.so", ["-shared", "-fPIC", "-DRUNNER_LIBRARY"])):
            proc = subprocess.run([compiler, "-O2", "-o", str(staging / out), *extra, str(RUNNER_SOURCE)],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                raise UserError(f"cannot build the judge's run server {RUNNER_SOURCE}: {proc.stderr.strip()[:500]}")
        staging.chmod(0o755)


def empty_folder(folder: Path) -> None:
    """Remove everything inside `folder`, whatever its entries' permissions or depth: a
    subfolder's entries are moved up into `folder` one level at a time (no recursion, two
    descriptors at most, no path longer than a name), then the emptied subfolder goes."""
    top = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    moved = 0
    try:
        while True:
            names = os.listdir(top)
            if not names:
                return
            for name in names:
                try:
                    os.unlink(name, dir_fd=top)
                    continue
                except IsADirectoryError:
                    pass
                except FileNotFoundError:
                    continue
                except PermissionError:  # EPERM for a folder on Linux
                    pass
                try:
                    os.rmdir(name, dir_fd=top)
                    continue
                except OSError:
                    pass
                sub = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=top)
                try:
                    os.chmod(sub, 0o700)
                    for inner in os.listdir(sub):
                        moved += 1
                        os.rename(inner, f".judge-{moved}", src_dir_fd=sub, dst_dir_fd=top)
                finally:
                    os.close(sub)
    finally:
        os.close(top)


@dataclass(frozen=True)
class Mounts:
    """What of the host a sandbox shows, besides the system folders. Paths below `visible`
    and `writable` folders in a request's argv and cwd are translated to where runs see them."""

    visible: tuple[Path, ...] = ()   # read-only at /judge/ro/N (a program's artifact folder)
    writable: tuple[Path, ...] = ()  # read-write at /judge/rw/N (a build folder)
    tools: tuple[Path, ...] = ()     # read-only at their own path (a toolchain outside /usr)
    feedback: bool = False           # an empty writable folder at FEEDBACK_DIR for every run


class Runner:
    """One run server process, its scratch folder and its cgroup set; used by one thread at a time.
    With `mounts.feedback`, RunResult.files holds what a run left in its feedback folder."""

    def __init__(self, isolation: str, mounts: Mounts = Mounts(), server: str = "exec"):
        feedback = mounts.feedback
        self.isolation = isolation
        self.server = server
        self.closed = False
        self.proc = None
        _sweep_orphans()
        self.scratch = Path(tempfile.mkdtemp(prefix=f"judge-worker-{os.getpid()}-"))
        self.work = self.scratch / "work"  # the working folder of unisolated runs
        self.work.mkdir()
        self.feedback = self.scratch / "feedback" if feedback else None
        self.stage: Path | None = None
        self.request_id = 0
        self._stop_requested = threading.Event()  # request_stop(), for the run in progress
        self.fds: list[int] = []
        self._owned: list[int] = []
        # stdout and stderr files stay open for the server's life: emptied before each run
        self.out_fd = os.open(self.scratch / "stdout", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        self.err_fd = os.open(self.scratch / "stderr", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        self.cgroup = CgroupSet.create()
        try:
            self._start(mounts)
        except BaseException:
            self.close()
            raise

    def _start(self, mounts: Mounts) -> None:
        visible, writable = mounts.visible, mounts.writable
        runner = _runner_build()
        identity = sandbox_identity() if self.isolation == "bwrap" else None
        # host folder -> where the run sees it
        ro = {runner: "/judge/bin", WARM_SERVER.parent: "/judge/harness"}
        ro.update({Path(v): f"/judge/ro/{i}" for i, v in enumerate(visible)})
        rw = {Path(w): f"/judge/rw/{i}" for i, w in enumerate(writable)}
        if self.feedback is not None:
            self.feedback.mkdir()
            rw[self.feedback] = FEEDBACK_DIR
        if self.isolation == "bwrap":
            self.paths = {str(h): inside for h, inside in {**ro, **rw}.items()}
        else:
            self.paths = {inside: str(h) for h, inside in {**ro, **rw}.items()}
        if identity is not None:
            for folder in rw:
                os.chown(folder, *identity)

        options = ["--seccomp-fd", str(self._keep(_sealed_copy(None, _seccomp_program())))]
        if self.cgroup is not None:
            procs, cpu = self.cgroup.server_fds()
            for fd in procs:
                options += ["--cgroup-fd", str(self._keep(fd, owned=False))]
            options += ["--cpu-fd", str(self._keep(cpu, owned=False))]
        if self.isolation == "bwrap":
            options += ["--isolated", "--scratch-bytes", str(SCRATCH_BYTES)]
            for d in _BWRAP_SCRATCH:
                options += ["--scratch", f"{d}:{'755' if d == _BWRAP_WORKDIR else '1777'}"]
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock = ours
        inside_runner = self._translate(str(runner))
        if self.server in WARM_SERVERS:
            from judge.languages import python_interpreter

            command = [python_interpreter(), "-I", self._translate(str(WARM_SERVER)), f"{inside_runner}/runner.so",
                       str(theirs.fileno()), *options, "--", *WARM_SERVERS[self.server]]
        else:
            command = [f"{inside_runner}/runner", str(theirs.fileno()), *options]
        if self.isolation == "bwrap":
            argv = self._bwrap_command(ro, rw, mounts.tools, identity, command)
        else:
            argv = command
        env = dict(_BASE_ENV)  # one thread per numerical library: a server forks, threads do not
        env.update({k: os.environ[k] for k in _ENV_PASSTHROUGH if k in os.environ})
        try:
            # Started from one long-lived thread: the server (and bubblewrap) die with the thread
            # that started them (PR_SET_PDEATHSIG), and the worker threads of a pool come and go.
            self.proc = _SPAWNER.submit(subprocess.Popen, argv, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                                        pass_fds=(theirs.fileno(), *self.fds), start_new_session=True).result()
        except OSError as exc:
            raise RunnerError(f"cannot start the run server: {exc}") from None
        finally:
            theirs.close()
            for fd in self._owned:
                os.close(fd)
            self._owned = []

    def _keep(self, fd: int, owned: bool = True) -> int:
        """A descriptor handed to the server at its start (closed here once it started, if ours)."""
        self.fds.append(fd)
        if owned:
            self._owned.append(fd)
        return fd

    def _bwrap_command(self, ro: dict, rw: dict, tools: tuple[Path, ...], identity: tuple[int, int] | None,
                       command: list[str]) -> list[str]:
        """bubblewrap's command line; as root, through the launcher (runner.c --launch), which binds
        folders only root can reach onto a stage folder and runs bubblewrap as the sandbox user."""
        binds = [(h, "--ro-bind", inside) for h, inside in ro.items()]
        binds += [(h, "--ro-bind", str(h)) for h in dict.fromkeys([*_python_dirs(), *map(Path, tools)])]
        binds += [(h, "--bind", inside) for h, inside in rw.items()]
        args = [_bwrap_executable() or "bwrap", *_system_args()]
        prefix: list[str] = []
        if identity is not None:
            self.stage = Path(tempfile.mkdtemp(prefix=f"judge-stage-{os.getpid()}-"))
            self.stage.chmod(0o755)
            for i in range(len(binds)):
                (self.stage / str(i)).mkdir(mode=0o755)
            prefix = [str(_runner_build() / "runner"), "--launch", str(identity[0]), str(identity[1]),
                      str(self.stage), *(str(h) for h, _, _ in binds), "--"]
            binds = [(self.stage / str(i), kind, inside) for i, (_, kind, inside) in enumerate(binds)]
        for source, kind, inside in binds:
            args += [kind, str(source), inside]
        # CAP_SYS_ADMIN in the sandbox's own user namespace: the server makes each run's mount and
        # IPC namespaces and drops it in the run before the program starts
        return [*prefix, *args, "--chdir", _BWRAP_WORKDIR, "--remount-ro", "/", "--cap-add", "CAP_SYS_ADMIN",
                "--", *command]

    def _translate(self, path: str) -> str:
        """A host path as the run sees it (isolated), or a sandbox path as the host has it (not)."""
        for prefix, replacement in self.paths.items():
            if path == prefix or path.startswith(prefix + "/"):
                return replacement + path[len(prefix):]
        return path

    def run(self, argv: list[str], limits: Limits, stdin: Path | None, stdin_bytes: bytes | None,
            cwd: Path | None, files: tuple[Path, ...] = ()) -> RunResult:
        self.start(argv, limits, stdin, stdin_bytes, cwd, files)
        return self.finish()

    def start(self, argv: list[str], limits: Limits, stdin: Path | None, stdin_bytes: bytes | None,
              cwd: Path | None, files: tuple[Path, ...] = (), stdio: tuple[int, int] | None = None,
              keep_feedback: bool = False) -> None:
        """Send one run to the server; finish() waits for it. `stdio` = (stdin, stdout) descriptors
        of the caller's (pipes of an interaction) instead of the input copy and the captured output.
        The feedback folder starts empty unless `keep_feedback` (the next pass of a multi-pass test)."""
        self._stop_requested.clear()  # a stop requested for an earlier run
        cgroup = self.cgroup
        if cgroup is not None:
            cgroup.prepare(limits.memory_mib * MIB, limits.processes)
        if self.feedback is not None and not keep_feedback:
            empty_folder(self.feedback)

        env = dict(_BASE_ENV)
        env.update({k: os.environ[k] for k in _ENV_PASSTHROUGH if k in os.environ})
        if self.isolation == "bwrap":
            env.update(HOME=_BWRAP_WORKDIR, TMPDIR="/tmp")
            run_cwd = self._translate(str(cwd)) if cwd else _BWRAP_WORKDIR
        else:
            env.update(HOME=str(self.work), TMPDIR=str(self.work))
            run_cwd = self._translate(str(cwd)) if cwd else str(self.work)
        argv = [self._translate(arg) for arg in argv]
        if self.server in WARM_SERVERS:  # the warm server is the interpreter: it gets the script and its args
            if len(argv) < 3 or argv[1] != "-I":
                raise RunnerError(f"the warm Python server runs `python -I script ...`, not {argv[:3]}")
            argv = argv[2:]
        items = [f"a{arg}" for arg in argv] + [f"e{k}={v}" for k, v in env.items()]
        items.append(f"d{run_cwd}")
        items += [f"r{res}:{value}" for res, value in _rlimits(limits, cgroup is not None)]
        items.append(f"t{int(limits.cpu_s * 1000)}")
        items.append(f"w{int(limits.wall_deadline_s * 1000)}")
        self.request_id += 1
        items.append(f"n{self.request_id}")
        payload = b"".join(item.encode("utf-8", "surrogateescape") + b"\0" for item in items)

        for fd in (self.out_fd, self.err_fd):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
        if len(files) > MAX_EXTRA_FILES:
            raise RunnerError(f"at most {MAX_EXTRA_FILES} extra files per run")
        opened: list[int] = []
        try:
            if stdio is None:
                opened.append(_sealed_copy(stdin, stdin_bytes))
            for path in files:
                try:
                    opened.append(os.open(path, os.O_RDONLY | os.O_CLOEXEC))
                except OSError as exc:
                    raise RunnerError(f"cannot open {path}: {exc.strerror}") from None
            fds = [*stdio, self.err_fd, *opened] if stdio else [opened[0], self.out_fd, self.err_fd, *opened[1:]]
            self.sock.settimeout(limits.wall_deadline_s + REPLY_GRACE_S)
            socket.send_fds(self.sock, [payload], fds)
        except OSError as exc:
            raise RunnerError(f"the run server stopped answering ({exc or type(exc).__name__})") from None
        finally:
            for fd in opened:
                os.close(fd)
        self._pending, self._sent_at = limits, time.monotonic()

    def finish(self) -> RunResult:
        """Wait for the run start() sent, and measure it. A stop another thread requested
        meanwhile (request_stop) is carried out here, as stop_run() would."""
        limits, cgroup = self._pending, self.cgroup
        try:
            if cgroup is not None:  # waiting, ready to carry out a stop another thread requests
                while not select.select([self.sock], [], [], 0.05)[0]:
                    if self._stop_requested.is_set():
                        self.stop_run()
                        break
                    if time.monotonic() - self._sent_at > limits.wall_deadline_s + REPLY_GRACE_S:
                        raise socket.timeout("timed out")
            reply = self.sock.recv(4096).decode()
        except OSError as exc:  # includes a time-out: the server hung or died
            raise RunnerError(f"the run server stopped answering ({exc or type(exc).__name__})") from None
        if not reply:
            raise RunnerError(f"the run server exited unexpectedly{self._server_error()}")
        kind, request_id, rest = (reply.split(" ", 2) + ["", ""])[:3]
        if request_id != str(self.request_id):
            raise RunnerError(f"the run server answered request {request_id}, not {self.request_id}")
        if kind != "ok":
            raise RunnerError(rest)
        status, user_us, sys_us, maxrss_kib, wall_us, reason, end_us = rest.split()

        cpu = (int(user_us) + int(sys_us)) / 1e6
        memory = int(maxrss_kib) * 1024
        oom = limit_hit = False
        if cgroup is not None:
            if self.isolation != "bwrap":  # under bwrap the server already emptied the PID namespace
                cgroup.kill_all()  # daemons that left the process group
            used = cgroup.measure()
            if not used.limits_intact:
                raise RunnerError("the run's cgroup limits changed while it ran: the sandbox was breached")
            cpu = max(cpu, used.cpu_s)
            # a warm child's RSS includes the preloaded interpreter it shares with its server:
            # the cgroup counts only the pages the run itself allocates or writes
            memory = used.peak_bytes if self.server in WARM_SERVERS else max(memory, used.peak_bytes)
            oom, limit_hit = used.oom_killed, used.limit_hit
        out_limit = limits.output_mib * MIB
        out_size, err_size = os.fstat(self.out_fd).st_size, os.fstat(self.err_fd).st_size
        stdout = os.pread(self.out_fd, min(out_size, out_limit + 1), 0)
        stderr = os.pread(self.err_fd, min(err_size, STDERR_TAIL_BYTES), max(0, err_size - STDERR_TAIL_BYTES))
        stderr_head = os.pread(self.err_fd, min(err_size, STDERR_TAIL_BYTES), 0)
        result = _result(limits, int(status), cpu, int(wall_us) / 1e6, memory, oom, limit_hit,
                         {"cpu": Status.CPU, "wall": Status.WALL}.get(reason), stdout, stderr, err_size,
                         self.isolation)
        result.stderr_head = stderr_head
        result.ended_at = int(end_us) / 1e6
        if self.feedback is not None:
            result.files = _collect(self.feedback, out_limit)
        if self.isolation != "bwrap" and any(self.work.iterdir()):
            empty_folder(self.work)
        return result

    def request_stop(self) -> None:
        """From another thread: stop the run in progress (the thread waiting in finish() kills
        it, if it can_stop_run); a request made before the next start() is dropped there."""
        self._stop_requested.set()

    @property
    def can_stop_run(self) -> bool:
        """Whether stop_run() ends a run at once (its cgroup is killed); else it does nothing."""
        return self.cgroup is not None

    def stop_run(self) -> None:
        """Kill the program of the run in progress (its cgroup), leaving the server to report
        how it ended (the other side of an interaction has already decided, or fail-fast has).
        A run just sent may not have joined its cgroup yet: the cgroup is killed again until the
        server's answer is there (or the run's deadline passed: finish() then reports the hang)."""
        if self.cgroup is None:
            return
        deadline = time.monotonic() + self._pending.wall_deadline_s + REPLY_GRACE_S
        while time.monotonic() < deadline:
            try:
                self.cgroup.kill_all()
            except OSError:
                return
            if select.select([self.sock], [], [], 0.002)[0]:
                return

    def _server_error(self) -> str:
        if self.proc is None or self.proc.poll() is None:
            return ""
        text = self.proc.stderr.read(2000).decode("utf-8", "replace").strip() if self.proc.stderr else ""
        return f": {text.splitlines()[-1]}" if text else f" (status {self.proc.returncode})"

    def kill_current(self) -> None:
        """Stop the run in progress, from another thread (Ctrl-C). The thread waiting for it
        then sees the server gone and closes this runner itself."""
        if self.cgroup is not None:
            try:
                self.cgroup.kill_all()
            except OSError:
                pass
        if self.proc is not None and (self.isolation == "bwrap" or self.cgroup is None):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if hasattr(self, "sock"):
            self.sock.close()
        if self.proc is not None:
            if self.proc.poll() is None:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except OSError:
                    pass
                self.proc.wait()
            if self.proc.stderr:
                self.proc.stderr.close()
        if self.cgroup is not None:
            self.cgroup.remove()
        for fd in (self.out_fd, self.err_fd, *self._owned):
            os.close(fd)
        self._owned = []
        for folder in (self.scratch, self.stage):
            if folder is not None and folder.exists():
                empty_folder(folder)
                folder.rmdir()


_swept = False
_ORPHAN = re.compile(r"judge-(?:worker|stage)-(\d+)-")


def _sweep_orphans() -> None:
    """Once per process: remove the scratch and stage folders of judge processes that died
    without closing their run servers (killed, or a pool worker ended past every hook); the
    folder's name carries its process's pid."""
    global _swept
    if _swept:
        return
    _swept = True
    for folder in left_by_dead_judges(Path(tempfile.gettempdir()), _ORPHAN):
        try:
            empty_folder(folder)
            folder.rmdir()
        except OSError:  # another user's, or being removed by someone else: not ours to insist
            pass


def _collect(folder: Path, limit: int) -> dict[str, bytes]:
    """The regular files a run left at the top of its feedback folder, each read up to `limit` bytes."""
    files = {}
    for entry in os.scandir(folder):
        if entry.is_file(follow_symlinks=False):
            fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
            try:
                files[entry.name] = os.read(fd, limit)
            finally:
                os.close(fd)
    return files


_seccomp_bytes: bytes | None = None


def _seccomp_program() -> bytes:
    global _seccomp_bytes
    if _seccomp_bytes is None:
        from judge.seccomp import UnsupportedArchitecture, compile_policy

        try:
            _seccomp_bytes = compile_policy()
        except UnsupportedArchitecture as exc:
            raise UserError(f"{exc}: sandboxed runs need one (use --sandbox none for trusted code)") from None
    return _seccomp_bytes


def _result(limits: Limits, status: int, cpu: float, wall: float, memory: int, oom: bool, limit_hit: bool,
            reason: Status | None, stdout: bytes, stderr: bytes, stderr_size: int, isolation: str) -> RunResult:
    """Classify how a run ended, from its exit status, signals and measurements only (never
    from what it printed); `stdout` may hold one byte more than the output limit."""
    out_limit = limits.output_mib * MIB
    exit_code = os.waitstatus_to_exitcode(status)
    sig = -exit_code if exit_code < 0 else None
    exit_code = None if sig is not None else exit_code

    failed = sig is not None or exit_code != 0
    if reason is not None:
        final = reason
    elif cpu > limits.cpu_s:
        final = Status.CPU
    elif oom or memory > limits.memory_mib * MIB or (
            failed and (limit_hit or memory >= 0.95 * limits.memory_mib * MIB)):
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


def _sealed_copy(path: Path | None, data: bytes | None = None) -> int:
    """The test input (a file, or bytes) as a sealed memory file: the program reads it through
    stdin and can neither learn where the input lives nor change it (reopening
    /proc/self/fd/0 for writing gets a read-only, sealed copy)."""
    fd = os.memfd_create("input", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
    try:
        if data is not None:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        elif path is not None:
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
        self._exit_hooked = False

    def acquire(self, isolation: str, mounts: Mounts, server: str) -> Runner:
        key = (isolation, server, mounts)
        with self._lock:
            for i, (k, runner) in enumerate(self._idle):
                if k == key and runner.proc.poll() is None:  # skip a server that died while idle
                    del self._idle[i]
                    self._busy.add(runner)
                    return runner
        runner = Runner(isolation, mounts, server)
        with self._lock:
            self._busy.add(runner)
            if not self._exit_hooked:
                self._exit_hooked = True
                _close_at_process_exit()
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


def _close_pool() -> None:
    _POOL.close_all()


atexit.register(_close_pool)


def _close_at_process_exit() -> None:
    """A multiprocessing worker (a process-pool executor's) leaves by os._exit, past atexit:
    its run servers are closed by multiprocessing's own exit finalizers instead."""
    if "multiprocessing" in sys.modules:
        import multiprocessing
        from multiprocessing import util

        if multiprocessing.parent_process() is not None:
            util.Finalize(None, _close_pool, exitpriority=100)


def _after_fork_in_child() -> None:
    """A forked process (a process-pool worker) starts its own servers: the parent's sockets,
    spawner thread and cgroups are not its to use."""
    global _POOL, _SPAWNER, _runner_lock, _runner_folder, _swept
    _POOL = _RunnerPool()
    _SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="judge-spawner")
    _runner_lock = threading.Lock()
    _runner_folder = None
    _swept = True  # the parent swept already


os.register_at_fork(after_in_child=_after_fork_in_child)


def kill_active() -> None:
    """Stop every run in progress in this process (used on Ctrl-C)."""
    _POOL.kill_busy()


@contextlib.contextmanager
def runner(*, isolation: str = "auto", visible: tuple[Path, ...] = (), writable: tuple[Path, ...] = (),
           tools: tuple[Path, ...] = (), feedback: bool = False, server: str = "exec") -> Iterator[Runner]:
    """A run server of this process's pool for the block's runs (see run() for the arguments);
    back to the pool afterwards, unless a run failed or it had a writable folder (one build)."""
    if server not in SERVERS:
        raise ValueError(f"unknown run server {server!r}; expected one of {SERVERS}")
    isolation = resolve_isolation(isolation)
    mounts = Mounts(tuple(map(Path, visible)), tuple(map(Path, writable)), tuple(map(Path, tools)), feedback)
    taken = _POOL.acquire(isolation, mounts, server)
    healthy = False
    try:
        yield taken
        healthy = not writable
    finally:
        _POOL.release(taken, healthy)


def run(argv: list[str] | tuple[str, ...], *, limits: Limits, stdin: Path | None = None,
        stdin_bytes: bytes | None = None, isolation: str = "auto", visible: tuple[Path, ...] = (),
        writable: tuple[Path, ...] = (), tools: tuple[Path, ...] = (), cwd: Path | None = None,
        files: tuple[Path, ...] = (), feedback: bool = False, server: str = "exec") -> RunResult:
    """Run argv once under limits, sandboxed unless `isolation` is "none" (trusted code only).

    `visible` are folders the run may read (the program's own), `writable` folders it may
    write (a compiler's build folder); paths below them in argv and `cwd` are translated to
    where the run sees them. `tools` are folders shown read-only at their own path (a
    toolchain that lives outside the system folders, e.g. a rustup sysroot). `files` are
    opened read-only here and given to the run as descriptors 3, 4, ... (a validator reads
    them as /dev/fd/3, ...). With `feedback`, the run gets an empty writable folder at
    FEEDBACK_DIR and RunResult.files holds what it wrote there. `server` "python" (or
    "python-numpy", NumPy preloaded) runs a `python -I script ...` argv in a warm interpreter
    (see harness/warm.py) instead of starting one. Raises RunnerError if the judge's own machinery fails."""
    with runner(isolation=isolation, visible=visible, writable=writable, tools=tools, feedback=feedback,
                server=server) as taken:
        return taken.run(list(argv), limits, stdin, stdin_bytes, cwd, tuple(files))
