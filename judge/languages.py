"""The language table: how to build and run a program, and the build cache.

The table is data: one `Language` entry per language (name, extensions, compile and
run commands, version probe, how the entry point is found), so adding a language is
adding one entry to LANGUAGES. Extensions and entry points follow the ICPC/Kattis
language list (appendix/languages.md of the problem package format).

A program is a source file or a folder of them (every source of the folder's one
language is built together; headers and other files come along). Every program,
compiled or not, becomes an *artifact*: a folder in the cache holding exactly what
the run needs (a binary, class files, a jar, or a copy of the scripts), so the
sandbox can show the program that one folder and nothing else.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from judge.errors import PackageError, UserError

COMPILE_MESSAGE_LINES = 12
# A build is hostile code too (an assembler's .incbin reads any file, #include "/dev/zero" never
# ends): it runs in the sandbox, seeing the toolchain and its own folder only, under these limits.
# kotlinc, the largest build here, takes about 330 MiB, 4 s of CPU and 20 threads for a small file.
COMPILE_CPU_S = 60.0
COMPILE_MEMORY_MIB = 2048
# the largest file a build may write (the binary), and its messages: a program may hold a large
# static array (512 MiB of initialised data makes a 512 MiB object file and binary; DOMjudge allows 2.5 GB)
COMPILE_OUTPUT_MIB = 1024
COMPILE_PROCESSES = 64
CACHE_FORMAT = "3"            # bumped when the artifacts' layout or build changes
DEFAULT_RUN_MEMORY_MIB = 1024  # the {memory} of a program prepared without a memory limit (a validator)
FOLDER_MAX_FILES = 256        # a folder program: at most this many files ...
FOLDER_MAX_BYTES = 64 * 1024 * 1024  # ... of at most this many bytes in all
VERSION_PROBE_S = 20.0
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib64")  # a sandbox sees these; other toolchains are `tools`

# The JVM's flags, for javac and kotlinc (as -J flags) and for runs: one GC thread and the
# thread pools of a 2-core machine, so a JVM fits the process limit on any machine.
JVM_FLAGS = ("-XX:+UseSerialGC", "-XX:ActiveProcessorCount=2")
# Go: the same for its runtime and its build (parallel compile jobs); caches in the build's /tmp.
GO_ENV = ("GOMAXPROCS=2", "CGO_ENABLED=0", "GO111MODULE=off", "GOCACHE=/tmp/go-cache", "GOPATH=/tmp/go")


@dataclass(frozen=True)
class Language:
    """One entry of the table. Placeholders in `compile` (run in the build folder): {srcs} every
    source file, {entry} the entry file, {main} the entry's name (Java: its main class), {out}
    the artifact. In `run`: {prog} the artifact's path, {folder} the artifact folder, {main},
    {python} the judge's interpreter, {memory} the memory limit in MiB, {stack} the stack in MiB."""

    name: str                          # the Kattis code where there is one (`--lang NAME`)
    title: str
    extensions: tuple[str, ...]        # that identify the language ((): chosen with --lang only)
    source_name: str                   # the name a single source file gets in the build folder
    compile: tuple[str, ...] | None
    run: tuple[str, ...]
    version: tuple[str, ...]           # the version probe (its first line is shown)
    artifact: str = "prog"             # what the build must leave, relative to the folder ({main} allowed)
    entries: tuple[str, ...] = ()      # entry files of a folder, in order of preference ...
    entry_marker: str = ""             # ... else the only source, else the one source matching this
    folder_run: tuple[str, ...] = ()   # `run` for a folder program, if it differs
    aliases: tuple[str, ...] = ()
    install: str = ""                  # Debian packages providing the toolchain
    jvm: bool = False                  # runs on the JVM: needs its configuration folder
    sysroot: bool = False              # the compiler is `<sysroot>/bin/<name>` of `compiler --print sysroot`
    classes: bool = False              # Java: a file is named after its public class, {main} is main's class
    compile_if: str = ""               # build only when the program has this file (a `build` script)
    keep_sources: bool = False         # the artifact keeps the program's files, not only the build's

    @property
    def needs_entry(self) -> bool:
        """Whether the entry file matters: interpreted, or named in a command or the artifact."""
        return not self.compile or any("{entry}" in arg or "{main}" in arg
                                       for arg in (*self.compile, *self.run, self.artifact))

    @property
    def compiler(self) -> str | None:
        if not self.compile:
            return None
        return self.compile[1 + self.compile.index("--")] if "--" in self.compile else self.compile[0]

    @property
    def interpreter(self) -> str | None:
        """The run command's program when it is a toolchain's (java, node), not the artifact."""
        first = self.run[0]
        return None if first.startswith("{") else first


