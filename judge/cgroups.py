"""Control groups for one run at a time: memory limit and peak, CPU total, process count.

A cgroup sees the whole process tree of a run, including daemons that double-fork
and call setsid(), which neither wait4() nor a process group can follow. Both
cgroup v1 (separate memory, cpuacct and pids hierarchies) and v2 (one unified
hierarchy) are handled. Where no cgroup can be created (no root, read-only
/sys/fs/cgroup, macOS) `CgroupSet.create()` returns None and the sandbox falls
back to rlimits and wait4() accounting.

A set is made once per run server (see sandbox.py) and reused: counters are reset
between runs, so a run costs a few small writes instead of mkdir/rmdir.
"""
from __future__ import annotations

import atexit
import itertools
import os
import re
import signal
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
_counter = itertools.count()
_NAME = re.compile(r"judge-(\d+)-\d+\Z")   # judge-<the judge process's pid>-<n>
_swept = False


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def left_by_dead_judges(folder: Path, pattern: re.Pattern[str]) -> list[Path]:
    """The entries of `folder` that judge processes now gone left behind: `pattern` matches
    their names from the start, its first group the pid. Empty if the folder cannot be read."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [folder / name for name in names
            if (match := pattern.match(name)) is not None and not process_alive(int(match.group(1)))]


def _read(path: Path) -> str:
    with open(path) as f:
        return f.read()


def _own_cgroup_paths() -> dict[str, str]:
    """controller name -> this process's cgroup path ('' key for v2)."""
    paths: dict[str, str] = {}
    for line in _read(Path("/proc/self/cgroup")).splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            paths[controller] = path
    return paths


def _sweep_dead(parents: list[Path]) -> None:
    """Once per process: remove the cgroups of judge processes that died without removing them
    (killed: no exit hook ran), killing what is left in them first; the name carries the pid."""
    global _swept
    if _swept:
        return
    _swept = True
    for parent in parents:
        for folder in left_by_dead_judges(parent, _NAME):
            try:
                for pid in _read(folder / "cgroup.procs").split():
                    os.kill(int(pid), signal.SIGKILL)
                folder.rmdir()
            except (OSError, ValueError):  # busy still, or someone else's: not ours to insist
                pass


@dataclass(frozen=True)
class Measured:
    """What one run used, as its cgroup counted it."""
    cpu_s: float
    peak_bytes: int
    oom_killed: bool      # the kernel killed a process of the run for exceeding the memory limit
    limit_hit: bool       # its memory use reached the limit (v1 failcnt, v2 the "max" event)
    limits_intact: bool   # the tripwire: the limits still hold what prepare() wrote


