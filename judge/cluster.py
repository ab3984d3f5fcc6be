"""Judging on a Dask cluster: the only module that imports dask/distributed (lazily).

A worker needs no repository: each problem's package (problem.yaml, data/, validators) is packed
by the client into one deterministic archive named by its sha256. If every worker has that
package in its cache already (<cache>/grade/packages/<sha256>/<problem>, judge's cache dir), it
is not sent at all; else it is submitted once as a task of that name, so Dask sends it to a
worker at most once (the worker keeps it in memory as a dependency; if it dies, the scheduler
can make it again) and the worker unpacks it once into its cache. Sources travel by content too
and land under <cache>/grade/sources/ or solutions/, named by their sha256.

What one task judges (DaskRunner's unit, docs/benchmarks.md says which and why):
- "submission" (judge grade's default): grade.grade_one on the worker, the submission built
  there and run on every test one at a time (Dask's threads are the parallelism);
- "test": the submission built on the client (judge_solution as here), each of its tests a task
  (TestsOnCluster, judging's executor seam), resolved on the worker from content (ShippedTest);
- judge verify's solutions (judge_solutions): one task per solution, judged as verify judges
  here; with unit "test", each solution built on the client and its tests tasks, as above.
A worker's sandbox run servers are its own (the sandbox pool is per process). A worker dying
mid-task is Dask's to handle: its tasks run again elsewhere, and the results file records each
key once.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import os
import tarfile
import tempfile
import threading
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from judge.errors import UserError
from judge.grade import GradeJob, GradeRecord, Outcome, grade_one
from judge.languages import cache_dir

# Package parts a judge never reads: left on the client
_NOT_SHIPPED = {"solution", "solutions", "submissions", "statement", "problem_statement", "generators",
                "input_validators", "input_format_validators", "attachments"}


def pack_package(folder: Path) -> tuple[str, bytes]:
    """The package's judged parts as a gzip'd tar, byte-for-byte the same for the same content."""
    return pack_tree(folder, skip=_NOT_SHIPPED)


def pack_tree(path: Path, skip: set[str] = frozenset()) -> tuple[str, bytes]:
    """A file, or a folder's files but those under a top-level name in `skip`, as a gzip'd tar
    (a file as its name, a folder's files relative to it), the same bytes for the same content."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        entries = [(path, path.name)] if path.is_file() else [
            (p, p.relative_to(path).as_posix()) for p in sorted(path.rglob("*"))]
        for item, arcname in entries:
            parts = arcname.split("/")
            if parts[0] in skip or any(p.startswith(".") or p == "__pycache__" for p in parts):
                continue
            info = tar.gettarinfo(str(item), arcname=arcname)
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            if info.isreg():
                with open(item, "rb") as f:
                    tar.addfile(info, f)
            elif info.isdir() or info.issym():
                tar.addfile(info)
    blob = gzip.compress(raw.getvalue(), compresslevel=1, mtime=0)
    return hashlib.sha256(blob).hexdigest(), blob


def _store() -> Path:
    return cache_dir() / "grade"


def _install(final: Path, fill) -> Path:
    """Create `final` once, atomically: filled in a temporary sibling, then renamed into place."""
    if final.exists():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=final.parent, prefix=".tmp-"))
    try:
        fill(tmp)
        os.rename(tmp, final)
    except OSError:
        if not final.exists():
            raise
    finally:
        if tmp.exists():
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    return final


def unpack_package(sha256: str, name: str, blob: bytes) -> Path:
    """The package folder of this archive on this machine, unpacked the first time it is asked for."""
    def fill(tmp: Path) -> None:
        if hashlib.sha256(blob).hexdigest() != sha256:
            raise ValueError(f"package {name}: archive does not match its sha256")
        with tarfile.open(fileobj=io.BytesIO(gzip.decompress(blob))) as tar:
            tar.extractall(tmp, filter="data")

    # by content and name: the same content may be two problems (a copy under another name)
    return _install(_store() / "packages" / sha256 / name, fill)


def store_source(sha256: str, name: str, code: bytes) -> Path:
    def fill(tmp: Path) -> None:
        if hashlib.sha256(code).hexdigest() != sha256:
            raise ValueError(f"{name}: content does not match its sha256")
        (tmp / name).write_bytes(code)

    # by content and name: the same bytes may be two submissions' files of different names
    return _install(_store() / "sources" / sha256 / name, fill) / name


@dataclass(frozen=True)
class Shipped:
    """A GradeJob as it travels: content instead of the client's paths."""

    job: GradeJob
    package_sha256: str
    code: bytes