def python_interpreter() -> str:
    """The real interpreter binary (the one running the judge, or $JUDGE_PYTHON), never a shell
    shim. Raises UserError when $JUDGE_PYTHON names no executable file."""
    chosen = os.environ.get("JUDGE_PYTHON")
    if not chosen:
        return sys.executable
    problem = _not_a_python(chosen)
    if problem:
        raise UserError(f"JUDGE_PYTHON={chosen}: {problem}: point it at a Python 3 interpreter (an absolute "
                        f"path) or unset it")
    return chosen


@functools.lru_cache(maxsize=None)
def _not_a_python(path: str) -> str:
    """Why `path` cannot be the judge's Python ("" when it can): asked once per process."""
    if not (os.path.isabs(path) and os.path.isfile(path) and os.access(path, os.X_OK)):
        return "no executable file there"
    try:
        answer = subprocess.run([path, "-I", "-c", "import sys; print(sys.version_info[0])"], capture_output=True,
                                text=True, timeout=VERSION_PROBE_S).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        answer = ""
    return "" if answer == "3" else "not a Python 3 interpreter (it does not run `-c` code as one)"


BUILD_RUN = "build-run"
_JVM_RUN = ("java", *JVM_FLAGS, "-Xmx{memory}m", "-Xss{stack}m")
_PY_ENTRY = dict(entries=("__main__.py", "main.py"), entry_marker=r"if\s+__name__\s*==")

LANGUAGES: tuple[Language, ...] = (
    # Python is "compiled" as Kattis does: a source that does not compile is CE, with the
    # compiler's message (file, line, caret), not a run-time error on every test
    Language("python", "Python 3", (".py", ".py3"), "main.py", ("{python}", "-I", "-m", "py_compile", "{srcs}"),
             ("{python}", "-I", "{prog}"), ("{python}", "--version"), artifact="{entry}", aliases=("python3",),
             install="python3", folder_run=("{python}", "-E", "-s", "{prog}"),  # -I would hide the entry's siblings
             keep_sources=True, **_PY_ENTRY),
    Language("pypy3", "Python 3 (PyPy)", (), "main.py", None, ("pypy3", "{prog}"), ("pypy3", "--version"),
             artifact="{entry}", install="pypy3", **_PY_ENTRY),
    Language("c", "C", (".c",), "main.c",
             ("gcc", "-O2", "-std=gnu17", "-pipe", "-o", "{out}", "{srcs}", "-lm"), ("{prog}",),
             ("gcc", "--version"), install="gcc"),
    Language("cpp", "C++", (".cpp", ".cc", ".cxx", ".c++", ".C"), "main.cpp",
             ("g++", "-O2", "-std=gnu++20", "-pipe", "-o", "{out}", "{srcs}"), ("{prog}",),
             ("g++", "--version"), aliases=("c++",), install="g++"),
    Language("java", "Java", (".java",), "Main.java",
             ("javac", *(f"-J{flag}" for flag in JVM_FLAGS), "-encoding", "UTF-8", "-d", ".", "{srcs}"),
             (*_JVM_RUN, "-cp", "{folder}", "{main}"), ("javac", "-version"), artifact="{main}.class",
             entries=("Main.java",), entry_marker=r"\bstatic\s+(?:public\s+)?void\s+main\s*\(",
             install="openjdk-17-jdk-headless", jvm=True, classes=True),
    Language("kotlin", "Kotlin", (".kt",), "main.kt",
             ("kotlinc", *(f"-J{flag}" for flag in JVM_FLAGS), "-include-runtime", "-d", "{out}", "{srcs}"),
             (*_JVM_RUN, "-jar", "{prog}"), ("kotlinc", "-version"), artifact="prog.jar",
             install="kotlin openjdk-17-jdk-headless", jvm=True),
    Language("rust", "Rust", (".rs",), "main.rs",
             ("rustc", "--edition", "2021", "-O", "-o", "{out}", "{entry}"), ("{prog}",), ("rustc", "--version"),
             entries=("main.rs",), entry_marker=r"\bfn\s+main\s*\(", aliases=("rs",), install="rustc",
             sysroot=True),
    Language("go", "Go", (".go",), "main.go",
             ("/usr/bin/env", *GO_ENV, "--", "go", "build", "-p", "2", "-o", "{out}", "{srcs}"),
             ("/usr/bin/env", GO_ENV[0], "{prog}"), ("go", "version"), install="golang-go"),
    Language("javascript", "JavaScript (Node.js)", (".js",), "main.js", None, ("node", "{prog}"),
             ("node", "--version"), artifact="{entry}", entries=("main.js",), aliases=("js", "node"),
             install="nodejs"),
    Language("bash", "Bash", (".sh",), "main.sh", None, ("bash", "{prog}"), ("bash", "--version"),
             artifact="{entry}", entries=("main.sh",), aliases=("sh",), install="bash"),
    # The package format's other programs (validators): a folder with a `build` and/or a `run` script
    Language(BUILD_RUN, "build/run scripts", (), "run", ("/bin/sh", "build"), ("{prog}",),
             ("/bin/sh", "-c", "echo POSIX shell"), artifact="run", entries=("run",), install="dash",
             compile_if="build", keep_sources=True),
)


