"""The repository's solutions of one problem against each other, as the judge runs them
(the warm Python runner, sandboxed, CPU as the judge measures it is in the JSON of
`judge bench`; here pytest-benchmark times whole runs):

    python -m pytest benchmarks/test_bench_solutions.py                      # measure
    python -m pytest benchmarks/test_bench_solutions.py --benchmark-disable  # smoke run

IncDec: the Python and C++ references on n = 10^5. Linked list: the array, in-place
and stack solutions on a 10^5-node list, and the quadratic re-walk on 3000 nodes.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from judge import sandbox
from judge.generate import run_generator
from judge.judging import prepare_solution, warm_server
from judge.package import load_problem

ROOT = Path(__file__).resolve().parents[1]
LIMITS = sandbox.Limits(cpu_s=20.0, memory_mib=1024, output_mib=64)

CASES = [
    ("incdec", "accepted/incdec.py", ("gen.py", "--seed", "1", "--n", "100000")),
    ("incdec", "accepted/incdec.cpp", ("gen.py", "--seed", "1", "--n", "100000")),
    ("linked-list-backward", "accepted/array.py", ("gen.py", "--seed", "1", "--n", "100000")),
    ("linked-list-backward", "accepted/reverse_in_place.py", ("gen.py", "--seed", "1", "--n", "100000")),
    ("linked-list-backward", "accepted/stack.cpp", ("gen.py", "--seed", "1", "--n", "100000")),
    ("linked-list-backward", "time_limit_exceeded/rewalk.c", ("gen.py", "--seed", "1", "--n", "3000")),
]


@pytest.mark.parametrize("slug, solution, generator", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_solution_run(benchmark, tmp_path, slug, solution, generator):
    problem = load_problem(ROOT / "problems" / slug)
    data = tmp_path / "input.in"
    data.write_bytes(run_generator(problem, generator))
    program = prepare_solution(problem, ROOT / "solutions" / slug / solution)
    source = ROOT / "solutions" / slug / solution
    server = warm_server(problem, source) if program.language == "python" else "exec"
    benchmark.group = slug

    def run():
        result = sandbox.run(program.argv, limits=LIMITS, stdin=data, isolation="auto",
                             visible=(program.folder,), server=server)
        assert result.status is sandbox.Status.OK, result.stderr[-300:]
        return result

    benchmark(run)
