"""The warm run server for Python solutions: runner.c's server loop, run by a Python
interpreter that has already started and imported NumPy, so that each run costs a
fork instead of an interpreter start (15-60 ms) and a NumPy import (~190 ms).

    python -I warm.py RUNNER_SO SOCKET_FD [runner options] -- [MODULE ...]   (started by judge/sandbox.py)

The server loop, the confinement of each run (namespaces, cgroups, rlimits,
capabilities, seccomp) and the measurements are runner.c's own, loaded from the
shared library RUNNER_SO: this file only preloads modules and gives runner_serve()
the function a run's child calls where runner.c would execve. That function runs
the script as __main__ with runpy, as `python -I script args...` would: fresh
globals, sys.argv, the default recursion limit, exit status from SystemExit, a
traceback and status 1 on an uncaught exception, atexit handlers run and streams
flushed at the end.

What a warm run does not share with a cold one: the interpreter's start and the
preloaded modules are neither timed nor counted as the run's memory (the cgroup
counts only pages the child itself allocates or writes); the hash seed is the
server's (a cold run draws a new one); modules the server preloaded are already
imported. The random and numpy.random global generators are reseeded in each child.
This file is standard library only (NumPy optional): it must not import the judge.
"""
import io
import os
import runpy
import sys


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


def _serve(library, argv, preload):
    import ctypes

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

    run_fn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p))

    def strings(array):
        out, i = [], 0
        while array[i] is not None:
            out.append(os.fsdecode(array[i]))
            i += 1
        return out

    def run_child(c_argv, c_envp):
        """In a run's child, confined by runner.c: become the program and return its status."""
        ctypes.pythonapi.PyOS_AfterFork_Child()  # the fork was runner.c's: tell the interpreter
        os.environ.clear()
        os.environ.update(item.partition("=")[::2] for item in strings(c_envp))
        return _run_script(strings(c_argv))

    callback = run_fn(run_child)
    c_argv = (ctypes.c_char_p * (len(argv) + 1))(*(os.fsencode(a) for a in argv), None)
    import gc

    gc.collect()
    gc.freeze()  # the preloaded objects are never collected: children do not touch their pages
    return library.runner_serve(len(argv), c_argv, callback)


def main():
    import ctypes

    if len(sys.argv) < 3:
        print("usage: warm.py RUNNER_SO SOCKET_FD [options] -- [MODULE ...] (started by the judge)", file=sys.stderr)
        return 2
    library = ctypes.CDLL(sys.argv[1])
    rest = sys.argv[2:]
    split = rest.index("--") if "--" in rest else len(rest)
    return _serve(library, ["warm", *rest[:split]], rest[split + 1:])


if __name__ == "__main__":
    sys.exit(main())