def by_name(name: str) -> Language:
    """The language called `name` (or one of its aliases). Raises UserError."""
    wanted = name.lower()
    for language in LANGUAGES:
        if wanted == language.name or wanted in language.aliases:
            return language
    raise UserError(f"unknown language {name!r}; known: {', '.join(lang.name for lang in LANGUAGES)}")


# Files whose extension names a language of the table but whose `#!` line names another the
# judge does not run (as problemtools and BAPCtools tell Python 2 from Python 3)
OTHER_SHEBANGS = {"python": (re.compile(rb"^#!.*python2\b"), "Python 2")}


def _by_extension(path: Path) -> Language | None:
    suffix = path.suffix if path.suffix == ".C" else path.suffix.lower()  # .C is C++, .c is C
    return next((lang for lang in LANGUAGES if suffix in lang.extensions), None)


def _other_shebang(language: Language, path: Path) -> str | None:
    """The language a file's `#!` line names instead of `language` (one the judge does not run)."""
    other = OTHER_SHEBANGS.get(language.name)
    if other is None:
        return None
    try:
        with open(path, "rb") as f:
            first = f.readline(200)
    except OSError:
        return None
    return other[1] if other[0].match(first) else None


def _folder_files(folder: Path) -> list[Path]:
    """A folder program's files: its top-level regular files (no links, no subfolders), bounded."""
    try:
        files = [p for p in sorted(folder.iterdir()) if p.is_file() and not p.is_symlink()]
    except OSError as exc:
        raise UserError(f"{folder}: cannot read ({exc.strerror})") from None
    if len(files) > FOLDER_MAX_FILES:
        raise UserError(f"{folder}: more than {FOLDER_MAX_FILES} files; a program folder holds its sources")
    return files


def language_for(path: Path, name: str | None = None) -> Language:
    """The language of a source file (by extension) or of a folder (the one language of its
    sources), unless `name` chooses it. Raises UserError."""
    if name:
        return by_name(name)
    if not path.is_dir():
        found = _by_extension(path)
        if found is None:
            known = ", ".join(ext for lang in LANGUAGES for ext in lang.extensions)
            raise UserError(f"{path}: unknown language for extension {path.suffix or '(none)'!r}; supported: "
                            f"{known} (or choose one with --lang)")
        other = _other_shebang(found, path)
        if other is not None:
            raise UserError(f"{path}: its #! line says {other}, which the judge does not run (choose a language "
                            f"with --lang)")
        return found
    files = _folder_files(path)
    if any(p.name in ("build", "run") for p in files):
        return by_name(BUILD_RUN)
    found_in = {lang.name: lang for lang in filter(None, map(_by_extension, files))}
    if len(found_in) != 1:
        what = "no source file" if not found_in else f"sources of several languages ({', '.join(sorted(found_in))})"
        raise UserError(f"{path}: {what}; a program folder holds the sources of one language (or choose it with "
                        f"--lang)")
    return next(iter(found_in.values()))


def is_supported(path: Path) -> bool:
    """Whether the judge knows the language of this source file or folder."""
    try:
        language_for(path)
    except UserError:
        return False
    return True


