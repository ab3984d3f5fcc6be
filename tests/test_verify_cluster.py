"""judge verify --workers / --cluster: the solutions judged on a Dask cluster, as verify judges them here."""
import json
import os
import shutil

import pytest

distributed = pytest.importorskip("distributed")

from conftest import PACKAGES  # noqa: E402
from judge import cluster  # noqa: E402
from judge.errors import UserError  # noqa: E402
from judge.expectations import Expectations  # noqa: E402
from judge.package import load_problem  # noqa: E402
from judge.verify import verify_problem  # noqa: E402


@pytest.fixture
def package(tmp_path):
    """verify-sum with more kinds of row: an accepted solution that is wrong (a failing row with a
    note), one that does not compile, and a folder solution (a program of two files)."""
    copy = tmp_path / "verify-sum"
    shutil.copytree(PACKAGES / "verify-sum", copy)
    subs = copy / "submissions"
    (subs / "accepted" / "zero.py").write_text("print(0)\n")
    (subs / "compile_error").mkdir()
    (subs / "compile_error" / "broken.cpp").write_text("int main() { return x; }\n")
    (subs / "accepted" / "two").mkdir()
    (subs / "accepted" / "two" / "main.cpp").write_text(
        '#include <cstdio>\n#include "add.h"\nint main(){long long n,x,s=0;scanf("%lld",&n);'
        'for(long long i=0;i<n;i++){scanf("%lld",&x);s=add(s,x);}printf("%lld\\n",s);}\n')
    (subs / "accepted" / "two" / "add.h").write_text("long long add(long long a, long long b) { return a + b; }\n")
    return copy


def rows(doc: dict) -> tuple:
    """What must not depend on where the solutions ran: verdicts, expectations, notes, findings."""
    [problem] = doc["problems"]
    return (doc["ok"], problem["time_limit_s"], problem["time_limit_source"],
            [(f["level"], f["message"]) for f in problem["findings"]],
            [(s["solution"], s["expected"], s["got"], s["ok"], s["note"]) for s in problem["solutions"]])


@pytest.mark.parametrize("unit", ["submission", "test"])
@pytest.mark.slow
def test_verify_on_two_workers_gives_the_rows_of_verify_here(judge_cli, package, unit):
    here = judge_cli("verify", str(package), "--json")
    there = judge_cli("verify", str(package), "--json", "--workers", "2", "--unit", unit)
    assert here.returncode == there.returncode == 1, (here.stderr, there.stderr)
    assert "Traceback" not in there.stderr
    assert rows(json.loads(there.stdout)) == rows(json.loads(here.stdout))
    got = {s[0]: s[2:4] for s in rows(json.loads(there.stdout))[4]}
    assert got["submissions/accepted/zero.py"] == ("WA", False)          # a failing row, the same there
    assert got["submissions/compile_error/broken.cpp"] == ("CE", True)
    assert got["submissions/accepted/two"] == ("AC", True)               # a folder travels whole
    assert got["submissions/time_limit_exceeded/spin.cpp"] == ("TLE", True)


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local, distributed.Client(local) as c:
        yield c


def test_a_derived_time_limit_is_derived_on_the_cluster(tmp_path, client):
    """No time limit: the accepted solutions' runs that derive it run on the workers too; the
    workers get the package by content (they never see the client's paths)."""
    package = tmp_path / "no-limit"
    shutil.copytree(PACKAGES / "verify-sum", package)
    (package / "problem.yaml").write_text("problem_format_version: 2025-09\nname: no limit\nlimits:\n"
                                          "  memory: 128\n  time_resolution: 0.25\n")
    shutil.rmtree(package / "submissions" / "time_limit_exceeded")
    here = verify_problem(package)
    with cluster.DaskRunner(client=client) as runner:
        there = verify_problem(package, judge_many=runner.judge_solutions)
    assert there.ok and here.ok
    assert (there.time_limit_source, there.time_limit_s) == ("derived", here.time_limit_s) == ("derived", 0.25)
    assert [(s.path, s.got) for s in there.solutions] == [(s.path, s.got) for s in here.solutions]
    sha, _ = cluster.pack_package(package)
    assert any(client.run(cluster.has_package, sha, "no-limit").values())  # unpacked from what was shipped