class MissingPackage(Exception):
    """A task came without its package (every worker had it when it was sent) to a worker without it."""


def has_package(sha256: str, name: str) -> bool:
    return (_store() / "packages" / sha256 / name).is_dir()


def _package_here(sha256: str, name: str, blob: bytes | None) -> Path:
    """On a worker: the package folder, unpacked from `blob`, or (no blob) from this worker's cache."""
    if blob is None:
        if not has_package(sha256, name):
            raise MissingPackage(sha256)
        return _store() / "packages" / sha256 / name
    return unpack_package(sha256, name, blob)


def grade_shipped(shipped: Shipped, package_blob: bytes | None) -> GradeRecord:
    """On a worker: materialize package and source from content, then grade one submission.
    Without the blob, the package must be in this worker's cache already."""
    job = shipped.job
    package = _package_here(shipped.package_sha256, job.package.name, package_blob)
    source = store_source(job.sha256, job.source.name, shipped.code)
    return grade_one(replace(job, source=source, package=package, jobs=1))


@dataclass(frozen=True)
class ShippedSolution:
    """One of a package's solutions to judge on a worker (for judge verify): content, not paths."""

    package: str          # the package folder's path on the client (its name names it on a worker)
    package_sha256: str
    path: str             # the solution's path on the client: results name it so, as verify does here
    name: str             # its file or folder name
    is_dir: bool
    sha256: str           # of its archive (pack_tree)
    blob: bytes
    time_limit_s: float
    isolation: str        # as resolved on the client: "bwrap" or "none"
    options: tuple = ()   # judge_solution's keywords, as verify.judge_options gives them: (name, value)s


class WorkerUnfit(RuntimeError):
    """A worker cannot judge as the client asked (e.g. no bubblewrap there)."""


def unpack_solution(solution: ShippedSolution) -> Path:
    def fill(tmp: Path) -> None:
        if hashlib.sha256(solution.blob).hexdigest() != solution.sha256:
            raise ValueError(f"{solution.name}: archive does not match its sha256")
        with tarfile.open(fileobj=io.BytesIO(gzip.decompress(solution.blob))) as tar:
            tar.extractall(tmp, filter="data")  # a folder's files, or the one file under its name

    # by content and name, as packages and sources
    final = _install(_store() / "solutions" / solution.sha256 / solution.name, fill)
    return final if solution.is_dir else final / solution.name


_LOADED: dict[Path, object] = {}  # packages loaded in this worker process, by folder


def judge_shipped_solution(solution: ShippedSolution, package_blob: bytes | None):
    """On a worker: judge one solution of a package as verify does on the client (its tests one
    after another; the worker's threads are the parallelism). A SubmissionResult naming the
    client's path, or a str saying why the solution cannot be run (verify reports it so)."""
    from judge import sandbox
    from judge.errors import PackageError
    from judge.judging import judge_solution
    from judge.package import load_problem

    try:
        sandbox.resolve_isolation(solution.isolation)
    except UserError as exc:  # the worker's fault, not the solution's: no verdict
        raise WorkerUnfit(str(exc)) from None
    package = _package_here(solution.package_sha256, Path(solution.package).name, package_blob)
    source = unpack_solution(solution)
    try:
        problem = _LOADED.get(package)
        if problem is None:
            problem = _LOADED[package] = load_problem(package)
    except PackageError as exc:  # said as the client would say it
        raise PackageError(str(exc).replace(str(package), solution.package)) from None
    except UserError as exc:  # the package the client loaded is not there: no solution's fault
        raise WorkerUnfit(str(exc)) from None
    try:
        result = judge_solution(problem, source, time_limit=solution.time_limit_s, isolation=solution.isolation,
                                jobs=1, **dict(solution.options))
    except PackageError as exc:  # said as the client would say it
        raise PackageError(str(exc).replace(str(package), solution.package)) from None
    except UserError as exc:
        return str(exc).replace(str(source), solution.path).splitlines()[0]
    here = str(source)
    for test in result.tests:
        test.message = test.message.replace(here, solution.path)
    return replace(result, solution=solution.path, message=result.message.replace(here, solution.path))


@dataclass(frozen=True)
class ShippedTest:
    """One test run of one submission, as it travels: content references instead of the client's
    paths. The worker resolves them from what it has unpacked (package and source, named by their
    sha256), builds the program and the checker from them (its build cache keeps both), and runs
    judging.run_test as it would run here."""

    __test__ = False  # not a pytest test class

    package: str          # the package folder's name
    package_sha256: str
    source: str           # the submission's file or folder name
    source_sha256: str    # of its archive (pack_tree)
    source_is_dir: bool
    language: str
    test: str             # the test's name below data/
    limits: object        # sandbox.Limits
    isolation: str
    server: str
    interactive: bool
    passes: int