def program_source(path: Path, role: str) -> Path:
    """A package program (a validator): a source file, a folder holding exactly one (that file), a
    folder of several files of one language, or a folder with a `build` and/or `run` script as the
    package format describes (the folder, built as a whole). Raises PackageError."""
    if not path.is_dir():
        return path
    try:
        language = language_for(path)
    except UserError as exc:
        raise PackageError(f"{path}: the {role} must be a source file, a folder of one language's sources, "
                           f"or a folder with a build or run script ({exc})") from None
    files = _folder_files(path)
    sources = [p for p in files if _by_extension(p)]
    # a lone source file is that file; with anything beside it (a header) the folder is built as a whole
    return sources[0] if len(files) == 1 and len(sources) == 1 and language.name != BUILD_RUN else path


@dataclass(frozen=True)
class Program:
    """A ready-to-run program: its argv, the artifact folder it lives in, and the toolchain
    folders outside the system ones that its runs must see (`tools` of sandbox.run)."""

    language: str
    argv: tuple[str, ...]
    folder: Path        # the only part of the cache a sandboxed run needs to see
    source: Path        # where it came from, for messages
    tools: tuple[Path, ...] = field(default=())


class CompileError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def cache_dir() -> Path:
    """The build cache's folder ($JUDGE_CACHE_DIR, else $XDG_CACHE_HOME/judge). Raises UserError
    when something that is not a folder is in its way."""
    base = os.environ.get("JUDGE_CACHE_DIR")
    if base:
        folder = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = Path(xdg) / "judge"
    blocked = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if blocked is not None and not blocked.is_dir():
        variable = "JUDGE_CACHE_DIR" if base else "XDG_CACHE_HOME"
        raise UserError(f"the build cache {folder} cannot be a folder: {blocked} is a file "
                        f"(set {variable} to a writable folder)")
    return folder


# ---------------------------------------------------------------- toolchains


@dataclass(frozen=True)
class Toolchain:
    """Where a language's programs are found on this machine: the compiler's and the
    interpreter's paths (absolute: the run server execs a path) and the folders outside the
    system ones that compiling and running must see."""

    compiler: str | None
    interpreter: str | None
    tools: tuple[Path, ...]

    @property
    def identity(self) -> str:
        """What makes two builds differ besides source and flags: the compiler binary itself."""
        if self.compiler is None:
            return ""
        st = os.stat(self.compiler)
        return f"{self.compiler}:{st.st_size}:{st.st_mtime_ns}"


def _outside_system(path: str) -> bool:
    return not any(path == d or path.startswith(d + "/") for d in SYSTEM_DIRS)


def _missing(language: Language, program: str) -> UserError:
    hint = f" (Debian: apt-get install -y {language.install})" if language.install else ""
    return UserError(f"{language.title} is not installed here: {program!r} not found on PATH{hint}")


def _find(language: Language, program: str) -> str:
    """A toolchain program's real path. Raises UserError (one line) when it is missing."""
    if program == "{python}":
        return python_interpreter()
    found = shutil.which(program)
    if found is None:
        raise _missing(language, program)
    return os.path.realpath(found)


def _sysroot_compiler(language: Language, compiler: str) -> str:
    """rustup's rustc is a proxy that needs the user's home: run the toolchain's own binary."""
    try:
        root = subprocess.run([compiler, "--print", "sysroot"], capture_output=True, text=True,
                              timeout=VERSION_PROBE_S).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        root = ""
    real = Path(root, "bin", Path(language.compiler or "").name)
    if not root or not real.is_file():
        raise UserError(f"{language.title}: {compiler} --print sysroot does not name a toolchain; reinstall it")
    return os.path.realpath(real)


def _jvm_config() -> list[Path]:
    """The folders the JVM's configuration links point into (Debian: /etc/java-17-openjdk)."""
    java = shutil.which("java")
    conf = Path(os.path.realpath(java)).parent.parent / "conf" if java else None
    if conf is None or not conf.is_dir():
        return []
    found = {Path(os.path.realpath(p)).parent for p in conf.rglob("*") if p.is_symlink()}
    found = {p for p in found if p.is_dir() and _outside_system(str(p))}
    return [p for p in sorted(found) if not any(parent in found for parent in p.parents)]


def _toolchain_root(binary: str) -> Path:
    """The folder a toolchain outside the system folders lives in: the parent of its bin/."""
    path = Path(binary).parent
    return path.parent if path.name == "bin" else path


