"""The warm run server for Python solutions: runner.c's protocol, spoken by a Python
interpreter that has already started and imported NumPy, so that each run costs a
fork instead of an interpreter start (15-60 ms) and a NumPy import (~190 ms).

    python -I warm.py SOCKET_FD [--own-pid-namespace] [MODULE ...]   (started by judge/sandbox.py)

For each request it forks a child that, before running anything of the solution,
joins the run's cgroups, sets its rlimits, takes the run's stdin/stdout/stderr,
working directory and environment, and then runs the script as __main__ with
runpy, as `python -I script args...` would: fresh globals, sys.argv, the default
recursion limit, exit status from SystemExit, a traceback and status 1 on an
uncaught exception, atexit handlers run and streams flushed at the end.

What a warm run does not share with a cold one: the interpreter's start and the
preloaded modules are neither timed nor counted as the run's memory (the cgroup
counts only pages the child itself allocates or writes); the hash seed is the
server's (a cold run draws a new one); modules the server preloaded are already
imported. The random and numpy.random global generators are reseeded in each child.
This file is standard library only (NumPy optional): it must not import the judge.
"""
import io
import os
import resource
import runpy
import select
import signal
import socket
import sys
import time

STEP_S = 0.02  # how often the CPU counter is read while a run is going


def _cpu_us(counter, pid):
    try:
        if counter:
            with open(counter) as f:
                text = f.read()
            if text[:1].isdigit():
                return int(text) // 1000  # v1: ns
            for line in text.splitlines():
                if line.startswith("usage_usec "):
                    return int(line.split()[1])
            return 0
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) * 1_000_000 // os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0


def _parse(payload):
    request = {"argv": [], "env": {}, "cgroups": [], "rlimits": [], "keep": set(), "cwd": None, "counter": None,
               "cpu_us": 0, "wall_us": 0, "kill_ns": False, "scratch": [], "id": "-"}
    for item in payload.split(b"\0"):
        if not item:
            continue
        kind, value = chr(item[0]), os.fsdecode(item[1:])
        if kind == "a":
            request["argv"].append(value)
        elif kind == "e":
            name, _, v = value.partition("=")
            request["env"][name] = v
        elif kind == "d":
            request["cwd"] = value
        elif kind == "g":
            request["cgroups"].append(value)
        elif kind == "r":
            res, _, v = value.partition(":")
            request["rlimits"].append((int(res), int(v)))
        elif kind == "t":
            request["cpu_us"] = int(value) * 1000
        elif kind == "w":
            request["wall_us"] = int(value) * 1000
        elif kind == "u":
            request["counter"] = value
        elif kind == "k":
            request["kill_ns"] = True
        elif kind == "c":
            request["scratch"].append(value)
        elif kind == "n":
            request["id"] = value
        elif kind == "p":
            request["keep"].add(value)
    return request


def _child(request, fds, errfd):
    """Between fork and the solution: become the run. Never returns."""
    try:
        os.setsid()
        import ctypes

        libc = ctypes.CDLL(None)
        libc.prctl(PR_SET_DUMPABLE, 1)  # as after an execve: the program's own /proc is its own
        libc.prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS
        for path in request["cgroups"]:
            with open(path, "w") as f:
                f.write("0")
        for res, value in request["rlimits"]:
            resource.setrlimit(res, (value, value))
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        if request["cwd"]:
            os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
    except OSError as exc:
        os.write(errfd, f"{exc.errno}".encode())
        os._exit(127)
    os.close(errfd)
    os._exit(_run_script(request["argv"]))


def _run_script(argv):
    """Run argv[0] as __main__, as `python -I` would, and return the exit status."""
    sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding="utf-8",
                                 errors="surrogateescape")
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)), encoding="utf-8",
                                  errors="surrogateescape")
    sys.stderr = io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, "w", closefd=False)), encoding="utf-8",
                                  errors="backslashreplace", line_buffering=True)
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr  # as at start-up
    sys.argv = list(argv)
    for name in ("numpy.random",):
        module = sys.modules.get(name)
        if module is not None:
            module.seed()  # a cold run would start from fresh entropy
    status = 0
    try:
        runpy.run_path(argv[0], run_name="__main__")
    except SystemExit as exc:
        code = exc.code
        if code is None:
            status = 0
        elif isinstance(code, int):
            status = code & 0xFF
        else:
            print(code, file=sys.stderr)
            status = 1
    except BaseException:
        import traceback

        traceback.print_exc()
        status = 1
    import atexit

    atexit._run_exitfuncs()
    for stream in dict.fromkeys((sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__)):  # as at shutdown
        try:
            stream.flush()
        except Exception:
            status = status or 120  # as CPython does when flushing stdout fails at exit
    return status


