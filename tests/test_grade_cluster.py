"""judge grade on a Dask cluster: a local one of two worker processes, as a remote one would be."""
import os
import signal
import threading

import pytest

distributed = pytest.importorskip("distributed")

from judge import cluster, grade  # noqa: E402
from test_grade import EXPECTED, fixture_jobs, no_limit_grading, submissions, table  # noqa: E402,F401 (a fixture)


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local, distributed.Client(local) as c:
        yield c


@pytest.mark.slow
def test_a_cluster_grades_as_this_machine_does(tmp_path, client, submissions):
    db = grade.ResultsDB(tmp_path / "r.sqlite3")
    with cluster.DaskRunner(client=client) as runner:
        grading = grade.grade(fixture_jobs(submissions), db, runner)
    assert grading.complete and table(grading.records) == EXPECTED and db.count() == len(EXPECTED)
    # the workers had no path of the client's: each unpacked each package once, by content
    shas = {cluster.pack_package(job.package)[0] for job in fixture_jobs(submissions)}
    assert runner.shipped <= shas
    unpacked = client.run(lambda: sorted(os.listdir(cluster._store() / "packages")))
    # (the store is the session's: packages of cluster tests run before this one may be there too)
    assert all(shas <= set(names) for names in unpacked.values()), unpacked


@pytest.mark.slow
def test_packages_every_worker_has_are_not_sent_again(tmp_path, client, submissions):
    jobs = fixture_jobs(submissions)
    assert {j.problem for j in jobs[:2]} == {j.problem for j in jobs}
    with cluster.DaskRunner(client=client) as first:  # (when this test runs alone) both packages go out
        grade.grade(jobs[:2], grade.ResultsDB(tmp_path / "a.sqlite3"), first)
    with cluster.DaskRunner(client=client) as again:
        grading = grade.grade(jobs, grade.ResultsDB(tmp_path / "b.sqlite3"), again)
    assert again.shipped == set()
    assert grading.graded_now == len(EXPECTED) and table(grading.records) == EXPECTED


def test_a_task_without_its_package_on_a_worker_without_it_asks_for_it(submissions):
    [job] = fixture_jobs(submissions)[:1]
    with pytest.raises(cluster.MissingPackage):
        cluster.grade_shipped(cluster.Shipped(job, "f" * 64, job.source.read_bytes()), None)


def test_packing_is_by_content(submissions):
    job = fixture_jobs(submissions)[0]
    sha, blob = cluster.pack_package(job.package)
    assert cluster.pack_package(job.package) == (sha, blob)
    folder = cluster.unpack_package(sha, job.problem, blob)
    assert folder.name == job.problem and (folder / "problem.yaml").is_file()
    assert not (folder / "generators").exists()  # what judging never reads stays home
    with pytest.raises(ValueError):
        cluster.unpack_package("0" * 64, job.problem, blob)


def test_the_same_content_under_two_names_is_two_problems(tmp_path):
    """A copy of a package under another name packs to the same bytes; a worker that has one
    does not have the other (its folder's name is the problem's name in every result)."""
    import shutil

    from conftest import PACKAGES

    shutil.copytree(PACKAGES / "verify-sum", tmp_path / "first")
    shutil.copytree(PACKAGES / "verify-sum", tmp_path / "second")
    sha, blob = cluster.pack_package(tmp_path / "first")
    assert cluster.pack_package(tmp_path / "second") == (sha, blob)
    assert cluster.unpack_package(sha, "first", blob).name == "first"
    assert cluster.has_package(sha, "first") and not cluster.has_package(sha, "second")
    assert (cluster.unpack_package(sha, "second", blob) / "problem.yaml").is_file()


def test_the_same_bytes_under_two_names_are_two_sources():
    import hashlib

    code = b"print(0)\n"
    sha = hashlib.sha256(code).hexdigest()
    first, second = cluster.store_source(sha, "a.py", code), cluster.store_source(sha, "b.py", code)
    assert (first.name, second.name) == ("a.py", "b.py")
    assert first.read_bytes() == second.read_bytes() == code


@pytest.mark.slow
def test_a_worker_killed_mid_grading_loses_nothing(tmp_path, client, submissions):
    """Dask runs the dead worker's tasks again elsewhere; every submission is recorded exactly once."""
    jobs = fixture_jobs(submissions)
    db = grade.ResultsDB(tmp_path / "r.sqlite3")
    killed = []
    lock = threading.Lock()

    def kill_one_worker(_record):
        with lock:
            if killed:
                return
            busy = [w for w, tasks in client.processing().items() if tasks]
            pids = client.run(os.getpid, workers=busy[:1])
            for pid in pids.values():
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

    with cluster.DaskRunner(client=client) as runner:
        grading = grade.grade(jobs, db, runner, on_record=kill_one_worker)
    assert killed, "no worker was busy to kill"
    assert grading.complete, grading.failed
    assert table(grading.records) == EXPECTED
    rows = db._db.execute("SELECT submitter, problem, COUNT(*) FROM grades GROUP BY submitter, problem").fetchall()
    assert sorted((s, p) for s, p, n in rows if n == 1) == sorted(EXPECTED)
    client.wait_for_workers(2, timeout=60)  # the nanny brings it back for the next test