def toolchain(language: Language) -> Toolchain:
    """Find a language's toolchain on this machine. Raises UserError (one line) when it is missing."""
    compiler = _find(language, language.compiler) if language.compiler else None
    if compiler is not None and language.sysroot:  # ask the command found on PATH (rustup's proxy)
        compiler = _sysroot_compiler(language, shutil.which(language.compiler) or compiler)
    interpreter = _find(language, language.interpreter) if language.interpreter else None
    tools = [_toolchain_root(p) for p in (compiler, interpreter)
             if p and p != python_interpreter() and _outside_system(p)]
    if language.jvm:
        if shutil.which("java") is None:
            raise _missing(language, "java")
        tools += _jvm_config()
    return Toolchain(compiler, interpreter, tuple(dict.fromkeys(tools)))


def installed(language: Language) -> bool:
    """Whether a language's toolchain is on this machine (its programs can be built and run)."""
    try:
        toolchain(language)
    except UserError:
        return False
    return True


def version(language: Language) -> str | None:
    """The first line the language's version probe prints, or None when it is not installed."""
    probe = language.version[0]
    found = python_interpreter() if probe == "{python}" else shutil.which(probe)  # not resolved: rustup's
    if found is None:                                                             # proxy goes by its name
        return None
    argv = [found, *language.version[1:]]
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=VERSION_PROBE_S)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = [line.strip().removeprefix("info: ") for line in (proc.stdout + "\n" + proc.stderr).splitlines()
             if line.strip() and "warning" not in line.lower()]
    return lines[0] if lines and proc.returncode == 0 else None


def versions() -> list[tuple[Language, str | None]]:
    """Every language with its version (None: not installed), probed at once (a JVM starts slowly)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(LANGUAGES)) as pool:
        return list(zip(LANGUAGES, pool.map(version, LANGUAGES)))


# ---------------------------------------------------------------- sources and entry points


@dataclass(frozen=True)
class Sources:
    """What goes into a build folder: file name -> content, and the entry file's name."""

    files: tuple[tuple[str, bytes], ...]
    entry: str
    renamed: tuple[tuple[str, str], ...] = ()   # (name in the build folder, the user's name), for messages
    executable: tuple[str, ...] = ()            # files that keep their execute permission (a `run` script)


def _java_public_class(code: bytes) -> str | None:
    match = re.search(rb"\bpublic\s+(?:(?:final|abstract|sealed|strictfp)\s+)*(?:class|interface|enum|record)"
                      rb"\s+(\w+)", code)
    return match.group(1).decode() if match else None


def _main_name(language: Language, entry: str, code: bytes) -> str:
    """{main}: for Java the class that declares main (the last class declared before it), else
    the entry file's stem."""
    if not language.classes:
        return Path(entry).stem
    marker = re.search(language.entry_marker.encode(), code)
    before = code[:marker.start()] if marker else code
    classes = re.findall(rb"\b(?:class|interface|enum|record)\s+(\w+)", before)
    return classes[-1].decode() if classes else Path(entry).stem


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None


def _single_file(language: Language, source: Path) -> Sources:
    code = _read(source)
    name = language.source_name
    if language.classes:  # javac wants a public class in a file of its name
        name = f"{_java_public_class(code) or Path(name).stem}.java"
    return Sources(((name, code),), name, ((name, source.name),))


def _entry(language: Language, folder: Path, sources: list[str], files: dict[str, bytes]) -> str:
    """A folder's entry file: a default name, else its only source, else the one source with the
    language's entry marker (Python's `if __name__ ==`, Java's main, Rust's fn main)."""
    for name in language.entries:
        if name in files:
            return name
    if len(sources) == 1:
        return sources[0]
    marked = [n for n in sources if language.entry_marker and re.search(language.entry_marker.encode(), files[n])]
    if len(marked) == 1:
        return marked[0]
    if not language.needs_entry:
        return sources[0]  # every source is compiled together: no entry needed
    wanted = " or ".join(language.entries) or "one entry file"
    raise UserError(f"{folder}: cannot tell which {language.title} file is the program: name it {wanted}, "
                    f"or mark exactly one ({len(marked)} of {len(sources)} look like one)")


