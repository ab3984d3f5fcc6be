"""The language table: how to build and run a program, and the build cache.

Adding a language is adding one entry to LANGUAGES. Every program, compiled or
not, becomes an *artifact*: a folder in the cache holding exactly what the run
needs (a binary, or a copy of the script), so the sandbox can show the program
that one folder and nothing else.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from judge.errors import PackageError, UserError

COMPILE_MESSAGE_LINES = 12
# A build is hostile code too (an assembler's .incbin reads any file, #include "/dev/zero" never
# ends): it runs in the sandbox, seeing the toolchain and its own folder only, under these limits.
COMPILE_CPU_S = 60.0
COMPILE_MEMORY_MIB = 2048
COMPILE_OUTPUT_MIB = 256      # the largest file a build may write (the binary), and its messages
COMPILE_PROCESSES = 64
CACHE_FORMAT = "2"            # bumped when the artifacts' layout or build changes


@dataclass(frozen=True)
class Language:
    name: str
    extensions: tuple[str, ...]
    source_name: str                   # the file name the source gets in the artifact folder
    compile: tuple[str, ...] | None    # argv template, run in the build folder: {src} the source, {out} the binary
    run: tuple[str, ...]               # argv template: {prog} the binary or the script

    @property
    def compiler(self) -> str | None:
        return self.compile[0] if self.compile else None


def python_interpreter() -> str:
    """The real interpreter binary (the one running the judge), never a shell shim."""
    return os.environ.get("JUDGE_PYTHON") or sys.executable


LANGUAGES: tuple[Language, ...] = (
    Language("python", (".py",), "main.py", None, ("{python}", "-I", "{prog}")),
    Language("c", (".c",), "main.c",
             ("gcc", "-O2", "-std=gnu17", "-pipe", "-o", "{out}", "{src}", "-lm"), ("{prog}",)),
    Language("cpp", (".cpp", ".cc", ".cxx", ".c++"), "main.cpp",
             ("g++", "-O2", "-std=gnu++20", "-pipe", "-o", "{out}", "{src}"), ("{prog}",)),
)


def is_supported(path: Path) -> bool:
    return any(path.suffix.lower() in language.extensions for language in LANGUAGES)


def program_source(path: Path, role: str) -> Path:
    """A package program (a validator) is a source file, or a folder holding exactly one."""
    if not path.is_dir():
        return path
    sources = [p for p in sorted(path.iterdir()) if p.is_file() and is_supported(p)]
    if len(sources) != 1:
        raise PackageError(f"{path}: expected exactly one source file for the {role}, found {len(sources)}")
    return sources[0]


def language_for(path: Path) -> Language:
    suffix = path.suffix.lower()
    for language in LANGUAGES:
        if suffix in language.extensions:
            return language
    known = ", ".join(ext for lang in LANGUAGES for ext in lang.extensions)
    raise UserError(f"{path}: unknown language for extension {suffix or '(none)'!r}; supported: {known}")


@dataclass(frozen=True)
class Program:
    """A ready-to-run program: its argv and the artifact folder it lives in."""

    language: str
    argv: tuple[str, ...]
    folder: Path        # the only part of the cache a sandboxed run needs to see
    source: Path        # where it came from, for messages


class CompileError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def cache_dir() -> Path:
    base = os.environ.get("JUDGE_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "judge"


def _compiler_identity(compiler: str | None) -> str:
    """What makes two builds differ besides source and flags: the compiler binary itself."""
    if compiler is None:
        return ""
    found = shutil.which(compiler)
    if found is None:
        raise UserError(f"compiler {compiler!r} not found on PATH; install it (Debian: apt-get install -y gcc g++)")
    real = os.path.realpath(found)
    st = os.stat(real)
    return f"{real}:{st.st_size}:{st.st_mtime_ns}"


HARNESS_NAME = "harness.py"


def prepare(source: Path, *, harness: Path | None = None) -> Program:
    """Build (or fetch from the cache) the program for a source file. Raises CompileError.

    With a `harness` (function problems), the source is a Python module that the
    harness script imports and drives: both go into the artifact folder, and the
    program run is the harness."""
    if not source.is_file():
        raise UserError(f"solution {str(source)!r} not found: give the path of a source file")
    language = language_for(source)
    if harness is not None and language.name != "python":
        raise UserError(f"{source}: this is a function problem: the solution must be a Python module (.py)")
    try:
        code = source.read_bytes()
        extra = {HARNESS_NAME: harness.read_bytes()} if harness is not None else {}
    except OSError as exc:
        raise UserError(f"{source}: cannot read ({exc.strerror})") from None
    key = hashlib.sha256()
    for part in (CACHE_FORMAT, language.name, *(language.compile or ()), _compiler_identity(language.compiler)):
        key.update(part.encode() + b"\0")
    key.update(code)
    for name, content in extra.items():
        key.update(b"\0" + name.encode() + b"\0" + content)
    folder = cache_dir() / "build" / key.hexdigest()[:32]
    binary = folder / ("prog" if language.compile else language.source_name)
    if not binary.exists():
        _build(language, code, folder, binary, source, extra)
    argv = tuple(arg.format(prog=binary, python=python_interpreter()) for arg in language.run)
    if harness is not None:  # python -I harness.py main.py
        argv = (*argv[:-1], str(folder / HARNESS_NAME), argv[-1])
    return Program(language.name, argv, folder, source)


def _build(language: Language, code: bytes, folder: Path, binary: Path, source: Path,
           extra: dict[str, bytes]) -> None:
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".build-", dir=folder.parent))
    except OSError as exc:
        raise UserError(f"cannot write the build cache {folder.parent}: {exc.strerror} "
                        f"(set JUDGE_CACHE_DIR to a writable folder)") from None
    try:
        for name, content in extra.items():
            (staging / name).write_bytes(content)
        (staging / language.source_name).write_bytes(code)
        if language.compile:
            _compile(language, staging, binary.name, source)
            (staging / language.source_name).unlink()  # the artifact folder holds only what the run needs
        _seal(staging)
        try:
            os.rename(staging, folder)  # atomic: concurrent judges never see half a build
        except OSError:
            if not binary.exists():  # another judge did not win the race: a real failure
                raise
    finally:
        if staging.exists():
            from judge.sandbox import empty_folder

            empty_folder(staging)
            staging.rmdir()


def _compile(language: Language, staging: Path, out: str, source: Path) -> None:
    """Run the compiler in the sandbox, in the build folder (the only folder it may write).
    Raises CompileError with the compiler's first lines, or saying which limit stopped it."""
    from judge import sandbox

    identity = sandbox.sandbox_identity()
    if identity is not None:
        os.chown(staging, *identity)
    staging.chmod(0o755)
    argv = [arg.format(src=language.source_name, out=out) for arg in language.compile]
    argv[0] = shutil.which(argv[0]) or argv[0]  # the run server execs a path, it does not search PATH
    limits = sandbox.Limits(cpu_s=COMPILE_CPU_S, memory_mib=COMPILE_MEMORY_MIB, output_mib=COMPILE_OUTPUT_MIB,
                            processes=COMPILE_PROCESSES)
    try:
        result = sandbox.run(argv, limits=limits, stdin_bytes=b"", writable=(staging,), cwd=staging)
    except sandbox.RunnerError as exc:
        raise UserError(f"the sandbox failed while compiling {source}: {exc}") from None
    if result.status is sandbox.Status.OK and (staging / out).is_file():
        return
    stopped = {
        sandbox.Status.CPU: f"compilation took longer than {COMPILE_CPU_S:g} s of CPU time",
        sandbox.Status.WALL: f"compilation took longer than {limits.wall_deadline_s:g} s",
        sandbox.Status.MEMORY: f"the compiler used more than {COMPILE_MEMORY_MIB} MiB of memory",
        sandbox.Status.OUTPUT: f"the compiler wrote more than {COMPILE_OUTPUT_MIB} MiB",
    }.get(result.status)
    if stopped:
        raise CompileError(stopped)
    text = (result.stderr_head or result.stdout).decode("utf-8", "replace")
    text = text.replace(f"{language.source_name}:", f"{source.name}:")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        lines = [f"the compiler failed ({result.describe_exit})"]
    shown = "\n".join(lines[:COMPILE_MESSAGE_LINES])
    more = len(lines) - COMPILE_MESSAGE_LINES
    raise CompileError(shown + (f"\n... ({more} more lines)" if more > 0 else ""))


def _seal(folder: Path) -> None:
    """An artifact folder as every run sees it: its regular files only (a build may leave
    anything, and ran as the sandbox user), owned by the judge's user, readable by the
    sandbox's, writable by no one else."""
    from judge.sandbox import empty_folder

    uid, gid = os.geteuid(), os.getegid()
    os.chown(folder, uid, gid)
    folder.chmod(0o755)
    for path in folder.iterdir():
        if path.is_dir() and not path.is_symlink():
            empty_folder(path)
            path.rmdir()
        elif path.is_symlink() or not path.is_file():
            path.unlink()
        else:
            os.chown(path, uid, gid, follow_symlinks=False)
            path.chmod(0o755 if path.stat().st_mode & 0o111 else 0o644)