class CgroupSet:
    """The cgroup(s) one run is placed in. Use create(); None means unavailable."""

    def __init__(self, version: int, dirs: dict[str, Path]):
        self.version = version
        self.dirs = dirs  # v1: {"memory": ..., "cpuacct": ..., "pids": ...}; v2: {"": ...}
        self._has_memsw: bool | None = None
        self._limits: tuple[int, int] | None = None    # what prepare() wrote for the run
        self._verified: tuple[int, int] | None = None  # limits the tripwire found intact after the last run
        self._before: tuple[int, int, int] = (0, 0, 0)  # _counts() when the run started
        self._after: tuple[int, int, int] | None = None  # _counts() when the last run ended
        self._fds: dict[tuple[Path, int], int] = {}  # files kept open: a run reads and writes a few each

    def _fd(self, path: Path, flags: int) -> int:
        fd = self._fds.get((path, flags))
        if fd is None:
            fd = self._fds[path, flags] = os.open(path, flags | os.O_CLOEXEC)
        return fd

    def _get(self, path: Path) -> str:
        return os.pread(self._fd(path, os.O_RDONLY), 65536, 0).decode()

    def _set(self, path: Path, value: str) -> None:
        os.write(self._fd(path, os.O_WRONLY), value.encode())

    # -- construction -------------------------------------------------------------

    @classmethod
    def create(cls) -> "CgroupSet | None":
        made: list[Path] = []
        try:
            own = _own_cgroup_paths()
            name = f"judge-{os.getpid()}-{next(_counter)}"
            if (ROOT / "memory").is_dir() and "memory" in own:
                dirs = {}
                _sweep_dead([ROOT / c / own.get(c, "/").lstrip("/") for c in ("memory", "cpuacct", "pids")])
                for controller in ("memory", "cpuacct", "pids"):
                    dirs[controller] = ROOT / controller / own.get(controller, "/").lstrip("/") / name
                    dirs[controller].mkdir()
                    made.append(dirs[controller])
                result = cls(1, dirs)
            elif (ROOT / "cgroup.controllers").is_file():
                parent = ROOT / own.get("", "/").lstrip("/")
                _sweep_dead([parent])
                enabled = _read(parent / "cgroup.subtree_control").split()
                if not {"memory", "pids"} <= set(enabled) or not (parent / "memory.peak").exists():
                    return None  # controllers not delegated here, or a kernel before 5.19
                (parent / name).mkdir()
                made.append(parent / name)
                result = cls(2, {"": parent / name})
            else:
                return None
        except (OSError, ValueError):
            for d in made:  # undo a half-made set (e.g. memory writable, pids not)
                try:
                    d.rmdir()
                except OSError:
                    pass
            return None
        atexit.register(result.remove)
        return result

    # -- per run ------------------------------------------------------------------

    @property
    def cpu_counter_file(self) -> Path:
        """Total CPU of the set: nanoseconds (v1 cpuacct.usage) or a cpu.stat with usage_usec (v2)."""
        if self.version == 1:
            return self.dirs["cpuacct"] / "cpuacct.usage"
        return self.dirs[""] / "cpu.stat"

    def server_fds(self) -> tuple[list[int], int]:
        """Descriptors a run server is given instead of paths: the cgroup.procs files a new
        process joins by writing "0" to them, and the CPU counter (read-only). Opened here,
        by the judge: no cgroup file system needs to be visible in a sandbox."""
        procs = [self._fd(d / "cgroup.procs", os.O_WRONLY) for d in self.dirs.values()]
        return procs, self._fd(self.cpu_counter_file, os.O_RDONLY)

    def prepare(self, memory_bytes: int, max_processes: int) -> None:
        """Before every run: write the limits, reset the peak and take the other counters'
        baselines. The limits are not written again when the tripwire (limits_intact) found
        exactly these after the previous run: nothing but this judge can write them, so they
        still hold (and a run that changed them would have been a judge error). The baselines
        are the previous run's final counts when nothing ran since."""
        limits = (memory_bytes, max_processes)
        if limits != self._verified:
            self._write_limits(memory_bytes, max_processes)
        self._limits, self._verified = limits, None
        if self.version == 1:
            self._set(self.dirs["memory"] / "memory.max_usage_in_bytes", "0")
        elif os.access(self.dirs[""] / "memory.peak", os.W_OK):  # resettable since 6.12
            self._set(self.dirs[""] / "memory.peak", "0")
        self._before = self._after if self._after is not None else self._counts()
        self._after = None

    def _write_limits(self, memory_bytes: int, max_processes: int) -> None:
        if self.version == 1:
            mem = self.dirs["memory"]
            # memory+swap may never be below memory alone: raise it first, lower it last
            memsw = mem / "memory.memsw.limit_in_bytes"
            if self._has_memsw is None:
                self._has_memsw = memsw.exists()
            for step in ("memsw", "memory", "memsw"):
                if step == "memory":
                    self._set(mem / "memory.limit_in_bytes", str(memory_bytes))
                elif self._has_memsw:
                    try:
                        self._set(memsw, str(memory_bytes))
                    except OSError:
                        pass
            self._set(self.dirs["pids"] / "pids.max", str(max_processes))
        else:
            d = self.dirs[""]
            self._set(d / "memory.max", str(memory_bytes))
            if (d / "memory.swap.max").exists():
                self._set(d / "memory.swap.max", "0")
            self._set(d / "pids.max", str(max_processes))

    def limits_intact(self) -> bool:
        """Whether the limits still hold what prepare() wrote (a run can reach no cgroup file;
        this is the tripwire that would show if one did)."""
        if self._limits is None:
            return True
        memory_bytes, max_processes = self._limits
        if self.version == 1:
            memory = int(self._get(self.dirs["memory"] / "memory.limit_in_bytes"))
            pids = self._get(self.dirs["pids"] / "pids.max").strip()
        else:
            memory = int(self._get(self.dirs[""] / "memory.max").strip().replace("max", "-1"))
            pids = self._get(self.dirs[""] / "pids.max").strip()
        page = os.sysconf("SC_PAGE_SIZE")
        intact = abs(memory - memory_bytes) < page and pids == str(max_processes)
        self._verified = self._limits if intact else None
        return intact

    def measure(self) -> Measured:
        """After a run (every process of it gone): what it used, against prepare()'s baselines.
        Its final counts are the next run's baselines."""
        intact = self.limits_intact()
        after = self._counts()
        cpu_before, oom_before, hits_before = self._before
        if self.version == 1:
            peak = int(self._get(self.dirs["memory"] / "memory.max_usage_in_bytes"))
        else:
            peak = int(self._get(self.dirs[""] / "memory.peak"))
        self._after = after
        return Measured(cpu_s=(after[0] - cpu_before) / 1e9, peak_bytes=peak, oom_killed=after[1] > oom_before,
                        limit_hit=after[2] > hits_before, limits_intact=intact)

    def kill_all(self) -> None:
        """SIGKILL every process still in the set (daemons included) and wait until it is empty."""
        procs = next(iter(self.dirs.values())) / "cgroup.procs"
        if self.version == 2 and (self.dirs[""] / "cgroup.kill").exists():
            self._set(self.dirs[""] / "cgroup.kill", "1")
        for _ in range(1000):
            pids = [int(p) for p in _read(procs).split()]  # opened anew: a kept descriptor reads stale lists
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.001)

    def remove(self) -> None:
        try:
            self.kill_all()
        except OSError:
            pass
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()
        for d in self.dirs.values():
            for _ in range(50):
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:  # still busy: the last process is being torn down
                    time.sleep(0.01)

    # -- helpers ------------------------------------------------------------------

    def _counts(self) -> tuple[int, int, int]:
        """CPU nanoseconds, OOM kills, memory limit hits: counters that only grow."""
        if self.version == 1:
            cpu = int(self._get(self.dirs["cpuacct"] / "cpuacct.usage"))
        else:
            cpu = self._cpu_usec_v2() * 1000
        return cpu, self._oom_kills(), self._limit_hits()

    def _oom_kills(self) -> int:
        name = "memory.oom_control" if self.version == 1 else "memory.events"
        d = self.dirs["memory" if self.version == 1 else ""]
        for line in self._get(d / name).splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
        if self.version == 1:  # kernels before 4.13 have no oom_kill line: count limit hits instead
            return int(self._get(d / "memory.failcnt"))
        return 0

    def _limit_hits(self) -> int:
        if self.version == 1:
            return int(self._get(self.dirs["memory"] / "memory.failcnt"))
        for line in self._get(self.dirs[""] / "memory.events").splitlines():
            key, _, value = line.partition(" ")
            if key == "max":
                return int(value)
        return 0

    def _cpu_usec_v2(self) -> int:
        for line in self._get(self.dirs[""] / "cpu.stat").splitlines():
            key, _, value = line.partition(" ")
            if key == "usage_usec":
                return int(value)
        return 0