def _folder(language: Language, folder: Path, entry: str | None = None) -> Sources:
    paths = _folder_files(folder)
    if sum(p.lstat().st_size for p in paths) > FOLDER_MAX_BYTES:  # before reading any of them
        raise UserError(f"{folder}: more than {FOLDER_MAX_BYTES:,} bytes of files; a program folder holds its "
                        f"sources")
    files = {p.name: _read(p) for p in paths}
    sources = [n for n in files if _by_extension(Path(n)) is language
               or (not language.extensions and Path(n).suffix == Path(language.source_name).suffix)]
    if not sources:
        raise UserError(f"{folder}: no {language.title} source file")
    executable = tuple(p.name for p in paths if os.access(p, os.X_OK))
    if entry is not None and entry not in files:
        raise UserError(f"{folder}: its entry point {entry!r} (submissions.yaml) is not a file of the folder")
    return Sources(tuple(sorted(files.items())), entry or _entry(language, folder, sources, files), (), executable)


def sources_of(language: Language, source: Path, entry: str | None = None) -> Sources:
    """A program's files; `entry` names a folder's entry file (submissions.yaml's `entrypoint`)."""
    return _folder(language, source, entry) if source.is_dir() else _single_file(language, source)


# ---------------------------------------------------------------- building


HARNESS_NAME = "harness.py"


def _cache_key(language: Language, sources: Sources, chain: Toolchain) -> str:
    key = hashlib.sha256()
    for part in (CACHE_FORMAT, language.name, *(language.compile or ()), chain.identity, sources.entry):
        key.update(part.encode() + b"\0")
    for name, content in sources.files:
        key.update(name.encode() + (b"\1" if name in sources.executable else b"\0") + hashlib.sha256(content).digest())
    return key.hexdigest()[:32]


JVM_MAX_STACK_MIB = 1024  # the JVM refuses a larger -Xss ("exceeds the maximum representable size")


