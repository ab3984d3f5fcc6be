"""The warm Python runner keeps the semantics of a fresh `python -I` process: each program
below runs cold (a new interpreter) and warm (forked from a started one), and both runs
must end alike: same status, exit code and output."""
import pytest

from judge import sandbox
from judge.languages import prepare
from judge.sandbox import Limits, Status

LIMITS = Limits(cpu_s=2.0, memory_mib=256, output_mib=8)

PROGRAMS = {
    "reads_stdin": "import sys\nprint(input())\nprint(sys.stdin.buffer.read().split())\n",
    "main_name": "print(__name__)\n",
    "argv": "import sys\nprint([a.rsplit('/', 1)[-1] for a in sys.argv])\n",
    "recursion_limit": "import sys\nprint(sys.getrecursionlimit())\nsys.setrecursionlimit(10**6)\n",
    "fresh_modules": "import math\nprint(getattr(math, 'tainted', 0))\nmath.tainted = 1\n",
    "fresh_globals": "print('seen' in globals())\nseen = 1\n",
    "exit_code": "import sys\nprint('partial')\nsys.exit(3)\n",
    "exit_message": "import sys\nsys.exit('bad input')\n",
    "exit_none": "raise SystemExit\n",
    "uncaught": "def f():\n    raise KeyError('k')\nf()\n",
    "atexit": "import atexit\natexit.register(lambda: print('bye'))\nprint('hi')\n",
    "deep_recursion_error": "def f(n):\n    return f(n + 1)\nf(0)\n",
    "stdout_flush_on_exit": "import sys\nsys.stdout.write('no newline')\n",
    "stderr": "import sys\nprint('to stderr', file=sys.stderr)\nprint('ok')\n",
    "swapped_stdout": "import sys\nout = sys.stdout.buffer\nsys.stdout = sys.stderr\nprint('hidden')\nout.write(b'kept')\n",
    "env": "import os\nprint(sorted(k for k in os.environ if not k.startswith('OPENBLAS_C')))\n",
    "cwd_writable": "open('scratch.txt', 'w').write('x')\nprint(open('scratch.txt').read())\n",
    "numpy": "import numpy as np\nprint(np.arange(5).sum())\n",
    "signal": "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n",
    "memory": "x = bytearray(400 * 1024 * 1024)\n",
    "output_limit": "import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n",
}


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warm")
    built = {}
    for name, code in PROGRAMS.items():
        source = folder / f"{name}.py"
        source.write_text(code)
        built[name] = prepare(source)
    stdin = folder / "input.txt"
    stdin.write_text("first line\n1 2 3\n")
    return built, stdin


def _run(program, stdin, server, isolation):
    return sandbox.run(program.argv, limits=LIMITS, stdin=stdin, isolation=isolation,
                       visible=(program.folder,), server=server)


@pytest.mark.parametrize("isolation", ["none", pytest.param("bwrap", marks=pytest.mark.skipif(
    not sandbox.bwrap_available(), reason="bubblewrap is not usable here"))])
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_warm_run_ends_like_a_cold_one(programs, name, isolation):
    built, stdin = programs
    cold = _run(built[name], stdin, "exec", isolation)
    warm = _run(built[name], stdin, "python-numpy" if name == "numpy" else "python", isolation)
    assert (warm.status, warm.exit_code, warm.signal) == (cold.status, cold.exit_code, cold.signal)
    assert warm.stdout == cold.stdout
    assert warm.stderr.strip().splitlines()[-1:] == cold.stderr.strip().splitlines()[-1:]


def test_state_never_leaks_from_one_warm_run_to_the_next(programs):
    built, stdin = programs
    for name, expected in [("fresh_modules", b"0\n"), ("fresh_globals", b"False\n"), ("recursion_limit", b"1000\n")]:
        for _ in range(3):
            assert _run(built[name], stdin, "python", "none").stdout == expected


def test_numpy_random_is_reseeded_in_every_warm_run(tmp_path):
    source = tmp_path / "rand.py"
    source.write_text("import numpy as np\nimport random\nprint(np.random.rand(), random.random())\n")
    program = prepare(source)
    outputs = {_run(program, None, "python-numpy", "none").stdout for _ in range(3)}
    assert len(outputs) == 3


def _cgroups_usable() -> bool:
    from judge.cgroups import CgroupSet
    made = CgroupSet.create()
    if made is not None:
        made.remove()
    return made is not None


@pytest.mark.skipif(not _cgroups_usable(), reason="no writable cgroup: memory falls back to the tree's RSS")
def test_warm_memory_counts_only_the_runs_own_pages(programs):
    built, stdin = programs
    small = _run(built["numpy"], stdin, "python-numpy", "none")
    assert small.status is Status.OK
    assert small.memory_mib < 20  # the preloaded interpreter and NumPy (~40 MiB) are not the run's
    assert _run(built["memory"], stdin, "python", "none").status is Status.MEMORY


@pytest.mark.parametrize("source, server", [
    ("import numpy as np\n", "python-numpy"),
    ("from scipy import optimize\n", "python-numpy"),
    ("import os, numpy\n", "python-numpy"),
    ("def f():\n    import numpy\n", "python-numpy"),
    ("import sys\nprint(sum(map(int, sys.stdin)))\n", "python"),
    ("# numpy would be overkill here\nprint(1)\n", "python"),
    ("import numpyish\n", "python"),
])
def test_numpy_is_preloaded_only_for_sources_that_import_it(tmp_path, source, server):
    from judge.judging import warm_server
    from judge.package import load_problem

    from conftest import PACKAGES, ROOT

    path = tmp_path / "s.py"
    path.write_text(source)
    assert warm_server(load_problem(PACKAGES / "sum-default"), path) == server
    assert warm_server(load_problem(ROOT / "problems" / "batchnorm-numpy"), path) == "python-numpy"  # its harness


def test_the_lean_server_has_no_numpy_loaded(tmp_path):
    source = tmp_path / "probe.py"
    source.write_text("import sys\nprint('numpy' in sys.modules)\n")
    program = prepare(source)
    assert _run(program, None, "python", "none").stdout == b"False\n"
    assert _run(program, None, "python-numpy", "none").stdout == b"True\n"
