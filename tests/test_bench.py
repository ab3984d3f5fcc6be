"""`judge bench`: growth exponents, wrong outputs marked and never timed, plot and JSON."""
import json

import pytest

from judge.bench import fit_exponent
from judge.package import load_problem

from conftest import PACKAGES

FIXTURE = PACKAGES / "verify-sum"


@pytest.mark.parametrize("k", [0.5, 1.0, 2.0, 3.0])
def test_fit_recovers_the_exponent_of_a_power_law(k):
    sizes = [10, 100, 1000, 10000]
    assert fit_exponent(sizes, [3e-6 * n ** k for n in sizes]) == pytest.approx(k)


def test_fit_needs_two_points():
    assert fit_exponent([100], [0.5]) is None


@pytest.mark.slow
def test_bench_table_marks_wrong_outputs_and_writes_plot_and_json(judge_cli, tmp_path):
    plot = tmp_path / "growth.png"
    accepted = FIXTURE / "submissions" / "accepted" / "sum.py"
    wrong = FIXTURE / "submissions" / "wrong_answer" / "plus_one.py"
    proc = judge_cli("bench", str(FIXTURE), str(accepted), str(wrong), "--sizes", "10,100,1000",
                     "--repeat", "2", "--plot", str(plot))
    assert proc.returncode == 0, proc.stderr
    assert "sum.py: time ~ n^" in proc.stdout and "plus_one.py: time ~ n^?" in proc.stdout
    assert "WA in 2 run(s) (not timed)" in proc.stdout
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    doc = json.loads(judge_cli("bench", str(FIXTURE), str(accepted), "--sizes", "10,1000", "--repeat", "1",
                               "--json").stdout)
    points = doc["series"][0]["points"]
    assert [p["size"] for p in points] == [10, 1000]
    assert all(len(p["cpu_s"]) == 1 and p["failures"] == [] for p in points)


def test_inputs_are_cached_by_generator_seed_and_size(tmp_path):
    from judge import bench

    problem = load_problem(FIXTURE)
    first = bench._input(problem, ("gen.py",), 50)
    assert first.is_file() and first.read_bytes().split()[0] == b"50"
    mtime = first.stat().st_mtime_ns
    assert bench._input(problem, ("gen.py",), 50).stat().st_mtime_ns == mtime


def test_bad_sizes_are_a_usage_error(judge_cli):
    proc = judge_cli("bench", str(FIXTURE), str(FIXTURE / "submissions" / "accepted" / "sum.py"), "--sizes", "x")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
