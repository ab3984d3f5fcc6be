"""Generated tests: read generators/generators.yaml, rebuild inputs and answers.

The file follows BAPCtools' shape, reduced to what we use:

    solution: /solutions/<slug>/accepted/<reference>   # answers come from it
    data:
      secret:
        data:
          20-random-01: gen.py --seed 1 --n 10 --shape random
          group1:                                       # a nested group is a mapping
            data:
              01-big: gen.py --seed 2 --n 100000

Each command is relative to generators/: a program (by its extension, built like a
solution) and its arguments; it writes one test input to stdout and must be
deterministic (same arguments, same bytes). Generators take `--seed S` and size
parameters such as `--n N` (the convention `judge stress` and `judge bench` use).
A `/`-rooted solution path is relative to the repository (for our problems) or,
if not found there, to the package. Every test and group name is one plain file
name (TEST_NAME), so no generated test lands outside data/.
"""
from __future__ import annotations

import hashlib
import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from judge import sandbox
from judge.errors import PackageError
from judge.languages import CompileError, Program, prepare
from judge.package import Problem, read_yaml

GENERATOR_LIMITS = sandbox.Limits(cpu_s=60.0, memory_mib=4096, output_mib=1024)
MANIFEST = ".generated.json"  # in data/: what each generated test was built from
TEST_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")  # a test's or group's name: one file name, never `..`
TEST_NAME_RULE = "use letters, digits, '.', '_' and '-', starting with a letter or a digit"


def is_test_name(name: str) -> bool:
    """Whether `name` may name a test or a group: no separator, NUL, `..` or absolute path."""
    return TEST_NAME.fullmatch(name) is not None


@dataclass(frozen=True)
class GeneratedTest:
    name: str            # path below data/ without extension, e.g. "secret/20-random-01"
    command: tuple[str, ...]

    def input_path(self, problem: Problem) -> Path:
        return problem.path / "data" / f"{self.name}.in"


@dataclass
class GeneratorConfig:
    solution: Path | None
    tests: list[GeneratedTest]


def load_config(problem: Problem) -> GeneratorConfig | None:
    """The package's generators.yaml, or None when it has none."""
    path = problem.path / "generators" / "generators.yaml"
    if not path.is_file():
        return None
    config = read_yaml(path)
    tests: list[GeneratedTest] = []
    _collect(config.get("data") or {}, "", tests, path)
    solution = None
    if config.get("solution"):
        rel = str(config["solution"]).lstrip("/")
        for root in (problem.path.parent.parent, problem.path):
            if (root / rel).is_file():
                solution = root / rel
                break
        else:
            raise PackageError(f"{path}: solution {config['solution']} not found")
    return GeneratorConfig(solution, tests)


def _collect(node, prefix: str, out: list[GeneratedTest], where: Path) -> None:
    """Every test below `node` (a group's mapping), its name checked before anything is built."""
    if not isinstance(node, dict):
        raise PackageError(f"{where}: expected a mapping under {prefix or 'data'}")
    for key, value in node.items():
        if key == "data":
            _collect(value or {}, prefix, out, where)
            continue
        if isinstance(key, bool) or not isinstance(key, (str, int)) or not is_test_name(str(key)):
            raise PackageError(f"{where}: test or group name {key!r} under data/{prefix}: {TEST_NAME_RULE}")
        if isinstance(value, str):
            out.append(GeneratedTest(f"{prefix}{key}", tuple(shlex.split(value))))
        elif isinstance(value, dict):
            _collect(value, f"{prefix}{key}/", out, where)
        elif value is not None:
            raise PackageError(f"{where}: {prefix}{key}: expected a command or a group, got {value!r}")


_programs: dict[Path, Program] = {}


def program_for(path: Path) -> Program:
    """Build (once per process) a generator, validator or reference program."""
    if path not in _programs:
        try:
            _programs[path] = prepare(path)
        except CompileError as exc:
            raise PackageError(f"{path}: does not compile:\n{exc.message}") from None
    return _programs[path]


def run_generator(problem: Problem, command: tuple[str, ...]) -> bytes:
    """Run one generator command (relative to generators/) and return what it wrote."""
    if not command:
        raise PackageError(f"{problem.slug}: empty generator command")
    source = problem.path / "generators" / command[0]
    if not source.is_file():
        raise PackageError(f"{problem.slug}: generator {command[0]} not found in generators/")
    program = program_for(source)
    result = sandbox.run([*program.argv, *command[1:]], limits=GENERATOR_LIMITS, visible=(program.folder,))
    if result.status is not sandbox.Status.OK:
        tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise PackageError(f"{problem.slug}: generator `{' '.join(command)}` failed "
                           f"({result.describe_exit}, {result.status.value}) {tail[0][:200]}")
    return result.stdout


def reference_program(problem: Problem, source: Path) -> Program:
    from judge.judging import prepare_solution

    try:
        return prepare_solution(problem, source)
    except CompileError as exc:
        raise PackageError(f"{source}: does not compile:\n{exc.message}") from None


def run_reference(program: Program, input_path: Path, problem: Problem) -> bytes:
    limits = sandbox.Limits(cpu_s=max(10.0, 5 * problem.time_limit_s), memory_mib=max(problem.memory_mib, 1024),
                            output_mib=max(problem.output_mib, 64))
    result = sandbox.run(program.argv, limits=limits, stdin=input_path, visible=(program.folder,))
    if result.status is not sandbox.Status.OK:
        raise PackageError(f"{problem.slug}: the reference {program.source.name} failed on "
                           f"{input_path.name} ({result.describe_exit}, {result.status.value})")
    return result.stdout


def _fingerprint(command: tuple[str, ...], problem: Problem, solution: Path | None) -> str:
    digest = hashlib.sha256()
    digest.update("\0".join(command).encode())
    for path in (problem.path / "generators" / command[0], solution):
        if path is not None and path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def generate(problem: Problem, *, force: bool = False, on_test=None) -> dict[str, str]:
    """(Re)build every generated test whose generator, arguments or reference changed.
    Returns {test name: "written" | "up to date"}."""
    config = load_config(problem)
    if config is None:
        raise PackageError(f"{problem.slug}: no generators/generators.yaml to generate from")
    manifest_path = problem.path / "data" / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    except (OSError, ValueError):
        manifest = {}
    reference = reference_program(problem, config.solution) if config.solution else None
    outcome: dict[str, str] = {}
    for test in config.tests:
        key = _fingerprint(test.command, problem, config.solution)
        input_path = test.input_path(problem)
        answer_path = input_path.with_suffix(".ans")
        if not force and manifest.get(test.name) == key and input_path.is_file() and answer_path.is_file():
            outcome[test.name] = "up to date"
        else:
            data = run_generator(problem, test.command)
            input_path.parent.mkdir(parents=True, exist_ok=True)
            input_path.write_bytes(data)
            if reference is not None:
                answer_path.write_bytes(run_reference(reference, input_path, problem))
            manifest[test.name] = key
            outcome[test.name] = "written"
        if on_test:
            on_test(test.name, outcome[test.name])
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return outcome