_BUILT: dict[tuple, object] = {}  # (source archive sha256, language, package sha256) -> Program, per worker process
_CHECKERS: dict[str, object] = {}  # package sha256 -> CheckerSpec


def run_shipped_test(test: ShippedTest, package_blob: bytes | None, source_blob: bytes) -> "TestResult":
    """On a worker: one test of one submission, from content (see ShippedTest)."""
    from judge.judging import TestTask, prepare_checker, prepare_solution, run_test
    from judge.package import load_problem

    package = _package_here(test.package_sha256, test.package, package_blob)
    problem = _LOADED.get(package)
    if problem is None:
        problem = _LOADED[package] = load_problem(package)
    key = (test.source_sha256, test.language, test.package_sha256)
    program = _BUILT.get(key)
    if program is None:
        source = unpack_solution(ShippedSolution("", test.package_sha256, "", test.source, test.source_is_dir,
                                                 test.source_sha256, source_blob, 0.0, test.isolation))
        program = _BUILT[key] = prepare_solution(problem, source, test.language)
    checker = _CHECKERS.get(test.package_sha256)
    if checker is None:
        checker = _CHECKERS[test.package_sha256] = prepare_checker(problem)
    [case] = [t for t in problem.tests if t.name == test.test]
    return run_test(TestTask(program, case, test.limits, checker, test.isolation, test.server, test.interactive,
                             test.passes))


class TestsOnCluster(Executor):
    """judging's executor seam across machines: judge_solution(problem, ..., executor=this) builds
    the submission here (a compilation error is known at once) and hands each TestTask to a
    worker as a ShippedTest; the package and the source go to each worker at most once (tasks
    named by their content), as for a submission as the unit. Anything else submitted (not
    judging.run_test) is refused."""

    __test__ = False

    def __init__(self, runner: "DaskRunner", package: Path):
        self.runner, self.package = runner, package
        self._sources: dict[Path, tuple[str, object]] = {}  # source -> (sha256, future of its archive)
        self.submitted: list = []  # the futures handed out, to cancel the rest when grading stops
        self._claiming = threading.Lock()

    def _claim(self, settled) -> bool:
        """set_running_or_notify_cancel, at most once per future (the task's end and cancel_all may
        both get there, and a second call raises): True when the caller may set its outcome."""
        with self._claiming:
            if settled.claimed:
                return False
            settled.claimed = True
            return settled.set_running_or_notify_cancel()

    def cancel_all(self) -> None:
        """Cancel the tests not finished yet (their waiting judge_solution returns at once)."""
        for settled in self.submitted:
            if settled.cancel():
                self._claim(settled)  # what wakes concurrent.futures.wait() on it
                settled.task.cancel()

    def _source(self, path: Path) -> tuple[str, object]:
        if path not in self._sources:
            sha, blob = pack_tree(path)
            future = self.runner.client.submit(_same, blob, key=f"judge-source-{sha}", pure=False)
            self._sources[path] = (sha, future)
        return self._sources[path]

    def submit(self, fn, task, /):
        from concurrent.futures import Future as Settled

        from judge.judging import run_test

        if fn is not run_test:
            raise TypeError("TestsOnCluster runs judging.run_test only")
        source_sha, source = self._source(task.program.source)
        shipped = ShippedTest(self.package.name, "", task.program.source.name, source_sha,
                              task.program.source.is_dir(), task.program.language, task.test.name, task.limits,
                              task.isolation, task.server, task.interactive, task.passes)
        settled = Settled()
        settled.claimed = False  # see _claim

        def send(force: bool = False) -> None:
            sha, blob = self.runner._package(self.package, force)
            future = self.runner.client.submit(run_shipped_test, replace(shipped, package_sha256=sha), blob, source,
                                               pure=False, key=f"test-{task.test.name.replace('/', '-')}-"
                                                               f"{source_sha[:16]}-{os.urandom(4).hex()}")
            settled.task = future  # held until settled: a Dask future nobody holds may be forgotten
            future.add_done_callback(lambda done: settle(done))

        def settle(done) -> None:
            if settled.cancelled():
                return
            try:
                outcome = done.result()
            except MissingPackage:  # a worker that joined after the check: send the package after all
                send(force=True)
                return
            except BaseException as error:  # noqa: BLE001 - judging turns it into a judge error
                if self._claim(settled):
                    settled.set_exception(error)
                return
            if self._claim(settled):
                settled.set_result(outcome)

        send()
        self.submitted.append(settled)
        return settled