def test_a_missing_time_limit_is_derived_on_the_cluster(tmp_path, client):
    """The runs deriving it are the accepted solutions', on the workers that will grade."""
    problems_dir, subs = no_limit_grading(tmp_path)
    problems = grade.problem_packages(problems_dir)
    found, _ = grade.find_submissions(subs, problems)
    db = grade.ResultsDB(tmp_path / "r.sqlite3")
    with cluster.DaskRunner(client=client) as runner:
        [job] = grade.make_jobs(found, problems, db=db, judge_many=runner.judge_solutions)
        sha, _ = cluster.pack_package(problems["no-limit"])
        assert any(client.run(cluster.has_package, sha, "no-limit").values())  # the derivation ran there
        grading = grade.grade([job], db, runner)
    assert job.time_limit_s == 0.25 and table(grading.records) == {("erin", "no-limit"): ("TLE", 0)}


@pytest.mark.slow
def test_a_test_as_the_unit_grades_as_this_machine_does(tmp_path, client, submissions):
    """Each test a task: the workers get packages and sources by content, never a path of the client's."""
    jobs = fixture_jobs(submissions)
    with cluster.DaskRunner(client=client, unit="test") as runner:
        grading = grade.grade(jobs, grade.ResultsDB(tmp_path / "r.sqlite3"), runner)
    assert grading.complete, grading.failed
    assert table(grading.records) == EXPECTED
    shas = {cluster.pack_package(job.package)[0] for job in jobs}
    unpacked = client.run(lambda: os.listdir(cluster._store() / "packages"))
    assert set().union(*unpacked.values()) >= shas, unpacked


def test_a_shipped_test_needs_no_path_of_the_client(tmp_path):
    """A test run resolved on a worker from the package's and the source's content alone: both are
    gone from where the client had them."""
    import shutil

    from conftest import PACKAGES
    from judge import sandbox
    from judge.judging import problem_limits
    from judge.package import load_problem

    package = tmp_path / "sum"
    shutil.copytree(PACKAGES / "verify-sum", package)
    limits = problem_limits(load_problem(package))
    sha, blob = cluster.pack_package(package)
    sources = {name: cluster.pack_tree(package / "submissions" / folder / name)
               for folder, name in (("accepted", "sum.py"), ("wrong_answer", "plus_one.py"))}
    shutil.rmtree(package)
    verdicts = {}
    for name, (source_sha, source_blob) in sources.items():
        shipped = cluster.ShippedTest("sum", sha, name, source_sha, False, "python", "secret/01-negative", limits,
                                      sandbox.resolve_isolation("auto"), "python", False, 1)
        verdicts[name] = cluster.run_shipped_test(shipped, blob, source_blob).verdict.value
    assert verdicts == {"sum.py": "AC", "plus_one.py": "WA"}


def test_an_unknown_unit_is_a_user_error():
    with pytest.raises(grade.UserError, match="unknown unit"):
        cluster.DaskRunner(workers=1, unit="problem")


@pytest.mark.parametrize("unit", cluster.UNITS)
@pytest.mark.slow
def test_a_worker_that_lacks_a_package_it_was_not_sent_asks_for_it(tmp_path, client, submissions, unit):
    """As a worker that joins after the runner found the package on every worker: its cache is emptied."""
    import shutil

    jobs = fixture_jobs(submissions)
    with cluster.DaskRunner(client=client) as first:  # now every worker has every package
        grade.grade(jobs[:2], grade.ResultsDB(tmp_path / "a.sqlite3"), first)
    with cluster.DaskRunner(client=client, unit=unit) as runner:
        for job in jobs:
            assert runner._package(job.package)[1] is None  # found everywhere: not sent
        shutil.rmtree(cluster._store() / "packages")  # (these workers share this machine's cache)
        grading = grade.grade(jobs, grade.ResultsDB(tmp_path / "b.sqlite3"), runner)
    assert grading.complete, grading.failed
    assert table(grading.records) == EXPECTED
    assert runner.shipped == {cluster.pack_package(job.package)[0] for job in jobs}


@pytest.mark.slow
def test_stopping_a_grading_by_tests_cancels_the_queued_tests(client, submissions):
    """Ctrl-C (here: the grading closed after its first result) does not wait for every test queued."""
    jobs = fixture_jobs(submissions)
    with cluster.DaskRunner(client=client, unit="test") as runner:
        outcomes = runner(jobs)
        job, record = next(outcomes)
        assert isinstance(record, grade.GradeRecord)
        outcomes.close()
        handed_out = [f for tests in runner.testing for f in tests.submitted]
        assert all(f.done() for f in handed_out)
        assert any(f.cancelled() for f in handed_out)
