"""Grading on a Dask cluster: the only module that imports dask/distributed (lazily).

A worker needs no repository: each problem's package (problem.yaml, data/, validators) is packed
by the client into one deterministic archive named by its sha256. If every worker has that
package in its cache already (<cache>/grade/packages/<sha256>/<problem>, judge's cache dir), it
is not sent at all; else it is submitted once as a task of that name, so Dask sends it to a
worker at most once (the worker keeps it in memory as a dependency; if it dies, the scheduler
can make it again) and the worker unpacks it once into its cache. A submission's bytes
travel with its task and land in <cache>/grade/sources/<sha256>/<name>. The worker then runs
grade.grade_one, one submission per task, one test at a time (Dask's threads are the parallelism);
its sandbox run servers are its own (the sandbox pool is per process). A worker dying mid-task is
Dask's to handle: its tasks run again elsewhere, and the results file records each key once.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import os
import tarfile
import tempfile
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
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if rel.parts[0] in _NOT_SHIPPED or any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
                continue
            info = tar.gettarinfo(str(path), arcname=rel.as_posix())
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            if info.isreg():
                with open(path, "rb") as f:
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
            tar.extractall(tmp / name, filter="data")

    return _install(_store() / "packages" / sha256, fill) / name


def store_source(sha256: str, name: str, code: bytes) -> Path:
    def fill(tmp: Path) -> None:
        if hashlib.sha256(code).hexdigest() != sha256:
            raise ValueError(f"{name}: content does not match its sha256")
        (tmp / name).write_bytes(code)

    return _install(_store() / "sources" / sha256, fill) / name


@dataclass(frozen=True)
class Shipped:
    """A GradeJob as it travels: content instead of the client's paths."""

    job: GradeJob
    package_sha256: str
    code: bytes


class MissingPackage(Exception):
    """A task came without its package (every worker had it when it was sent) to a worker without it."""


def has_package(sha256: str) -> bool:
    return (_store() / "packages" / sha256).is_dir()


def grade_shipped(shipped: Shipped, package_blob: bytes | None) -> GradeRecord:
    """On a worker: materialize package and source from content, then grade one submission.
    Without the blob, the package must be in this worker's cache already."""
    job = shipped.job
    if package_blob is None:
        if not has_package(shipped.package_sha256):
            raise MissingPackage(shipped.package_sha256)
        package = _store() / "packages" / shipped.package_sha256 / job.package.name
    else:
        package = unpack_package(shipped.package_sha256, job.package.name, package_blob)
    source = store_source(job.sha256, job.source.name, shipped.code)
    return grade_one(replace(job, source=source, package=package, jobs=1))


def _same(blob: bytes) -> bytes:
    return blob


def _client(address: str | None, workers: int | None):
    try:
        import distributed
    except ImportError:
        raise UserError("grading on a Dask cluster needs distributed: pip install 'judge[cluster]'") from None
    import logging

    logging.getLogger("distributed").setLevel(logging.ERROR)
    if address:
        try:
            return distributed.Client(address, timeout="10s"), None
        except (OSError, TimeoutError) as exc:
            raise UserError(f"no Dask scheduler at {address}: {exc}") from None
    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=":0")
    return distributed.Client(cluster), cluster


class DaskRunner:
    """A grade.Runner on a Dask cluster: a running scheduler's (address), or a local one of
    `workers` processes. Use as a context manager; call it with jobs, get (job, outcome)s back."""

    def __init__(self, address: str | None = None, workers: int | None = None, client=None):
        self._given = client
        self.address, self.workers = address, workers
        self.client = self._cluster = None
        self.shipped: set[str] = set()  # the packages (sha256) this runner sent to the cluster

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

    def __call__(self, jobs: list[GradeJob]) -> Iterator[Outcome]:
        from distributed import as_completed

        packed: dict[Path, tuple[str, bytes]] = {}
        sent: dict[Path, object] = {}  # package -> the future of its blob, once it had to be sent

        def blob_of(job: GradeJob, force: bool = False):
            sha, blob = packed[job.package]
            if job.package not in sent and (force or not all(self.client.run(has_package, sha).values())):
                # a task, not scattered data: the scheduler keeps its definition, so a worker dying with
                # the only copy costs a recompute, not the grading; named by content, fetched once per worker
                sent[job.package] = self.client.submit(_same, blob, key=f"judge-package-{sha}", pure=False)
                self.shipped.add(sha)
            return sent.get(job.package)

        def submit(job: GradeJob, force: bool = False):
            if job.package not in packed:
                packed[job.package] = pack_package(job.package)
            shipped = Shipped(job, packed[job.package][0], job.source.read_bytes())
            return self.client.submit(grade_shipped, shipped, blob_of(job, force), pure=False,
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