def _same(blob: bytes) -> bytes:
    return blob


UNITS = ("submission", "test")  # what one Dask task judges (see docs/benchmarks.md)
CONNECT_TIMEOUT_S = 5  # a scheduler that does not answer by then is reported, not waited for


def _client(address: str | None, workers: int | None):
    try:
        import distributed
    except ImportError:
        raise UserError("running on a Dask cluster needs distributed: pip install 'judge[cluster]'") from None
    import logging

    logging.getLogger("distributed").setLevel(logging.ERROR)
    if address:
        _reachable(address)
        try:
            return distributed.Client(address, timeout=f"{CONNECT_TIMEOUT_S}s"), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise UserError(f"no Dask scheduler at {address}: {str(exc).splitlines()[0]}") from None
        except Exception:  # something answered, and it does not speak Dask's protocol
            raise UserError(f"no Dask scheduler at {address}: what answers there is not one") from None
    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=":0", silence_logs=logging.CRITICAL)
    return distributed.Client(cluster), cluster


def _reachable(address: str) -> None:
    """A tcp:// address where nothing listens is said at once (Dask would retry until its timeout)."""
    import socket

    from distributed.comm import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        if scheme != "tcp":
            return
        host, port = parse_host_port(location)
    except ValueError as exc:
        raise UserError(f"no Dask scheduler at {address}: {exc} (give tcp://HOST:PORT)") from None
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S).close()
    except (OSError, OverflowError) as exc:
        raise UserError(f"no Dask scheduler at {address}: {getattr(exc, 'strerror', None) or exc or 'no answer'} "
                        f"(is `dask scheduler` running there?)") from None