def stack_mib(memory_mib: int) -> int:
    """The stack a run gets for a memory limit (the sandbox's rule), in MiB, as the JVM's -Xss:
    at most the 1 GiB a JVM thread stack can have."""
    from judge.sandbox import MIB, _stack_bytes

    return min(_stack_bytes(memory_mib) // MIB, JVM_MAX_STACK_MIB)


def prepare(source: Path, *, harness: Path | None = None, language: str | None = None,
            memory_mib: int = DEFAULT_RUN_MEMORY_MIB, entry: str | None = None) -> Program:
    """Build (or fetch from the cache) the program for a source file or folder. Raises
    CompileError, or UserError (a missing file or toolchain).

    `language` chooses the language by name instead of the extensions. `memory_mib` is the
    memory limit its runs will have (the JVM's heap is set from it). With a `harness`
    (function problems), the source is a Python module that the harness script imports and
    drives: both go into the artifact folder, and the program run is the harness. `entry` names
    a folder's entry file instead of the language's rule."""
    if not source.exists():
        raise UserError(f"solution {str(source)!r} not found: give the path of a source file or folder")
    lang = language_for(source, language)
    if harness is not None and lang.name != "python":
        raise UserError(f"{source}: this is a function problem: the solution must be a Python module (.py)")
    chain = toolchain(lang)
    sources = sources_of(lang, source, entry)
    if harness is not None:
        sources = Sources((*sources.files, (HARNESS_NAME, _read(harness))), sources.entry, sources.renamed,
                          sources.executable)
    main = _main_name(lang, sources.entry, dict(sources.files)[sources.entry])
    artifact = lang.artifact.format(main=main, entry=sources.entry)
    folder = cache_dir() / "build" / _cache_key(lang, sources, chain)
    if not (folder / artifact).exists():
        _build(lang, chain, sources, folder, artifact, main, source)
    values = dict(prog=folder / artifact, folder=folder, main=main, python=python_interpreter(),
                  memory=memory_mib, stack=stack_mib(memory_mib))
    argv = [arg.format(**values) for arg in (source.is_dir() and lang.folder_run or lang.run)]
    if lang.interpreter:
        argv[0] = chain.interpreter or argv[0]
    if harness is not None:  # python -I harness.py main.py
        argv = [*argv[:-1], str(folder / HARNESS_NAME), argv[-1]]
    return Program(lang.name, tuple(argv), folder, source, chain.tools)


@contextlib.contextmanager
def staged(folder: Path, artifact: str) -> Iterator[Path]:
    """A private staging folder beside `folder` for one build, published as `folder` when the
    block ends well (a rename: concurrent judges never see half a build; if another judge
    published `artifact` first, its build stands), removed in any case."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".build-", dir=folder.parent))
    except OSError as exc:
        raise UserError(f"cannot write the build cache {folder.parent}: {exc.strerror} "
                        f"(set JUDGE_CACHE_DIR to a writable folder)") from None
    try:
        yield staging
        try:
            os.rename(staging, folder)
        except OSError:
            if not (folder / artifact).exists():  # another judge did not win the race: a real failure
                raise
    finally:
        if staging.exists():
            from judge.sandbox import empty_folder

            empty_folder(staging)
            staging.rmdir()


def _build(language: Language, chain: Toolchain, sources: Sources, folder: Path, artifact: str, main: str,
           source: Path) -> None:
    with staged(folder, artifact) as staging:
        for name, content in sources.files:
            (staging / name).write_bytes(content)
            (staging / name).chmod(0o755 if name in sources.executable else 0o644)
        if language.compile and (not language.compile_if or language.compile_if in dict(sources.files)):
            _compile(language, chain, sources, staging, artifact, main, source)
            for name, _ in sources.files if not language.keep_sources else ():  # only what the run needs
                (staging / name).unlink(missing_ok=True)
        _seal(staging)


def compile_argv(language: Language, chain: Toolchain, sources: Sources, artifact: str, main: str) -> list[str]:
    """The compiler's command line in the build folder, {srcs} expanded to every source file."""
    names = [n for n, _ in sources.files if _by_extension(Path(n)) is language]
    argv: list[str] = []
    for arg in language.compile or ():
        if arg == "{srcs}":
            argv += names
        else:
            argv.append(arg.format(out=artifact, entry=sources.entry, main=main, python=chain.compiler))
    at = argv.index("--") + 1 if "--" in argv else 0
    argv[at] = chain.compiler or argv[at]  # the run server execs a path, it does not search PATH
    if at:
        del argv[at - 1]  # "--" only marks where the compiler is (after env's VAR=value)
    return argv


def _compile(language: Language, chain: Toolchain, sources: Sources, staging: Path, artifact: str, main: str,
             source: Path) -> None:
    """Run the compiler in the sandbox, in the build folder (the only folder it may write).
    Raises CompileError with the compiler's first lines, or saying which limit stopped it."""
    from judge import sandbox

    identity = sandbox.sandbox_identity()
    if identity is not None:
        os.chown(staging, *identity)
    staging.chmod(0o755)
    argv = compile_argv(language, chain, sources, artifact, main)
    limits = sandbox.Limits(cpu_s=COMPILE_CPU_S, memory_mib=COMPILE_MEMORY_MIB, output_mib=COMPILE_OUTPUT_MIB,
                            processes=COMPILE_PROCESSES)
    try:
        result = sandbox.run(argv, limits=limits, stdin_bytes=b"", writable=(staging,), cwd=staging,
                             tools=chain.tools)
    except sandbox.RunnerError as exc:
        raise UserError(f"the sandbox failed while compiling {source}: {exc}") from None
    if result.status is sandbox.Status.OK and (staging / artifact).is_file():
        return
    stopped = {
        sandbox.Status.CPU: f"compilation took longer than {COMPILE_CPU_S:g} s of CPU time",
        sandbox.Status.WALL: f"compilation took longer than {limits.wall_deadline_s:g} s",
        sandbox.Status.MEMORY: f"the compiler used more than {COMPILE_MEMORY_MIB} MiB of memory",
        sandbox.Status.OUTPUT: f"the compiler wrote more than {COMPILE_OUTPUT_MIB} MiB",
    }.get(result.status)
    if stopped:
        raise CompileError(stopped)
    failed = f"the compiler made no {artifact}" if result.status is sandbox.Status.OK else \
        f"the compiler failed ({result.describe_exit})"
    raise CompileError(_compiler_message(result.stderr_head or result.stdout, sources, failed))


def _compiler_message(output: bytes, sources: Sources, failed: str) -> str:
    """The compiler's first lines, with the build folder's file names replaced by the user's."""
    text = output.decode("utf-8", "replace")
    for inside, theirs in sources.renamed:
        text = text.replace(f"{inside}:", f"{theirs}:").replace(f'"{inside}"', f'"{theirs}"')
    lines = [line for line in text.splitlines() if line.strip() and "warning: Options -Xverify" not in line]
    if not lines:
        lines = [failed]
    shown = "\n".join(lines[:COMPILE_MESSAGE_LINES])
    more = len(lines) - COMPILE_MESSAGE_LINES
    return shown + (f"\n... ({more} more lines)" if more > 0 else "")


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
