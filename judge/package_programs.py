"""A package's own programs (validators, generators) as the tools they were written for build them.

Two things happen between the package's files and the build (languages.prepare):

- `{{name}}` sequences naming a constant of problem.yaml are replaced (constants.py);
- a C or C++ program that includes "validation.h" but does not hold that file (in the
  BAPCtools repository it is a link into BAPCtools' own resources, which dangles in a
  copied package) gets the one of an installed BAPCtools (`pip install bapctools`), as
  BAPCtools itself provides it; the judge ships no copy (BAPCtools is GPL-3.0, the judge
  MIT). Without BAPCtools such a program is one clear package error.

When either changes anything, the program is copied, changed, into the build cache (by
content, under its own name, so messages still name it), and that copy is built instead.
Links in a program folder are never followed (a hostile package could point one anywhere).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from judge import constants
from judge.errors import PackageError, UserError

BAPCTOOLS_HEADERS = ("validation.h",)  # what BAPCtools hands its packages' C++ programs
C_LIKE = (".c", ".cpp", ".cc", ".cxx", ".c++", ".C", ".h", ".hpp")
_INCLUDE = re.compile(rb'^\s*#\s*include\s*["<]([\w.]+)[">]', re.MULTILINE)
MAX_FILES = 256


def _files(path: Path) -> dict[str, Path]:
    if path.is_file():
        return {path.name: path}
    try:
        found = {p.name: p for p in sorted(path.iterdir()) if p.is_file() and not p.is_symlink()}
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    if len(found) > MAX_FILES:
        raise PackageError(f"{path}: more than {MAX_FILES} files; a program folder holds its sources")
    return found


def bapctools_header(name: str) -> Path | None:
    """An installed BAPCtools' own copy of a header it provides (found, not imported)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("bapctools")
    except (ImportError, ValueError):
        return None
    for root in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(root) / "resources" / "headers" / name
        if candidate.is_file():
            return candidate
    return None


def _provided(path: Path, contents: dict[str, bytes]) -> dict[str, bytes]:
    """The BAPCtools headers the program's C/C++ sources include and lack, from BAPCtools."""
    wanted: set[str] = set()
    for name, data in contents.items():
        if Path(name).suffix in C_LIKE:
            wanted.update(m.group(1).decode() for m in _INCLUDE.finditer(data))
    provided = {}
    for name in sorted(wanted & set(BAPCTOOLS_HEADERS) - set(contents)):
        header = bapctools_header(name)
        if header is None:
            raise PackageError(f"{path}: includes {name}, BAPCtools' validator library, which the program does not "
                               f"hold and no BAPCtools is installed to provide: pip install bapctools")
        provided[name] = header.read_bytes()
    return provided


def source_for(problem, path: Path) -> Path:
    """What to build for the package program at `path` (a file or folder): `path` itself, or its
    changed copy in the build cache. Raises PackageError on malformed constants."""
    table = problem.constants
    files = _files(path)
    try:
        contents = {name: p.read_bytes() for name, p in files.items()}
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    changed = {name: constants.substitute_bytes(data, table) for name, data in contents.items()}
    extra = _provided(path, changed)
    if changed == contents and not extra:
        return path
    from judge.languages import cache_dir

    digest = hashlib.sha256(b"file" if path.is_file() else b"folder")
    for name, data in sorted({**changed, **extra}.items()):
        executable = name in files and os.access(files[name], os.X_OK)
        digest.update(name.encode() + (b"\1" if executable else b"\0") + hashlib.sha256(data).digest())
    home = cache_dir() / "package-programs" / digest.hexdigest()[:32]
    as_folder = path.is_dir() or bool(extra)
    target = home / path.name
    if target.exists():
        return target
    home.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".stage-", dir=home.parent))
    try:
        inner = staging / path.name if as_folder else staging
        inner.mkdir(exist_ok=True)
        for name, data in {**changed, **extra}.items():
            (inner / name).write_bytes(data)
            executable = name in files and os.access(files[name], os.X_OK)
            (inner / name).chmod(0o755 if executable else 0o644)
        try:
            os.rename(staging, home)
        except OSError:
            if not target.exists():  # another judge did not publish it first: a real failure
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


def built(problem, path: Path):
    """The package program at `path` built (once per process) for running: generate.program_for
    of source_for, its compile errors naming the package's file, not the copy."""
    from judge.generate import program_for

    source = source_for(problem, path)
    try:
        return program_for(source)
    except PackageError as exc:
        raise PackageError(str(exc).replace(str(source), str(path))) from None