class DaskRunner:
    """Judging on a Dask cluster: a running scheduler's (address), or a local one of `workers`
    processes. Use as a context manager. Called with GradeJobs it is a grade.Runner (yields
    (job, outcome)s); judge_solutions() is verify's seam (a package's solutions, each a task)."""

    def __init__(self, address: str | None = None, workers: int | None = None, client=None,
                 unit: str = "submission"):
        if unit not in UNITS:
            raise UserError(f"unknown unit {unit!r}: choose {' or '.join(UNITS)}")
        self._given = client
        self.address, self.workers, self.unit = address, workers, unit
        self._lock = threading.Lock()
        self.client = self._cluster = None
        self.shipped: set[str] = set()  # the packages (sha256) this runner sent to the cluster
        self._packed: dict[Path, tuple[str, bytes]] = {}
        self._sent: dict[Path, object] = {}  # package -> the future of its blob, once it had to be sent
        self._everywhere: set[Path] = set()   # packages every worker had when asked
        self.testing: list[TestsOnCluster] = []  # with a test as the unit: each submission's executor

    def __enter__(self) -> "DaskRunner":
        if self._given is not None:
            self.client = self._given
        else:
            self.client, self._cluster = _client(self.address, self.workers)
        return self

    def __exit__(self, *exc) -> None:
        if self._given is None:
            self.client.close()
            if self._cluster is not None:
                self._cluster.close()

    def _package(self, folder: Path, force: bool = False):
        """The package's sha256, and the future of its archive if it had to be sent (else None:
        every worker had it in its cache when asked, once per runner; a worker without it asks
        for it with MissingPackage, and `force` sends it then)."""
        with self._lock:  # grading a test at a time, client threads ask at once
            if folder not in self._packed:
                self._packed[folder] = pack_package(folder)
            sha, blob = self._packed[folder]
            if folder in self._sent:
                return sha, self._sent[folder]
            if force or (folder not in self._everywhere
                         and not all(self.client.run(has_package, sha, folder.name).values())):
                # a task, not scattered data: the scheduler keeps its definition, so a worker dying with
                # the only copy costs a recompute, not the grading; named by content, fetched once per worker
                self._sent[folder] = self.client.submit(_same, blob, key=f"judge-package-{sha}", pure=False)
                self.shipped.add(sha)
            else:
                self._everywhere.add(folder)
            return sha, self._sent.get(folder)

    def __call__(self, jobs: list[GradeJob]) -> Iterator[Outcome]:
        if self.unit == "test":
            yield from self._test_at_a_time(jobs)
            return
        from distributed import as_completed

        def submit(job: GradeJob, force: bool = False):
            sha, blob = self._package(job.package, force)
            shipped = Shipped(job, sha, job.source.read_bytes())
            return self.client.submit(grade_shipped, shipped, blob, pure=False,
                                      key=f"grade-{job.submitter}-{job.problem}-{job.sha256[:16]}-"
                                          f"{os.urandom(4).hex()}")

        futures = {submit(job): job for job in jobs}
        pending = as_completed(futures)
        for future in pending:
            job = futures.pop(future)
            try:
                yield job, future.result()
            except MissingPackage:  # a worker that joined after the check: send the package after all
                again = submit(job, force=True)
                futures[again] = job
                pending.add(again)
            except Exception as error:  # the judge failed there, or the task died too often
                yield job, error
            future.release()

    def _test_at_a_time(self, jobs: list[GradeJob]) -> Iterator[Outcome]:
        """Each submission built here and graded here, its tests run on the cluster (TestsOnCluster);
        several submissions at once, so that the workers always have tests to run."""
        from concurrent.futures import ThreadPoolExecutor, as_completed

        pool = ThreadPoolExecutor(max_workers=max(1, min(8, len(jobs))), thread_name_prefix="grade")
        self.testing = [TestsOnCluster(self, job.package) for job in jobs]
        try:
            futures = {pool.submit(grade_one, job, tests): job for job, tests in zip(jobs, self.testing)}
            for future in as_completed(futures):
                try:
                    yield futures[future], future.result()
                except Exception as error:  # noqa: BLE001 - a user error or a judge bug: said, not raised
                    yield futures[future], error
        finally:  # stopped early (Ctrl-C): the queued tests are cancelled, not waited for
            for tests in self.testing:
                tests.cancel_all()
            pool.shutdown(wait=True, cancel_futures=True)

    def _solutions_by_tests(self, problem, solutions: list, time_limit_s: float, isolation: str) -> list:
        """Each solution judged here as verify judges it, its tests run on the cluster (TestsOnCluster)."""
        from concurrent.futures import ThreadPoolExecutor

        from judge.errors import PackageError
        from judge.judging import judge_solution
        from judge.verify import judge_options

        testing = [TestsOnCluster(self, problem.path) for _ in solutions]

        def one(solution, tests: TestsOnCluster):
            path, expected = solution
            try:
                return judge_solution(problem, path, time_limit=time_limit_s, isolation=isolation, executor=tests,
                                      **judge_options(problem, expected))
            except PackageError:
                raise
            except UserError as exc:  # as verify says a program it cannot run
                return str(exc).splitlines()[0]

        pool = ThreadPoolExecutor(max_workers=max(1, min(8, len(solutions))), thread_name_prefix="verify")
        try:
            return list(pool.map(one, solutions, testing))
        finally:  # stopped early (Ctrl-C): the queued tests are cancelled, not waited for
            for tests in testing:
                tests.cancel_all()
            pool.shutdown(wait=True, cancel_futures=True)

    def judge_solutions(self, problem, solutions: list, time_limit_s: float, isolation: str) -> list:
        """verify's seam (verify.JudgeMany): each (solution, expectation) of `problem` judged on the
        cluster as verify judges it here (verify.judge_options), one task per solution (a task per
        test with unit "test"); in their order, a SubmissionResult or why it cannot be run (a str)."""
        from judge.errors import PackageError
        from judge.verify import judge_options

        if self.unit == "test":
            return self._solutions_by_tests(problem, solutions, time_limit_s, isolation)

        def submit(path: Path, options: dict, force: bool = False):
            sha, blob = self._package(problem.path, force)
            tree_sha, tree = pack_tree(path)
            shipped = ShippedSolution(str(problem.path), sha, str(path), path.name, path.is_dir(), tree_sha,
                                      tree, time_limit_s, isolation, tuple(options.items()))
            return self.client.submit(judge_shipped_solution, shipped, blob, pure=False,
                                      key=f"verify-{problem.slug}-{path.name}-{os.urandom(4).hex()}")

        planned = [(path, judge_options(problem, expected)) for path, expected in solutions]
        futures = [submit(path, options) for path, options in planned]
        results = []
        for (path, options), future in zip(planned, futures):
            while True:
                try:
                    results.append(future.result())
                    break
                except MissingPackage:  # a worker that joined after the check: send the package after all
                    future = submit(path, options, force=True)
                except PackageError:
                    raise
                except Exception as error:  # the worker cannot judge, or the task died too often
                    for other in futures:
                        other.cancel()
                    raise UserError(f"the Dask cluster could not judge {path}: "
                                    f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
                                    ) from None
        return results
