"""What every package of the repository must satisfy, checked the way the judge checks it."""
import pytest

from judge.generate import load_config, run_generator
from judge.package import load_problem

from conftest import ROOT

PROBLEMS = sorted(p.parent for p in (ROOT / "problems").glob("*/problem.yaml"))
GENERATED = [(problem, test) for problem in PROBLEMS
             for config in [load_config(load_problem(problem))] if config is not None for test in config.tests]


@pytest.mark.parametrize("problem, test", GENERATED, ids=[f"{p.name}:{t.name}" for p, t in GENERATED])
def test_generated_input_reproduces_byte_for_byte(problem, test):
    """Generators are deterministic and the stored inputs are what they write."""
    loaded = load_problem(problem)
    assert run_generator(loaded, test.command) == test.input_path(loaded).read_bytes()


def test_every_problem_has_generated_tests():
    assert {p.name for p, _ in GENERATED} == {p.name for p in PROBLEMS}