def _clean(folder, keep):
    import shutil

    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for name in entries:
        if name in keep:
            continue
        path = os.path.join(folder, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass


def _serve_one(sock, payload, fds):
    request = _parse(payload)
    reply = _run(sock, request, fds)
    return f"{reply[0]} {request['id']} {reply[1]}"


def _run(sock, request, fds):
    if not request["argv"]:
        return "err", "empty argv"
    errpipe = os.pipe2(os.O_CLOEXEC)
    cpu0 = _cpu_us(request["counter"], 0) if request["counter"] else 0
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        sock.close()
        os.close(errpipe[0])
        _child(request, fds, errpipe[1])
    os.close(errpipe[1])
    failure = os.read(errpipe[0], 64)
    os.close(errpipe[0])
    if failure:
        os.waitpid(pid, 0)
        return "err", f"cannot start {request['argv'][0]}: {os.strerror(int(failure))}"

    pidfd = os.pidfd_open(pid)
    reason = "none"
    try:
        while True:
            elapsed_us = (time.monotonic() - start) * 1e6
            if request["wall_us"] and elapsed_us >= request["wall_us"]:
                reason = "wall"
                break
            left = (request["wall_us"] - elapsed_us) / 1e6 if request["wall_us"] else STEP_S
            if select.select([pidfd], [], [], min(STEP_S, max(left, 0)))[0]:
                break
            if request["cpu_us"] and _cpu_us(request["counter"], pid) - cpu0 > request["cpu_us"]:
                reason = "cpu"
                break
    finally:
        os.close(pidfd)
    wall_us = int((time.monotonic() - start) * 1e6)
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass
    if request["kill_ns"]:
        try:
            os.kill(-1, signal.SIGKILL)  # everything in this PID namespace but us and its init
        except OSError:
            pass
    _, status, usage = os.wait4(pid, 0)
    if request["kill_ns"]:
        while True:
            try:
                os.waitpid(-1, 0)
            except ChildProcessError:
                break
    for folder in request["scratch"]:
        _clean(folder, request["keep"])
    user_us, sys_us = int(usage.ru_utime * 1e6), int(usage.ru_stime * 1e6)
    return "ok", f"{status} {user_us} {sys_us} {usage.ru_maxrss} {wall_us} {reason}"


PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER, PR_CAP_AMBIENT = 1, 4, 36, 47
PR_CAP_AMBIENT_CLEAR_ALL, CLONE_NEWPID, LINUX_CAPABILITY_VERSION_3 = 4, 0x20000000, 0x20080522


def _own_pid_namespace(libc):
    """As runner.c: become init of a PID namespace of our own, without capabilities; the
    process outside only waits."""
    import ctypes

    if libc.unshare(CLONE_NEWPID) != 0:
        sys.exit(f"warm.py: unshare(CLONE_NEWPID): {os.strerror(ctypes.get_errno())}")
    init = os.fork()
    if init:
        libc.prctl(PR_SET_DUMPABLE, 0)
        _, status = os.waitpid(init, 0)
        os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(LINUX_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()
    if libc.capset(header, data) != 0:
        sys.exit(f"warm.py: capset: {os.strerror(ctypes.get_errno())}")


def main():
    import ctypes

    sock = socket.socket(fileno=int(sys.argv[1]))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # die with the judge
    preload = [a for a in sys.argv[2:] if not a.startswith("--")]
    if "--own-pid-namespace" in sys.argv[2:]:
        _own_pid_namespace(libc)
    libc.prctl(PR_SET_DUMPABLE, 0)  # no ptrace, no /proc/<pid>/mem by the programs
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1)  # orphans of a run come back to us
    for name in preload:  # the point of a warm server
        try:
            __import__(name)
        except ImportError:
            pass
    import atexit  # noqa: F401  (used by every child: imported once here)
    import traceback  # noqa: F401

    runpy.run_path(__file__, run_name="__warm_up__")  # runpy's own lazy imports, paid once here
    if "numpy" in sys.modules:  # and NumPy's, for the .npz archives of function problems
        numpy = sys.modules["numpy"]
        buffer = io.BytesIO()
        numpy.savez(buffer, a=numpy.zeros(2))
        numpy.load(io.BytesIO(buffer.getvalue()), allow_pickle=False)["a"]
    import gc

    gc.collect()
    gc.freeze()  # the preloaded objects are never collected: children do not touch their pages
    while True:
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:  # leftovers of the previous run
                pass
        except ChildProcessError:
            pass
        try:
            payload, fds, _, _ = socket.recv_fds(sock, 262144, 3)
        except OSError:
            return 0
        if not payload:
            return 0  # the judge went away
        try:
            reply = _serve_one(sock, payload, fds) if len(fds) == 3 else "err - no file descriptors"
        finally:
            for fd in fds:
                os.close(fd)
        sock.send(reply.encode())


if __name__ == "__main__":
    sys.exit(main())