def test_a_worker_that_cannot_judge_is_one_clear_error(client):
    """A worker that cannot isolate as asked gives no verdict: the cluster path says so."""
    problem = load_problem(PACKAGES / "verify-sum")
    solution = problem.path / "submissions" / "accepted" / "sum.py"
    with cluster.DaskRunner(client=client) as runner, pytest.raises(UserError) as caught:
        runner.judge_solutions(problem, [(solution, Expectations().of("accepted/sum.py"))], 1.0, "no-such-sandbox")
    assert str(caught.value).startswith(f"the Dask cluster could not judge {solution}: WorkerUnfit: unknown sandbox")


def test_solutions_pack_by_content_and_unpack_as_they_were(tmp_path, package):
    folder = package / "submissions" / "accepted" / "two"
    sha, blob = cluster.pack_tree(folder)
    os.utime(folder / "add.h", (0, 0))
    assert cluster.pack_tree(folder) == (sha, blob)            # times do not matter, content does
    shipped = cluster.ShippedSolution(str(package), "0" * 64, str(folder), "two", True, sha, blob, 1.0, "none")
    here = cluster.unpack_solution(shipped)
    assert here.name == "two" and sorted(p.name for p in here.iterdir()) == ["add.h", "main.cpp"]
    single = package / "submissions" / "accepted" / "sum.py"
    sha, blob = cluster.pack_tree(single)
    there = cluster.unpack_solution(cluster.ShippedSolution(str(package), "0" * 64, str(single), "sum.py", False,
                                                            sha, blob, 1.0, "none"))
    assert there.name == "sum.py" and there.read_bytes() == single.read_bytes()
    with pytest.raises(ValueError):
        cluster.unpack_solution(cluster.ShippedSolution(str(package), "0" * 64, str(single), "sum.py", False,
                                                        "1" * 64, blob, 1.0, "none"))
    # a folder's archive holds its files, not its name: a copy under another name is the same bytes
    shutil.copytree(folder, folder.with_name("three"))
    sha, blob = cluster.pack_tree(folder)
    assert cluster.pack_tree(folder.with_name("three")) == (sha, blob)
    copy = cluster.unpack_solution(cluster.ShippedSolution(str(package), "0" * 64, str(folder.with_name("three")),
                                                           "three", True, sha, blob, 1.0, "none"))
    assert copy.name == "three" and (copy / "main.cpp").is_file()


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:1", "nonsense", "http://127.0.0.1:8786"])
def test_a_bad_cluster_address_is_one_line_and_status_2(judge_cli, address):
    done = judge_cli("verify", str(PACKAGES / "verify-sum"), "--cluster", address, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith(f"judge: error: no Dask scheduler at {address}: ")
    assert done.stderr.count("\n") == 1 and done.stdout == ""


def test_cluster_and_workers_together_is_a_usage_error(judge_cli):
    done = judge_cli("verify", str(PACKAGES / "verify-sum"), "--cluster", "tcp://127.0.0.1:1", "--workers", "2")
    assert done.returncode == 2 and done.stderr.startswith("judge: error: give --cluster or --workers")


def test_unit_without_a_cluster_is_a_usage_error(judge_cli):
    done = judge_cli("verify", str(PACKAGES / "verify-sum"), "--unit", "test")
    assert done.returncode == 2 and done.stderr.startswith("judge: error: --unit is for verifying on a Dask")


@pytest.mark.parametrize("unit", ["submission", "test"])
def test_a_worker_that_lacks_the_package_asks_for_it(tmp_path, client, unit):
    """As a worker that joins after the runner found the package on every worker: the cache is emptied."""
    package = tmp_path / "verify-sum"
    shutil.copytree(PACKAGES / "verify-sum", package)
    shutil.rmtree(package / "submissions" / "time_limit_exceeded")   # (slow, and not what this is about)
    with cluster.DaskRunner(client=client) as first:
        verify_problem(package, judge_many=first.judge_solutions)  # now every worker has it
    with cluster.DaskRunner(client=client, unit=unit) as runner:
        assert runner._package(package.resolve())[1] is None  # found everywhere: not sent (verify resolves)
        shutil.rmtree(cluster._store() / "packages")  # (these workers share this machine's cache)
        report = verify_problem(package, judge_many=runner.judge_solutions)
    assert report.ok, report.to_dict()
    assert runner.shipped == {cluster.pack_package(package)[0]}  # sent when asked for
    assert {s.path: s.got for s in report.solutions} == {
        "submissions/accepted/sum.py": "AC", "submissions/run_time_error/crash.py": "RTE",
        "submissions/wrong_answer/plus_one.py": "WA"}
